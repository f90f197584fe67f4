"""Questionnaire answers: challenge severity, training gaps and strategies, by wave."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from app.queries._base import Reader, allowed, as_list, cacheable, sql

#: The all-States reference row in comparison frames.
ALL_STATES = "_all"


@cacheable
def severity_domains(wh: Reader, wave_id: str | None) -> list[str]:
    """Challenge domains scored in a wave."""
    df = wh.frame(
        "select distinct domain from wh.marts.challenge_severity_summary "
        "where wave_id = $wave order by domain",
        {"wave": wave_id},
    )
    domains: list[str] = df["domain"].astype(str).tolist()
    return domains


@cacheable
def severity_ranking(wh: Reader, wave_id: str | None, domain: str) -> pd.DataFrame:
    """Challenges of a domain, most severe first, with the published figure beside each."""
    return wh.frame(
        "select challenge, mean_score, sd_score, n_countries, n_dont_know, published_score, "
        "published_qualifier, published_text from wh.marts.challenge_severity_summary "
        "where wave_id = $wave and domain = $domain order by mean_score desc nulls last, challenge",
        {"wave": wave_id, "domain": domain},
    )


@cacheable
def severity_matrix(wh: Reader, wave_id: str | None, domain: str, countries: Sequence[str]) -> pd.DataFrame:
    """One State's score per country and challenge: ``country_iso3, challenge, score``."""
    return wh.frame(
        "select country_iso3, challenge, score from wh.marts.challenge_severity "
        "where wave_id = $wave and domain = $domain and (len($countries::varchar[]) = 0 "
        "or list_contains($countries::varchar[], country_iso3)) order by country_iso3, challenge",
        {"wave": wave_id, "domain": domain, "countries": as_list(countries)},
    )


@cacheable
def severity_spread(wh: Reader, wave_id: str | None, domain: str, country: str | None) -> pd.DataFrame:
    """Per challenge: one country's score against the mean, quartiles and range of all States."""
    return wh.frame(sql("severity_spread"), {"wave": wave_id, "domain": domain, "country": country})


@cacheable
def severity_waves(wh: Reader, domain: str, wave_a: str, wave_b: str) -> pd.DataFrame:
    """Mean score of each challenge in two waves: ``challenge, score_a, score_b, change``."""
    return wh.frame(sql("severity_waves"), {"domain": domain, "a": wave_a, "b": wave_b})


@cacheable
def training_matrix(wh: Reader, wave_id: str | None, country: str | None) -> pd.DataFrame:
    """Audience x area for one country: ``audience, area, provision, need, gap_score``."""
    return wh.frame(
        "select audience, area, provision, need, gap_score from wh.marts.training_gap "
        "where wave_id = $wave and country_iso3 = $country order by audience, area",
        {"wave": wave_id, "country": country},
    )


@cacheable
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


@cacheable
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


@cacheable
def compare(wh: Reader, what: str, wave_id: str | None, countries: Sequence[str]) -> pd.DataFrame:
    """A mean per category for each chosen country and for all States (``_all``)."""
    relation, category, value, name = _COMPARISONS[allowed(what, _COMPARISONS, "comparison")]
    text = sql("compare_by_country", relation=relation, category=category, value=value, mean_name=name)
    return wh.frame(text, {"wave": wave_id, "countries": as_list(countries)})


@cacheable
def country_strategies(wh: Reader, wave_id: str | None, country: str | None) -> pd.DataFrame:
    """Strategies one State reported, with the share of all States using each."""
    return wh.frame(sql("country_strategies"), {"wave": wave_id, "country": country})


#: Questionnaire measures the overview map can colour countries by: the SQL of the value.
MAP_MEASURES: dict[str, tuple[str, str]] = {
    "severity": ("challenge_severity", "avg(score)"),
    "training_gap": ("training_gap", "avg(gap_score)"),
    "strategies": ("strategies", "count(*) filter (where in_use)"),
}


@cacheable
def by_country(wh: Reader, measure: str, wave_id: str | None) -> pd.DataFrame:
    """One value per answering country for the map: ``country_iso3, value``."""
    relation, value = MAP_MEASURES[allowed(measure, MAP_MEASURES, "map measure")]
    return wh.frame(
        f"select country_iso3, ({value})::double as value from wh.marts.{relation} "
        "where wave_id = $wave group by country_iso3 order by country_iso3",
        {"wave": wave_id},
    )


# ---------------------------------------------------------------- wave against wave

#: What a wave-against-wave view compares: relation, item columns, value, and the
#: questionnaire measures the item's comparability depends on.
_CHANGES: dict[str, tuple[str, tuple[str, ...], str, tuple[str, ...]]] = {
    "severity": ("challenge_severity", ("domain", "challenge"), "score", ("severity",)),
    "training": ("training_gap", ("audience", "area"), "gap_score", ("training_need", "training_provision")),
    "strategies": ("strategies", ("strategy",), "case when in_use then 100.0 else 0 end", ("strategy",)),
}


