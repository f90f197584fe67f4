"""Fixtures of the hostile-input tests: one good warehouse per session, copied per test."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

# tiny_source (the tiny valid source folder) lives beside the ETL tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "etl"))

from tiny_source import write_source  # noqa: E402

from etl.build import build_warehouse  # noqa: E402


@pytest.fixture(scope="session")
def good_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from the tiny valid source, never modified."""
    root = tmp_path_factory.mktemp("good")
    db = root / "warehouse.duckdb"
    build_warehouse(write_source(root / "source"), db)
    return db


@pytest.fixture
def warehouse(good_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the good warehouse, where a bad build will try to write."""
    db = tmp_path / "wh" / "warehouse.duckdb"
    db.parent.mkdir()
    shutil.copyfile(good_warehouse, db)
    return db
