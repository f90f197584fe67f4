"""Read one tabular file (CSV, XLSX, Parquet) into a typed DuckDB table, reporting what is wrong.

The reader knows nothing of trafficking: it gets the columns a file must or may have, with
their SQL types, and returns the table it wrote plus every problem found on the way. Row
numbers are the ones a spreadsheet shows: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pyarrow as pa

from etl.problems import FileFormatError, Problem
from etl.reference import denied_column_reason

if TYPE_CHECKING:
    import pyarrow.parquet as pq
    from openpyxl import Workbook

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".parquet")

#: Limits that keep a hostile file from exhausting the machine.
MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_XLSX_RATIO = 200
#: Decoded values a Parquet file may hold (its footer says; see parquet_decoded_bytes).
MAX_PARQUET_DECODED = 2 * 1024 * 1024 * 1024
MAX_COLUMNS = 2_000
MAX_HEADER_BYTES = 1024 * 1024
SCAN_CHUNK_BYTES = 8 * 1024 * 1024
#: Fields a CSV row may have beyond its header's before the file is refused unread.
MAX_EXTRA_FIELDS = 200
#: Leading bytes of binary files that are sometimes renamed .csv by mistake.
_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a zip archive (an .xlsx workbook?)",
    b"\xd0\xcf\x11\xe0": "an Office compound file (an .xls or password-protected workbook?)",
    b"PAR1": "a Parquet file",
}
_UNSAFE_NAME = re.compile(r'["\x00-\x1f\x7f]')


@dataclass(frozen=True)
class ColumnSpec:
    """A column a file may carry: its name, its SQL type and whether it must be present."""

    name: str
    sql_type: str = "VARCHAR"
    required: bool = False


@dataclass
class ReadResult:
    table: str
    format: str
    sheet: str | None
    rows: int
    columns: list[str]
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    #: rows that did not reach the table (malformed, wrong type), by spreadsheet row
    rejected_rows: int = 0
    #: spreadsheet rows the CSV reader rejected, to number the rows that follow them
    rejected_lines: list[int] = field(default_factory=list)
    #: SQL giving a row's spreadsheet row in ``table``: CSV tables number rows by ``rowid``
    row_sql: str = "rowid + 2"
    file: str = ""

    def spreadsheet_row(self, rowid: int) -> int:
        """Spreadsheet row of the table's ``rowid`` (0-based), allowing for rejected rows."""
        row = rowid + 2
        for line in self.rejected_lines:
            if line <= row:
                row += 1
            else:
                break
        return row


def normalise_header(name: str) -> str:
    """Column names are matched case-insensitively after trimming; spaces become ``_``.

    >>> normalise_header("  Victims Total ")
    'victims_total'
    """
    return re.sub(r"\s+", "_", name.replace("\ufeff", "").strip().lower())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(8 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


class _FileDigest:
    """The SHA-256 of a file, computed in a thread beside the checks and the read of that file
    (hashing releases the GIL). Leaving the block early (a file refused) stops it."""

    def __init__(self, path: Path) -> None:
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="file-digest")
        self._future = self._pool.submit(self._run, path)

    def _run(self, path: Path) -> str:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(8 * 1024 * 1024):
                if self._stop.is_set():
                    return ""
                digest.update(chunk)
        return digest.hexdigest()

    def hexdigest(self) -> str:
        return self._future.result()

    def __enter__(self) -> _FileDigest:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True)


def _file_error(path: Path, value: str | None, expected: str) -> FileFormatError:
    """A problem of the whole file, which cannot be read at all."""
    return FileFormatError(Problem(str(path), None, None, None, value, expected))


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise _file_error(path, path.suffix or "(none)", "a .csv, .xlsx or .parquet file")
    return suffix.lstrip(".")


