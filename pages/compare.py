"""Compare two to six countries across severity, training, strategies and trends."""

from __future__ import annotations

import streamlit as st

from app import charts, filters, ui, urlstate
from app.disclosure import mark_small
from app.queries import cases, reference, survey

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "Compare countries",
    "compare_",
    "Two to six countries side by side; the grey series is the average of all States.",
)
wave_name = ui.wave_label(ctx, shared.wave_id)
synthetic = ui.is_synthetic_wave(ctx, shared.wave_id)
all_codes = reference.country_options(ctx.wh)
answering = reference.answering_countries(ctx.wh, shared.wave_id) or all_codes
default = list(shared.countries[:6]) if len(shared.countries) >= 2 else answering[:3]
chosen = urlstate.multiselect(
    "Countries to compare",
    all_codes,
    key="compare_countries",
    default=default,
    format_func=lab.country,
    max_selections=6,
)
if len(chosen) < 2:
    st.info("Choose at least two countries to compare.")
    st.stop()
picked = tuple(chosen)
names = ", ".join(lab.country(c) for c in picked)
country_label = lab.country


def _with_names(df, category: str, vocabulary: str):
    return df.assign(
        country=df["country_iso3"].map(country_label),
        **{category: df[category].map(lab.of(vocabulary))},
    )


def compare_bars(df, category: str, vocabulary: str, value: str, value_title: str, title: str, key: str):
    """One grouped bar chart of the chosen countries beside the all-States average."""
    ui.chart_block(
        ctx,
        lambda: charts.grouped_bars(
            df,
            category=category,
            group="country_iso3",
            value=value,
            title=title,
            value_title=value_title,
            label=lab.of(vocabulary),
            group_label=country_label,
            reference=survey.ALL_STATES,
        ),
        _with_names(df, category, vocabulary),
        key=key,
        header=ui.export_header(
            ctx, title, wave_name, wave=shared.wave_id, synthetic=synthetic, filters={"countries": names}
        ),
        alt=f"Grouped bar chart: {title}.",
    )


# ---- severity
compare_bars(
    survey.compare(ctx.wh, "severity", shared.wave_id, picked),
    "domain",
    "challenge_domain",
    "mean_score",
    "mean severity (0-100)",
    f"Mean severity per domain: {names} - {wave_name}",
    "compare_severity",
)

# ---- training
compare_bars(
    survey.compare(ctx.wh, "training", shared.wave_id, picked),
    "area",
    "area",
    "mean_gap",
    "mean gap (0-100)",
    f"Mean training gap per area (over audiences): {names} - {wave_name}",
    "compare_training",
)

# ---- strategies
strat = survey.compare(ctx.wh, "strategies", shared.wave_id, picked)
s_title = f"Response strategies in use: {names} (100 = in use), all States (% using) - {wave_name}"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        strat,
        x="country_iso3",
        y="strategy",
        z="pct_in_use",
        title=s_title,
        z_title="% in use",
        x_label=country_label,
        y_label=lab.of("strategy"),
        pinned=survey.ALL_STATES,
    ),
    _with_names(strat, "strategy", "strategy"),
    key="compare_strategies",
    header=ui.export_header(
        ctx,
        s_title,
        wave_name,
        wave=shared.wave_id,
        synthetic=synthetic,
        filters={"countries": names},
    ),
    alt=f"Heatmap: {s_title}.",
)

# ---- trends
source = ui.case_source(ctx, "compare_source")
if source is None:
    st.info("No case records are loaded.")
    st.stop()
found = cases.compare(ctx.wh, source, picked)
trend = mark_small(found.frame, ["cases"], ctx.threshold)
c_title = f"Recorded cases per year: {names}, {found.provenance.period}"
ui.chart_block(
    ctx,
    lambda: charts.line_chart(
        trend,
        x="year",
        y="cases",
        group="country_iso3",
        title=c_title,
        threshold=ctx.threshold,
        y_title="cases",
        label=country_label,
        reference=cases.ALL_STATES,
    ),
    trend.assign(country=trend["country_iso3"].map(country_label)),
    key="compare_cases",
    header=ui.export_header_for(ctx, c_title, found.provenance),
    alt=f"Line chart: {c_title}. Dashed grey: mean over all published countries.",
    caption="All States: mean over every country the source is published for. "
    + ui.source_line(found.provenance),
)
