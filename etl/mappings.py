"""A steward's own mappings: ``mappings/`` in the source folder, read as data, no code.

Each CSV there extends or overrides the shipped table of the same name for the files of
that source folder only:

- ``countries.csv`` (``value,iso3,note``): a spelling and its ISO3 code, or an empty
  ``iso3`` to refuse the value as no country;
- ``glotip_codes.csv``, ``glotip_citizenship.csv``, ``ctdc_codes.csv``
  (``field,source_value,code,note``): as the tables of ``etl/reference/importers/``; a row
  for a value the shipped table has replaces it;
- ``accepted_values.csv`` (``country,year,indicator,value,note``): an implausible value
  the steward has checked and accepts (see :mod:`etl.plausibility`).

The build and ``etl check`` make the folder active with :func:`active` while they read the
files of its source folder; a broken mapping file is a named problem and is not used.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.problems import Problem

FOLDER = "mappings"
COUNTRIES = "countries.csv"
ACCEPTED = "accepted_values.csv"
#: A mapping file is a short table a person writes; anything larger is refused unread.
MAX_MAPPING_BYTES = 1024 * 1024
COLUMNS = {
    COUNTRIES: ("value", "iso3", "note"),
    ACCEPTED: ("country", "year", "indicator", "value", "note"),
}
CODE_COLUMNS = ("field", "source_value", "code", "note")


@dataclass
class StewardMappings:
    """The tables of one ``mappings/`` folder, by file name."""

    folder: Path | None = None
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: merged tables, computed once per folder; each reader types the table it keeps
    cache: dict[object, Any] = field(default_factory=dict)

    def rows(self, name: str) -> list[dict[str, str]]:
        return self.tables.get(name, [])


_ACTIVE: ContextVar[StewardMappings | None] = ContextVar("steward_mappings", default=None)
#: Outside any source folder: the shipped tables only.
_NONE = StewardMappings()


def current() -> StewardMappings:
    return _ACTIVE.get() or _NONE


def source_folder(path: Path) -> Path:
    """The source folder a file belongs to: above its ``cases/``, ``series/`` or ``survey/``.

    >>> source_folder(Path("/data/src/series/glotip.xlsx")).as_posix()
    '/data/src'
    >>> source_folder(Path("/downloads/glotip.xlsx")).as_posix()
    '/downloads'
    """
    folder = path if path.is_dir() else path.parent
    for up in (folder, *folder.parents[:2]):
        if up.name in ("cases", "series", "survey"):
            return up.parent
    return folder


def load(folder: Path) -> StewardMappings:
    """Read every mapping table of ``folder``; problems name the file, row and column."""
    found = StewardMappings(folder)
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.csv")):
        columns = COLUMNS.get(path.name, CODE_COLUMNS)
        shown = str(path)
        try:
            data = path.read_bytes()[: MAX_MAPPING_BYTES + 1]
            if len(data) > MAX_MAPPING_BYTES:
                raise ValueError(f"a mapping table under {MAX_MAPPING_BYTES // 1024} KB")
            text = data.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            expected = str(exc) if isinstance(exc, ValueError) else "a readable UTF-8 CSV file"
            found.problems.append(Problem(shown, None, None, None, None, expected))
            continue
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [c.strip().lower() for c in reader.fieldnames or []]
        missing = [c for c in columns[:3] if c not in header and c != "note"]
        if missing:
            found.problems.append(
                Problem(shown, None, 1, None, ",".join(header), "the columns " + ",".join(columns))
            )
            continue
        reader.fieldnames = header
        rows = []
        for number, row in enumerate(reader, start=2):
            clean = {k: (v or "").strip() for k, v in row.items() if k}
            problem = _row_problem(path.name, clean)
            if problem:
                column, value, expected = problem
                found.problems.append(Problem(shown, None, number, column, value, expected))
                continue
            rows.append(clean)
        found.tables[path.name] = rows
    return found


def _row_problem(name: str, row: dict[str, str]) -> tuple[str, str, str] | None:
    from etl.countries import _index, _key

    if name == COUNTRIES:
        if not row.get("value"):
            return "value", "", "the spelling to map"
        iso3 = row.get("iso3", "")
        if iso3 and _index().get(_key(iso3)) != iso3.upper():
            return "iso3", iso3, "an ISO 3166 alpha-3 code, or empty for 'not a country'"
    elif name == ACCEPTED:
        for column in ("country", "year", "indicator", "value"):
            if not row.get(column):
                return column, "", f"a {column}"
    elif not row.get("field") or not row.get("source_value"):
        return "source_value", row.get("source_value", ""), "a field and a source value"
    return None


@contextmanager
def active(folder: Path | None) -> Iterator[StewardMappings]:
    """Use the mappings of ``folder`` (a ``mappings/`` folder) for what is read inside."""
    mappings = load(folder) if folder is not None else StewardMappings()
    token = _ACTIVE.set(mappings)
    try:
        yield mappings
    finally:
        _ACTIVE.reset(token)


def steward_country(value: str) -> str | None:
    """The steward's ISO3 for a spelling; ``""`` when mapped to no country; None if unlisted."""
    mappings = current()
    table: dict[str, str] | None = mappings.cache.get(COUNTRIES)
    if table is None:
        from etl.countries import _key

        table = {_key(r["value"]): r.get("iso3", "").upper() for r in mappings.rows(COUNTRIES)}
        mappings.cache[COUNTRIES] = table
    if not table:
        return None
    from etl.countries import _key

    return table.get(_key(value))


def accepted(country: str, year: str, indicator: str, value: str) -> bool:
    """Whether the steward accepts this value although it looks implausible."""
    mappings = current()
    keys: set[tuple[str, str, str, str]] | None = mappings.cache.get(ACCEPTED)
    if keys is None:
        keys = {
            (r["country"].upper(), r["year"], r["indicator"], _number(r["value"]))
            for r in mappings.rows(ACCEPTED)
        }
        mappings.cache[ACCEPTED] = keys
    return (country, year, indicator, _number(value)) in keys


def _number(text: str) -> str:
    cleaned = text.replace(",", "").replace(" ", "")
    try:
        number = float(cleaned)
    except ValueError:
        return cleaned
    return str(int(number)) if number.is_integer() else str(number)


def fix_line(table: str, cells: list[str], *, folder: Path | None = None) -> str:
    """The exact line a steward adds to ``mappings/<table>``, and where.

    >>> fix_line("countries.csv", ["Atlantis", "ISO3", ""])
    'add to mappings/countries.csv: Atlantis,ISO3,'
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    where = f"{FOLDER}/{table}" if folder is None else f"{folder.name}/{FOLDER}/{table}"
    return f"add to {where}: {buffer.getvalue()}"
