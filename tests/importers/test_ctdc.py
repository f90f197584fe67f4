"""CTDC victim files: both layouts, their variants, aggregation, quarantine and coverage."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from shared_external import external

from etl.importers import CASE_COLUMNS, convert
from etl.importers._mapping import MAPPING_DIR
from etl.problems import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
KANON = FIXTURES / "ctdc_kanon_layout.csv"
SYNTHETIC = FIXTURES / "ctdc_synthetic_2024_layout.csv"

KANON_GROUPS = {
    ("ITA", "2016", "sexual"): (2, 2, 0, 1, 1),
    ("ITA", "2016", "labour"): (1, 0, 1, 0, 1),
    ("MDA", "2016", "unknown"): (1, None, None, None, None),
    ("POL", "2017", "begging"): (1, 0, 1, None, None),
}
SYNTHETIC_GROUPS = {
    ("DEU", "2020", "sexual"): (3, 2, 0, 1, 1),
    ("UKR", "2021", "labour"): (1, 0, 1, 0, 1),
    ("FRA", "2021", "domestic_servitude"): (1, 1, 0, 0, 1),
}


def _groups(converted) -> dict[tuple, tuple]:
    def number(value: str | None) -> int | None:
        return None if value is None else int(value)

    return {
        (r["country"], r["year"], r["exploitation_type"]): tuple(
            number(r[c])
            for c in ("victims_total", "victims_female", "victims_male", "victims_minor",
                      "victims_adult")
        )
        for r in converted.table.to_pylist()
    }  # fmt: skip


def _variant(tmp_path: Path, name: str) -> Path:
    """The k-anonymised fixture rewritten as other public copies of it look."""
    lines = KANON.read_text(encoding="utf-8").splitlines()
    if name == "semicolon":
        lines = [line.replace(",", ";") for line in lines]
    elif name == "terms_of_use_cell":
        lines[0] = '"By using this data you agree to the CTDC terms of use, see the website"' + (
            lines[0].removeprefix("yearOfRegistration")
        )
    elif name == "terms_of_use_row":
        lines.insert(0, "Use of these data is subject to the CTDC terms of use.")
    elif name == "blank_for_missing":
        lines = [",".join("" if c == "-99" else c for c in line.split(",")) for line in lines]
    elif name == "bom":
        lines[0] = "\ufeff" + lines[0]
    path = tmp_path / f"ctdc_{name}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_kanon_layout_is_aggregated() -> None:
    converted = convert(KANON)
    assert (converted.family, converted.importer, converted.is_synthetic) == (
        "cases", "ctdc_kanon", False,
    )  # fmt: skip
    assert _groups(converted) == KANON_GROUPS


@pytest.mark.parametrize(
    "variant", ["semicolon", "terms_of_use_cell", "terms_of_use_row", "blank_for_missing", "bom"]
)
def test_variants_of_public_copies_give_the_same_groups(tmp_path: Path, variant: str) -> None:
    converted = convert(_variant(tmp_path, variant))
    assert converted is not None and converted.importer == "ctdc_kanon"
    assert _groups(converted) == KANON_GROUPS
    assert len(converted.problems) == 3


def test_synthetic_2024_layout_is_aggregated_and_flagged_synthetic() -> None:
    converted = convert(SYNTHETIC)
    assert (converted.importer, converted.is_synthetic) == ("ctdc_synthetic_2024", True)
    assert "Synthetic" in converted.source
    assert _groups(converted) == SYNTHETIC_GROUPS


@pytest.mark.parametrize(
    ("path", "rows_in_file", "loaded", "quarantined"),
    [(KANON, 8, 5, {7: "CountryOfExploitation", 8: "yearOfRegistration", 9: "citizenship"}),
     (SYNTHETIC, 6, 5, {6: "CountryOfExploitation"})],
)  # fmt: skip
def test_every_victim_row_is_counted_or_quarantined(path, rows_in_file, loaded, quarantined):
    converted = convert(path)
    assert converted.rows_in_file == rows_in_file
    assert converted.rows_loaded == loaded
    victims = sum(int(v) for v in converted.table.column("victims_total").to_pylist())
    assert victims == loaded
    assert {p.row: p.column for p in converted.problems} == quarantined
    assert loaded + len(converted.problems) == rows_in_file
    assert {p.severity for p in converted.problems} == {"quarantine"}


@pytest.mark.parametrize("path", [KANON, SYNTHETIC])
def test_rows_are_groups_in_the_case_model_not_victims(path: Path) -> None:
    table = convert(path).table
    assert table.column_names == [*CASE_COLUMNS, "_row", "_sheet"]
    rows = table.to_pylist()
    assert {r["cases"] for r in rows} == {"0"}
    for column in ("recruitment_tech", "advertising_tech", "coordination_tech", "control_tech",
                   "post_exit_tech", "modus_operandi", "prosecution_outcome"):  # fmt: skip
        assert {r[column] for r in rows} == {None}
    ids = [r["case_id"] for r in rows]
    assert len(set(ids)) == len(ids) and all(i.startswith("ctdc:") for i in ids)
    for r in rows:  # breakdowns never exceed the total
        total = int(r["victims_total"])
        for a, b in (("victims_female", "victims_male"), ("victims_minor", "victims_adult")):
            assert int(r[a] or 0) + int(r[b] or 0) <= total


def test_case_ids_are_stable_and_differ_between_layouts(tmp_path: Path) -> None:
    first = convert(KANON).table.column("case_id").to_pylist()
    again = convert(_variant(tmp_path, "semicolon")).table.column("case_id").to_pylist()
    assert first == again
    assert set(first).isdisjoint(convert(SYNTHETIC).table.column("case_id").to_pylist())


def test_strict_refuses_a_file_with_unplaceable_victims() -> None:
    with pytest.raises(InputError) as caught:
        convert(KANON, strict=True)
    assert caught.value.total == 3


def test_coverage_table_names_every_case_measure() -> None:
    with (MAPPING_DIR / "ctdc_coverage.csv").open(encoding="utf-8", newline="") as handle:
        coverage = {r["measure"]: r for r in csv.DictReader(handle)}
    assert set(CASE_COLUMNS) - {"case_id"} <= set(coverage)
    assert {r["ctdc_fills"] for r in coverage.values()} <= {"yes", "partly", "no"}
    for tech in ("recruitment_tech", "advertising_tech", "coordination_tech", "control_tech",
                 "post_exit_tech"):  # fmt: skip
        assert coverage[tech]["ctdc_fills"] == "no"
    assert all(r["how"].strip() for r in coverage.values())


def test_real_excerpt_when_present() -> None:
    converted = convert(external("ctdc_kanon_global_dataset_excerpt_4rows.csv"))
    assert converted.importer == "ctdc_kanon"
    assert converted.rows_in_file == 4 and converted.rows_loaded == 4
    assert ("MDA", "2014", "unknown") in _groups(converted)
    assert ("COL", "2002", "sexual") in _groups(converted)  # citizenship stands in
