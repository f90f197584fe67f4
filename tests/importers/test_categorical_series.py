"""A categorical series (the US TIP report's tier per country and year) through a mapping."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from etl.build import build_warehouse
from etl.check import check_file
from etl.importers import convert
from etl.importers.cli import main
from etl.problems import FileFormatError, InputError

#: As tier tables derived from the TIP report write it: tiers as "1", "2WL", labels in
#: places, "Special Case", and the country spellings of public tables.
TIERS = """\
Country,Year,Tier
Austria,2023,1
Romania,2023,2
Moldova,2023,2
"Korea, South",2023,1
Cote d'Ivoire,2023,2
Belarus,2023,3
Libya,2023,Special Case
Europe,2023,2
Albania,2022,2
Albania,2022,2WL
France,2022,Tier 1
Turkey,2022,2WL
Yemen,2021,
Bosnia,2021,Tier 2 Watchlist
Serbia,twenty,2
Romania,2022,tier 2 watch list
"""
MAPPING = {
    "country": "Country",
    "year": "Year",
    "values": {
        "Tier": {
            "indicator": "tip_tier",
            "kind": "categorical",
            "categories": {"1": "tier_1", "2": "tier_2", "2WL": "tier_2_watch_list", "3": "tier_3",
                           "Special Case": None},
        }
    },
    "source": "US Department of State, Trafficking in Persons Report (test copy)",
    "vintage": "2023-06-15",
    "synthetic": True,
}  # fmt: skip


def _write(folder: Path, mapping: dict | None = MAPPING, text: str = TIERS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tip_tiers.csv"
    path.write_text(text, encoding="utf-8")
    if mapping is not None:
        (folder / "tip_tiers.csv.mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    return path


def test_categories_map_and_every_row_is_accounted_for(tmp_path: Path) -> None:
    converted = convert(_write(tmp_path))
    assert (converted.importer, converted.family, converted.is_synthetic) == ("long_table", "series", True)
    found = {(r["country"], r["year"]): (r["category"], r["status"], r["value"])
             for r in converted.table.to_pylist()}  # fmt: skip
    assert found == {
        ("AUT", "2023"): ("tier_1", "reported", None),
        ("ROU", "2023"): ("tier_2", "reported", None),
        ("MDA", "2023"): ("tier_2", "reported", None),
        ("KOR", "2023"): ("tier_1", "reported", None),
        ("CIV", "2023"): ("tier_2", "reported", None),
        ("BLR", "2023"): ("tier_3", "reported", None),
        ("LBY", "2023"): (None, "not_available", None),  # Special Case: off the scale
        ("FRA", "2022"): ("tier_1", "reported", None),  # the English label
        ("TUR", "2022"): ("tier_2_watch_list", "reported", None),
        ("YEM", "2021"): (None, "not_available", None),  # an empty cell
        ("ROU", "2022"): ("tier_2_watch_list", "reported", None),  # the label, any case
    }
    assert converted.rows_in_file == 16
    assert converted.rows_loaded + len(converted.problems) == 16
    problems = {p.row: p for p in converted.problems}
    assert set(problems) == {9, 10, 11, 15, 16}
    assert "country" in problems[9].expected  # Europe is no country
    assert "conflict" in problems[10].expected and "conflict" in problems[11].expected
    assert problems[15].column == "Tier" and problems[15].value == "Tier 2 Watchlist"
    assert "tier_1, tier_2, tier_2_watch_list, tier_3" in problems[15].expected
    # the exact pair to add, with the nearest code to check
    assert problems[15].fix == (
        'add to tip_tiers.csv.mapping.json, in "values" > "Tier" > "categories": "Tier 2 Watchlist": "tier_2_watch_list"'
    )
    assert problems[16].column == "Year"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"Tier": {"indicator": "tip_tier", "categories": {"1": "tier_one"}}}, "'tier_one' is not a code of tip_tier"),
        ({"Tier": {"indicator": "tip_tier", "kind": "number"}}, "tip_tier is of kind 'categorical'"),
        ({"Tier": {"indicator": "detected_victims", "kind": "categorical"}}, "of kind 'number'"),
        ({"Tier": {"indicator": "detected_victims", "categories": {"1": "tier_1"}}}, "categorical indicator only"),
        ({"Tier": {"indicator": "tip_rank"}}, "'tip_rank' is not an indicator code"),
        ({"Tier": ["tip_tier"]}, "an indicator code, or an object"),
    ],
)  # fmt: skip
def test_a_wrong_categorical_mapping_refuses_the_file(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        convert(_write(tmp_path, {**MAPPING, "values": change}))
    assert message in str(caught.value)
    assert "tip_tiers.csv.mapping.json" in str(caught.value)


def test_a_categorical_column_takes_no_breakdowns(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="takes no 'breakdowns'"):
        convert(_write(tmp_path, {**MAPPING, "breakdowns": {"sex": "Country"}}))


def test_strict_refuses_a_file_with_quarantined_rows(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        convert(_write(tmp_path), strict=True)


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    _write(source / "series")
    (source / "series" / "glotip_like.csv").write_text(
        "country,year,indicator,value,status,source,vintage\n"
        "AUT,2022,detected_victims,57,reported,UNODC GLOTIP (test copy),2024-01-31\n",
        encoding="utf-8",
    )
    return source


def test_a_build_publishes_the_tiers_apart_from_the_numbers(tmp_path: Path) -> None:
    db = tmp_path / "wh" / "warehouse.duckdb"
    build_warehouse(_source(tmp_path), db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select country_iso3, year, indicator, category, category_label, category_rank, status, "
            "source, vintage::varchar, is_synthetic from marts.series_categorical "
            "where country_iso3 in ('AUT', 'ROU', 'LBY') order by all"
        ).fetchall()
        numbers = con.execute("select distinct indicator from marts.series").fetchall()
        sources = con.execute(
            "select source, rows, first_year, last_year from marts.sources where family = 'series' order by 1"
        ).fetchall()
        loads = con.execute(
            "select rows_read, rows_loaded, rows_rejected, importer from meta.loads where file = 'series/tip_tiers.csv'"
        ).fetchall()
        problems = con.execute(
            "select count(*) from meta.problems join meta.loads using (load_id) "
            "where loads.file = 'series/tip_tiers.csv' and severity = 'quarantine'"
        ).fetchone()
    finally:
        con.close()
    source = MAPPING["source"]
    assert rows == [
        ("AUT", 2023, "tip_tier", "tier_1", "Tier 1", 1, "reported", source, "2023-06-15", True),
        ("LBY", 2023, "tip_tier", None, None, None, "not_available", source, "2023-06-15", True),
        ("ROU", 2022, "tip_tier", "tier_2_watch_list", "Tier 2 Watch List", 3, "reported", source,
         "2023-06-15", True),
        ("ROU", 2023, "tip_tier", "tier_2", "Tier 2", 2, "reported", source, "2023-06-15", True),
    ]  # fmt: skip
    assert numbers == [("detected_victims",)]
    assert sources == [("UNODC GLOTIP (test copy)", 1, 2022, 2022), (source, 11, 2021, 2023)]
    assert loads == [(16, 11, 5, "long_table")]
    assert problems == (5,)


def test_the_documented_series_layout_takes_a_category_column(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "series").mkdir(parents=True)
    (source / "series" / "tiers.csv").write_text(
        "country,year,indicator,category,value,status,source,vintage\n"
        "ROU,2023,tip_tier,tier_2,,reported,TIP report,2023-06-15\n"
        "LBY,2023,tip_tier,,,not_available,TIP report,2023-06-15\n",
        encoding="utf-8",
    )
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(source, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute(
            "select country_iso3, category, category_rank from marts.series_categorical order by 1"
        ).fetchall() == [("LBY", None, None), ("ROU", "tier_2", 2)]
    finally:
        con.close()


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        ("ROU,2023,tip_tier,tier_9,,reported", "category", "a category of the indicator's own vocabulary"),
        ("ROU,2023,detected_victims,tier_2,5,reported", "category", "numeric indicators have none"),
        (
            "ROU,2023,tip_tier,tier_2,2,reported",
            "value",
            "an empty value on a row of a categorical indicator",
        ),
        ("ROU,2023,tip_tier,,,reported", "value", "a value on a row with status 'reported'"),
        ("ROU,2023,tip_tier,tier_2,,suppressed", "category", "an empty category on a row with status"),
    ],
)
def test_a_documented_categorical_row_that_breaks_a_rule_is_named(tmp_path, row, column, expected) -> None:
    path = tmp_path / "series" / "tiers.csv"
    path.parent.mkdir()
    path.write_text(
        f"country,year,indicator,category,value,status,source,vintage\n{row},TIP report,2023-06-15\n",
        encoding="utf-8",
    )
    report = check_file(path)
    assert report.verdict == "INVALID"
    assert any(p.row == 2 and p.column == column and expected in p.expected for p in report.problems), [
        p.describe() for p in report.problems
    ]


def test_a_failed_build_leaves_the_previous_warehouse(tmp_path: Path) -> None:
    source = _source(tmp_path)
    db = tmp_path / "wh" / "warehouse.duckdb"
    build_warehouse(source, db)
    before = db.read_bytes()
    (source / "series" / "tip_tiers.csv.mapping.json").write_text(
        json.dumps({**MAPPING, "values": {"Tier": {"indicator": "tip_tier", "categories": {"1": "gold"}}}}),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        build_warehouse(source, db)
    assert "'gold' is not a code of tip_tier" in str(caught.value)
    assert db.read_bytes() == before


def test_import_table_writes_a_categorical_mapping(tmp_path: Path, capsys) -> None:
    source = _write(tmp_path / "downloads", None)
    out = tmp_path / "src" / "series"
    code = main(["import-table", str(source), "--country-col", "Country", "--year-col", "Year",
                 "--value-col", "Tier=tip_tier", "--source", "TIP report", "--vintage", "2023-06-15",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    written = json.loads((out / "tip_tiers.csv.mapping.json").read_text(encoding="utf-8"))
    assert written["values"] == {"Tier": {"indicator": "tip_tier", "kind": "categorical", "categories": {}}}
    # without the mapping's own labels only codes and English labels load: "1", "2WL" and
    # "Special Case" are quarantined, each with the pair to add
    converted = convert(out / "tip_tiers.csv")
    fixes = {p.value: p.fix for p in converted.problems if p.column == "Tier"}
    assert fixes["Special Case"].endswith('"Special Case": "CODE"')
    assert fixes["2WL"].startswith('add to tip_tiers.csv.mapping.json, in "values" > "Tier" > "categories"')
    assert "quarantined" in capsys.readouterr().out
