"""The demo generator writes complete, deterministic inputs in the documented formats."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from etl import demo, survey_tools
from etl.countries import resolve_country
from etl.reference import convention_parties, published_figures, vocabularies

CASES = 2_000
STUDY_STATES = [
    "Albania",
    "Armenia",
    "Austria",
    "Azerbaijan",
    "Bosnia and Herzegovina",
    "Belarus",
    "Belgium",
    "Bulgaria",
    "Croatia",
    "Cyprus",
    "Denmark",
    "Estonia",
    "Finland",
    "France",
    "Germany",
    "Greece",
    "Hungary",
    "Iceland",
    "Ireland",
    "Latvia",
    "Lithuania",
    "Luxembourg",
    "Malta",
    "Republic of Moldova",
    "Monaco",
    "Montenegro",
    "Netherlands",
    "North Macedonia",
    "Norway",
    "Poland",
    "Portugal",
    "Romania",
    "San Marino",
    "Slovakia",
    "Slovenia",
    "Spain",
    "Sweden",
    "Switzerland",
    "Ukraine",
    "United Kingdom",
]


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def all_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    demo.generate(folder, cases=CASES, seed=2021)
    return folder


@pytest.fixture(scope="module")
def cases(out: Path) -> list[dict[str, str]]:
    return read(out / "cases" / "cases.csv")


def tool_wave(out: Path, wave: str) -> survey_tools.ImportedWave:
    return survey_tools.import_wave(out / "survey" / wave)


def wave_answers(out: Path, wave: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(codebook rows, long answers with respondent type) of a wave, whatever its layout."""
    folder = out / "survey" / wave
    if survey_tools.detect(folder):
        imported = tool_wave(out, wave)
        book = [{k: "" if v is None else str(v) for k, v in row.items()} for row in imported.codebook]
        types = {r["respondent_id"]: r["respondent_type"] for r in imported.respondents}
        long = [{k: str(v) for k, v in a.items()} for a in imported.answers]
        for a in long:
            a["respondent_type"] = types[a["respondent_id"]]
        return book, long
    book = read(folder / "codebook.csv")
    types = {r["respondent_id"]: r["respondent_type"] for r in read(folder / "respondents.csv")}
    rows = read(folder / "responses.csv")
    if set(rows[0]) == {"respondent_id", "question_id", "item", "answer"}:
        long = rows
    else:
        by_column = {b["column"] or f"{b['question_id']}_{b['item']}": b for b in book}
        long = [
            {
                "respondent_id": r["respondent_id"],
                "question_id": by_column[c]["question_id"],
                "item": by_column[c]["item"],
                "answer": v,
            }
            for r in rows
            for c, v in r.items()
            if c != "respondent_id"
        ]
    for a in long:
        a["respondent_type"] = types[a["respondent_id"]]
    return book, long


def missing_codes(item: dict[str, str]) -> set[str]:
    """Answer codes of an item that are no rating: don't know, prefer not to answer, n/a."""
    return {c for k in ("dont_know", "prefer_not", "not_applicable") for c in item.get(k, "").split("|") if c}


def severity_means(out: Path, wave: str) -> dict[tuple[str, str], float]:
    """Mean 0-100 score over States, skipping blanks and "don't know", computed from the files."""
    book, answers = wave_answers(out, wave)
    items = {(b["question_id"], b["item"]): b for b in book if b["measure"] == "severity"}
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    for a in answers:
        b = items.get((a["question_id"], a["item"]))
        if b is None or a["respondent_type"] != "state":
            continue
        if a["answer"] == "" or a["answer"] in missing_codes(b):
            continue
        low, high = int(b["scale_min"]), int(b["scale_max"])
        scores[(b["domain"], b["code"])].append(100 * (int(a["answer"]) - low) / (high - low))
    return {k: float(np.mean(v)) for k, v in scores.items()}


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_bytes(out: Path, tmp_path: Path) -> None:
    demo.generate(tmp_path, cases=CASES, seed=2021)
    assert all_files(tmp_path) == all_files(out)


@pytest.mark.parametrize(
    "name",
    [
        "cases/cases.csv",
        "series/series.csv",
        "survey/2021/responses.csv",
        "survey/2025/export.csv",
        "manifest.json",
    ],
)
def test_other_seed_gives_other_data(out: Path, tmp_path: Path, name: str) -> None:
    demo.generate(tmp_path, cases=CASES, seed=7)
    assert (tmp_path / name).read_bytes() != (out / name).read_bytes()


