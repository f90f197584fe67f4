"""Country profile: everything about one country on one printable page."""

from __future__ import annotations

import streamlit as st

from app import charts, filters, ui, urlstate
from app.disclosure import mark_small, rename_counts
from app.queries import cases, reference, survey

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(ctx, "Country profile", "profile_")
# printing drops the navigation and widgets so that the brief fits on paper
st.html("""<style>@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stSelectbox"], .stTabs [role="tablist"]
  { display: none !important; }
  .block-container { padding-top: 0 !important; }
}</style>""")

countries = reference.countries(ctx.wh)
all_codes = reference.country_options(ctx.wh)
default = ui.default_country(ctx, shared.wave_id, shared.countries)
country = urlstate.selectbox(
    "Country", all_codes, key="profile_country", default=default, format_func=lab.country
)
name = lab.country(country)
wave_name = ui.wave_label(ctx, shared.wave_id)
synthetic = ui.is_synthetic_wave(ctx, shared.wave_id)
st.header(name)
st.caption(
    "Print this page with your browser (Ctrl+P or Cmd+P); navigation and controls are "
    "left out of the printout."
)

row = countries[countries["iso3"] == country]
if not row.empty:
    r = row.iloc[0]
    facts = st.columns(3)
    facts[0].metric("Council of Europe member", "yes" if r["coe_member"] else "no")
    facts[1].metric("Party to the Anti-Trafficking Convention", "yes" if r["convention_party"] else "no")
    facts[2].metric("Answered the 2021 questionnaire", "yes" if r["responded_2021"] else "no")

# ---- severity, one chart per domain
st.subheader("Challenges: this country against all States")
challenge = lab.of("challenge")
for domain in survey.severity_domains(ctx.wh, shared.wave_id):
    spread = survey.severity_spread(ctx.wh, shared.wave_id, domain, country)
    if spread["country_score"].isna().all():
        continue
    title = f"{name}: {lab.of('challenge_domain')(domain)} - {wave_name}"
    ui.chart_block(
        ctx,
        lambda spread=spread, title=title: charts.spread_chart(
            spread, category="challenge", title=title, country_name=name, label=challenge
        ),
        spread.assign(challenge=spread["challenge"].map(challenge)),
        key=f"profile_severity_{domain}",
        header=ui.export_header(
            ctx,
            title,
            wave_name,
            wave=shared.wave_id,
            synthetic=synthetic,
            filters={"country": str(country), "domain": domain},
        ),
        alt=f"Range chart: {title}.",
    )

# ---- training
st.subheader("Training gaps")
matrix = survey.training_matrix(ctx.wh, shared.wave_id, country)
t_title = f"{name}: training gap by audience and area - {wave_name}"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        matrix,
        x="area",
        y="audience",
        z="gap_score",
        title=t_title,
        z_title="gap",
        x_label=lab.of("area"),
        y_label=lab.of("audience"),
    ),
    matrix.assign(
        audience=matrix["audience"].map(lab.of("audience")), area=matrix["area"].map(lab.of("area"))
    ),
    key="profile_training",
    header=ui.export_header(
        ctx,
        t_title,
        wave_name,
        wave=shared.wave_id,
        synthetic=synthetic,
        filters={"country": str(country)},
    ),
    alt=f"Heatmap: {t_title}.",
)

# ---- strategies
st.subheader("Response strategies")
strategies = survey.country_strategies(ctx.wh, shared.wave_id, country)
strategies = strategies.assign(strategy=strategies["strategy"].map(lab.of("strategy")))
st.dataframe(
    strategies.rename(columns={"in_use": f"in use in {name}", "pct_all_states": "% of all States using it"}),
    hide_index=True,
    width="stretch",
    key="profile_strategies_table",
)

# ---- recorded cases
st.subheader("Recorded cases")
source = ui.case_source(ctx, "profile_source")
if source is None:
    st.info("No case records are loaded.")
    st.stop()
found = cases.breakdown(ctx.wh, source, "exploitation_type", "cases", (country,))
trend = mark_small(found.frame, ["value"], ctx.threshold)
c_title = f"{name}: recorded cases by exploitation type, {found.provenance.period}"
ui.chart_block(
    ctx,
    lambda: charts.line_chart(
        trend,
        x="year",
        y="value",
        group="category",
        title=c_title,
        threshold=ctx.threshold,
        y_title="cases",
        label=lab.of("exploitation_type"),
    ),
    rename_counts(trend, {"value": "cases"}).assign(
        category=trend["category"].map(lab.of("exploitation_type"))
    ),
    key="profile_cases",
    header=ui.export_header_for(ctx, c_title, found.provenance),
    alt=f"Line chart: {c_title}.",
    caption=ui.source_line(found.provenance),
)
share = cases.online_share(ctx.wh, source, ctx.threshold, (country,))
share_frame = mark_small(share.frame, ["cases", "cases_online_recruitment"], ctx.threshold)
o_title = f"{name}: cases recruited online, %, {share.provenance.period}"
ui.chart_block(
    ctx,
    lambda: charts.online_share_chart(share_frame, o_title, ctx.threshold),
    share_frame,
    key="profile_online",
    header=ui.export_header_for(ctx, o_title, share.provenance),
    alt=f"Line chart: {o_title}.",
    caption=f"No share is given for a year with fewer than {ctx.threshold} cases. "
    + ui.source_line(share.provenance),
)
