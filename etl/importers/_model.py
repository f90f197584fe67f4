"""The result of an importer: canonical rows, quarantined rows, and where they came from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa

from etl import contracts
from etl.problems import InputError, Problem

Family = Literal["series", "cases"]


class RowRejected(Exception):
    """A source row that cannot be mapped: the cell to cite and the reason."""

    def __init__(self, column: str, value: object, expected: str, fix: str | None = None):
        super().__init__(expected)
        self.column, self.value, self.expected, self.fix = column, value, expected, fix

    def quarantine(self, file: str, sheet: str | None, row: int) -> Problem:
        """The row kept out of the load, with the reason."""
        value = None if self.value is None else str(self.value)
        return Problem(file, sheet, row, self.column, value, self.expected, "quarantine", self.fix)


#: Canonical columns of docs/data-formats.md, sections 3 (trend series) and 2 (case records).
SERIES_COLUMNS = tuple(column.name for column in contracts.SERIES)
CASE_COLUMNS = tuple(column.name for column in contracts.CASES)
COLUMNS: dict[str, tuple[str, ...]] = {"series": SERIES_COLUMNS, "cases": CASE_COLUMNS}


@dataclass
class Converted:
    """A public file turned into the canonical columns of one input family.

    ``table`` holds the canonical columns as text (an empty cell is null) plus ``_row``
    (the row number a spreadsheet shows) and ``_sheet``. ``problems`` has one quarantine
    entry per source row kept out, so loaded + quarantined rows == ``rows_in_file``.
    """

    family: Family
    table: pa.Table
    problems: list[Problem]
    source: str
    vintage: str | None
    importer: str
    rows_in_file: int
    #: None: the file cannot say; the source folder's manifest decides (a mapped file)
    is_synthetic: bool | None = False
    #: Source rows the table stands for (CTDC aggregates many victim rows into one).
    rows_loaded: int = field(default=-1)
    #: why the layout was recognised, in words for the steward
    why: str = ""
    #: what the import found and did, for ``etl check`` (columns mapped, columns left out)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.rows_loaded < 0:
            self.rows_loaded = self.table.num_rows


def build_table(family: Family, records: Iterable[Mapping[str, object]]) -> pa.Table:
    """Arrow table of the family's canonical columns as utf8, plus ``_row`` and ``_sheet``."""
    names = COLUMNS[family]
    data: dict[str, list[object]] = {name: [] for name in (*names, "_row", "_sheet")}
    for record in records:
        for name in names:
            value = record.get(name)
            data[name].append(None if value in (None, "") else str(value))
        data["_row"].append(record.get("_row"))
        data["_sheet"].append(record.get("_sheet"))
    schema = pa.schema(
        [pa.field(name, pa.string()) for name in names]
        + [pa.field("_row", pa.int64()), pa.field("_sheet", pa.string())]
    )
    return pa.table(data, schema=schema)


def refuse_if_strict(converted: Converted, strict: bool) -> Converted:
    """With ``strict``, any quarantined row refuses the whole file."""
    if strict and any(p.severity == "quarantine" for p in converted.problems):
        raise InputError(converted.problems)
    return converted
