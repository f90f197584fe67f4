"""Questionnaire answers: challenge severity, training gaps and strategies, by wave."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from app.queries._base import Reader, allowed, as_list, sql

#: The all-States reference row in comparison frames.
ALL_STATES = "_all"


def severity_domains(wh: Reader, wave_id: str | None) -> list[str]:
    """Challenge domains scored in a wave."""
    df = wh.frame(
        "select distinct domain from wh.marts.challenge_severity_summary "
        "where wave_id = $wave order by domain",
        {"wave": wave_id},
    )
    return df["domain"].astype(str).tolist()


def severity_ranking(wh: Reader, wave_id: str | None, domain: str) -> pd.DataFrame:
    """Challenges of a domain, most severe first, with the published figure beside each."""
    return wh.frame(
        "select challenge, mean_score, sd_score, n_countries, n_dont_know, published_score, "
        "published_qualifier, published_text from wh.marts.challenge_severity_summary "
        "where wave_id = $wave and domain = $domain order by mean_score desc nulls last, challenge",
        {"wave": wave_id, "domain": domain},
    )


def severity_matrix(wh: Reader, wave_id: str | None, domain: str, countries: Sequence[str]) -> pd.DataFrame:
    """One State's score per country and challenge: ``country_iso3, challenge, score``."""
    return wh.frame(
        "select country_iso3, challenge, score from wh.marts.challenge_severity "
        "where wave_id = $wave and domain = $domain and (len($countries::varchar[]) = 0 "
        "or list_contains($countries::varchar[], country_iso3)) order by country_iso3, challenge",
        {"wave": wave_id, "domain": domain, "countries": as_list(countries)},
    )


def severity_spread(wh: Reader, wave_id: str | None, domain: str, country: str | None) -> pd.DataFrame:
    """Per challenge: one country's score against the mean, quartiles and range of all States."""
    return wh.frame(sql("severity_spread"), {"wave": wave_id, "domain": domain, "country": country})


def severity_waves(wh: Reader, domain: str, wave_a: str, wave_b: str) -> pd.DataFrame:
    """Mean score of each challenge in two waves: ``challenge, score_a, score_b, change``."""
    return wh.frame(sql("severity_waves"), {"domain": domain, "a": wave_a, "b": wave_b})


def training_matrix(wh: Reader, wave_id: str | None, country: str | None) -> pd.DataFrame:
    """Audience x area for one country: ``audience, area, provision, need, gap_score``."""
    return wh.frame(
        "select audience, area, provision, need, gap_score from wh.marts.training_gap "
        "where wave_id = $wave and country_iso3 = $country order by audience, area",
        {"wave": wave_id, "country": country},
    )


def training_by_country(
    wh: Reader, wave_id: str | None, audience: str, countries: Sequence[str]
) -> pd.DataFrame:
    """Countries x areas for one audience: ``country_iso3, area, gap_score``."""
    return wh.frame(
        "select country_iso3, area, gap_score from wh.marts.training_gap "
        "where wave_id = $wave and audience = $audience and (len($countries::varchar[]) = 0 "
        "or list_contains($countries::varchar[], country_iso3)) order by country_iso3, area",
        {"wave": wave_id, "audience": audience, "countries": as_list(countries)},
    )


def training_plan(
    wh: Reader, wave_id: str | None, countries: Sequence[str], audience: str | None = None, limit: int = 50
) -> pd.DataFrame:
    """The largest gaps first: what a trainer would plan for."""
    df = wh.frame(
        sql("training_plan"),
        {"wave": wave_id, "countries": as_list(countries), "audience": audience, "limit": int(limit)},
    )
    df.insert(0, "rank", range(1, len(df) + 1))
    return df


#: Comparisons of countries: (relation, category column, value column, name of the mean).
_COMPARISONS = {
    "severity": ("challenge_severity", "domain", "score", "mean_score"),
    "training": ("training_gap", "area", "gap_score", "mean_gap"),
    "strategies": ("strategies", "strategy", "case when in_use then 100.0 else 0 end", "pct_in_use"),
}


def compare(wh: Reader, what: str, wave_id: str | None, countries: Sequence[str]) -> pd.DataFrame:
    """A mean per category for each chosen country and for all States (``_all``)."""
    relation, category, value, name = _COMPARISONS[allowed(what, _COMPARISONS, "comparison")]
    text = sql("compare_by_country", relation=relation, category=category, value=value, mean_name=name)
    return wh.frame(text, {"wave": wave_id, "countries": as_list(countries)})


def country_strategies(wh: Reader, wave_id: str | None, country: str | None) -> pd.DataFrame:
    """Strategies one State reported, with the share of all States using each."""
    return wh.frame(sql("country_strategies"), {"wave": wave_id, "country": country})


#: Questionnaire measures the overview map can colour countries by: the SQL of the value.
MAP_MEASURES: dict[str, tuple[str, str]] = {
    "severity": ("challenge_severity", "avg(score)"),
    "training_gap": ("training_gap", "avg(gap_score)"),
    "strategies": ("strategies", "count(*) filter (where in_use)"),
}


def by_country(wh: Reader, measure: str, wave_id: str | None) -> pd.DataFrame:
    """One value per answering country for the map: ``country_iso3, value``."""
    relation, value = MAP_MEASURES[allowed(measure, MAP_MEASURES, "map measure")]
    return wh.frame(
        f"select country_iso3, ({value})::double as value from wh.marts.{relation} "
        "where wave_id = $wave group by country_iso3 order by country_iso3",
        {"wave": wave_id},
    )
