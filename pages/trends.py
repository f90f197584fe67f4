"""Modus operandi trends: cases and victims over time by technology, stage and exploitation type."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import charts, filters, i18n, ui, urlstate
from app.disclosure import mark_small
from app.queries import Provenance, cases, reference, series

ctx = ui.context()
_ = ui.tr(ctx)
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx, "trends", _("How recorded cases use technology at each stage of the trafficking process, over time.")
)
scope = ui.scope_of(ctx, shared.countries)
source = ui.case_source(ctx, "trends_source")
DIMENSIONS = {
    "technology": _("Technology"),
    "stage": _("Stage of the process"),
    "exploitation_type": _("Exploitation type"),
    "modus_operandi": _("Modus operandi"),
}
MEASURES = {"cases": _("Cases"), "victims": _("Victims")}
SHOW = {"count": _("Number of cases"), "rate": _("Cases per 100,000 inhabitants")}
YEAR, COUNTRY = ui.Column(_("Year")), ui.Column(_("Country"), "country")
#: Most countries the ratings grid shows when none is chosen in the sidebar.
MAX_RATED = 20


def per_country_rate(frame, value: str):
    """``value`` per 100,000 inhabitants, per country and year."""
    return reference.per_100k(ctx.wh, frame, value).round(2)


def with_population(provenance: Provenance) -> Provenance:
    """The provenance of a rate: the counts' source and the population's."""
    return replace(
        provenance,
        source=_("{source}; population: {population}").format(
            source=provenance.source, population=reference.population_source(ctx.wh)
        ),
    )


def others(label):
    return lambda c: _("All others") if c == charts.OTHERS else label(c)


if source is None:
    st.info(_("No case records are loaded."))
else:
    # ---- cases and victims by category
    left, mid, right = st.columns(3)
    with left:
        dimension = urlstate.selectbox(
            _("Break down by"),
            list(DIMENSIONS),
            key="trends_dim",
            default="technology",
            format_func=DIMENSIONS.get,
        )
    # victims are published by exploitation type only: a case's victims are not split by technology
    measures = ["cases", "victims"] if dimension == "exploitation_type" else ["cases"]
    with mid:
        measure = urlstate.selectbox(
            _("Count"), measures, key="trends_measure", default="cases", format_func=MEASURES.get
        )
    stage = None
    if dimension == "technology":
        with right:
            picked = urlstate.selectbox(
                _("Stage"),
                ["all", *lab.by_vocabulary.get("stage", {})],
                key="trends_stage",
                default="all",
                format_func=lambda c: _("Any stage") if c == "all" else lab.of("stage")(c),
            )
        stage = None if picked == "all" else picked
    found = cases.breakdown(ctx.wh, source, dimension, measure, shared.countries, stage)
    if shared.countries and (stage is not None or dimension == "modus_operandi"):
        st.info(
            _(
                "This breakdown is published for all countries together only: clear the countries "
                "in the sidebar to see it."
            )
        )
    lines, folded = charts.top_groups(found.frame, group="category", value="value")
    trend = mark_small(lines, ["value"], ctx.threshold)
    at_stage = _(" at the {stage} stage").format(stage=lab.of("stage")(stage).lower()) if stage else ""
    title = _("{measure} by {dimension}{at_stage}, {scope}, {period} (number per year)").format(
        measure=MEASURES[measure],
        dimension=DIMENSIONS[dimension].lower(),
        at_stage=at_stage,
        scope=scope,
        period=found.provenance.period,
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
            y_title=MEASURES[measure].lower(),
            label=label,
            tr=_,
            lang=ctx.lang,
        ),
        trend.assign(category=trend["category"].map(others(label))),
        key="trends_mo",
        title=title,
        provenance=found.provenance,
        columns={
            "year": YEAR,
            "category": ui.Column(DIMENSIONS[dimension]),
            "value": ui.Column(MEASURES[measure], "count"),
        },
        alt=_("Line chart: {title}. One line per {dimension}.").format(
            title=title, dimension=DIMENSIONS[dimension].lower()
        ),
        caption=(
            _('The {kept} largest, and the other {folded} added up as "All others". ').format(
                kept=charts.MAX_LINES - 1, folded=folded
            )
            if folded
            else ""
        )
        + (
            _("A case using several technologies, stages or modi operandi counts once for each. ")
            if dimension != "exploitation_type"
            else ""
        ),
    )

    # ---- the chosen countries, one line each
    if shared.countries:
        st.subheader(_("Recorded cases in each chosen country"))
        per = urlstate.selectbox(
            _("Show"), list(SHOW), key="trends_per", default="count", format_func=SHOW.get
        )
        each = cases.by_country_year(ctx.wh, source, shared.countries)
        frame, provenance = each.frame, each.provenance
        if per == "rate":
            frame = frame.assign(value=per_country_rate(frame, "value"))
            provenance = with_population(provenance)
            unit, column = _("per 100,000 inhabitants"), ui.Column(SHOW["rate"], "rate")
        else:
            frame = mark_small(frame, ["value"], ctx.threshold)
            unit, column = _("number per year"), ui.Column(MEASURES["cases"], "count")
        c_title = _("Recorded cases, {scope}, {period} ({unit})").format(
            scope=scope, period=provenance.period, unit=unit
        )
        ui.chart_block(
            ctx,
            lambda: charts.line_chart(
                frame,
                x="year",
                y="value",
                group="country_iso3",
                threshold=ctx.threshold,
                y_title=unit,
                label=lab.country,
                digits=0 if per == "count" else 2,
                tr=_,
                lang=ctx.lang,
            ),
            frame,
            key="trends_countries",
            title=c_title,
            provenance=provenance,
            columns={"year": YEAR, "country_iso3": COUNTRY, "value": column},
            alt=_("Line chart: {title}. One line per chosen country.").format(title=c_title),
        )

    # ---- online recruitment
    st.subheader(_("Share of cases recruited online"))
    share = cases.online_share(
        ctx.wh, source, ctx.threshold, shared.countries, per_country=bool(shared.countries)
    )
    share_frame = mark_small(share.frame, ["cases", "cases_online_recruitment"], ctx.threshold)
    share_title = _("Cases recruited online, {scope}, {period} (% of recorded cases)").format(
        scope=scope, period=share.provenance.period
    )
    ui.chart_block(
        ctx,
        lambda: charts.online_share_chart(
            share_frame, share_title, ctx.threshold, label=lab.country, tr=_, lang=ctx.lang
        ),
        share_frame,
        key="trends_online",
        title=share_title,
        provenance=share.provenance,
        columns={
            "year": YEAR,
            "country_iso3": COUNTRY,
            "cases": ui.Column(_("Recorded cases"), "count"),
            "cases_online_recruitment": ui.Column(_("Recruited online"), "count"),
            "share_pct": ui.Column(_("Share recruited online (%)"), "percent"),
        },
        alt=_("Line chart: {title}.").format(title=share_title),
        caption=_("No share is given for a year with fewer than {threshold} cases.").format(
            threshold=ctx.threshold
        ),
    )

    # ---- fastest-rising technologies
    st.subheader(_("Fastest-rising technologies"))
    rising = cases.rising_technologies(ctx.wh, source, ctx.threshold, shared.countries, stage)
    rising_frame = rising.frame
    if not rising_frame.empty:
        r = rising_frame.iloc[0]
        st.markdown(
            _(
                "Compound annual growth of cases between the three years {early} and the three years "
                "{late}: (late / early)^(1/3) - 1, in % a year. Only technologies with at least "
                "{threshold} cases in both periods are ranked."
            ).format(
                early=f"{int(r['early_from'])}-{int(r['early_to'])}",
                late=f"{int(r['late_from'])}-{int(r['late_to'])}",
                threshold=ctx.threshold,
            )
        )
    ranked = rising_frame.dropna(subset=["growth_pct_per_year"])
    rise_title = _("Growth of cases per technology{at_stage}, {scope}, {period} (% a year)").format(
        at_stage=at_stage, scope=scope, period=rising.provenance.period
    )
    ui.chart_block(
        ctx,
        lambda: (
            charts.bar_chart(
                ranked,
                category="technology",
                value="growth_pct_per_year",
                title="",
                threshold=ctx.threshold,
                value_title=_("% a year"),
                label=lab.of("technology"),
                digits=1,
                tr=_,
                lang=ctx.lang,
            )
            if not ranked.empty
            else None
        ),
        rising_frame,
        key="trends_rising",
        title=rise_title,
        provenance=rising.provenance,
        columns={
            "technology": ui.Column(_("Technology"), "code", "technology"),
            "early_cases": ui.Column(_("Cases, early period"), "count"),
            "late_cases": ui.Column(_("Cases, late period"), "count"),
            "growth_pct_per_year": ui.Column(_("Growth (% a year)"), "percent"),
        },
        alt=_("Bar chart ranking technologies by growth: {title}.").format(title=rise_title),
    )

# ---- official trend series
st.subheader(_("Trend series from official statistics"))
indicators = series.indicators(ctx.wh)
if indicators:
    left, mid, right = st.columns(3)
    with left:
        indicator = urlstate.selectbox(
            _("Indicator"),
            indicators,
            key="trends_indicator",
            default="detected_victims" if "detected_victims" in indicators else indicators[0],
            format_func=lab.of("indicator"),
        )
    available = series.sources(ctx.wh, indicator)
    with mid:
        series_source = urlstate.selectbox(
            _("Source"), available, key="trends_series_source", default=available[0]
        )
    with right:
        s_show = {"count": _("Numbers"), "rate": _("Per 100,000 inhabitants")}
        s_per = urlstate.selectbox(
            _("Show"), list(s_show), key="trends_series_per", default="count", format_func=s_show.get
        )
    found_series = series.trend(ctx.wh, shared.countries, indicator, series_source)
    s_frame, s_provenance = found_series.frame, found_series.provenance
    if s_per == "rate":
        s_frame = s_frame.assign(value=per_country_rate(s_frame, "value"))
        s_provenance = with_population(s_provenance)
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
    unit = _("per 100,000 inhabitants") if s_per == "rate" else _("number per year")
    s_title = _("{indicator}, {scope}, {period} ({unit})").format(
        indicator=lab.of("indicator")(indicator),
        scope=scope,
        period=s_provenance.period or _("no years"),
        unit=unit,
    )
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
            tr=_,
            lang=ctx.lang,
        ),
        s_frame,
        key="trends_series",
        title=s_title,
        provenance=s_provenance,
        columns={
            "year": YEAR,
            "country_iso3": COUNTRY,
            "value": ui.Column(lab.of("indicator")(indicator), "count" if s_per == "count" else "rate"),
            "status": ui.Column(_("Status"), "code", "series_status"),
        },
        alt=_("Line chart: {title}. One line per country.").format(title=s_title),
        caption=(
            _(
                "The {kept} countries with the largest values in the latest year; choose countries in "
                "the sidebar to see others ({left} more). "
            ).format(kept=charts.MAX_LINES, left=s_left)
            if s_left
            else ""
        )
        + _("Totals over sex, age, exploitation type and citizenship; the latest vintage of each value."),
    )
else:
    st.info(_("No trend series are loaded."))

# ---- categorical series: a tier or a rating per country and year, never added up
c_indicators = series.categorical_indicators(ctx.wh)
if c_indicators:
    st.subheader(_("Ratings and tiers"))
    left, right = st.columns(2)
    with left:
        c_indicator = urlstate.selectbox(
            _("Rating"),
            c_indicators,
            key="trends_rating",
            default=c_indicators[0],
            format_func=lab.of("indicator"),
        )
    c_available = series.categorical_sources(ctx.wh, c_indicator)
    with right:
        c_source = urlstate.selectbox(
            _("Source"), c_available, key="trends_rating_source", default=c_available[0]
        )
    found_ratings = series.categorical(ctx.wh, shared.countries, c_indicator, c_source)
    ratings = found_ratings.frame
    # with no country chosen, the countries rated in the latest year, up to the chart's size
    if not shared.countries and not ratings.empty:
        latest = ratings[ratings["year"] == ratings["year"].max()]["country_iso3"].unique()
        ratings = ratings[
            ratings["country_iso3"].isin(
                sorted(latest, key=lambda c: i18n.sort_key(lab.country(c)))[:MAX_RATED]
            )
        ]
    category_name = lab.of(c_indicator)
    r_title = _("{indicator}, {scope}, {period} (category on the source's scale)").format(
        indicator=lab.of("indicator")(c_indicator),
        scope=scope,
        period=found_ratings.provenance.period or _("no years"),
    )
    ui.chart_block(
        ctx,
        lambda: charts.category_grid(
            ratings,
            x="year",
            y="country_iso3",
            category="category",
            rank="category_rank",
            category_label=category_name,
            y_label=lab.country,
            missing=_("not available"),
        ),
        ratings,
        key="trends_ratings",
        title=r_title,
        provenance=found_ratings.provenance,
        columns={
            "year": YEAR,
            "country_iso3": COUNTRY,
            "category": ui.Column(lab.of("indicator")(c_indicator), "code", c_indicator),
            "status": ui.Column(_("Status"), "code", "series_status"),
        },
        alt=_(
            "Grid: {title}. One row per country, one square per year, coloured by place on the scale."
        ).format(title=r_title),
        caption=_(
            "A category, not a count: shown as published, from the light first place on the scale to the "
            "dark last. An open square: the source gave no category that year."
        )
        + (
            " "
            + _(
                "The first {kept} countries rated in the latest year; choose countries in the sidebar "
                "to see others."
            ).format(kept=MAX_RATED)
            if not shared.countries
            else ""
        ),
    )
