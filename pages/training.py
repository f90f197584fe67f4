"""Training gaps: which audience needs training in which capacity-building area, where; a plan."""

from __future__ import annotations

import streamlit as st

from app import charts, filters, ui, urlstate
from app.queries import reference, survey

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "training",
    "The gap is the need for training that provision leaves uncovered: need x (100 - "
    "provision) / 100, each on a 0-100 scale as each State rated it (higher = larger gap).",
)
wave_name = ui.wave_short(ctx, shared.wave_id)
area, audience_of = lab.of("area"), lab.of("audience")
scope = ui.scope_of(lab, shared.countries)
VALUES = {
    "gap_score": "Gap (need left uncovered)",
    "need": "Training needed",
    "provision": "Training provided",
}
GAP = ui.Column("Gap (0-100)", "score")

# ---- all States: audience x area
st.subheader("All States: which audience needs what")
overview = survey.training_overview(ctx.wh, shared.wave_id)
o_title = f"Mean training gap by audience and area, all States, {wave_name} (0-100)"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        overview,
        x="area",
        y="audience",
        z="mean_gap",
        title="",
        z_title="mean gap (0-100)",
        x_label=area,
        y_label=audience_of,
    ),
    overview.assign(rank=range(1, len(overview) + 1)),
    key="training_overview",
    title=o_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id),
    columns={
        "rank": ui.Column("Rank", "number"),
        "audience": ui.Column("Audience", "code", "audience"),
        "area": ui.Column("Area", "code", "area"),
        "n_large": ui.Column("States with a gap of 50 or more", "number"),
        "mean_gap": ui.Column("Mean gap (0-100)", "score"),
        "n_states": ui.Column("States answering", "number"),
    },
    alt=f"Heatmap: {o_title}. Rows are audiences, columns the training areas.",
    caption="The table ranks audience and area by how many States have a gap of 50 or more, "
    "then by the mean gap.",
)

# ---- one country: audience x area
st.subheader("One country: audiences and areas")
left, right = st.columns(2)
with left:
    country = urlstate.selectbox(
        "Country",
        reference.country_options(ctx.wh),
        key="training_country",
        default=ui.default_country(ctx, shared.wave_id, shared.countries),
        format_func=lab.country,
        help="Starts on the first country chosen in the sidebar.",
    )
with right:
    value = urlstate.selectbox(
        "Show", list(VALUES), key="training_value", default="gap_score", format_func=VALUES.get
    )
matrix = survey.training_matrix(ctx.wh, shared.wave_id, country)
if matrix.empty:
    st.info(f"{lab.country(country)} did not rate training in {wave_name}.")
m_title = f"{VALUES[value]}: {lab.country(country)}, audiences and areas, {wave_name} (0-100)"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        matrix,
        x="area",
        y="audience",
        z=value,
        title="",
        z_title=f"{VALUES[value].lower()} (0-100)",
        x_label=area,
        y_label=audience_of,
    ),
    matrix,
    key="training_matrix",
    title=m_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"country": lab.country(country)}),
    columns={
        "audience": ui.Column("Audience", "code", "audience"),
        "area": ui.Column("Area", "code", "area"),
        "provision": ui.Column("Provision (0-100)", "score"),
        "need": ui.Column("Need (0-100)", "score"),
        "gap_score": GAP,
    },
    alt=f"Heatmap: {m_title}. Rows are audiences, columns the training areas.",
)

# ---- one audience: countries x area
st.subheader("One audience: countries and areas")
audiences = list(lab.by_vocabulary.get("audience", {}))
audience = urlstate.selectbox(
    "Audience",
    audiences,
    key="training_audience",
    default=audiences[0] if audiences else None,
    format_func=audience_of,
)
by_country = survey.training_by_country(ctx.wh, shared.wave_id, audience, shared.countries)
c_title = f"Training gap of {audience_of(audience).lower()} by country and area, {scope}, {wave_name} (0-100)"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        by_country,
        x="area",
        y="country_iso3",
        z="gap_score",
        title="",
        z_title="gap (0-100)",
        x_label=area,
        y_label=lab.country,
    ),
    by_country,
    key="training_countries",
    title=c_title,
    provenance=ui.wave_provenance(
        ctx, shared.wave_id, {"audience": audience_of(audience), "countries": scope}
    ),
    columns={
        "country_iso3": ui.Column("Country", "country"),
        "area": ui.Column("Area", "code", "area"),
        "gap_score": GAP,
    },
    alt=f"Heatmap: {c_title}. Rows are countries, columns the training areas.",
)

# ---- a plan
st.subheader("A training plan: the largest gaps first")
left, mid, right = st.columns(3)
with left:
    top = urlstate.selectbox("How many gaps", [10, 25, 50, 100], key="training_top", default=25)
with mid:
    only = urlstate.selectbox(
        "Audience",
        ["all", *audiences],
        key="training_plan_aud",
        default="all",
        format_func=lambda a: "All audiences" if a == "all" else audience_of(a),
    )
with right:
    plan_scope = urlstate.selectbox(
        "For",
        ["chosen", "all"],
        key="training_plan_for",
        default="chosen",
        format_func={"chosen": f"The sidebar's countries ({scope})", "all": "All States"}.get,
    )
plan_countries = shared.countries if plan_scope == "chosen" else ()
plan = survey.training_plan(ctx.wh, shared.wave_id, plan_countries, None if only == "all" else only, int(top))
plan_columns = {
    "rank": ui.Column("Rank", "number"),
    "country_iso3": ui.Column("Country", "country"),
    "audience": ui.Column("Audience", "code", "audience"),
    "area": ui.Column("Area", "code", "area"),
    "gap_score": GAP,
    "n_large": ui.Column("States sharing a gap of 50 or more", "number"),
    "need": ui.Column("Need (0-100)", "score"),
    "provision": ui.Column("Provision (0-100)", "score"),
}
shown = ui.present(plan, plan_columns, lab, ctx.threshold)
ui.table(shown, "training_plan_table")
st.caption(
    "Equal gaps are ordered by how many States share a gap of 50 or more in the same audience "
    "and area (a course that serves many), then by need, then by provision."
)
plan_title = f"Training plan: the {top} largest gaps, {ui.scope_of(lab, plan_countries)}, {wave_name}"
ui.downloads(
    shown,
    ui.export_header(
        ctx,
        plan_title,
        ui.wave_provenance(
            ctx, shared.wave_id, {"countries": ui.scope_of(lab, plan_countries), "audience": str(only)}
        ),
    ),
    "training_plan",
)