@pytest.mark.parametrize("count", [0, 1, 47, 1_234])
def test_requested_case_count_is_honoured(tmp_path: Path, count: int) -> None:
    counts = demo.generate(tmp_path, cases=count)
    rows = read(tmp_path / "cases" / "cases.csv")
    assert counts["cases/cases.csv"] == len(rows) == count
    assert [r["case_id"] for r in rows] == [f"C{n:06d}" for n in range(1, count + 1)]


def test_chunked_writing_numbers_cases_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "CHUNK_ROWS", 300)
    messages: list[str] = []
    demo.generate(tmp_path, cases=1_000, progress=messages.append)
    rows = read(tmp_path / "cases" / "cases.csv")
    assert [r["case_id"] for r in rows] == [f"C{n:06d}" for n in range(1, 1_001)]
    assert len({r["year"] + r["country"] + r["exploitation_type"] for r in rows[600:900]}) > 20
    assert "cases: 1,000 of 1,000 rows written" in messages


def test_negative_case_count_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cases"):
        demo.generate(tmp_path, cases=-1)


def test_returned_counts_match_the_files(out: Path, tmp_path: Path) -> None:
    counts = demo.generate(tmp_path, cases=10)
    assert set(counts) == {p for p in all_files(tmp_path) if p.endswith(".csv")}
    for name, n in counts.items():
        assert len(read(tmp_path / name)) == n, name


# --------------------------------------------------------------------------- layouts


def test_manifest_flags_the_folder_synthetic(out: Path) -> None:
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == {
        "synthetic": True,
        "title": "Synthetic demonstration data",
        "source": "Synthetic demo data (generated, seed 2021)",
    }


CODEBOOK_COLUMNS = [
    "question_id",
    "item",
    "respondent_type",
    "text",
    "answer_type",
    "scale_min",
    "scale_max",
    "dont_know",
    "choices",
    "measure",
    "domain",
    "code",
    "audience",
    "column",
]


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        (
            "survey/2021/wave.csv",
            ["wave_id", "year", "label", "is_synthetic", "fieldwork", "source"],
        ),
        (
            "survey/2025/wave.csv",
            ["wave_id", "year", "label", "is_synthetic", "fieldwork", "source"],
        ),
        ("survey/2025/roles.csv", ["question", "item", "role", "domain", "code", "audience"]),
        ("survey/2021/codebook.csv", CODEBOOK_COLUMNS),
        (
            "survey/2021/respondents.csv",
            ["respondent_id", "respondent_type", "country", "organisation"],
        ),
        ("cases/cases.csv", list(demo.CASE_COLUMNS)),
        (
            "series/series.csv",
            [
                "country",
                "year",
                "indicator",
                "sex",
                "age_group",
                "exploitation_type",
                "citizenship",
                "value",
                "status",
                "source",
                "vintage",
            ],
        ),
    ],
)
def test_files_have_the_documented_columns(out: Path, name: str, columns: list[str]) -> None:
    assert header(out / name) == columns


def test_wide_export_maps_every_header_through_the_codebook(out: Path) -> None:
    book = read(out / "survey" / "2021" / "codebook.csv")
    columns = [b["column"] for b in book]
    assert all(columns) and len(set(columns)) == len(columns)
    assert "Q4_1" in columns  # survey-tool headers, not question_item defaults
    assert header(out / "survey" / "2021" / "responses.csv") == ["respondent_id", *columns]


@pytest.mark.parametrize("wave", ["2021", "2025"])
def test_waves_are_flagged_synthetic(out: Path, wave: str) -> None:
    (row,) = read(out / "survey" / wave / "wave.csv")
    assert row["wave_id"] == wave and row["is_synthetic"] == "true"
    assert "synthetic" in row["label"]


# --------------------------------------------------------------------------- vocabularies


def test_case_codes_are_in_the_vocabulary(cases: list[dict[str, str]]) -> None:
    vocab = vocabularies()
    checks = {
        "exploitation_type": "exploitation_type",
        "modus_operandi": "modus_operandi",
        "prosecution_outcome": "prosecution_outcome",
        **{f"{stage}_tech": "technology" for stage in demo.STAGES},
    }
    for column, vocabulary in checks.items():
        used = {c for r in cases for c in r[column].split("|") if c}
        assert used and used <= vocab[vocabulary], column


