"""Every query the app runs, and nothing else: the warehouse's public relations in, frames out.

Values always travel as bound parameters (``$name``); identifiers (a grouping column, a
measure, a relation name) only ever come from the allow-lists below. Counts of cases and
victims are suppressed here, before any page sees them (see :mod:`app.suppression`).
Results are cached per :class:`QueryContext` (warehouse version and threshold) and plain
parameters, with bounded caches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

from app import db
from app.suppression import (
    FLAG_SUFFIX,
    Group,
    Link,
    RowTotal,
    complement,
    protect,
    rename_counts,
    suppress,
)

_cache = st.cache_data(max_entries=128, ttl=3600, show_spinner=False)

#: Count columns of each public relation that are suppressed wherever they are read.
COUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "mo_trends": ("cases", "victims"),
    "case_summary": (
        "cases",
        "victims",
        "victims_female",
        "victims_male",
        "victims_minor",
        "victims_adult",
        "cases_online_recruitment",
        "cases_convicted",
    ),
    "mo_tags": ("cases", "victims"),
    "series": ("value",),
}

#: Marks a total row added to a frame while it is protected (never returned).
_TOTAL_ROW = "\x00total"

#: The breakdowns of the trend series: each has a ``total`` row beside its parts.
SERIES_BREAKDOWNS: tuple[str, ...] = ("sex", "age_group", "exploitation_type", "citizenship")
_SERIES_KEY = ("country_iso3", "year", "indicator", *SERIES_BREAKDOWNS, "source", "vintage")

#: Sums a reader can form from a public relation (see :func:`app.suppression.complement`):
#: parts beside their total in the same table, or per-year totals other views show.
RELATION_LINKS: dict[str, tuple[Link, ...]] = {
    "case_summary": (
        RowTotal("victims", ("victims_female", "victims_male")),
        RowTotal("victims", ("victims_minor", "victims_adult")),
        Group("cases", ("country_iso3", "year"), total=("exploitation_type", _TOTAL_ROW)),
        Group("victims", ("country_iso3",)),
    ),
    "series": tuple(
        Group("value", tuple(k for k in _SERIES_KEY if k != b), total=(b, "total")) for b in SERIES_BREAKDOWNS
    ),
}

#: Every relation a reader may download, in the order the methods page lists them.
PUBLIC_RELATIONS: tuple[str, ...] = (
    "countries",
    "waves",
    "sources",
    "challenge_severity",
    "challenge_severity_summary",
    "published_figures",
    "training_gap",
    "strategies",
    "answers",
    "mo_trends",
    "case_summary",
    "mo_tags",
    "series",
    "labels",
    "source_coverage",
)

#: Grouping dimensions of the modus operandi trends and the relation that holds each.
TREND_DIMENSIONS: dict[str, str] = {
    "technology": "mo_trends",
    "stage": "mo_trends",
    "exploitation_type": "case_summary",
}
TREND_MEASURES: tuple[str, ...] = ("cases", "victims")

#: Measures the overview map can colour countries by: (SQL expression, relation, is a count).
MAP_MEASURES: dict[str, tuple[str, str, bool]] = {
    "cases": ("sum(cases)", "case_summary", True),
    "victims": ("sum(victims)", "case_summary", True),
    "online_share": (
        "100.0 * sum(cases_online_recruitment) / nullif(sum(cases), 0)",
        "case_summary",
        False,
    ),
    "severity": ("avg(score)", "challenge_severity", False),
    "training_gap": ("avg(gap_score)", "training_gap", False),
    "strategies": ("count(*) filter (where in_use)", "strategies", False),
}

#: The all-States reference row in comparison frames.
ALL_STATES = "_all"

#: The year of the all-years rows of :func:`_country_year_cases`.
_ALL_YEARS = 0

#: Years in each window of the growth measure of technologies.
GROWTH_WINDOW = 3


class QueryContext(NamedTuple):
    """What every cached query is keyed on besides its own parameters."""

    wid: db.WarehouseId
    threshold: int


class UnknownChoiceError(ValueError):
    """A grouping, measure or relation name that is not on the allow-list."""


def _allowed(value: str, allowed: Sequence[str] | dict, what: str) -> str:
    if value not in allowed:
        raise UnknownChoiceError(f"unknown {what}: {value!r}")
    return value


def _run(ctx: QueryContext, sql: str, params: dict | None = None) -> pd.DataFrame:
    # via Arrow: DuckDB's .df() trips a pandas deprecation on time-zone columns
    return db.cursor(ctx.wid).sql(sql, params=params or {}).to_arrow_table().to_pandas()


def _countries(countries: Sequence[str]) -> list[str]:
    return [str(c) for c in countries]


# A country filter where an empty list means "all countries".
_IN_COUNTRIES = "(len($countries::varchar[]) = 0 or list_contains($countries::varchar[], country_iso3))"


# ---------------------------------------------------------------- reference and provenance


@_cache
def waves(ctx: QueryContext) -> pd.DataFrame:
    """All questionnaire waves, newest first."""
    return _run(
        ctx,
        """
        select wave_id, year, label, is_synthetic, fieldwork, source,
               n_states, n_ngos, n_companies
        from wh.marts.waves order by year desc, wave_id desc
    """,
    )


@_cache
def wave_names(ctx: QueryContext) -> dict[str, tuple[str, bool]]:
    """Label and synthetic flag of each wave, by wave id, newest first."""
    df = waves(ctx)
    return {
        str(w): (str(label), bool(synthetic))
        for w, label, synthetic in zip(
            df["wave_id"].tolist(), df["label"].tolist(), df["is_synthetic"].tolist(), strict=True
        )
    }


@_cache
def countries(ctx: QueryContext) -> pd.DataFrame:
    """All countries with their Council of Europe and Convention status."""
    return _run(
        ctx,
        """
        select iso3, iso2, name, coe_member, convention_party, responded_2021
        from wh.marts.countries order by name
    """,
    )


@_cache
def country_options(ctx: QueryContext) -> list[str]:
    """Countries worth offering: Council of Europe members, Convention Parties, and any
    country with answers or case records, ordered by name."""
    df = _run(
        ctx,
        """
        select iso3 from wh.marts.countries
        where coe_member or convention_party
           or iso3 in (select country_iso3 from wh.marts.challenge_severity)
           or iso3 in (select country_iso3 from wh.marts.training_gap)
           or iso3 in (select country_iso3 from wh.marts.case_summary)
        order by name
    """,
    )
    return df["iso3"].astype(str).tolist()


@_cache
def answering_countries(ctx: QueryContext, wave_id: str | None) -> list[str]:
    """Countries that rated challenges or training in a wave, ordered by name."""
    df = _run(
        ctx,
        """
        select c.iso3 from wh.marts.countries c
        where c.iso3 in (select country_iso3 from wh.marts.challenge_severity where wave_id = $wave)
           or c.iso3 in (select country_iso3 from wh.marts.training_gap where wave_id = $wave)
        order by c.name
    """,
        {"wave": wave_id},
    )
    return df["iso3"].astype(str).tolist()


@_cache
def labels(ctx: QueryContext, lang: str = "en") -> dict[str, dict[str, str]]:
    """Labels by vocabulary and code, e.g. ``labels(ctx)["technology"]["dark_web"]``."""
    df = _run(
        ctx,
        """
        select vocabulary, code, label from wh.marts.labels where lang = $lang
    """,
        {"lang": lang},
    )
    out: dict[str, dict[str, str]] = {}
    for vocabulary, code, label in df.itertuples(index=False):
        out.setdefault(vocabulary, {})[code] = label
    return out


@_cache
def sources(ctx: QueryContext) -> pd.DataFrame:
    """Every loaded source with its vintage, years and synthetic flag."""
    return _run(
        ctx,
        """
        select family, source, vintage, is_synthetic, rows, first_year, last_year
        from wh.marts.sources order by family, source
    """,
    )


@_cache
def synthetic_status(ctx: QueryContext) -> dict[str, list[str]]:
    """Names of the synthetic waves and sources (empty lists when all data are real)."""
    w = _run(ctx, "select label from wh.marts.waves where is_synthetic order by label")
    s = _run(
        ctx,
        "select distinct source from wh.marts.sources where is_synthetic and family <> 'survey' "
        "order by source",
    )
    return {"waves": w["label"].tolist(), "sources": s["source"].tolist()}


@_cache
def provenance(ctx: QueryContext, relation: str) -> dict[str, object]:
    """Sources behind a case or series relation and whether any of its rows are synthetic."""
    table = _allowed(relation, ("mo_trends", "case_summary", "mo_tags", "series"), "relation")
    df = _run(
        ctx,
        f"""
        select distinct source, is_synthetic from wh.marts.{table} order by source
    """,
    )
    return {
        "sources": df["source"].dropna().astype(str).tolist(),
        "synthetic": bool(df["is_synthetic"].fillna(False).any()),
    }


# ---------------------------------------------------------------- overview


@_cache
def headline(ctx: QueryContext, wave_id: str | None, countries: tuple[str, ...]) -> dict:
    """Headline figures for the chosen countries (all when empty); counts suppressed."""
    cases = _run(
        ctx,
        f"""
        select sum(cases) as cases, sum(victims) as victims,
               sum(cases_online_recruitment) as cases_online_recruitment,
               min(year) as first_year, max(year) as last_year,
               count(distinct country_iso3) as case_countries
        from wh.marts.case_summary where {_IN_COUNTRIES}
    """,
        {"countries": _countries(countries)},
    )
    states = _run(
        ctx,
        f"""
        select count(distinct country_iso3) as states_answering
        from wh.marts.challenge_severity where wave_id = $wave and {_IN_COUNTRIES}
    """,
        {"wave": wave_id, "countries": _countries(countries)},
    )
    frame = suppress(cases, ("cases", "victims", "cases_online_recruitment"), ctx.threshold)
    if not countries:
        cube = _country_year_cases(ctx)
        grand = cube[(cube["year"] == _ALL_YEARS) & (cube["country_iso3"] == ALL_STATES)]
        if not grand.empty:
            frame["cases"] = grand["cases"].iloc[0]
            frame["cases" + FLAG_SUFFIX] = bool(grand["cases" + FLAG_SUFFIX].iloc[0])
    else:
        # a total over chosen countries minus the shown ones would give a withheld country
        hidden = {m: bool(_country_hidden(ctx, m, countries)) for m in ("cases", "victims")}
        hidden["cases_online_recruitment"] = hidden["cases"]
        for col, hide in hidden.items():
            if hide:
                frame[col] = np.nan
                frame[col + FLAG_SUFFIX] = True
    row = frame.iloc[0].to_dict()
    share = np.nan
    if not (row["cases_suppressed"] or row["cases_online_recruitment_suppressed"]) and row["cases"]:
        share = 100.0 * row["cases_online_recruitment"] / row["cases"]
    row["online_share"] = share
    row["states_answering"] = int(states.iloc[0, 0])
    return row


def _country_hidden(ctx: QueryContext, measure: str, countries: tuple[str, ...]) -> list[str]:
    """The chosen countries whose own figure the map withholds."""
    values = map_measure(ctx, measure, None)
    chosen = values[values["country_iso3"].isin(list(countries))]
    return chosen.loc[chosen["value" + FLAG_SUFFIX].astype(bool), "country_iso3"].tolist()


@_cache
def map_measure(ctx: QueryContext, measure: str, wave_id: str | None) -> pd.DataFrame:
    """One value per country for the overview map: ``country_iso3, name, value``.

    Counts are suppressed; a share is withheld when its numerator or denominator would be.
    """
    expr, table, is_count = MAP_MEASURES[_allowed(measure, MAP_MEASURES, "map measure")]
    wave_filter = "wave_id = $wave" if table not in ("case_summary",) else "true"
    extra = ""
    if measure == "online_share":
        extra = ", sum(cases) as _den, sum(cases_online_recruitment) as _num"
    df = _run(
        ctx,
        f"""
        select t.country_iso3, c.name, ({expr})::double as value{extra}
        from wh.marts.{table} t
        left join wh.marts.countries c on c.iso3 = t.country_iso3
        where {wave_filter}
        group by t.country_iso3, c.name
        order by c.name
    """,
        {"wave": wave_id} if table != "case_summary" else None,
    )
    # the countries add up to the all-States figure of the overview's headline
    if measure == "cases":
        # the same cells as every other view of cases (see _country_year_cases)
        cube = _country_year_cases(ctx)
        totals = cube[(cube["year"] == _ALL_YEARS) & (cube["country_iso3"] != ALL_STATES)]
        df = df.drop(columns=["value"]).merge(
            totals[["country_iso3", "cases", "cases" + FLAG_SUFFIX]], on="country_iso3", how="left"
        )
        return rename_counts(df, {"cases": "value"})
    if is_count:
        return protect(df, ("value",), ctx.threshold, [Group("value")])
    if measure == "online_share":
        df = protect(df, ("_num", "_den"), ctx.threshold, [Group("_num"), Group("_den")])
        hidden = df["_num" + FLAG_SUFFIX] | df["_den" + FLAG_SUFFIX]
        df["value"] = df["value"].mask(hidden, np.nan)
        df["value" + FLAG_SUFFIX] = hidden
        return df.drop(columns=[c for c in df.columns if c.startswith("_")])
    df["value" + FLAG_SUFFIX] = False
    return df


# ---------------------------------------------------------------- modus operandi trends


@_cache
def trend_years(ctx: QueryContext) -> tuple[int, int] | None:
    """First and last year of the case records, or None when there are none."""
    row = db.cursor(ctx.wid).execute("select min(year), max(year) from wh.marts.case_summary").fetchone()
    return None if row is None or row[0] is None else (int(row[0]), int(row[1]))


@_cache
def mo_trend(
    ctx: QueryContext,
    countries: tuple[str, ...],
    dimension: str,
    measure: str,
    exploitation_type: str | None = None,
    stage: str | None = None,
    technology: str | None = None,
) -> pd.DataFrame:
    """Cases or victims per year and category: ``year, category, value`` (+ flag).

    Grouping by technology or stage reads ``mo_trends``, where a case using several
    technologies counts once for each; by exploitation type it reads ``case_summary``.
    """
    table = TREND_DIMENSIONS[_allowed(dimension, TREND_DIMENSIONS, "trend dimension")]
    col = _allowed(measure, TREND_MEASURES, "trend measure")
    filters = [_IN_COUNTRIES, "($expl::varchar is null or exploitation_type = $expl)"]
    params: dict[str, object] = {"countries": _countries(countries), "expl": exploitation_type}
    if table == "mo_trends":
        filters += [
            "($stage::varchar is null or stage = $stage)",
            "($tech::varchar is null or technology = $tech)",
        ]
        params |= {"stage": stage, "tech": technology}
    df = _run(
        ctx,
        f"""
        select year, {dimension} as category, sum({col})::double as value
        from wh.marts.{table}
        where {" and ".join(filters)}
        group by year, {dimension}
        order by year, category
    """,
        params,
    )
    df = suppress(df, ("value",), ctx.threshold)
    if dimension != "exploitation_type":
        # technologies and stages do not add up to a total: a case counts once for each
        return df
    # exploitation types partition a year's cases, which other charts show: each year's
    # total joins as a row, withheld or not as those charts show it
    total = (
        _year_cases(ctx, countries).rename(
            columns={"cases": "value", "cases" + FLAG_SUFFIX: "value" + FLAG_SUFFIX}
        )
        if col == "cases" and exploitation_type is None
        else pd.DataFrame(columns=["year", "value", "value" + FLAG_SUFFIX])
    )
    both = pd.concat([df, total.assign(category=_TOTAL_ROW)], ignore_index=True)
    both = complement(both, [Group("value", ("year",), total=("category", _TOTAL_ROW))])
    return both[both["category"] != _TOTAL_ROW].reset_index(drop=True)


@_cache
def online_share(ctx: QueryContext, countries: tuple[str, ...]) -> pd.DataFrame:
    """Per year: cases, cases with online recruitment, and their share in percent."""
    df = _run(
        ctx,
        f"""
        select year, sum(cases_online_recruitment)::double as cases_online_recruitment
        from wh.marts.case_summary where {_IN_COUNTRIES}
        group by year order by year
    """,
        {"countries": _countries(countries)},
    )
    # the years add up to the headline total of the same countries
    df = protect(df, ("cases_online_recruitment",), ctx.threshold, [Group("cases_online_recruitment")])
    df = _year_cases(ctx, countries).merge(df, on="year", how="left")
    df = df[
        ["year", "cases", "cases_online_recruitment", *[c for c in df.columns if c.endswith(FLAG_SUFFIX)]]
    ]
    hidden = df["cases" + FLAG_SUFFIX] | df["cases_online_recruitment" + FLAG_SUFFIX]
    share = 100.0 * df["cases_online_recruitment"] / df["cases"].replace(0, np.nan)
    df["share_pct"] = share.mask(hidden, np.nan).round(1)
    df["share_pct" + FLAG_SUFFIX] = hidden
    return df


@_cache
def rising_technologies(
    ctx: QueryContext, countries: tuple[str, ...], stage: str | None = None
) -> pd.DataFrame:
    """Technologies ranked by compound annual growth of cases between two 3-year windows.

    The late window is the last three years with case records, the early window the three
    years before it; their midpoints are three years apart, so growth is
    ``(late / early) ** (1/3) - 1``. Only technologies with both windows at or above the
    suppression threshold get a growth figure.
    """
    df = _run(
        ctx,
        f"""
        with t as (
            select year, technology, sum(cases) as cases
            from wh.marts.mo_trends
            where {_IN_COUNTRIES} and ($stage::varchar is null or stage = $stage)
            group by year, technology
        ), last as (select max(year) as y from t)
        select technology,
               min(last.y) - {2 * GROWTH_WINDOW - 1} as early_from,
               min(last.y) - {GROWTH_WINDOW} as early_to,
               min(last.y) - {GROWTH_WINDOW - 1} as late_from,
               min(last.y) as late_to,
               coalesce(sum(cases) filter (where year between last.y - {2 * GROWTH_WINDOW - 1}
                                           and last.y - {GROWTH_WINDOW}), 0)::double as early_cases,
               coalesce(sum(cases) filter (where year > last.y - {GROWTH_WINDOW}), 0)::double
                   as late_cases
        from t, last
        group by technology
    """,
        {"countries": _countries(countries), "stage": stage},
    )
    df = suppress(df, ("early_cases", "late_cases"), ctx.threshold)
    df = _hide_window_sums(ctx, df, countries, stage)
    ok = (df["early_cases"] >= ctx.threshold) & (df["late_cases"] >= ctx.threshold)
    growth = 100.0 * ((df["late_cases"] / df["early_cases"]) ** (1.0 / GROWTH_WINDOW) - 1.0)
    df["growth_pct_per_year"] = growth.where(ok).round(1)
    return df.sort_values(
        ["growth_pct_per_year", "late_cases"], ascending=False, na_position="last"
    ).reset_index(drop=True)


def _hide_window_sums(
    ctx: QueryContext, df: pd.DataFrame, countries: tuple[str, ...], stage: str | None
) -> pd.DataFrame:
    """Withhold a window's sum when exactly one of its years is withheld in the trend chart:
    the sum minus the shown years would give that year."""
    yearly = mo_trend(ctx, countries, "technology", "cases", None, stage)
    flags = yearly["value" + FLAG_SUFFIX].astype(bool)
    out = df.copy()
    windows = (("early_cases", "early_from", "early_to"), ("late_cases", "late_from", "late_to"))
    for col, start, end in windows:
        for i, row in out.iterrows():
            in_window = (
                (yearly["category"] == row["technology"])
                & (yearly["year"] >= row[start])
                & (yearly["year"] <= row[end])
            )
            if int((flags & in_window).sum()) == 1:
                out.at[i, col] = np.nan
                out.at[i, col + FLAG_SUFFIX] = True
    return out


@_cache
def series_indicators(ctx: QueryContext) -> list[str]:
    """Indicators present in the trend series."""
    df = _run(ctx, "select distinct indicator from wh.marts.series order by indicator")
    return df["indicator"].astype(str).tolist()


@_cache
def source_coverage(ctx: QueryContext) -> pd.DataFrame:
    """Which measures each imported public source (CTDC) can and cannot fill."""
    return _run(
        ctx,
        "select source_family, measure, fills, how from wh.marts.source_coverage "
        "order by source_family, fills = 'no', measure",
    )


@_cache
def series_sources(ctx: QueryContext, indicator: str) -> list[str]:
    """Sources of one indicator, real data first, then by name."""
    df = _run(
        ctx,
        """
        select source from wh.marts.series where indicator = $indicator
        group by source order by bool_or(is_synthetic), source
    """,
        {"indicator": indicator},
    )
    return df["source"].astype(str).tolist()


@_cache
def series_trend(ctx: QueryContext, countries: tuple[str, ...], indicator: str, source: str) -> pd.DataFrame:
    """Totals of one indicator from one source per country and year, latest vintage.

    One source at a time: publishers count differently, so their values are never joined
    into one line.
    """
    df = _run(
        ctx,
        f"""
        select country_iso3, year, value::double as value, status, source, vintage, is_synthetic
        from wh.marts.series
        where indicator = $indicator and source = $source and sex = 'total' and age_group = 'total'
          and exploitation_type = 'total' and citizenship = 'total' and {_IN_COUNTRIES}
        qualify vintage = max(vintage) over (partition by country_iso3, year)
        order by country_iso3, year
    """,
        {"indicator": indicator, "source": source, "countries": _countries(countries)},
    )
    return suppress(df, ("value",), ctx.threshold)


# ---------------------------------------------------------------- challenge severity


@_cache
def severity_domains(ctx: QueryContext, wave_id: str | None) -> list[str]:
    """Challenge domains scored in a wave."""
    df = _run(
        ctx,
        """
        select distinct domain from wh.marts.challenge_severity_summary
        where wave_id = $wave order by domain
    """,
        {"wave": wave_id},
    )
    return df["domain"].astype(str).tolist()


@_cache
def severity_ranking(ctx: QueryContext, wave_id: str | None, domain: str) -> pd.DataFrame:
    """Challenges of a domain, most severe first, with the published figure beside each."""
    return _run(
        ctx,
        """
        select challenge, mean_score, sd_score, n_countries, n_dont_know,
               published_score, published_qualifier, published_text
        from wh.marts.challenge_severity_summary
        where wave_id = $wave and domain = $domain
        order by mean_score desc nulls last, challenge
    """,
        {"wave": wave_id, "domain": domain},
    )


@_cache
def severity_matrix(
    ctx: QueryContext, wave_id: str | None, domain: str, countries: tuple[str, ...]
) -> pd.DataFrame:
    """One State's score per country and challenge: ``country_iso3, challenge, score``."""
    return _run(
        ctx,
        f"""
        select country_iso3, challenge, score
        from wh.marts.challenge_severity
        where wave_id = $wave and domain = $domain and {_IN_COUNTRIES}
        order by country_iso3, challenge
    """,
        {"wave": wave_id, "domain": domain, "countries": _countries(countries)},
    )


