"""Files in UNODC's GLOTIP layout, written by the tests (imported by conftest and tests)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl

GLOTIP_HEADER = (
    "Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category",
    "Sex", "Age", "Year", "Unit of measurement", "txtVALUE", "Source",
)  # fmt: skip


def glotip_row(
    iso3: str | None,
    indicator: str,
    dimension: str,
    category: str,
    sex: str,
    age: str,
    year: int,
    value: str,
) -> list[object]:
    return [
        iso3, "Somewhere", "Europe", "Eastern Europe", indicator, dimension, category, sex,
        age, year, "Counts", value, "GLOTIP",
    ]  # fmt: skip


def write_glotip(path: Path, rows: Sequence[Sequence[object] | None], date: str = "30/05/2023"):
    """An xlsx laid out as UNODC serves it: org and link row, date row, header on row 3."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "data_glotip_1"
    sheet.append(["UNODC", '=HYPERLINK("mailto:someone@example.org", "someone@example.org")'])
    sheet.append([date])
    sheet.append(list(GLOTIP_HEADER))
    for row in rows:
        sheet.append(list(row) if row is not None else [])
    workbook.save(path)
    return path
