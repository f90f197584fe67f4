"""UNODC Global Report on Trafficking in Persons (GLOTIP) country data, as downloaded.

The portal's file has an organisation row, a release date row (dd/mm/yyyy), then the
header. Values are text with thousands separators, ``<5`` for a withheld small count.
Labels map to codes through ``etl/reference/importers/glotip_*.csv``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from etl import mappings
from etl.countries import group_reason
from etl.importers._conflicts import Candidate, split_conflicts
from etl.importers._countries import resolve_country
from etl.importers._mapping import code_map, notes
from etl.importers._model import Converted, RowRejected, build_table, refuse_if_strict
from etl.importers._read import Cell, Grid, is_blank, norm, read_grid
from etl.plausibility import implausible
from etl.problems import Problem

IMPORTER = "unodc_glotip"
SOURCE = "UNODC Global Report on Trafficking in Persons (GLOTIP)"
CODES = "glotip_codes.csv"
CITIZENSHIP = "glotip_citizenship.csv"

#: Header cells that identify the layout (compared case-insensitively).
REQUIRED = (
    "iso3_code",
    "indicator",
    "dimension",
    "category",
    "sex",
    "age",
    "year",
    "txtvalue",
)
HEADER_SEARCH_ROWS = 10
_COUNT = re.compile(r"\d{1,3}(,\d{3})+|\d+")
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_BREAKDOWNS = ("exploitation_type", "citizenship")


def header_index(rows: list[list[Cell]]) -> int | None:
    """Index of the header row among the first rows, or None if this is not GLOTIP."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if set(REQUIRED) <= {norm(c) for c in row}:
            return index
    return None


def recognise(grid: Grid) -> bool:
    return header_index(grid.rows) is not None


def vintage(rows: list[list[Cell]]) -> str | None:
    """The file's own release date, from the rows above the header.

    >>> vintage([["UNODC", None], ["30/05/2023"], ["Iso3_code"]])
    '2023-05-30'
    """
    for row in rows:
        for cell in row:
            if cell is None:
                continue
            found = _DATE.fullmatch(cell)
            if found:
                day, month, year = (int(g) for g in found.groups())
                try:
                    return dt.date(year, month, day).isoformat()
                except ValueError:
                    continue
            try:
                return dt.date.fromisoformat(cell[:10]).isoformat()
            except ValueError:
                continue
    return None


def parse_value(text: Cell) -> tuple[str | None, str] | None:
    """(value, status) of a txtVALUE cell, or None when it is not a count.

    >>> parse_value("1,757"), parse_value("<5"), parse_value(None), parse_value("n/a")
    (('1757', 'reported'), (None, 'suppressed'), (None, 'not_available'), None)
    """
    if text is None:
        return None, "not_available"
    status = code_map(CODES).get("status", {}).get(norm(text))
    if status:
        return None, status
    if _COUNT.fullmatch(text):
        return str(int(text.replace(",", ""))), "reported"
    return None


def _code(field: str, column: str, value: Cell, table: str = CODES) -> str:
    mapping = code_map(table).get(field, {})
    key = norm(value)
    if key not in mapping:
        raise RowRejected(
            column,
            value,
            f"a {column} listed in etl/reference/importers/{table}",
            mappings.fix_line(table, [field, value or "", "CODE", ""]),
        )
    code = mapping[key]
    if not code:
        reason = notes(table).get((field, key), "a value that is mapped")
        raise RowRejected(column, value, reason)
    return code


def guess_country(text: str) -> str:
    """The ISO3 code of the country whose name is closest to ``text``, or ``ISO3`` to fill in.

    >>> guess_country("Filippino"), guess_country("zzz")
    ('PHL', 'ISO3')
    """
    import difflib

    from etl.countries import country_rows

    names = {row[2].casefold(): row[0] for row in country_rows()}
    close = difflib.get_close_matches(text.casefold(), names, n=1, cutoff=0.6)
    return names[close[0]] if close else "ISO3"


