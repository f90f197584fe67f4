"""The scoring and protection rules shown on the Data and methods page.

The README's scoring section is the reference; this module reads it so that the page and
the README never disagree, and falls back to a summary when the section is not there.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.i18n import N_

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
- **Case records.** A case counts once in the case counts, and once for each technology
  and each stage it involves in the modus operandi trends.
"""


#: Words of the release plan (etl/reference/release_plan.csv) the methods page shows.
RELEASE_WORDS = (
    N_("by country"),
    N_("all countries"),
    N_("year totals"),
    N_("Recorded cases per year, country and exploitation type"),
    N_("Victims in recorded cases per year, country and exploitation type"),
    N_("Cases with online recruitment per year, country and exploitation type"),
    N_("Victims by sex per year and country"),
    N_("Victims by age group per year and country"),
    N_("Cases using a technology at any stage, per year and country"),
    N_("Cases using technology at a stage of the process, per year and country"),
    N_("Cases using a technology at a stage, per year, all countries together"),
    N_("Cases showing a modus operandi, per year, all countries together"),
)

#: The French versions of the sections, under the same headings.
FRENCH = Path(__file__).resolve().parent / "locales" / "fr" / "methods.md"


def _french(heading: str) -> str:
    """A section of the French methods text, by its heading."""
    text = FRENCH.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def scoring_rules(readme: Path = README, lang: str = "en") -> str:
    """The README's section whose heading mentions scoring (or its French version), or the
    fallback summary."""
    if lang == "fr" and _french("Scoring rules"):
        return _french("Scoring rules")
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


def protection_rules(threshold: int, lang: str = "en") -> str:
    """How counts of cases and victims are protected, in words a policymaker follows.

    >>> "<5" in protection_rules(5), "<5" in protection_rules(5, "fr")
    (True, True)
    """
    if lang == "fr":
        return _french("Protection").format(last=threshold - 1, threshold=threshold)
    return f"""\
Every count of cases or victims on these pages comes from one **protected release**, computed
once when the warehouse is built from the exact case records. A little random noise (usually a
case or two up or down) is added once to every published count: cases and victims per year,
country and exploitation type; victims by sex and age; cases by technology, by stage, by
technology at each stage, and by modus operandi. The cells are then made whole numbers, never
negative, and adding up: the countries of a year add up to the all-countries figure.

Every other figure (totals over several countries or years, shares, means, growth rates) is
computed from those cells only. The same count always carries the same noise, so comparing
views, choosing countries one at a time or together, or downloading everything gives back
nothing more than the published cells: no true count can be worked out by subtraction. The
exact records never reach the dashboard; they stay in a private file that only the data
stewards' tools open.

**The guarantee** is differential privacy, the method of the US 2020 Census and of CTDC's 2024
release: whether any one victim is in the records changes the chance of seeing these figures
by a bounded factor (stated below as rho, and as epsilon at a given delta). In practice, an
attacker who combines every published figure cannot recover a small count exactly more often
than the bound shown below, and the tests try.

**What it costs:** a published count can be off by a few cases, which matters for small counts
and not for large ones (see the table). So counts from 1 to {threshold - 1} read **<{threshold}**:
at that size the noise is as large as the count. Zero is shown. No share is given for fewer than
{threshold} cases, and no growth rate unless both periods have at least {threshold}. The threshold is
set with the environment variable `THB_SUPPRESSION_THRESHOLD` (default 5).

**Rebuilds:** when the warehouse is rebuilt, a count whose records did not change keeps its
noise (averaging two releases gains nothing); a changed count gets fresh noise, and the number
of draws is counted (`max_draws`).

**Official series** (UNODC GLOTIP) are shown as their publisher made them, with the publisher's
own `<5`. **CTDC** data were protected by their publisher (k-anonymised records, or
differentially private synthetic data) and are shown as published, with no further noise.
Severity and training scores are ratings, not counts, and are shown as computed.
"""


def protection_costs(readme: Path = README, lang: str = "en") -> str:
    """The README's table of what the protection costs (or its French version), or an empty string."""
    if lang == "fr":
        return _french("What the protection costs")
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return ""
    match = re.search(
        r"^#{2,4} What the protection costs\n(.*?)(?=^#{1,4} |\Z)",
        text,
        flags=re.MULTILINE | re.DOTALL,
    )
    return match.group(1).strip() if match else ""
