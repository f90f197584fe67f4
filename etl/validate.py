"""Value checks on a table the reader wrote, declared per column and run as SQL in DuckDB.

A file's checks cost two queries, however many there are: one gathers the distinct values
of its code and country columns (checked in Python), one flags every offending row of every
check in a single scan. Every offending row is fetched (displays cap the list,
counts never are).
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


@dataclass(frozen=True)
class _Check:
    """One check as SQL: ``where`` is true for offending rows, ``value_sql`` is what they hold."""

    column: str
    where: str
    value_sql: str
    expected: str
    params: tuple[object, ...] = ()


def check_values(
    con: duckdb.DuckDBPyConnection,
    read: ReadResult,
    fields: Sequence[Field],
    rules: Sequence[RowRule] = (),
) -> CheckOutcome:
    """Run every declared check of ``fields`` and ``rules`` on the table ``read.table``."""
    outcome = CheckOutcome([], 0, {}, {})
    present = set(read.columns)
    # a missing required column is a header problem, reported already
    checked = [field for field in fields if field.name in present]
    distinct = _distinct_values(con, read, [f for f in checked if f.vocabulary or f.allowed or f.country])
    checks = [
        _Check(field.name, where, value_sql, expected, tuple(params))
        for field in checked
        for where, value_sql, expected, params in _field_checks(read, field, distinct, outcome)
    ]
    checks += [
        _Check(rule.column, rule.sql.replace("{table}", read.table), rule.value_sql, rule.expected)
        for rule in rules
        if rule.column in present
    ]
    _collect(con, read, checks, outcome)
    return outcome


def _distinct_values(
    con: duckdb.DuckDBPyConnection, read: ReadResult, fields: Sequence[Field]
) -> dict[str, list[str]]:
    """The distinct non-empty values of each of ``fields``, in one query.

    Code and country columns hold few distinct values: they are checked in Python, and only
    the rows of the bad ones are fetched, instead of exploding every row in SQL.
    """
    if not fields:
        return {}
    # one query, one pipeline per column: cheaper than list(DISTINCT ...) aggregates
    found = con.execute(
        " UNION ALL ".join(
            f'(SELECT DISTINCT {i} AS k, "{f.name}" AS v FROM {read.table} WHERE "{f.name}" IS NOT NULL)'
            for i, f in enumerate(fields)
        )
    ).fetchall()
    out: dict[str, list[str]] = {field.name: [] for field in fields}
    for i, value in found:
        out[fields[i].name].append(value)
    return out


def _field_checks(
    read: ReadResult, field: Field, distinct: dict[str, list[str]], outcome: CheckOutcome
) -> Iterator[tuple[str, str, str, list[object]]]:
    col = f'"{field.name}"'
    # whole numbers are held as DOUBLE until staging; show them as the steward wrote them
    text = f"{col}::BIGINT::VARCHAR" if field.sql_type == "BIGINT" else f"{col}::VARCHAR"
    if field.required:
        yield f"{col} IS NULL", "NULL", "a value (the cell is empty)", []
    if field.vocabulary or field.allowed:
        allowed = frozenset(field.allowed or (vocabularies()[field.vocabulary] if field.vocabulary else ()))
        bad_values, bad_codes = [], set()
        for value in distinct[field.name]:
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
        unknown = []
        for value in distinct[field.name]:
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
    con: duckdb.DuckDBPyConnection, read: ReadResult, checks: Sequence[_Check], outcome: CheckOutcome
) -> None:
    """Every offending row of every check, in one scan: a flag per check, and the value only
    where it is set (a value's expression may fail on rows the check passes)."""
    if not checks:
        return
    flags = ", ".join(f'coalesce(({c.where}), false) AS "__thb_flag_{i}"' for i, c in enumerate(checks))
    values = ", ".join(
        f'"__thb_flag_{i}", CASE WHEN "__thb_flag_{i}" THEN ({c.value_sql}) END' for i, c in enumerate(checks)
    )
    any_flag = " OR ".join(f'"__thb_flag_{i}"' for i in range(len(checks)))
    rows = con.execute(
        f'SELECT "__thb_row", {values} FROM (SELECT *, {read.row_sql} AS "__thb_row", {flags} '
        f'FROM {read.table}) WHERE {any_flag} ORDER BY "__thb_row"',
        [param for check in checks for param in check.params],
    ).fetchall()
    found: list[list[Problem]] = [[] for _ in checks]
    for row, *cells in rows:
        for i, check in enumerate(checks):
            if cells[2 * i]:
                value = cells[2 * i + 1]
                found[i].append(
                    Problem(
                        read.file,
                        read.sheet,
                        _row(read, row),
                        check.column,
                        None if value is None else str(value),
                        check.expected,
                    )
                )
    for problems in found:  # check by check, as declared, each in row order
        outcome.problems += problems
        outcome.total += len(problems)


def _row(read: ReadResult, row: int) -> int:
    if read.row_sql == "_row" or not read.rejected_lines:
        return row
    return read.spreadsheet_row(row - 2)
