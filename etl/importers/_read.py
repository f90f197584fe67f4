"""Read CSV, xlsx and Parquet files as a grid of text cells, header or not.

Public files often carry title rows above the header, so importers get every row and
find the header themselves. Cells come back as trimmed text, or None when empty.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from etl.problems import FileFormatError, Problem

SUFFIXES = (".csv", ".xlsx", ".parquet")

#: An xlsx is a zip: refuse archives that would inflate to more than this, or hold more
#: entries than any real workbook, before a reader touches them (zip bombs).
MAX_XLSX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_XLSX_ENTRIES = 2_000
MAX_XLSX_RATIO = 200

Cell = str | None
#: Longest CSV field read (Python's csv module stops at 131,072 characters by default).
MAX_FIELD_CHARS = 8 * 1024 * 1024


@dataclass
class Grid:
    """The rows of one sheet; ``rows[i]`` is spreadsheet row ``i + 1``."""

    sheet: str | None
    rows: list[list[Cell]]


def xlsx_safety_problem(path: Path) -> str | None:
    """Why an xlsx is unsafe to open (not a zip, zip bomb), or None when it looks sane."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return f"not a readable xlsx workbook ({exc})"
    if len(infos) > MAX_XLSX_ENTRIES:
        return f"the workbook holds {len(infos)} parts, more than {MAX_XLSX_ENTRIES}"
    inflated = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if inflated > MAX_XLSX_UNCOMPRESSED:
        return (
            f"the workbook would inflate to {inflated // 2**20} MB, "
            f"more than {MAX_XLSX_UNCOMPRESSED // 2**20} MB"
        )
    if inflated > 10 * 2**20 and inflated / packed > MAX_XLSX_RATIO:
        return f"the workbook is compressed {inflated // packed}:1, a sign of a zip bomb"
    return None


def _cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _fail(path: Path, expected: str, value: str | None = None) -> FileFormatError:
    return FileFormatError(Problem(path.name, None, None, None, value, expected))


def _xlsx_rows(path: Path) -> tuple[str, Iterator[list[Cell]]]:
    from etl.readers import open_workbook

    reason = xlsx_safety_problem(path)
    if reason:
        raise _fail(path, f"a safe xlsx workbook: {reason}")
    try:
        workbook, handle = open_workbook(path)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise _fail(path, f"a readable xlsx workbook ({exc.__class__.__name__})") from None
    sheet = workbook.worksheets[0]

    def rows() -> Iterator[list[Cell]]:
        try:
            for row in sheet.iter_rows(values_only=True):
                yield [_cell(v) for v in row]
        finally:
            workbook.close()
            handle.close()

    return sheet.title, rows()


def _decode(path: Path, data: bytes) -> str:
    from etl.encoding import is_windows_1252

    try:
        return codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError as exc:
        if is_windows_1252(path):
            return data.decode("cp1252")
        raise _fail(
            path,
            f"UTF-8 text (invalid byte at offset {exc.start}: re-save the file as UTF-8)",
        ) from exc


def _csv_rows(path: Path, limit: int | None) -> Iterator[list[Cell]]:
    with path.open("rb") as handle:
        data = handle.read() if limit is None else handle.read(64 * 1024)
    text = _decode(path, data) if limit is None else _decode_prefix(path, data)
    lines = text.splitlines()[:10]
    # The separator is whichever of ',' and ';' splits the busiest of the first lines.
    delimiter = max((",", ";"), key=lambda sep: max((line.count(sep) for line in lines), default=0))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        for row in reader:
            yield [_cell(v) for v in row]
    except csv.Error as exc:  # a field over the limit, a NUL byte, ...
        raise FileFormatError(
            Problem(
                path.name,
                None,
                reader.line_num,
                None,
                str(exc)[:120],
                f"a well-formed CSV row with fields under {MAX_FIELD_CHARS:,} characters",
            )
        ) from None


def _decode_prefix(path: Path, data: bytes) -> str:
    # A 64 KB prefix may cut a multi-byte character: drop the incomplete tail.
    from etl.encoding import is_windows_1252

    try:
        return codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:
            return codecs.decode(data[: exc.start], "utf-8-sig")
        if is_windows_1252(path):
            return data.decode("cp1252")
        raise _fail(
            path,
            f"UTF-8 text (invalid byte at offset {exc.start}: re-save the file as UTF-8)",
        ) from exc


def _parquet_rows(path: Path, limit: int | None) -> Iterator[list[Cell]]:
    """The rows of a Parquet file, a batch at a time: a few rows are read as a few rows.

    A dictionary-encoded column can expand a small file a thousandfold, so the table is
    never read whole; the reader's own limits (etl.readers) bound the file first.
    """
    from etl.readers import parquet_file

    handle = parquet_file(path)
    yield list(handle.schema_arrow.names)
    try:
        for batch in handle.iter_batches(batch_size=min(limit or 10_000, 10_000)):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for values in zip(*columns, strict=True):
                yield [_cell(v) for v in values]
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a damaged page
        raise _fail(path, f"a readable Parquet file ({exc.__class__.__name__})") from None


def read_grid(path: Path, limit: int | None = None) -> Grid:
    """Every row of the file's first sheet (or only the first ``limit`` rows).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "t.csv"; _ = p.write_text("a;b\\n1;\\n")
    >>> read_grid(p).rows
    [['a', 'b'], ['1', None]]
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheet, rows = _xlsx_rows(path)
        if limit is not None:
            grid = Grid(sheet, list(islice(rows, limit)))
            rows.close()  # type: ignore[attr-defined]
            return grid
        return Grid(sheet, list(rows))
    if suffix == ".csv":
        rows_iter = _csv_rows(path, limit)
    elif suffix == ".parquet":
        rows_iter = _parquet_rows(path, limit)
    else:
        raise _fail(path, f"one of {', '.join(SUFFIXES)}", path.suffix)
    rows = list(islice(rows_iter, limit)) if limit is not None else list(rows_iter)
    return Grid(None, rows)


def norm(value: Cell) -> str:
    """A header or label compared case-insensitively with spaces trimmed."""
    return " ".join((value or "").split()).casefold()


def is_blank(row: list[Cell]) -> bool:
    return all(v is None for v in row)
