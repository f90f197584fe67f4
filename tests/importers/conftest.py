"""Tiny files in the real public layouts, written by the tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from glotip_files import glotip_row, write_glotip

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "importers"

#: The fixture's rows; spreadsheet row numbers start at 4.
GLOTIP_ROWS: list[list[object] | None] = [
    glotip_row("ROU", "Persons prosecuted", "Total", "Total", "Total", "Total", 2013, "552"),  # 4
    glotip_row("ROU", "Detected trafficking victims", "Total", "Total", "Female", "Total",
               2019, "1,234"),  # 5
    glotip_row("ROU", "Detected trafficking victims", "by form of exploitation",
               "Sexual exploitation", "Female", "0 to 17 years", 2019, "<5"),  # 6
    glotip_row("ROU", "Detected trafficking victims", "by citizenship", "Republic of Moldova",
               "Total", "Total", 2019, "12"),  # 7
    glotip_row("ROU", "Detected trafficking victims", "by citizenship", "Nationals",
               "Total", "Total", 2019, "300"),  # 8
    glotip_row("EEU", "Detected trafficking victims", "Total", "Total", "Total", "Total",
               2019, "5,000"),  # 9: regional aggregate
    glotip_row(None, "Detected trafficking victims", "Total", "Total", "Female", "Total",
               2019, "<5"),  # 10: no code (Sark in the real file)
    glotip_row("ROU", "Detected trafficking victims", "by country of repatriation", "Ukraine",
               "Total", "Total", 2019, "7"),  # 11
    glotip_row("ROU", "Detected trafficking victims", "by citizenship", "Sin determinar",
               "Total", "Total", 2019, "9"),  # 12
    glotip_row("ALB", "Persons convicted", "Total", "Total", "Total", "Total", 2018, "7"),  # 13
    glotip_row("ALB", "Persons convicted", "Total", "Total", "Total", "Total", 2018, "9"),  # 14
    glotip_row("ALB", "Persons prosecuted", "Total", "Total", "Total", "Total", 2018, "<5"),  # 15
    glotip_row("ALB", "Persons prosecuted", "Total", "Total", "Total", "Total", 2018, "<5"),  # 16
    glotip_row("ROU", "Detected trafficking victims", "by citizenship", "Romania",
               "Total", "Total", 2019, "<5"),  # 17
    glotip_row("ROU", "Detected trafficking victims", "by citizenship", "roumain",
               "Total", "Total", 2019, "<5"),  # 18: maps to ROU too
    glotip_row("ROU", "Offences of trafficking in persons", "Total", "Total", "Total", "Total",
               2019, "n/a"),  # 19
    None,  # 20: blank, not a data row
    glotip_row("MDA", "Persons brought into formal contact", "Total", "Total", "Total",
               "Total", 2020, "0"),  # 21
]  # fmt: skip


@pytest.fixture
def glotip_file(tmp_path: Path) -> Path:
    return write_glotip(tmp_path / "data_glotip.xlsx", GLOTIP_ROWS)


@pytest.fixture
def make_glotip(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: Sequence[Sequence[object] | None], name: str = "glotip.xlsx", **kw) -> Path:
        return write_glotip(tmp_path / name, rows, **kw)

    return make
