"""A steward's mappings/ folder: extends the shipped tables per source; etl check prints the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from command_line import run_main
from glotip_files import glotip_row, write_glotip

from etl import mappings
from etl.check import check_file
from etl.cli import main as etl_main
from etl.countries import resolve_country


def _source(tmp_path: Path, category: str) -> Path:
    (tmp_path / "series").mkdir()
    return write_glotip(
        tmp_path / "series" / "glotip.xlsx",
        [glotip_row("ROU", "Detected trafficking victims", "by citizenship", category,
                    "Total", "Total", 2019, "12")],
    )  # fmt: skip


def test_etl_check_prints_the_line_to_add_and_the_file(tmp_path: Path) -> None:
    path = _source(tmp_path, "Filippinoz")
    done = run_main(etl_main, "check", str(path))
    assert "add to mappings/glotip_citizenship.csv: citizenship,Filippinoz,PHL," in done.stdout, done.stdout


def test_a_mapping_line_in_the_source_folder_maps_the_value(tmp_path: Path) -> None:
    path = _source(tmp_path, "Filippinoz")
    (tmp_path / "mappings").mkdir()
    (tmp_path / "mappings" / "glotip_citizenship.csv").write_text(
        "field,source_value,code,note\ncitizenship,Filippinoz,PHL,\n", encoding="utf-8"
    )
    report = check_file(path)
    assert (report.verdict, report.rows_accepted) == ("OK", 1)
    assert report.preview["citizenship"].tolist() == ["PHL"]


def test_a_steward_country_spelling_overrides_and_stays_in_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mappings"
    folder.mkdir()
    (folder / "countries.csv").write_text("value,iso3,note\nHolland,NLD,\nGeorgia,,the US state\n")
    assert resolve_country("Holland") is None
    with mappings.active(folder):
        assert (resolve_country("Holland"), resolve_country("Georgia")) == ("NLD", None)
    assert (resolve_country("Holland"), resolve_country("Georgia")) == (None, "GEO")


def test_a_broken_mapping_table_is_named(tmp_path: Path) -> None:
    path = _source(tmp_path, "Romania")
    (tmp_path / "mappings").mkdir()
    (tmp_path / "mappings" / "countries.csv").write_text("value,iso3\nHolland,XYZ\n")
    report = check_file(path)
    assert report.verdict == "INVALID"
    assert [
        (Path(p.file).name, p.row, p.column, p.value) for p in report.problems if p.severity == "error"
    ] == [("countries.csv", 2, "iso3", "XYZ")]


@pytest.mark.parametrize(
    ("value", "iso3"),
    [("Netherlands, The", "NLD"), ("Korea, South", "KOR"), ("Cote d'Ivoire", "CIV"),
     ("Congo, Democratic Republic", "COD"), ("Gambia, The", "GMB"), ("Swaziland", "SWZ"),
     ("Bosnia", "BIH"), ("Brunei", "BRN"), ("Romanian", "ROU"), ("Nigerians", "NGA")],
)  # fmt: skip
def test_country_names_as_public_tables_write_them(value: str, iso3: str) -> None:
    assert resolve_country(value) == iso3


@pytest.mark.parametrize("value", ["Southern Africa", "Sub-Saharan Africa", "European Union", "Czechoslovakia",
                                   "Eastern Europe", "Others", "World"])  # fmt: skip
def test_regions_and_groups_are_still_refused_by_name(value: str) -> None:
    assert resolve_country(value) is None
    assert mappings.current().folder is None
