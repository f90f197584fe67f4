"""Overview: what is loaded, headline figures, a map of Europe, and the way into each view."""

from __future__ import annotations

import streamlit as st

from app import filters, queries, ui, urlstate
from app.suppression import suppressed_label

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
waves = queries.waves(ctx)
sources = queries.sources(ctx)
years = queries.trend_years(ctx)
st.subheader("What is loaded")
loaded = st.columns(3)
loaded[0].metric("Questionnaire waves", len(waves))
loaded[1].metric("Data sources", len(sources))
loaded[2].metric("Years of case records", f"{years[0]}-{years[1]}" if years else "none")
with st.expander("Waves and sources in detail"):
    st.dataframe(waves, hide_index=True, width="stretch", key="overview_waves_table")
    st.dataframe(sources, hide_index=True, width="stretch", key="overview_sources_table")

# ---- headline figures
scope = ", ".join(lab.country(c) for c in shared.countries) or "all countries"
st.subheader("Headline figures")
st.caption(
    f"Case records of {scope}; questionnaire: {ui.wave_label(ctx, shared.wave_id)}. "
    f"Data: {ui.data_label(ctx, 'case_summary')}."
)
head = queries.headline(ctx, shared.wave_id, shared.countries)
small = suppressed_label(ctx.threshold)


def _count(name: str) -> str:
    if head[f"{name}_suppressed"]:
        return small
    value = head[name]
    return "none" if value != value or value is None else f"{value:,.0f}"


cols = st.columns(4)
cols[0].metric("Recorded cases", _count("cases"))
cols[1].metric("Victims in those cases", _count("victims"))
share = head["online_share"]
cols[2].metric("Cases with online recruitment", "withheld" if share != share else f"{share:.0f}%")
cols[3].metric("States answering the wave", head["states_answering"])

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
measure = urlstate.selectbox(
    "Colour countries by",
    list(queries.MAP_MEASURES),
    key="overview_measure",
    default="cases",
    format_func=measure_names.get,
)
values = queries.map_measure(ctx, measure, shared.wave_id)
is_case = queries.MAP_MEASURES[measure][1] == "case_summary"
which = ui.data_label(ctx, "case_summary") if is_case else ui.wave_label(ctx, shared.wave_id)
title = f"{measure_names[measure]} - {which}"
try:
    from app.geo import europe_map
except ImportError:  # the shipped geometry is optional: the table still holds the values
    europe_map = None


def _map():
    return europe_map(values, "value", title, value_label=measure_names[measure])


ui.chart_block(
    ctx,
    _map if europe_map is not None else None,
    values,
    key="overview_map",
    header=ui.export_header(
        ctx,
        title,
        which,
        wave=None if is_case else shared.wave_id,
        filters={"measure": measure},
        synthetic=("SYNTHETIC" in which),
    ),
    alt=f"Map of Europe: {title}. Table tab lists the value per country.",
    caption=ui.suppression_note(ctx) + " Grey countries: no data or withheld.",
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
