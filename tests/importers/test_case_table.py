"""Case files of other layouts (a police export), mapped by a sidecar or by import-cases."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl.build import build_warehouse
from etl.check import check_file, check_paths
from etl.importers import convert, recognise
from etl.importers.cli import main
from etl.importers.upload import check_upload
from etl.problems import FileFormatError, InputError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "importers"
EXPORT = FIXTURES / "police_export.csv"
MAPPING = json.loads((FIXTURES / "police_export.csv.mapping.json").read_text(encoding="utf-8"))
SOURCE = MAPPING["source"]


def _copy(folder: Path, mapping: dict | None = MAPPING, text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / EXPORT.name
    if text is None:
        shutil.copyfile(EXPORT, path)
    else:
        path.write_text(text, encoding="utf-8")
    if mapping is not None:
        (folder / f"{EXPORT.name}.mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    return path


def test_a_police_export_becomes_documented_case_records() -> None:
    converted = convert(EXPORT)
    assert (converted.importer, converted.family, converted.is_synthetic) == ("case_table", "cases", True)
    assert (converted.source, converted.vintage) == (SOURCE, "2024-02-29")
    records = {r["case_id"]: r for r in converted.table.to_pylist()}
    first = records["THB/2019/0012"]
    assert {k: v for k, v in first.items() if v is not None and not k.startswith("_")} == {
        "case_id": "THB/2019/0012", "country": "ROU", "year": "2019", "exploitation_type": "sexual",
        "recruitment_tech": "social_media", "advertising_tech": "adult_sites",
        "control_tech": "encrypted_messaging|tracking_apps", "modus_operandi": "lover_boy",
        "victims_total": "2", "victims_female": "2", "victims_male": "0", "victims_minor": "1",
        "victims_adult": "1", "prosecution_outcome": "convicted",
    }  # fmt: skip
    # two channels that map to one code are one code; the stage-qualified column fills its stages
    moldova = records["THB/2020/0004"]
    assert (moldova["country"], moldova["recruitment_tech"], moldova["coordination_tech"]) == (
        "MDA", "social_media", "encrypted_messaging",
    )  # fmt: skip
    assert (moldova["post_exit_tech"], moldova["modus_operandi"]) == (
        "social_media",
        "lover_boy|blackmail_images",
    )
    # "Word of mouth" and "Mobile phone" map to null: known, not one of the technologies
    assert records["THB/2020/0017"]["recruitment_tech"] is None
    assert records["THB/2019/0031"]["control_tech"] is None
    assert records["THB/2021/0015"]["year"] == "2021"  # an ISO date among dd.mm.yyyy ones
    assert records["THB/2023/0001"]["country"] == "KOR"  # "Korea, South"
    assert records["THB/2021/0002"]["prosecution_outcome"] == "unknown"


def test_every_row_is_loaded_or_named() -> None:
    converted = convert(EXPORT)
    assert converted.rows_in_file == 20
    assert converted.rows_loaded + len(converted.problems) == 20
    found = {p.row: (p.column, p.value) for p in converted.problems}
    assert found == {
        8: ("Recruitment channel", "TikTok"),
        10: ("Reporting country", "Europe"),
        11: ("Date registered", "unknown"),
        12: ("No. of victims", "two"),
        13: ("Female", "female 2 + male 1 > total 2"),
        15: ("Case ref", "THB/2022/0014"),  # an exact repeat of row 14, which loads
        17: ("Case ref", None),
        20: ("Date registered", "01.04.2099"),
        21: ("Exploitation (code)", "ORG"),
    }
    assert all(p.severity == "quarantine" for p in converted.problems)
    fixes = [p.fix for p in converted.problems if p.fix]
    assert fixes == [
        'add to police_export.csv.mapping.json, in "codes" > "technology": "TikTok": "CODE"',
        'add to police_export.csv.mapping.json, in "codes" > "exploitation_type": "ORG": "CODE"',
    ]


def test_the_pair_to_add_makes_the_row_load(tmp_path: Path) -> None:
    codes = {**MAPPING["codes"], "technology": {**MAPPING["codes"]["technology"], "TikTok": "social_media"},
             "exploitation_type": {**MAPPING["codes"]["exploitation_type"], "ORG": "organ_removal"}}  # fmt: skip
    converted = convert(_copy(tmp_path, {**MAPPING, "codes": codes}))
    assert {p.row for p in converted.problems} == {10, 11, 12, 13, 15, 17, 20}
    records = {r["case_id"]: r for r in converted.table.to_pylist()}
    assert records["THB/2023/0013"]["exploitation_type"] == "organ_removal"


def test_strict_refuses_a_file_with_quarantined_rows() -> None:
    with pytest.raises(InputError) as caught:
        convert(EXPORT, strict=True)
    assert caught.value.total == 9


def test_two_rows_of_one_case_that_disagree_are_both_kept_out(tmp_path: Path) -> None:
    text = EXPORT.read_text(encoding="utf-8").replace("5,3,2,1,4,Pending,,\n", "5,3,2,1,4,Convicted,,\n", 1)
    converted = convert(_copy(tmp_path, text=text))
    conflict = [p for p in converted.problems if p.value == "THB/2022/0014"]
    assert [p.row for p in conflict] == [14, 15]
    assert all("conflict" in p.expected for p in conflict)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"family": None}, '"family": "cases"'),
        ({"columns": {**MAPPING["columns"], "year": "Year"}}, "one of 'year' and 'date'"),
        ({"columns": {k: v for k, v in MAPPING["columns"].items() if k != "case_id"}}, "'case_id'"),
        ({"columns": {**MAPPING["columns"], "victim": "Victim name"}}, "may only name"),
        ({"columns": {**MAPPING["columns"], "modus_operandi": "Victim name"}}, "looks like a person's name"),
        ({"columns": {**MAPPING["columns"], "country": ["A", "B"]}}, "'country' must be a column name"),
        ({"codes": {"technology": {"Facebook": "facebook"}}}, "'facebook', not a code of technology"),
        ({"codes": {"stage_technology": {"ADV": "adult_sites"}}}, "write stage:technology"),
        ({"codes": {"channel": {}}}, "'codes' may only name"),
        ({"fixed": {"country": "Atlantis"}}, "'Atlantis' is not a country"),
        ({"separator": ""}, "'separator'"),
        ({"vintage": "29/02/2024"}, "YYYY-MM-DD"),
        ({"flags": {"recruitment_tech": {"Used Facebook": "fb"}}}, "'fb' is not a code of technology"),
        ({"synthetic": "yes"}, "'synthetic' must be true or false"),
        ({"sheet": 2}, "unknown key 'sheet'"),
    ],
)
def test_a_broken_mapping_refuses_the_file_and_says_why(tmp_path: Path, change: dict, message: str) -> None:
    mapping = {k: v for k, v in {**MAPPING, **change}.items() if v is not None}
    with pytest.raises(FileFormatError) as caught:
        convert(_copy(tmp_path, mapping))
    assert message in str(caught.value)
    assert caught.value.problem.file == "police_export.csv.mapping.json"


def test_a_mapping_of_deeply_nested_brackets_is_named(tmp_path: Path) -> None:
    path = _copy(tmp_path, None)
    (tmp_path / "police_export.csv.mapping.json").write_text("[" * 30_000, encoding="utf-8")
    report = check_file(path)
    assert report.verdict == "INVALID"
    assert "nested at most 20 levels" in report.problems[0].expected


def test_a_mapped_column_missing_from_the_file_refuses_it(tmp_path: Path) -> None:
    columns = {**MAPPING["columns"], "victims_total": "Number of victims"}
    with pytest.raises(FileFormatError) as caught:
        convert(_copy(tmp_path, {**MAPPING, "columns": columns}))
    assert caught.value.problem.value == "Number of victims"
    assert "Case ref" in caught.value.problem.expected  # what the header does hold


def test_a_personal_data_column_in_the_file_refuses_it(tmp_path: Path) -> None:
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    text = "\n".join([lines[0] + ",Victim name"] + [line + ",X" for line in lines[1:]]) + "\n"
    path = _copy(tmp_path, text=text)
    with pytest.raises(FileFormatError) as caught:
        convert(path)
    problem = caught.value.problem
    assert (problem.row, problem.column) == (1, "Victim name")
    assert "no personal data" in problem.expected and "import-cases" in problem.expected
    # import-cases writes the records without it, and says so
    out = tmp_path / "src" / "cases"
    assert main(["import-cases", str(path), "--mapping", str(tmp_path / "police_export.csv.mapping.json"),
                 "--out", str(out)]) == 0  # fmt: skip
    written = (out / "police_export.csv").read_text(encoding="utf-8")
    assert "Victim name" not in written and ",X" not in written


def _workbook(path: Path) -> Path:
    """An xlsx as a register exports it: a title above the header, dates as dates, one
    column per channel, yes/no columns for what happened, one country for the whole file."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Export"
    sheet.append(["Labour inspectorate - forced labour register", None, None])
    sheet.append(["exported 2024-05-02"])
    sheet.append([])
    sheet.append(["Register no.", "Opened", "Form", "Channel 1", "Channel 2", "Debt bondage online",
                  "Pay via app", "Persons", "Outcome"])  # fmt: skip
    sheet.append(
        ["LI-1", dt.datetime(2022, 3, 1), "forced labour", "jobs site", "Facebook", "ja", "nein", 4, None]
    )
    sheet.append(
        ["LI-2", dt.datetime(2023, 7, 9), "forced labour", "Facebook", None, "nein", "ja", 1, "pending"]
    )
    sheet.append(["LI-3", dt.datetime(2023, 8, 1), "forced labour", None, None, "vielleicht", None, 2, None])
    book.save(path)
    return path


