"""Compare the sidebar's countries: severity, training, strategies, what changed between waves, cases."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from app import charts, filters, ui, urlstate
from app.disclosure import mark_small
from app.queries import cases, reference, survey

MAX_COUNTRIES = 6

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "compare",
    "The countries chosen in the sidebar side by side, against the average of all States, "
    "and what changed between two waves.",
)
picked = tuple(shared.countries[:MAX_COUNTRIES])
if len(picked) < 2:
    st.info(
        f"Choose two to {MAX_COUNTRIES} countries under **Countries** in the sidebar to compare them.",
        icon=":material/arrow_back:",
    )
    st.stop()
if len(shared.countries) > MAX_COUNTRIES:
    st.caption(f"The first {MAX_COUNTRIES} of the sidebar's countries are compared.")
names = ", ".join(lab.country(c) for c in picked)
wave_name = ui.wave_short(ctx, shared.wave_id)
answering = set(reference.answering_countries(ctx.wh, shared.wave_id))
silent = [c for c in picked if c not in answering]
if silent:
    st.warning(
        f"{', '.join(lab.country(c) for c in silent)} did not answer the {wave_name} questionnaire: "
        "the questionnaire charts below show the others only.",
        icon=":material/info:",
    )
# each country keeps its colour on every chart of the page: the sidebar's order decides it
order = {c: i for i, c in enumerate(picked)}


def in_order(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in the sidebar's order of countries, the all-States reference last."""
    rank = df["country_iso3"].map(lambda c: order.get(c, len(order)))
    return df.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank")


def compare_bars(
    what: str, category: str, vocabulary: str, value: str, unit: str, title: str, key: str
) -> None:
    """One grouped bar chart of the chosen countries beside the all-States average."""
    df = in_order(survey.compare(ctx.wh, what, shared.wave_id, picked))
    ui.chart_block(
        ctx,
        lambda: charts.grouped_bars(
            df,
            category=category,
            group="country_iso3",
            value=value,
            title="",
            value_title=unit,
            label=lab.of(vocabulary),
            group_label=lab.country,
            reference=survey.ALL_STATES,
        ),
        df,
        key=key,
        title=title,
        provenance=ui.wave_provenance(ctx, shared.wave_id, {"countries": names}),
        columns={
            category: ui.Column(category.capitalize(), "code", vocabulary),
            "country_iso3": ui.Column("Country", "country"),
            value: ui.Column(unit.capitalize(), "score"),
        },
        alt=f"Grouped bar chart: {title}. Grey: the average of all States.",
    )


# ---- severity and training
compare_bars(
    "severity",
    "domain",
    "challenge_domain",
    "mean_score",
    "mean severity (0-100)",
    f"Mean severity of challenges per domain: {names}, {wave_name} (0-100)",
    "compare_severity",
)
compare_bars(
    "training",
    "area",
    "area",
    "mean_gap",
    "mean gap (0-100)",
    f"Mean training gap per area, over audiences: {names}, {wave_name} (0-100)",
    "compare_training",
)

# ---- strategies: yes or no
strategies = in_order(survey.strategies_in_use(ctx.wh, shared.wave_id, picked))
s_title = f"Response strategies in use: {names}, {wave_name} (yes or no)"
ui.chart_block(
    ctx,
    lambda: charts.yes_no_matrix(
        strategies,
        x="country_iso3",
        y="strategy",
        value="in_use",
        x_label=lab.country,
        y_label=lab.of("strategy"),
    ),
    strategies,
    key="compare_strategies",
    title=s_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"countries": names}),
    columns={
        "strategy": ui.Column("Strategy", "code", "strategy"),
        "country_iso3": ui.Column("Country", "country"),
        "in_use": ui.Column("In use", "yesno"),
        "pct_all_states": ui.Column("Share of all States using it (%)", "percent"),
    },
    alt=f"Dot matrix: {s_title}. A filled dot is yes, an open one no.",
    caption="A filled dot: the State uses the strategy; an open dot: it does not. The table gives "
    "the share of all States using each.",
)

# ---- what changed between two waves
st.subheader("What changed between two waves")
waves = reference.wave_names(ctx.wh)
wave_order = list(reversed(list(waves)))  # oldest first
if len(wave_order) < 2:
    st.info("Only one wave is loaded: changes appear once a second wave is loaded.")
