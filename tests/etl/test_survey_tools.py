"""Waves read from a survey tool's own files: KoboToolbox/ODK, LimeSurvey, EUSurvey, Qualtrics."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from command_line import run_main
from survey_fixtures import (
    EUSURVEY,
    LIME_CSV,
    LIME_TSV,
    LSS_BOMB,
    QUALTRICS_NEW,
    QUALTRICS_OLD,
    ROLES,
    kobo_repeat_export,
    kobo_wave,
    qualtrics_files,
    write_xlsx,
)
from tiny_source import write_source

from etl import survey_tools
from etl.build import build_warehouse
from etl.cli import main as etl_main
from etl.problems import FileFormatError, InputError
from etl.survey_tools import ImportedWave, eusurvey, kobo, limesurvey, qualtrics
from tests.importers.shared_external import external

ROOT = Path(__file__).resolve().parents[2]
NGO = "question,role,code\n*,respondent_type,ngo\n"


def answers_of(wave, question: str) -> dict[tuple[str, str], str]:
    return {
        (a["respondent_id"], a["item"]): a["answer"] for a in wave.answers if a["question_id"] == question
    }


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


# -- KoboToolbox / ODK ---------------------------------------------------------------------


@pytest.fixture
def kobo_import(tmp_path: Path) -> survey_tools.ImportedWave:
    return survey_tools.import_wave(kobo_wave(tmp_path / "w25"))


def test_kobo_folder_is_recognised(tmp_path: Path) -> None:
    assert survey_tools.detect(kobo_wave(tmp_path / "w25")) == kobo.TOOL
    assert survey_tools.detect(write_source(tmp_path / "src") / "survey" / "w1") is None


def test_kobo_every_closed_answer_is_loaded_or_skipped_for_a_reason(kobo_import) -> None:
    # country 4, S03 4 + 3, S08 3 (one blank), S09 3, staff 3: 20 closed answers in the export
    assert kobo_import.answers_in_file == 20
    assert kobo_import.answers_loaded == 18
    assert dict(kobo_import.skipped) == {
        "an answer code of the question's choice list": 1,
        "a number": 1,
    }
    found = {(p.row, p.column, p.value) for p in kobo_import.problems}
    assert {(4, "S03/S03_encryption", "9"), (3, "staff", "x")} == found
    assert all(p.severity == "quarantine" and p.file.endswith("export.csv") for p in kobo_import.problems)


def test_kobo_codebook_types_items_from_the_form(kobo_import) -> None:
    book = {(r["question_id"], r["item"]): r for r in kobo_import.codebook}
    severity = book[("S03", "encryption")]
    assert (severity["answer_type"], severity["scale_min"], severity["scale_max"]) == ("rating", 1, 5)
    assert (severity["dont_know"], severity["prefer_not"], severity["measure"]) == ("dnk", "pnta", "severity")
    assert severity["item_text"] == "Data encryption"
    assert book[("S08", "osint")]["answer_type"] == "yes_no"
    assert ("S08", "dnk") not in book  # a "don't know" choice is no item
    assert book[("S09", "value")]["answer_type"] == "yes_no"
    assert book[("staff", "value")]["answer_type"] == "number"
    assert ("comments", "value") not in book and ("phone_owner", "value") not in book
    assert kobo_import.unmapped == ["country/value", "S08/dnk"][:1] + [
        "S09/value",
        "staff/value",
        "online/value",
    ]


def test_kobo_select_multiple_blank_never_becomes_no(kobo_import) -> None:
    by_row = answers_of(kobo_import, "S08")
    ids = {r["_row"]: r["respondent_id"] for r in kobo_import.respondents}
    assert by_row[(ids[2], "osint")] == "yes" and by_row[(ids[2], "cyber_patrols")] == "no"
    assert not [k for k in by_row if k[0] == ids[3]]  # blank combined cell, 0/1 columns all 0
    assert by_row[(ids[5], "osint")] == by_row[(ids[5], "cyber_patrols")] == "dnk"


def test_kobo_open_and_personal_columns_are_not_loaded(kobo_import) -> None:
    assert not {a["question_id"] for a in kobo_import.answers} & {"comments", "phone_owner", "start"}
    # "comments" and "phone_owner" are on the deny-list of personal data
    assert kobo_import.columns["personal-data columns (not loaded)"] == 2
    assert kobo_import.columns["select-multiple 0/1 columns read with their combined column"] == 3


def test_kobo_labels_in_every_language(kobo_import) -> None:
    labels = {(v, c, lang): text for v, c, lang, text in kobo_import.labels}
    assert labels[("survey_question", "w25/S03", "fr")] == "Quelle est la gravité de chaque difficulté ?"
    assert labels[("survey_item", "w25/S03/encryption", "en")] == "Data encryption"
    assert labels[("survey_choice", "w25/S03/dnk", "fr")] == "Ne sait pas"


def test_kobo_label_headers_repeat_sheet_and_parent_link(tmp_path: Path) -> None:
    folder = kobo_wave(tmp_path / "w25")
    (folder / "export.csv").unlink()
    kobo_repeat_export(folder / "export.xlsx")
    wave = survey_tools.import_wave(folder)
    assert answers_of(wave, "S03")[("u-1", "encryption")] == "5"
    assert answers_of(wave, "S03")[("u-2", "encryption")] == "dnk"
    assert answers_of(wave, "S09") == {("u-1", "value"): "yes", ("u-2", "value"): "no"}  # "Non" is French
    assert answers_of(wave, "S08")[("u-1", "osint")] == "yes"
    online = answers_of(wave, "online")
    assert online == {("u-1/cases/1", "value"): "yes", ("u-1/cases/2", "value"): "no"}
    assert {r["parent_id"] for r in wave.respondents if "/" in r["respondent_id"]} == {"u-1", "u-2"}
    assert dict(wave.skipped) == {
        "an answer code of the question's choice list": 1,
        "a repeat row whose parent record is loaded": 1,
    }
    assert wave.answers_in_file == wave.answers_loaded + 2


def test_kobo_build_feeds_the_marts_and_the_diff(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src")
    kobo_wave(source / "survey" / "w25")
    db = tmp_path / "w.duckdb"
    build_warehouse(source, db)
    summary = query(
        db,
        "select challenge, round(mean_score, 2), n_countries, n_dont_know, n_prefer_not, n_blank "
        "from marts.challenge_severity_summary where wave_id = 'w25' order by 1",
    )
    assert summary == [("data_volume", 50.0, 1, 1, 1, 1), ("encryption", 66.67, 3, 0, 0, 1)]
    assert query(
        db,
        "select country_iso3, in_use from marts.strategies where wave_id = 'w25' "
        "and strategy = 'osint' order by 1",
    ) == [("ALB", True), ("GBR", True)]
    assert query(db, "select n_states from marts.waves where wave_id = 'w25'") == [(4,)]
    assert query(
        db,
        "select value_code from marts.answers where wave_id = 'w25' and item = 'data_volume' "
        "order by 1 nulls last",
    ) == [("dont_know",), ("prefer_not_to_answer",), (None,)]
    assert query(
        db,
        "select label from marts.labels where vocabulary = 'survey_item' "
        "and code = 'w25/S03/encryption' and lang = 'fr'",
    ) == [("Chiffrement des données",)]
    diff = query(
        db,
        "select from_question_id, to_question_id, status, comparable, reason from marts.questionnaire_diff "
        "where from_wave = 'w1' and to_wave = 'w25' and code = 'encryption' and measure = 'severity'",
    )
    assert diff == [("S1", "S03", "changed", False, "question reworded")]
    importers = query(
        db, "select distinct importer from meta.loads where wave_id = 'w25' and family <> 'survey_wave'"
    )
    assert importers == [(kobo.TOOL,)]


def test_roles_errors_refuse_the_build_and_keep_the_warehouse(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src")
    db = tmp_path / "w.duckdb"
    build_warehouse(source, db)
    before = db.read_bytes()
    kobo_wave(
        source / "survey" / "w25", roles=ROLES.replace("investigation,data_volume", "investigation,weather")
    )
    with pytest.raises(InputError) as caught:
        build_warehouse(source, db)
    problems = [p for p in caught.value.problems if p.file.endswith("roles.csv")]
    assert [(p.row, p.column, p.value) for p in problems] == [(5, "code", "weather")]
    assert db.read_bytes() == before


def test_a_wave_must_say_who_answered(tmp_path: Path) -> None:
    wave = survey_tools.import_wave(kobo_wave(tmp_path / "w25", roles=None))
    assert [p.expected for p in wave.problems if p.severity == "error"][0].startswith(
        "a row saying who answered"
    )


def test_check_and_import_survey_commands(tmp_path: Path) -> None:
    folder = kobo_wave(tmp_path / "survey" / "w25")
    (tmp_path / "survey" / "w21").mkdir()
    write_source(tmp_path / "other")
    for name in ("wave.csv", "codebook.csv", "respondents.csv", "responses.csv"):
        (tmp_path / "survey" / "w21" / name).write_bytes((tmp_path / "other/survey/w1" / name).read_bytes())
    (tmp_path / "survey/w21/wave.csv").write_text(
        "wave_id,year,label,is_synthetic\nw21,2021,Baseline,true\n", encoding="utf-8"
    )
    done = run_main(etl_main, "check", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "closed answers in the export: 20 = loaded 18 + skipped 2" in done.stdout
    assert "questionnaire diff w21 -> w25" in done.stdout
    assert (
        "not comparable: S03/encryption [severity investigation encryption]: question reworded" in done.stdout
    )
    out = tmp_path / "converted"
    done = run_main(etl_main, "import-survey", str(folder), "--out", str(out), "--wave", "w25")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "codebook.csv",
        "labels.csv",
        "respondents.csv",
        "responses.csv",
        "wave.csv",
    ]
    assert len((out / "responses.csv").read_text(encoding="utf-8").splitlines()) == 1 + 21


# -- LimeSurvey ----------------------------------------------------------------------------


def test_limesurvey_tsv_structure_and_question_code_export(tmp_path: Path) -> None:
    (tmp_path / "survey.txt").write_text(LIME_TSV, encoding="utf-8")
    (tmp_path / "responses.csv").write_text(LIME_CSV, encoding="utf-8")
    (tmp_path / "roles.csv").write_text(NGO, encoding="utf-8")
    assert survey_tools.detect(tmp_path) == limesurvey.TOOL
    wave = survey_tools.import_wave(tmp_path, "l1")
    book = {(r["question_id"], r["item"]): r for r in wave.codebook}
    assert (book[("SEV", "enc")]["answer_type"], book[("SEV", "enc")]["prefer_not"]) == ("rating", "9")
    assert book[("TECH", "sm")]["answer_type"] == "yes_no"
    assert (wave.answers_in_file, wave.answers_loaded, dict(wave.skipped)) == (
        7,
        6,
        {"an answer code of the question's choice list": 1},
    )
    tech = answers_of(wave, "TECH")
    assert tech == {("1", "sm"): "yes", ("1", "dw"): "no", ("3", "sm"): "yes", ("3", "dw"): "yes"}
    assert ("survey_question", "l1/SEV", "fr", "Quelle gravité ?") in wave.labels


def test_limesurvey_lss_is_parsed_without_entity_expansion(tmp_path: Path) -> None:
    (tmp_path / "bomb.lss").write_text(LSS_BOMB, encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        limesurvey.read_form(tmp_path / "bomb.lss")
    assert "LimeSurvey .lss" in caught.value.problem.expected


# -- EUSurvey ------------------------------------------------------------------------------


def test_eusurvey_export_reads_ids_assigned_values_and_ratings(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "results.xlsx", {"Content": EUSURVEY})
    (tmp_path / "roles.csv").write_text(NGO, encoding="utf-8")
    assert survey_tools.detect(tmp_path) == eusurvey.TOOL
    wave = survey_tools.import_wave(tmp_path, "e1")
    book = {(r["question_id"], r["item"]): r for r in wave.codebook}
    assert book[("P3", "value")]["choices"] == "P3_1|P3_2"
    assert (book[("ID9", "value")]["answer_type"], book[("ID9", "value")]["scale_max"]) == ("rating", 10)
    assert book[("P4", "ID2")]["answer_type"] == "yes_no"
    assert ("P6", "value") not in book  # open answers are not loaded
    assert answers_of(wave, "P4") == {
        ("r5", "ID1"): "yes",
        ("r5", "ID2"): "yes",
        ("r6", "ID1"): "yes",
        ("r6", "ID2"): "no",
    }
    assert (wave.answers_in_file, wave.answers_loaded) == (8, 7)  # "11/10" is off the scale
    assert str(path).endswith("results.xlsx")


# -- Qualtrics -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "export", [QUALTRICS_NEW, QUALTRICS_OLD], ids=["three-header-rows", "two-header-rows"]
)
def test_qualtrics_qsf_with_its_csv(tmp_path: Path, export: str) -> None:
    qsf, csv_path = qualtrics_files(tmp_path, export)
    wave = survey_tools.import_files(qualtrics.TOOL, qsf, [csv_path], None, "q1")
    assert wave.problems and wave.problems[0].severity == "error"  # no roles: who answered is unknown
    (tmp_path / "roles.csv").write_text(NGO, encoding="utf-8")
    wave = survey_tools.import_wave(tmp_path, "q1")
    book = {(r["question_id"], r["item"]): r for r in wave.codebook}
    assert (book[("Q3", "1")]["answer_type"], book[("Q3", "1")]["scale_max"]) == ("rating", 3)
    assert book[("Q1", "value")]["choices"] == "1|2"
    assert answers_of(wave, "Q2")[("R_1", "1")] == "yes" and answers_of(wave, "Q2")[("R_1", "2")] == "no"
    assert ("Q4", "value") not in book
    if export is QUALTRICS_NEW:
        assert (wave.answers_in_file, wave.answers_loaded) == (9, 8)
        assert answers_of(wave, "Q1")[("R_3", "value")] == "2"  # a choice text export gives the label
        assert not [k for k in answers_of(wave, "Q2") if k[0] == "R_2"]
    else:
        assert (wave.answers_in_file, wave.answers_loaded) == (4, 4)


# -- the real files in ../shared/external/surveys ------------------------------------------

REAL = {
    # name: (tool, form, exports, questions, closed questions, items, answers in file, records)
    "kobo-reach": (
        kobo.TOOL,
        "kobo/humind_msna2024/REACH_2024_MSNA-kobo-tool_draft_v11.xlsx",
        ["kobo/humind_msna2024/dummy_raw_data.xlsx"],
        271,
        168,
        328,
        41_519,
        241,
    ),
    "kobo-sample": (
        kobo.TOOL,
        "kobo/kobocruncher/sample_xlsform.xlsx",
        ["kobo/kobocruncher/data.xlsx"],
        10,
        6,
        13,
        44,
        5,
    ),
    "kobo-likert": (
        kobo.TOOL,
        "kobo/kobocruncher/form_likert.xlsx",
        ["kobo/kobocruncher/data_likert.xlsx"],
        6,
        3,
        18,
        2_160,
        120,
    ),
    "limesurvey": (
        limesurvey.TOOL,
        "limesurvey/uhde_742636/limesurvey_survey_742636.lss",
        ["limesurvey/uhde_742636/raw_data_anonymized.csv"],
        20,
        8,
        22,
        6_194,
        296,
    ),
    "eusurvey": (
        eusurvey.TOOL,
        None,
        ["eusurvey/everse/Content_Export_EVERSElandscaping_Survey_results_16-10-2024_nopersonal.xls"],
        227,
        117,
        170,
        2_231,
        28,
    ),
    "qualtrics": (
        qualtrics.TOOL,
        "qualtrics/qualtricstools/Sample_Survey.qsf",
        ["qualtrics/qualtricstools/Sample_Survey.csv"],
        34,
        33,
        65,
        94,
        5,
    ),
}


@pytest.fixture(scope="module")
def surveys() -> Path:
    return external("surveys", folder=True)


@pytest.fixture(scope="module")
def real_wave(surveys: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], ImportedWave]:
    """``real_wave(name)``: a real export of :data:`REAL` imported (once per module)."""
    roles = tmp_path_factory.mktemp("roles") / "roles.csv"
    roles.write_text(NGO, encoding="utf-8")
    waves: dict[str, ImportedWave] = {}

    def imported(name: str) -> ImportedWave:
        if name not in waves:
            tool, form, data, *_ = REAL[name]
            waves[name] = survey_tools.import_files(
                tool, surveys / form if form else None, [surveys / d for d in data], roles, "x"
            )
        return waves[name]

    return imported


@pytest.mark.parametrize("name", list(REAL))
def test_real_export_counts_add_up(real_wave: Callable[[str], ImportedWave], name: str) -> None:
    _tool, _form, _data, questions, closed, items, in_file, records = REAL[name]
    wave = real_wave(name)
    assert (wave.questions, wave.closed_questions, len(wave.codebook)) == (questions, closed, items)
    assert wave.records["records"] == records
    assert wave.answers_in_file == in_file == wave.answers_loaded + sum(wave.skipped.values())
    assert not [p for p in wave.problems if p.severity == "error"]
    assert len({(a["respondent_id"], a["question_id"], a["item"]) for a in wave.answers}) == len(wave.answers)


def test_real_kobo_reach_keeps_dont_know_refusal_french_and_repeats(
    real_wave: Callable[[str], ImportedWave],
) -> None:
    wave = real_wave("kobo-reach")
    codes = {a["answer"] for a in wave.answers}
    assert {"dnk", "pnta"} <= codes
    assert {"en", "fr"} <= {lang for _, _, lang, _ in wave.labels}
    assert {k for k in wave.records} == {
        "records",
        "roster rows",
        "edu_ind rows",
        "health_ind rows",
        "nut_ind rows",
    }
    assert sum(r["parent_id"] is not None for r in wave.respondents) == 4 * 965
    # etc_access_to_phone (and its 0/1 columns), instance_name, parent_instance_name
    assert wave.columns["personal-data columns (not loaded)"] == 9


def test_real_limesurvey_feeds_the_severity_mart_through_a_roles_file(surveys: Path, tmp_path: Path) -> None:
    folder = tmp_path / "src" / "survey" / "lime"
    folder.mkdir(parents=True)
    for name in ("limesurvey_survey_742636.lss", "raw_data_anonymized.csv"):
        (folder / name).write_bytes((surveys / "limesurvey/uhde_742636" / name).read_bytes())
    (folder / "wave.csv").write_text("wave_id,year,label,is_synthetic\nlime,2024,Real layout,false\n")
    (folder / "roles.csv").write_text(
        "question,item,role,domain,code\n*,,respondent_type,,state\n*,,country,,AUT\n"
        "LocationsRico,parking,severity,investigation,encryption\n"
        "LocationsRico,carpark,severity,investigation,data_volume\n",
        encoding="utf-8",
    )
    db = tmp_path / "w.duckdb"
    build_warehouse(tmp_path / "src", db)
    rows = query(
        db,
        "select challenge, n_countries, n_not_applicable > 0, mean_score between 0 and 100 "
        "from marts.challenge_severity_summary order by 1",
    )
    assert rows == [("data_volume", 1, True, True), ("encryption", 1, True, True)]
    answered = query(db, "select count(*) from marts.answers")[0][0]
    assert answered == 6_194