def test_an_xlsx_with_title_rows_channel_columns_and_flags(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "register.xlsx")
    mapping = {
        "family": "cases", "source": "Labour inspectorate register (test)", "vintage": "2024-05-02",
        "columns": {"case_id": "Register no.", "date": "Opened", "exploitation_type": "Form",
                    "recruitment_tech": ["Channel 1", "Channel 2"], "victims_total": "Persons",
                    "prosecution_outcome": "Outcome"},
        "fixed": {"country": "Austria"},
        "flags": {"control_tech": {"Debt bondage online": "gig_platforms"},
                  "technology": {"Pay via app": "control:cryptocurrency"}},
        "flag_values": {"ja": True, "nein": False},
        "codes": {"exploitation_type": {"forced labour": "labour"}, "technology": {"jobs site": "job_ads",
                  "Facebook": "social_media"}},
    }  # fmt: skip
    (tmp_path / "register.xlsx.mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    converted = convert(path)
    rows = [(r["case_id"], r["country"], r["year"], r["recruitment_tech"], r["control_tech"], r["_row"],
             r["_sheet"]) for r in converted.table.to_pylist()]  # fmt: skip
    assert rows == [
        ("LI-1", "AUT", "2022", "job_ads|social_media", "gig_platforms", 5, "Export"),
        ("LI-2", "AUT", "2023", "social_media", "cryptocurrency", 6, "Export"),
    ]
    [problem] = converted.problems
    assert (problem.row, problem.column, problem.value) == (7, "Debt bondage online", "vielleicht")
    assert "yes/no" in problem.expected


def test_check_recognises_the_file_where_it_lies_and_shows_what_would_load() -> None:
    assert recognise(EXPORT) == "case_table"
    report = check_file(EXPORT)
    assert (report.family, report.layout, report.verdict) == ("cases", "case_table", "WARNINGS")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (20, 11, 9)
    assert "police_export.csv.mapping.json" in report.why
    assert list(report.preview["case_id"])[:2] == ["THB/2019/0012", "THB/2019/0031"]
    text = report.render()
    assert "columns not loaded: 'Investigating unit', 'Internal remarks'" in text
    assert "would load 11 case records of 2019-2023 with 50 victims" in text
    assert '"codes" > "technology": "TikTok": "CODE"' in text


def test_the_file_check_page_takes_the_mapping_as_an_upload() -> None:
    result = check_upload(EXPORT.name, EXPORT.read_bytes(), mapping=json.dumps(MAPPING).encode())
    assert (result.family, result.importer, result.report.rows_accepted) == ("cases", "case_table", 11)
    assert all("/" not in p.file for p in result.report.problems)


def _staged(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db.with_name("warehouse.private.duckdb")), read_only=True)
    try:
        return con.execute("select * exclude (_load_id, _row) from staging.cases order by case_id").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sidecar")
    source = folder / "src"
    _copy(source / "cases")
    db = folder / "wh" / "warehouse.duckdb"
    build_warehouse(source, db)
    return source, db


