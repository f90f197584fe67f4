"""What every query module shares: the reader it runs SQL through, and the SQL files.

A query module imports no Streamlit: it gets a :class:`Reader` (the app's is cached per
warehouse version, see :mod:`app.db`; tests and the command line use a plain one) and
returns frames, each with the provenance the page needs to caption and export it. A query
function marked :func:`cacheable` may be kept whole by a reader that keeps results, so that
the pandas work after its SQL is done once per warehouse version and arguments.
Values always travel as bound parameters (``$name``); identifiers (a grouping column, a
relation) are put into SQL text only from allow-lists, through ``{name}`` placeholders.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"

#: Every query names relations as ``wh.marts.<name>``: the warehouse is attached as ``wh``.
ALIAS = "wh"


class Reader(Protocol):
    """Runs one SQL statement against the warehouse and returns its result."""

    def frame(self, sql: str, params: Mapping[str, object] | None = None) -> pd.DataFrame: ...


@dataclass(frozen=True)
class DirectReader:
    """A reader over a DuckDB connection with the warehouse attached as ``wh`` (no caching)."""

    con: duckdb.DuckDBPyConnection

    def frame(self, sql: str, params: Mapping[str, object] | None = None) -> pd.DataFrame:
        return run(self.con, sql, params)

    @classmethod
    def open(cls, path: Path | str) -> DirectReader:
        """A read-only reader of the warehouse file at ``path``."""
        con = duckdb.connect(":memory:")
        con.execute(f"ATTACH ? AS {ALIAS} (READ_ONLY)", [str(path)])
        return cls(con)


F = TypeVar("F", bound=Callable[..., Any])


def cacheable(fn: F) -> F:
    """Mark a query function whose result depends on nothing but the warehouse and its
    arguments, which are plain values (text, numbers, tuples, lists).

    A reader with a ``keep(fn, args, kwargs)`` method (the app's) is asked for the result and
    may keep it; with any other reader the function simply runs. Callers get a result of
    their own (see :func:`fresh`), so changing it never changes what is kept.
    """

    @functools.wraps(fn)
    def call(wh: Reader, *args: Any, **kwargs: Any) -> Any:
        keep = getattr(wh, "keep", None)
        if keep is None:
            return fn(wh, *args, **kwargs)
        return keep(fn, args, kwargs)

    return cast(F, call)  # the wrapper takes and gives what fn does


def fresh(value: Any) -> Any:
    """A copy of a kept result that its caller may change without changing the kept one:
    frames and series copied shallowly (pandas copies their data on the first write),
    dicts, lists and dataclasses rebuilt around fresh values; anything else is immutable.

    >>> kept = {"a": [1, 2]}
    >>> mine = fresh(kept)
    >>> mine["a"].append(3)
    >>> kept
    {'a': [1, 2]}
    """
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fresh(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        mutable = {
            f.name: fresh(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init and isinstance(getattr(value, f.name), pd.DataFrame | pd.Series | dict | list)
        }
        return dataclasses.replace(value, **mutable) if mutable else value
    return value


def run(con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, object] | None = None) -> pd.DataFrame:
    """Execute ``sql`` with bound ``params`` on a cursor of ``con``; the result as a frame."""
    # via Arrow: DuckDB's .df() trips a pandas deprecation on time-zone columns
    return con.cursor().sql(sql, params=dict(params or {})).to_arrow_table().to_pandas()


class UnknownChoiceError(ValueError):
    """A grouping, measure or relation name that is not on the allow-list."""


def allowed(value: str, choices: Sequence[str] | Mapping[str, object], what: str) -> str:
    """``value`` if it is one of ``choices``; else UnknownChoiceError.

    >>> allowed("stage", ("stage", "technology"), "dimension")
    'stage'
    """
    if value not in choices:
        raise UnknownChoiceError(f"unknown {what}: {value!r}")
    return value


@cache
def _text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def sql(name: str, **identifiers: str) -> str:
    """The SQL of ``app/sql/<name>.sql`` with its ``{placeholders}`` filled.

    Callers pass only identifiers that went through :func:`allowed`; every placeholder of the
    file must be given, and nothing else.
    """
    text = _text(name)
    wanted = set(_PLACEHOLDER.findall(text))
    if wanted != set(identifiers):
        raise KeyError(f"{name}.sql needs {sorted(wanted)}, got {sorted(identifiers)}")
    return _PLACEHOLDER.sub(lambda m: identifiers[m.group(1)], text)


@dataclass(frozen=True)
class Provenance:
    """Where a frame's figures come from: what a caption and an export header say."""

    source: str
    synthetic: bool
    vintage: str | None = None
    wave: str | None = None
    period: str | None = None
    protection: str | None = None
    filters: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    #: "cases", "series", "categories" or "survey": what the page says of the protection, in
    #: its language
    kind: str = "survey"


@dataclass(frozen=True)
class Table:
    """A query's frame and its provenance."""

    frame: pd.DataFrame
    provenance: Provenance


def as_list(codes: Sequence[str]) -> list[str]:
    """Codes as a plain list of text, for a ``varchar[]`` parameter."""
    return [str(c) for c in codes]
