"""Recorded cases and victims: every figure read from the protected release, one source at a time.

The release (``marts.case_counts``, ``victim_counts``, ``technology_counts``,
``stage_counts``, ``stage_technology_counts``, ``modus_operandi_counts``) holds counts with
noise added once at build time; anything computed here from them (sums over countries and
years, shares, means, growth) is as safe as they are. Sources are never added together:
publishers count differently, so every function takes one source.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from app import i18n
from app.disclosure import share
from app.queries._base import Provenance, Reader, Table, allowed, as_list, cacheable, sql

#: The all-States reference in comparison frames.
ALL_STATES = "_all"
#: Where the release puts records of countries outside the published domain.
OTHER_COUNTRIES = "_other"

#: Breakdowns of the trends and the relation published by country that holds each (None:
#: published for all countries together only).
DIMENSIONS: dict[str, str | None] = {
    "exploitation_type": "case_counts",
    "technology": "technology_counts",
    "stage": "stage_counts",
    "modus_operandi": None,
}
#: The measures each relation publishes.
MEASURES: dict[str, tuple[str, ...]] = {
    "case_counts": ("cases", "victims", "cases_online_recruitment"),
    "technology_counts": ("cases",),
    "stage_counts": ("cases",),
}

#: Years in each window of the growth measure of technologies.
GROWTH_WINDOW = 3

Years = tuple[int, int]


@cacheable
def sources(wh: Reader) -> pd.DataFrame:
    """Sources of case records with their protection and years; real data first."""
    return wh.frame(sql("case_sources"))


@cacheable
def default_source(wh: Reader) -> str | None:
    """The source a case view starts on: the first real one, else the first loaded."""
    df = sources(wh)
    return None if df.empty else str(df["source"].iloc[0])


@cacheable
def source_years(wh: Reader, source: str) -> Years | None:
    """First and last year of a source's case records."""
    df = sources(wh)
    row = df[df["source"] == source]
    if row.empty:
        return None
    return int(row["first_year"].iloc[0]), int(row["last_year"].iloc[0])


@cacheable
def protection(wh: Reader, source: str, lang: str = "en") -> str:
    """How a source's counts are protected, in one sentence of the language."""
    _ = i18n.translator(lang)
    df = sources(wh)
    row = df[df["source"] == source]
    if row.empty:
        return _("no case records loaded")
    r = row.iloc[0]
    if r["protection"] == "differential privacy":
        return _(
            "protected with differential privacy: noise added once to every published count "
            "(zero-concentrated rho {rho}, epsilon {epsilon} at delta {delta}, per victim)"
        ).format(
            rho=i18n.number(r["rho"], lang, 2),
            epsilon=i18n.number(r["epsilon"], lang, 1),
            delta=f"{r['delta']:.0e}",
        )
    # the publisher's own words in English; a translation says the same in general terms
    return str(r["method"]) if lang == i18n.DEFAULT else _(PUBLISHER_PROTECTION)


#: How a publisher-protected source (CTDC) is described in a translation.
PUBLISHER_PROTECTION = i18n.N_(
    "protected by their publisher (k-anonymised records, or synthetic data): published as they came"
)


@cacheable
def provenance(
    wh: Reader,
    source: str,
    *,
    years: Years | None = None,
    filters: Sequence[tuple[str, str]] = (),
) -> Provenance:
    """The provenance of a case figure: its source, period and protection."""
    df = sources(wh)
    row = df[df["source"] == source]
    synthetic = bool(row["is_synthetic"].iloc[0]) if not row.empty else False
    vintage = None if row.empty or pd.isna(row["vintage"].iloc[0]) else str(row["vintage"].iloc[0])
    period = None if years is None else (str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}")
    return Provenance(
        source=source,
        synthetic=synthetic,
        vintage=vintage,
        period=period,
        protection=protection(wh, source),
        filters=tuple(filters),
        kind="cases",
    )


def _years(wh: Reader, source: str, years: Years | None) -> Years:
    return years or source_years(wh, source) or (0, 0)


