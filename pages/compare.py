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
_ = ui.tr(ctx)
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(
    ctx,
    "compare",
    _(
        "The countries chosen in the sidebar side by side, against the average of all States, and "
        "what changed between two waves."
    ),
)
picked = tuple(shared.countries[:MAX_COUNTRIES])
if len(picked) < 2:
    st.info(
        _("Choose two to {most} countries under **Countries** in the sidebar to compare them.").format(
            most=MAX_COUNTRIES
        ),
        icon=":material/arrow_back:",
    )
    st.stop()
if len(shared.countries) > MAX_COUNTRIES:
    st.caption(_("The first {most} of the sidebar's countries are compared.").format(most=MAX_COUNTRIES))
names = ", ".join(lab.country(c) for c in picked)
wave_name = ui.wave_short(ctx, shared.wave_id)
answering = set(reference.answering_countries(ctx.wh, shared.wave_id))
silent = [c for c in picked if c not in answering]
if silent:
    st.warning(
        _(
            "{countries} did not answer the {wave} questionnaire: the questionnaire charts below show "
            "the others only."
        ).format(countries=", ".join(lab.country(c) for c in silent), wave=wave_name),
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
            category: ui.Column(CATEGORY_NAMES[category], "code", vocabulary),
            "country_iso3": ui.Column(_("Country"), "country"),
            value: ui.Column(unit[:1].upper() + unit[1:], "score"),
        },
        alt=_("Grouped bar chart: {title}. Grey: the average of all States.").format(title=title),
    )


CATEGORY_NAMES = {"domain": _("Domain"), "area": _("Area")}


# ---- severity and training
compare_bars(
    "severity",
    "domain",
    "challenge_domain",
    "mean_score",
    _("mean severity (0-100)"),
    _("Mean severity of challenges per domain: {names}, {wave} (0-100)").format(names=names, wave=wave_name),
    "compare_severity",
)
compare_bars(
    "training",
    "area",
    "area",
    "mean_gap",
    _("mean gap (0-100)"),
    _("Mean training gap per area, over audiences: {names}, {wave} (0-100)").format(
        names=names, wave=wave_name
    ),
    "compare_training",
)

# ---- strategies: yes or no
strategies = in_order(survey.strategies_in_use(ctx.wh, shared.wave_id, picked))
s_title = _("Response strategies in use: {names}, {wave} (yes or no)").format(names=names, wave=wave_name)
ui.chart_block(
    ctx,
    lambda: charts.yes_no_matrix(
        strategies,
        x="country_iso3",
        y="strategy",
        value="in_use",
        x_label=lab.country,
        y_label=lab.of("strategy"),
        tr=_,
    ),
    strategies,
    key="compare_strategies",
    title=s_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"countries": names}),
    columns={
        "strategy": ui.Column(_("Strategy"), "code", "strategy"),
        "country_iso3": ui.Column(_("Country"), "country"),
        "in_use": ui.Column(_("In use"), "yesno"),
        "pct_all_states": ui.Column(_("Share of all States using it (%)"), "percent"),
    },
    alt=_("Dot matrix: {title}. A filled dot is yes, an open one no.").format(title=s_title),
    caption=_(
        "A filled dot: the State uses the strategy; an open dot: it does not. The table gives the share "
        "of all States using each."
    ),
)

# ---- what changed between two waves
st.subheader(_("What changed between two waves"))
waves = ui.wave_names(ctx)
wave_order = list(reversed(list(waves)))  # oldest first
if len(wave_order) < 2:
    st.info(_("Only one wave is loaded: changes appear once a second wave is loaded."))
