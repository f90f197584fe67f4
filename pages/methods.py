"""Data and methods: sources, vintages, loads, codebook, rules, and every public relation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import filters, methods_text, ui, urlstate
from app.disclosure import display_frame, mark_small
from app.export import SYNTHETIC_MARK, to_csv, to_xlsx
from app.queries import Provenance, cases, meta, reference

ctx = ui.context()
lab = ui.labels(ctx)
filters.current(ctx)  # draws the sidebar when the page runs without the router
ui.page_header(
    ctx, "methods", "Where the figures come from, how they are computed, and how victims are protected."
)
status = reference.synthetic_status(ctx.wh)


def show(frame: pd.DataFrame, columns: dict[str, ui.Column], key: str) -> None:
    ui.table(ui.present(frame, columns, lab, ctx.threshold), key)


st.subheader("Synthetic data")
if status["waves"] or status["sources"]:
    st.markdown(
        "Some of the loaded data are **synthetic**: invented to demonstrate the dashboard, "
        "shaped like the real questionnaire and case files, and calibrated on the headline "
        "figures the 2022 study published. They are not any country's answers or cases. "
        "Every page says so at the top, every chart's caption names its data, and every download "
        f'carries the line "{SYNTHETIC_MARK}".\n\n'
        f"Synthetic waves: {', '.join(status['waves']) or 'none'}. "
        f"Synthetic sources: {', '.join(status['sources']) or 'none'}."
    )
else:
    st.markdown("All loaded data are declared real by their sources; none is synthetic.")

st.subheader("Sources and vintages")
show(
    reference.sources(ctx.wh),
    {
        "family": ui.Column("Kind"),
        "source": ui.Column("Source"),
        "vintage": ui.Column("Vintage"),
        "is_synthetic": ui.Column("Synthetic", "yesno"),
        "rows": ui.Column("Records (cases: the protected count)", "number"),
        "first_year": ui.Column("From"),
        "last_year": ui.Column("To"),
    },
    "methods_sources",
)
show(
    reference.waves(ctx.wh),
    {
        "label": ui.Column("Questionnaire wave"),
        "fieldwork": ui.Column("Fieldwork"),
        "is_synthetic": ui.Column("Synthetic", "yesno"),
        "n_states": ui.Column("States", "number"),
        "n_ngos": ui.Column("NGOs", "number"),
        "n_companies": ui.Column("Companies", "number"),
        "source": ui.Column("About"),
    },
    "methods_waves",
)

st.subheader("This build")
info = meta.build_info(ctx.wh)
if not info.empty:
    built = info.iloc[0]
    st.markdown(
        f"Built {str(built['built_at'])[:16]} (build `{built['build_id']}`) from the source folder "
        f"`{built['source_dir']}`; schema version {int(built['schema_version'])}."
    )
st.markdown("**Files loaded**")
show(
    meta.loads(ctx.wh),
    {
        "file": ui.Column("File"),
        "sheet": ui.Column("Sheet"),
        "family": ui.Column("Kind"),
        "rows_read": ui.Column("Rows read", "number"),
        "rows_loaded": ui.Column("Rows loaded", "number"),
        "rows_rejected": ui.Column("Rows rejected", "number"),
        "outcome": ui.Column("Outcome"),
        "message": ui.Column("Note"),
    },
    "methods_loads",
)
st.caption(
    "The number of rows of a protected case file is not published: one file per country "
    "would give its exact count."
)
total, problems = meta.problems(ctx.wh)
st.markdown(
    f"**Rows rejected or quarantined:** {total:,}"
    + (f" (the first {len(problems):,} are listed)" if total > len(problems) else "")
)
if total:
    show(
        problems,
        {
            "file": ui.Column("File"),
            "sheet": ui.Column("Sheet"),
            "row": ui.Column("Row", "number"),
            "column": ui.Column("Column"),
            "expected": ui.Column("Expected"),
            "severity": ui.Column("Severity"),
        },
        "methods_problems",
    )

st.subheader("What imported public sources can show")
st.markdown(
    "CTDC victim records are aggregated on load and never shown row by row. They count "
    "victims, not cases, and record no technology, so they cannot fill the modus operandi views:"
)
show(
    reference.source_coverage(ctx.wh),
    {
        "source_family": ui.Column("Source"),
        "measure": ui.Column("Measure"),
        "fills": ui.Column("Can fill it"),
        "how": ui.Column("How"),
    },
    "methods_coverage",
)

st.subheader("Scoring rules")
st.markdown(methods_text.scoring_rules())

st.subheader("How counts of cases and victims are protected")
st.markdown(methods_text.protection_rules(ctx.threshold))
protected = cases.sources(ctx.wh)
if not protected.empty:
    st.markdown("**Sources of case records and their protection**")
    show(
        protected.assign(exact_recovery_bound=protected["exact_recovery_bound"] * 100),
        {
            "source": ui.Column("Source"),
            "protection": ui.Column("Protection"),
            "method": ui.Column("Method"),
            "rho": ui.Column("rho (per victim)"),
            "epsilon": ui.Column("epsilon"),
            "delta": ui.Column("delta"),
            "exact_recovery_bound": ui.Column("Most often a count can be guessed exactly (%)", "percent"),
            "max_draws": ui.Column("Draws of noise per count, at most", "number"),
        },
        "methods_protection",
    )
    st.markdown("**The published tables and the noise of each**")
    show(
        meta.release_plan(ctx.wh),
        {
            "description": ui.Column("Table"),
            "level": ui.Column("Level"),
            "sigma": ui.Column("Noise (standard deviation, cases)"),
            "max_contributions": ui.Column("Cells one case can count in, at most", "number"),
            "rho": ui.Column("rho spent"),
            "relation": ui.Column("Relation"),
        },
        "methods_plan",
    )
costs = methods_text.protection_costs()
if costs:
    st.markdown("**What the protection costs**")
    st.markdown(costs)

st.subheader("Codebook")
vocab_names = sorted(reference.labels(ctx.wh))
vocabulary = urlstate.selectbox(
    "Vocabulary",
    ["all", *vocab_names],
    key="methods_vocab",
    default="all",
    format_func=lambda v: "All vocabularies" if v == "all" else v,
)
st.dataframe(
    meta.codebook(ctx.wh, None if vocabulary == "all" else vocabulary),
    hide_index=True,
    width="stretch",
    key="methods_codebook",
)

st.subheader("Download the data")
st.markdown(
    "Every public relation of the warehouse (schema `marts`), as the dashboard reads it: "
    f"counts of cases and victims from the protected release, those from 1 to {ctx.threshold - 1} "
    f"reading <{ctx.threshold}. Column meanings are in `docs/warehouse.md`."
)
relation = urlstate.selectbox(
    "Relation", list(meta.PUBLIC_RELATIONS), key="methods_relation", default="case_counts"
)
rows = meta.relation_size(ctx.wh, relation)
st.caption(f"`marts.{relation}`: {rows:,} rows.")
header = ui.export_header(
    ctx,
    f"marts.{relation}",
    Provenance(
        source="THB dashboard warehouse (see the sources table)",
        synthetic=bool(status["waves"] or status["sources"]),
        protection=cases.protection(ctx.wh, cases.default_source(ctx.wh) or "")
        if relation in meta.COUNT_COLUMNS
        else None,
        filters=(("relation", relation),),
    ),
)


def _shown(frame: pd.DataFrame, name: str = relation) -> pd.DataFrame:
    return display_frame(mark_small(frame, meta.COUNT_COLUMNS.get(name, ()), ctx.threshold), ctx.threshold)


def _full(name: str = relation) -> pd.DataFrame:
    """The whole relation as shown; built only when a download is clicked."""
    return _shown(meta.public_relation(ctx.wh, name), name)


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
st.caption("The first 200 rows, with the column names `docs/warehouse.md` documents:")
st.dataframe(
    _shown(meta.public_relation(ctx.wh, relation, limit=200)),
    hide_index=True,
    width="stretch",
    key="methods_preview",
)