@dataclass(frozen=True)
class Change:
    """Two waves side by side: only what both asked the same way.

    ``frame``: the item columns, ``country_iso3`` (``_all`` for the mean of the States that
    answered), ``before``, ``after``, ``change``; ``left_out``: the items not compared and why;
    ``missing``: the chosen countries that did not answer each wave.
    """

    frame: pd.DataFrame
    left_out: pd.DataFrame
    missing: dict[str, list[str]]


@cacheable
def previous_wave(wh: Reader, wave_id: str | None) -> str | None:
    """The wave before ``wave_id`` (by year), if any."""
    df = wh.frame("select wave_id, year from wh.marts.waves order by year, wave_id")
    ids = df["wave_id"].astype(str).tolist()
    if wave_id not in ids:
        return None
    at = ids.index(str(wave_id))
    return ids[at - 1] if at > 0 else None


#: Why an item may not be compared between two waves (``why`` of :func:`comparability`).
NOT_COMPARABLE = ("added", "removed", "answer_type", "scale", "choices", "reworded", "measure")


@cacheable
def comparability(wh: Reader, wave_a: str, wave_b: str, measures: Sequence[str]) -> pd.DataFrame:
    """Items of ``measures`` in the questionnaire diff of two waves (either order):
    ``domain, code, audience, measure, comparable, why, wave``: ``why`` says in one code
    why an item is not comparable (see :data:`NOT_COMPARABLE`), ``wave`` the wave an added
    or removed item was asked in."""
    return wh.frame(sql("comparability"), {"a": wave_a, "b": wave_b, "measures": list(measures)})


@cacheable
def change(wh: Reader, what: str, wave_a: str, wave_b: str, countries: Sequence[str] = ()) -> Change:
    """Each item of ``what`` (severity, training, strategies) in two waves, per chosen country
    and as the mean over the States that answered each wave (``_all``)."""
    relation, items, value, measures = _CHANGES[allowed(what, _CHANGES, "comparison")]
    rows = wh.frame(
        sql("wave_rows", relation=relation, value=value),
        {"waves": [wave_a, wave_b]},
    )
    rows = rows.rename(columns={"item_value": "value"})
    # the comparability of an item: its own line of the diff (both training measures for a gap)
    diff = comparability(wh, wave_a, wave_b, measures)
    keys = {"severity": ("domain", "code"), "training": ("audience", "code"), "strategies": ("code",)}[what]
    ok = diff.groupby(list(keys))["comparable"].all() if not diff.empty else pd.Series(dtype=bool)
    why = (
        diff[~diff["comparable"]].groupby(list(keys))[["why", "wave"]].first()
        if not diff.empty
        else pd.DataFrame(columns=["why", "wave"])
    )
    item_keys = list(items)
    rows["_key"] = [tuple(r) for r in rows[item_keys].itertuples(index=False)]
    compared = rows["_key"].map(lambda k: bool(ok.get(k if len(k) > 1 else k[0], True)))
    left = rows.loc[~compared, [*item_keys, "_key"]].drop_duplicates("_key")
    found = [k if len(k) > 1 else k[0] for k in left["_key"]]
    left["why"] = [why["why"].get(k) for k in found]
    left["wave"] = [why["wave"].get(k) for k in found]
    rows = rows[compared]
    wide = rows.pivot_table(
        index=["country_iso3", *item_keys], columns="wave_id", values="value", aggfunc="mean"
    )
    wide = wide.reindex(columns=[wave_a, wave_b]).reset_index()
    means = wide.groupby(item_keys, as_index=False)[[wave_a, wave_b]].mean().assign(country_iso3=ALL_STATES)
    chosen = wide[wide["country_iso3"].isin(list(countries))]
    frame = pd.concat([chosen, means], ignore_index=True).rename(columns={wave_a: "before", wave_b: "after"})
    frame["change"] = frame["after"] - frame["before"]
    answered = {w: set(rows.loc[rows["wave_id"] == w, "country_iso3"]) for w in (wave_a, wave_b)}
    missing = {w: [c for c in countries if c not in answered[w]] for w in (wave_a, wave_b)}
    return Change(
        frame[[*item_keys, "country_iso3", "before", "after", "change"]],
        left[[*item_keys, "why", "wave"]].reset_index(drop=True),
        missing,
    )


@cacheable
def training_overview(wh: Reader, wave_id: str | None, threshold_gap: float = 50.0) -> pd.DataFrame:
    """Every audience x area over all States: the mean gap, how many States have a gap of at
    least ``threshold_gap``, and how many answered; largest first."""
    return wh.frame(sql("training_overview"), {"wave": wave_id, "gap": threshold_gap})


@cacheable
def strategies_in_use(wh: Reader, wave_id: str | None, countries: Sequence[str]) -> pd.DataFrame:
    """Whether each chosen country uses each strategy (yes/no), and the share of all States
    using it: ``strategy, country_iso3, in_use, pct_all_states``."""
    return wh.frame(sql("strategies_in_use"), {"wave": wave_id, "countries": as_list(countries)})