def read_header(path: Path) -> tuple[list[str], str]:
    """The header cells of a CSV file and its delimiter (comma or semicolon)."""
    with path.open("rb") as handle:
        head = handle.read(MAX_HEADER_BYTES)
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise _file_error(path, None, "a header row; the file is empty")
    for signature, kind in _BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise _file_error(
                path, kind, "a CSV text file; export the data as CSV or use the matching file suffix"
            )
    # CR alone ends lines too: "CSV (Macintosh)" exports use it, and DuckDB reads them.
    first = re.split(rb"\r\n|\r|\n", head, maxsplit=1)[0]
    if len(first) >= MAX_HEADER_BYTES:
        raise FileFormatError(
            Problem(str(path), None, 1, None, f"{len(first)} bytes", "a header row under 1 MiB")
        )
    try:
        text = first.decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            Problem(
                str(path),
                None,
                1,
                None,
                repr(first[exc.start : exc.start + 8]),
                f"UTF-8 text (invalid byte at offset {exc.start}); re-save the file as UTF-8",
            )
        ) from None
    delimiter = ";" if text.count(";") > text.count(",") else ","
    cells = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    return cells, delimiter


def check_header(
    path: Path,
    sheet: str | None,
    cells: Sequence[str],
    spec: Sequence[ColumnSpec],
    *,
    allow_extra: bool = False,
) -> tuple[list[str], list[Problem]]:
    """Normalised column names and the problems of the header row."""
    problems: list[Problem] = []

    def refuse(column: str | None, value: str | None, expected: str) -> None:
        problems.append(Problem(str(path), sheet, 1, column, value, expected))

    names = [normalise_header(str(c)) if c is not None else "" for c in cells]
    known = {c.name for c in spec}
    if len(names) > MAX_COLUMNS:
        refuse(None, f"{len(names)} columns", f"at most {MAX_COLUMNS} columns")
        return names, problems
    seen: set[str] = set()
    for index, name in enumerate(names, start=1):
        original = str(cells[index - 1])
        if not name:
            refuse(f"column {index}", original, "a column name (the header cell is empty)")
            continue
        if _UNSAFE_NAME.search(name):
            # Column names become quoted SQL identifiers; a double quote would end one early.
            refuse(original, original, "a column name without double quotes or control characters")
            continue
        if name in seen:
            refuse(original, original, "each column name once (this one is repeated)")
        seen.add(name)
        if reason := denied_column_reason(name):
            refuse(original, original, f"no personal data: the column {reason}")
        elif name not in known and not allow_extra:
            refuse(original, original, "one of the documented columns: " + ", ".join(sorted(known)))
    for column in spec:
        if column.required and column.name not in seen:
            refuse(column.name, None, f"a column named {column.name!r} (it is missing)")
    return names, problems


def read_table(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    spec: Sequence[ColumnSpec],
    *,
    allow_extra: bool = False,
) -> ReadResult:
    """Read ``path`` into the new table ``table`` (a trusted identifier) typed as ``spec`` says.

    Columns of the spec that the file lacks are added as NULL so that later SQL sees every
    column. Raises FileFormatError when the file cannot be read at all.
    """
    fmt = detect_format(path)
    if not path.exists() or path.stat().st_size == 0:
        raise _file_error(path, None, "a non-empty file")
    if fmt == "csv":
        result = _read_csv_any_encoding(con, path, table, spec, allow_extra=allow_extra)
    else:
        release: Callable[[], None] | None = None
        if fmt == "xlsx":
            sheet, cells, batches, release = _xlsx_batches(path)
        else:
            sheet, cells, batches = None, *_parquet_batches(path)
        try:
            result = _read_batches(
                con, path, table, spec, fmt, sheet, cells, batches, allow_extra=allow_extra
            )
        finally:  # however the reading ended, a refused header included
            if release is not None:
                release()
        result.sha256 = file_sha256(path)
    result.file = str(path)
    if result.rows == 0 and result.rejected_rows == 0 and not result.problems:
        result.problems.append(
            Problem(str(path), result.sheet, None, None, None, "at least one data row below the header")
        )
        result.problems_total += 1
    return result


def _typed_columns(names: list[str], spec: Sequence[ColumnSpec]) -> dict[str, str]:
    types = {c.name: c.sql_type for c in spec}
    return {name: types.get(name, "VARCHAR") for name in names}