def test_series_codes_are_in_the_vocabulary(out: Path) -> None:
    vocab = vocabularies()
    rows = read(out / "series" / "series.csv")
    for column in ("indicator", "sex", "age_group"):
        assert {r[column] for r in rows} <= vocab[column] | {"total"}, column
    assert {r["status"] for r in rows} == vocab["series_status"]


@pytest.mark.parametrize("wave", ["2021", "2025"])
def test_codebook_codes_are_in_the_vocabulary(out: Path, wave: str) -> None:
    vocab = vocabularies()
    book, _ = wave_answers(out, wave)
    code_vocabulary = {
        "severity": "challenge",
        "training_provision": "area",
        "training_need": "area",
        "strategy": "strategy",
    }
    for b in book:
        assert set(b["respondent_type"].split("|")) <= vocab["respondent_type"]
        assert b["measure"] == "" or b["measure"] in vocab["measure"]
        assert b["domain"] == "" or b["domain"] in vocab["challenge_domain"]
        assert b["audience"] == "" or b["audience"] in vocab["audience"]
        if b["measure"] in code_vocabulary:
            assert b["code"] in vocab[code_vocabulary[b["measure"]]], b
        else:
            assert b["code"] == "", b


def test_codebook_covers_every_audience_area_and_strategy(out: Path) -> None:
    vocab = vocabularies()
    book = read(out / "survey" / "2021" / "codebook.csv")
    for measure in ("training_provision", "training_need"):
        cells = {(b["audience"], b["code"]) for b in book if b["measure"] == measure}
        assert cells == {(a, c) for a in vocab["audience"] for c in vocab["area"]}
    assert {b["code"] for b in book if b["measure"] == "strategy"} == vocab["strategy"]
    published = {(r["domain"], r["challenge"]) for r in published_figures()}
    assert published <= {(b["domain"], b["code"]) for b in book if b["measure"] == "severity"}


@pytest.mark.parametrize("wave", ["2021", "2025"])
def test_answers_fit_their_codebook_item(out: Path, wave: str) -> None:
    book, answers = wave_answers(out, wave)
    items = {(b["question_id"], b["item"]): b for b in book}
    for a in answers:
        b, value = items[(a["question_id"], a["item"])], a["answer"]
        if value == "" or value in missing_codes(b):
            continue
        if a["respondent_type"] not in b["respondent_type"].split("|"):
            pytest.fail(f"{a} answers a question of another questionnaire")
        if b["answer_type"] == "rating":
            assert int(b["scale_min"]) <= int(value) <= int(b["scale_max"]), a
        elif b["answer_type"] == "yes_no":
            assert value in {"yes", "no"}, a
        elif b["answer_type"] == "choice":
            assert set(value.split("|")) <= set(b["choices"].split("|")), a
        else:
            assert value.isdigit(), a


# --------------------------------------------------------------------------- countries


def test_every_country_value_resolves(out: Path, cases: list[dict[str, str]]) -> None:
    values = {r["country"] for r in cases} | {r["country"] for r in read(out / "series" / "series.csv")}
    values |= {r["country"] for r in read(out / "survey" / "2021" / "respondents.csv") if r["country"]}
    values |= {r["country"] for r in tool_wave(out, "2025").respondents if r["country"]}
    assert {v for v in values if resolve_country(v) is None} == set()


def test_cases_cover_every_party_in_mixed_forms(cases: list[dict[str, str]]) -> None:
    parties = {r["iso3"] for r in convention_parties()}
    assert {resolve_country(r["country"]) for r in cases} == parties
    forms = {r["country"] for r in cases}
    assert {"GBR", "United Kingdom"} <= forms
    assert forms & {"UK", "Turkey", "Moldova", "Czech Republic"}
    assert len(forms) > 1.5 * len(parties)


