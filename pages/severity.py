"""Challenge severity: ranking with the published figures, countries, one country, wave against wave."""

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
    "severity",
    _(
        "How severe States rate each challenge to detecting, investigating and prosecuting "
        "technology-facilitated trafficking, on a 0-100 scale (higher is more severe)."
    ),
)
wave_name = ui.wave_short(ctx, shared.wave_id)
domains = survey.severity_domains(ctx.wh, shared.wave_id)
if not domains:
    st.info(_("The chosen wave has no severity ratings."))
    st.stop()
domain = urlstate.selectbox(
    _("Domain"),
    domains,
    key="severity_domain",
    default="investigation" if "investigation" in domains else domains[0],
    format_func=lab.of("challenge_domain"),
)
challenge = lab.of("challenge")
domain_name = lab.of("challenge_domain")(domain)
scope = ui.scope_of(ctx, shared.countries)
SCORE = ui.Column(_("Mean severity (0-100)"), "score")
CHALLENGE = ui.Column(_("Challenge"), "code", "challenge")

# ---- ranking, with the study's published figure where this is the wave it was published for
ranking = survey.severity_ranking(ctx.wh, shared.wave_id, domain)
has_published = bool(ranking["published_score"].notna().any())
title = _("{domain}: mean severity of each challenge, {wave} (0-100)").format(
    domain=domain_name, wave=wave_name
)
ui.chart_block(
    ctx,
    lambda: charts.bar_chart(
        ranking,
        category="challenge",
        value="mean_score",
        title="",
        threshold=ctx.threshold,
        value_title=_("mean severity (0-100)"),
        label=challenge,
        marker="published_score" if has_published else None,
        marker_name=_("Published in the 2022 study"),
        marker_text="published_text",
        tr=_,
        lang=ctx.lang,
    ),
    ranking,
    key="severity_ranking",
    title=title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"domain": domain}),
    columns={
        "challenge": CHALLENGE,
        "mean_score": SCORE,
        "sd_score": ui.Column(_("Standard deviation"), "score"),
        "n_countries": ui.Column(_("States rating it"), "number"),
        "n_dont_know": ui.Column(_("States answering don't know"), "number"),
        "published_text": ui.Column(_("Published in the 2022 study")),
    },
    alt=_("Bar chart: {title}.").format(title=title)
    + (" " + _("Diamonds mark the figures published in the 2022 study.") if has_published else ""),
    caption=_("Bars: the mean over the States that rated the challenge (don't-know answers left out).")
    + " "
    + (
        _("Diamonds: the score the 2022 study published from this wave's fieldwork.")
        if has_published
        else _(
            "The 2022 study's published figures come from the 2021 fieldwork and are shown with that "
            "wave only."
        )
    ),
)

# ---- countries x challenges
st.subheader(_("Countries and challenges"))
matrix = survey.severity_matrix(ctx.wh, shared.wave_id, domain, shared.countries)
h_title = _("{domain}: severity by country and challenge, {scope}, {wave} (0-100)").format(
    domain=domain_name, scope=scope, wave=wave_name
)
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        matrix,
        x="challenge",
        y="country_iso3",
        z="score",
        title="",
        z_title=_("severity (0-100)"),
        x_label=challenge,
        x_short=lab.short("challenge"),
        y_label=lab.country,
    ),
    matrix,
    key="severity_heatmap",
    title=h_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"domain": domain, "countries": scope}),
    columns={
        "country_iso3": ui.Column(_("Country"), "country"),
        "challenge": CHALLENGE,
        "score": ui.Column(_("Severity (0-100)"), "score"),
    },
    alt=_("Heatmap: {title}. Darker cells are more severe.").format(title=h_title),
    caption=_("A blank cell: the State gave no rating (don't know, or no answer)."),
)

# ---- one country against all States
st.subheader(_("One country against all States"))
default = ui.default_country(ctx, shared.wave_id, shared.countries)
country = urlstate.selectbox(
    _("Country"),
    ui.country_options(ctx),
    key="severity_country",
    default=default,
    format_func=lab.country,
    help=_("Starts on the first country chosen in the sidebar."),
)
spread = survey.severity_spread(ctx.wh, shared.wave_id, domain, country)
s_title = _("{country} against all States: {domain}, {wave} (0-100)").format(
    country=lab.country(country), domain=domain_name, wave=wave_name
)
if spread["country_score"].isna().all():
    st.info(
        _("{country} did not rate these challenges in the {wave}.").format(
            country=lab.country(country), wave=wave_name
        )
    )
ui.chart_block(
    ctx,
    lambda: charts.spread_chart(
        spread, category="challenge", title="", country_name=lab.country(country), label=challenge, tr=_
    ),
    spread,
    key="severity_spread",
    title=s_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"domain": domain, "country": lab.country(country)}),
    columns={
        "challenge": CHALLENGE,
        "country_score": ui.Column(lab.country(country), "score"),
        "mean_score": ui.Column(_("Mean of all States"), "score"),
        "p25_score": ui.Column(_("Lower quartile"), "score"),
        "p75_score": ui.Column(_("Upper quartile"), "score"),
        "min_score": ui.Column(_("Lowest"), "score"),
        "max_score": ui.Column(_("Highest"), "score"),
        "n_countries": ui.Column(_("States rating it"), "number"),
    },
    alt=_(
        "Range chart: {title}. Dot: the country; bar: range and middle half of States; tick: the mean."
    ).format(title=s_title),
)

# ---- wave against wave
st.subheader(_("Wave against wave"))
waves = ui.wave_names(ctx)
if len(waves) < 2:
    st.info(_("Only one wave is loaded: a comparison appears once a second wave is loaded."))
else:
    names = {w: ui.wave_short(ctx, w) for w in waves}
    order = list(reversed(list(waves)))  # oldest first
    others = [w for w in order if w != shared.wave_id]
    other = urlstate.selectbox(
        _("Compare with wave"),
        others,
        key="severity_other",
        default=survey.previous_wave(ctx.wh, shared.wave_id) or others[-1],
        format_func=names.get,
    )
    # the earlier wave is always "before" and drawn first, whichever is chosen in the sidebar
    before, after = sorted((other, shared.wave_id), key=order.index)
    found = survey.change(ctx.wh, "severity", before, after)
    change = found.frame[
        (found.frame["domain"] == domain) & (found.frame["country_iso3"] == survey.ALL_STATES)
    ]
    change = change.sort_values("after", ascending=False)
    w_title = _("{domain}: mean severity, {before} and {after} (0-100)").format(
        domain=domain_name, before=names[before], after=names[after]
    )
    ui.chart_block(
        ctx,
        lambda: charts.dumbbell(
            change,
            category="challenge",
            a="before",
            b="after",
            a_name=names[before],
            b_name=names[after],
            title="",
            label=challenge,
            tr=_,
        ),
        change,
        key="severity_waves",
        title=w_title,
        provenance=ui.waves_provenance(ctx, (before, after), {"domain": domain}),
        columns={
            "challenge": CHALLENGE,
            "before": ui.Column(names[before], "score"),
            "after": ui.Column(names[after], "score"),
            "change": ui.Column(_("Change"), "change"),
        },
        alt=_("Dot chart: {title}, one row per challenge asked the same way in both waves.").format(
            title=w_title
        ),
        caption=_(
            "Means over the States that rated each challenge in each wave. Only challenges asked the "
            "same way in both waves are compared."
        ),
    )
    left_out = found.left_out[found.left_out["domain"] == domain]
    if not left_out.empty:
        st.markdown(_("**Not compared:** {items}.").format(items=ui.not_compared(ctx, left_out)))
