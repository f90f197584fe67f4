"""Values no series could hold: orders of magnitude above their own history, or above the population.

A published table can carry a typing error that no type check sees (persons convicted in
Andorra in 2022: 6,112,019 in the 2025 GLOTIP release). A reported count is implausible
when it is more than :data:`FACTOR` times the largest other count of the same country and
indicator in the same file (any year, any breakdown; a ``<5`` counts as 5), or larger than
the country's population in that year where a population table is available. Such rows
are quarantined with the reason unless the steward accepts the value in
``mappings/accepted_values.csv`` (see :mod:`etl.mappings`); the problem carries that line.

Population, in the World Bank layout (``Country Name,Country Code,Year,Value``), is read
from the steward's ``mappings/population.csv`` or else the shipped
``etl/reference/population.csv``, whichever exists; without one only the history rule runs.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from etl import mappings
from etl.reference import REFERENCE_DIR

#: Three orders of magnitude above everything else the file says of a country and indicator.
FACTOR = 1_000
#: A withheld small count ("<5") stands for at most this.
SMALL = 5
POPULATION_FILE = "population.csv"
#: Indicators that count persons (a population bounds them); offences need not.
PERSON_INDICATORS = frozenset(
    {"detected_victims", "persons_suspected", "persons_prosecuted", "persons_convicted"}
)

Record = dict[str, object]


def implausible(
    records: Iterable[Record], *, population: Callable[[str, int], float | None] | None = None
) -> dict[int, tuple[str, str]]:
    """``{index: (reason, fix line)}`` of the records whose value is implausible.

    Records carry ``country``, ``year``, ``indicator``, ``value`` (text or None) and
    ``status``; the index is the record's position in ``records``.
    """
    population = population or population_of
    records = list(records)
    groups: dict[tuple[object, object], list[tuple[int, float]]] = {}
    for index, record in enumerate(records):
        value = SMALL if record.get("status") == "suppressed" else _number(record.get("value"))
        if value is not None:
            groups.setdefault((record["country"], record["indicator"]), []).append((index, value))
    found: dict[int, tuple[str, str]] = {}
    for (country, indicator), values in groups.items():
        top = sorted(values, key=lambda item: item[1], reverse=True)
        for position, (index, value) in enumerate(top):
            record = records[index]
            if record.get("status") != "reported":
                continue
            others = top[position + 1 :] + top[:position]
            largest = max((v for _, v in others), default=None)
            reason = None
            if largest is not None and value > FACTOR * max(largest, SMALL):
                reason = (
                    f"a value in line with this country's other {indicator} counts in the file "
                    f"(the largest other is {largest:,.0f}; this is over {FACTOR:,} times that)"
                )
            people = population(str(country), int(str(record["year"])))
            if reason is None and people and indicator in PERSON_INDICATORS and value > people:
                reason = f"a count of persons below the country's population ({people:,.0f})"
            if reason is None:
                continue
            if mappings.accepted(str(country), str(record["year"]), str(indicator), str(record["value"])):
                continue
            fix = mappings.fix_line(
                mappings.ACCEPTED,
                [str(country), str(record["year"]), str(indicator), str(record["value"]), "checked with"],
            )
            found[index] = (f"{reason}; accept it only after checking with the publisher", fix)
        # a group's largest value is compared with the rest; others are not flagged through it
    return found


def _number(value: object) -> float | None:
    try:
        return None if value is None else float(str(value))
    except ValueError:
        return None


def population_of(iso3: str, year: int) -> float | None:
    """The population of a country in a year (or its nearest year), if a table is available."""
    table = _population(population_path())
    years = table.get(iso3)
    if not years:
        return None
    nearest = min(years, key=lambda y: abs(y - year))
    return years[nearest] if abs(nearest - year) <= 5 else None


def population_path() -> Path | None:
    """The population table in use: the steward's ``mappings/population.csv``, else the shipped one."""
    folder = mappings.current().folder
    for path in ((folder / POPULATION_FILE) if folder else None, REFERENCE_DIR / POPULATION_FILE):
        if path is not None and path.is_file():
            return path
    return None


@cache
def _population(path: Path | None) -> dict[str, dict[int, float]]:
    table: dict[str, dict[int, float]] = {}
    if path is None:
        return table
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                table.setdefault(row["Country Code"], {})[int(row["Year"])] = float(row["Value"])
            except (KeyError, TypeError, ValueError):
                continue  # aggregates and blank cells carry no country's population
    return table