@cacheable
def breakdown(
    wh: Reader,
    source: str,
    dimension: str,
    measure: str = "cases",
    countries: Sequence[str] = (),
    stage: str | None = None,
    years: Years | None = None,
) -> Table:
    """A measure per year and category: ``year, category, value``.

    By technology at one ``stage``, and by modus operandi, the release publishes all countries
    together only: with countries chosen, those frames are empty (say so on the page).
    """
    allowed(dimension, DIMENSIONS, "breakdown")
    span = _years(wh, source, years)
    params: dict[str, object] = {"source": source, "first": span[0], "last": span[1]}
    relation = DIMENSIONS[dimension]
    if dimension == "technology" and stage is not None or relation is None:
        allowed(measure, ("cases",), "measure")
        if countries:
            frame = pd.DataFrame({"year": [], "category": [], "value": []})
        elif relation is None:
            frame = wh.frame(sql("modus_operandi_by"), params)
        else:
            frame = wh.frame(sql("stage_technology_by"), {**params, "stage": stage})
    else:
        allowed(measure, MEASURES[relation], "measure")
        text = sql("case_counts_by", relation=relation, category=dimension, measure=measure)
        frame = wh.frame(text, {**params, "countries": as_list(countries)})
    filters = [("breakdown", dimension), ("measure", measure), ("countries", _scope(countries))]
    if stage is not None:
        filters.append(("stage", stage))
    return Table(frame, provenance(wh, source, years=span, filters=filters))


@cacheable
def by_year(
    wh: Reader, source: str, measure: str = "cases", countries: Sequence[str] = (), years: Years | None = None
) -> Table:
    """A measure per year over the chosen countries (all when none): ``year, value``."""
    allowed(measure, MEASURES["case_counts"], "measure")
    span = _years(wh, source, years)
    text = sql("case_counts_by", relation="case_counts", category="'all'", measure=measure)
    frame = wh.frame(
        text, {"source": source, "first": span[0], "last": span[1], "countries": as_list(countries)}
    ).drop(columns="category")
    return Table(
        frame,
        provenance(wh, source, years=span, filters=[("measure", measure), ("countries", _scope(countries))]),
    )


@cacheable
def by_country_year(wh: Reader, source: str, countries: Sequence[str], measure: str = "cases") -> Table:
    """A measure per chosen country and year, one line each: ``year, country_iso3, value``."""
    allowed(measure, MEASURES["case_counts"], "measure")
    text = sql("case_counts_by_country_year", measure=measure)
    frame = wh.frame(text, {"source": source, "countries": as_list(countries)})
    span = source_years(wh, source)
    return Table(
        frame,
        provenance(wh, source, years=span, filters=[("measure", measure), ("countries", _scope(countries))]),
    )


@cacheable
def totals(
    wh: Reader, source: str, countries: Sequence[str], years: Years, threshold: int
) -> dict[str, float]:
    """Cases, victims and online-recruited cases of the chosen countries and years, and the
    online share (NaN when there are too few cases for a share)."""
    text = sql("case_counts_by", relation="case_counts", category="'all'", measure="cases")
    params = {"source": source, "first": years[0], "last": years[1], "countries": as_list(countries)}
    out: dict[str, float] = {}
    for measure in MEASURES["case_counts"]:
        text = sql("case_counts_by", relation="case_counts", category="'all'", measure=measure)
        out[measure] = float(wh.frame(text, params)["value"].sum())
    out["online_share"] = float(
        share(pd.Series([out["cases_online_recruitment"]]), pd.Series([out["cases"]]), threshold).iloc[0]
    )
    return out


@cacheable
def by_country(wh: Reader, source: str, years: Years, threshold: int) -> Table:
    """Per published country over the chosen years: cases, victims, online-recruited cases
    and their share (``_other`` left out: it is not one country)."""
    frame = wh.frame(sql("case_counts_by_country"), {"source": source, "first": years[0], "last": years[1]})
    frame = frame[frame["country_iso3"] != OTHER_COUNTRIES].reset_index(drop=True)
    frame["online_share"] = share(frame["cases_online_recruitment"], frame["cases"], threshold)
    return Table(frame, provenance(wh, source, years=years))


