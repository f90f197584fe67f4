"""No upload breaks the file check: each one that did is a named problem, within stated bounds.

Bounds (the check's, per upload): 50 MB a file; CSV fields up to 8 MiB; mapping JSON up to
256 KB and 20 levels deep; Parquet refused by its footer when its values would take over
128 MiB decoded, then read 10,000 rows at a time; xlsx zip bombs refused unread; DuckDB
held to 1 GB. Each case runs in a subprocess whose address space is capped.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl.importers.upload import UploadRefused, check_upload

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "importers"
DEMO_CASES = ROOT / "data" / "demo" / "cases" / "cases.csv"
#: Address space of the checking process (Python, DuckDB and pyarrow reserve much of it).
MEMORY_CAP = 3 * 1024**3

RUNNER = textwrap.dedent(
    """
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
    from etl.importers.upload import UploadRefused, check_upload
    name, data_path, mapping_path = sys.argv[1:4]
    data = open(data_path, "rb").read()
    mapping = open(mapping_path, "rb").read() if mapping_path != "-" else None
    try:
        result = check_upload(name, data, mapping=mapping)
        report = result.report
        out = {{"verdict": report.verdict, "problems": [p.__dict__ for p in report.problems[:50]],
                "rows": [report.rows_read, report.rows_accepted, report.rows_rejected]}}
    except UploadRefused as exc:
        out = {{"refused": str(exc)}}
    # VmHWM is this process's own peak: ru_maxrss would carry the forking test process's over exec.
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    out["max_rss_kb"] = int(status.split()[0])
    print(json.dumps(out, default=str))
    """
)


def capped_check(tmp_path: Path, name: str, data: bytes, mapping: bytes | None = None) -> dict:
    """Check an upload in a subprocess under MEMORY_CAP; the result as the page would get it."""
    data_path = tmp_path / "upload.bin"
    data_path.write_bytes(data)
    mapping_path = "-"
    if mapping is not None:
        (tmp_path / "mapping.bin").write_bytes(mapping)
        mapping_path = str(tmp_path / "mapping.bin")
    done = subprocess.run(
        [sys.executable, "-c", RUNNER.format(cap=MEMORY_CAP), name, str(data_path), mapping_path],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    text = json.dumps(result)
    assert "/tmp" not in text and "thb-file-check" not in text  # no server or temporary path
    return result


def test_a_ctdc_csv_with_a_field_over_131072_characters_is_named(tmp_path: Path) -> None:
    lines = (FIXTURES / "ctdc_kanon_layout.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Case Management", '"' + "x" * 200_000 + '"', 1)
    result = capped_check(tmp_path, "ctdc.csv", ("\n".join(lines) + "\n").encode())
    assert result["verdict"] in ("WARNINGS", "INVALID")


def test_a_mapping_of_30000_nested_brackets_is_named(tmp_path: Path) -> None:
    result = capped_check(tmp_path, "t.csv", b"Entity,Year,V\nRomania,2019,1\n", b"[" * 30_000)
    assert result["verdict"] == "INVALID"
    assert any("nested at most 20 levels deep, not 30000" in p["expected"] for p in result["problems"])


def test_a_parquet_that_expands_a_thousandfold_is_refused_by_its_footer(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"case_id": pa.array(["x" * 1024] * 200_000)}), buffer, use_dictionary=True)
    assert len(buffer.getvalue()) < 400_000
    result = capped_check(tmp_path, "big.parquet", buffer.getvalue())
    assert "under 128 MiB decoded" in result["refused"]
    assert result["max_rss_kb"] < 1_000_000  # it was 3.4 GB, read whole


def test_the_recognition_of_a_parquet_reads_a_few_rows(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    rows = 100_000
    pq.write_table(
        pa.table({"country": ["Albania"] * rows, "year": [2019] * rows, "indicator": ["detected_victims"] * rows,
                  "value": list(range(rows)), "status": ["reported"] * rows, "source": ["x" * 500] * rows,
                  "vintage": ["2023-05-30"] * rows}),
        buffer, row_group_size=10_000,
    )  # fmt: skip
    result = capped_check(tmp_path, "series.parquet", buffer.getvalue())
    assert result["verdict"] == "INVALID"  # one country, year and indicator: every row conflicts
    assert result["rows"][0] == rows
    assert result["max_rss_kb"] < 1_500_000


@pytest.mark.slow
def test_a_large_ctdc_csv_is_checked_within_bounds(tmp_path: Path) -> None:
    lines = (FIXTURES / "ctdc_kanon_layout.csv").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[1:] if line.startswith("2016,")]
    data = ("\n".join([lines[0]] + body * 20_000) + "\n").encode()  # 80,000 victims
    result = capped_check(tmp_path, "ctdc.csv", data)
    assert result["rows"] == [80_000, 80_000, 0]
    assert result["max_rss_kb"] < 2_000_000


def test_randomly_mutated_demo_case_files_never_break_the_check(tmp_path: Path) -> None:
    """40 mutations of a demo case file with a fixed seed: each is checked, none raises."""
    rng = random.Random(20240)
    base = DEMO_CASES.read_bytes()[:20_000]
    cuts = [b",", b"\n", b'"', b"\x00", b"\xff", b";", b"\r", b"=cmd|' /C calc'!A0", b"9" * 40]
    for index in range(40):
        data = bytearray(base)
        for _ in range(rng.randint(1, 12)):
            at = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[at : at + rng.randint(0, 30)] = rng.choice(cuts)
            else:
                data.insert(at, rng.randrange(256))
        try:
            result = check_upload(f"mutant{index}.csv", bytes(data))
        except UploadRefused:
            continue
        report = result.report
        assert report.verdict in ("OK", "WARNINGS", "INVALID")
        text = " ".join(f"{p.file} {p.value} {p.expected}" for p in report.problems)
        assert str(tmp_path.parent) not in text and "thb-file-check" not in text and "/tmp/" not in text


def test_a_zip_of_a_wave_folder_is_checked_as_a_wave(tmp_path: Path) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((ROOT / "data" / "demo" / "survey" / "2021").iterdir()):
            archive.write(path, f"2021/{path.name}")
    result = check_upload("wave.zip", buffer.getvalue())
    assert (result.report.family, result.report.layout) == ("survey", "survey wave")
    assert result.report.verdict == "INVALID"  # the folder name of the zip is not the wave id


def test_an_unrecognised_file_is_told_what_each_layout_needs(tmp_path: Path) -> None:
    result = check_upload("x.csv", b"a,b\n1,2\n")
    needs = {p.expected.split(":")[0] for p in result.report.problems}
    assert {"documented case records", "documented trend series", "unodc_glotip", "ctdc_kanon",
            "ctdc_synthetic_2024", "long_table"} <= needs  # fmt: skip


def test_the_mapping_json_of_a_valid_table_still_works(tmp_path: Path) -> None:
    mapping = json.dumps({"country": "Entity", "year": "Year", "values": {"V": "persons_convicted"},
                          "source": "Test", "vintage": "2024-01-31"}).encode()  # fmt: skip
    result = check_upload("t.csv", b"Entity,Year,V\nRomania,2019,12\n", mapping=mapping)
    assert (result.report.verdict, result.report.rows_accepted) == ("OK", 1)
