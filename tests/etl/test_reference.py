from __future__ import annotations

import pytest

from etl.reference import denied_column_reason, label_rows, published_figures, vocabularies


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
