"""Entry point: page config, navigation, the shared sidebar, then the chosen page.

Run with ``streamlit run dashboard.py``. The warehouse is ``data/warehouse.duckdb`` or
``$THB_WAREHOUSE``; when it is missing it is built once from the demo data.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app import db, filters, routing, settings, ui
from etl.problems import EtlError

# no page icons: Streamlit turns the current page's icon into a favicon fetched from
# Google's servers, and the dashboard must work fully offline
st.set_page_config(
    page_title="Technology and human trafficking in Europe",
    layout="wide",
)

sections = {
    "Explore": [
        st.Page(
            "pages/overview.py",
            title="Overview",
            default=True,  # served at "/": Streamlit gives the default page no other path
        ),
        st.Page(
            "pages/trends.py",
            title="Modus operandi trends",
            url_path="trends",
        ),
        st.Page(
            "pages/severity.py",
            title="Challenge severity",
            url_path="severity",
        ),
        st.Page(
            "pages/training.py",
            title="Training gaps",
            url_path="training",
        ),
    ],
    "Countries": [
        st.Page(
            "pages/compare.py",
            title="Compare countries",
            url_path="compare",
        ),
        st.Page("pages/profile.py", title="Country profile", url_path="profile"),
    ],
    "Data": [
        st.Page(
            "pages/methods.py",
            title="Data and methods",
            url_path="methods",
        ),
    ],
}
if (Path(__file__).parent / "pages" / "file_check.py").exists():
    sections["Data"].append(
        st.Page(
            "pages/file_check.py",
            title="Check a file",
            url_path="file-check",
        )
    )
pg = st.navigation(sections)

warehouse = settings.warehouse_path()
if not warehouse.exists():
    with st.spinner(f"First start: building the warehouse from the demo data into {warehouse}..."):
        try:
            db.ensure_warehouse(warehouse, settings.DEFAULT_DEMO_SOURCE)
        except (EtlError, ImportError, OSError) as exc:  # shown, never a traceback
            st.error(f"Could not build the warehouse from {settings.DEFAULT_DEMO_SOURCE}: {exc}")
            st.stop()

try:
    ctx = ui.open_context()
except (ui.WarehouseUnavailable, settings.SettingsError) as exc:
    st.error(str(exc))
    st.stop()

with routing.routing():
    filters.sidebar(ctx)
    pg.run()
