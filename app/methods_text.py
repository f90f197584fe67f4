"""The scoring and suppression rules shown on the Data and methods page.

The README's scoring section is the reference; this module reads it so that the page and
the README never disagree, and falls back to a summary when the section is not there.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"

FALLBACK = """\
- **Ratings to 0-100.** Every rating is mapped linearly from its question's scale:
  `100 x (rating - scale minimum) / (scale maximum - scale minimum)`. "Don't know" answers
  carry no number and are counted apart.
- **Challenge severity.** One State's score per challenge; a challenge's figure is the mean
  over the States that rated it, with its standard deviation and the number of States.
  The 2022 study's published figures are shown beside the computed ones for comparison.
- **Training gap.** For each State, audience and area: provision and need on 0-100; the gap
  is the need that provision leaves uncovered, `need x (100 - provision) / 100`.
- **Strategies.** A strategy is in use when the State answered yes.
- **Case records.** A case counts once per technology and stage it involves in the
  modus operandi trends, and once in the case summary.
"""


def scoring_rules(readme: Path = README) -> str:
    """The README's section whose heading mentions scoring, or the fallback summary."""
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return FALLBACK
    match = re.search(
        r"^(#{2,3}) [^\n]*scor[^\n]*\n(.*?)(?=^#{1,3} |\Z)",
        text,
        flags=re.IGNORECASE | re.MULTILINE | re.DOTALL,
    )
    return match.group(2).strip() if match and match.group(2).strip() else FALLBACK


def suppression_rules(threshold: int) -> str:
    """How small counts are withheld, for the Data and methods page.

    >>> "<5" in suppression_rules(5)
    True
    """
    return f"""\
Counts of cases or victims from 1 to {threshold - 1} could point to identifiable victims, so
they are never shown: charts leave them out, and hover labels, tables, maps and downloads read
**<{threshold}**. Zero is shown. The threshold is set with the environment variable
`THB_SUPPRESSION_THRESHOLD` (default 5).

**Complementary suppression.** A withheld count must not be recoverable by subtraction. Where
counts add up to a total that is also shown (the exploitation types of a year and that year's
cases; the years of a chart and the headline total; the countries and the all-States figure;
female and male victims and all victims; a breakdown of a trend series and its total row),
and exactly one of them is withheld, the smallest other count of the same sum is withheld as
well (the total itself only when no other count is left). This is repeated until no sum has
exactly one withheld count. A total over chosen countries is withheld when any of them has
its own total withheld on the map, and a growth window's sum is withheld when exactly one of
its years is withheld.

A share is withheld when its numerator or denominator is. Severity and training scores are
ratings, not counts, and are shown as computed. Notes and error messages never repeat a
count of cases or victims.
"""