@_cache
def severity_spread(ctx: QueryContext, wave_id: str | None, domain: str, country: str | None) -> pd.DataFrame:
    """Per challenge: one country's score against the mean, quartiles and range of all States."""
    return _run(
        ctx,
        """
        select challenge,
               avg(score) filter (where country_iso3 = $country) as country_score,
               avg(score) as mean_score,
               min(score) as min_score,
               quantile_cont(score, 0.25) as p25_score,
               quantile_cont(score, 0.75) as p75_score,
               max(score) as max_score,
               count(score) as n_countries
        from wh.marts.challenge_severity
        where wave_id = $wave and domain = $domain
        group by challenge
        order by mean_score desc, challenge
    """,
        {"wave": wave_id, "domain": domain, "country": country},
    )


@_cache
def severity_waves(ctx: QueryContext, domain: str, wave_a: str, wave_b: str) -> pd.DataFrame:
    """Mean score of each challenge in two waves: ``challenge, score_a, score_b, change``."""
    return _run(
        ctx,
        """
        select challenge,
               avg(mean_score) filter (where wave_id = $a) as score_a,
               avg(mean_score) filter (where wave_id = $b) as score_b,
               avg(mean_score) filter (where wave_id = $b)
                 - avg(mean_score) filter (where wave_id = $a) as change
        from wh.marts.challenge_severity_summary
        where domain = $domain and wave_id in ($a, $b)
        group by challenge
        order by score_b desc nulls last, challenge
    """,
        {"domain": domain, "a": wave_a, "b": wave_b},
    )