def test_a_build_loads_mapped_records_as_protected_case_records(built) -> None:
    _, db = built
    staged = _staged(db)
    assert len(staged) == 11
    assert {(r[-2], r[-1]) for r in staged} == {(SOURCE, True)}
    con = duckdb.connect(str(db), read_only=True)
    try:
        loads = con.execute(
            "select importer, source, vintage, rows_read, rows_loaded, message from meta.loads"
        ).fetchall()
        released = con.execute(
            "select protection from marts.release_info where source = ?", [SOURCE]
        ).fetchall()
        shown = con.execute("select count(*) from meta.problems where value is not null").fetchone()
        sources = con.execute(
            "select family, vintage::varchar, first_year, last_year from marts.sources"
        ).fetchall()
    finally:
        con.close()
    # the public warehouse holds the release, never the file's exact counts or cell values
    assert loads == [("case_table", SOURCE, "2024-02-29", None, None, None)]
    assert released == [("differential privacy",)]
    assert shown == (0,)
    assert sources == [("cases", "2024-02-29", 2019, 2023)]


def test_import_cases_writes_a_documented_file_that_loads_the_same_records(built, tmp_path, capsys) -> None:
    _, sidecar_db = built
    source = tmp_path / "src"
    (source / "cases").mkdir(parents=True)
    (source / "manifest.json").write_text('{"title": "Steward folder"}', encoding="utf-8")
    args = ["import-cases", str(EXPORT), "--mapping", str(FIXTURES / "police_export.csv.mapping.json"),
            "--out", str(source / "cases")]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "11 case records" in out and "20 rows: 11 mapped, 9 not written" in out
    assert '"codes" > "technology": "TikTok": "CODE"' in out
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == {"title": "Steward folder", "files": {"cases/police_export.csv": {
        "source": SOURCE, "vintage": "2024-02-29", "synthetic": True}}}  # fmt: skip
    assert main(args) == 2  # the file exists: --force replaces it
    assert main([*args, "--force"]) == 0
    db = tmp_path / "wh" / "warehouse.duckdb"
    build_warehouse(source, db)
    assert _staged(db) == _staged(sidecar_db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select importer, source, vintage from meta.loads").fetchall() == [
            (None, SOURCE, "2024-02-29")
        ]
    finally:
        con.close()


