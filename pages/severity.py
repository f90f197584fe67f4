"""Challenge severity: ranking with the published figures, countries, one country, wave against wave."""

from __future__ import annotations

import streamlit as st

from app import charts, filters, ui, urlstate
from app.queries import reference, survey

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "severity",
    "How severe States rate each challenge to detecting, investigating and prosecuting "
    "technology-facilitated trafficking, on a 0-100 scale (higher is more severe).",
)
wave_name = ui.wave_short(ctx, shared.wave_id)
domains = survey.severity_domains(ctx.wh, shared.wave_id)
if not domains:
    st.info("The chosen wave has no severity ratings.")
    st.stop()
domain = urlstate.selectbox(
    "Domain",
    domains,
    key="severity_domain",
    default="investigation" if "investigation" in domains else domains[0],
    format_func=lab.of("challenge_domain"),
)
challenge = lab.of("challenge")
domain_name = lab.of("challenge_domain")(domain)
scope = ui.scope_of(lab, shared.countries)
SCORE = ui.Column("Mean severity (0-100)", "score")

# ---- ranking, with the study's published figure where this is the wave it was published for
ranking = survey.severity_ranking(ctx.wh, shared.wave_id, domain)
has_published = bool(ranking["published_score"].notna().any())
title = f"{domain_name}: mean severity of each challenge, {wave_name} (0-100)"
ui.chart_block(
    ctx,
    lambda: charts.bar_chart(
        ranking,
        category="challenge",
        value="mean_score",
        title="",
        threshold=ctx.threshold,
        value_title="mean severity (0-100)",
        label=challenge,
        marker="published_score" if has_published else None,
        marker_name="Published in the 2022 study",
        marker_text="published_text",
    ),
    ranking,
    key="severity_ranking",
    title=title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"domain": domain}),
    columns={
        "challenge": ui.Column("Challenge", "code", "challenge"),
        "mean_score": SCORE,
        "sd_score": ui.Column("Standard deviation", "score"),
        "n_countries": ui.Column("States rating it", "number"),
        "n_dont_know": ui.Column("States answering don't know", "number"),
        "published_text": ui.Column("Published in the 2022 study"),
    },
    alt=f"Bar chart: {title}."
    + (" Diamonds mark the figures published in the 2022 study." if has_published else ""),
    caption="Bars: the mean over the States that rated the challenge (don't-know answers left out). "
    + (
        "Diamonds: the score the 2022 study published from this wave's fieldwork."
        if has_published
        else "The 2022 study's published figures come from the 2021 fieldwork and are shown with that "
        "wave only."
    ),
)

# ---- countries x challenges
st.subheader("Countries and challenges")
matrix = survey.severity_matrix(ctx.wh, shared.wave_id, domain, shared.countries)
h_title = f"{domain_name}: severity by country and challenge, {scope}, {wave_name} (0-100)"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        matrix,
        x="challenge",
        y="country_iso3",
        z="score",
        title="",
        z_title="severity (0-100)",
        x_label=challenge,
        y_label=lab.country,
    ),
    matrix,
    key="severity_heatmap",
    title=h_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"domain": domain, "countries": scope}),
    columns={
        "country_iso3": ui.Column("Country", "country"),
        "challenge": ui.Column("Challenge", "code", "challenge"),
        "score": ui.Column("Severity (0-100)", "score"),
    },
    alt=f"Heatmap: {h_title}. Darker cells are more severe.",
)

# ---- one country against all States
st.subheader("One country against all States")
default = ui.default_country(ctx, shared.wave_id, shared.countries)
country = urlstate.selectbox(
    "Country",
    reference.country_options(ctx.wh),
    key="severity_country",
    default=default,
    format_func=lab.country,
    help="Starts on the first country chosen in the sidebar.",
)
spread = survey.severity_spread(ctx.wh, shared.wave_id, domain, country)
s_title = f"{lab.country(country)} against all States: {domain_name}, {wave_name} (0-100)"
if spread["country_score"].isna().all():
    st.info(f"{lab.country(country)} did not rate these challenges in {wave_name}.")
ui.chart_block(
    ctx,
    lambda: charts.spread_chart(
        spread, category="challenge", title="", country_name=lab.country(country), label=challenge
    ),
    spread,
    key="severity_spread",
    title=s_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"domain": domain, "country": lab.country(country)}),
    columns={
        "challenge": ui.Column("Challenge", "code", "challenge"),
        "country_score": ui.Column(lab.country(country), "score"),
        "mean_score": ui.Column("Mean of all States", "score"),
        "p25_score": ui.Column("Lower quartile", "score"),
        "p75_score": ui.Column("Upper quartile", "score"),
        "min_score": ui.Column("Lowest", "score"),
        "max_score": ui.Column("Highest", "score"),
        "n_countries": ui.Column("States rating it", "number"),
    },
    alt=f"Range chart: {s_title}. Dot: the country; bar: range and middle half of States; tick: the mean.",
)

# ---- wave against wave
st.subheader("Wave against wave")
waves = reference.wave_names(ctx.wh)
if len(waves) < 2:
    st.info("Only one wave is loaded: a comparison appears once a second wave is loaded.")
else:
    names = {w: ui.wave_short(ctx, w) for w in waves}
    order = list(reversed(list(waves)))  # oldest first
    others = [w for w in order if w != shared.wave_id]
    other = urlstate.selectbox(
        "Compare with wave",
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
    w_title = f"{domain_name}: mean severity, {names[before]} and {names[after]} (0-100)"
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
        ),
        change,
        key="severity_waves",
        title=w_title,
        provenance=ui.waves_provenance(ctx, (before, after), {"domain": domain}),
        columns={
            "challenge": ui.Column("Challenge", "code", "challenge"),
            "before": ui.Column(names[before], "score"),
            "after": ui.Column(names[after], "score"),
            "change": ui.Column("Change", "change"),
        },
        alt=f"Dot chart: {w_title}, one row per challenge asked the same way in both waves.",
        caption="Means over the States that rated each challenge in each wave. Only challenges "
        "asked the same way in both waves are compared.",
    )
    left_out = found.left_out[found.left_out["domain"] == domain]
    if not left_out.empty:
        st.markdown(
            "**Not compared:** "
            + "; ".join(f"{challenge(r.challenge)} ({r.reason})" for r in left_out.itertuples())
            + "."
        )
