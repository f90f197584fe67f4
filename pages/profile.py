"""Country profile: everything about one country on one printable page."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import brief, charts, filters, ui, urlstate
from app.disclosure import mark_small
from app.queries import cases, reference, survey

ctx = ui.context()
_ = ui.tr(ctx)
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
pool = list(shared.countries) or ui.country_options(ctx)
if len(pool) == 1:
    country = pool[0]
else:
    country = urlstate.selectbox(
        _("Country") if not shared.countries else _("Country (of the sidebar's)"),
        pool,
        key="profile_country",
        default=ui.default_country(ctx, shared.wave_id, shared.countries),
        format_func=lab.country,
    )
name = lab.country(country)
wave_name = ui.wave_short(ctx, shared.wave_id)
yes_no = {True: lab.yes, False: lab.no}
st.header(name)
st.caption(_("Print this page with your browser (Ctrl+P or Cmd+P): navigation and controls are left out."))
if country and shared.wave_id:
    st.download_button(
        _("Download the country brief (PDF)"),
        lambda: brief.from_file(ctx.wid.path, country, shared.wave_id, ctx.lang, ctx.threshold),
        file_name=f"brief-{country}-{shared.wave_id}-{ctx.lang}.pdf",
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
    facts[0].metric(_("Council of Europe member"), yes_no[bool(r["coe_member"])])
    facts[1].metric(_("Party to the Anti-Trafficking Convention"), yes_no[bool(r["convention_party"])])
facts[2].metric(_("Answered the {wave} questionnaire").format(wave=wave_name), yes_no[answered])
CHALLENGE = ui.Column(_("Challenge"), "code", "challenge")

# ---- severity, one chart per domain
st.subheader(_("Challenges: this country against all States"))
challenge = lab.of("challenge")
if not answered:
    st.info(_("{country} did not answer the {wave} questionnaire.").format(country=name, wave=wave_name))
for domain in survey.severity_domains(ctx.wh, shared.wave_id):
    spread = survey.severity_spread(ctx.wh, shared.wave_id, domain, country)
    if spread["country_score"].isna().all():
        continue
    title = _("{country}: {domain}, {wave} (severity 0-100)").format(
        country=name, domain=lab.of("challenge_domain")(domain), wave=wave_name
    )
    ui.chart_block(
        ctx,
        lambda spread=spread: charts.spread_chart(
            spread, category="challenge", title="", country_name=name, label=challenge, tr=_
        ),
        spread,
        key=f"profile_severity_{domain}",
        title=title,
        provenance=ui.wave_provenance(ctx, shared.wave_id, {"country": name, "domain": domain}),
        columns={
            "challenge": CHALLENGE,
            "country_score": ui.Column(name, "score"),
            "mean_score": ui.Column(_("Mean of all States"), "score"),
            "min_score": ui.Column(_("Lowest"), "score"),
            "max_score": ui.Column(_("Highest"), "score"),
        },
        alt=_("Range chart: {title}.").format(title=title),
    )

# ---- training
st.subheader(_("Training gaps"))
matrix = survey.training_matrix(ctx.wh, shared.wave_id, country)
t_title = _("{country}: training gap by audience and area, {wave} (0-100)").format(
    country=name, wave=wave_name
)
ui.chart_block(
    ctx,
    lambda: charts.heatmap(
        matrix,
        x="area",
        y="audience",
        z="gap_score",
        title="",
        z_title=_("gap (0-100)"),
        x_label=lab.of("area"),
        x_short=lab.short("area"),
        y_label=lab.of("audience"),
    ),
    matrix,
    key="profile_training",
    title=t_title,
    provenance=ui.wave_provenance(ctx, shared.wave_id, {"country": name}),
    columns={
        "audience": ui.Column(_("Audience"), "code", "audience"),
        "area": ui.Column(_("Area"), "code", "area"),
        "provision": ui.Column(_("Provision (0-100)"), "score"),
        "need": ui.Column(_("Need (0-100)"), "score"),
        "gap_score": ui.Column(_("Gap (0-100)"), "score"),
    },
    alt=_("Heatmap: {title}.").format(title=t_title),
)

# ---- strategies
st.subheader(_("Response strategies"))
strategies = survey.country_strategies(ctx.wh, shared.wave_id, country)
ui.table(
    ui.present(
        strategies,
        {
            "strategy": ui.Column(_("Strategy"), "code", "strategy"),
            "in_use": ui.Column(_("In use in {country}").format(country=name), "yesno"),
            "pct_all_states": ui.Column(_("Share of all States using it (%)"), "percent"),
        },
        lab,
        ctx.threshold,
        ctx.lang,
    ),
    "profile_strategies_table",
)

# ---- since the previous wave
before = survey.previous_wave(ctx.wh, shared.wave_id)
if before is not None and shared.wave_id is not None:
    before_name = ui.wave_short(ctx, before)
    st.subheader(_("Since the {wave} questionnaire").format(wave=before_name))
    severity = survey.change(ctx.wh, "severity", before, shared.wave_id, (country,))
    missing = [w for w, gone in severity.missing.items() if gone]
    if missing:
        st.info(
            _("{country} did not answer the {wave} questionnaire.").format(
                country=name, wave=_(" and ").join(ui.wave_short(ctx, w) for w in missing)
            )
        )
    else:
        mine = severity.frame[severity.frame["country_iso3"] == country].sort_values("change")
        c_title = _("{country}: severity of challenges, {before} and {after} (0-100)").format(
            country=name, before=before_name, after=wave_name
        )
        left_out = ui.not_compared(ctx, severity.left_out)
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
                tr=_,
            ),
            mine,
            key="profile_severity_change",
            title=c_title,
            provenance=ui.waves_provenance(ctx, (before, shared.wave_id), {"country": name}),
            columns={
                "domain": ui.Column(_("Domain"), "code", "challenge_domain"),
                "challenge": CHALLENGE,
                "before": ui.Column(before_name, "score"),
                "after": ui.Column(wave_name, "score"),
                "change": ui.Column(_("Change"), "change"),
            },
            alt=_("Dot chart: {title}.").format(title=c_title),
            caption=_("Only challenges asked the same way in both waves.")
            + (" " + _("Not compared: {items}.").format(items=left_out) if left_out else ""),
        )
        moved = survey.change(ctx.wh, "strategies", before, shared.wave_id, (country,)).frame
        moved = moved[(moved["country_iso3"] == country) & (moved["change"] != 0)]
        if not moved.empty:
            taken = ", ".join(lab.of("strategy")(s) for s in moved[moved["change"] > 0]["strategy"])
            dropped = ", ".join(lab.of("strategy")(s) for s in moved[moved["change"] < 0]["strategy"])
            st.markdown(
                _("**Strategies taken up:** {taken}. **Dropped:** {dropped}.").format(
                    taken=taken or _("none"), dropped=dropped or _("none")
                )
            )

# ---- recorded cases
st.subheader(_("Recorded cases"))
source = ui.case_source(ctx, "profile_source")
if source is None:
    st.info(_("No case records are loaded."))
    st.stop()
SHOW = {"count": _("Number of cases"), "rate": _("Cases per 100,000 inhabitants")}
per = urlstate.selectbox(_("Show"), list(SHOW), key="profile_per", default="count", format_func=SHOW.get)
found = cases.breakdown(ctx.wh, source, "exploitation_type", "cases", (country,))
lines, folded = charts.top_groups(found.frame, group="category", value="value")
provenance = found.provenance
if per == "rate":
    lines = lines.assign(country_iso3=country)
    lines = lines.assign(value=reference.per_100k(ctx.wh, lines, "value").round(3))
    provenance = replace(
        provenance,
        source=_("{source}; population: {population}").format(
            source=provenance.source, population=reference.population_source(ctx.wh)
        ),
    )
    unit, column = _("per 100,000 inhabitants"), ui.Column(SHOW["rate"], "rate")
else:
    lines = mark_small(lines, ["value"], ctx.threshold)
    unit, column = _("number per year"), ui.Column(_("Cases"), "count")
c_title = _("{country}: recorded cases by exploitation type, {period} ({unit})").format(
    country=name, period=provenance.period, unit=unit
)
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
        tr=_,
        lang=ctx.lang,
    ),
    lines.assign(
        category=lines["category"].map(lambda c: _("All others") if c == charts.OTHERS else label(c))
    ),
    key="profile_cases",
    title=c_title,
    provenance=provenance,
    columns={"year": ui.Column(_("Year")), "category": ui.Column(_("Exploitation type")), "value": column},
    alt=_("Line chart: {title}.").format(title=c_title),
)
share = cases.online_share(ctx.wh, source, ctx.threshold, (country,))
share_frame = mark_small(share.frame, ["cases", "cases_online_recruitment"], ctx.threshold)
o_title = _("{country}: cases recruited online, {period} (% of recorded cases)").format(
    country=name, period=share.provenance.period
)
ui.chart_block(
    ctx,
    lambda: charts.online_share_chart(share_frame, o_title, ctx.threshold, tr=_, lang=ctx.lang),
    share_frame,
    key="profile_online",
    title=o_title,
    provenance=share.provenance,
    columns={
        "year": ui.Column(_("Year")),
        "cases": ui.Column(_("Recorded cases"), "count"),
        "cases_online_recruitment": ui.Column(_("Recruited online"), "count"),
        "share_pct": ui.Column(_("Share recruited online (%)"), "percent"),
    },
    alt=_("Line chart: {title}.").format(title=o_title),
    caption=_("No share is given for a year with fewer than {threshold} cases.").format(
        threshold=ctx.threshold
    ),
)
