"""Run-time settings of the app, read from the environment."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")
DEFAULT_DEMO_SOURCE = Path("data/demo")
DEFAULT_SUPPRESSION_THRESHOLD = 5


class SettingsError(ValueError):
    """An environment variable of the app holds a value it cannot use."""


def warehouse_path() -> Path:
    """The warehouse file: ``THB_WAREHOUSE`` or ``data/warehouse.duckdb``."""
    value = os.environ.get("THB_WAREHOUSE", "").strip()
    return Path(value) if value else DEFAULT_WAREHOUSE


def suppression_threshold() -> int:
    """Counts from 1 to threshold-1 are withheld; ``THB_SUPPRESSION_THRESHOLD``, default 5.

    >>> suppression_threshold() >= 1
    True
    """
    raw = os.environ.get("THB_SUPPRESSION_THRESHOLD", "").strip()
    if not raw:
        return DEFAULT_SUPPRESSION_THRESHOLD
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"THB_SUPPRESSION_THRESHOLD must be a whole number, got {raw!r}") from exc
    if value < 1:
        raise SettingsError(f"THB_SUPPRESSION_THRESHOLD must be at least 1, got {value}")
    return value
