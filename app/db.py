"""The app's read-only view of the warehouse: one connection per warehouse file version.

DuckDB keeps serving the old database to ``duckdb.connect(path, read_only=True)`` while
another connection to that path is open in the process, even after the file was replaced.
Attaching the file to an in-memory database does see the replaced file, so connections are
made that way and cached per file identity (path, inode, mtime): a rebuilt warehouse gets
a new identity, hence a new connection, without restarting the app.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pandas as pd
import streamlit as st

from app import memo
from app.queries._base import ALIAS, fresh, run
from etl.schema import SCHEMA_VERSION


class WarehouseMissingError(FileNotFoundError):
    """No warehouse file at the configured path."""


class SchemaVersionError(RuntimeError):
    """The warehouse was built for another schema version than the app understands."""

    def __init__(self, found: int | None, path: Path):
        self.found = found
        self.path = path
        super().__init__(
            f"The warehouse {path} has schema version {found}, this app reads version "
            f"{SCHEMA_VERSION}. Rebuild it with: python -m etl build --db {path}"
        )


class WarehouseId(NamedTuple):
    """Identity of one version of the warehouse file; hashable, so it keys the caches."""

    path: str
    inode: int
    mtime_ns: int


def identify(path: Path) -> WarehouseId:
    """The identity of the file now at ``path``; raises WarehouseMissingError if none."""
    try:
        stat = os.stat(path)
    except FileNotFoundError as exc:
        raise WarehouseMissingError(f"No warehouse at {path}") from exc
    return WarehouseId(str(Path(path).resolve()), stat.st_ino, stat.st_mtime_ns)


@st.cache_resource(max_entries=2, show_spinner=False)
def connect(wid: WarehouseId) -> duckdb.DuckDBPyConnection:
    """A read-only connection for one warehouse version. Never mutate it: use ``cursor()``."""
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH ? AS {ALIAS} (READ_ONLY)", [wid.path])
    # After the one attach, nothing a query says can reach another file or the network.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def cursor(wid: WarehouseId) -> duckdb.DuckDBPyConnection:
    """A cursor of the cached connection: cheap, and safe to use from one script thread."""
    return connect(wid).cursor()


#: Query results by warehouse version, statement and parameters; and results of the query
#: functions marked cacheable, by function and arguments. Kept as objects in a dict (a
#: cache_data hit unpickled the frame on every call, which cost more than the rest of a page
#: run); every caller gets a copy of its own (fresh), so that nothing it does changes them.
_FRAMES = memo.Memo("query results", max_entries=1024)
_KEPT = memo.Memo("query functions", max_entries=2048)


@dataclass(frozen=True)
class CachedReader:
    """The app's reader (:class:`app.queries.Reader`): results kept per warehouse version,
    statement and parameters, shared by every session; so are the results of query functions
    marked :func:`app.queries._base.cacheable`, per function and arguments."""

    wid: WarehouseId

    def frame(self, sql: str, params: Mapping[str, object] | None = None) -> pd.DataFrame:
        params = dict(params or {})
        try:
            key = (self.wid, sql, memo.key_of(params))
        except TypeError:  # a parameter with no plain form: not kept
            return run(connect(self.wid), sql, params)
        return fresh(_FRAMES.get(key, lambda: run(connect(self.wid), sql, params)))

    def keep(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Any:
        """The result of ``fn(self, *args, **kwargs)``, computed once per warehouse version."""
        try:
            key = (self.wid, fn.__module__, fn.__qualname__, memo.key_of(args), memo.key_of(dict(kwargs)))
        except TypeError:  # an argument with no plain form: not kept
            return fn(self, *args, **kwargs)
        return fresh(_KEPT.get(key, lambda: fn(self, *args, **kwargs)))


class QueryContext(NamedTuple):
    """What a page run reads with: the warehouse version, the small-count threshold and the
    visitor's language."""

    wid: WarehouseId
    threshold: int
    lang: str = "en"

    @property
    def wh(self) -> CachedReader:
        """The reader every query of this run goes through."""
        return CachedReader(self.wid)


def schema_version(wid: WarehouseId) -> int | None:
    """``meta.build_info.schema_version``, or None when the warehouse lacks it."""
    try:
        row = cursor(wid).execute(f"select max(schema_version) from {ALIAS}.meta.build_info").fetchone()
    except duckdb.Error:
        return None
    return None if row is None or row[0] is None else int(row[0])


def check_schema(wid: WarehouseId) -> None:
    """Raise SchemaVersionError unless the warehouse speaks ``SCHEMA_VERSION``."""
    found = schema_version(wid)
    if found != SCHEMA_VERSION:
        raise SchemaVersionError(found, Path(wid.path))


def ensure_warehouse(
    db_path: Path,
    demo_source: Path,
    progress: Callable[[str], None] | None = None,
) -> bool:
    """Build the warehouse from the demo data if the file is missing; True if it built one."""
    if db_path.exists():
        return False
    from etl.build import build_warehouse  # imported late: only needed on a first start

    db_path.parent.mkdir(parents=True, exist_ok=True)
    build_warehouse(demo_source, db_path, progress=progress)
    return True
