"""What the protected release publishes, and with how much noise: ``release_plan.csv``.

Each line of the plan is one *family* of counts over a grid of cells (year x country x
category). A family is noised at up to three levels, each once: the national cells
(year x country x category), the all-countries cells (year x category) and, where the
categories split a year's total, the year totals. Every
figure the dashboard shows about cases or victims is one of these cells or a sum of them.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache

from etl.reference import REFERENCE_DIR, vocabularies

PLAN_FILE = REFERENCE_DIR / "release_plan.csv"

#: Every figure protects one person: a victim recorded in a case (a case has at least one).
PRIVACY_UNIT = "a victim recorded in a case"

#: The delta at which the zero-concentrated guarantee is also stated as (epsilon, delta).
DELTA = 1e-6


@dataclass(frozen=True)
class Family:
    """One line of the plan."""

    name: str
    relation: str
    measure: str
    #: one tuple of codes per category dimension (one, or two for stage x technology)
    categories: tuple[tuple[str, ...], ...]
    category_columns: tuple[str, ...]
    national_sigma: float | None
    all_countries_sigma: float
    #: the noise of the year totals, for families whose categories split the year's total
    year_sigma: float | None
    #: how many cells of the family one case can add 1 to (its L2 sensitivity is the root)
    max_contributions: int
    description: str

    @property
    def sensitivity(self) -> float:
        """L2 distance between the family's grids with and without one victim."""
        return math.sqrt(self.max_contributions)

    def sigmas(self) -> dict[str, float]:
        """The noise of each level noised: ``year`` (totals), ``all`` (all countries) and
        ``national`` (by country), from the top down."""
        out = {}
        if self.year_sigma is not None:
            out["year"] = self.year_sigma
        out["all"] = self.all_countries_sigma
        if self.national_sigma is not None:
            out["national"] = self.national_sigma
        return out


def _categories(spec: str) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """``exploitation_type`` (a vocabulary), ``female|male`` (a list) or ``stage*technology``."""
    codes, columns = [], []
    for part in spec.split("*"):
        if "|" in part:
            codes.append(tuple(part.split("|")))
            columns.append("category")
        else:
            codes.append(tuple(_vocabulary_order(part)))
            columns.append(part)
    return tuple(codes), tuple(columns)


def _vocabulary_order(vocabulary: str) -> list[str]:
    """A vocabulary's codes in the order ``codes.csv`` lists them."""
    known = vocabularies()[vocabulary]
    with (REFERENCE_DIR / "codes.csv").open(encoding="utf-8", newline="") as handle:
        ordered = [r["code"] for r in csv.DictReader(handle) if r["vocabulary"] == vocabulary]
    return [c for c in dict.fromkeys(ordered) if c in known]


@cache
def families() -> tuple[Family, ...]:
    """The plan's families, in file order.

    >>> [f.name for f in families()][:3]
    ['cases', 'victims', 'online']
    """
    out = []
    with PLAN_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            codes, columns = _categories(row["categories"])
            out.append(
                Family(
                    name=row["family"],
                    relation=row["relation"],
                    measure=row["measure"],
                    categories=codes,
                    category_columns=columns,
                    national_sigma=float(row["national_sigma"]) if row["national_sigma"] else None,
                    all_countries_sigma=float(row["all_countries_sigma"]),
                    year_sigma=float(row["year_sigma"]) if row["year_sigma"] else None,
                    max_contributions=int(row["max_contributions"]),
                    description=row["description"],
                )
            )
    return tuple(out)
