"""Read a survey tool's export (CSV, .xlsx, .xls) as sheets of text cells.

Exports come from outside: a workbook is checked for zip bombs before it is opened, a CSV
for NUL bytes and its encoding, and every sheet is read whatever dimension it declares
(KoboToolbox workbooks declare ``A1``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from etl.problems import FileFormatError, Problem
from etl.readers import MAX_COLUMNS, _refuse_zip_bomb

Cell = str | None
#: Rows of one sheet read at most: far above any questionnaire wave.
MAX_ROWS = 1_000_000


@dataclass
class Sheet:
    """The rows of one sheet; ``rows[i]`` is spreadsheet row ``i + 1``."""

    file: str
    name: str | None
    rows: list[list[Cell]]


def _fail(path: Path, value: str | None, expected: str, row: int | None = None) -> FileFormatError:
    return FileFormatError(Problem(str(path), None, row, None, value, expected))


def cell_text(value: object) -> Cell:
    """A cell as trimmed text: whole floats without ``.0``, dates as ISO, empty as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of a workbook, or the one table of a CSV file."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise _fail(path, None, "a non-empty file")
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        return [Sheet(str(path), None, read_csv(path))]
    if suffix == ".xlsx":
        return _xlsx(path)
    if suffix == ".xls":
        return _xls(path)
    raise _fail(path, path.suffix, "a .csv, .xlsx or .xls export")


def read_csv(path: Path, delimiter: str | None = None) -> list[list[Cell]]:
    """Rows of a UTF-8 CSV; the delimiter (comma, semicolon or tab) is the header's commonest."""
    data = path.read_bytes()
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise _fail(
            path,
            f"NUL byte at offset {at}",
            "text without NUL bytes (a UTF-16 or binary file?); re-save the file as UTF-8 CSV",
            data.count(b"\n", 0, at) + 1,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(
            path,
            repr(data[exc.start : exc.start + 8]),
            f"UTF-8 text (invalid byte at offset {exc.start}); re-save the file as UTF-8",
            data.count(b"\n", 0, exc.start) + 1,
        ) from None
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first.count)
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise _fail(path, f"{len(row)} fields", f"at most {MAX_COLUMNS} fields", reader.line_num)
            rows.append([cell_text(c) for c in row])
            if len(rows) > MAX_ROWS:
                raise _fail(path, f"over {MAX_ROWS} rows", f"at most {MAX_ROWS} rows", reader.line_num)
    except csv.Error as exc:
        raise _fail(path, str(exc), "a well-formed CSV file", reader.line_num) from None
    return rows


def _xlsx(path: Path) -> list[Sheet]:
    _refuse_zip_bomb(path)
    import openpyxl

    with path.open("rb") as handle:
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many unrelated types for a corrupt workbook
            raise _fail(path, type(exc).__name__, "a valid .xlsx workbook") from None
        try:
            sheets = []
            for ws in book.worksheets:
                ws.reset_dimensions()  # exports that declare "A1" as their size hold more
                rows = []
                for values in ws.iter_rows(values_only=True):
                    rows.append([cell_text(v) for v in values[:MAX_COLUMNS]])
                    if len(rows) > MAX_ROWS:
                        raise _fail(path, f"over {MAX_ROWS} rows", f"at most {MAX_ROWS} rows")
                sheets.append(Sheet(str(path), ws.title, _trim(rows)))
        finally:
            book.close()
    return sheets


def _xls(path: Path) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, ... for damaged files
        raise _fail(path, type(exc).__name__, "a valid .xls workbook (Excel 97-2003)") from None
    sheets = []
    try:
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            rows = []
            for r in range(min(ws.nrows, MAX_ROWS)):
                cells = []
                for c in range(min(ws.ncols, MAX_COLUMNS)):
                    cell = ws.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        value: object = xlrd.xldate.xldate_as_datetime(float(cell.value), book.datemode)
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        value = bool(cell.value)
                    else:
                        value = cell.value
                    cells.append(cell_text(value))
                rows.append(cells)
            sheets.append(Sheet(str(path), ws.name, _trim(rows)))
    finally:
        book.release_resources()
    return sheets


def _trim(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Drop trailing empty rows and the empty columns right of the header's last name."""
    while rows and not any(rows[-1]):
        rows.pop()
    return rows
