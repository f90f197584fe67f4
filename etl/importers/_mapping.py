"""Mapping tables of the importers: data in ``etl/reference/importers/``, not code."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from etl.importers._read import norm

MAPPING_DIR = Path(__file__).resolve().parents[1] / "reference" / "importers"

#: Marks a source value that is known but deliberately not mapped (the row is quarantined).
NOT_MAPPED = ""


def rows(name: str) -> list[dict[str, str]]:
    with (MAPPING_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def code_map(name: str) -> dict[str, dict[str, str]]:
    """``{field: {normalised source value: code}}`` of a ``field,source_value,code`` table.

    An empty ``code`` means "known, not mapped": the importer quarantines such rows with
    the table's ``note`` as reason.
    """
    mapping: dict[str, dict[str, str]] = {}
    for row in rows(name):
        mapping.setdefault(row["field"], {})[norm(row["source_value"])] = row["code"]
    return mapping


@cache
def notes(name: str) -> dict[tuple[str, str], str]:
    """``{(field, normalised source value): note}`` for rows that carry a note."""
    return {(row["field"], norm(row["source_value"])): row["note"] for row in rows(name) if row.get("note")}
