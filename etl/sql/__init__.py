"""The project's SQL files and how they are filled in.

Models and checks name tables through ``$name`` placeholders that only ever receive
identifiers chosen by the ETL itself; values always travel as bound parameters.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Template

SQL_DIR = Path(__file__).parent


@cache
def read(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def render(name: str, **identifiers: str) -> str:
    """The SQL of ``name`` with ``$placeholders`` replaced by trusted identifiers."""
    return Template(read(name)).substitute(identifiers)


def models(layer: str) -> list[tuple[str, str]]:
    """(model name, SQL) of a layer's files, in file-name order (a numeric prefix orders them)."""
    return [
        (p.stem.split("__")[-1], p.read_text(encoding="utf-8"))
        for p in sorted((SQL_DIR / layer).glob("*.sql"))
    ]
