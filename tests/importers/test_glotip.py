"""UNODC GLOTIP downloads: layout, vintage, values, codes, quarantine and accounting."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.importers import convert, glotip
from etl.problems import InputError

GOOD_ROW = ["FRA", "France", "Europe", "Western Europe", "Persons convicted", "Total", "Total",
            "Male", "18 years or over", 2020, "Counts", "1,002", "GLOTIP"]  # fmt: skip


def _rows(converted) -> dict[int, dict]:
    return {r["_row"]: r for r in converted.table.to_pylist()}


def _reasons(converted) -> dict[int, str]:
    return {p.row: p.expected for p in converted.problems}


def test_recognised_with_vintage_and_source(glotip_file: Path) -> None:
    converted = convert(glotip_file)
    assert converted is not None
    assert (converted.family, converted.importer) == ("series", "unodc_glotip")
    assert converted.vintage == "2023-05-30"
    assert converted.source == "UNODC Global Report on Trafficking in Persons (GLOTIP)"
    assert set(converted.table.column("vintage").to_pylist()) == {"2023-05-30"}
    assert set(converted.table.column("_sheet").to_pylist()) == {"data_glotip_1"}


def test_row_accounting_adds_up(glotip_file: Path) -> None:
    converted = convert(glotip_file)
    assert converted.rows_in_file == 17  # the blank row is not a data row
    assert sorted(_rows(converted)) == [4, 5, 6, 7, 8, 15, 21]
    assert sorted(_reasons(converted)) == [9, 10, 11, 12, 13, 14, 16, 17, 18, 19]
    assert converted.table.num_rows + len(converted.problems) == converted.rows_in_file
    assert {p.severity for p in converted.problems} == {"quarantine"}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (4, {"country": "ROU", "year": "2013", "indicator": "persons_prosecuted",
             "value": "552", "status": "reported", "sex": "total", "age_group": "total",
             "exploitation_type": "total", "citizenship": "total"}),
        (5, {"indicator": "detected_victims", "sex": "female", "value": "1234"}),
        (6, {"exploitation_type": "sexual", "age_group": "minor", "sex": "female",
             "value": None, "status": "suppressed"}),
        (7, {"citizenship": "MDA", "exploitation_type": "total", "value": "12"}),
        (8, {"citizenship": "domestic", "value": "300"}),
        (15, {"country": "ALB", "status": "suppressed", "value": None}),
        (21, {"country": "MDA", "indicator": "persons_suspected", "value": "0",
              "status": "reported"}),
    ],
)  # fmt: skip
def test_values_land_where_they_belong(glotip_file: Path, row: int, expected: dict) -> None:
    record = _rows(convert(glotip_file))[row]
    assert {k: record[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (9, "Iso3_code", "regional aggregates are not countries"),
        (10, "Iso3_code", "the cell is empty"),
        (11, "Dimension", "dimension not mapped"),
        (12, "Category", "citizenship unknown"),
        (13, "txtVALUE", "conflict"),
        (14, "txtVALUE", "conflict"),
        (16, "txtVALUE", "exact duplicate of row 15"),
        (17, "txtVALUE", "conflict"),
        (18, "txtVALUE", "conflict"),
        (19, "txtVALUE", "a count, '<5' or an empty cell"),
    ],
)
def test_quarantine_reasons(glotip_file: Path, row: int, column: str, reason: str) -> None:
    problem = next(p for p in convert(glotip_file).problems if p.row == row)
    assert problem.column == column
    assert reason in problem.expected
    assert problem.sheet == "data_glotip_1"


def test_conflicting_rows_are_all_kept_out(glotip_file: Path) -> None:
    converted = convert(glotip_file)
    conflict = _reasons(converted)[13]
    assert "rows 13, 14" in conflict
    loaded = converted.table.to_pylist()
    assert not [r for r in loaded if r["country"] == "ALB" and r["indicator"] == "persons_convicted"]
    # "Romania" and "roumain" both mean ROU: neither is picked, even with equal values.
    assert not [r for r in loaded if r["citizenship"] == "ROU"]


def test_strict_refuses_the_file(glotip_file: Path) -> None:
    with pytest.raises(InputError) as caught:
        convert(glotip_file, strict=True)
    assert caught.value.total == 10
    assert {p.row for p in caught.value.problems} == {9, 10, 11, 12, 13, 14, 16, 17, 18, 19}


def test_strict_accepts_a_clean_file(make_glotip) -> None:
    path = make_glotip([GOOD_ROW])
    converted = convert(path, strict=True)
    assert converted.table.num_rows == 1 and not converted.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,757", ("1757", "reported")),
        ("12,345,678", ("12345678", "reported")),
        ("0", ("0", "reported")),
        ("<5", (None, "suppressed")),
        (" <5 ", (None, "suppressed")),
        (None, (None, "not_available")),
        ("1,75", None),
        ("12.5", None),
        ("-3", None),
        ("n/a", None),
    ],
)
def test_parse_value(text: str | None, expected) -> None:
    assert glotip.parse_value(text) == expected


@pytest.mark.parametrize(
    ("date", "vintage"),
    [("30/05/2023", "2023-05-30"), ("1/2/2024", "2024-02-01"), ("2023-05-30", "2023-05-30"),
     ("not a date", None)],
)  # fmt: skip
def test_vintage_from_the_date_row(make_glotip, date: str, vintage: str | None) -> None:
    assert convert(make_glotip([GOOD_ROW], date=date)).vintage == vintage


def test_csv_copy_of_the_layout_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "glotip.csv"
    header = "Iso3_code;Country;Region;Subregion;Indicator;Dimension;Category;Sex;Age;Year;"
    path.write_text(
        "UNODC;\n30/05/2023;\n"
        + header
        + "Unit of measurement;txtVALUE;Source\n"
        + ";".join(str(c) for c in GOOD_ROW)
        + "\n",
        encoding="utf-8",
    )
    converted = convert(path)
    assert converted.importer == "unodc_glotip"
    assert converted.table.to_pylist()[0]["value"] == "1002"
    assert converted.table.to_pylist()[0]["_row"] == 4


def test_other_files_are_not_glotip(tmp_path: Path) -> None:
    path = tmp_path / "series.csv"
    path.write_text("country,year,indicator,value,status,source,vintage\n", encoding="utf-8")
    assert convert(path) is None
