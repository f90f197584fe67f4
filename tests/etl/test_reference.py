from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etl.reference import REFERENCE_DIR, denied_column_reason, label_rows, published_figures, vocabularies


@pytest.mark.parametrize(
    "column", ["name", "Victim Name", "email", "phone_number", "home_address", "notes", "date_of_birth"]
)
def test_personal_data_columns_are_denied(column: str) -> None:
    assert denied_column_reason(column)


@pytest.mark.parametrize(
    "column", ["organisation", "country", "case_id", "victims_total", "respondent_id", "domain"]
)
def test_ordinary_columns_pass(column: str) -> None:
    assert denied_column_reason(column) is None


def test_published_figures_use_the_challenge_vocabulary() -> None:
    challenges = vocabularies()["challenge"]
    figures = published_figures()
    assert len(figures) == 13
    assert all(f["challenge"] in challenges for f in figures)
    encryption = next(f for f in figures if f["challenge"] == "encryption")
    assert float(encryption["published_score"]) == 80


def test_every_code_has_an_english_label() -> None:
    english = {(v, c) for v, c, lang, _ in label_rows() if lang == "en"}
    assert {(v, c) for v, codes in vocabularies().items() for c in codes} == english


@pytest.mark.parametrize("path", sorted(REFERENCE_DIR.rglob("*.csv")), ids=lambda p: p.name)
def test_every_row_of_a_reference_table_has_its_header_s_fields(path: Path) -> None:
    """An unquoted comma in a label splits it: the label is cut and a field too many is left."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert [(i + 1, row) for i, row in enumerate(rows) if row and len(row) != len(header)] == []


def test_short_labels_are_short_and_name_known_codes() -> None:
    codes = vocabularies()
    for lang in ("en", "fr"):
        short = [(v, c, label) for v, c, lg, label in label_rows() if lg == lang and v.endswith("_short")]
        assert short
        for vocabulary, code, label in short:
            assert code in codes[vocabulary.removesuffix("_short")], (vocabulary, code)
            # one line on an axis under a column, across on a wide screen
            assert len(label) <= 17, (lang, code, label)
        by_vocabulary: dict[str, list[str]] = {}
        for vocabulary, _code, label in short:
            by_vocabulary.setdefault(vocabulary, []).append(label)
        # an axis tells its columns apart by these labels
        assert all(len(set(labels)) == len(labels) for labels in by_vocabulary.values())
