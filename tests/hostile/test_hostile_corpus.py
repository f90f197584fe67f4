"""The hostile-input corpus: each broken file gives its exact problem and leaves the warehouse as it was.

Decisions the corpus pins down:
- CR-only line ends, a few trailing empty fields (spreadsheets pad rows with commas) and any
  Unicode normal form of a country name (NFC, NFD, full-width) are read, not refused.
- Invisible or direction-changing characters (zero-width joiner, RTL override), stacked
  combining marks and emoji make a code or country unknown: refused, named by value.
- NUL bytes, binary files renamed .csv, rows of more than 200 fields beyond the header's
  (a million-column row), nested or binary Parquet columns and workbooks with several
  filled sheets are refused for the whole file, before DuckDB reads it.
- Text in text fields is stored as written, formula- and SQL-looking text included (the
  app's exports neutralise formulas); in a workbook any cell starting with "=" is refused,
  since a text cell and a formula cannot be told apart in read-only mode.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from command_line import run_main
from hostile_files import (
    CASE_HEADER,
    CASE_ROWS,
    FORMULA,
    GOOD_CASES,
    INJECTIONS,
    SERIES_HEADER,
    SERIES_ROW,
    Writer,
    case_grid,
    case_row,
    case_table,
    cases_bytes,
    cases_with,
    corrupt_member_xlsx,
    encrypted_zip_xlsx,
    huge_field,
    many_parts_xlsx,
    million_column_header,
    million_commas,
    ole_encrypted_xlsx,
    parquet,
    raw,
    text,
    truncated_parquet,
    truncated_xlsx,
    workbook,
    xlsx_bytes,
    zip_bomb_xlsx,
)
from tiny_source import CODEBOOK, RESPONSES_WIDE, write_source

from etl import contracts
from etl.build import build_warehouse, private_path
from etl.check import check_paths
from etl.cli import main as etl_main
from etl.problems import FileFormatError, InputError, Problem
from etl.readers import read_table

EVIL_COLUMN = 'Q1"; DROP SCHEMA marts CASCADE; --'


@dataclass(frozen=True)
class Bad:
    """A hostile file, where it goes in a source folder, and the problem it must give."""

    where: str
    write: Writer
    row: int | None
    column: str | None
    expected: str
    value: str | None = None
    #: the reader refuses the whole file with a FileFormatError
    fatal: bool = False
    #: what the check says of the whole file
    verdict: str = "INVALID"


def _wide_header(header: str) -> Writer:
    """A wide responses file whose first item column is ``header`` (the codebook names it so)."""
    return text(RESPONSES_WIDE.replace("Q1_1", header, 1))


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


CORPUS: dict[str, Bad] = {
    # -- malformed CSV --------------------------------------------------------------------------
    "csv-unterminated-quote": Bad(
        "cases/bad.csv",
        cases_with('H9,"Albania,2019,sexual,,,,,,,1,,,,,'),
        4,
        "country",
        "unterminated quote",
    ),
    "csv-stray-quote": Bad(
        "cases/bad.csv",
        cases_with(case_row(country='Alb"ania')),
        4,
        "country",
        "a country name or ISO code",
        'Alb"ania',
    ),
    "csv-row-too-long": Bad(
        "cases/bad.csv",
        cases_with(case_row() + ",extra"),
        4,
        None,
        "16 fields as in the header (Expected Number of Columns: 16 Found: 17)",
    ),
    "csv-row-too-short": Bad(
        "cases/bad.csv",
        cases_with("H9,Albania,2019"),
        4,
        None,
        "16 fields as in the header (Expected Number of Columns: 16 Found: 3)",
    ),
    "csv-million-column-row": Bad(
        "cases/bad.csv", million_commas, 4, None, "at most 216 fields in a row", "1000001 fields", fatal=True
    ),
    "csv-million-filled-columns": Bad(
        "cases/bad.csv", cases_with("H9" + ",x" * 1_000_000), 4, None, "at most 216 fields", fatal=True
    ),
    "csv-row-of-hundreds-of-fields": Bad(
        "cases/bad.csv",
        cases_with(case_row() + ",x" * 300),
        4,
        None,
        "at most 216 fields",
        "316 fields",
        fatal=True,
    ),
    "csv-million-column-header": Bad(
        "cases/bad.csv", million_column_header, 1, None, "a header row under 1 MiB", fatal=True
    ),
    "csv-3000-column-header": Bad(
        "cases/bad.csv",
        text(CASE_HEADER + ",x" * 3000 + "\n" + CASE_ROWS[0] + "\n"),
        1,
        None,
        "at most 2000 columns",
        "3016 columns",
    ),
    "csv-10mb-field": Bad("cases/bad.csv", huge_field, 4, None, "a row under 8 MiB", "10000058 bytes"),
    "csv-nul-in-row": Bad(
        "cases/bad.csv",
        cases_bytes(case_row(case_id="H\x009").encode()),
        4,
        None,
        "text without NUL bytes",
        fatal=True,
    ),
    "csv-nul-in-header": Bad(
        "cases/bad.csv",
        raw(b"case_id\x00,country\nH1,Albania\n"),
        1,
        None,
        "text without NUL bytes",
        "NUL byte at offset 7",
        fatal=True,
    ),
    "csv-only-header": Bad("cases/bad.csv", text(CASE_HEADER + "\n"), None, None, "at least one data row"),
    "csv-only-blank-lines": Bad(
        "cases/bad.csv", text("\n\r\n  \n\n"), None, None, "a header row; the file is empty", fatal=True
    ),
    "csv-cr-only-line-ends": Bad(
        "cases/bad.csv",
        cases_with(case_row(country="Atlantis"), newline="\r"),
        4,
        "country",
        "a country name or ISO code",
        "Atlantis",
    ),
    "csv-mixed-delimiters": Bad(
        "cases/bad.csv", cases_with(case_row().replace(",", ";")), 4, None, "Found: 1"
    ),
    "csv-semicolon-header-comma-rows": Bad(
        "cases/bad.csv", text(CASE_HEADER.replace(",", ";") + "\n" + CASE_ROWS[0] + "\n"), 2, None, "Found: 1"
    ),
    "csv-empty-header-cell": Bad(
        "cases/bad.csv",
        text(CASE_HEADER.replace(",country,", ",,country,") + "\n"),
        1,
        "column 2",
        "a column name (the header cell is empty)",
    ),
    "csv-repeated-column": Bad(
        "cases/bad.csv",
        text(CASE_HEADER + ",year\n" + CASE_ROWS[0] + ",2019\n"),
        1,
        "year",
        "each column name once",
    ),
    # -- wrong encodings ------------------------------------------------------------------------
    "utf16-with-bom": Bad(
        "cases/bad.csv",
        text(GOOD_CASES, "utf-16"),
        1,
        None,
        "UTF-8 text (invalid byte at offset 0)",
        fatal=True,
    ),
    "utf16-without-bom": Bad(
        "cases/bad.csv", text(GOOD_CASES, "utf-16-le"), 1, None, "text without NUL bytes", fatal=True
    ),
    "cp1252": Bad(
        "cases/bad.csv",
        cases_bytes(case_row(country="Türkiye").encode("cp1252")),
        None,
        None,
        "the file was read as Windows-1252",
        "Windows-1252",
        verdict="WARNINGS",
    ),
    "shift-jis": Bad(
        "cases/bad.csv",
        cases_bytes(case_row(case_id="東京").encode("shift_jis")),
        4,
        "case_id",
        "UTF-8 text; re-save the file as UTF-8",
    ),
    "invalid-utf8-mid-file": Bad(
        "cases/bad.csv",
        cases_bytes(case_row(country="Alb\udcc3\x81nia").encode("utf-8", "surrogateescape")),
        4,
        "country",
        "UTF-8 text; re-save the file as UTF-8",
    ),
    "cp1252-header": Bad(
        "cases/bad.csv",
        raw(("Fäll," + CASE_HEADER + "\n").encode("cp1252")),
        1,
        "Fäll",
        "one of the documented columns",
    ),
    # -- workbooks ------------------------------------------------------------------------------
    "xlsx-merged-cells": Bad(
        "cases/bad.xlsx",
        workbook(("cases", case_grid(["H9", "Albania", 2019, "sexual", *[None] * 6, 1])), merge="B3:B4"),
        4,
        "country",
        "a value (the cell is empty)",
    ),
    "xlsx-formula": Bad(
        "cases/bad.xlsx",
        workbook(("cases", case_grid()), formulas={"K3": "=1+1"}),
        3,
        "victims_total",
        "a value, not a formula",
        "=1+1",
    ),
    "xlsx-formula-command": Bad(
        "cases/bad.xlsx",
        workbook(("cases", case_grid()), formulas={"A3": FORMULA}),
        3,
        "case_id",
        "a value, not a formula",
        FORMULA,
    ),
    "xlsx-several-sheets": Bad(
        "cases/bad.xlsx",
        workbook(("cases", case_grid()), ("more", case_grid())),
        None,
        None,
        "one sheet with data",
        "'cases', 'more'",
        fatal=True,
    ),
    "xlsx-no-header": Bad(
        "cases/bad.xlsx", workbook(("empty", [])), None, None, "a sheet with a header row", fatal=True
    ),
    "xlsx-date-as-year": Bad(
        "cases/bad.xlsx",
        workbook(("cases", case_grid(["H9", "Albania", dt.date(2019, 1, 1), "sexual", *[None] * 6, 1]))),
        4,
        "year",
        "a whole number",
        "2019-01-01",
    ),
    "xlsx-truncated": Bad(
        "cases/bad.xlsx",
        truncated_xlsx,
        None,
        None,
        "a valid .xlsx workbook",
        "not a zip archive",
        fatal=True,
    ),
    "xlsx-corrupt-part": Bad(
        "cases/bad.xlsx", corrupt_member_xlsx, None, None, "a valid .xlsx workbook", fatal=True
    ),
    "xlsx-password-zip": Bad(
        "cases/bad.xlsx", encrypted_zip_xlsx, None, None, "a valid .xlsx workbook", fatal=True
    ),
    "xlsx-password-ole": Bad(
        "cases/bad.xlsx",
        ole_encrypted_xlsx,
        None,
        None,
        "a valid .xlsx workbook",
        "not a zip archive",
        fatal=True,
    ),
    "xlsx-zip-bomb": Bad(
        "cases/bad.xlsx", zip_bomb_xlsx, None, None, "this looks like a zip bomb", fatal=True
    ),
    "xlsx-10001-parts": Bad(
        "cases/bad.xlsx", many_parts_xlsx, None, None, "this looks like a zip bomb", fatal=True
    ),
    "csv-renamed-xlsx": Bad(
        "cases/bad.xlsx",
        text(GOOD_CASES),
        None,
        None,
        "a valid .xlsx workbook",
        "not a zip archive",
        fatal=True,
    ),
    "xlsx-renamed-csv": Bad(
        "cases/bad.csv",
        raw(xlsx_bytes()),
        None,
        None,
        "a CSV text file",
        "a zip archive (an .xlsx workbook?)",
        fatal=True,
    ),
    # -- odd Unicode ----------------------------------------------------------------------------
    "rtl-override-country": Bad(
        "cases/bad.csv",
        cases_with(case_row(country="\u202eainablA")),
        4,
        "country",
        "a country name or ISO code",
        "\u202eainablA",
    ),
    "zero-width-joiner-code": Bad(
        "cases/bad.csv",
        cases_with(case_row(exploitation_type="sex\u200dual")),
        4,
        "exploitation_type",
        "vocabulary 'exploitation_type'",
        "sex\u200dual",
    ),
    "zero-width-space-country": Bad(
        "cases/bad.csv",
        cases_with(case_row(country="Alb\u200bania")),
        4,
        "country",
        "a country name or ISO code",
        "Alb\u200bania",
    ),
    "combining-marks-500": Bad(
        "cases/bad.csv",
        cases_with(case_row(country="A" + "\u0301" * 500)),
        4,
        "country",
        "a country name or ISO code",
        "A" + "\u0301" * 500,
    ),
    "emoji-in-code-list": Bad(
        "cases/bad.csv",
        cases_with(case_row(recruitment_tech="social_media|📱")),
        4,
        "recruitment_tech",
        "unknown: '📱'",
        "social_media|📱",
    ),
    # -- Parquet --------------------------------------------------------------------------------
    "parquet-text-year": Bad(
        "cases/bad.parquet",
        parquet(case_table(year=pa.array(["2019", "twenty"]))),
        3,
        "year",
        "a whole number",
        "twenty",
    ),
    "parquet-fractional-year": Bad(
        "cases/bad.parquet",
        parquet(case_table(year=pa.array([2019.5, 2020.0]))),
        2,
        "year",
        "a whole number",
        "2019.5",
    ),
    "parquet-boolean-count": Bad(
        "cases/bad.parquet",
        parquet(case_table(victims_total=pa.array([True, True]))),
        2,
        "victims_total",
        "a whole number",
        "True",
    ),
    "parquet-struct-column": Bad(
        "cases/bad.parquet",
        parquet(case_table(country=pa.array([{"name": "Albania"}, {"name": "Serbia"}]))),
        1,
        "country",
        "a column of plain values",
        "struct<name: string>",
        fatal=True,
    ),
    "parquet-list-column": Bad(
        "cases/bad.parquet",
        parquet(case_table(recruitment_tech=pa.array([["social_media"], ["job_ads"]]))),
        1,
        "recruitment_tech",
        "a column of plain values",
        "list<element: string>",
        fatal=True,
    ),
    "parquet-binary-column": Bad(
        "cases/bad.parquet",
        parquet(case_table(case_id=pa.array([b"\xff\xfe", b"H2"]))),
        1,
        "case_id",
        "a column of plain values",
        "binary",
        fatal=True,
    ),
    "parquet-truncated": Bad(
        "cases/bad.parquet", truncated_parquet, None, None, "a valid Parquet file", fatal=True
    ),
    "parquet-no-rows": Bad(
        "cases/bad.parquet", parquet(case_table().slice(0, 0)), None, None, "at least one data row"
    ),
    "text-renamed-parquet": Bad(
        "cases/bad.parquet", text(GOOD_CASES), None, None, "a valid Parquet file", fatal=True
    ),
    # -- SQL text where codes or names are expected -----------------------------------------------
    "injection-country": Bad(
        "cases/bad.csv",
        cases_with(case_row(country=INJECTIONS[0])),
        4,
        "country",
        "a country name or ISO code",
        INJECTIONS[0],
    ),
    "injection-exploitation-type": Bad(
        "cases/bad.csv",
        cases_with(case_row(exploitation_type=_quoted(INJECTIONS[1]))),
        4,
        "exploitation_type",
        "vocabulary 'exploitation_type'",
        INJECTIONS[1],
    ),
    "injection-code-list": Bad(
        "cases/bad.csv",
        cases_with(case_row(modus_operandi="lover_boy|" + INJECTIONS[2])),
        4,
        "modus_operandi",
        "unknown: ",
        "lover_boy|" + INJECTIONS[2],
    ),
    "injection-year": Bad(
        "cases/bad.csv",
        cases_with(case_row(year="2019; DROP TABLE marts.series")),
        4,
        "year",
        "a whole number",
        "2019; DROP TABLE marts.series",
    ),
    "injection-header": Bad(
        "cases/bad.csv",
        text(CASE_HEADER.replace("year", 'year"" ; DROP TABLE x; --"') + "\n" + CASE_ROWS[0] + "\n"),
        1,
        'year"" ; DROP TABLE x; --"',
        "a column name without double quotes",
    ),
    "injection-series-indicator": Bad(
        "series/bad.csv",
        text(SERIES_HEADER + "\n" + SERIES_ROW.replace("detected_victims", _quoted(INJECTIONS[0])) + "\n"),
        2,
        "indicator",
        "vocabulary 'indicator'",
        INJECTIONS[0],
    ),
    "injection-wide-column": Bad(
        "survey/w1/responses.csv",
        _wide_header(_quoted(EVIL_COLUMN)),
        1,
        EVIL_COLUMN,
        "a column name without double quotes",
    ),
}


def _hostile_root(root: Path) -> Path:
    """An empty source folder of the synthetic source "Hostile"."""
    root.mkdir(parents=True)
    (root / "manifest.json").write_text('{"synthetic": true, "source": "Hostile"}', encoding="utf-8")
    return root


def _bad_source(root: Path, bad: Bad) -> Path:
    """A source folder holding the hostile file; survey files replace one file of a valid wave."""
    if bad.where.startswith("survey/"):
        source = write_source(
            root,
            **{"survey__w1__codebook.csv": CODEBOOK.replace(",Q1_1\n", "," + _quoted(EVIL_COLUMN) + "\n")},
        )
        shutil.rmtree(source / "cases")
        shutil.rmtree(source / "series")
    else:
        source = _hostile_root(root)
    path = source / bad.where
    path.parent.mkdir(parents=True, exist_ok=True)
    bad.write(path)
    return source


def _matches(problem: Problem, bad: Bad) -> bool:
    return (
        Path(problem.file).name == Path(bad.where).name
        and problem.row == bad.row
        and problem.column == bad.column
        and bad.expected in problem.expected
        and (bad.value is None or problem.value == bad.value)
    )


def test_the_corpus_holds_at_least_40_files() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_file_is_named_by_the_check(name: str, tmp_path: Path) -> None:
    """The checker (about 0.2 s a file) names each problem exactly as the build would."""
    bad = CORPUS[name]
    source = _bad_source(tmp_path / "source", bad)
    where = source / bad.where
    reports = check_paths([where.parent if bad.where.startswith("survey/") else where])
    problems = [p for report in reports for p in report.problems]
    assert any(_matches(p, bad) for p in problems), "\n".join(p.describe() for p in problems)
    assert {r.verdict for r in reports} == {bad.verdict}


#: One hostile file per failure class: the build refuses it and the warehouse stays byte-identical.
FAILURE_CLASSES = {
    "unreadable file": "csv-nul-in-row",
    "malformed row": "csv-unterminated-quote",
    "bad header": "injection-header",
    "bad value": "cp1252-header",
    "unsafe workbook": "xlsx-zip-bomb",
    "parquet column type": "parquet-struct-column",
    "survey wave": "injection-wide-column",
}


@pytest.mark.parametrize("name", sorted(FAILURE_CLASSES.values()))
def test_a_refused_build_changes_nothing(name: str, tmp_path: Path, warehouse: Path) -> None:
    bad = CORPUS[name]
    before = warehouse.read_bytes()
    source = _bad_source(tmp_path / "source", bad)
    with pytest.raises(InputError) as caught:
        build_warehouse(source, warehouse)
    problems = caught.value.problems
    assert any(_matches(p, bad) for p in problems), "\n".join(p.describe() for p in problems)
    assert warehouse.read_bytes() == before
    assert sorted(p.name for p in warehouse.parent.iterdir()) == [warehouse.name]  # no leftover


@pytest.mark.parametrize("name", sorted(n for n, bad in CORPUS.items() if bad.fatal))
def test_unreadable_file_raises_file_format_error(name: str, tmp_path: Path) -> None:
    bad = CORPUS[name]
    path = tmp_path / Path(bad.where).name
    bad.write(path)
    con = duckdb.connect(":memory:")
    try:
        con.execute("CREATE SCHEMA raw")
        with pytest.raises(FileFormatError) as caught:
            read_table(con, path, "raw.cases_0001", contracts.CASES)
    finally:
        con.close()
    assert _matches(caught.value.problem, bad), caught.value.problem
    assert bad.expected in str(caught.value)
    assert str(path) in str(caught.value)


# -- oddities that are read, not refused --------------------------------------------------------

#: Files the build must read, not refuse: each a good case file with one odd row, and the
#: country that row must resolve to.
ODDITIES = {
    "nfd-country": (cases_with(case_row(country="Tu\u0308rkiye")), "TUR"),  # u + combining diaeresis
    "nfc-country": (cases_with(case_row(country="T\u00fcrkiye")), "TUR"),
    "full-width-iso3": (cases_with(case_row(country="\uff2d\uff24\uff21")), "MDA"),  # full-width "MDA"
    "cr-only-line-ends": (cases_with(case_row(country="Serbia"), newline="\r"), "SRB"),
    "trailing-empty-fields": (cases_with(case_row(country="Serbia") + ",,,,"), "SRB"),
}


def _one_source(root: Path, files: dict[str, Writer]) -> Path:
    """A source folder holding several case files; each file's case ids get its own prefix (a
    build refuses an id used twice), so that one build reads them all."""
    (_hostile_root(root) / "cases").mkdir()
    for number, (name, write) in enumerate(files.items()):
        path = root / "cases" / name
        write(path)
        content = path.read_bytes()
        for case_id in (b"H1,", b"H2,", b"H9,"):
            content = content.replace(case_id, case_id[:-1] + b"-%d," % number)
        path.write_bytes(content)
    return root


@pytest.fixture(scope="module")
def oddities_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of every oddity file (one build per test took a second each)."""
    root = tmp_path_factory.mktemp("oddities")
    db = root / "w.duckdb"
    build_warehouse(_one_source(root / "source", {f"{n}.csv": w for n, (w, _) in ODDITIES.items()}), db)
    return private_path(db)


