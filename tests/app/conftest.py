"""Fixtures of the app tests: a tiny warehouse from SQL, pointed at through THB_WAREHOUSE."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from warehouse_sql import write_warehouse


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny warehouse, written once per session."""
    return write_warehouse(tmp_path_factory.mktemp("wh") / "warehouse.duckdb")


@pytest.fixture
def sql(warehouse: Path) -> Callable[..., list[tuple]]:
    """Run a query on the fixture warehouse directly, as a test's independent witness."""

    def run(query: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return con.execute(query, params or []).fetchall()
        finally:
            con.close()

    return run


@pytest.fixture
def app_env(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the fixture warehouse with the default threshold."""
    monkeypatch.setenv("THB_WAREHOUSE", str(warehouse))
    monkeypatch.delenv("THB_SUPPRESSION_THRESHOLD", raising=False)
    return warehouse
