"""Training gaps: which audience needs training in which capacity-building area, where; a plan."""

from __future__ import annotations

import streamlit as st

from app import charts, filters, ui, urlstate
from app.queries import survey

ctx = ui.context()
_ = ui.tr(ctx)
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "training",
    _(
        "The gap is the need for training that provision leaves uncovered: need x (100 - provision) "
        "/ 100, each on a 0-100 scale as each State rated it (higher = larger gap)."
    ),
)
wave_name = ui.wave_short(ctx, shared.wave_id)
area, audience_of = lab.of("area"), lab.of("audience")
scope = ui.scope_of(ctx, shared.countries)
VALUES = {
    "gap_score": _("Gap (need left uncovered)"),
    "need": _("Training needed"),
    "provision": _("Training provided"),
}
GAP = ui.Column(_("Gap (0-100)"), "score")
AUDIENCE, AREA = ui.Column(_("Audience"), "code", "audience"), ui.Column(_("Area"), "code", "area")
NEED, PROVISION = ui.Column(_("Need (0-100)"), "score"), ui.Column(_("Provision (0-100)"), "score")

# ---- all States: audience x area
st.subheader(_("All States: which audience needs what"))
overview = survey.training_overview(ctx.wh, shared.wave_id)
o_title = _("Mean training gap by audience and area, all States, {wave} (0-100)").format(wave=wave_name)
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        overview,
        x="area",
        y="audience",
        z="mean_gap",
        title="",
        z_title=_("mean gap (0-100)"),
        x_label=area,
        x_short=lab.short("area"),
        y_label=audience_of,
    ),
    overview.assign(rank=range(1, len(overview) + 1)),
    key="training_overview",
    title=o_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id),
    columns={
        "rank": ui.Column(_("Rank"), "number"),
        "audience": AUDIENCE,
        "area": AREA,
        "n_large": ui.Column(_("States with a gap of 50 or more"), "number"),
        "mean_gap": ui.Column(_("Mean gap (0-100)"), "score"),
        "n_states": ui.Column(_("States answering"), "number"),
    },
    alt=_("Heatmap: {title}. Rows are audiences, columns the training areas.").format(title=o_title),
    caption=_(
        "The table ranks audience and area by how many States have a gap of 50 or more, then by the mean gap."
    ),
)

# ---- one country: audience x area
st.subheader(_("One country: audiences and areas"))
left, right = st.columns(2)
with left:
    country = urlstate.selectbox(
        _("Country"),
        ui.country_options(ctx),
        key="training_country",
        default=ui.default_country(ctx, shared.wave_id, shared.countries),
        format_func=lab.country,
        help=_("Starts on the first country chosen in the sidebar."),
    )
with right:
    value = urlstate.selectbox(
        _("Show"), list(VALUES), key="training_value", default="gap_score", format_func=VALUES.get
    )
matrix = survey.training_matrix(ctx.wh, shared.wave_id, country)
if matrix.empty:
    st.info(
        _("{country} did not rate training in the {wave}.").format(
            country=lab.country(country), wave=wave_name
        )
    )
m_title = _("{value}: {country}, audiences and areas, {wave} (0-100)").format(
    value=VALUES[value], country=lab.country(country), wave=wave_name
)
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        matrix,
        x="area",
        y="audience",
        z=value,
        title="",
        z_title=VALUES[value].lower() + " (0-100)",
        x_label=area,
        x_short=lab.short("area"),
        y_label=audience_of,
    ),
    matrix,
    key="training_matrix",
    title=m_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"country": lab.country(country)}),
    columns={"audience": AUDIENCE, "area": AREA, "provision": PROVISION, "need": NEED, "gap_score": GAP},
    alt=_("Heatmap: {title}. Rows are audiences, columns the training areas.").format(title=m_title),
)

# ---- one audience: countries x area
st.subheader(_("One audience: countries and areas"))
audiences = list(lab.by_vocabulary.get("audience", {}))
audience = urlstate.selectbox(
    _("Audience"),
    audiences,
    key="training_audience",
    default=audiences[0] if audiences else None,
    format_func=audience_of,
)
by_country = survey.training_by_country(ctx.wh, shared.wave_id, audience, shared.countries)
c_title = _("Training gap of {audience} by country and area, {scope}, {wave} (0-100)").format(
    audience=audience_of(audience).lower(), scope=scope, wave=wave_name
)
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        by_country,
        x="area",
        y="country_iso3",
        z="gap_score",
        title="",
        z_title=_("gap (0-100)"),
        x_label=area,
        x_short=lab.short("area"),
        y_label=lab.country,
    ),
    by_country,
    key="training_countries",
    title=c_title,
    provenance=ui.wave_provenance(
        ctx, shared.wave_id, {"audience": audience_of(audience), "countries": scope}
    ),
    columns={"country_iso3": ui.Column(_("Country"), "country"), "area": AREA, "gap_score": GAP},
    alt=_("Heatmap: {title}. Rows are countries, columns the training areas.").format(title=c_title),
)

# ---- a plan
st.subheader(_("A training plan: the largest gaps first"))
left, mid, right = st.columns(3)
with left:
    top = urlstate.selectbox(_("How many gaps"), [10, 25, 50, 100], key="training_top", default=25)
with mid:
    only = urlstate.selectbox(
        _("Audience"),
        ["all", *audiences],
        key="training_plan_aud",
        default="all",
        format_func=lambda a: _("All audiences") if a == "all" else audience_of(a),
    )
with right:
    plan_scope = urlstate.selectbox(
        _("For"),
        ["chosen", "all"],
        key="training_plan_for",
        default="chosen",
        format_func={
            "chosen": _("The sidebar's countries ({scope})").format(scope=scope),
            "all": _("All States"),
        }.get,
    )
plan_countries = shared.countries if plan_scope == "chosen" else ()
plan = survey.training_plan(ctx.wh, shared.wave_id, plan_countries, None if only == "all" else only, int(top))
plan_columns = {
    "rank": ui.Column(_("Rank"), "number"),
    "country_iso3": ui.Column(_("Country"), "country"),
    "audience": AUDIENCE,
    "area": AREA,
    "gap_score": GAP,
    "n_large": ui.Column(_("States sharing a gap of 50 or more"), "number"),
    "need": NEED,
    "provision": PROVISION,
}
shown = ui.present(plan, plan_columns, lab, ctx.threshold, ctx.lang)
ui.table(shown, "training_plan_table")
st.caption(
    _(
        "Equal gaps are ordered by how many States share a gap of 50 or more in the same audience and "
        "area (a course that serves many), then by need, then by provision."
    )
)
plan_scope_name = ui.scope_of(ctx, plan_countries)
plan_title = _("Training plan: the {top} largest gaps, {scope}, {wave}").format(
    top=top, scope=plan_scope_name, wave=wave_name
)
ui.downloads(
    shown,
    ui.export_header(
        ctx,
        plan_title,
        ui.wave_provenance(ctx, shared.wave_id, {"countries": plan_scope_name, "audience": str(only)}),
    ),
    "training_plan",
)
