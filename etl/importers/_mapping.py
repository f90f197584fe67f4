"""Mapping tables of the importers: data in ``etl/reference/importers/``, not code.

A steward's ``mappings/`` folder (see :mod:`etl.mappings`) extends or overrides each table
for one source folder.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from etl import mappings
from etl.importers._read import norm

MAPPING_DIR = Path(__file__).resolve().parents[1] / "reference" / "importers"

#: Marks a source value that is known but deliberately not mapped (the row is quarantined).
NOT_MAPPED = ""


@cache
def _shipped(name: str) -> tuple[dict[str, str], ...]:
    with (MAPPING_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def rows(name: str) -> list[dict[str, str]]:
    """The shipped table's rows, then the steward's rows for the same table."""
    return [*_shipped(name), *mappings.current().rows(name)]


def code_map(name: str) -> dict[str, dict[str, str]]:
    """``{field: {normalised source value: code}}`` of a ``field,source_value,code`` table.

    An empty ``code`` means "known, not mapped": the importer quarantines such rows with
    the table's ``note`` as reason. A steward's row for the same value wins.
    """
    steward = mappings.current()
    key = ("code_map", name)
    if key not in steward.cache:
        mapping: dict[str, dict[str, str]] = {}
        for row in rows(name):
            mapping.setdefault(row["field"], {})[norm(row["source_value"])] = row.get("code", "")
        steward.cache[key] = mapping
    found: dict[str, dict[str, str]] = steward.cache[key]
    return found


def notes(name: str) -> dict[tuple[str, str], str]:
    """``{(field, normalised source value): note}`` for rows that carry a note."""
    steward = mappings.current()
    key = ("notes", name)
    if key not in steward.cache:
        steward.cache[key] = {
            (row["field"], norm(row["source_value"])): row["note"] for row in rows(name) if row.get("note")
        }
    found: dict[tuple[str, str], str] = steward.cache[key]
    return found
