"""Data and methods: sources, vintages, loads, codebook, rules, and every public relation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import filters, methods_text, queries, ui, urlstate
from app.export import SYNTHETIC_MARK, to_csv, to_xlsx
from app.suppression import display_frame

ctx = ui.context()
filters.current(ctx)  # draws the sidebar when the page runs without the router
ui.page_header(
    ctx,
    "Data and methods",
    "methods_",
    "Where the figures come from, how they are computed, and what is withheld.",
)
status = queries.synthetic_status(ctx)

st.subheader("Synthetic data")
if status["waves"] or status["sources"]:
    st.markdown(
        "Some of the loaded data are **synthetic**: invented to demonstrate the dashboard, "
        "shaped like the real questionnaire and case files, and calibrated on the headline "
        "figures the 2022 study published. They are not any country's answers or cases. "
        "Every page says so at the top, every chart names its data, and every download "
        f'carries the line "{SYNTHETIC_MARK}".\n\n'
        f"Synthetic waves: {', '.join(status['waves']) or 'none'}. "
        f"Synthetic sources: {', '.join(status['sources']) or 'none'}."
    )
else:
    st.markdown("All loaded data are declared real by their sources; none is synthetic.")

st.subheader("Sources and vintages")
st.dataframe(queries.sources(ctx), hide_index=True, width="stretch", key="methods_sources")
st.dataframe(queries.waves(ctx), hide_index=True, width="stretch", key="methods_waves")

st.subheader("This build")
st.dataframe(queries.build_info(ctx), hide_index=True, width="stretch", key="methods_build")
st.markdown("**Files loaded**")
st.dataframe(queries.loads(ctx), hide_index=True, width="stretch", key="methods_loads")
total, problems = queries.problems(ctx)
st.markdown(
    f"**Rows rejected or quarantined:** {total:,}"
    + (f" (the first {len(problems):,} are listed)" if total > len(problems) else "")
)
if total:
    st.dataframe(problems, hide_index=True, width="stretch", key="methods_problems")

st.subheader("What imported public sources can show")
st.markdown(
    "CTDC victim records are aggregated on load and never shown row by row. They count "
    "victims, not cases, and record no technology, so they cannot fill the modus operandi views:"
)
st.dataframe(queries.source_coverage(ctx), hide_index=True, width="stretch", key="methods_coverage")

st.subheader("Scoring rules")
st.markdown(methods_text.scoring_rules())

st.subheader("Suppression of small counts")
st.markdown(methods_text.suppression_rules(ctx.threshold))

st.subheader("Codebook")
vocab_names = sorted(queries.labels(ctx))
vocabulary = urlstate.selectbox(
    "Vocabulary",
    ["all", *vocab_names],
    key="methods_vocab",
    default="all",
    format_func=lambda v: "All vocabularies" if v == "all" else v,
)
st.dataframe(
    queries.codebook(ctx, None if vocabulary == "all" else vocabulary),
    hide_index=True,
    width="stretch",
    key="methods_codebook",
)

st.subheader("Download the data")
st.markdown(
    "Every public relation of the warehouse (schema `marts`), with small counts "
    "withheld. Column meanings are in `docs/warehouse.md`."
)
relation = urlstate.selectbox(
    "Relation", list(queries.PUBLIC_RELATIONS), key="methods_relation", default="case_summary"
)
rows = queries.relation_size(ctx, relation)
st.caption(f"`marts.{relation}`: {rows:,} rows.")
header = ui.export_header(
    ctx,
    f"marts.{relation}",
    "THB dashboard warehouse (see the sources table)",
    synthetic=bool(status["waves"] or status["sources"]),
    filters={"relation": relation},
)


def _full(name: str = relation) -> pd.DataFrame:
    """The whole relation, suppressed; built only when a download is clicked."""
    return display_frame(queries.public_relation(ctx, name), ctx.threshold)


d1, d2 = st.columns(2)
d1.download_button(
    f"Download {relation} (CSV)",
    lambda: to_csv(_full(), header),
    file_name=f"{relation}.csv",
    mime="text/csv",
    key="methods_dl_csv",
    on_click="ignore",
    icon=":material/download:",
)
if rows <= 1_000_000:  # Excel's sheet limit is 1,048,576 rows
    d2.download_button(
        f"Download {relation} (Excel)",
        lambda: to_xlsx(_full(), header, relation),
        file_name=f"{relation}.xlsx",
        key="methods_dl_xlsx",
        on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )
st.caption("The first 200 rows:")
st.dataframe(
    display_frame(queries.public_relation(ctx, relation, limit=200), ctx.threshold),
    hide_index=True,
    width="stretch",
    key="methods_preview",
)