def test_2021_respondents_are_the_study_states_and_pseudonyms(out: Path) -> None:
    rows = read(out / "survey" / "2021" / "respondents.csv")
    by_type = defaultdict(list)
    for r in rows:
        by_type[r["respondent_type"]].append(r)
    assert sorted(r["country"] for r in by_type["state"]) == sorted(STUDY_STATES)
    assert all(r["respondent_id"] == f"S-{resolve_country(r['country'])}" for r in by_type["state"])
    assert [r["organisation"] for r in by_type["ngo"]] == [f"NGO {n:02d}" for n in range(1, 13)]
    assert sum(r["country"] == "" for r in by_type["ngo"]) == 1
    assert [(r["organisation"], r["country"]) for r in by_type["company"]] == [
        ("Company A", ""),
        ("Company B", ""),
    ]


def test_2025_wave_changes_the_states_answering(out: Path) -> None:
    before = {
        resolve_country(r["country"])
        for r in read(out / "survey" / "2021" / "respondents.csv")
        if r["respondent_type"] == "state"
    }
    after = {r["country"] for r in tool_wave(out, "2025").respondents if r["respondent_type"] == "state"}
    joined, left = after - before, before - after
    parties = {r["iso3"] for r in convention_parties()}
    assert joined and joined <= parties and 1 <= len(left) <= 2


# --------------------------------------------------------------------------- calibration


def test_2021_severity_reproduces_every_published_score(out: Path) -> None:
    means = severity_means(out, "2021")
    for row in published_figures():
        mean = means[(row["domain"], row["challenge"])]
        if row["qualifier"] == "above":
            assert 50 < mean <= 55, row
        else:
            assert abs(mean - float(row["published_score"])) <= 1, (row, mean)


@pytest.mark.parametrize("seed", [1, 99, 123_456])
def test_calibration_holds_for_any_seed(tmp_path: Path, seed: int) -> None:
    demo.write_wave(tmp_path, demo.WAVES[0], seed)
    means = severity_means(tmp_path, "2021")
    assert abs(means[("investigation", "encryption")] - 80) <= 1
    assert 50 < means[("prosecution", "foreign_evidence")] <= 55
    assert abs(means[("prosecution", "jurisdiction")] - 16) <= 1


def test_2021_answers_include_dont_know_and_blanks(out: Path) -> None:
    _, answers = wave_answers(out, "2021")
    severity = [
        a["answer"] for a in answers if a["respondent_type"] == "state" and a["question_id"] in {"S04", "S05"}
    ]
    assert 0 < severity.count("dk") < len(severity) / 10
    assert 0 < severity.count("") < len(severity) / 10


def test_states_vary_with_a_latent_capacity(out: Path) -> None:
    """A State rating one challenge as severe tends to rate the others as severe too."""
    _, answers = wave_answers(out, "2021")
    ratings: dict[str, dict[str, int]] = defaultdict(dict)
    for a in answers:
        if a["question_id"] in {"S04", "S05"} and a["answer"].isdigit():
            ratings[a["respondent_id"]][a["item"] + a["question_id"]] = int(a["answer"])
    per_state = [np.mean(list(r.values())) for r in ratings.values()]
    assert np.std(per_state) > 0.3  # an independent draw per item would give about 0.2


@pytest.mark.parametrize(
    ("key", "direction"),
    [
        (("investigation", "encryption"), 1),
        (("investigation", "legislation"), -1),
        (("prosecution", "legislation"), -1),
    ],
)
def test_2025_means_move_plausibly(out: Path, key: tuple[str, str], direction: int) -> None:
    change = severity_means(out, "2025")[key] - severity_means(out, "2021")[key]
    assert change * direction > 2


def test_2025_codebook_adds_items(out: Path) -> None:
    old = {(b["question_id"], b["item"]) for b in read(out / "survey" / "2021" / "codebook.csv")}
    new = {(b["question_id"], b["item"]) for b in wave_answers(out, "2025")[0]}
    assert ("S03", "tech_change") in new - old and ("S22", "value") in new - old
    # the choose-all questions are select_multiple in the form: one yes/no item per choice
    assert ("N01", "value") in old - new and ("N01", "recruitment") in new - old
    assert {k for k in old if k[0].startswith("S")} <= new


def test_protocols_match_the_study(out: Path) -> None:
    _, answers = wave_answers(out, "2021")
    protocol = {
        (a["respondent_id"], a["item"]): a["answer"]
        for a in answers
        if a["question_id"] == "S09" and a["respondent_type"] == "state"
    }
    assert {v for (_, item), v in protocol.items() if item == "age_sensitive"} == {"yes"}
    assert [r for (r, item), v in protocol.items() if item == "gender_sensitive" and v == "yes"] == ["S-AUT"]