# ---------------------------------------------------------------- training gaps


@_cache
def training_matrix(ctx: QueryContext, wave_id: str | None, country: str | None) -> pd.DataFrame:
    """Audience x area for one country: ``audience, area, provision, need, gap_score``."""
    return _run(
        ctx,
        """
        select audience, area, provision, need, gap_score
        from wh.marts.training_gap
        where wave_id = $wave and country_iso3 = $country
        order by audience, area
    """,
        {"wave": wave_id, "country": country},
    )


@_cache
def training_by_country(
    ctx: QueryContext, wave_id: str | None, audience: str, countries: tuple[str, ...]
) -> pd.DataFrame:
    """Countries x areas for one audience: ``country_iso3, area, gap_score``."""
    return _run(
        ctx,
        f"""
        select country_iso3, area, gap_score
        from wh.marts.training_gap
        where wave_id = $wave and audience = $audience and {_IN_COUNTRIES}
        order by country_iso3, area
    """,
        {"wave": wave_id, "audience": audience, "countries": _countries(countries)},
    )


@_cache
def training_plan(
    ctx: QueryContext,
    wave_id: str | None,
    countries: tuple[str, ...],
    audience: str | None = None,
    limit: int = 50,
) -> pd.DataFrame:
    """The largest gaps first: what a trainer would plan for."""
    df = _run(
        ctx,
        f"""
        select country_iso3, audience, area, provision, need, gap_score
        from wh.marts.training_gap
        where wave_id = $wave and gap_score is not null and {_IN_COUNTRIES}
          and ($audience::varchar is null or audience = $audience)
        order by gap_score desc, country_iso3, audience, area
        limit $limit
    """,
        {
            "wave": wave_id,
            "countries": _countries(countries),
            "audience": audience,
            "limit": int(limit),
        },
    )
    df.insert(0, "rank", range(1, len(df) + 1))
    return df