@pytest.mark.parametrize("name", sorted(ODDITIES))
def test_harmless_oddities_load(name: str, oddities_build: Path) -> None:
    con = duckdb.connect(str(oddities_build), read_only=True)
    try:
        rows = con.execute(
            "SELECT s.case_id, s.country_iso3 FROM staging.cases s "
            "JOIN meta.loads l ON l.load_id = s._load_id WHERE l.file = ? ORDER BY s._row",
            [f"cases/{name}.csv"],
        ).fetchall()
    finally:
        con.close()
    # the two good rows, then the odd one, resolved to its country
    assert [case_id[:2] for case_id, _ in rows] == ["H1", "H2", "H9"]
    assert rows[-1][1] == ODDITIES[name][1]


HOSTILE_FILE_NAMES = [INJECTIONS[0] + ".csv", 'it"s; DROP TABLE marts.series; --.csv', "\u202ecsv.exe.csv"]


@pytest.fixture(scope="module")
def hostile_names_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names")
    db = root / "w.duckdb"
    build_warehouse(_one_source(root / "source", dict.fromkeys(HOSTILE_FILE_NAMES, cases_with())), db)
    return db


@pytest.mark.parametrize("name", HOSTILE_FILE_NAMES)
def test_hostile_file_names_are_only_names(name: str, hostile_names_build: Path) -> None:
    con = duckdb.connect(str(hostile_names_build), read_only=True)
    try:
        files = [f for (f,) in con.execute("SELECT file FROM meta.loads WHERE family = 'cases'").fetchall()]
        assert f"cases/{name}" in files
        assert sorted(files) == sorted(f"cases/{n}" for n in HOSTILE_FILE_NAMES)
        assert con.execute("SELECT count(*) FROM marts.series").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM marts.countries").fetchone()[0] > 200
    finally:
        con.close()