else:
    wave_names = {w: ui.wave_short(ctx, w) for w in waves}
    earlier = [w for w in wave_order if w != shared.wave_id]
    other = urlstate.selectbox(
        "Compare the sidebar's wave with",
        earlier,
        key="compare_other",
        default=survey.previous_wave(ctx.wh, shared.wave_id) or earlier[-1],
        format_func=wave_names.get,
    )
    before, after = sorted((other, shared.wave_id), key=wave_order.index)
    pair = f"{wave_names[before]} to {wave_names[after]}"
    for what, label in (
        ("severity", "severity ratings"),
        ("training", "training gaps"),
        ("strategies", "strategies"),
    ):
        found = survey.change(ctx.wh, what, before, after, picked)
        for wave, missing in found.missing.items():
            if missing:
                who = ", ".join(lab.country(c) for c in missing)
                st.caption(f"{who}: no {label} in {wave_names[wave]}, so no change.")
    severity = survey.change(ctx.wh, "severity", before, after, picked)
    per_domain = severity.frame.groupby(["domain", "country_iso3"], as_index=False)[
        ["before", "after", "change"]
    ].mean()
    per_domain = in_order(per_domain)
    c_title = f"Change in mean severity per domain, {pair}: {names} (points on 0-100)"
    ui.chart_block(
        ctx,
        lambda: charts.grouped_bars(
            per_domain,
            category="domain",
            group="country_iso3",
            value="change",
            title="",
            value_title="change (points)",
            label=lab.of("challenge_domain"),
            group_label=lab.country,
            reference=survey.ALL_STATES,
        ),
        in_order(severity.frame),
        key="compare_severity_change",
        title=c_title,
        provenance=ui.waves_provenance(ctx, (before, after), {"countries": names}),
        columns={
            "country_iso3": ui.Column("Country", "country"),
            "domain": ui.Column("Domain", "code", "challenge_domain"),
            "challenge": ui.Column("Challenge", "code", "challenge"),
            "before": ui.Column(wave_names[before], "score"),
            "after": ui.Column(wave_names[after], "score"),
            "change": ui.Column("Change", "change"),
        },
        alt=f"Grouped bar chart: {c_title}. Above zero: rated more severe in the later wave.",
        caption="Above zero: rated more severe in the later wave. The table has every challenge. "
        + (
            "Not compared, asked differently: "
            + "; ".join(
                f"{lab.of('challenge')(r.challenge)} ({r.reason})" for r in severity.left_out.itertuples()
            )
            + "."
            if not severity.left_out.empty
            else "Every challenge was asked the same way in both waves."
        ),
    )
    training = survey.change(ctx.wh, "training", before, after, picked)
    per_area = in_order(
        training.frame.groupby(["area", "country_iso3"], as_index=False)[["before", "after", "change"]].mean()
    )
    t_title = f"Change in mean training gap per area, {pair}: {names} (points on 0-100)"
    ui.chart_block(
        ctx,
        lambda: charts.grouped_bars(
            per_area,
            category="area",
            group="country_iso3",
            value="change",
            title="",
            value_title="change (points)",
            label=lab.of("area"),
            group_label=lab.country,
            reference=survey.ALL_STATES,
        ),
        in_order(training.frame),
        key="compare_training_change",
        title=t_title,
        provenance=ui.waves_provenance(ctx, (before, after), {"countries": names}),
        columns={
            "country_iso3": ui.Column("Country", "country"),
            "audience": ui.Column("Audience", "code", "audience"),
            "area": ui.Column("Area", "code", "area"),
            "before": ui.Column(wave_names[before], "score"),
            "after": ui.Column(wave_names[after], "score"),
            "change": ui.Column("Change", "change"),
        },
        alt=f"Grouped bar chart: {t_title}. Below zero: the gap narrowed.",
        caption="Below zero: the gap narrowed. The table has every audience and area.",
    )
    moved = survey.change(ctx.wh, "strategies", before, after, picked).frame
    moved = moved[(moved["country_iso3"] != survey.ALL_STATES) & (moved["change"] != 0)]
    st.markdown(f"**Strategies taken up or dropped, {pair}**")
    if moved.empty:
        st.caption("None of the chosen countries took up or dropped a strategy.")
    else:
        moved = in_order(moved).assign(
            what=moved["change"].map(lambda c: "taken up" if c > 0 else "dropped"),
        )
        shown = ui.present(
            moved,
            {
                "country_iso3": ui.Column("Country", "country"),
                "strategy": ui.Column("Strategy", "code", "strategy"),
                "what": ui.Column("Change"),
            },
            lab,
            ctx.threshold,
        )
        ui.table(shown, "compare_strategies_change")

# ---- recorded cases
st.subheader("Recorded cases")
source = ui.case_source(ctx, "compare_source")
if source is None:
    st.info("No case records are loaded.")
    st.stop()
per = urlstate.selectbox(
    "Show",
    ["count", "rate"],
    key="compare_per",
    default="count",
    format_func={"count": "Number of cases", "rate": "Cases per 100,000 inhabitants"}.get,
)
found = cases.compare(ctx.wh, source, picked)
frame, provenance = in_order(found.frame), found.provenance
if per == "rate":
    people = frame[frame["country_iso3"] != cases.ALL_STATES]
    frame = people.assign(cases=reference.per_100k(ctx.wh, people, "cases").round(2))
    provenance = replace(
        provenance, source=f"{provenance.source}; population: {reference.population_source(ctx.wh)}"
    )
    unit, column = "per 100,000 inhabitants", ui.Column("Cases per 100,000 inhabitants", "rate")
else:
    frame = mark_small(frame, ["cases"], ctx.threshold)
    unit, column = "number per year", ui.Column("Cases", "count")
c_title = f"Recorded cases: {names}, {provenance.period} ({unit})"
ui.chart_block(
    ctx,
    lambda: charts.line_chart(
        frame,
        x="year",
        y="cases",
        group="country_iso3",
        threshold=ctx.threshold,
        y_title="cases" if per == "count" else "per 100,000",
        label=lab.country,
        reference=cases.ALL_STATES,
        digits=0 if per == "count" else 2,
    ),
    frame,
    key="compare_cases",
    title=c_title,
    provenance=provenance,
    columns={"year": ui.Column("Year"), "country_iso3": ui.Column("Country", "country"), "cases": column},
    alt=f"Line chart: {c_title}."
    + (" Dashed grey: the mean over all published countries." if per == "count" else ""),
    caption="All States: the mean over every country the source is published for." if per == "count" else "",
)