# ---------------------------------------------------------------- comparison and profile


@_cache
def compare_severity(ctx: QueryContext, wave_id: str | None, countries: tuple[str, ...]) -> pd.DataFrame:
    """Mean severity per domain for each country and for all States (``_all``)."""
    return _run(
        ctx,
        f"""
        select domain, country_iso3, avg(score) as mean_score
        from wh.marts.challenge_severity
        where wave_id = $wave and list_contains($countries::varchar[], country_iso3)
        group by domain, country_iso3
        union all
        select domain, '{ALL_STATES}', avg(score)
        from wh.marts.challenge_severity where wave_id = $wave group by domain
        order by domain, country_iso3
    """,
        {"wave": wave_id, "countries": _countries(countries)},
    )


@_cache
def compare_training(ctx: QueryContext, wave_id: str | None, countries: tuple[str, ...]) -> pd.DataFrame:
    """Mean training gap per area over audiences, per country and for all States."""
    return _run(
        ctx,
        f"""
        select area, country_iso3, avg(gap_score) as mean_gap
        from wh.marts.training_gap
        where wave_id = $wave and list_contains($countries::varchar[], country_iso3)
        group by area, country_iso3
        union all
        select area, '{ALL_STATES}', avg(gap_score)
        from wh.marts.training_gap where wave_id = $wave group by area
        order by area, country_iso3
    """,
        {"wave": wave_id, "countries": _countries(countries)},
    )


