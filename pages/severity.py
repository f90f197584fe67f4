"""Challenge severity: ranking with the published figures, heatmap, spread, wave against wave."""

from __future__ import annotations

import streamlit as st

from app import charts, filters, ui, urlstate
from app.queries import reference, survey

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "Challenge severity",
    "severity_",
    "How severe States rate each challenge to detecting, investigating and prosecuting "
    "technology-facilitated trafficking, on a 0-100 scale (higher is more severe).",
)
wave_name = ui.wave_label(ctx, shared.wave_id)
synthetic = ui.is_synthetic_wave(ctx, shared.wave_id)
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

# ---- ranking with the published figure
ranking = survey.severity_ranking(ctx.wh, shared.wave_id, domain)
title = f"{domain_name}: mean severity of challenges - {wave_name}"
has_published = ranking["published_score"].notna().any()
ui.chart_block(
    ctx,
    lambda: charts.bar_chart(
        ranking,
        category="challenge",
        value="mean_score",
        title=title,
        threshold=ctx.threshold,
        value_title="mean severity (0-100)",
        label=challenge,
        marker="published_score" if has_published else None,
        marker_name="Published figure (2022 study)",
        marker_text="published_text",
    ),
    ranking.assign(challenge=ranking["challenge"].map(challenge)),
    key="severity_ranking",
    header=ui.export_header(
        ctx, title, wave_name, wave=shared.wave_id, synthetic=synthetic, filters={"domain": domain}
    ),
    alt=f"Bar chart: {title}. Diamonds mark the figures published in the 2022 study.",
    caption="Bars: mean over the States that rated the challenge (don't-know answers left "
    "out). Diamonds: the score published in the 2022 study for GRETA, where there is one.",
)

# ---- countries x challenges
st.subheader("Countries and challenges")
scope = ", ".join(lab.country(c) for c in shared.countries) or "all countries"
matrix = survey.severity_matrix(ctx.wh, shared.wave_id, domain, shared.countries)
h_title = f"{domain_name}: severity by country and challenge, {scope} - {wave_name}"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        matrix,
        x="challenge",
        y="country_iso3",
        z="score",
        title=h_title,
        z_title="severity",
        x_label=challenge,
        y_label=lab.country,
    ),
    matrix.assign(
        country=matrix["country_iso3"].map(lab.country),
        challenge=matrix["challenge"].map(challenge),
    ),
    key="severity_heatmap",
    header=ui.export_header(
        ctx,
        h_title,
        wave_name,
        wave=shared.wave_id,
        synthetic=synthetic,
        filters={"domain": domain, "countries": scope},
    ),
    alt=f"Heatmap: {h_title}. Darker cells are less severe, yellow cells more severe.",
)

# ---- one country against all States
st.subheader("One country against all States")
all_codes = reference.country_options(ctx.wh)
default = ui.default_country(ctx, shared.wave_id, shared.countries)
country = urlstate.selectbox(
    "Country", all_codes, key="severity_country", default=default, format_func=lab.country
)
spread = survey.severity_spread(ctx.wh, shared.wave_id, domain, country)
s_title = f"{lab.country(country)} against all States: {domain_name} - {wave_name}"
ui.chart_block(
    ctx,
    lambda: charts.spread_chart(
        spread,
        category="challenge",
        title=s_title,
        country_name=lab.country(country),
        label=challenge,
    ),
    spread.assign(challenge=spread["challenge"].map(challenge)),
    key="severity_spread",
    header=ui.export_header(
        ctx,
        s_title,
        wave_name,
        wave=shared.wave_id,
        synthetic=synthetic,
        filters={"domain": domain, "country": str(country)},
    ),
    alt=f"Range chart: {s_title}. Dot: the country; bar: range and middle half of States; tick: the mean.",
)

# ---- wave against wave
st.subheader("Wave against wave")
waves = reference.wave_names(ctx.wh)
others = [w for w in waves if w != shared.wave_id]
if not others:
    st.info("Only one wave is loaded: a comparison appears once a second wave is loaded.")
else:
    names = {w: label for w, (label, _) in waves.items()}
    other = urlstate.selectbox(
        "Compare with wave", others, key="severity_other", default=others[0], format_func=names.get
    )
    change = survey.severity_waves(ctx.wh, domain, other, shared.wave_id)
    a_name, b_name = ui.wave_label(ctx, other), wave_name
    w_title = f"{domain_name}: {a_name} against {b_name}"
    ui.chart_block(
        ctx,
        lambda: charts.dumbbell(
            change,
            category="challenge",
            a="score_a",
            b="score_b",
            a_name=a_name,
            b_name=b_name,
            title=w_title,
            label=challenge,
        ),
        change.assign(challenge=change["challenge"].map(challenge)).rename(
            columns={"score_a": f"score {other}", "score_b": f"score {shared.wave_id}"}
        ),
        key="severity_waves",
        header=ui.export_header(
            ctx,
            w_title,
            f"{a_name}; {b_name}",
            wave=shared.wave_id,
            synthetic=synthetic or ui.is_synthetic_wave(ctx, other),
            filters={"domain": domain, "compared with": other},
        ),
        alt=f"Dot chart: {w_title}, one row per challenge.",
    )