@cacheable
def online_share(
    wh: Reader, source: str, threshold: int, countries: Sequence[str] = (), per_country: bool = False
) -> Table:
    """Per year (and chosen country): cases, online-recruited cases and the share in percent."""
    measures = ("cases", "cases_online_recruitment")
    if per_country and countries:
        parts = [
            by_country_year(wh, source, countries, m).frame.rename(columns={"value": m}) for m in measures
        ]
        frame = parts[0].merge(parts[1], on=["year", "country_iso3"])
    else:
        parts = [by_year(wh, source, m, countries).frame.rename(columns={"value": m}) for m in measures]
        frame = parts[0].merge(parts[1], on="year")
    # not rounded: a share is rounded once, where it is shown (rounded here to a tenth, then to
    # a whole percent, 73.46 read 74 beside a headline's 73)
    frame["share_pct"] = share(frame["cases_online_recruitment"], frame["cases"], threshold)
    span = source_years(wh, source)
    return Table(frame, provenance(wh, source, years=span, filters=[("countries", _scope(countries))]))


@cacheable
def rising_technologies(
    wh: Reader, source: str, threshold: int, countries: Sequence[str] = (), stage: str | None = None
) -> Table:
    """Technologies ranked by compound annual growth of cases between two 3-year windows.

    The late window is the last three years of the source, the early window the three years
    before it; their midpoints are three years apart, so growth is
    ``(late / early) ** (1/3) - 1``. Only technologies with both windows at or above the
    threshold get a growth figure.
    """
    span = source_years(wh, source)
    columns = ["technology", "early_from", "early_to", "late_from", "late_to", "early_cases", "late_cases"]
    if span is None:
        return Table(pd.DataFrame(columns=[*columns, "growth_pct_per_year"]), provenance(wh, source))
    last = span[1]
    windows = (last - 2 * GROWTH_WINDOW + 1, last - GROWTH_WINDOW, last - GROWTH_WINDOW + 1, last)
    trend = breakdown(wh, source, "technology", "cases", countries, stage, (windows[0], last)).frame
    early = trend[trend["year"] <= windows[1]].groupby("category")["value"].sum()
    late = trend[trend["year"] >= windows[2]].groupby("category")["value"].sum()
    frame = pd.DataFrame({"early_cases": early, "late_cases": late}).fillna(0.0)
    frame = frame.rename_axis("technology").reset_index()
    frame = frame.assign(early_from=windows[0], early_to=windows[1], late_from=windows[2], late_to=windows[3])
    ok = (frame["early_cases"] >= threshold) & (frame["late_cases"] >= threshold)
    growth = 100.0 * ((frame["late_cases"] / frame["early_cases"]) ** (1.0 / GROWTH_WINDOW) - 1.0)
    frame["growth_pct_per_year"] = growth.where(ok).round(1)
    frame = frame[[*columns, "growth_pct_per_year"]].sort_values(
        ["growth_pct_per_year", "late_cases"], ascending=False, na_position="last"
    )
    filters = [("countries", _scope(countries)), ("stage", stage or "all")]
    return Table(
        frame.reset_index(drop=True), provenance(wh, source, years=(windows[0], last), filters=filters)
    )


@cacheable
def compare(wh: Reader, source: str, countries: Sequence[str]) -> Table:
    """Cases per year for each chosen country and the mean over all published countries
    (``_all``): ``year, country_iso3, cases``."""
    chosen = by_country_year(wh, source, countries).frame
    everyone = by_year(wh, source).frame
    n = _published_countries(wh, source)
    mean = everyone.assign(country_iso3=ALL_STATES, value=everyone["value"] / max(n, 1))
    frame = pd.concat([chosen, mean[["year", "country_iso3", "value"]]], ignore_index=True)
    frame = frame.rename(columns={"value": "cases"})
    span = source_years(wh, source)
    return Table(frame, provenance(wh, source, years=span, filters=[("countries", _scope(countries))]))


def _published_countries(wh: Reader, source: str) -> int:
    """How many countries the source is published for (the release's grid, ``_other`` aside)."""
    df = wh.frame(
        "select count(distinct country_iso3) as n from wh.marts.case_counts "
        "where source = $source and country_iso3 <> $other",
        {"source": source, "other": OTHER_COUNTRIES},
    )
    return int(df["n"].iloc[0]) if not df.empty else 0


def _scope(countries: Sequence[str]) -> str:
    return ", ".join(countries) if countries else "all"


def year_span(frame: pd.DataFrame) -> Years | None:
    """First and last year in a frame's ``year`` column."""
    if frame.empty:
        return None
    years = frame["year"].astype(int)
    return int(np.min(years)), int(np.max(years))