@_cache
def compare_strategies(ctx: QueryContext, wave_id: str | None, countries: tuple[str, ...]) -> pd.DataFrame:
    """Per strategy: in use (1/0) per country, and the percentage of all States using it."""
    return _run(
        ctx,
        f"""
        select strategy, country_iso3, avg(case when in_use then 100.0 else 0 end) as pct_in_use
        from wh.marts.strategies
        where wave_id = $wave and list_contains($countries::varchar[], country_iso3)
        group by strategy, country_iso3
        union all
        select strategy, '{ALL_STATES}', avg(case when in_use then 100.0 else 0 end)
        from wh.marts.strategies where wave_id = $wave group by strategy
        order by strategy, country_iso3
    """,
        {"wave": wave_id, "countries": _countries(countries)},
    )


@_cache
def compare_cases(ctx: QueryContext, countries: tuple[str, ...]) -> pd.DataFrame:
    """Cases per year for each country and the mean over all recording countries (``_all``).

    Read from :func:`_country_year_cases`, so that every view withholds the same cells; the
    mean is withheld with the total it is taken from, and when it is itself a small number.
    """
    cube = _country_year_cases(ctx)
    cube = cube[cube["year"] != _ALL_YEARS]
    df = cube[cube["country_iso3"].isin([*_countries(countries), ALL_STATES])].copy()
    is_all = df["country_iso3"] == ALL_STATES
    mean = df["cases"] / df["n_countries"]
    small = is_all & (mean > 0) & (mean < ctx.threshold)
    df["cases"] = df["cases"].where(~is_all, mean).mask(small, np.nan)
    df["cases" + FLAG_SUFFIX] = df["cases" + FLAG_SUFFIX].astype(bool) | small
    return df[["year", "country_iso3", "cases", "cases" + FLAG_SUFFIX]].reset_index(drop=True)


