"""Reference data and what is loaded: waves, countries, labels, sources."""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.queries._base import Reader, cacheable, sql


@cacheable
def waves(wh: Reader) -> pd.DataFrame:
    """All questionnaire waves, newest first."""
    return wh.frame(
        "select wave_id, year, label, is_synthetic, fieldwork, source, n_states, n_ngos, n_companies "
        "from wh.marts.waves order by year desc, wave_id desc"
    )


@cacheable
def wave_names(wh: Reader) -> dict[str, tuple[str, bool]]:
    """Label and synthetic flag of each wave, by wave id, newest first."""
    df = waves(wh)
    return {
        str(w): (str(label), bool(synthetic))
        for w, label, synthetic in zip(
            df["wave_id"].tolist(), df["label"].tolist(), df["is_synthetic"].tolist(), strict=True
        )
    }


@cacheable
def wave_years(wh: Reader) -> dict[str, int]:
    """The year of each wave, by wave id."""
    df = waves(wh)
    return dict(zip(df["wave_id"].astype(str), df["year"].astype(int), strict=True))


@cacheable
def countries(wh: Reader) -> pd.DataFrame:
    """All countries with their Council of Europe and Convention status."""
    return wh.frame(
        "select iso3, iso2, name, coe_member, convention_party, responded_2021 "
        "from wh.marts.countries order by name"
    )


@cacheable
def country_options(wh: Reader) -> list[str]:
    """Countries worth offering, ordered by name."""
    iso3s: list[str] = wh.frame(sql("country_options"))["iso3"].astype(str).tolist()
    return iso3s


@cacheable
def answering_countries(wh: Reader, wave_id: str | None) -> list[str]:
    """Countries that rated challenges or training in a wave, ordered by name."""
    iso3s: list[str] = wh.frame(sql("answering_countries"), {"wave": wave_id})["iso3"].astype(str).tolist()
    return iso3s


@cacheable
def labels(wh: Reader, lang: str = "en") -> dict[str, dict[str, str]]:
    """Labels by vocabulary and code, e.g. ``labels(wh)["technology"]["dark_web"]``."""
    df = wh.frame("select vocabulary, code, label from wh.marts.labels where lang = $lang", {"lang": lang})
    out: dict[str, dict[str, str]] = {}
    for vocabulary, code, label in df.itertuples(index=False):
        out.setdefault(vocabulary, {})[code] = label
    return out


@cacheable
def sources(wh: Reader) -> pd.DataFrame:
    """Every loaded source with its vintage, years and synthetic flag."""
    return wh.frame(
        "select family, source, vintage, is_synthetic, rows, first_year, last_year "
        "from wh.marts.sources order by family, source"
    )


@cacheable
def synthetic_status(wh: Reader) -> dict[str, list[str]]:
    """Names of the synthetic waves and sources (empty lists when all data are real)."""
    w = wh.frame("select label from wh.marts.waves where is_synthetic order by label")
    s = wh.frame(
        "select distinct source from wh.marts.sources "
        "where is_synthetic and family <> 'survey' order by source"
    )
    return {"waves": w["label"].tolist(), "sources": s["source"].tolist()}


@cacheable
def source_coverage(wh: Reader) -> pd.DataFrame:
    """Which measures each imported public source (CTDC) can and cannot fill."""
    return wh.frame(
        "select source_family, measure, fills, how from wh.marts.source_coverage "
        "order by source_family, fills = 'no', measure"
    )


@cacheable
def population(wh: Reader) -> pd.DataFrame:
    """People per country and year (``marts.population``), and where the figures come from."""
    return wh.frame("select country_iso3, year, population, source from wh.marts.population")


def per_100k(wh: Reader, frame: pd.DataFrame, value: str, years: tuple[int, int] | None = None) -> pd.Series:
    """``value`` per 100,000 inhabitants of each row's country (``country_iso3``).

    A frame with a ``year`` column is divided by the population of that year (the nearest
    year the table has, within five years); a period total (``years`` given) becomes an
    average rate per year: the total over the number of years and the period's mean
    population. NaN where the population is not known.
    """
    table = _by_country(population(wh))
    if years is not None:
        span = range(years[0], years[1] + 1)
        pop = [_mean(table.get(str(c)), span) for c in frame["country_iso3"]]
        return frame[value].astype("float64") / len(span) / pd.Series(pop, index=frame.index) * 100_000
    pop = [
        _nearest(table.get(str(c)), int(y)) for c, y in zip(frame["country_iso3"], frame["year"], strict=True)
    ]
    return frame[value].astype("float64") / pd.Series(pop, index=frame.index, dtype="float64") * 100_000


_Years = tuple[np.ndarray, np.ndarray]


def _by_country(people: pd.DataFrame) -> dict[str, _Years]:
    return {
        str(iso3): (part["year"].to_numpy(), part["population"].to_numpy(dtype="float64"))
        for iso3, part in people.groupby("country_iso3", sort=False)
    }


def _nearest(years: _Years | None, year: int) -> float:
    if years is None or not len(years[0]):
        return float("nan")
    gaps = np.abs(years[0] - year)
    best = int(np.argmin(gaps))
    return float(years[1][best]) if gaps[best] <= 5 else float("nan")


def _mean(years: _Years | None, span: range) -> float:
    known = [v for v in (_nearest(years, y) for y in span) if v == v]
    return sum(known) / len(known) if known else float("nan")


@cacheable
def population_source(wh: Reader) -> str:
    """Where the population figures come from, for captions and downloads."""
    df = wh.frame("select distinct source from wh.marts.population")
    return "; ".join(df["source"].astype(str)) or "no population table loaded"