# -- hostile text in text fields: stored as text, never run --------------------------------------


def _text_source(root: Path, values: list[str]) -> Path:
    """The tiny source with ``values`` in every free-text field that reaches the warehouse."""
    label, fieldwork, wave_source, question, organisation, series_source, case_id = (
        _quoted(v) for v in (values * 8)[:7]
    )
    source = write_source(
        root,
        **{
            "survey__w1__wave.csv": "wave_id,year,label,is_synthetic,fieldwork,source\n"
            f"w1,2021,{label},true,{fieldwork},{wave_source}\n",
            "survey__w1__codebook.csv": CODEBOOK.replace("Severity: data volume", question),
            "survey__w1__respondents.csv": "respondent_id,respondent_type,country,organisation\n"
            f"S-ALB,state,Albania,\nS-MDA,state,Republic of Moldova,\nS-GBR,state,UK,\nN01,ngo,Serbia,{organisation}\n",
            "series__series.csv": SERIES_HEADER
            + "\n"
            + SERIES_ROW.replace("Test source", series_source)
            + "\n",
            "cases__cases.csv": GOOD_CASES + case_row(case_id=case_id) + "\n",
        },
    )
    manifest = {"synthetic": True, "source": (values * 8)[7]}
    (source / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return source


def _schema(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema IN ('marts', 'meta') ORDER BY ALL"
    ).fetchall()


@pytest.mark.parametrize(
    "values",
    [[FORMULA], list(INJECTIONS), ["@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3"]],
    ids=["formula", "sql-injection", "formula-prefixes"],
)
def test_hostile_text_is_stored_verbatim_and_never_run(
    values: list[str], tmp_path: Path, good_warehouse: Path
) -> None:
    db = tmp_path / "w.duckdb"
    build_warehouse(_text_source(tmp_path / "source", values), db)
    good = duckdb.connect(str(good_warehouse), read_only=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert _schema(con) == _schema(good)
        assert (
            con.execute("SELECT count(*) FROM marts.countries").fetchone()
            == good.execute("SELECT count(*) FROM marts.countries").fetchone()
        )
        assert con.execute("SELECT count(*) FROM meta.build_info").fetchone() == (1,)
        stored = {
            v
            for (v,) in con.execute(
                "SELECT label FROM marts.waves UNION ALL SELECT fieldwork FROM marts.waves "
                "UNION ALL SELECT source FROM marts.waves UNION ALL SELECT source FROM marts.series "
                "UNION ALL SELECT source FROM marts.sources"
            ).fetchall()
        }
        assert set(values) <= stored
    finally:
        con.close()
        good.close()


# -- the command line names file, row and column --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "row", "column"),
    [
        ("invalid-utf8-mid-file", 4, "country"),
        ("csv-unterminated-quote", 4, "country"),
        ("xlsx-formula", 3, "victims_total"),
        ("parquet-text-year", 3, "year"),
        ("emoji-in-code-list", 4, "recruitment_tech"),
    ],
)
def test_cli_check_names_file_row_and_column(name: str, row: int, column: str, tmp_path: Path) -> None:
    bad = CORPUS[name]
    path = tmp_path / "cases" / Path(bad.where).name
    path.parent.mkdir()
    bad.write(path)
    done = run_main(etl_main, "check", str(path))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stdout.splitlines() if f"row {row}, column {column!r}" in line]
    assert lines and all(str(path) in line for line in lines), done.stdout
    assert bad.expected in lines[0]