@_cache
def _country_year_cases(ctx: QueryContext) -> pd.DataFrame:
    """Cases per country and year with both margins, protected once for every view.

    Rows of country ``_all`` are sums over countries (with ``n_countries``), rows of year
    ``_ALL_YEARS`` sums over years: a country's years add up to its total on the map, the
    countries of a year to the all-States figure, the map's countries to the headline total.
    """
    df = _run(
        ctx,
        f"""
        with per_country as (
            select year, country_iso3, sum(cases)::double as cases
            from wh.marts.case_summary group by year, country_iso3
        )
        select year, country_iso3, cases, 1 as n_countries from per_country
        union all
        select year, '{ALL_STATES}', sum(cases), count(*) from per_country group by year
        union all
        select {_ALL_YEARS}, country_iso3, sum(cases), 1 from per_country group by country_iso3
        union all
        select {_ALL_YEARS}, '{ALL_STATES}', sum(cases), count(distinct country_iso3) from per_country
        order by year, country_iso3
    """,
    )
    return protect(
        df,
        ("cases",),
        ctx.threshold,
        [
            Group("cases", ("year",), total=("country_iso3", ALL_STATES)),
            Group("cases", ("country_iso3",), total=("year", _ALL_YEARS)),
        ],
    )


def _year_cases(ctx: QueryContext, countries: tuple[str, ...]) -> pd.DataFrame:
    """Cases per year of a choice of countries (all when empty): ``year, cases`` (+ flag).

    One country or all: the protected cells of :func:`_country_year_cases`. Several: their
    sum, withheld in a year where any of them is withheld (the sum minus the shown ones would
    give it back), then protected along the years, which add up to the headline total.
    """
    cube = _country_year_cases(ctx)
    cube = cube[cube["year"] != _ALL_YEARS]
    chosen = list(dict.fromkeys(_countries(countries)))
    flag = "cases" + FLAG_SUFFIX
    if len(chosen) <= 1:
        rows = cube[cube["country_iso3"] == (chosen[0] if chosen else ALL_STATES)]
        return rows[["year", "cases", flag]].reset_index(drop=True)
    raw = _run(
        ctx,
        """
        select year, sum(cases)::double as cases from wh.marts.case_summary
        where list_contains($countries::varchar[], country_iso3) group by year order by year
    """,
        {"countries": chosen},
    )
    part = cube[cube["country_iso3"].isin(chosen)]
    hidden_years = set(part.loc[part[flag].astype(bool), "year"].tolist())
    df = suppress(raw, ("cases",), ctx.threshold)
    extra = df["year"].isin(hidden_years)
    df["cases"] = df["cases"].mask(extra, np.nan)
    df[flag] = df[flag] | extra
    return complement(df, [Group("cases")])


