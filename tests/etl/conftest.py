"""Fixtures of the ETL tests: a tiny valid source folder per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_source import write_source


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_source(tmp_path / "source")