def test_import_cases_strict_writes_nothing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "cases"
    code = main(["import-cases", str(EXPORT), "--mapping", str(FIXTURES / "police_export.csv.mapping.json"),
                 "--out", str(out), "--strict"])  # fmt: skip
    assert code == 1
    assert "9 row(s) cannot be mapped" in capsys.readouterr().err
    assert not out.exists()


def test_a_failed_build_leaves_the_previous_warehouse_whole(tmp_path: Path) -> None:
    source = tmp_path / "src"
    _copy(source / "cases")
    db = tmp_path / "wh" / "warehouse.duckdb"
    build_warehouse(source, db)
    before = db.read_bytes()
    # the same case id in a second file: an error, as between documented case files
    (source / "cases" / "more.csv").write_text(
        "case_id,country,year,exploitation_type,victims_total\nTHB/2019/0012,AUT,2020,labour,1\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        build_warehouse(source, db)
    assert "a case_id used once across all case files" in str(caught.value)
    assert db.read_bytes() == before


def test_a_source_folder_check_lists_the_mapped_file(built) -> None:
    source, _ = built
    [report] = check_paths([source])
    assert (Path(report.file).name, report.layout, report.rows_accepted) == (
        "police_export.csv",
        "case_table",
        11,
    )


def test_the_core_cli_offers_import_cases_with_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etl", "import-cases", "--help"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for option in ("--mapping", "--out", "--force", "--strict"):
        assert option in result.stdout


def _leaves(data: object, path: tuple = ()) -> list[tuple]:
    if isinstance(data, dict):
        return [path] + [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [path] + [leaf for i, value in enumerate(data) for leaf in _leaves(value, (*path, i))]
    return [path]


def _replaced(data: object, path: tuple, value: object) -> object:
    if not path:
        return value
    copy = json.loads(json.dumps(data))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


TIERS = {"country": "Country", "year": "Year", "source": "S", "vintage": "2023-06-15",
         "values": {"Tier": {"indicator": "tip_tier", "kind": "categorical", "categories": {"2WL": None}}},
         "breakdowns": {}}  # fmt: skip


@pytest.mark.parametrize("odd", [None, 1, True, [], {}, ["x"], {"a": ["b"]}, "", "zz"])
@pytest.mark.parametrize(
    ("mapping", "text"), [(MAPPING, None), (TIERS, "Country,Year,Tier\nRomania,2023,2WL\n")]
)
def test_any_value_anywhere_in_a_mapping_is_a_named_problem_not_a_crash(tmp_path, mapping, text, odd) -> None:
    path = _copy(tmp_path, None, text)
    for number, leaf in enumerate(_leaves(mapping)):
        (tmp_path / f"{path.name}.mapping.json").write_text(json.dumps(_replaced(mapping, leaf, odd)))
        try:
            convert(path)
        except FileFormatError as exc:
            assert exc.problem.file == f"{path.name}.mapping.json" or exc.problem.file == path.name, number
