"""The importers' mapping tables are data: every code they emit must exist."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from etl.countries import resolve_country
from etl.importers._mapping import MAPPING_DIR
from etl.importers._read import norm
from etl.reference import vocabularies

CODE_TABLES = ["glotip_codes.csv", "glotip_citizenship.csv", "ctdc_codes.csv"]
VOCABULARY_OF_FIELD = {
    "indicator": "indicator",
    "exploitation_type": "exploitation_type",
    "sex": "sex",
    "age_group": "age_group",
    "status": "series_status",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (MAPPING_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", CODE_TABLES)
def test_each_source_value_is_mapped_once(name: str) -> None:
    counts = Counter((r["field"], norm(r["source_value"])) for r in _rows(name))
    assert [key for key, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("name", CODE_TABLES)
def test_an_unmapped_value_says_why(name: str) -> None:
    assert [r["source_value"] for r in _rows(name) if not r["code"] and not r["note"]] == []


def test_glotip_codes_exist_in_the_vocabularies() -> None:
    vocab = vocabularies()
    for row in _rows("glotip_codes.csv"):
        vocabulary = VOCABULARY_OF_FIELD.get(row["field"])
        if vocabulary and row["code"]:
            assert row["code"] in vocab[vocabulary], row


def test_citizenship_codes_are_countries_or_documented_codes() -> None:
    for row in _rows("glotip_citizenship.csv"):
        code = row["code"]
        assert code in ("", "domestic", "foreign") or resolve_country(code) == code, row


def test_ctdc_exploitation_codes_exist_and_priorities_are_unique() -> None:
    rows = _rows("ctdc_exploitation.csv")
    assert {r["code"] for r in rows} <= vocabularies()["exploitation_type"]
    assert len({r["priority"] for r in rows}) == len(rows)
    assert len({r["field"] for r in rows}) == len(rows)
