"""Files in UNODC's GLOTIP layout, written by the tests (imported by conftest and tests)."""

from __future__ import annotations

import re
import zipfile
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


def declare_range(path: Path, declared_range: str) -> None:
    """Overwrite the first sheet's declared dimension, as the 2025 release declares ``A1`` for
    a sheet of 58,769 rows."""
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared_range}"'.encode(), data)
            target.writestr(info, data)
