"""Uploads to the file-check page: limits first, then the same engine as `etl check`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from etl.check import check_file
from etl.importers import upload
from etl.importers.upload import UploadRefused, check_upload, safe_name

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"a,b\n", "only .csv, .xlsx, .parquet"),
        ("empty.csv", b"", "empty"),
        ("fake.xlsx", b"a,b\n1,2\n", "not an xlsx"),
        ("fake.parquet", b"PAR1 not really", "not a Parquet"),
        ("binary.csv", b"\x00\x01\x02", "binary"),
        ("bomb.xlsx", _zip({"xl/sheet.xml": b"\0" * (20 * 2**20)}), "zip bomb"),
        ("parts.xlsx", _zip({f"p{i}.xml": b"x" for i in range(2_001)}), "parts"),
        (".hidden.csv", b"a\n", "not a usable file name"),
    ],
)
def test_refused_before_reading(name: str, data: bytes, message: str) -> None:
    with pytest.raises(UploadRefused) as caught:
        check_upload(name, data)
    assert message in str(caught.value)


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(UploadRefused, match="limit"):
        check_upload("big.csv", b"country,year\n" * 2)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("glotip.xlsx", "glotip.xlsx"), ("../../etc/x.csv", "x.csv"), ("C:\\tmp\\y.csv", "y.csv")],
)
def test_only_the_file_name_is_kept(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_recognised_upload_matches_the_check_of_the_same_file(glotip_file, tmp_path) -> None:
    result = check_upload(glotip_file.name, glotip_file.read_bytes())
    assert (result.importer, result.family, result.name) == (
        "unodc_glotip", "series", glotip_file.name,
    )  # fmt: skip
    series = tmp_path / "series"
    series.mkdir()
    same = series / glotip_file.name
    same.write_bytes(glotip_file.read_bytes())
    expected = check_file(same)
    report = result.report
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (
        expected.rows_read, expected.rows_accepted, expected.rows_rejected,
    )  # fmt: skip
    assert report.rows_read == 17
    assert [(p.row, p.expected) for p in report.problems] == [(p.row, p.expected) for p in expected.problems]
    assert report.preview.equals(expected.preview)


def test_ctdc_upload_is_checked_as_cases() -> None:
    path = FIXTURES / "ctdc_synthetic_2024_layout.csv"
    result = check_upload(path.name, path.read_bytes())
    assert (result.importer, result.family) == ("ctdc_synthetic_2024", "cases")


def test_a_long_table_upload_uses_its_mapping() -> None:
    data = b"Entity,Year,Convictions\nRomania,2019,12\n"
    mapping = (
        b'{"country": "Entity", "year": "Year", "values": {"Convictions": "persons_convicted"},'
        b' "source": "Test", "vintage": "2024-01-31"}'
    )
    result = check_upload("t.csv", data, mapping=mapping)
    assert (result.importer, result.family) == ("long_table", "series")
    assert result.report.rows_accepted == 1