@_cache
def country_strategies(ctx: QueryContext, wave_id: str | None, country: str | None) -> pd.DataFrame:
    """Strategies one State reported, with the share of all States using each."""
    return _run(
        ctx,
        """
        select strategy,
               bool_or(in_use) filter (where country_iso3 = $country) as in_use,
               avg(case when in_use then 100.0 else 0 end) as pct_all_states
        from wh.marts.strategies where wave_id = $wave
        group by strategy order by strategy
    """,
        {"wave": wave_id, "country": country},
    )


# ---------------------------------------------------------------- data and methods


@_cache
def build_info(ctx: QueryContext) -> pd.DataFrame:
    """The one row of ``meta.build_info``."""
    return _run(
        ctx,
        """
        select build_id, schema_version, built_at, source_dir, is_synthetic
        from wh.meta.build_info
    """,
    )


@_cache
def loads(ctx: QueryContext) -> pd.DataFrame:
    """One row per loaded input file."""
    return _run(
        ctx,
        """
        select load_id, family, file, sheet, rows_read, rows_loaded, rows_rejected,
               started_at, finished_at, outcome, message
        from wh.meta.loads order by started_at, file
    """,
    )


@_cache
def problems(ctx: QueryContext, limit: int = 1000) -> tuple[int, pd.DataFrame]:
    """How many rows were rejected or quarantined, and the first ``limit`` reasons.

    The offending cell value is left out: a public page should not echo input cells.
    """
    total = db.cursor(ctx.wid).execute("select count(*) from wh.meta.problems").fetchone()[0]
    df = _run(
        ctx,
        """
        select file, sheet, "row", "column", expected, severity
        from wh.meta.problems order by file, "row" limit $limit
    """,
        {"limit": int(limit)},
    )
    return int(total), df


