"""The scoring rules shown on the Data and methods page.

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
