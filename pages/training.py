"""Training gaps: who needs training in which of the capacity-building areas, and where most."""

from __future__ import annotations

import streamlit as st

from app import charts, filters, ui, urlstate
from app.disclosure import display_frame
from app.export import to_csv, to_xlsx
from app.queries import reference, survey

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "Training gaps",
    "training_",
    "The gap is the need for training that provision leaves uncovered: need x (100 - "
    "provision) / 100, each on a 0-100 scale as each State rated it (higher = larger gap).",
)
wave_name = ui.wave_label(ctx, shared.wave_id)
synthetic = ui.is_synthetic_wave(ctx, shared.wave_id)
area, audience_of = lab.of("area"), lab.of("audience")
values = {
    "gap_score": "Gap (need left uncovered)",
    "need": "Training needed",
    "provision": "Training provided",
}

# ---- audience x area for one country
st.subheader("One country: audiences and areas")
all_codes = reference.country_options(ctx.wh)
default_country = ui.default_country(ctx, shared.wave_id, shared.countries)
left, right = st.columns(2)
with left:
    country = urlstate.selectbox(
        "Country",
        all_codes,
        key="training_country",
        default=default_country,
        format_func=lab.country,
    )
with right:
    value = urlstate.selectbox(
        "Show", list(values), key="training_value", default="gap_score", format_func=values.get
    )
matrix = survey.training_matrix(ctx.wh, shared.wave_id, country)
m_title = f"{values[value]}: {lab.country(country)}, audiences x areas - {wave_name}"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        matrix,
        x="area",
        y="audience",
        z=value,
        title=m_title,
        z_title=value,
        x_label=area,
        y_label=audience_of,
    ),
    matrix.assign(audience=matrix["audience"].map(audience_of), area=matrix["area"].map(area)),
    key="training_matrix",
    header=ui.export_header(
        ctx,
        m_title,
        wave_name,
        wave=shared.wave_id,
        synthetic=synthetic,
        filters={"country": str(country), "value": value},
    ),
    alt=f"Heatmap: {m_title}. Rows are audiences, columns the training areas.",
)

# ---- countries x areas for one audience
st.subheader("One audience: countries and areas")
audiences = list(lab.by_vocabulary.get("audience", {}))
audience = urlstate.selectbox(
    "Audience",
    audiences,
    key="training_audience",
    default=audiences[0] if audiences else None,
    format_func=audience_of,
)
scope = ", ".join(lab.country(c) for c in shared.countries) or "all countries"
by_country = survey.training_by_country(ctx.wh, shared.wave_id, audience, shared.countries)
c_title = f"Training gap of {audience_of(audience).lower()} by country and area, {scope} - {wave_name}"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        by_country,
        x="area",
        y="country_iso3",
        z="gap_score",
        title=c_title,
        z_title="gap",
        x_label=area,
        y_label=lab.country,
    ),
    by_country.assign(country=by_country["country_iso3"].map(lab.country), area=by_country["area"].map(area)),
    key="training_countries",
    header=ui.export_header(
        ctx,
        c_title,
        wave_name,
        wave=shared.wave_id,
        synthetic=synthetic,
        filters={"audience": str(audience), "countries": scope},
    ),
    alt=f"Heatmap: {c_title}. Rows are countries, columns the training areas.",
)

# ---- ranked plan
st.subheader("Largest gaps: a training plan")
sizes = [10, 25, 50, 100]
top = urlstate.selectbox("How many gaps", sizes, key="training_top", default=25)
only = urlstate.selectbox(
    "Audience of the plan",
    ["all", *audiences],
    key="training_plan_aud",
    default="all",
    format_func=lambda a: "All audiences" if a == "all" else audience_of(a),
)
plan = survey.training_plan(
    ctx.wh, shared.wave_id, shared.countries, None if only == "all" else only, int(top)
)
plan_view = plan.assign(
    country=plan["country_iso3"].map(lab.country),
    audience=plan["audience"].map(audience_of),
    area=plan["area"].map(area),
)
st.dataframe(
    display_frame(plan_view, ctx.threshold),
    hide_index=True,
    width="stretch",
    key="training_plan_table",
)
plan_header = ui.export_header(
    ctx,
    f"Training plan: the {top} largest gaps, {scope}",
    wave_name,
    wave=shared.wave_id,
    synthetic=synthetic,
    filters={"countries": scope, "audience": str(only)},
)
d1, d2 = st.columns(2)
d1.download_button(
    "Download the plan (CSV)",
    lambda: to_csv(plan_view, plan_header),
    file_name="training_plan.csv",
    mime="text/csv",
    key="training_plan_csv",
    on_click="ignore",
    icon=":material/download:",
)
d2.download_button(
    "Download the plan (Excel)",
    lambda: to_xlsx(plan_view, plan_header, "plan"),
    file_name="training_plan.xlsx",
    key="training_plan_xlsx",
    on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)
