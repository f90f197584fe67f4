"""Every page of the dashboard, declared once.

``dashboard.py`` builds its navigation from it, the link state knows each page's parameter
prefix from it, the sidebar shows only the filters a page uses, the Overview links to the
pages it lists, and the tests visit every page it names.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_


@dataclass(frozen=True)
class PageInfo:
    """One page: its file, where it is served, and what it uses."""

    key: str
    file: str
    title: str
    #: where Streamlit serves it; the default page is served at "/" only
    url_path: str
    section: str
    summary: str
    icon: str
    #: shared sidebar filters the page acts on ("wave", "countries")
    filters: tuple[str, ...] = ()
    default: bool = False

    @property
    def prefix(self) -> str:
        """The prefix of the page's own link parameters, e.g. ``trends_``."""
        return f"{self.key}_"


PAGES: tuple[PageInfo, ...] = (
    PageInfo(
        "overview",
        "pages/overview.py",
        N_("Overview"),
        "",
        N_("Explore"),
        N_("Key findings, headline figures and the map"),
        ":material/home:",
        ("wave", "countries"),
        default=True,
    ),
    PageInfo(
        "trends",
        "pages/trends.py",
        N_("Modus operandi trends"),
        "trends",
        N_("Explore"),
        N_("How recorded cases use technology, year by year"),
        ":material/trending_up:",
        ("countries",),
    ),
    PageInfo(
        "severity",
        "pages/severity.py",
        N_("Challenge severity"),
        "severity",
        N_("Explore"),
        N_("How severe States rate the challenges, wave against wave"),
        ":material/priority_high:",
        ("wave", "countries"),
    ),
    PageInfo(
        "training",
        "pages/training.py",
        N_("Training gaps"),
        "training",
        N_("Explore"),
        N_("Which audience needs which training, where: a plan"),
        ":material/school:",
        ("wave", "countries"),
    ),
    PageInfo(
        "compare",
        "pages/compare.py",
        N_("Compare countries"),
        "compare",
        N_("Countries"),
        N_("The sidebar's countries side by side, and what changed between waves"),
        ":material/compare_arrows:",
        ("wave", "countries"),
    ),
    PageInfo(
        "profile",
        "pages/profile.py",
        N_("Country profile"),
        "profile",
        N_("Countries"),
        N_("Everything about one country on one page"),
        ":material/flag:",
        ("wave", "countries"),
    ),
    PageInfo(
        "methods",
        "pages/methods.py",
        N_("Data and methods"),
        "methods",
        N_("Data"),
        N_("Sources, how figures are computed and protected, downloads"),
        ":material/menu_book:",
    ),
    PageInfo(
        "file_check",
        "pages/file_check.py",
        N_("Check a file"),
        "file-check",
        N_("Data"),
        N_("What the ETL would do with a file, before loading it"),
        ":material/fact_check:",
    ),
)


def by_file(file: str) -> PageInfo:
    """The page served from ``file`` (``pages/trends.py``)."""
    return next(p for p in PAGES if p.file == file)


def by_url_path(url_path: str) -> PageInfo | None:
    """The page served at ``url_path`` ("" for the default page), if any."""
    return next((p for p in PAGES if p.url_path == url_path), None)
