"""CTDC layouts recognised by what they have; public copies' flags and damaged codes; manifest."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from shared_external import external

from etl.build import build_warehouse
from etl.check import check_file
from etl.importers import convert, explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
KANON = FIXTURES / "ctdc_kanon_layout.csv"
SYNTHETIC = FIXTURES / "ctdc_synthetic_2024_layout.csv"


def _rewrite(tmp_path: Path, name: str, edit) -> Path:
    lines = KANON.read_text(encoding="utf-8").splitlines()
    path = tmp_path / name
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def test_each_layout_is_recognised_by_its_own_columns_and_says_why() -> None:
    importer, why, _ = explain(KANON)
    assert importer == "ctdc_kanon" and "by columns datasource, issexandlabour" in why
    importer, why, _ = explain(SYNTHETIC)
    assert importer == "ctdc_synthetic_2024" and "traffickmonths" in why


def test_a_kanon_copy_without_its_own_columns_is_recognised_by_its_values(tmp_path: Path) -> None:
    """A public copy of the k-anonymised data that dropped Datasource and majorityStatus."""

    def drop(lines: list[str]) -> list[str]:
        keep = [
            i
            for i, c in enumerate(lines[0].split(","))
            if c not in {"Datasource", "majorityStatus", "majorityStatusAtExploit", "majorityEntry"}
        ]
        return [",".join(line.split(",")[i] for i in keep) for line in lines]  # fmt: skip

    path = _rewrite(tmp_path, "copy.csv", drop)
    converted = convert(path)
    assert (converted.importer, converted.is_synthetic) == ("ctdc_kanon", False)  # never taken for synthetic
    assert "by its values" in converted.why


def test_a_file_of_neither_layout_is_told_what_each_needs(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "yearOfRegistration,citizenship,CountryOfExploitation,isForcedLabour,isSexualExploit,gender\n"
        "2019,ROU,DE,1,,Female\n",
        encoding="utf-8",
    )
    importer, _, missed = explain(path)
    assert importer is None
    assert "2-letter country codes" in missed["ctdc_kanon"]
    assert "gender man/trans/transgender/nonconforming/woman" in missed["ctdc_synthetic_2024"]


def test_flags_written_as_floats_count(tmp_path: Path) -> None:
    path = _rewrite(tmp_path, "floats.csv", lambda lines: [lines[0]] + [
        ",".join(c + ".0" if c in ("0", "1") else c for c in line.split(",")) for line in lines[1:]
    ])  # fmt: skip
    groups = {(r["country"], r["exploitation_type"]) for r in convert(path).table.to_pylist()}
    assert ("ITA", "sexual") in groups and ("POL", "begging") in groups


def test_a_damaged_unknown_country_code_is_unknown_with_a_warning(tmp_path: Path) -> None:
    path = _rewrite(tmp_path, "zero.csv", lambda lines: [line.replace(",00,", ",0,") for line in lines])
    converted = convert(path)
    warnings = [p for p in converted.problems if p.severity == "warning"]
    assert len(warnings) == 1 and "damaged '00'" in warnings[0].expected
    assert converted.rows_in_file == 8


def test_manifest_sets_synthetic_status_and_vintage_and_sources_count_victims(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "cases").mkdir(parents=True)
    (source / "cases" / "ctdc.csv").write_bytes(SYNTHETIC.read_bytes())
    manifest = {"synthetic": True, "files": {"cases/ctdc.csv": {"synthetic": False, "vintage": "2024-02-01"}}}
    (source / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    build_warehouse(source, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT family, source, vintage::VARCHAR, is_synthetic, rows, first_year, last_year FROM marts.sources"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        ("cases", "Counter Trafficking Data Collaborative (CTDC), Global Synthetic Dataset 2024",
         "2024-02-01", False, 5, 2020, 2021)
    ]  # fmt: skip


def test_a_bad_manifest_entry_is_named(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    path = tmp_path / "cases" / "ctdc.csv"
    path.write_bytes(KANON.read_bytes())
    (tmp_path / "manifest.json").write_text(json.dumps({"files": {"cases/ctdc.csv": {"vintage": "soon"}}}))
    report = check_file(path)
    assert [(p.column, p.value, p.expected) for p in report.problems] == [
        ("files.cases/ctdc.csv.vintage", "soon", "a date YYYY-MM-DD")
    ]


def test_the_real_excerpt_where_it_lies() -> None:
    report = check_file(external("ctdc_kanon_global_dataset_excerpt_4rows.csv"))
    assert (report.layout, report.family) == ("ctdc_kanon", "cases")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (4, 4, 0)
    assert report.verdict == "OK"


@pytest.mark.parametrize("path", [KANON, SYNTHETIC])
def test_every_case_record_keeps_its_source(path: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "cases").mkdir(parents=True)
    (source / "cases" / path.name).write_bytes(path.read_bytes())
    db = tmp_path / "w.duckdb"
    build_warehouse(source, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        sources = con.execute("SELECT DISTINCT source FROM marts.case_counts").fetchall()
    finally:
        con.close()
    assert len(sources) == 1 and sources[0][0].startswith("Counter Trafficking Data Collaborative")
