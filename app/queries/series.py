"""Trend series from official statistics, one source at a time, as their publishers made them.

UNODC's own ``<5`` stays suppressed (status ``suppressed``, no value); nothing is added.
Categorical indicators (a tier, a rating) come from ``marts.series_categorical``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from app import i18n
from app.queries._base import Provenance, Reader, Table, as_list, cacheable, sql

#: How official series are shown.
SERIES_PROTECTION = i18n.N_("as published by the source (its own small-count rule)")


#: The marts of trend series: counts, and categories (a tier, a rating).
SERIES_MARTS = ("series", "series_categorical")


def _checked(relation: str) -> str:
    """``relation`` when it is one of SERIES_MARTS: it goes into SQL text as an identifier."""
    if relation not in SERIES_MARTS:
        raise ValueError(f"not a series mart: {relation!r}")
    return relation


def _indicators_in(wh: Reader, relation: str) -> list[str]:
    relation = _checked(relation)
    found: list[str] = wh.frame(f"select distinct indicator from wh.marts.{relation} order by indicator")[
        "indicator"
    ].tolist()
    return found


def _sources_in(wh: Reader, relation: str, indicator: str) -> list[str]:
    relation = _checked(relation)
    df = wh.frame(
        f"select source from wh.marts.{relation} where indicator = $indicator "
        "group by source order by bool_or(is_synthetic), source",
        {"indicator": indicator},
    )
    names: list[str] = df["source"].astype(str).tolist()
    return names


@cacheable
def indicators(wh: Reader) -> list[str]:
    """Indicators present in the trend series."""
    return _indicators_in(wh, "series")


@cacheable
def sources(wh: Reader, indicator: str) -> list[str]:
    """Sources of one indicator, real data first, then by name."""
    return _sources_in(wh, "series", indicator)


@cacheable
def categorical_indicators(wh: Reader) -> list[str]:
    """Categorical indicators (a tier, a rating) present in the series."""
    return _indicators_in(wh, "series_categorical")


@cacheable
def categorical_sources(wh: Reader, indicator: str) -> list[str]:
    """Sources of one categorical indicator, real data first, then by name."""
    return _sources_in(wh, "series_categorical", indicator)


@cacheable
def trend(wh: Reader, countries: Sequence[str], indicator: str, source: str) -> Table:
    """Totals of one indicator from one source per country and year, latest vintage.

    One source at a time: publishers count differently, so their values are never joined
    into one line.
    """
    df = wh.frame(
        sql("series_trend"), {"indicator": indicator, "source": source, "countries": as_list(countries)}
    )
    vintages = sorted({str(v)[:10] for v in df["vintage"].dropna()})
    years = (int(df["year"].min()), int(df["year"].max())) if not df.empty else None
    return Table(
        df,
        Provenance(
            source=source,
            synthetic=bool(df["is_synthetic"].any()),
            vintage=", ".join(vintages) or None,
            period=None if years is None else f"{years[0]}-{years[1]}",
            protection=SERIES_PROTECTION,
            kind="series",
            filters=(("indicator", indicator), ("countries", ", ".join(countries) or "all")),
        ),
    )


@cacheable
def categorical(wh: Reader, countries: Sequence[str], indicator: str, source: str) -> Table:
    """Categories of one categorical indicator from one source per country and year, latest vintage.

    Each row has the category's code, label and rank (1 = the first on the indicator's
    scale, e.g. Tier 1); a year the source gave no category has status ``not_available``.
    """
    df = wh.frame(
        sql("series_categorical"),
        {"indicator": indicator, "source": source, "countries": as_list(countries)},
    )
    vintages = sorted({str(v)[:10] for v in df["vintage"].dropna()})
    years = (int(df["year"].min()), int(df["year"].max())) if not df.empty else None
    return Table(
        df,
        Provenance(
            source=source,
            synthetic=bool(df["is_synthetic"].any()),
            vintage=", ".join(vintages) or None,
            period=None if years is None else f"{years[0]}-{years[1]}",
            # a category is not a count: nothing to protect, shown as published
            kind="categories",
            filters=(("indicator", indicator), ("countries", ", ".join(countries) or "all")),
        ),
    )


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many values of a series frame each status has (reported, suppressed...)."""
    return {str(k): int(v) for k, v in frame["status"].value_counts().items()}
