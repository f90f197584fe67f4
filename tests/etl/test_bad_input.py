"""The bad-input corpus of the build: each broken file gives its named problem and changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tiny_source import CASES, CODEBOOK, RESPONDENTS, RESPONSES_WIDE, SERIES, WAVE, write_source

from etl.build import build_warehouse, private_path
from etl.check import check_paths
from etl.problems import InputError

CASE_HEADER = CASES.splitlines()[0]

CORPUS = {
    "unknown_exploitation_code": (
        {"cases__cases.csv": CASES + "C9,Albania,2019,sexual_exploitation,,,,,,,1,,,,,\n"},
        ("cases.csv", 5, "exploitation_type", "sexual_exploitation", "vocabulary 'exploitation_type'"),
    ),
    "unknown_technology_in_a_list": (
        {"cases__cases.csv": CASES + "C9,Albania,2019,sexual,social_media|telepathy,,,,,,1,,,,,\n"},
        ("cases.csv", 5, "recruitment_tech", "social_media|telepathy", "unknown: 'telepathy'"),
    ),
    "unknown_country": (
        {"cases__cases.csv": CASES + "C9,Atlantis,2019,sexual,,,,,,,1,,,,,\n"},
        ("cases.csv", 5, "country", "Atlantis", "a country name or ISO code"),
    ),
    "future_year": (
        {"cases__cases.csv": CASES + "C9,Albania,2099,sexual,,,,,,,1,,,,,\n"},
        ("cases.csv", 5, "year", "2099", "no future years"),
    ),
    "duplicate_case_id": (
        {"cases__cases.csv": CASES + "C1,Albania,2019,sexual,,,,,,,1,,,,,\n"},
        ("cases.csv", 5, "case_id", "C1", "a case_id used once"),
    ),
    "duplicate_case_id_across_files": (
        {"cases__more.csv": CASE_HEADER + "\nC2,Albania,2019,sexual,,,,,,,1,,,,,\n"},
        ("more.csv", 2, "case_id", "C2", "a case_id used once"),
    ),
    "zero_victims": (
        {"cases__cases.csv": CASES + "C9,Albania,2019,sexual,,,,,,,0,,,,,\n"},
        ("cases.csv", 5, "victims_total", "0", "at least 1"),
    ),
    "breakdown_above_total": (
        {"cases__cases.csv": CASES + "C9,Albania,2019,sexual,,,,,,,1,2,0,,,\n"},
        ("cases.csv", 5, "victims_female", "female 2 + male 0 > total 1", "at most victims_total"),
    ),
    "missing_required_value": (
        {"cases__cases.csv": CASES + "C9,,2019,sexual,,,,,,,1,,,,,\n"},
        ("cases.csv", 5, "country", None, "a value (the cell is empty)"),
    ),
    "malformed_row": (
        {"cases__cases.csv": CASES + 'C9,Albania,2019,"sexual,,,\n'},
        ("cases.csv", 5, None, None, "well-formed"),
    ),
    "wrong_encoding": (
        {"cases__cases.csv": None, "cases__latin1.csv": None},
        ("latin1.csv", 2, "country", None, "UTF-8"),
    ),
    "empty_file": (
        {"series__empty.csv": ""},
        ("empty.csv", None, None, None, "a non-empty file"),
    ),
    "series_reported_without_value": (
        {
            "series__series.csv": SERIES
            + "Albania,2018,detected_victims,,,,,,reported,Test source,2023-05-30\n"
        },
        ("series.csv", 6, "value", None, "a value on a row with status 'reported'"),
    ),
    "series_conflicting_rows": (
        {
            "series__series.csv": SERIES
            + "Albania,2019,detected_victims,total,total,total,total,93,reported,Test source,2023-05-30\n"
        },
        ("series.csv", 2, "value", None, "rows with the same key conflict"),
    ),
    "series_bad_status": (
        {
            "series__series.csv": SERIES
            + "Albania,2018,detected_victims,,,,,1,estimated,Test source,2023-05-30\n"
        },
        ("series.csv", 6, "status", "estimated", "vocabulary 'series_status'"),
    ),
    "rating_out_of_range": (
        {"survey__w1__responses.csv": RESPONSES_WIDE.replace("S-ALB,5,4", "S-ALB,7,4")},
        ("responses.csv", 2, "q1_1", "7", "a rating from 1 to 5"),
    ),
    "unknown_respondent": (
        {"survey__w1__responses.csv": RESPONSES_WIDE + "S-XXX,1,1,1,1,yes,stable,\n"},
        ("responses.csv", 6, "respondent_id", "S-XXX", "a respondent_id listed in respondents"),
    ),
    "wide_header_not_in_codebook": (
        {"survey__w1__responses.csv": RESPONSES_WIDE.replace("Q4_1", "Q9_9")},
        ("responses.csv", 1, "Q9_9", "Q9_9", "one of the documented columns"),
    ),
    "duplicate_respondent_id": (
        {"survey__w1__respondents.csv": RESPONDENTS + "S-ALB,state,Albania,\n"},
        ("respondents.csv", 6, "respondent_id", "S-ALB", "a unique id"),
    ),
    "state_without_country": (
        {"survey__w1__respondents.csv": RESPONDENTS + "S-NIL,state,,\n"},
        ("respondents.csv", 6, "country", None, "the country of a State respondent"),
    ),
    "codebook_severity_with_unknown_challenge": (
        {
            "survey__w1__codebook.csv": CODEBOOK.replace(
                "investigation,data_volume,,Q1_2", "investigation,weather,,Q1_2"
            )
        },
        ("codebook.csv", 3, "code", "investigation/weather/rating", "a challenge code"),
    ),
    "wave_id_not_the_folder": (
        {"survey__w1__wave.csv": WAVE.replace("\nw1,", "\nw2,")},
        ("wave.csv", 2, "wave_id", "w2", "the folder's name 'w1'"),
    ),
    "personal_data_column": (
        {"cases__cases.csv": CASE_HEADER + ",victim_name\nC1,Albania,2019,sexual,,,,,,,1,,,,,,Jane\n"},
        ("cases.csv", 1, "victim_name", "victim_name", "no personal data"),
    ),
}


def _bad_source(name: str, root: Path) -> Path:
    overrides = CORPUS[name][0]
    bad = write_source(root, **{k: v for k, v in overrides.items() if v is not None})
    for key, text in overrides.items():
        if text is None:
            (bad / key.replace("__", "/")).unlink(missing_ok=True)
    if name == "wrong_encoding":
        (bad / "cases/latin1.csv").write_bytes(
            CASE_HEADER.encode() + b"\nC9,T\x81rkiye,2019,sexual,,,,,,,1,,,,,\n"
        )  # not Windows-1252 either
    return bad


def _matching(problems, name: str) -> list:
    file, row, column, value, expected = CORPUS[name][1]
    return [
        p
        for p in problems
        if Path(p.file).name == file
        and p.row == row
        and (column is None or p.column == column)
        and (value is None or p.value == value)
        and expected in p.expected
    ]


#: Problems found across files, by the build only.
BUILD_ONLY = {"duplicate_case_id_across_files", "duplicate_case_id"}


@pytest.mark.parametrize("name", sorted(set(CORPUS) - BUILD_ONLY))
def test_bad_input_is_named_by_the_check(name: str, tmp_path: Path) -> None:
    reports = check_paths([_bad_source(name, tmp_path / "bad")])
    problems = [p for report in reports for p in report.problems]
    assert _matching(problems, name), "\n".join(p.describe() for p in problems)
    assert any(r.verdict == "INVALID" for r in reports)


#: One build per failure class: the previous warehouse stays byte-identical.
@pytest.mark.parametrize(
    "name", ["duplicate_case_id_across_files", "duplicate_case_id", "unknown_country", "wrong_encoding",
             "rating_out_of_range", "series_conflicting_rows"],
)  # fmt: skip
def test_bad_input_is_refused_and_changes_nothing(name: str, tmp_path: Path, good_warehouse: Path) -> None:
    db = tmp_path / "w.duckdb"
    for built, copy in ((good_warehouse, db), (private_path(good_warehouse), private_path(db))):
        shutil.copyfile(built, copy)
    before = db.read_bytes(), private_path(db).read_bytes()
    with pytest.raises(InputError) as caught:
        build_warehouse(_bad_source(name, tmp_path / "bad"), db)
    assert _matching(caught.value.problems, name), "\n".join(p.describe() for p in caught.value.problems)
    assert (db.read_bytes(), private_path(db).read_bytes()) == before


def test_all_problems_of_a_file_are_reported_not_only_the_first(tmp_path: Path) -> None:
    rows = "".join(f"X{i},Atlantis,2019,sexual,,,,,,,1,,,,,\n" for i in range(300))
    bad = write_source(tmp_path / "bad", cases__cases_csv=None)
    (bad / "cases/cases.csv").write_text(CASE_HEADER + "\n" + rows, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build_warehouse(bad, tmp_path / "w.duckdb")
    assert caught.value.total == 300
    assert len(caught.value.problems) == 300  # every problem is kept, not only the first 200
    assert [p.row for p in caught.value.problems[:3]] == [2, 3, 4]