def test_training_gaps_follow_the_study(out: Path) -> None:
    book, answers = wave_answers(out, "2021")
    items = {(b["question_id"], b["item"]): b for b in book}
    values: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for a in answers:
        b = items[(a["question_id"], a["item"])]
        state = a["respondent_type"] == "state"
        if state and b["measure"].startswith("training") and a["answer"].isdigit():
            values[(b["measure"], b["audience"], b["code"])].append(int(a["answer"]))

    def mean(measure: str, audience: str | None = None, area: str | None = None) -> float:
        return float(
            np.mean(
                [
                    v
                    for (m, au, ar), vs in values.items()
                    for v in vs
                    if m == measure and audience in (None, au) and area in (None, ar)
                ]
            )
        )

    assert mean("training_provision", "judges") < mean("training_provision", "specialised_units")
    assert mean("training_provision", "labour_inspectors") < mean("training_provision", "police_all")
    assert mean("training_need", area="device_examination") > mean("training_need", area="corroboration")


def test_strategy_use_follows_the_study(out: Path) -> None:
    _, answers = wave_answers(out, "2021")
    used = Counter(a["item"] for a in answers if a["question_id"] == "S08" and a["answer"] == "yes")
    assert used["osint"] > 25 and used["internet_monitoring"] > 25
    assert used["facial_recognition"] < 10


@pytest.mark.parametrize(
    ("target", "n", "low", "high"),
    [
        (80, 37, 1, 5),
        (16, 40, 1, 5),
        (52.5, 39, 1, 5),
        (0, 10, 1, 5),
        (100, 10, 1, 5),
        (50, 9, 0, 2),
    ],
)
def test_ratings_with_mean_hits_the_target(target: float, n: int, low: int, high: int) -> None:
    values = demo.ratings_with_mean(np.random.default_rng(0), n, target, low, high)
    assert values.size == n and values.min() >= low and values.max() <= high
    score = 100 * (values.mean() - low) / (high - low)
    assert abs(score - target) <= 50 / n


# --------------------------------------------------------------------------- case patterns


def share(rows: list[dict[str, str]], test: Callable[[dict[str, str]], bool]) -> float:
    return sum(1 for r in rows if test(r)) / len(rows)


def techs(row: dict[str, str]) -> set[str]:
    return {t for stage in demo.STAGES for t in row[f"{stage}_tech"].split("|") if t}


def test_online_recruitment_rises_with_a_covid_bump(cases: list[dict[str, str]]) -> None:
    by_year = defaultdict(list)
    for r in cases:
        by_year[int(r["year"])].append(r)
    online = {y: share(rs, lambda r: r["recruitment_tech"] != "") for y, rs in by_year.items()}
    assert set(by_year) == set(range(2010, 2026))
    assert online[2021] > online[2012] + 0.15
    assert online[2020] > online[2018] + 0.05


def test_dark_web_and_cryptocurrency_are_marginal(cases: list[dict[str, str]]) -> None:
    adults = [r for r in cases if r["victims_minor"] in {"", "0"}]
    assert share(adults, lambda r: "dark_web" in techs(r)) < 0.05
    assert share(adults, lambda r: "cryptocurrency" in techs(r)) < 0.05
    assert share(cases, lambda r: "dark_web" in techs(r)) > 0  # present, not absent


def test_live_streaming_grows(cases: list[dict[str, str]]) -> None:
    sexual = [r for r in cases if r["exploitation_type"] == "sexual"]
    early = [r for r in sexual if int(r["year"]) <= 2014]
    late = [r for r in sexual if int(r["year"]) >= 2021]
    assert share(late, lambda r: "live_streaming" in techs(r)) > 2 * share(
        early, lambda r: "live_streaming" in techs(r)
    )


def test_labour_recruitment_goes_through_job_ads_and_social_media(
    cases: list[dict[str, str]],
) -> None:
    used = Counter(
        t for r in cases if r["exploitation_type"] == "labour" for t in r["recruitment_tech"].split("|") if t
    )
    top = {t for t, _ in used.most_common(3)}
    assert top == {"job_ads", "job_groups", "social_media"}


