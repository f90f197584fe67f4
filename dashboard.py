"""Entry point: page config, navigation, the shared sidebar, then the chosen page.

Run with ``streamlit run dashboard.py``. The warehouse is ``data/warehouse.duckdb`` or
``$THB_WAREHOUSE``; when it is missing it is built once from the demo data.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from app import db, filters, i18n, registry, routing, settings, ui
from etl.problems import EtlError

# no page icons: Streamlit turns the current page's icon into a favicon fetched from
# Google's servers, and the dashboard must work fully offline
st.set_page_config(
    page_title="Technology and human trafficking in Europe",
    layout="wide",
)

_ = i18n.translator(ui.current_language())
sections: dict[str, list[st.Page]] = {}
for page in registry.PAGES:
    if not (Path(__file__).parent / page.file).exists():
        continue  # an optional page (the file check) left out of a deployment
    sections.setdefault(_(page.section), []).append(
        st.Page(
            page.file,
            title=_(page.title),
            # Streamlit serves the default page at "/" and gives it no other path
            default=page.default,
            **({} if page.default else {"url_path": page.url_path}),
        )
    )
pg = st.navigation(sections)

warehouse = settings.warehouse_path()
if not warehouse.exists():
    with st.spinner(_("First start: building the warehouse from the demo data...")):
        try:
            db.ensure_warehouse(warehouse, settings.DEFAULT_DEMO_SOURCE)
        except (EtlError, ImportError, OSError) as exc:  # shown, never a traceback
            logging.getLogger(__name__).exception("building the demo warehouse failed")
            st.error(
                _(
                    "Could not build the warehouse from the demo data ({error}). A data steward "
                    "can build it with `python -m etl build`."
                ).format(error=type(exc).__name__)
            )
            st.stop()

try:
    ctx = ui.open_context()
except (ui.WarehouseUnavailable, settings.SettingsError) as exc:
    st.error(str(exc))
    st.stop()

with routing.routing():
    filters.sidebar(ctx, registry.by_url_path(pg.url_path))
    pg.run()
