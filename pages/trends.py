"""Modus operandi trends: cases and victims over time by technology, stage and exploitation type."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import charts, filters, ui, urlstate
from app.disclosure import mark_small
from app.queries import cases, reference, series

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx, "trends", "How recorded cases use technology at each stage of the trafficking process, over time."
)
scope = ui.scope_of(lab, shared.countries)
source = ui.case_source(ctx, "trends_source")
DIMENSIONS = {
    "technology": "Technology",
    "stage": "Stage of the process",
    "exploitation_type": "Exploitation type",
    "modus_operandi": "Modus operandi",
}
MEASURES = {"cases": "Cases", "victims": "Victims"}


def per_country_rate(frame, value: str):
    """``value`` per 100,000 inhabitants, per country and year."""
    return reference.per_100k(ctx.wh, frame, value).round(2)


if source is None:
    st.info("No case records are loaded.")
else:
    # ---- cases and victims by category
    left, mid, right = st.columns(3)
    with left:
        dimension = urlstate.selectbox(
            "Break down by",
            list(DIMENSIONS),
            key="trends_dim",
            default="technology",
            format_func=DIMENSIONS.get,
        )
    # victims are published by exploitation type only: a case's victims are not split by technology
    measures = ["cases", "victims"] if dimension == "exploitation_type" else ["cases"]
    with mid:
        measure = urlstate.selectbox(
            "Count", measures, key="trends_measure", default="cases", format_func=MEASURES.get
        )
    stage = None
    if dimension == "technology":
        with right:
            picked = urlstate.selectbox(
                "Stage",
                ["all", *lab.by_vocabulary.get("stage", {})],
                key="trends_stage",
                default="all",
                format_func=lambda c: "Any stage" if c == "all" else lab.of("stage")(c),
            )
        stage = None if picked == "all" else picked
    found = cases.breakdown(ctx.wh, source, dimension, measure, shared.countries, stage)
    if shared.countries and (stage is not None or dimension == "modus_operandi"):
        st.info(
            "This breakdown is published for all countries together only: clear the countries "
            "in the sidebar to see it."
        )
    lines, folded = charts.top_groups(found.frame, group="category", value="value")
    trend = mark_small(lines, ["value"], ctx.threshold)
    at_stage = f" at the {lab.of('stage')(stage).lower()} stage" if stage else ""
    title = (
        f"{MEASURES[measure]} by {DIMENSIONS[dimension].lower()}{at_stage}, {scope}, "
        f"{found.provenance.period} (number per year)"
    )
    label = lab.of(dimension)
    ui.chart_block(
        ctx,
        lambda: charts.line_chart(
            trend,
            x="year",
            y="value",
            group="category",
            threshold=ctx.threshold,
            y_title=measure,
            label=label,
        ),
        trend.assign(
            category=trend["category"].map(lambda c: "All others" if c == charts.OTHERS else label(c))
        ),
        key="trends_mo",
        title=title,
        provenance=found.provenance,
        columns={
            "year": ui.Column("Year", "text"),
            "category": ui.Column(DIMENSIONS[dimension]),
            "value": ui.Column(MEASURES[measure], "count"),
        },
        alt=f"Line chart: {title}. One line per {DIMENSIONS[dimension].lower()}.",
        caption=(
            f'The {charts.MAX_LINES - 1} largest, and the other {folded} added up as "All others". '
            if folded
            else ""
        )
        + (
            "A case using several technologies, stages or modi operandi counts once for each. "
            if dimension != "exploitation_type"
            else ""
        ),
    )

    # ---- the chosen countries, one line each
    if shared.countries:
        st.subheader("Recorded cases in each chosen country")
        per = urlstate.selectbox(
            "Show",
            ["count", "rate"],
            key="trends_per",
            default="count",
            format_func={"count": "Number of cases", "rate": "Cases per 100,000 inhabitants"}.get,
        )
        each = cases.by_country_year(ctx.wh, source, shared.countries)
        frame = each.frame
        provenance = each.provenance
        if per == "rate":
            frame = frame.assign(value=per_country_rate(frame, "value"))
            provenance = replace(
                provenance, source=f"{provenance.source}; population: {reference.population_source(ctx.wh)}"
            )
            unit, column = "per 100,000 inhabitants", ui.Column("Cases per 100,000 inhabitants", "rate")
        else:
            frame = mark_small(frame, ["value"], ctx.threshold)
            unit, column = "number per year", ui.Column("Cases", "count")
        c_title = f"Recorded cases, {scope}, {provenance.period} ({unit})"
        ui.chart_block(
            ctx,
            lambda: charts.line_chart(
                frame,
                x="year",
                y="value",
                group="country_iso3",
                threshold=ctx.threshold,
                y_title="cases" if per == "count" else "per 100,000",
                label=lab.country,
                digits=0 if per == "count" else 2,
            ),
            frame,
            key="trends_countries",
            title=c_title,
            provenance=provenance,
            columns={
                "year": ui.Column("Year"),
                "country_iso3": ui.Column("Country", "country"),
                "value": column,
            },
            alt=f"Line chart: {c_title}. One line per chosen country.",
        )

    # ---- online recruitment
    st.subheader("Share of cases recruited online")
    share = cases.online_share(
        ctx.wh, source, ctx.threshold, shared.countries, per_country=bool(shared.countries)
    )
    share_frame = mark_small(share.frame, ["cases", "cases_online_recruitment"], ctx.threshold)
    share_title = f"Cases recruited online, {scope}, {share.provenance.period} (% of recorded cases)"
    ui.chart_block(
        ctx,
        lambda: charts.online_share_chart(share_frame, share_title, ctx.threshold, label=lab.country),
        share_frame,
        key="trends_online",
        title=share_title,
        provenance=share.provenance,
        columns={
            "year": ui.Column("Year"),
            "country_iso3": ui.Column("Country", "country"),
            "cases": ui.Column("Recorded cases", "count"),
            "cases_online_recruitment": ui.Column("Recruited online", "count"),
            "share_pct": ui.Column("Share recruited online (%)", "percent"),
        },
        alt=f"Line chart: {share_title}.",
        caption=f"No share is given for a year with fewer than {ctx.threshold} cases.",
    )

    # ---- fastest-rising technologies
    st.subheader("Fastest-rising technologies")
    rising = cases.rising_technologies(ctx.wh, source, ctx.threshold, shared.countries, stage)
    rising_frame = rising.frame
    if not rising_frame.empty:
        r = rising_frame.iloc[0]
        st.markdown(
            f"Compound annual growth of cases between the three years {int(r['early_from'])}-"
            f"{int(r['early_to'])} and the three years {int(r['late_from'])}-{int(r['late_to'])}: "
            f"(late / early)^(1/3) - 1, in % a year. Only technologies with at least {ctx.threshold} "
            "cases in both periods are ranked."
        )
    ranked = rising_frame.dropna(subset=["growth_pct_per_year"])
    rise_title = f"Growth of cases per technology{at_stage}, {scope}, {rising.provenance.period} (% a year)"
    ui.chart_block(
        ctx,
        lambda: (
            charts.bar_chart(
                ranked,
                category="technology",
                value="growth_pct_per_year",
                title="",
                threshold=ctx.threshold,
                value_title="% a year",
                label=lab.of("technology"),
                digits=1,
            )
            if not ranked.empty
            else None
        ),
        rising_frame,
        key="trends_rising",
        title=rise_title,
        provenance=rising.provenance,
        columns={
            "technology": ui.Column("Technology", "code", "technology"),
            "early_cases": ui.Column("Cases, early period", "count"),
            "late_cases": ui.Column("Cases, late period", "count"),
            "growth_pct_per_year": ui.Column("Growth (% a year)", "percent"),
        },
        alt=f"Bar chart ranking technologies by growth: {rise_title}.",
    )

# ---- official trend series
st.subheader("Trend series from official statistics")
indicators = series.indicators(ctx.wh)
if indicators:
    left, mid, right = st.columns(3)
    with left:
        indicator = urlstate.selectbox(
            "Indicator",
            indicators,
            key="trends_indicator",
            default="detected_victims" if "detected_victims" in indicators else indicators[0],
            format_func=lab.of("indicator"),
        )
    available = series.sources(ctx.wh, indicator)
    with mid:
        series_source = urlstate.selectbox(
            "Source", available, key="trends_series_source", default=available[0]
        )
    with right:
        s_per = urlstate.selectbox(
            "Show",
            ["count", "rate"],
            key="trends_series_per",
            default="count",
            format_func={"count": "Numbers", "rate": "Per 100,000 inhabitants"}.get,
        )
    found_series = series.trend(ctx.wh, shared.countries, indicator, series_source)
    s_frame = found_series.frame
    s_provenance = found_series.provenance
    if s_per == "rate":
        s_frame = s_frame.assign(value=per_country_rate(s_frame, "value"))
        s_provenance = replace(
            s_provenance, source=f"{s_provenance.source}; population: {reference.population_source(ctx.wh)}"
        )
    # one line per chosen country; with none chosen, the eight largest in the latest year
    s_lines, s_left = charts.top_groups(
        s_frame[s_frame["year"] == s_frame["year"].max()] if not s_frame.empty else s_frame,
        group="country_iso3",
        value="value",
        combine=False,
    )
    s_frame = s_frame[s_frame["country_iso3"].isin(s_lines["country_iso3"])] if s_left else s_frame
    if s_per == "count":
        s_frame = mark_small(s_frame, ["value"], ctx.threshold)
    unit = "per 100,000 inhabitants" if s_per == "rate" else "number per year"
    s_title = f"{lab.of('indicator')(indicator)}, {scope}, {s_provenance.period or 'no years'} ({unit})"
    ui.chart_block(
        ctx,
        lambda: charts.line_chart(
            s_frame,
            x="year",
            y="value",
            group="country_iso3",
            threshold=ctx.threshold,
            y_title=unit,
            label=lab.country,
            digits=0 if s_per == "count" else 2,
        ),
        s_frame,
        key="trends_series",
        title=s_title,
        provenance=s_provenance,
        columns={
            "year": ui.Column("Year"),
            "country_iso3": ui.Column("Country", "country"),
            "value": ui.Column(lab.of("indicator")(indicator), "count" if s_per == "count" else "rate"),
            "status": ui.Column("Status", "code", "series_status"),
        },
        alt=f"Line chart: {s_title}. One line per country.",
        caption=(
            f"The {charts.MAX_LINES} countries with the largest values in the latest year; choose "
            f"countries in the sidebar to see others ({s_left} more). "
            if s_left
            else ""
        )
        + "Totals over sex, age, exploitation type and citizenship; the latest vintage of each value.",
    )
else:
    st.info("No trend series are loaded.")
