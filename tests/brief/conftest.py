"""Fixtures of the brief's tests: the demo warehouse built by the ETL, and briefs read back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from brief_helpers import ROOT, Pdf

from app.brief.content import MemoReader, open_warehouse
from app.brief.typeset import render


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse of the shipped demo inputs (synthetic), built once per session."""
    db = tmp_path_factory.mktemp("brief_wh") / "warehouse.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return db


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
