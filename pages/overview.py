"""Overview: what is loaded, headline figures, a map of Europe, and the way into each view."""

from __future__ import annotations

import streamlit as st

from app import filters, ui, urlstate
from app.disclosure import mark_small, small_label
from app.queries import cases, reference, survey

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "Technology and trafficking in human beings in Europe",
    "overview_",
    "How technology is used to recruit, advertise, control and exploit victims, and how well "
    "States are equipped to respond: questionnaire waves to the Parties of the Council of "
    "Europe Anti-Trafficking Convention, national case records and official trend series.",
)

# ---- what is loaded
waves = reference.waves(ctx.wh)
sources = reference.sources(ctx.wh)
st.subheader("What is loaded")
loaded = st.columns(3)
loaded[0].metric("Questionnaire waves", len(waves))
loaded[1].metric("Data sources", len(sources))
source = ui.case_source(ctx, "overview_source")
span = cases.source_years(ctx.wh, source) if source else None
loaded[2].metric("Years of case records", f"{span[0]}-{span[1]}" if span else "none")
with st.expander("Waves and sources in detail"):
    st.dataframe(waves, hide_index=True, width="stretch", key="overview_waves_table")
    st.dataframe(sources, hide_index=True, width="stretch", key="overview_sources_table")

# ---- headline figures
scope = ", ".join(lab.country(c) for c in shared.countries) or "all countries"
st.subheader("Headline figures")
small = small_label(ctx.threshold)


def _count(value: float) -> str:
    return small if 0 < value < ctx.threshold else f"{value:,.0f}"


cols = st.columns(4)
if source and span:
    whole = cases.totals(ctx.wh, source, shared.countries, span, ctx.threshold)
    latest = cases.totals(ctx.wh, source, shared.countries, (span[1], span[1]), ctx.threshold)
    period = f"{span[0]}-{span[1]}"
    cols[0].metric(f"Recorded cases, {period}", _count(whole["cases"]))
    cols[1].metric(f"Victims in those cases, {period}", _count(whole["victims"]))
    share = latest["online_share"]
    cols[2].metric(
        f"Cases with online recruitment, {span[1]}",
        "too few cases" if share != share else f"{share:.0f}%",
    )
    st.caption(f"Case records of {scope}. " + ui.source_line(cases.provenance(ctx.wh, source, years=span)))
answering = reference.answering_countries(ctx.wh, shared.wave_id)
cols[3].metric(f"States answering, {ui.wave_label(ctx, shared.wave_id)}", len(answering))

# ---- map
st.subheader("Map of Europe")
measure_names = {
    "cases": "Recorded cases",
    "victims": "Victims in recorded cases",
    "online_share": "Share of cases with online recruitment (%)",
    "severity": "Mean severity of challenges (0-100)",
    "training_gap": "Mean training gap (0-100)",
    "strategies": "Response strategies in use",
}
case_measures = ("cases", "victims", "online_share")
measure = urlstate.selectbox(
    "Colour countries by",
    list(measure_names),
    key="overview_measure",
    default="cases",
    format_func=measure_names.get,
)
try:
    from app.geo import europe_map
except ImportError:  # the shipped geometry is optional: the table still holds the values
    europe_map = None
if measure in case_measures:
    if source and span:
        table = cases.by_country(ctx.wh, source, span, ctx.threshold)
        values = table.frame.rename(columns={measure: "value"})[["country_iso3", "value"]]
        if measure != "online_share":
            values = mark_small(values, ["value"], ctx.threshold)
        title = f"{measure_names[measure]}, {table.provenance.period}"
        header = ui.export_header_for(ctx, title, table.provenance)
        caption = ui.source_line(table.provenance)
    else:
        values, title, header, caption = None, "", None, ""
else:
    wave_name = ui.wave_label(ctx, shared.wave_id)
    values = survey.by_country(ctx.wh, measure, shared.wave_id)
    title = f"{measure_names[measure]} - {wave_name}"
    header = ui.export_header(
        ctx,
        title,
        wave_name,
        wave=shared.wave_id,
        filters={"measure": measure},
        synthetic=ui.is_synthetic_wave(ctx, shared.wave_id),
    )
    caption = ""
if values is None:
    st.info("No case records are loaded.")
else:
    values = values.assign(name=values["country_iso3"].map(lab.country))

    def _map():
        return europe_map(values, "value", title, value_label=measure_names[measure])

    ui.chart_block(
        ctx,
        _map if europe_map is not None else None,
        values,
        key="overview_map",
        header=header,
        alt=f"Map of Europe: {title}. Table tab lists the value per country.",
        caption=" ".join(
            part
            for part in (
                caption,
                "Grey countries: no data, fewer than 5, or too few cases for a share.",
            )
            if part
        ),
    )

# ---- ways in
st.subheader("Explore")
links = st.columns(3)
links[0].page_link("pages/trends.py", label="Modus operandi trends", icon=":material/trending_up:")
links[1].page_link("pages/severity.py", label="Challenge severity", icon=":material/priority_high:")
links[2].page_link("pages/training.py", label="Training gaps", icon=":material/school:")
links[0].page_link("pages/compare.py", label="Compare countries", icon=":material/compare_arrows:")
links[1].page_link("pages/profile.py", label="Country profile", icon=":material/flag:")
links[2].page_link("pages/methods.py", label="Data and methods", icon=":material/menu_book:")
