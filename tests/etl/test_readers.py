from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl.problems import FileFormatError
from etl.readers import ColumnSpec, read_table

SPEC = (ColumnSpec("id", required=True), ColumnSpec("year", "BIGINT", required=True), ColumnSpec("note_code"))


@pytest.fixture
def con():
    connection = duckdb.connect()
    connection.execute("CREATE SCHEMA raw")
    yield connection
    connection.close()


def read(con, path: Path):
    return read_table(con, path, "raw.t", SPEC)


@pytest.mark.parametrize(
    "raw",
    [
        b"id,year\na,2019\nb,2020\n",
        b"\xef\xbb\xbfid,year\na,2019\nb,2020\n",  # UTF-8 with BOM
        b"id;year\na;2019\nb;2020\n",  # semicolon
        b"ID , Year\r\na,2019\r\nb,2020\r\n",  # case, spaces, CRLF
    ],
    ids=["comma", "bom", "semicolon", "crlf-and-case"],
)
def test_csv_variants_read_the_same(con, tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(raw)
    result = read(con, path)
    assert result.problems == []
    assert con.execute("SELECT id, year FROM raw.t ORDER BY id").fetchall() == [("a", 2019), ("b", 2020)]


def test_xlsx_and_parquet_read_like_csv(con, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "year"])
    sheet.append(["a", 2019])
    sheet.append([None, None])  # a blank row in the middle keeps later row numbers right
    sheet.append(["b", "20x0"])
    book.save(tmp_path / "f.xlsx")
    result = read(con, tmp_path / "f.xlsx")
    assert [(p.row, p.column, p.value) for p in result.problems] == [(4, "year", "20x0")]
    assert result.sheet == "Sheet"

    pq.write_table(pa.table({"id": ["a", "b"], "year": [2019, 2020]}), tmp_path / "f.parquet")
    con.execute("DROP TABLE raw.t")
    result = read(con, tmp_path / "f.parquet")
    assert result.problems == [] and result.rows == 2


def test_bad_values_are_all_reported_with_row_and_column(con, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,year\na,2019\nb,twenty\nc,2020\nd,20.5\n", encoding="utf-8")
    result = read(con, path)
    found = [(p.row, p.column, p.value, p.expected) for p in result.problems]
    assert found == [(3, "year", "twenty", "a whole number"), (5, "year", "20.5", "a whole number")]
    assert result.rejected_rows == 1  # "twenty" never reached the table; 20.5 did, and is an error


def test_rows_with_wrong_field_counts_are_reported(con, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,year\na,2019,extra\nb\n", encoding="utf-8")
    result = read(con, path)
    assert [p.row for p in result.problems] == [2, 3]
    assert "fields as in the header" in result.problems[0].expected


def test_wrong_encoding_is_named(con, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"id,year\ncaf\x81\x8d,2019\n")  # bytes Windows-1252 leaves undefined
    result = read(con, path)
    assert result.problems and "UTF-8" in result.problems[0].expected
    assert result.problems[0].row == 2


def test_windows_1252_is_read_with_a_warning(con, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("id,year\nCôte d’Ivoire café,2019\n".encode("cp1252"))
    result = read(con, path)
    assert [(p.severity, p.value) for p in result.problems] == [("warning", "Windows-1252")]
    assert "read as Windows-1252" in result.problems[0].expected and result.problems[0].file == str(path)
    assert con.execute(f"SELECT id FROM {result.table}").fetchall() == [("Côte d’Ivoire café",)]


def test_shift_jis_is_not_taken_for_windows_1252(con, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("id,year\n東京,2019\n".encode("shift_jis"))
    result = read(con, path)
    assert result.problems and "re-save the file as UTF-8" in result.problems[0].expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id,year,colour\na,2019,red\n", "one of the documented columns"),
        ("id\na\n", "a column named 'year' (it is missing)"),
        ("id,year,year\na,2019,2019\n", "each column name once"),
        ("id,year,email\na,2019,x@example.org\n", "no personal data"),
        ("id,,year\na,,2019\n", "a column name (the header cell is empty)"),
    ],
)
def test_header_problems(con, tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    result = read(con, path)
    assert any(expected in p.expected for p in result.problems), result.problems
    assert result.problems[0].row == 1


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_empty_files_are_refused(con, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(FileFormatError, match="non-empty|empty"):
        read(con, path)


def test_header_without_rows_is_reported(con, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,year\n", encoding="utf-8")
    result = read(con, path)
    assert [p.expected for p in result.problems] == ["at least one data row below the header"]


def test_unsupported_suffix(con, tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"\.csv, \.xlsx or \.parquet"):
        read(con, path)


def test_formulas_and_several_sheets_in_workbooks(con, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["id", "year"])
    book.active.append(['=HYPERLINK("http://x")', 2019])
    book.save(tmp_path / "formula.xlsx")
    result = read(con, tmp_path / "formula.xlsx")
    assert [(p.row, p.column, p.expected) for p in result.problems] == [(2, "id", "a value, not a formula")]

    book.create_sheet("Other").append(["id", "year"])
    book.save(tmp_path / "two.xlsx")
    with pytest.raises(FileFormatError, match="one sheet with data"):
        read(con, tmp_path / "two.xlsx")


def test_zip_bomb_disguised_as_xlsx(con, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (64 * 1024 * 1024))
    with pytest.raises(FileFormatError, match="zip bomb"):
        read(con, path)


def test_not_a_workbook(con, tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("id,year\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="valid .xlsx"):
        read(con, path)


def test_parquet_with_wrong_types(con, tmp_path: Path) -> None:
    pq.write_table(pa.table({"id": ["a"], "year": ["last year"]}), tmp_path / "f.parquet")
    result = read(con, tmp_path / "f.parquet")
    assert [(p.row, p.column, p.value) for p in result.problems] == [(2, "year", "last year")]


def test_a_huge_field_is_reported_not_loaded(con, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,year\n" + "x" * (9 * 1024 * 1024) + ",2019\nb,2020\n", encoding="utf-8")
    result = read(con, path)
    assert result.problems and result.problems[0].row == 2
    assert con.execute("SELECT id FROM raw.t").fetchall() == [("b",)]


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_the_byte_scan_finds_overlong_rows_across_chunk_boundaries(
    monkeypatch, tmp_path: Path, chunk: int
) -> None:
    import hashlib

    from etl import readers

    monkeypatch.setattr(readers, "SCAN_CHUNK_BYTES", chunk)
    path = tmp_path / "f.csv"
    good = "id,year\n" + "".join(f"r{i},2019\n" for i in range(40))
    path.write_text(good, encoding="utf-8")
    assert readers._scan_csv(path, ",", 2 + readers.MAX_EXTRA_FIELDS) is None
    assert readers.file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()

    path.write_text(good + "x" + "," * 500 + "\nlast,2020\n", encoding="utf-8")
    problem = readers._scan_csv(path, ",", 2 + readers.MAX_EXTRA_FIELDS)
    assert problem is not None and problem.row == 42
    assert int(problem.value.split()[0]) > 202  # counted up to where the scan saw enough
