"""Modus operandi trends: cases and victims over time by technology, stage and exploitation type."""

from __future__ import annotations

import streamlit as st

from app import charts, filters, queries, ui, urlstate
from app.suppression import rename_counts

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
cases_label = ui.data_label(ctx, "mo_trends")
synthetic = "SYNTHETIC" in cases_label

# ---- cases and victims by category
dim_names = {
    "technology": "Technology",
    "stage": "Stage of the process",
    "exploitation_type": "Exploitation type",
}
left, mid, right = st.columns(3)
with left:
    dimension = urlstate.selectbox(
        "Break down by",
        list(queries.TREND_DIMENSIONS),
        key="trends_dim",
        default="technology",
        format_func=dim_names.get,
    )
with mid:
    measure = urlstate.selectbox(
        "Count",
        list(queries.TREND_MEASURES),
        key="trends_measure",
        default="cases",
        format_func=str.capitalize,
    )
with right:
    expl_codes = ["all", *lab.by_vocabulary.get("exploitation_type", {})]
    expl = urlstate.selectbox(
        "Exploitation type",
        expl_codes,
        key="trends_expl",
        default="all",
        format_func=lambda c: "All types" if c == "all" else lab.of("exploitation_type")(c),
    )
stage = None
if dimension == "technology":
    stage_codes = ["all", *lab.by_vocabulary.get("stage", {})]
    stage = urlstate.selectbox(
        "Stage",
        stage_codes,
        key="trends_stage",
        default="all",
        format_func=lambda c: "All stages" if c == "all" else lab.of("stage")(c),
    )
    stage = None if stage == "all" else stage
expl_value = None if expl == "all" else expl

trend = queries.mo_trend(ctx, shared.countries, dimension, measure, expl_value, stage)
source_label = ui.data_label(ctx, queries.TREND_DIMENSIONS[dimension])
title = f"{measure.capitalize()} by {dim_names[dimension].lower()}, {scope} - {source_label}"
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
    header=ui.export_header(
        ctx,
        title,
        source_label,
        synthetic=synthetic,
        filters={
            "countries": scope,
            "dimension": dimension,
            "exploitation type": expl,
            "stage": stage or "all",
        },
    ),
    alt=f"Line chart: {title}. One line per {dim_names[dimension].lower()}.",
    caption=(
        "A case using several technologies or stages counts once for each. "
        if dimension != "exploitation_type"
        else ""
    )
    + ui.suppression_note(ctx),
)

# ---- online recruitment
st.subheader("Share of cases with online recruitment")
share = queries.online_share(ctx, shared.countries)
share_label = ui.data_label(ctx, "case_summary")
share_title = f"Cases recruited online, % of recorded cases, {scope} - {share_label}"
ui.chart_block(
    ctx,
    lambda: charts.online_share_chart(share, share_title, ctx.threshold),
    share,
    key="trends_online",
    header=ui.export_header(ctx, share_title, share_label, synthetic=synthetic, filters={"countries": scope}),
    alt=f"Line chart: {share_title}.",
    caption="The share is withheld for a year whose cases or online-recruited cases are "
    "withheld. " + ui.suppression_note(ctx),
)

# ---- fastest-rising technologies
st.subheader("Fastest-rising technologies")
rising = queries.rising_technologies(ctx, shared.countries, stage)
if not rising.empty:
    r = rising.iloc[0]
    st.markdown(
        f"**Growth measure:** compound annual growth of cases between the three years "
        f"{int(r['early_from'])}-{int(r['early_to'])} and the three years "
        f"{int(r['late_from'])}-{int(r['late_to'])}: (late / early)^(1/3) - 1, as % per "
        f"year. Only technologies with at least {ctx.threshold} cases in both windows are "
        "ranked; the others have no growth figure."
    )
ranked = rising.dropna(subset=["growth_pct_per_year"])
rise_title = f"Growth of cases per technology, % per year, {scope} - {cases_label}"
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
    rising.assign(technology=rising["technology"].map(lab.of("technology"))),
    key="trends_rising",
    header=ui.export_header(
        ctx,
        rise_title,
        cases_label,
        synthetic=synthetic,
        filters={"countries": scope, "stage": stage or "all"},
    ),
    alt=f"Bar chart ranking technologies by growth: {rise_title}.",
)

# ---- official trend series
st.subheader("Trend series from official statistics")
indicators = queries.series_indicators(ctx)
if indicators:
    indicator = urlstate.selectbox(
        "Indicator",
        indicators,
        key="trends_indicator",
        default="detected_victims" if "detected_victims" in indicators else indicators[0],
        format_func=lab.of("indicator"),
    )
    available = queries.series_sources(ctx, indicator)
    source = urlstate.selectbox("Source", available, key="trends_series_source", default=available[0])
    series = queries.series_trend(ctx, shared.countries, indicator, source)
    synthetic_series = bool(series["is_synthetic"].any())
    sources = f"{source}{' - SYNTHETIC' if synthetic_series else ''}"
    s_title = f"{lab.of('indicator')(indicator)}, {scope} - {sources}"
    series = series.assign(country=series["country_iso3"].map(lab.country))
    ui.chart_block(
        ctx,
        lambda: charts.line_chart(
            series,
            x="year",
            y="value",
            group="country",
            title=s_title,
            threshold=ctx.threshold,
            y_title=lab.of("indicator")(indicator),
        ),
        series,
        key="trends_series",
        header=ui.export_header(
            ctx,
            s_title,
            source,
            synthetic=synthetic_series,
            filters={"countries": scope, "indicator": indicator, "source": source},
        ),
        alt=f"Line chart: {s_title}. One line per country.",
        caption="Totals over sex, age, exploitation type and citizenship; the latest vintage "
        "of each source. " + ui.suppression_note(ctx),
    )
else:
    st.info("No trend series are loaded.")
