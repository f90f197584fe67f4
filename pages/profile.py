"""Country profile: everything about one country on one printable page."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import brief, charts, filters, i18n, ui, urlstate
from app.disclosure import mark_small
from app.queries import cases, reference, survey

ctx = ui.context()
lab = ui.labels(ctx)
shared = filters.current(ctx)
ui.page_header(ctx, "profile")
# printing drops the navigation and widgets so that the brief fits on paper
st.html("""<style>@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stSelectbox"], [data-testid="stPopover"],
  .stTabs [role="tablist"] { display: none !important; }
  .block-container { padding-top: 0 !important; }
}</style>""")

# one country: the sidebar's (the first, or one of them), or any when the sidebar has none
pool = list(shared.countries) or reference.country_options(ctx.wh)
if len(pool) == 1:
    country = pool[0]
else:
    country = urlstate.selectbox(
        "Country" if not shared.countries else "Country (of the sidebar's)",
        pool,
        key="profile_country",
        default=ui.default_country(ctx, shared.wave_id, shared.countries),
        format_func=lab.country,
    )
name = lab.country(country)
wave_name = ui.wave_short(ctx, shared.wave_id)
st.header(name)
st.caption("Print this page with your browser (Ctrl+P or Cmd+P): navigation and controls are left out.")
if country and shared.wave_id:
    lang = i18n.language(st.query_params.get("lang"))
    st.download_button(
        "Download the country brief (PDF)",
        lambda: brief.from_file(ctx.wid.path, country, shared.wave_id, lang, ctx.threshold),
        file_name=f"brief-{country}-{shared.wave_id}-{lang}.pdf",
        mime="application/pdf",
        key="profile_brief",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )

countries = reference.countries(ctx.wh)
row = countries[countries["iso3"] == country]
answered = country in reference.answering_countries(ctx.wh, shared.wave_id)
facts = st.columns(3)
if not row.empty:
    r = row.iloc[0]
    facts[0].metric("Council of Europe member", "yes" if r["coe_member"] else "no")
    facts[1].metric("Party to the Anti-Trafficking Convention", "yes" if r["convention_party"] else "no")
facts[2].metric(f"Answered the {wave_name} questionnaire", "yes" if answered else "no")

# ---- severity, one chart per domain
st.subheader("Challenges: this country against all States")
challenge = lab.of("challenge")
if not answered:
    st.info(f"{name} did not answer the {wave_name} questionnaire.")
for domain in survey.severity_domains(ctx.wh, shared.wave_id):
    spread = survey.severity_spread(ctx.wh, shared.wave_id, domain, country)
    if spread["country_score"].isna().all():
        continue
    title = f"{name}: {lab.of('challenge_domain')(domain)}, {wave_name} (severity 0-100)"
    ui.chart_block(
        ctx,
        lambda spread=spread: charts.spread_chart(
            spread, category="challenge", title="", country_name=name, label=challenge
        ),
        spread,
        key=f"profile_severity_{domain}",
        title=title,
        provenance=ui.wave_provenance(ctx, shared.wave_id, {"country": name, "domain": domain}),
        columns={
            "challenge": ui.Column("Challenge", "code", "challenge"),
            "country_score": ui.Column(name, "score"),
            "mean_score": ui.Column("Mean of all States", "score"),
            "min_score": ui.Column("Lowest", "score"),
            "max_score": ui.Column("Highest", "score"),
        },
        alt=f"Range chart: {title}.",
    )

# ---- training
st.subheader("Training gaps")
matrix = survey.training_matrix(ctx.wh, shared.wave_id, country)
t_title = f"{name}: training gap by audience and area, {wave_name} (0-100)"
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        matrix,
        x="area",
        y="audience",
        z="gap_score",
        title="",
        z_title="gap (0-100)",
        x_label=lab.of("area"),
        y_label=lab.of("audience"),
    ),
    matrix,
    key="profile_training",
    title=t_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"country": name}),
    columns={
        "audience": ui.Column("Audience", "code", "audience"),
        "area": ui.Column("Area", "code", "area"),
        "provision": ui.Column("Provision (0-100)", "score"),
        "need": ui.Column("Need (0-100)", "score"),
        "gap_score": ui.Column("Gap (0-100)", "score"),
    },
    alt=f"Heatmap: {t_title}.",
)

# ---- strategies
st.subheader("Response strategies")
strategies = survey.country_strategies(ctx.wh, shared.wave_id, country)
ui.table(
    ui.present(
        strategies,
        {
            "strategy": ui.Column("Strategy", "code", "strategy"),
            "in_use": ui.Column(f"In use in {name}", "yesno"),
            "pct_all_states": ui.Column("Share of all States using it (%)", "percent"),
        },
        lab,
        ctx.threshold,
    ),
    "profile_strategies_table",
)

# ---- since the previous wave
before = survey.previous_wave(ctx.wh, shared.wave_id)
if before is not None and shared.wave_id is not None:
    before_name = ui.wave_short(ctx, before)
    st.subheader(f"Since the {before_name} questionnaire")
    severity = survey.change(ctx.wh, "severity", before, shared.wave_id, (country,))
    missing = [w for w, gone in severity.missing.items() if gone]
    if missing:
        st.info(
            f"{name} did not answer the {' and '.join(ui.wave_short(ctx, w) for w in missing)} questionnaire."
        )
    else:
        mine = severity.frame[severity.frame["country_iso3"] == country].sort_values("change")
        c_title = f"{name}: severity of challenges, {before_name} and {wave_name} (0-100)"
        ui.chart_block(
            ctx,
            lambda: charts.dumbbell(
                mine,
                category="challenge",
                a="before",
                b="after",
                a_name=before_name,
                b_name=wave_name,
                title="",
                label=challenge,
            ),
            mine,
            key="profile_severity_change",
            title=c_title,
            provenance=ui.waves_provenance(ctx, (before, shared.wave_id), {"country": name}),
            columns={
                "domain": ui.Column("Domain", "code", "challenge_domain"),
                "challenge": ui.Column("Challenge", "code", "challenge"),
                "before": ui.Column(before_name, "score"),
                "after": ui.Column(wave_name, "score"),
                "change": ui.Column("Change", "change"),
            },
            alt=f"Dot chart: {c_title}.",
            caption="Only challenges asked the same way in both waves."
            + (
                " Not compared: "
                + "; ".join(f"{challenge(r.challenge)} ({r.reason})" for r in severity.left_out.itertuples())
                + "."
                if not severity.left_out.empty
                else ""
            ),
        )
        moved = survey.change(ctx.wh, "strategies", before, shared.wave_id, (country,)).frame
        moved = moved[(moved["country_iso3"] == country) & (moved["change"] != 0)]
        if not moved.empty:
            taken = ", ".join(lab.of("strategy")(s) for s in moved[moved["change"] > 0]["strategy"])
            dropped = ", ".join(lab.of("strategy")(s) for s in moved[moved["change"] < 0]["strategy"])
            st.markdown(f"**Strategies taken up:** {taken or 'none'}. **Dropped:** {dropped or 'none'}.")

# ---- recorded cases
st.subheader("Recorded cases")
source = ui.case_source(ctx, "profile_source")
if source is None:
    st.info("No case records are loaded.")
    st.stop()
per = urlstate.selectbox(
    "Show",
    ["count", "rate"],
    key="profile_per",
    default="count",
    format_func={"count": "Number of cases", "rate": "Cases per 100,000 inhabitants"}.get,
)
found = cases.breakdown(ctx.wh, source, "exploitation_type", "cases", (country,))
lines, folded = charts.top_groups(found.frame, group="category", value="value")
provenance = found.provenance
if per == "rate":
    lines = lines.assign(country_iso3=country)
    lines = lines.assign(value=reference.per_100k(ctx.wh, lines, "value").round(3))
    provenance = replace(
        provenance, source=f"{provenance.source}; population: {reference.population_source(ctx.wh)}"
    )
    unit, column = "per 100,000 inhabitants", ui.Column("Cases per 100,000 inhabitants", "rate")
else:
    lines = mark_small(lines, ["value"], ctx.threshold)
    unit, column = "number per year", ui.Column("Cases", "count")
c_title = f"{name}: recorded cases by exploitation type, {provenance.period} ({unit})"
label = lab.of("exploitation_type")
ui.chart_block(
    ctx,
    lambda: charts.line_chart(
        lines,
        x="year",
        y="value",
        group="category",
        threshold=ctx.threshold,
        y_title=unit,
        label=label,
        digits=0 if per == "count" else 3,
    ),
    lines.assign(category=lines["category"].map(lambda c: "All others" if c == charts.OTHERS else label(c))),
    key="profile_cases",
    title=c_title,
    provenance=provenance,
    columns={"year": ui.Column("Year"), "category": ui.Column("Exploitation type"), "value": column},
    alt=f"Line chart: {c_title}.",
)
share = cases.online_share(ctx.wh, source, ctx.threshold, (country,))
share_frame = mark_small(share.frame, ["cases", "cases_online_recruitment"], ctx.threshold)
o_title = f"{name}: cases recruited online, {share.provenance.period} (% of recorded cases)"
ui.chart_block(
    ctx,
    lambda: charts.online_share_chart(share_frame, o_title, ctx.threshold),
    share_frame,
    key="profile_online",
    title=o_title,
    provenance=share.provenance,
    columns={
        "year": ui.Column("Year"),
        "cases": ui.Column("Recorded cases", "count"),
        "cases_online_recruitment": ui.Column("Recruited online", "count"),
        "share_pct": ui.Column("Share recruited online (%)", "percent"),
    },
    alt=f"Line chart: {o_title}.",
    caption=f"No share is given for a year with fewer than {ctx.threshold} cases.",
)
