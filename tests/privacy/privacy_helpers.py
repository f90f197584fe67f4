"""Shared helpers of the privacy tests: warehouses built from frames, file digests, downloads.

The app tests' fixture warehouse and page helpers are loaded by path, so that these tests run
alone or together with ``tests/app`` without depending on the order of ``sys.path``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


warehouse_sql = _load("privacy_warehouse_sql", ROOT / "tests" / "app" / "warehouse_sql.py")
apphelpers = _load("privacy_apphelpers", ROOT / "tests" / "app" / "apphelpers.py")

PAGES: tuple[str, ...] = apphelpers.PAGES
open_page: Callable = apphelpers.open_page


def write_warehouse(path: Path, tables: dict[str, pd.DataFrame] | None = None, sql: str = "") -> Path:
    """The app tests' tiny warehouse, with ``tables`` (``"marts.x"`` -> frame) put in place of
    its own and ``sql`` run afterwards."""
    warehouse_sql.write_warehouse(path)
    con = duckdb.connect(str(path))
    try:
        for name, frame in (tables or {}).items():
            con.register("_frame", frame)
            con.execute(f"create or replace table {name} as select * from _frame")
            con.unregister("_frame")
        if sql:
            con.execute(sql)
    finally:
        con.close()
    return path


def sha256(path: Path) -> str:
    """Digest of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def all_text(at) -> list[str]:
    """Every message a page shows: notes, errors, warnings, captions, markdown and metrics."""
    out: list[str] = []
    for kind in ("info", "warning", "error", "success", "caption", "markdown", "exception"):
        out += [str(el.value) for el in getattr(at, kind)]
    out += [f"{m.label}: {m.value}" for m in at.metric]
    return out
