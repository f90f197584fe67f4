"""Fixtures of the brief's tests: the demo warehouse built by the ETL, and briefs read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from brief_helpers import Pdf

from app.brief.content import MemoReader, open_warehouse
from app.brief.typeset import render


@pytest.fixture(scope="session")
def warehouse(demo_warehouse: Path) -> Path:
    """The warehouse of the shipped demo inputs (synthetic)."""
    return demo_warehouse


@pytest.fixture(scope="session")
def wh(warehouse: Path) -> MemoReader:
    return open_warehouse(warehouse)


@pytest.fixture(scope="session")
def brief_pdf(wh: MemoReader):
    """``brief_pdf(country, lang)``: the 2025 brief read back, rendered once per session."""
    made: dict[tuple[str, str], Pdf] = {}

    def get(country: str, lang: str) -> Pdf:
        if (country, lang) not in made:
            made[(country, lang)] = Pdf(render(wh, country, "2025", lang, 5))
        return made[(country, lang)]

    return get
