"""Fixtures of the hostile-input tests: the good warehouse (tests/conftest.py), copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def warehouse(good_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the good warehouse, where a bad build will try to write."""
    db = tmp_path / "wh" / "warehouse.duckdb"
    db.parent.mkdir()
    shutil.copyfile(good_warehouse, db)
    return db