def _add_missing_columns(
    con: duckdb.DuckDBPyConnection, table: str, names: list[str], spec: Sequence[ColumnSpec]
) -> None:
    for column in spec:
        if column.name not in names:
            con.execute(f'ALTER TABLE {table} ADD COLUMN "{column.name}" {column.sql_type}')


class _StrictReadRefused(Exception):
    """DuckDB refused a file in a strict read: bytes that are not UTF-8, or a malformed row."""


def _read_csv_any_encoding(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, spec: Sequence[ColumnSpec], *, allow_extra: bool
) -> ReadResult:
    """UTF-8 as it is; Windows-1252 through a UTF-8 copy, with a warning; others as found."""
    from etl import encoding

    with _FileDigest(path) as digest:
        try:
            header, refused = _check_csv(path), None
        except FileFormatError as exc:
            header, refused = None, exc
        # DuckDB refuses bytes that are not UTF-8, so a file it reads strictly is UTF-8: most
        # files are. Only a file it refuses is read again for its encoding and its bad rows.
        if header is not None:
            try:
                return _read_csv(con, path, table, spec, header, allow_extra=allow_extra, digest=digest)
            except _StrictReadRefused:
                pass
        if encoding.is_utf8(path) or not encoding.is_windows_1252(path):
            if refused:
                raise refused
            assert header is not None
            return _read_csv(
                con, path, table, spec, header, allow_extra=allow_extra, digest=digest, rejects=True
            )
        copy, folder = encoding.utf8_copy(path)
        with folder:
            try:
                header = _check_csv(copy)
                result = _read_csv(
                    con, copy, table, spec, header, allow_extra=allow_extra, digest=digest, rejects=True
                )
            except FileFormatError as exc:
                raise FileFormatError(dataclasses.replace(exc.problem, file=str(path))) from None
    result.problems = [dataclasses.replace(p, file=str(path)) for p in result.problems]
    result.problems.insert(
        0,
        Problem(
            str(path), None, None, None, "Windows-1252",
            "UTF-8 text: the file was read as Windows-1252 (detected); re-save it as UTF-8 "
            "so that every character is sure",
            "warning",
        ),
    )  # fmt: skip
    result.problems_total += 1
    return result


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows of a table."""
    found = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert found is not None, "a count has its one row"
    return int(found[0])


def _check_csv(path: Path) -> tuple[list[str], str]:
    """The header cells and delimiter of a CSV file whose bytes DuckDB can be given."""
    cells, delimiter = read_header(path)
    if problem := _scan_csv(path, delimiter, len(cells) + MAX_EXTRA_FIELDS):
        raise FileFormatError(problem)
    return cells, delimiter


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    spec: Sequence[ColumnSpec],
    header: tuple[list[str], str],
    *,
    allow_extra: bool,
    digest: _FileDigest,
    rejects: bool = False,
) -> ReadResult:
    """Read a checked CSV file (``header`` from :func:`_check_csv`); ``digest`` hashes the
    file it came from (the same, or the original of a UTF-8 copy).

    A strict read (the fast path: most files are well formed) raises :class:`_StrictReadRefused`
    if DuckDB refuses the file; with ``rejects``, every row it refuses is kept and reported.
    """
    cells, delimiter = header
    names, problems = check_header(path, None, cells, spec, allow_extra=allow_extra)
    if problems:
        return ReadResult(
            table,
            f"csv ({delimiter!r}-separated)",
            None,
            0,
            names,
            "",
            problems,
            len(problems),
        )
    # Whole-number columns are read as DOUBLE: DuckDB would round "20.5" into a BIGINT
    # silently, and the checks must see it to refuse it.
    columns = {n: ("DOUBLE" if t == "BIGINT" else t) for n, t in _typed_columns(names, spec).items()}
    read = (
        f"CREATE TABLE {table} AS SELECT * FROM read_csv(?, delim=?, header=true, quote='\"', "
        "escape='\"', columns=?, max_line_size=8388608, auto_detect=false{rejects})"
    )
    rejected: list[tuple[Any, ...]] = []
    if not rejects:
        try:
            con.execute(read.format(rejects=""), [str(path), delimiter, columns])
        except duckdb.Error:
            con.execute(f"DROP TABLE IF EXISTS {table}")
            raise _StrictReadRefused from None
    else:
        kept = f"{table.replace('.', '_')}_rejects"
        con.execute(
            read.format(rejects=f", store_rejects=true, rejects_table='{kept}', rejects_scan='{kept}_scan'"),
            [str(path), delimiter, columns],
        )
        rejected = con.execute(
            f"SELECT line, column_name, error_type::VARCHAR, csv_line, error_message FROM {kept} "
            "ORDER BY line"
        ).fetchall()
        con.execute(f"DROP TABLE {kept}")
        con.execute(f"DROP TABLE IF EXISTS {kept}_scan")
    rows = count_rows(con, table)
    _add_missing_columns(con, table, names, spec)
    declared = _typed_columns(names, spec)
    # DuckDB reports a short row once per missing column; one problem per row says it all.
    counted: set[int] = set()
    found = []
    for reject in rejected:
        if reject[2] == "MISSING COLUMNS":
            if reject[0] in counted:
                continue
            counted.add(reject[0])
        found.append(_reject_problem(path, declared, *reject))
    lines = sorted({r[0] for r in rejected})
    result = ReadResult(
        table,
        f"csv ({delimiter!r}-separated)",
        None,
        rows,
        names,
        digest.hexdigest(),
        [],
        0,
        len(lines),
        lines,
    )
    for name in (n for n, t in declared.items() if t == "BIGINT"):
        fractions = con.execute(
            f'SELECT rowid, "{name}" FROM {table} WHERE "{name}" <> trunc("{name}") ORDER BY 1'
        ).fetchall()
        found += [
            Problem(str(path), None, result.spreadsheet_row(r), name, f"{v:g}", "a whole number")
            for r, v in fractions
        ]
    found.sort(key=lambda p: p.row or 0)
    result.problems, result.problems_total = found, len(found)
    return result


def _scan_csv(path: Path, delimiter: str, max_fields: int) -> Problem | None:
    """One pass over the bytes for what DuckDB mishandles.

    NUL bytes, which DuckDB loads into text silently, and rows of thousands of fields, for
    which it keeps one copy of the row per extra field (a million-field row would exhaust
    memory). Returns the first such problem, or None.
    """
    limit = max_fields - 1  # separators
    sep = delimiter.encode()
    offset, line, open_bytes = 0, 1, b""  # open_bytes: the line the last chunk left open
    with path.open("rb") as handle:
        while chunk := handle.read(SCAN_CHUNK_BYTES):
            if (at := chunk.find(b"\x00")) >= 0:
                return Problem(
                    str(path),
                    None,
                    line + chunk.count(b"\n", 0, at),
                    None,
                    f"NUL byte at offset {offset + at}",
                    "text without NUL bytes (a UTF-16 or binary file?); re-save the file as UTF-8 CSV",
                )
            # Only a line longer than the limit can hold more separators than it: find the
            # line lengths with numpy instead of splitting every line in Python.
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            starts = np.concatenate(([0], ends + 1))
            stops = np.concatenate((ends, [len(chunk)]))
            lengths = stops - starts
            lengths[0] += len(open_bytes)
            for index in np.flatnonzero(lengths > limit):
                text = chunk[starts[index] : stops[index]]
                if index == 0:
                    text = open_bytes + text
                if (count := text.count(sep)) > limit:
                    return _too_many_fields(path, line + int(index), count, max_fields)
            tail = chunk[starts[-1] :]
            open_bytes = open_bytes + tail if len(ends) == 0 else tail
            line += len(ends)
            offset += len(chunk)
            if len(open_bytes) > limit and (count := open_bytes.count(sep)) > limit:
                return _too_many_fields(path, line, count, max_fields)
    return None


def _too_many_fields(path: Path, line: int, separators: int, max_fields: int) -> Problem:
    return Problem(
        str(path),
        None,
        line,
        None,
        f"{separators + 1} fields",
        f"at most {max_fields} fields in a row ({MAX_EXTRA_FIELDS} more than the header)",
    )


def _reject_problem(
    path: Path,
    columns: dict[str, str],
    line: int,
    column: str | None,
    error_type: str,
    csv_line: str | None,
    message: str,
) -> Problem:
    text = (csv_line or "").replace("\ufffd", "?")
    if error_type == "INVALID ENCODING":
        return Problem(str(path), None, line, column, text, "UTF-8 text; re-save the file as UTF-8")
    if error_type == "CAST" and column:
        value = _cast_value(message)
        kind = {"BIGINT": "a whole number", "DOUBLE": "a number", "DATE": "a date YYYY-MM-DD"}
        return Problem(
            str(path),
            None,
            line,
            column,
            value,
            kind.get(columns.get(column, ""), columns.get(column, "")),
        )
    if error_type in ("TOO MANY COLUMNS", "MISSING COLUMNS"):
        return Problem(
            str(path),
            None,
            line,
            None,
            text,
            f"{len(columns)} fields as in the header ({message.strip()})",
        )
    if error_type == "LINE SIZE OVER MAXIMUM":
        # DuckDB keeps only the first 10,000 characters of the row; its message has the size
        size = re.search(r"Actual Size:\s*(\d+)", message)
        found = f"{size.group(1)} bytes" if size else f"over {len(text)} characters"
        return Problem(str(path), None, line, column, found, "a row under 8 MiB")
    return Problem(
        str(path),
        None,
        line,
        column,
        text,
        f"a well-formed CSV row ({error_type.lower()}: {message.strip()})",
    )


def _cast_value(message: str) -> str | None:
    match = re.search(r'Could not convert string "(.*)" to', message, re.S)
    return match.group(1) if match else None


def open_workbook(path: Path) -> tuple[Workbook, io.BufferedReader]:
    """A read-only workbook and our own file handle (close both), dimensions recomputed.

    Read-only mode trusts the size a sheet declares; the 2025 GLOTIP release and
    KoboToolbox exports declare ``A1`` although they hold thousands of rows, so every
    sheet's declared dimension is ignored and the rows are read as they are.
    """
    import openpyxl  # imported here: only workbooks need it

    # Our own handle: openpyxl leaves its file open when it fails on a corrupt workbook.
    handle = path.open("rb")
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=False)
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):  # chart sheets have none
                sheet.reset_dimensions()
    except Exception:  # openpyxl raises many unrelated types for a corrupt workbook
        handle.close()
        raise
    return book, handle


def _xlsx_batches(path: Path) -> tuple[str, list[str], Iterable[list[list[object]]], Callable[[], None]]:
    """The sheet's name, its header, its rows in batches, and what closes the workbook."""
    _refuse_zip_bomb(path)
    try:
        book, handle = open_workbook(path)
    except Exception as exc:  # openpyxl raises many unrelated types for a corrupt workbook
        raise _file_error(path, type(exc).__name__, "a valid .xlsx workbook") from None
    filled = [
        ws
        for ws in book.worksheets
        if hasattr(ws, "iter_rows")
        and any(v is not None for r in ws.iter_rows(max_row=1, values_only=True) for v in r)
    ]

    def close() -> None:
        book.close()
        handle.close()

    if len(filled) != 1:
        close()
    if len(filled) > 1:
        names = ", ".join(repr(ws.title) for ws in filled)
        raise _file_error(path, names, "one sheet with data (split the workbook into one file per sheet)")
    if not filled:
        raise _file_error(path, None, "a sheet with a header row")
    sheet = filled[0]
    rows = sheet.iter_rows(values_only=True)
    header = [("" if v is None else str(v)) for v in next(rows)]
    while header and header[-1] == "":
        header.pop()

    def batches() -> Iterable[list[list[object]]]:
        batch: list[list[object]] = []
        for values in rows:
            batch.append(list(values[: len(header)]))
            if len(batch) >= 50_000:
                yield batch
                batch = []
        if batch:
            yield batch

    return sheet.title, header, batches(), close


