"""Reference data shipped with the project: vocabularies, labels, published figures, deny-list."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def vocabularies() -> dict[str, frozenset[str]]:
    """Allowed codes by vocabulary, from ``codes.csv``.

    >>> "sexual" in vocabularies()["exploitation_type"]
    True
    """
    found: dict[str, set[str]] = {}
    for row in _rows("codes.csv"):
        found.setdefault(row["vocabulary"], set()).add(row["code"])
    return {name: frozenset(codes) for name, codes in found.items()}


@cache
def categories() -> dict[str, tuple[tuple[str, str], ...]]:
    """``{indicator: ((category, English label), ...)}`` of every categorical indicator.

    A code of vocabulary ``categorical_indicator`` names a vocabulary of its own: its
    categories, ranked in the order ``codes.csv`` lists them (rank 1 first).

    >>> [code for code, _ in categories()["tip_tier"]]
    ['tier_1', 'tier_2', 'tier_2_watch_list', 'tier_3']
    """
    rows = _rows("codes.csv")
    indicators = [r["code"] for r in rows if r["vocabulary"] == "categorical_indicator"]
    return {
        indicator: tuple((r["code"], r["label"]) for r in rows if r["vocabulary"] == indicator)
        for indicator in indicators
    }


def category_rows() -> list[tuple[str, str, int, str]]:
    """(indicator, category, rank, English label) of every categorical indicator."""
    return [
        (indicator, code, rank, label)
        for indicator, ranked in categories().items()
        for rank, (code, label) in enumerate(ranked, start=1)
    ]


def label_rows() -> list[tuple[str, str, str, str]]:
    """(vocabulary, code, lang, label) for every label file: ``codes.csv`` is English,
    ``labels_<lang>.csv`` (vocabulary, code, label) adds another language."""
    rows = [(r["vocabulary"], r["code"], "en", r["label"]) for r in _rows("codes.csv")]
    for path in sorted(REFERENCE_DIR.glob("labels_*.csv")):
        lang = path.stem.removeprefix("labels_")
        rows += [(r["vocabulary"], r["code"], lang, r["label"]) for r in _rows(path.name)]
    return rows


def published_figures() -> list[dict[str, str]]:
    return _rows("published_figures.csv")


def convention_parties() -> list[dict[str, str]]:
    return _rows("convention_parties.csv")


def country_groups() -> dict[str, str]:
    """Names of regions, groups and residual categories, with why each is not a country."""
    return {r["name"]: r["why"] for r in _rows("country_groups.csv")}


@cache
def _denied() -> list[tuple[re.Pattern[str], str, str]]:
    return [
        (re.compile(rf"(^|_){re.escape(r['pattern'])}($|_)"), r["pattern"], r["reason"])
        for r in _rows("denied_columns.csv")
    ]


def denied_column_reason(column: str) -> str | None:
    """Why a column name looks like personal data, or None.

    Whole words of the snake-cased name are matched, so ``victim_name`` is refused and
    ``organisation`` is not.

    >>> denied_column_reason("Victim Name")
    "looks like a person's name (deny-list entry 'name')"
    >>> denied_column_reason("country") is None
    True
    """
    snake = re.sub(r"[^a-z0-9]+", "_", column.strip().lower()).strip("_")
    for pattern, entry, reason in _denied():
        if pattern.search(snake):
            return f"looks like {reason} (deny-list entry {entry!r})"
    return None
