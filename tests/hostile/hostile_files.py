"""Writers of hostile input files: each takes a path and writes one broken file there.

The files are generated in the test's tmp_path rather than committed, so that the corpus
stays readable as code and a 10 MB cell or a zip bomb never sits in the repository.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
from tiny_source import CASES, SERIES

Writer = Callable[[Path], None]

CASE_HEADER = CASES.splitlines()[0]
SERIES_HEADER = SERIES.splitlines()[0]
#: Two valid case rows: every hostile case file starts with them, so row 4 is the first bad one.
CASE_ROWS = [
    "H1,Albania,2019,sexual,social_media,,,,,,2,2,0,0,2,convicted",
    "H2,Serbia,2020,labour,job_ads,,,,,,1,0,1,,1,",
]
GOOD_CASES = "\n".join([CASE_HEADER, *CASE_ROWS]) + "\n"
SERIES_ROW = "Albania,2019,detected_victims,total,total,total,total,92,reported,Test source,2023-05-30"

#: Text that a spreadsheet would run as a command if it treated the cell as a formula.
FORMULA = "=cmd|' /C calc'!A0"
#: SQL that would drop a public relation if a value ever reached DuckDB as SQL text.
INJECTIONS = (
    "'; DROP TABLE marts.countries; --",
    '"; DROP SCHEMA marts CASCADE; --',
    "x') OR 1=1; DELETE FROM meta.build_info; --",
)


def case_row(**values: str) -> str:
    """A valid case row (id H9) with some cells replaced, as CSV text (cells must not hold commas)."""
    cells = dict(zip(CASE_HEADER.split(","), CASE_ROWS[0].replace("H1,", "H9,", 1).split(","), strict=True))
    cells.update(values)
    return ",".join(cells.values())


def text(content: str, encoding: str = "utf-8") -> Writer:
    return lambda path: path.write_bytes(content.encode(encoding))


def raw(content: bytes) -> Writer:
    return lambda path: path.write_bytes(content)


def cases_with(*rows: str, newline: str = "\n") -> Writer:
    """The good case file followed by ``rows`` (the first of them is spreadsheet row 4)."""
    return text(newline.join([CASE_HEADER, *CASE_ROWS, *rows]) + newline)


def cases_bytes(row: bytes) -> Writer:
    """The good case file followed by one row given as raw bytes."""
    return raw(GOOD_CASES.encode() + row + b"\n")


def million_commas(path: Path) -> None:
    """A data row of 1,000,000 commas, streamed so that memory stays small."""
    with path.open("wb") as handle:
        handle.write(GOOD_CASES.encode())
        handle.write(b"H9")
        chunk = b"," * 100_000
        for _ in range(10):
            handle.write(chunk)
        handle.write(b"\n")


def million_column_header(path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(b"case_id" + b",c" * 999_999 + b"\n")
        handle.write(b"H1\n")


def huge_field(path: Path) -> None:
    """A 10 MB case_id cell."""
    with path.open("wb") as handle:
        handle.write(GOOD_CASES.encode())
        handle.write(b"H" * 10_000_000)
        handle.write(b"," + case_row().split(",", 1)[1].encode() + b"\n")


def workbook(
    *sheets: tuple[str, list[list[object]]], merge: str | None = None, formulas: dict[str, str] | None = None
) -> Writer:
    """An .xlsx with the given sheets; ``merge`` a range of the first sheet to merge."""

    def write(path: Path) -> None:
        book = openpyxl.Workbook()
        first = True
        for title, rows in sheets:
            sheet = book.active if first else book.create_sheet()
            sheet.title = title
            first = False
            for row in rows:
                sheet.append(row)
        if merge:
            book.active.merge_cells(merge)
        for cell, formula in (formulas or {}).items():
            book.active[cell] = formula
        book.save(path)

    return write


def case_grid(*extra: list[object]) -> list[list[object]]:
    rows: list[list[object]] = [CASE_HEADER.split(",")]
    for line in CASE_ROWS:
        rows.append([_cell(v) for v in line.split(",")])
    return rows + [list(r) for r in extra]


def _cell(value: str) -> object:
    if not value:
        return None
    return int(value) if value.isdigit() else value


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    for row in case_grid():
        book.active.append(row)
    book.save(buffer)
    return buffer.getvalue()


def truncated_xlsx(path: Path) -> None:
    data = xlsx_bytes()
    path.write_bytes(data[: len(data) // 2])


def corrupt_member_xlsx(path: Path) -> None:
    """A zip whose directory is intact but whose sheet data is garbage."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as out:
        for info in good.infolist():
            data = good.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = b"<worksheet><sheetData><row><c r='A1'" + b"\x00\xff" * 50
            out.writestr(info.filename, data)


def encrypted_zip_xlsx(path: Path) -> None:
    """An .xlsx whose parts are flagged as password-encrypted (general purpose bit 0)."""
    data = bytearray(xlsx_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            flags = struct.unpack_from("<H", data, found + offset)[0]
            struct.pack_into("<H", data, found + offset, flags | 0x1)
            start = found + 4
    path.write_bytes(bytes(data))


def ole_encrypted_xlsx(path: Path) -> None:
    """Excel saves a password-protected workbook as an OLE compound file, not a zip."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"EncryptedPackage" * 64)


def zip_bomb_xlsx(path: Path) -> None:
    """A zip named .xlsx whose one part inflates 50 MB of zeros from a few kB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        with out.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\x00" * (1 << 20)
            for _ in range(50):
                member.write(chunk)


def many_parts_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as out:
        for index in range(10_001):
            out.writestr(f"x/{index}", b"")


def parquet(table: pa.Table) -> Writer:
    return lambda path: pq.write_table(table, path)


def case_table(**columns: pa.Array) -> pa.Table:
    """The two good case rows as a Parquet table, with some columns replaced."""
    header = CASE_HEADER.split(",")
    values = [[_cell(v) for v in line.split(",")] for line in CASE_ROWS]
    data: dict[str, pa.Array] = {}
    for index, name in enumerate(header):
        cells = [row[index] for row in values]
        kind = pa.int64() if any(isinstance(c, int) for c in cells) else pa.string()
        data[name] = pa.array(
            [None if c is None else (c if kind == pa.int64() else str(c)) for c in cells], type=kind
        )
    data.update(columns)
    return pa.table(data)


def truncated_parquet(path: Path) -> None:
    buffer = io.BytesIO()
    pq.write_table(case_table(), buffer)
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) - 40])
