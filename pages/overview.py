"""Overview: key findings, headline figures with their periods, a map of Europe, the way in."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import filters, registry, ui, urlstate
from app.disclosure import mark_small, small_label
from app.queries import cases, reference, survey

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "overview",
    "How technology is used to recruit, advertise, control and exploit victims, and how well "
    "States are equipped to respond: questionnaire waves to the Parties of the Council of "
    "Europe Anti-Trafficking Convention, national case records and official trend series.",
)
scope = ui.scope_of(lab, shared.countries)
wave_name = ui.wave_short(ctx, shared.wave_id)
source = ui.case_source(ctx, "overview_source")
span = cases.source_years(ctx.wh, source) if source else None


def _count(value: float) -> str:
    return small_label(ctx.threshold) if 0 < value < ctx.threshold else f"{value:,.0f}"


def _pct(value: float) -> str:
    return "too few cases for a share" if value != value else f"{value:.0f}%"


# ---- key findings: each computed here, with its period and source, and a link to its view
st.subheader("Key findings")
findings = st.container(border=True)
if source and span:
    share = cases.online_share(ctx.wh, source, ctx.threshold, shared.countries).frame.dropna(
        subset=["share_pct"]
    )
    if len(share) >= 2:
        first, last = share.iloc[0], share.iloc[-1]
        findings.markdown(
            f"**Online recruitment:** {_pct(last['share_pct'])} of recorded cases in "
            f"{int(last['year'])}, against {_pct(first['share_pct'])} in {int(first['year'])} ({scope})."
        )
        findings.page_link("pages/trends.py", label="The yearly share", icon=":material/arrow_forward:")
    yearly = cases.by_year(ctx.wh, source, "cases", shared.countries).frame
    if len(yearly) >= 2:
        findings.markdown(
            f"**Recorded cases:** {_count(yearly['value'].iloc[-1])} in {int(yearly['year'].iloc[-1])}, "
            f"against {_count(yearly['value'].iloc[0])} in {int(yearly['year'].iloc[0])} ({scope})."
        )
    rising = cases.rising_technologies(ctx.wh, source, ctx.threshold, shared.countries).frame
    ranked = rising.dropna(subset=["growth_pct_per_year"])
    if not ranked.empty:
        top = ranked.iloc[0]
        lead = (
            "Fastest-rising technology"
            if top["growth_pct_per_year"] > 0
            else "No technology rose; the least falling"
        )
        findings.markdown(
            f"**{lead}:** {lab.of('technology')(top['technology'])}, "
            f"{top['growth_pct_per_year']:+.0f}% a year between {int(top['early_from'])}-"
            f"{int(top['early_to'])} and {int(top['late_from'])}-{int(top['late_to'])}."
        )
        findings.page_link(
            "pages/trends.py",
            label="Technologies year by year",
            icon=":material/arrow_forward:",
            query_params={"trends_dim": "technology"},
        )
ranking = survey.severity_ranking(ctx.wh, shared.wave_id, "investigation").dropna(subset=["mean_score"])
if not ranking.empty:
    top = ranking.iloc[0]
    findings.markdown(
        f"**Most severe challenge to investigations:** {lab.of('challenge')(top['challenge'])}, "
        f"{top['mean_score']:.0f} out of 100 on average over {int(top['n_countries'])} States "
        f"({wave_name})."
    )
    findings.page_link("pages/severity.py", label="Every challenge", icon=":material/arrow_forward:")
gaps = survey.training_overview(ctx.wh, shared.wave_id)
if not gaps.empty:
    top = gaps.iloc[0]
    findings.markdown(
        f"**Largest training gap:** {lab.of('area')(top['area'])} for "
        f"{lab.of('audience')(top['audience']).lower()}: {int(top['n_large'])} of "
        f"{int(top['n_states'])} States have a gap of 50 or more ({wave_name})."
    )
    findings.page_link("pages/training.py", label="The training plan", icon=":material/arrow_forward:")
if source and span:
    findings.caption(ui.source_line(cases.provenance(ctx.wh, source, years=span), lead="Case records"))
findings.caption(f"Questionnaire: {ui.wave_label(ctx, shared.wave_id)}.")

# ---- headline figures
st.subheader("Headline figures")
cols = st.columns(4)
if source and span:
    latest = cases.totals(ctx.wh, source, shared.countries, (span[1], span[1]), ctx.threshold)
    whole = cases.totals(ctx.wh, source, shared.countries, span, ctx.threshold)
    cols[0].metric(f"Recorded cases in {span[1]}", _count(latest["cases"]))
    cols[1].metric(f"Recorded cases, {span[0]}-{span[1]}", _count(whole["cases"]))
    cols[2].metric(f"Recruited online, {span[1]}", _pct(latest["online_share"]))
else:
    cols[0].metric("Recorded cases", "none loaded")
answering = reference.answering_countries(ctx.wh, shared.wave_id)
cols[3].metric(f"States answering, {wave_name}", len(answering), help=ui.wave_label(ctx, shared.wave_id))
st.caption(f"Case records of {scope}.")

# ---- map
st.subheader("Map of Europe")
measure_names = {
    "cases": "Recorded cases",
    "victims": "Victims in recorded cases",
    "online_share": "Share of cases recruited online",
    "severity": "Mean severity of challenges",
    "training_gap": "Mean training gap",
    "strategies": "Response strategies in use",
}
case_measures = ("cases", "victims", "online_share")
left, mid, right = st.columns([2, 1, 2])
with left:
    measure = urlstate.selectbox(
        "Colour countries by",
        list(measure_names),
        key="overview_measure",
        default="cases",
        format_func=measure_names.get,
    )
per = "count"
if measure in ("cases", "victims"):
    with mid:
        per = urlstate.selectbox(
            "As",
            ["count", "rate"],
            key="overview_per",
            default="count",
            format_func={"count": "Counts", "rate": "Per 100,000 inhabitants"}.get,
        )
MAP_NOTES = {
    "count": "Light grey: no data. Grey with a dark outline: fewer than {threshold}.",
    "percent": "Light grey: no data, or fewer than {threshold} cases for a share.",
    "other": "Light grey: no data.",
}
try:
    from app.geo import europe_map
except ImportError:  # the shipped geometry is optional: the table still holds the values
    europe_map = None
values = None
if measure in case_measures and source and span:
    with right:
        years = urlstate.year_range(
            "Years", span[0], span[1], key="overview_years", default=(span[1], span[1])
        )
    table = cases.by_country(ctx.wh, source, years, ctx.threshold)
    values = table.frame.rename(columns={measure: "value"})[["country_iso3", "value"]]
    period = table.provenance.period
    provenance = table.provenance
    if measure == "online_share":
        unit, kind = "% of recorded cases", "percent"
        values["value"] = values["value"].round(1)
    elif per == "rate":
        values["count"] = values["value"]
        values["value"] = reference.per_100k(ctx.wh, values, "count", years).round(2)
        unit = "per 100,000 inhabitants a year" if years[0] != years[1] else "per 100,000 inhabitants"
        kind = "rate"
        population = reference.population_source(ctx.wh)
        provenance = replace(provenance, source=f"{provenance.source}; population: {population}")
    else:
        values = mark_small(values, ["value"], ctx.threshold)
        unit, kind = "number", "count"
    title = f"{measure_names[measure]}, {period} ({unit})"
elif measure not in case_measures:
    values = survey.by_country(ctx.wh, measure, shared.wave_id)
    unit = "strategies in use" if measure == "strategies" else "0-100, higher is worse"
    kind = "number" if measure == "strategies" else "score"
    title = f"{measure_names[measure]} ({unit}), {wave_name}"
    provenance = ui.wave_provenance(ctx, shared.wave_id, {"measure": measure})
if values is None:
    st.info("No case records are loaded.")
else:
    values = values.assign(name=values["country_iso3"].map(lab.country))
    scale = "YlGnBu" if measure == "strategies" else "YlOrRd"

    def _map():
        return europe_map(values, "value", title, value_label=unit, colorscale=scale)

    ui.chart_block(
        ctx,
        _map if europe_map is not None else None,
        values,
        key="overview_map",
        title=title,
        provenance=provenance,
        columns={
            "country_iso3": ui.Column("Country", "country"),
            "value": ui.Column(unit.capitalize(), kind),
        },
        alt=f"Map of Europe: {title}. The Table tab lists the value per country.",
        caption=MAP_NOTES.get(kind, MAP_NOTES["other"]).format(threshold=ctx.threshold),
    )

# ---- ways in
st.subheader("Explore")
links = st.columns(3)
for i, page in enumerate(p for p in registry.PAGES if not p.default):
    links[i % 3].page_link(page.file, label=page.title, icon=page.icon, help=page.summary)
