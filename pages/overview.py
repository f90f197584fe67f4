"""Overview: key findings, headline figures with their periods, a map of Europe, the way in."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import filters, i18n, registry, ui, urlstate
from app.disclosure import mark_small, small_label
from app.queries import cases, reference, survey

ctx = ui.context()
_ = ui.tr(ctx)
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "overview",
    _(
        "How technology is used to recruit, advertise, control and exploit victims, and how well "
        "States are equipped to respond: questionnaire waves to the Parties of the Council of "
        "Europe Anti-Trafficking Convention, national case records and official trend series."
    ),
)
scope = ui.scope_of(ctx, shared.countries)
wave_name = ui.wave_short(ctx, shared.wave_id)
source = ui.case_source(ctx, "overview_source")
span = cases.source_years(ctx.wh, source) if source else None


def _count(value: float) -> str:
    return small_label(ctx.threshold) if 0 < value < ctx.threshold else i18n.number(value, ctx.lang)


def _pct(value: float) -> str:
    return _("too few cases for a share") if value != value else i18n.percent(value, ctx.lang)


# ---- key findings: each computed here, with its period and source, and a link to its view
st.subheader(_("Key findings"))
findings = st.container(border=True)
if source and span:
    share = cases.online_share(ctx.wh, source, ctx.threshold, shared.countries).frame
    share = share.dropna(subset=["share_pct"])
    if len(share) >= 2:
        first, last = share.iloc[0], share.iloc[-1]
        findings.markdown(
            _(
                "**Online recruitment:** {last} of recorded cases in {last_year}, against {first} "
                "in {first_year} ({scope})."
            ).format(
                last=_pct(last["share_pct"]),
                last_year=int(last["year"]),
                first=_pct(first["share_pct"]),
                first_year=int(first["year"]),
                scope=scope,
            )
        )
        findings.page_link("pages/trends.py", label=_("The yearly share"), icon=":material/arrow_forward:")
    yearly = cases.by_year(ctx.wh, source, "cases", shared.countries).frame
    if len(yearly) >= 2:
        findings.markdown(
            _("**Recorded cases:** {last} in {last_year}, against {first} in {first_year} ({scope}).").format(
                last=_count(yearly["value"].iloc[-1]),
                last_year=int(yearly["year"].iloc[-1]),
                first=_count(yearly["value"].iloc[0]),
                first_year=int(yearly["year"].iloc[0]),
                scope=scope,
            )
        )
    rising = cases.rising_technologies(ctx.wh, source, ctx.threshold, shared.countries).frame
    ranked = rising.dropna(subset=["growth_pct_per_year"])
    if not ranked.empty:
        top = ranked.iloc[0]
        rose = top["growth_pct_per_year"] > 0
        lead = _("Fastest-rising technology") if rose else _("No technology rose; the least falling")
        findings.markdown(
            _("**{lead}:** {technology}, {growth} a year between {early} and {late}.").format(
                lead=lead,
                technology=lab.of("technology")(top["technology"]),
                growth=("+" if rose else "") + i18n.percent(top["growth_pct_per_year"], ctx.lang),
                early=f"{int(top['early_from'])}-{int(top['early_to'])}",
                late=f"{int(top['late_from'])}-{int(top['late_to'])}",
            )
        )
        findings.page_link(
            "pages/trends.py",
            label=_("Technologies year by year"),
            icon=":material/arrow_forward:",
            query_params={"trends_dim": "technology"},
        )
ranking = survey.severity_ranking(ctx.wh, shared.wave_id, "investigation").dropna(subset=["mean_score"])
if not ranking.empty:
    top = ranking.iloc[0]
    findings.markdown(
        _(
            "**Most severe challenge to investigations:** {challenge}, {score} out of 100 on average "
            "over {states} States ({wave})."
        ).format(
            challenge=lab.of("challenge")(top["challenge"]),
            score=i18n.number(top["mean_score"], ctx.lang),
            states=int(top["n_countries"]),
            wave=wave_name,
        )
    )
    findings.page_link("pages/severity.py", label=_("Every challenge"), icon=":material/arrow_forward:")
gaps = survey.training_overview(ctx.wh, shared.wave_id)
if not gaps.empty:
    top = gaps.iloc[0]
    findings.markdown(
        _(
            "**Largest training gap:** {area} for {audience}: {large} of {states} States have a gap "
            "of 50 or more ({wave})."
        ).format(
            area=lab.of("area")(top["area"]),
            audience=lab.of("audience")(top["audience"]).lower(),
            large=int(top["n_large"]),
            states=int(top["n_states"]),
            wave=wave_name,
        )
    )
    findings.page_link("pages/training.py", label=_("The training plan"), icon=":material/arrow_forward:")
if source and span:
    findings.caption(
        ui.source_line(ctx, cases.provenance(ctx.wh, source, years=span), lead=_("Case records"))
    )
findings.caption(_("Questionnaire: {wave}.").format(wave=ui.wave_label(ctx, shared.wave_id)))

# ---- headline figures
st.subheader(_("Headline figures"))
cols = st.columns(4)
if source and span:
    latest = cases.totals(ctx.wh, source, shared.countries, (span[1], span[1]), ctx.threshold)
    whole = cases.totals(ctx.wh, source, shared.countries, span, ctx.threshold)
    cols[0].metric(_("Recorded cases in {year}").format(year=span[1]), _count(latest["cases"]))
    cols[1].metric(
        _("Recorded cases, {first}-{last}").format(first=span[0], last=span[1]), _count(whole["cases"])
    )
    cols[2].metric(_("Recruited online, {year}").format(year=span[1]), _pct(latest["online_share"]))
else:
    cols[0].metric(_("Recorded cases"), _("none loaded"))
answering = reference.answering_countries(ctx.wh, shared.wave_id)
cols[3].metric(
    _("States answering, {wave}").format(wave=wave_name),
    len(answering),
    help=ui.wave_label(ctx, shared.wave_id),
)
st.caption(_("Case records of {scope}.").format(scope=scope))

# ---- map
st.subheader(_("Map of Europe"))
measure_names = {
    "cases": _("Recorded cases"),
    "victims": _("Victims in recorded cases"),
    "online_share": _("Share of cases recruited online"),
    "severity": _("Mean severity of challenges"),
    "training_gap": _("Mean training gap"),
    "strategies": _("Response strategies in use"),
}
case_measures = ("cases", "victims", "online_share")
left, mid, right = st.columns([2, 1, 2])
with left:
    measure = urlstate.selectbox(
        _("Colour countries by"),
        list(measure_names),
        key="overview_measure",
        default="cases",
        format_func=measure_names.get,
    )
per = "count"
if measure in ("cases", "victims"):
    with mid:
        per = urlstate.selectbox(
            _("As"),
            ["count", "rate"],
            key="overview_per",
            default="count",
            format_func={"count": _("Counts"), "rate": _("Per 100,000 inhabitants")}.get,
        )
MAP_NOTES = {
    "count": _("Light grey: no data. Grey with a dark outline: fewer than {threshold}."),
    "percent": _("Light grey: no data, or fewer than {threshold} cases for a share."),
    "other": _("Light grey: no data."),
}
try:
    from app.geo import europe_map
except ImportError:  # the shipped geometry is optional: the table still holds the values
    europe_map = None
values = None
if measure in case_measures and source and span:
    with right:
        years = urlstate.year_range(
            _("Years"), span[0], span[1], key="overview_years", default=(span[1], span[1])
        )
    table = cases.by_country(ctx.wh, source, years, ctx.threshold)
    values = table.frame.rename(columns={measure: "value"})[["country_iso3", "value"]]
    period = table.provenance.period
    provenance = table.provenance
    if measure == "online_share":
        unit, kind = _("% of recorded cases"), "percent"
        values["value"] = values["value"].round(1)
    elif per == "rate":
        values["count"] = values["value"]
        values["value"] = reference.per_100k(ctx.wh, values, "count", years).round(2)
        unit = _("per 100,000 inhabitants a year") if years[0] != years[1] else _("per 100,000 inhabitants")
        kind = "rate"
        population = reference.population_source(ctx.wh)
        provenance = replace(
            provenance,
            source=_("{source}; population: {population}").format(
                source=provenance.source, population=population
            ),
        )
    else:
        values = mark_small(values, ["value"], ctx.threshold)
        unit, kind = _("number"), "count"
    title = _("{measure}, {period} ({unit})").format(measure=measure_names[measure], period=period, unit=unit)
elif measure not in case_measures:
    values = survey.by_country(ctx.wh, measure, shared.wave_id)
    unit = _("strategies in use") if measure == "strategies" else _("0-100, higher is worse")
    kind = "number" if measure == "strategies" else "score"
    title = _("{measure} ({unit}), {wave}").format(measure=measure_names[measure], unit=unit, wave=wave_name)
    provenance = ui.wave_provenance(ctx, shared.wave_id, {"measure": measure})
if values is None:
    st.info(_("No case records are loaded."))
else:
    values = values.assign(name=values["country_iso3"].map(lab.country))
    scale = "YlGnBu" if measure == "strategies" else "YlOrRd"

    def _map():
        return europe_map(
            values, "value", title, value_label=unit, colorscale=scale, lang=ctx.lang, names=lab.country
        )

    ui.chart_block(
        ctx,
        _map if europe_map is not None else None,
        values,
        key="overview_map",
        title=title,
        provenance=provenance,
        columns={
            "country_iso3": ui.Column(_("Country"), "country"),
            "value": ui.Column(unit[:1].upper() + unit[1:], kind),
        },
        alt=_("Map of Europe: {title}. The Table tab lists the value per country.").format(title=title),
        caption=MAP_NOTES.get(kind, MAP_NOTES["other"]).format(threshold=ctx.threshold),
    )

# ---- ways in
st.subheader(_("Explore"))
links = st.columns(3)
for i, page in enumerate(p for p in registry.PAGES if not p.default):
    links[i % 3].page_link(page.file, label=_(page.title), icon=page.icon, help=_(page.summary))
