"""Data and methods: sources, vintages, loads, codebook, rules, and every public relation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import filters, i18n, methods_text, ui, urlstate
from app.disclosure import display_frame, mark_small
from app.export import SYNTHETIC_MARK, to_csv, to_xlsx
from app.queries import Provenance, cases, meta, reference

ctx = ui.context()
_ = ui.tr(ctx)
lab = ui.labels(ctx)
filters.current(ctx)  # draws the sidebar when the page runs without the router
ui.page_header(
    ctx, "methods", _("Where the figures come from, how they are computed, and how victims are protected.")
)
status = reference.synthetic_status(ctx.wh)


def show(frame: pd.DataFrame, columns: dict[str, ui.Column], key: str) -> None:
    ui.table(ui.present(frame, columns, lab, ctx.threshold, ctx.lang), key)


SOURCE, KIND = ui.Column(_("Source")), ui.Column(_("Kind"))
SYNTHETIC = ui.Column(_("Synthetic"), "yesno")

st.subheader(_("Synthetic data"))
if status["waves"] or status["sources"]:
    st.markdown(
        _(
            "Some of the loaded data are **synthetic**: invented to demonstrate the dashboard, shaped "
            "like the real questionnaire and case files, and calibrated on the headline figures the "
            "2022 study published. They are not any country's answers or cases. Every page says so at "
            "the top, every chart's caption names its data, and every download carries the line "
            '"{mark}".'
        ).format(mark=SYNTHETIC_MARK)
        + "\n\n"
        + _("Synthetic waves: {waves}. Synthetic sources: {sources}.").format(
            waves=", ".join(status["waves"]) or _("none"), sources=", ".join(status["sources"]) or _("none")
        )
    )
else:
    st.markdown(_("All loaded data are declared real by their sources; none is synthetic."))

st.subheader(_("Sources and vintages"))
show(
    reference.sources(ctx.wh),
    {
        "family": KIND,
        "source": SOURCE,
        "vintage": ui.Column(_("Vintage")),
        "is_synthetic": SYNTHETIC,
        "rows": ui.Column(_("Records (cases: the protected count)"), "number"),
        "first_year": ui.Column(_("From")),
        "last_year": ui.Column(_("To")),
    },
    "methods_sources",
)
show(
    reference.waves(ctx.wh),
    {
        "label": ui.Column(_("Questionnaire wave")),
        "fieldwork": ui.Column(_("Fieldwork")),
        "is_synthetic": SYNTHETIC,
        "n_states": ui.Column(_("States"), "number"),
        "n_ngos": ui.Column(_("NGOs"), "number"),
        "n_companies": ui.Column(_("Companies"), "number"),
        "source": ui.Column(_("About")),
    },
    "methods_waves",
)

st.subheader(_("This build"))
info = meta.build_info(ctx.wh)
if not info.empty:
    built = info.iloc[0]
    st.markdown(
        _(
            "Built {date} (build `{build}`) from the source folder `{folder}`; schema version {version}."
        ).format(
            date=i18n.date(built["built_at"].date(), ctx.lang),
            build=built["build_id"],
            folder=built["source_dir"],
            version=int(built["schema_version"]),
        )
    )
st.markdown("**" + _("Files loaded") + "**")
show(
    meta.loads(ctx.wh),
    {
        "file": ui.Column(_("File")),
        "sheet": ui.Column(_("Sheet")),
        "family": KIND,
        "rows_read": ui.Column(_("Rows read"), "number"),
        "rows_loaded": ui.Column(_("Rows loaded"), "number"),
        "rows_rejected": ui.Column(_("Rows rejected"), "number"),
        "outcome": ui.Column(_("Outcome")),
        "message": ui.Column(_("Note")),
    },
    "methods_loads",
)
st.caption(
    _(
        "The number of rows of a protected case file is not published: one file per country would "
        "give its exact count."
    )
)
total, problems = meta.problems(ctx.wh)
listed = _(" (the first {n} are listed)").format(n=i18n.number(len(problems), ctx.lang))
st.markdown(
    _("**Rows rejected or quarantined:** {total}").format(total=i18n.number(total, ctx.lang))
    + (listed if total > len(problems) else "")
)
if total:
    show(
        problems,
        {
            "file": ui.Column(_("File")),
            "sheet": ui.Column(_("Sheet")),
            "row": ui.Column(_("Row"), "number"),
            "column": ui.Column(_("Column")),
            "expected": ui.Column(_("Expected")),
            "severity": ui.Column(_("Severity")),
        },
        "methods_problems",
    )

st.subheader(_("What imported public sources can show"))
st.markdown(
    _(
        "CTDC victim records are aggregated on load and never shown row by row. They count victims, "
        "not cases, and record no technology, so they cannot fill the modus operandi views:"
    )
)
show(
    reference.source_coverage(ctx.wh),
    {
        "source_family": SOURCE,
        "measure": ui.Column(_("Measure")),
        "fills": ui.Column(_("Can fill it")),
        "how": ui.Column(_("How")),
    },
    "methods_coverage",
)

st.subheader(_("Scoring rules"))
st.markdown(methods_text.scoring_rules(lang=ctx.lang))

st.subheader(_("How counts of cases and victims are protected"))
st.markdown(methods_text.protection_rules(ctx.threshold, ctx.lang))
protected = cases.sources(ctx.wh)
if not protected.empty:
    st.markdown("**" + _("Sources of case records and their protection") + "**")
    protected = protected.assign(
        method=[cases.protection(ctx.wh, s, ctx.lang) for s in protected["source"]],
        exact_recovery_bound=protected["exact_recovery_bound"] * 100,
    )
    show(
        protected,
        {
            "source": SOURCE,
            "method": ui.Column(_("Protection")),
            "rho": ui.Column(_("rho (per victim)")),
            "epsilon": ui.Column(_("epsilon")),
            "delta": ui.Column(_("delta")),
            "exact_recovery_bound": ui.Column(_("Most often a count can be guessed exactly (%)"), "percent"),
            "max_draws": ui.Column(_("Draws of noise per count, at most"), "number"),
        },
        "methods_protection",
    )
    st.markdown("**" + _("The published tables and the noise of each") + "**")
    plan = meta.release_plan(ctx.wh)
    show(
        plan.assign(description=plan["description"].map(_), level=plan["level"].map(_)),
        {
            "description": ui.Column(_("Table")),
            "level": ui.Column(_("Level")),
            "sigma": ui.Column(_("Noise (standard deviation, cases)")),
            "max_contributions": ui.Column(_("Cells one case can count in, at most"), "number"),
            "rho": ui.Column(_("rho spent")),
            "relation": ui.Column(_("Relation")),
        },
        "methods_plan",
    )
costs = methods_text.protection_costs(lang=ctx.lang)
if costs:
    st.markdown("**" + _("What the protection costs") + "**")
    st.markdown(costs)

st.subheader(_("Codebook"))
vocab_names = sorted(reference.labels(ctx.wh))
vocabulary = urlstate.selectbox(
    _("Vocabulary"),
    ["all", *vocab_names],
    key="methods_vocab",
    default="all",
    format_func=lambda v: _("All vocabularies") if v == "all" else v,
)
show(
    meta.codebook(ctx.wh, None if vocabulary == "all" else vocabulary),
    {
        "vocabulary": ui.Column(_("Vocabulary")),
        "code": ui.Column(_("Code")),
        "lang": ui.Column(_("Language")),
        "label": ui.Column(_("Label")),
    },
    "methods_codebook",
)

st.subheader(_("Download the data"))
st.markdown(
    _(
        "Every public relation of the warehouse (schema `marts`), as the dashboard reads it: counts of "
        "cases and victims from the protected release, those from 1 to {last} reading <{threshold}. "
        "Column meanings are in `docs/warehouse.md`."
    ).format(last=ctx.threshold - 1, threshold=ctx.threshold)
)
relation = urlstate.selectbox(
    _("Relation"), list(meta.PUBLIC_RELATIONS), key="methods_relation", default="case_counts"
)
rows = meta.relation_size(ctx.wh, relation)
st.caption(_("`marts.{relation}`: {rows} rows.").format(relation=relation, rows=i18n.number(rows, ctx.lang)))
default_source = cases.default_source(ctx.wh)
header = ui.export_header(
    ctx,
    f"marts.{relation}",
    Provenance(
        source=_("THB dashboard warehouse (see the sources table)"),
        synthetic=bool(status["waves"] or status["sources"]),
        protection=cases.protection(ctx.wh, default_source, ctx.lang)
        if relation in meta.COUNT_COLUMNS and default_source
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
    _("Download {relation} (CSV)").format(relation=relation),
    lambda: to_csv(_full(), header),
    file_name=f"{relation}.csv",
    mime="text/csv",
    key="methods_dl_csv",
    on_click="ignore",
    icon=":material/download:",
)
if rows <= 1_000_000:  # Excel's sheet limit is 1,048,576 rows
    d2.download_button(
        _("Download {relation} (Excel)").format(relation=relation),
        lambda: to_xlsx(_full(), header, relation),
        file_name=f"{relation}.xlsx",
        key="methods_dl_xlsx",
        on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )
st.caption(_("The first 200 rows, with the column names `docs/warehouse.md` documents:"))
st.dataframe(
    _shown(meta.public_relation(ctx.wh, relation, limit=200)),
    hide_index=True,
    width="stretch",
    key="methods_preview",
)
