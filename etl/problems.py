"""What can be wrong with an input file, and the named exceptions that carry it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "quarantine", "warning"]

#: How many problems of one file a display lists before it only counts the rest; every
#: problem is kept (``meta.problems``) and counted whatever this is.
PROBLEM_CAP = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place of one file.

    ``row`` is the row number a spreadsheet shows: a CSV's header is row 1, so its first
    data row is row 2. ``None`` for problems of a whole file or column.

    >>> Problem("cases.csv", None, 7, "year", "2099", "a year from 1990 to 2026").describe()
    "cases.csv, row 7, column 'year': found '2099', expected a year from 1990 to 2026"
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    expected: str
    severity: Severity = "error"
    #: how a steward fixes it without code, e.g. the line to add to a mapping table
    fix: str | None = None

    def describe(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        found = "" if self.value is None else f"found {_shorten(self.value)!r}, "
        return f"{', '.join(where)}: {found}expected {self.expected}"


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."


class EtlError(Exception):
    """Base of every error the ETL raises on purpose."""


class InputError(EtlError):
    """One or more input files are invalid; ``problems`` lists what and where."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = problems
        self.total = len(problems) if total is None else total
        shown = "\n".join(p.describe() for p in problems[:20])
        more = f"\n... and {self.total - 20} more" if self.total > 20 else ""
        super().__init__(f"{self.total} problem(s) in the input:\n{shown}{more}")


class FileFormatError(EtlError):
    """A file cannot be read at all: wrong type, encoding, empty, corrupt."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.describe())


class DataTestError(EtlError):
    """A data test of the warehouse contract (``etl/warehouse.toml``) found offending rows."""


class WarehouseError(EtlError):
    """The warehouse file is missing, locked, from another schema, or cannot be written."""