else:
    wave_names = {w: ui.wave_short(ctx, w) for w in waves}
    earlier = [w for w in wave_order if w != shared.wave_id]
    other = urlstate.selectbox(
        _("Compare the sidebar's wave with"),
        earlier,
        key="compare_other",
        default=survey.previous_wave(ctx.wh, shared.wave_id) or earlier[-1],
        format_func=wave_names.get,
    )
    before, after = sorted((other, shared.wave_id), key=wave_order.index)
    pair = _("{before} to {after}").format(before=wave_names[before], after=wave_names[after])
    for what, label in (
        ("severity", _("severity ratings")),
        ("training", _("training gaps")),
        ("strategies", _("strategies")),
    ):
        found = survey.change(ctx.wh, what, before, after, picked)
        for wave, missing in found.missing.items():
            if missing:
                who = ", ".join(lab.country(c) for c in missing)
                st.caption(
                    _("{who}: no {what} in the {wave}, so no change.").format(
                        who=who, what=label, wave=wave_names[wave]
                    )
                )
    COUNTRY = ui.Column(_("Country"), "country")
    BEFORE, AFTER = ui.Column(wave_names[before], "score"), ui.Column(wave_names[after], "score")
    CHANGE = ui.Column(_("Change"), "change")
    severity = survey.change(ctx.wh, "severity", before, after, picked)
    per_domain = severity.frame.groupby(["domain", "country_iso3"], as_index=False)[
        ["before", "after", "change"]
    ].mean()
    per_domain = in_order(per_domain)
    c_title = _("Change in mean severity per domain, {pair}: {names} (points on 0-100)").format(
        pair=pair, names=names
    )
    left_out = ui.not_compared(ctx, severity.left_out)
    ui.chart_block(
        ctx,
        lambda: charts.grouped_bars(
            per_domain,
            category="domain",
            group="country_iso3",
            value="change",
            title="",
            value_title=_("change (points)"),
            label=lab.of("challenge_domain"),
            group_label=lab.country,
            reference=survey.ALL_STATES,
        ),
        in_order(severity.frame),
        key="compare_severity_change",
        title=c_title,
        provenance=ui.waves_provenance(ctx, (before, after), {"countries": names}),
        columns={
            "country_iso3": COUNTRY,
            "domain": ui.Column(_("Domain"), "code", "challenge_domain"),
            "challenge": ui.Column(_("Challenge"), "code", "challenge"),
            "before": BEFORE,
            "after": AFTER,
            "change": CHANGE,
        },
        alt=_("Grouped bar chart: {title}. Above zero: rated more severe in the later wave.").format(
            title=c_title
        ),
        caption=_("Above zero: rated more severe in the later wave. The table has every challenge.")
        + " "
        + (
            _("Not compared, asked differently: {items}.").format(items=left_out)
            if left_out
            else _("Every challenge was asked the same way in both waves.")
        ),
    )
    training = survey.change(ctx.wh, "training", before, after, picked)
    per_area = in_order(
        training.frame.groupby(["area", "country_iso3"], as_index=False)[["before", "after", "change"]].mean()
    )
    t_title = _("Change in mean training gap per area, {pair}: {names} (points on 0-100)").format(
        pair=pair, names=names
    )
    ui.chart_block(
        ctx,
        lambda: charts.grouped_bars(
            per_area,
            category="area",
            group="country_iso3",
            value="change",
            title="",
            value_title=_("change (points)"),
            label=lab.of("area"),
            group_label=lab.country,
            reference=survey.ALL_STATES,
        ),
        in_order(training.frame),
        key="compare_training_change",
        title=t_title,
        provenance=ui.waves_provenance(ctx, (before, after), {"countries": names}),
        columns={
            "country_iso3": COUNTRY,
            "audience": ui.Column(_("Audience"), "code", "audience"),
            "area": ui.Column(_("Area"), "code", "area"),
            "before": BEFORE,
            "after": AFTER,
            "change": CHANGE,
        },
        alt=_("Grouped bar chart: {title}. Below zero: the gap narrowed.").format(title=t_title),
        caption=_("Below zero: the gap narrowed. The table has every audience and area."),
    )
    moved = survey.change(ctx.wh, "strategies", before, after, picked).frame
    moved = moved[(moved["country_iso3"] != survey.ALL_STATES) & (moved["change"] != 0)]
    st.markdown(_("**Strategies taken up or dropped, {pair}**").format(pair=pair))
    if moved.empty:
        st.caption(_("None of the chosen countries took up or dropped a strategy."))
    else:
        moved = in_order(moved).assign(
            what=moved["change"].map(lambda c: _("taken up") if c > 0 else _("dropped")),
        )
        shown = ui.present(
            moved,
            {
                "country_iso3": COUNTRY,
                "strategy": ui.Column(_("Strategy"), "code", "strategy"),
                "what": ui.Column(_("Change")),
            },
            lab,
            ctx.threshold,
            ctx.lang,
        )
        ui.table(shown, "compare_strategies_change")

# ---- recorded cases
st.subheader(_("Recorded cases"))
source = ui.case_source(ctx, "compare_source")
if source is None:
    st.info(_("No case records are loaded."))
    st.stop()
SHOW = {"count": _("Number of cases"), "rate": _("Cases per 100,000 inhabitants")}
per = urlstate.selectbox(_("Show"), list(SHOW), key="compare_per", default="count", format_func=SHOW.get)
found = cases.compare(ctx.wh, source, picked)
frame, provenance = in_order(found.frame), found.provenance
if per == "rate":
    people = frame[frame["country_iso3"] != cases.ALL_STATES]
    frame = people.assign(cases=reference.per_100k(ctx.wh, people, "cases").round(2))
    provenance = replace(
        provenance,
        source=_("{source}; population: {population}").format(
            source=provenance.source, population=reference.population_source(ctx.wh)
        ),
    )
    unit, column = _("per 100,000 inhabitants"), ui.Column(SHOW["rate"], "rate")
else:
    frame = mark_small(frame, ["cases"], ctx.threshold)
    unit, column = _("number per year"), ui.Column(_("Cases"), "count")
c_title = _("Recorded cases: {names}, {period} ({unit})").format(
    names=names, period=provenance.period, unit=unit
)
ui.chart_block(
    ctx,
    lambda: charts.line_chart(
        frame,
        x="year",
        y="cases",
        group="country_iso3",
        threshold=ctx.threshold,
        y_title=unit,
        label=lab.country,
        reference=cases.ALL_STATES,
        digits=0 if per == "count" else 2,
        tr=_,
        lang=ctx.lang,
    ),
    frame,
    key="compare_cases",
    title=c_title,
    provenance=provenance,
    columns={
        "year": ui.Column(_("Year")),
        "country_iso3": ui.Column(_("Country"), "country"),
        "cases": column,
    },
    alt=_("Line chart: {title}.").format(title=c_title)
    + (" " + _("Dashed grey: the mean over all published countries.") if per == "count" else ""),
    caption=_("All States: the mean over every country the source is published for.")
    if per == "count"
    else "",
)
