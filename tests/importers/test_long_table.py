"""Long (grapher-style) tables mapped by a sidecar, and the import-table command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.importers import convert
from etl.importers.cli import main
from etl.problems import FileFormatError, InputError

ROOT = Path(__file__).resolve().parents[2]
TABLE = """\
Entity,Code,Year,Detected victims,Convictions
Romania,ROU,2019,698,12
World,OWID_WRL,2019,50000,3000
Republic of Moldova,MDA,2019,,4
Republic of Moldova,MDA,2019,,4
France,FRA,2020,x,1
France,FRA,2021,10,1
France,FRA,2021,11,1
"""
MAPPING = {
    "country": "Entity",
    "year": "Year",
    "values": {"Detected victims": "detected_victims", "Convictions": "persons_convicted"},
    "source": "Our World in Data (test copy)",
    "vintage": "2024-01-31",
    "status_for_empty": "not_available",
}


def _write(tmp_path: Path, mapping: dict | None = MAPPING, sidecar: str = "owid.csv") -> Path:
    path = tmp_path / "owid.csv"
    path.write_text(TABLE, encoding="utf-8")
    if mapping is not None:
        (tmp_path / f"{sidecar}.mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    return path


def test_without_a_sidecar_it_is_not_recognised(tmp_path: Path) -> None:
    assert convert(_write(tmp_path, None)) is None


@pytest.mark.parametrize("sidecar", ["owid.csv", "owid"])
def test_sidecar_maps_values_and_keeps_rows_accounted(tmp_path: Path, sidecar: str) -> None:
    converted = convert(_write(tmp_path, sidecar=sidecar))
    assert (converted.importer, converted.family) == ("long_table", "series")
    assert (converted.source, converted.vintage) == (MAPPING["source"], "2024-01-31")
    values = {(r["country"], r["year"], r["indicator"]): (r["value"], r["status"])
              for r in converted.table.to_pylist()}  # fmt: skip
    assert values == {
        ("ROU", "2019", "detected_victims"): ("698", "reported"),
        ("ROU", "2019", "persons_convicted"): ("12", "reported"),
        ("MDA", "2019", "detected_victims"): (None, "not_available"),
        ("MDA", "2019", "persons_convicted"): ("4", "reported"),
    }
    assert converted.rows_in_file == 7
    assert converted.rows_loaded + len(converted.problems) == 7
    reasons = {p.row: p.expected for p in converted.problems}
    assert set(reasons) == {3, 5, 6, 7, 8}
    assert "not" in reasons[3] and "country" in reasons[3]  # World is no country
    assert "exact duplicate of row 4" in reasons[5]
    assert "a number" in reasons[6]
    assert "conflict" in reasons[7] and "conflict" in reasons[8]


def test_status_for_empty_can_say_suppressed(tmp_path: Path) -> None:
    converted = convert(_write(tmp_path, {**MAPPING, "status_for_empty": "suppressed"}))
    row = next(r for r in converted.table.to_pylist()
               if (r["country"], r["indicator"]) == ("MDA", "detected_victims"))  # fmt: skip
    assert (row["value"], row["status"]) == (None, "suppressed")


def test_strict_refuses(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        convert(_write(tmp_path), strict=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"values": {"Detected victims": "victims"}}, "not an indicator code"),
        ({"vintage": "31/01/2024"}, "YYYY-MM-DD"),
        ({"country": "Land"}, "Land"),
        ({"status_for_empty": "zero"}, "status_for_empty"),
        ({"breakdowns": {"gender": "Code"}}, "breakdowns"),
    ],
)
def test_a_broken_mapping_refuses_the_file(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        convert(_write(tmp_path, {**MAPPING, **change}))
    assert message in str(caught.value)


def test_import_table_writes_a_copy_and_sidecar_that_a_build_reads(tmp_path, capsys) -> None:
    source = _write(tmp_path, None)
    out = tmp_path / "src" / "series"
    code = main(["import-table", str(source), "--country-col", "Entity", "--year-col", "Year",
                 "--value-col", "Detected victims=detected_victims",
                 "--value-col", "Convictions=persons_convicted",
                 "--source", MAPPING["source"], "--vintage", "2024-01-31",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    assert (out / "owid.csv").read_text(encoding="utf-8") == TABLE
    written = json.loads((out / "owid.csv.mapping.json").read_text(encoding="utf-8"))
    assert written == MAPPING
    assert "5 quarantined" in capsys.readouterr().out
    assert convert(out / "owid.csv").rows_loaded == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--value-col", "Nope=detected_victims"], "no column 'Nope'"),
        (["--value-col", "Convictions=convicted"], "not an indicator code"),
    ],
)
def test_import_table_refuses_bad_mappings(tmp_path, capsys, args, message) -> None:
    source = _write(tmp_path, None)
    code = main(["import-table", str(source), "--country-col", "Entity", "--year-col", "Year",
                 *args, "--source", "S", "--vintage", "2024-01-31",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_import_table_does_not_overwrite_without_force(tmp_path, capsys) -> None:
    source = _write(tmp_path, None)
    args = ["import-table", str(source), "--country-col", "Entity", "--year-col", "Year",
            "--value-col", "Convictions=persons_convicted", "--source", "S",
            "--vintage", "2024-01-31", "--out", str(tmp_path / "out")]  # fmt: skip
    assert main(args) == 0
    assert main(args) == 2
    assert main([*args, "--force"]) == 0


def test_the_core_cli_offers_import_table_with_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etl", "import-table", "--help"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for option in ("--country-col", "--year-col", "--value-col", "--source", "--vintage", "--out"):
        assert option in result.stdout