def test_every_case_uses_some_technology(cases: list[dict[str, str]]) -> None:
    assert all(techs(r) for r in cases)


def test_victim_breakdowns_never_exceed_the_total(cases: list[dict[str, str]]) -> None:
    def n(value: str) -> int:
        return int(value) if value else 0

    for r in cases:
        total = int(r["victims_total"])
        assert total >= 1 and r["cases"] == "1"
        assert n(r["victims_female"]) + n(r["victims_male"]) <= total
        assert n(r["victims_minor"]) + n(r["victims_adult"]) <= total
    assert share(cases, lambda r: int(r["victims_total"]) <= 3) > 0.8
    assert 0 < share(cases, lambda r: r["victims_female"] == "") < 0.5
    assert 0 < share(cases, lambda r: r["prosecution_outcome"] == "") < 0.5


def test_some_country_year_technology_cells_are_small(cases: list[dict[str, str]]) -> None:
    cells = Counter((r["country"], r["year"], t) for r in cases for t in techs(r))
    assert any(1 <= c <= 4 for c in cells.values())


# --------------------------------------------------------------------------- series


def test_series_mix_reported_suppressed_and_not_available(out: Path) -> None:
    rows = read(out / "series" / "series.csv")
    status = Counter(r["status"] for r in rows)
    assert status["suppressed"] > 0 and status["not_available"] > 0
    assert status["reported"] > 0.8 * len(rows)
    assert any(r["value"] == "0" and r["status"] == "reported" for r in rows)
    assert all((r["value"] == "") == (r["status"] != "reported") for r in rows)
    assert {(r["source"], r["vintage"]) for r in rows} == {("Synthetic demo series", "2026-01-15")}
    assert {r["indicator"] for r in rows} == {
        "detected_victims",
        "persons_prosecuted",
        "persons_convicted",
    }
    assert {int(r["year"]) for r in rows} == set(range(2010, 2026))


def test_series_breakdowns_add_up_to_the_total(out: Path) -> None:
    values: dict[tuple[str, str, str], dict[tuple[str, str], int]] = defaultdict(dict)
    for r in read(out / "series" / "series.csv"):
        if r["status"] == "reported":
            values[(r["country"], r["year"], r["indicator"])][(r["sex"], r["age_group"])] = int(r["value"])
    checked = 0
    for cells in values.values():
        if len(cells) == 5:
            total = cells[("total", "total")]
            assert cells[("female", "total")] + cells[("male", "total")] == total
            assert cells[("total", "minor")] + cells[("total", "adult")] == total
            checked += 1
    assert checked > 1_000


# --------------------------------------------------------------------------- survey tool wave


def test_2025_wave_ships_as_a_kobotoolbox_form_and_export(out: Path) -> None:
    folder = out / "survey" / "2025"
    assert sorted(p.name for p in folder.iterdir()) == ["export.csv", "form.xlsx", "roles.csv", "wave.csv"]
    assert survey_tools.detect(folder) == survey_tools.kobo.TOOL
    assert {"en", "fr"} <= set(survey_tools.kobo.read_form(folder / "form.xlsx").languages)
    with (folder / "export.csv").open(encoding="utf-8", newline="") as handle:
        head = next(csv.reader(handle, delimiter=";"))
    assert head[:4] == ["start", "end", "respondent_type", "country"]
    assert {"state/S03/S03_encryption", "ngo/N01", "ngo/N01/recruitment", "_uuid"} <= set(head)


def test_2025_import_loads_every_answer_with_labels_in_both_languages(out: Path) -> None:
    imported = tool_wave(out, "2025")
    assert imported.answers_in_file == imported.answers_loaded > 5_000 and not imported.skipped
    kinds = {(vocabulary, lang) for vocabulary, _, lang, _ in imported.labels}
    assert {
        (v, lang) for v in ("survey_question", "survey_item", "survey_choice") for lang in ("en", "fr")
    } <= kinds
    answers = [a["answer"] for a in imported.answers if a["question_id"] in {"S03", "S04", "S05"}]
    assert "dnk" in answers and "pnta" in answers  # don't know and prefer not to answer stay apart
    assert not [f for f in imported.unmapped if f.startswith(("S03", "S04", "S10", "S16"))]
