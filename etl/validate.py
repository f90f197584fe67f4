"""Value checks on a table the reader wrote, declared per column and run as SQL in DuckDB.

Each check is one scan of one column; every offending row is fetched (displays cap the
list, counts never are).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import duckdb

from etl.countries import resolve_country
from etl.problems import PROBLEM_CAP, Problem
from etl.readers import ColumnSpec, ReadResult
from etl.reference import vocabularies

FIRST_YEAR = 1990


@dataclass(frozen=True)
class Field(ColumnSpec):
    """A column with the rules its values must follow."""

    vocabulary: str | None = None
    multi: bool = False
    country: bool = False
    year: bool = False
    minimum: float | None = None
    unique: bool = False
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowRule:
    """A rule across columns of one row: ``sql`` is true for offending rows."""

    sql: str
    column: str
    value_sql: str
    expected: str


@dataclass
class CheckOutcome:
    problems: list[Problem]
    total: int
    #: distinct values that are not known codes or countries, by column
    unknown: dict[str, list[str]]
    #: country value as written -> ISO3, for the staging models
    countries: dict[str, str]


def current_year() -> int:
    return dt.date.today().year


def check_values(
    con: duckdb.DuckDBPyConnection,
    read: ReadResult,
    fields: Sequence[Field],
    rules: Sequence[RowRule] = (),
) -> CheckOutcome:
    """Run every declared check of ``fields`` and ``rules`` on the table ``read.table``."""
    outcome = CheckOutcome([], 0, {}, {})
    present = set(read.columns)
    for field in fields:
        if field.name not in present:
            continue  # a missing required column is a header problem, reported already
        for where, value_sql, expected, params in _field_checks(con, read, field, outcome):
            _collect(con, read, field.name, where, value_sql, expected, params, outcome)
    for rule in rules:
        if rule.column in present:
            where = rule.sql.replace("{table}", read.table)
            _collect(con, read, rule.column, where, rule.value_sql, rule.expected, [], outcome)
    return outcome


def _field_checks(
    con: duckdb.DuckDBPyConnection, read: ReadResult, field: Field, outcome: CheckOutcome
) -> Iterator[tuple[str, str, str, list[object]]]:
    col = f'"{field.name}"'
    # whole numbers are held as DOUBLE until staging; show them as the steward wrote them
    text = f"{col}::BIGINT::VARCHAR" if field.sql_type == "BIGINT" else f"{col}::VARCHAR"
    if field.required:
        yield f"{col} IS NULL", "NULL", "a value (the cell is empty)", []
    if field.vocabulary or field.allowed:
        allowed = frozenset(field.allowed or (vocabularies()[field.vocabulary] if field.vocabulary else ()))
        # Code columns hold few distinct values: check those in Python, then fetch the rows
        # of the bad ones only, instead of exploding every row in SQL.
        distinct = [
            v
            for (v,) in con.execute(
                f"SELECT DISTINCT {col} FROM {read.table} WHERE {col} IS NOT NULL"
            ).fetchall()
        ]
        bad_values, bad_codes = [], set()
        for value in distinct:
            codes = [c.strip() for c in value.split("|")] if field.multi else [value]
            unknown = [c for c in codes if c not in allowed]
            if unknown:
                bad_values.append(value)
                bad_codes.update(unknown)
        if bad_values:
            outcome.unknown.setdefault(field.name, []).extend(sorted(bad_codes)[:PROBLEM_CAP])
            expected = _expected_codes(field, sorted(allowed))
            if field.multi:
                expected += " (unknown: " + ", ".join(map(repr, sorted(bad_codes)[:10])) + ")"
            yield f"list_contains(?, {col})", col, expected, [bad_values]
    if field.country:
        values = [
            v
            for (v,) in con.execute(
                f"SELECT DISTINCT {col} FROM {read.table} WHERE {col} IS NOT NULL"
            ).fetchall()
        ]
        unknown = []
        for value in values:
            iso3 = resolve_country(value)
            if iso3 is None:
                unknown.append(value)
            else:
                outcome.countries[value] = iso3
        if unknown:
            outcome.unknown.setdefault(field.name, []).extend(sorted(unknown)[:PROBLEM_CAP])
            yield (
                f"list_contains(?, {col})",
                col,
                "a country name or ISO code (see docs/data-formats.md, Countries)",
                [unknown],
            )
    if field.year:
        year = current_year()
        yield (
            f"{col} < {FIRST_YEAR} OR {col} > ?",
            text,
            f"a year from {FIRST_YEAR} to {year} (no future years)",
            [year],
        )
    if field.minimum is not None:
        yield (f"{col} < ?", text, f"a number of at least {field.minimum:g}", [field.minimum])
    if field.unique:
        yield (
            f"{col} IN (SELECT {col} FROM {read.table} GROUP BY {col} HAVING count(*) > 1)",
            col,
            "a unique id (this one appears more than once in the file)",
            [],
        )


def _expected_codes(field: Field, allowed: list[str]) -> str:
    listed = ", ".join(allowed[:20]) + (", ..." if len(allowed) > 20 else "")
    what = "codes separated by '|'" if field.multi else "a code"
    source = f" of vocabulary {field.vocabulary!r}" if field.vocabulary else ""
    return f"{what}{source}: {listed}"


def _collect(
    con: duckdb.DuckDBPyConnection,
    read: ReadResult,
    column: str,
    where: str,
    value_sql: str,
    expected: str,
    params: list[object],
    outcome: CheckOutcome,
) -> None:
    rows = con.execute(
        f"SELECT {read.row_sql} AS r, {value_sql} AS v, count(*) OVER () FROM {read.table} "
        f"WHERE {where} ORDER BY r",
        params,
    ).fetchall()
    if not rows:
        return
    outcome.total += rows[0][2]
    for row, value, _ in rows:
        outcome.problems.append(
            Problem(
                read.file,
                read.sheet,
                _row(read, row),
                column,
                None if value is None else str(value),
                expected,
            )
        )


def _row(read: ReadResult, row: int) -> int:
    if read.row_sql == "_row" or not read.rejected_lines:
        return row
    return read.spreadsheet_row(row - 2)