def _refuse_zip_bomb(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise _file_error(path, "not a zip archive", "a valid .xlsx workbook") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if len(infos) > 10_000 or total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise _file_error(
            path,
            f"{total} bytes unpacked from {packed} ({len(infos)} parts)",
            f"a workbook under {MAX_XLSX_UNCOMPRESSED // 2**20} MiB unpacked and compressed at most "
            f"{MAX_XLSX_RATIO}:1 (this looks like a zip bomb)",
        )


def parquet_decoded_bytes(meta: pq.FileMetaData) -> int:
    """Bytes a Parquet file's values take once decoded, estimated from its footer alone.

    Per column chunk: values x the longer of its min and max statistics (8 bytes for
    numbers, or when no statistics are stored). A dictionary-encoded column of one repeated
    1 KB text is a few kilobytes on disk and counts its full decoded size here.
    """
    total = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            chunk = group.column(c)
            width = 8
            stats = chunk.statistics
            if stats is not None and stats.has_min_max and isinstance(stats.max, str | bytes):
                width = max(len(stats.min), len(stats.max), 1)
            total += chunk.num_values * width
    return total


def parquet_file(path: Path, max_decoded: int | None = None) -> pq.ParquetFile:
    """An open Parquet file whose footer promises a sane size, or a FileFormatError.

    Only the footer is read: the decoded size it implies must stay under ``max_decoded``
    (default :data:`MAX_PARQUET_DECODED`), so that a small file that expands a
    thousandfold is refused before any page is decoded.
    """
    import pyarrow.parquet as pq

    limit = MAX_PARQUET_DECODED if max_decoded is None else max_decoded
    try:
        handle = pq.ParquetFile(path)
        meta = handle.metadata
        decoded = parquet_decoded_bytes(meta)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a corrupt file
        raise _file_error(path, type(exc).__name__, "a valid Parquet file") from None
    if meta.num_columns > MAX_COLUMNS:
        raise _file_error(path, f"{meta.num_columns} columns", f"at most {MAX_COLUMNS} columns")
    if decoded > limit:
        raise _file_error(
            path,
            f"about {decoded:,} bytes of values in {path.stat().st_size:,} bytes of file",
            f"a Parquet file whose values take under {limit // 2**20} MiB decoded",
        )
    return handle


def _parquet_batches(path: Path) -> tuple[list[str], Iterable[list[list[object]]]]:
    handle = parquet_file(path)
    header = list(handle.schema_arrow.names)
    for column in handle.schema_arrow:
        # Nested and binary values would reach the checks as Python reprs ("{'a': 1}", "b'..'").
        if (
            pa.types.is_nested(column.type)
            or pa.types.is_binary(column.type)
            or pa.types.is_large_binary(column.type)
        ):
            raise FileFormatError(
                Problem(
                    str(path),
                    None,
                    1,
                    column.name,
                    str(column.type),
                    "a column of plain values (text, numbers, dates, true/false)",
                )
            )

    def batches() -> Iterable[list[list[object]]]:
        try:
            for batch in handle.iter_batches(batch_size=10_000):
                columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                yield [list(r) for r in zip(*columns, strict=True)]
        except (pa.ArrowException, OSError) as exc:  # a damaged page behind an intact footer
            raise _file_error(path, type(exc).__name__, "a valid Parquet file") from None

    return header, batches()


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        iso: str = value.isoformat()
        return iso[:10]
    text = str(value)
    return text if text.strip() else None


def _read_batches(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    spec: Sequence[ColumnSpec],
    fmt: str,
    sheet: str | None,
    cells: list[str],
    batches: Iterable[list[list[object]]],
    *,
    allow_extra: bool,
) -> ReadResult:
    """Workbooks and Parquet files arrive as text, are checked cell by cell, then typed."""
    names, problems = check_header(path, sheet, cells, spec, allow_extra=allow_extra)
    if problems:
        return ReadResult(table, fmt, sheet, 0, names, "", problems, len(problems))
    text_table = f"{table.replace('.', '_')}_text"
    schema = pa.schema([("_row", pa.int64())] + [(n, pa.string()) for n in names])
    text_columns = ", ".join(["_row BIGINT"] + [f'"{n}" VARCHAR' for n in names])
    con.execute(f"CREATE TEMP TABLE {text_table} ({text_columns})")
    next_row = 2
    formula_problems: list[Problem] = []
    for batch in batches:
        arrays: list[list[object]] = [[] for _ in range(len(names) + 1)]
        for values in batch:
            padded = list(values) + [None] * (len(names) - len(values))
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in padded):
                next_row += 1
                continue  # blank rows at the end of a sheet are common and harmless
            arrays[0].append(next_row)
            for index, value in enumerate(padded[: len(names)], start=1):
                if fmt == "xlsx" and isinstance(value, str) and value.startswith("="):
                    formula_problems.append(
                        Problem(
                            str(path),
                            sheet,
                            next_row,
                            names[index - 1],
                            value,
                            "a value, not a formula",
                        )
                    )
                arrays[index].append(_cell_text(value))
            next_row += 1
        frame = pa.Table.from_arrays(
            [pa.array(a, type=f.type) for a, f in zip(arrays, schema, strict=True)], schema=schema
        )
        con.register("_incoming", frame)
        con.execute(f"INSERT INTO {text_table} SELECT * FROM _incoming")
        con.unregister("_incoming")
    return type_text_table(con, path, sheet, fmt, text_table, table, names, spec, formula_problems)


