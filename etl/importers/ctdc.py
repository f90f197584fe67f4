"""Counter Trafficking Data Collaborative (CTDC) victim-level files, aggregated on load.

Two published layouts: the older k-anonymised global dataset (ISO2 codes, ``-99`` = missing,
flags 0/1/-99) and the 2024 Global Synthetic Dataset (ISO3 codes, flags 1 or empty). Copies
in the wild also use ``;`` as separator, put a terms-of-use sentence in the first header
cell, or leave cells blank instead of ``-99``; all are accepted.

Victim rows are never emitted: each (country, year, exploitation type) group becomes one
case row with ``cases = 0`` and victim counts. Mappings live in
``etl/reference/importers/ctdc_*.csv``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from etl.importers._countries import resolve_country
from etl.importers._mapping import code_map, rows
from etl.importers._model import Converted, RowRejected, build_table, refuse_if_strict
from etl.importers._read import Cell, Grid, is_blank, norm, read_grid
from etl.problems import Problem

KANON = "ctdc_kanon"
SYNTHETIC = "ctdc_synthetic_2024"
SOURCES = {
    KANON: "Counter Trafficking Data Collaborative (CTDC), global k-anonymised victim dataset",
    SYNTHETIC: "Counter Trafficking Data Collaborative (CTDC), Global Synthetic Dataset 2024",
}
CODES = "ctdc_codes.csv"
EXPLOITATION = "ctdc_exploitation.csv"

#: Fields both layouts share; a header holding them is CTDC.
CORE_FIELDS = {"citizenship", "countryofexploitation", "isforcedlabour", "issexualexploit"}
YEAR = "yearofregistration"
HEADER_SEARCH_ROWS = 5


@dataclass(frozen=True)
class Signature:
    """What a published layout has: its own columns, its country codes and gender words."""

    columns: frozenset[str]
    code_length: int
    genders: frozenset[str]
    label: str


#: Each published layout, recognised by what it has (never by what it lacks).
SIGNATURES = {
    KANON: Signature(
        frozenset({"datasource", "majoritystatus", "majoritystatusatexploit", "majorityentry",
                   "meansofcontrolconcatenated", "typeofexploitconcatenated", "issexandlabour",
                   "isabduction", "recruiterrelationship"}),
        2,
        frozenset({"female", "male"}),
        "k-anonymised global victim dataset: ISO2 country codes, gender Female/Male",
    ),
    SYNTHETIC: Signature(
        frozenset({"traffickmonths", "meansdebtbondageearnings", "meansthreats", "meansabusepsyphysex",
                   "meansfalsepromises", "meansdrugsalcohol", "meansdenybasicneeds",
                   "meansexcessiveworkhours", "meanswithholddocs"}),
        3,
        frozenset({"woman", "man", "trans/transgender/nonconforming"}),
        "2024 Global Synthetic Dataset: ISO3 country codes, gender Woman/Man",
    ),
}  # fmt: skip
#: Distinctive columns a file must carry to be taken for a layout by its columns.
MIN_SIGNATURE_COLUMNS = 2


def _is_sentence(cell: Cell) -> bool:
    # A terms-of-use note in a header cell: long, with spaces, unlike any field name.
    return cell is not None and len(cell) > 30 and " " in cell


def header(grid: Grid) -> tuple[int, list[str]] | None:
    """(row index, normalised column names) of a CTDC header, or None."""
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        names = [norm(c) for c in row]
        if not set(names) >= CORE_FIELDS:
            continue
        if YEAR not in names and row and _is_sentence(row[0]):
            # The published column order starts with yearOfRegistration; some copies put
            # the terms of use in its header cell.
            names[0] = YEAR
        if YEAR in names:
            return index, names
    return None


@dataclass
class Recognition:
    """The layout a file was taken for and why, or what each layout missed."""

    importer: str | None
    why: str
    missed: dict[str, str]


def explain(grid: Grid) -> Recognition:
    """Which published CTDC layout this is, by its columns and its values, and why."""
    found = header(grid)
    if found is None:
        return Recognition(None, "", {KANON: _core_missing(grid), SYNTHETIC: _core_missing(grid)})
    start, names = found
    rows = [dict(zip(names, row, strict=False)) for row in grid.rows[start + 1 :] if not is_blank(row)]
    codes = {
        len(value)
        for row in rows
        for value in (_value(row, "citizenship"), _value(row, "countryofexploitation"))
        if value and value.isalpha() and norm(value) not in code_map(CODES)["country"]
    }
    genders = {norm(_value(row, "gender")) for row in rows} - {""}
    matched, missed = [], {}
    for importer, signature in SIGNATURES.items():
        own = sorted(signature.columns & set(names))
        wrong = []
        if codes and codes != {signature.code_length}:
            wrong.append(f"{signature.code_length}-letter country codes (found {sorted(codes)} letters)")
        if genders and not genders <= signature.genders | _missing():
            shown = ", ".join(sorted(genders)[:4])
            wrong.append(f"gender {'/'.join(sorted(signature.genders))} (found {shown})")
        by_columns = len(own) >= MIN_SIGNATURE_COLUMNS
        by_values = bool(codes) and bool(genders) and not wrong
        if (by_columns or by_values) and not wrong:
            evidence = f"columns {', '.join(own)}" if by_columns else "its values"
            matched.append((importer, f"CTDC {signature.label} (by {evidence})"))
        else:
            needs = [] if by_columns else [
                f"at least {MIN_SIGNATURE_COLUMNS} of the columns {', '.join(sorted(signature.columns))}"
            ]  # fmt: skip
            missed[importer] = "; ".join(needs + wrong)
    if len(matched) == 1:
        return Recognition(matched[0][0], matched[0][1], missed)
    if matched:
        missed = {i: "both layouts fit; set the layout's columns apart" for i, _ in matched}
    return Recognition(None, "", missed)


def _core_missing(grid: Grid) -> str:
    names = {norm(c) for row in grid.rows[:HEADER_SEARCH_ROWS] for c in row}
    wanted = sorted((CORE_FIELDS | {YEAR}) - names)
    return "the columns " + ", ".join(wanted) if wanted else "a header row within the first rows"


def recognise(grid: Grid) -> str | None:
    return explain(grid).importer


def _missing() -> frozenset[str]:
    return frozenset(code_map(CODES)["missing"]) | {""}


def _value(cells: dict[str, Cell], name: str) -> str | None:
    value = cells.get(name)
    return None if value is None or norm(value) in _missing() else value


@cache
def _flags() -> list[tuple[str, str]]:
    ordered = sorted(rows(EXPLOITATION), key=lambda r: int(r["priority"]))
    return [(norm(r["field"]), r["code"]) for r in ordered]


#: How published copies write a set flag: ``1``, or ``1.0`` where a tool wrote floats.
FLAG_SET = frozenset({"1", "1.0", "true"})


def exploitation_type(cells: dict[str, Cell]) -> str:
    """The victim's exploitation type: the first flag set, in the mapping table's order."""
    for name, code in _flags():
        if norm(_value(cells, name)) in FLAG_SET:
            return code
    return "unknown"


def _age(value: str | None) -> str | None:
    if value is None:
        return None
    # "0--8", "0—8", "33-35": one dash form for the table lookup.
    text = re.sub(r"\s*[-\u2013\u2014]+\s*", "--", value.strip())
    return code_map(CODES)["age_broad"].get(norm(text)) or None


#: A damaged unknown-country code: ``00`` read as a number and written back as ``0``.
DAMAGED_UNKNOWN = frozenset({"0", "0.0"})


def _country(cells: dict[str, Cell], damaged: list[str]) -> str:
    unknown = code_map(CODES)["country"]
    for name, label in (
        ("countryofexploitation", "CountryOfExploitation"),
        ("citizenship", "citizenship"),
    ):
        value = _value(cells, name)
        if value is not None and norm(value) in DAMAGED_UNKNOWN:
            damaged.append(label)
            continue
        if value is None or norm(value) in unknown:
            continue
        iso3 = resolve_country(value)
        if iso3 is None:
            raise RowRejected(label, value, "an ISO country code")
        return iso3
    raise RowRejected(
        "CountryOfExploitation", None, "a country of exploitation or a citizenship (both missing)"
    )


@dataclass
class _Group:
    first_row: int
    total: int = 0
    female: int = 0
    male: int = 0
    minor: int = 0
    adult: int = 0
    sex_known: bool = False
    age_known: bool = False


def case_id(importer: str, country: str, year: str, exploitation: str) -> str:
    """A stable pseudonymous id of a group: the same group always gets the same id.

    >>> case_id("ctdc_kanon", "MDA", "2014", "unknown")
    'ctdc:09182d9fa262'
    """
    digest = hashlib.sha256(f"{importer}|{country}|{year}|{exploitation}".encode()).hexdigest()
    return f"ctdc:{digest[:12]}"


def convert(path: Path, *, strict: bool = False, grid: Grid | None = None) -> Converted:
    """Aggregate a CTDC victim file into case rows; quarantine victims that cannot be placed."""
    grid = grid or read_grid(path)
    recognition = explain(grid)
    importer = recognition.importer
    found = header(grid)
    if importer is None or found is None:
        raise ValueError(f"{path.name} is not a CTDC file")
    damaged: list[str] = []
    start, names = found
    codes = code_map(CODES)
    groups: dict[tuple[str, str, str], _Group] = {}
    problems: list[Problem] = []
    rows_in_file = 0
    for offset, row in enumerate(grid.rows[start + 1 :]):
        if is_blank(row):
            continue
        rows_in_file += 1
        number = start + 2 + offset
        cells = {name: (row[i] if i < len(row) else None) for i, name in enumerate(names)}
        try:
            year = _value(cells, YEAR)
            if year is None or not (year.isdigit() and len(year) == 4):
                raise RowRejected("yearOfRegistration", year, "a year of registration (YYYY)")
            country = _country(cells, damaged)
        except RowRejected as reject:
            problems.append(reject.quarantine(path.name, grid.sheet, number))
            continue
        key = (country, year, exploitation_type(cells))
        group = groups.setdefault(key, _Group(first_row=number))
        group.total += 1
        sex = codes["gender"].get(norm(_value(cells, "gender")))
        if sex is not None:
            # A listed gender that maps to nothing (unknown, other) is not "known".
            group.sex_known |= sex != ""
            group.female += sex == "female"
            group.male += sex == "male"
        age = codes["majority_status"].get(norm(_value(cells, "majoritystatus"))) or _age(
            _value(cells, "agebroad")
        )
        if age:
            group.age_known = True
            group.minor += age == "minor"
            group.adult += age == "adult"
    records = []
    ordered = sorted(groups.items(), key=lambda item: item[1].first_row)
    for (country, year, exploitation), group in ordered:
        records.append(
            {
                "case_id": case_id(importer, country, year, exploitation),
                "country": country,
                "year": year,
                "exploitation_type": exploitation,
                "victims_total": group.total,
                "victims_female": group.female if group.sex_known else None,
                "victims_male": group.male if group.sex_known else None,
                "victims_minor": group.minor if group.age_known else None,
                "victims_adult": group.adult if group.age_known else None,
                "cases": 0,
                "_row": group.first_row,
                "_sheet": grid.sheet,
            }
        )
    if damaged:
        problems.append(
            Problem(path.name, grid.sheet, None, damaged[0], "0",
                    f"the unknown-country code '00' ({len(damaged):,} cells hold '0', a damaged '00'; "
                    "read as unknown, the other country column used where it is known)", "warning")
        )  # fmt: skip
    converted = Converted(
        family="cases",
        table=build_table("cases", records),
        problems=problems,
        source=SOURCES[importer],
        vintage=None,
        importer=importer,
        rows_in_file=rows_in_file,
        is_synthetic=importer == SYNTHETIC,
        rows_loaded=sum(g.total for g in groups.values()),
        why=recognition.why,
    )
    return refuse_if_strict(converted, strict)