@_cache
def codebook(ctx: QueryContext, vocabulary: str | None = None) -> pd.DataFrame:
    """Codes and labels of one vocabulary, or of all when None."""
    return _run(
        ctx,
        """
        select vocabulary, code, lang, label from wh.marts.labels
        where $vocabulary::varchar is null or vocabulary = $vocabulary
        order by vocabulary, code, lang
    """,
        {"vocabulary": vocabulary},
    )


@_cache
def relation_size(ctx: QueryContext, relation: str) -> int:
    """Rows in a public relation."""
    name = _allowed(relation, PUBLIC_RELATIONS, "relation")
    return int(db.cursor(ctx.wid).execute(f"select count(*) from wh.marts.{name}").fetchone()[0])


@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)
def public_relation(ctx: QueryContext, relation: str, limit: int | None = None) -> pd.DataFrame:
    """A public relation (its first ``limit`` rows, or all), count columns suppressed."""
    name = _allowed(relation, PUBLIC_RELATIONS, "relation")
    links = RELATION_LINKS.get(name, ())
    if limit is None or links:
        # a preview of a linked relation is cut from the protected whole, so that it
        # withholds the same cells as the download
        df = _run(ctx, f"select * from wh.marts.{name}")
    else:
        df = _run(ctx, f"select * from wh.marts.{name} limit $limit", {"limit": int(limit)})
    df = suppress(df, COUNT_COLUMNS.get(name, ()), ctx.threshold)
    dtypes = df.dtypes.to_dict()
    if name == "case_summary":
        # its cases add up to each country's year, shown (or withheld) by other views
        cube = _country_year_cases(ctx)
        years = cube[(cube["year"] != _ALL_YEARS) & (cube["country_iso3"] != ALL_STATES)]
        totals = years[["country_iso3", "year", "cases", "cases" + FLAG_SUFFIX]].assign(
            exploitation_type=_TOTAL_ROW
        )
        df = pd.concat([df, totals], ignore_index=True)
    df = complement(df, links)
    if name == "case_summary":
        df = df[df["exploitation_type"] != _TOTAL_ROW].reset_index(drop=True).astype(dtypes)
    return df if limit is None else df.head(int(limit)).reset_index(drop=True)
