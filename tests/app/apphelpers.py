"""Helpers of the app tests: AppTest through dashboard.py and reading its charts."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app import registry

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard.py"

#: The pages a visitor browses (the file check has tests of its own).
PAGES = tuple(p.file for p in registry.PAGES if p.file != "pages/file_check.py")


def open_page(page: str, query_params: dict[str, str] | None = None) -> AppTest:
    """Run dashboard.py on ``page`` with ``query_params``, as if its URL had been opened."""
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60)
    at.query_params.update(query_params or {})
    if page != PAGES[0]:
        at.switch_page(page)
    return at.run()


def open_tables(at: AppTest, label: str = "Table") -> AppTest:
    """Switch every chart block to its Table tab and rerun, as a reader clicking each one.

    A block draws only its open tab, so a page's tables exist only after this.
    """
    views = [key for key in at.session_state if str(key).endswith("_view")]
    assert views, "the page has no chart block"
    for key in views:
        at.session_state[key] = label
    return at.run()


def charts(at: AppTest) -> dict[str, dict]:
    """The page's plotly figures by chart key (the part of the element id after the hash)."""
    out = {}
    for el in at.get("plotly_chart"):
        key = el.proto.id.rsplit("-", 1)[-1]
        out[key] = json.loads(el.proto.spec)
    return out


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
