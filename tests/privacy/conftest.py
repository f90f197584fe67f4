"""Fixtures of the privacy tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from privacy_helpers import warehouse_sql


@pytest.fixture(scope="session")
def base_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app tests' tiny warehouse, written once; tests copy it before changing it."""
    return warehouse_sql.write_warehouse(tmp_path_factory.mktemp("base") / "warehouse.duckdb")