def _map_row(cells: dict[str, Cell]) -> dict[str, object]:
    iso3 = cells.get("iso3_code")
    country = resolve_country(iso3) if iso3 and len(iso3) == 3 else None
    if country is None:
        if iso3 is None:
            raise RowRejected("Iso3_code", cells.get("country"), "a country code (the cell is empty)")
        raise RowRejected(
            "Iso3_code", iso3, "an ISO 3166 country code (regional aggregates are not countries)"
        )
    record: dict[str, object] = {
        "country": country,
        "indicator": _code("indicator", "Indicator", cells.get("indicator")),
        "sex": _code("sex", "Sex", cells.get("sex")),
        "age_group": _code("age_group", "Age", cells.get("age")),
        "exploitation_type": "total",
        "citizenship": "total",
    }
    if "unit of measurement" in cells:
        _code("unit", "Unit of measurement", cells.get("unit of measurement"))
    dimension = _code("dimension", "Dimension", cells.get("dimension"))
    category = cells.get("category")
    if dimension == "total":
        if norm(category) != "total":
            raise RowRejected("Category", category, "'Total' when the dimension is 'Total'")
    elif category is None:
        raise RowRejected("Category", None, f"a category of the {dimension} breakdown")
    elif dimension == "citizenship":
        mapped = code_map(CITIZENSHIP)["citizenship"].get(norm(category))
        if mapped is None:
            mapped = resolve_country(category)
        if mapped is None and (why := group_reason(category)):
            raise RowRejected("Category", category, f"not mapped: {why}, not one citizenship")
        if mapped is None:
            raise RowRejected(
                "Category",
                category,
                f"a country, or a category listed in etl/reference/importers/{CITIZENSHIP}",
                mappings.fix_line(CITIZENSHIP, ["citizenship", category, guess_country(category), ""]),
            )
        if mapped == "":
            key = ("citizenship", norm(category))
            raise RowRejected("Category", category, notes(CITIZENSHIP).get(key, "a mapped category"))
        record["citizenship"] = mapped
    else:
        record[dimension] = _code(dimension, "Category", category)
    year = cells.get("year")
    if year is None or not year.isdigit():
        raise RowRejected("Year", year, "a year (whole number)")
    record["year"] = str(int(year))
    parsed = parse_value(cells.get("txtvalue"))
    if parsed is None:
        raise RowRejected("txtVALUE", cells.get("txtvalue"), "a count, '<5' or an empty cell")
    record["value"], record["status"] = parsed
    return record


def _key(record: dict[str, object]) -> tuple[object, ...]:
    return tuple(record[c] for c in ("country", "year", "indicator", "sex", "age_group", *_BREAKDOWNS))


def convert(path: Path, *, strict: bool = False, grid: Grid | None = None) -> Converted:
    """Map a GLOTIP download onto the series columns; quarantine what cannot be mapped."""
    grid = grid or read_grid(path)
    start = header_index(grid.rows)
    if start is None:
        raise ValueError(f"{path.name} is not a GLOTIP file")
    header = [norm(c) for c in grid.rows[start]]
    release = vintage(grid.rows[:start])
    candidates: list[Candidate] = []
    problems: list[Problem] = []
    rows_in_file = 0
    for offset, row in enumerate(grid.rows[start + 1 :]):
        if is_blank(row):
            continue
        rows_in_file += 1
        number = start + 2 + offset  # spreadsheet row: 1-based, header at start + 1
        cells = {name: (row[i] if i < len(row) else None) for i, name in enumerate(header)}
        try:
            record = _map_row(cells)
        except RowRejected as reject:
            problems.append(reject.quarantine(path.name, grid.sheet, number))
            continue
        record.update(source=SOURCE, vintage=release, _row=number, _sheet=grid.sheet)
        # Two categories mapped to one code ("Romania", "roumain") are not duplicates even
        # when their values agree: each may count different victims.
        record["_category"] = norm(cells.get("category"))
        record["_text"] = cells.get("txtvalue")
        candidates.append(Candidate(record, number, "txtVALUE", cells.get("txtvalue")))
    kept, conflicts = split_conflicts(
        candidates,
        _key,
        lambda r: (r["value"], r["status"], r["_category"]),
        file=path.name,
        sheet=grid.sheet,
        what="country, year, indicator, sex, age and breakdown",
        differ="different values or source categories",
    )
    problems += conflicts
    flagged = implausible(kept)
    for index, (reason, fix) in flagged.items():
        record = kept[index]
        problems.append(
            Problem(path.name, grid.sheet, int(str(record["_row"])), "txtVALUE",
                    str(record["_text"]), reason, "quarantine", fix)
        )  # fmt: skip
    kept = [r for i, r in enumerate(kept) if i not in flagged]
    problems.sort(key=lambda p: p.row or 0)
    kept.sort(key=lambda r: int(str(r["_row"])))
    converted = Converted(
        family="series",
        table=build_table("series", kept),
        problems=problems,
        source=SOURCE,
        vintage=release,
        importer=IMPORTER,
        rows_in_file=rows_in_file,
    )
    return refuse_if_strict(converted, strict)