def type_text_table(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    sheet: str | None,
    fmt: str,
    text_table: str,
    table: str,
    names: list[str],
    spec: Sequence[ColumnSpec],
    problems: Sequence[Problem] = (),
) -> ReadResult:
    """Cast a text table (``_row`` plus text columns) into ``table`` typed as ``spec`` says.

    Cells that do not cast are problems and their rows stay out of the typed table.
    """
    types = _typed_columns(names, spec)
    kinds = {"BIGINT": "a whole number", "DOUBLE": "a number", "DATE": "a date YYYY-MM-DD"}
    cast_problems: list[Problem] = []
    for name, sql_type in types.items():
        if sql_type == "VARCHAR":
            continue
        invalid = (
            f"NOT regexp_full_match(trim(\"{name}\"), '[+-]?[0-9]+([.]0*)?')"
            if sql_type == "BIGINT"
            else f'try_cast(trim("{name}") AS {sql_type}) IS NULL'
        )
        bad = con.execute(
            f'SELECT _row, "{name}" FROM {text_table} WHERE "{name}" IS NOT NULL AND {invalid} ORDER BY _row'
        ).fetchall()
        cast_problems += [Problem(str(path), sheet, r, name, v, kinds[sql_type]) for r, v in bad]
    found = list(problems) + cast_problems
    rejected = sorted({p.row for p in found if p.row})
    select = ", ".join(
        f'try_cast(trim("{n}") AS DOUBLE)::BIGINT AS "{n}"'
        if t == "BIGINT"
        else f'try_cast(trim("{n}") AS {t}) AS "{n}"'
        if t != "VARCHAR"
        else f'"{n}"'
        for n, t in types.items()
    )
    # Sheet rows can skip blank lines, so a typed table keeps its row numbers.
    con.execute(
        f"CREATE TABLE {table} AS SELECT _row, {select} FROM {text_table} "
        f"WHERE NOT list_contains(?::BIGINT[], _row) ORDER BY _row",
        [rejected],
    )
    rows = count_rows(con, table)
    con.execute(f"DROP TABLE {text_table}")
    _add_missing_columns(con, table, names, spec)
    return ReadResult(
        table,
        fmt,
        sheet,
        rows,
        names,
        "",
        found,
        len(found),
        len(rejected),
        [],
        row_sql="_row",
        file=str(path),
    )
