"""Modus operandi trends: cases and victims over time by technology, stage and exploitation type."""

from __future__ import annotations

import streamlit as st

from app import charts, filters, ui, urlstate
from app.disclosure import mark_small, rename_counts
from app.queries import cases, series

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "Modus operandi trends",
    "trends_",
    "How recorded cases use technology at each stage of the trafficking process, over time.",
)
scope = ", ".join(lab.country(c) for c in shared.countries) or "all countries"
source = ui.case_source(ctx, "trends_source")

# ---- cases and victims by category
dim_names = {
    "technology": "Technology",
    "stage": "Stage of the process",
    "exploitation_type": "Exploitation type",
    "modus_operandi": "Modus operandi",
}
measure_names = {"cases": "Cases", "victims": "Victims"}
if source is None:
    st.info("No case records are loaded.")
else:
    left, mid, right = st.columns(3)
    with left:
        dimension = urlstate.selectbox(
            "Break down by",
            list(cases.DIMENSIONS),
            key="trends_dim",
            default="technology",
            format_func=dim_names.get,
        )
    # victims are published by exploitation type only: a case's victims are not split by technology
    measures = ["cases", "victims"] if dimension == "exploitation_type" else ["cases"]
    with mid:
        measure = urlstate.selectbox(
            "Count", measures, key="trends_measure", default="cases", format_func=measure_names.get
        )
    stage = None
    if dimension == "technology":
        with right:
            stage_codes = ["all", *lab.by_vocabulary.get("stage", {})]
            picked = urlstate.selectbox(
                "Stage",
                stage_codes,
                key="trends_stage",
                default="all",
                format_func=lambda c: "All stages" if c == "all" else lab.of("stage")(c),
            )
        stage = None if picked == "all" else picked
    table = cases.breakdown(ctx.wh, source, dimension, measure, shared.countries, stage)
    title = f"{measure_names[measure]} by {dim_names[dimension].lower()}, {scope}, {table.provenance.period}"
    if shared.countries and (stage is not None or dimension == "modus_operandi"):
        st.info(
            "This breakdown is published for all countries together only: clear the countries "
            "in the sidebar to see it."
        )
    trend = mark_small(table.frame, ["value"], ctx.threshold)
    ui.chart_block(
        ctx,
        lambda: charts.line_chart(
            trend,
            x="year",
            y="value",
            group="category",
            title=title,
            threshold=ctx.threshold,
            y_title=measure,
            label=lab.of(dimension),
        ),
        rename_counts(trend, {"value": measure}).assign(category=trend["category"].map(lab.of(dimension))),
        key="trends_mo",
        header=ui.export_header_for(ctx, title, table.provenance),
        alt=f"Line chart: {title}. One line per {dim_names[dimension].lower()}.",
        caption=(
            "A case using several technologies or stages counts once for each. "
            if dimension in ("technology", "stage", "modus_operandi")
            else ""
        )
        + ui.source_line(table.provenance),
    )

    # ---- online recruitment
    st.subheader("Share of cases with online recruitment")
    share = cases.online_share(ctx.wh, source, ctx.threshold, shared.countries)
    share_frame = mark_small(share.frame, ["cases", "cases_online_recruitment"], ctx.threshold)
    share_title = f"Cases recruited online, % of recorded cases, {scope}, {share.provenance.period}"
    ui.chart_block(
        ctx,
        lambda: charts.online_share_chart(share_frame, share_title, ctx.threshold),
        share_frame,
        key="trends_online",
        header=ui.export_header_for(ctx, share_title, share.provenance),
        alt=f"Line chart: {share_title}.",
        caption=f"No share is given for a year with fewer than {ctx.threshold} cases. "
        + ui.source_line(share.provenance),
    )

    # ---- fastest-rising technologies
    st.subheader("Fastest-rising technologies")
    rising = cases.rising_technologies(ctx.wh, source, ctx.threshold, shared.countries, stage)
    rising_frame = rising.frame
    if not rising_frame.empty:
        r = rising_frame.iloc[0]
        st.markdown(
            f"**Growth measure:** compound annual growth of cases between the three years "
            f"{int(r['early_from'])}-{int(r['early_to'])} and the three years "
            f"{int(r['late_from'])}-{int(r['late_to'])}: (late / early)^(1/3) - 1, as % per "
            f"year. Only technologies with at least {ctx.threshold} cases in both windows are "
            "ranked; the others have no growth figure."
        )
    ranked = rising_frame.dropna(subset=["growth_pct_per_year"])
    rise_title = f"Growth of cases per technology, % per year, {scope}, {rising.provenance.period}"
    ui.chart_block(
        ctx,
        lambda: (
            charts.bar_chart(
                ranked,
                category="technology",
                value="growth_pct_per_year",
                title=rise_title,
                threshold=ctx.threshold,
                value_title="% per year",
                label=lab.of("technology"),
                digits=1,
            )
            if not ranked.empty
            else None
        ),
        mark_small(rising_frame, ["early_cases", "late_cases"], ctx.threshold).assign(
            technology=rising_frame["technology"].map(lab.of("technology"))
        ),
        key="trends_rising",
        header=ui.export_header_for(ctx, rise_title, rising.provenance),
        alt=f"Bar chart ranking technologies by growth: {rise_title}.",
        caption=ui.source_line(rising.provenance),
    )

# ---- official trend series
st.subheader("Trend series from official statistics")
indicators = series.indicators(ctx.wh)
if indicators:
    indicator = urlstate.selectbox(
        "Indicator",
        indicators,
        key="trends_indicator",
        default="detected_victims" if "detected_victims" in indicators else indicators[0],
        format_func=lab.of("indicator"),
    )
    available = series.sources(ctx.wh, indicator)
    series_source = urlstate.selectbox("Source", available, key="trends_series_source", default=available[0])
    found = series.trend(ctx.wh, shared.countries, indicator, series_source)
    s_frame = mark_small(found.frame, ["value"], ctx.threshold)
    s_title = f"{lab.of('indicator')(indicator)}, {scope}, {found.provenance.period or 'no years'}"
    s_frame = s_frame.assign(country=s_frame["country_iso3"].map(lab.country))
    ui.chart_block(
        ctx,
        lambda: charts.line_chart(
            s_frame,
            x="year",
            y="value",
            group="country",
            title=s_title,
            threshold=ctx.threshold,
            y_title=lab.of("indicator")(indicator),
        ),
        s_frame,
        key="trends_series",
        header=ui.export_header_for(ctx, s_title, found.provenance),
        alt=f"Line chart: {s_title}. One line per country.",
        caption="Totals over sex, age, exploitation type and citizenship; the latest vintage "
        "of each source. " + ui.source_line(found.provenance),
    )
else:
    st.info("No trend series are loaded.")
