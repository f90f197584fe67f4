"""Any long table (a country column, a year column, value columns), mapped by a sidecar.

The sidecar ``<file>.mapping.json`` sits next to the file (``victims.csv.mapping.json``;
``victims.mapping.json`` is accepted too)::

    {"country": "Entity", "year": "Year",
     "values": {"Detected victims": "detected_victims",
                "Tier": {"indicator": "tip_tier", "kind": "categorical",
                         "categories": {"Special Case": null}}},
     "source": "Our World in Data", "vintage": "2024-01-31",
     "status_for_empty": "not_available",
     "breakdowns": {"sex": "Sex"}}

``breakdowns`` is optional: columns that hold breakdown codes (sex, age_group,
exploitation_type, citizenship); a breakdown not given is ``total``. A value column of a
categorical indicator (vocabulary ``categorical_indicator``) holds categories, not numbers:
a cell is one of the indicator's codes or English labels, or a label its ``categories``
map to a code (``null``: not on the scale, stored as ``not_available``). A mapping with
``"family": "cases"`` maps a case file instead (:mod:`etl.importers.case_table`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from etl.importers._conflicts import Candidate, split_conflicts
from etl.importers._countries import resolve_country
from etl.importers._model import Converted, RowRejected, build_table, refuse_if_strict
from etl.importers._read import Cell, Grid, is_blank, norm, read_grid
from etl.problems import FileFormatError, Problem

IMPORTER = "long_table"
SIDECAR_SUFFIX = ".mapping.json"
#: A mapping is a small object of a few levels; more is not a mapping (and json recurses).
MAX_JSON_DEPTH = 20
MAX_MAPPING_BYTES = 256 * 1024
BREAKDOWNS = ("sex", "age_group", "exploitation_type", "citizenship")
EMPTY_STATUSES = ("not_available", "suppressed")


@dataclass
class Mapping:
    """Which column is which, and what the values are."""

    country: str
    year: str
    #: value column -> indicator code (numeric or categorical)
    values: dict[str, str]
    source: str
    vintage: str
    status_for_empty: str = "not_available"
    breakdowns: dict[str, str] = field(default_factory=dict)
    #: categorical value column -> {source label: category code, or None off the scale}
    categories: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: None: the source folder's manifest says whether the values are synthetic
    synthetic: bool | None = None

    def is_categorical(self, column: str) -> bool:
        return self.values[column] in _categorical()

    def to_json(self) -> str:
        values: dict[str, object] = {
            column: {"indicator": code, "kind": "categorical", "categories": self.categories.get(column, {})}
            if self.is_categorical(column)
            else code
            for column, code in self.values.items()
        }
        data: dict[str, object] = {
            "country": self.country,
            "year": self.year,
            "values": values,
            "source": self.source,
            "vintage": self.vintage,
            "status_for_empty": self.status_for_empty,
        }
        if self.breakdowns:
            data["breakdowns"] = self.breakdowns
        if self.synthetic is not None:
            data["synthetic"] = self.synthetic
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def sidecar_for(path: Path) -> Path | None:
    """The mapping file of ``path``, if one exists next to it."""
    for candidate in (
        path.with_name(path.name + SIDECAR_SUFFIX),
        path.with_name(path.stem + SIDECAR_SUFFIX),
    ):
        if candidate.is_file():
            return candidate
    return None


def _indicators() -> frozenset[str]:
    from etl.reference import vocabularies

    return vocabularies()["indicator"]


def _categorical() -> dict[str, tuple[tuple[str, str], ...]]:
    from etl.reference import categories

    return categories()


KINDS = ("number", "categorical")


def _value_problems(column: str, spec: object) -> list[str]:
    """What is wrong with one entry of ``values``: an indicator code, or an object."""
    if isinstance(spec, str):
        spec = {"indicator": spec}
    if not isinstance(spec, dict) or set(spec) - {"indicator", "kind", "categories"}:
        return [f"column {column!r}: an indicator code, or an object of indicator, kind, categories"]
    code, kind = spec.get("indicator"), spec.get("kind")
    categorical = _categorical()
    if not isinstance(code, str) or code not in _indicators():
        return [f"column {column!r}: {code!r} is not an indicator code"]
    actual = "categorical" if code in categorical else "number"
    if kind is not None and kind != actual:
        shown = kind if kind in KINDS else f"{kind!r} (one of {', '.join(KINDS)})"
        return [f"column {column!r}: {code} is of kind {actual!r}, not {shown}"]
    own = spec.get("categories", {})
    if own and actual != "categorical":
        return [f"column {column!r}: 'categories' belong to a categorical indicator only"]
    if not isinstance(own, dict):
        return [f"column {column!r}: 'categories' must map source labels to category codes"]
    allowed = {c for c, _ in categorical.get(code, ())}
    listed = ", ".join(sorted(allowed))
    return [
        f"column {column!r}: category {target!r} is not a code of {code} ({listed}, or null)"
        for target in own.values()
        if target is not None and (not isinstance(target, str) or target not in allowed)
    ]


def mapping_problems(data: object) -> list[str]:
    """What is wrong with a mapping's content, as sentences (empty when it is valid)."""
    if not isinstance(data, dict):
        return ["the mapping must be a JSON object"]
    found: list[str] = []
    if data.get("family", "series") != "series":
        found.append("'family' must be 'series' here, or 'cases' for a case file")
    for key in ("country", "year", "source", "vintage"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            found.append(f"{key!r} must be a non-empty text")
    values = data.get("values")
    if not isinstance(values, dict) or not values:
        hint = ' (a case file\'s mapping says "family": "cases")' if "columns" in data else ""
        found.append("'values' must map at least one column to an indicator code" + hint)
    else:
        for column, spec in values.items():
            found += _value_problems(column, spec)
        codes = [s.get("indicator") if isinstance(s, dict) else s for s in values.values()]
        if len({str(c) for c in codes}) != len(codes):
            found.append("two value columns map to the same indicator")
        if data.get("breakdowns") and any(str(c) in _categorical() for c in codes):
            found.append("a categorical value column takes no 'breakdowns'")
    if isinstance(data.get("vintage"), str):
        try:
            dt.date.fromisoformat(data["vintage"])
        except ValueError:
            found.append(f"'vintage' must be a date YYYY-MM-DD, not {data['vintage']!r}")
    status = data.get("status_for_empty", "not_available")
    if status not in EMPTY_STATUSES:
        found.append(f"'status_for_empty' must be one of {', '.join(EMPTY_STATUSES)}")
    if not isinstance(data.get("synthetic", False), bool):
        found.append("'synthetic' must be true or false")
    breakdowns = data.get("breakdowns", {})
    if (
        not isinstance(breakdowns, dict)
        or set(breakdowns) - set(BREAKDOWNS)
        or not all(isinstance(c, str) and c.strip() for c in breakdowns.values())
    ):
        found.append(f"'breakdowns' may only name {', '.join(BREAKDOWNS)}, each with a column")
    return found


def read_json(sidecar: Path) -> object:
    """A sidecar's JSON, read within the size and depth bounds; FileFormatError if it is not."""
    try:
        text = sidecar.read_bytes()[: MAX_MAPPING_BYTES + 1].decode("utf-8")
        if len(text) > MAX_MAPPING_BYTES:
            raise ValueError(f"a mapping under {MAX_MAPPING_BYTES // 1024} KB")
        depth = json_depth(text)
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"a mapping nested at most {MAX_JSON_DEPTH} levels deep, not {depth}")
        return json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FileFormatError(
            Problem(sidecar.name, None, None, None, None, f"a readable JSON mapping ({exc})")
        ) from exc


def mapping_family(sidecar: Path) -> str:
    """``cases`` when the sidecar says ``"family": "cases"``, else ``series`` (also when unreadable)."""
    try:
        data = read_json(sidecar)
    except FileFormatError:
        return "series"  # the series importer names what is wrong with it
    return "cases" if isinstance(data, dict) and data.get("family") == "cases" else "series"


def load_mapping(sidecar: Path) -> Mapping:
    """Read and check a sidecar; a broken sidecar refuses the file it maps."""
    data = read_json(sidecar)
    found = mapping_problems(data)
    if found:
        raise FileFormatError(
            Problem(sidecar.name, None, None, None, None, "a valid mapping: " + "; ".join(found))
        )
    assert isinstance(data, dict)
    values, categories = {}, {}
    for column, spec in data["values"].items():
        values[column] = spec["indicator"] if isinstance(spec, dict) else spec
        if values[column] in _categorical():
            categories[column] = dict(spec.get("categories", {})) if isinstance(spec, dict) else {}
    return Mapping(
        country=data["country"],
        year=data["year"],
        values=values,
        source=data["source"].strip(),
        vintage=data["vintage"],
        status_for_empty=data.get("status_for_empty", "not_available"),
        breakdowns=dict(data.get("breakdowns", {})),
        categories=categories,
        synthetic=data.get("synthetic"),
    )


def nearest_code(text: str, choices: Sequence[tuple[str, str]]) -> str:
    """The code whose code or label is closest to ``text``, or ``CODE`` to fill in.

    >>> nearest_code("Tier 2 watch-list", [("tier_2", "Tier 2"), ("tier_2_watch_list", "Tier 2 Watch List")])
    'tier_2_watch_list'
    >>> nearest_code("zzz", [("tier_1", "Tier 1")])
    'CODE'
    """
    names: dict[str, str] = {}
    for code, label in choices:
        names.setdefault(code.casefold(), code)
        names.setdefault(label.casefold(), code)
    close = difflib.get_close_matches(text.casefold(), names, n=1, cutoff=0.6)
    return names[close[0]] if close else "CODE"


def sidecar_fix(sidecar: str, where: Sequence[str], key: str, code: str | None) -> str:
    """The exact pair a steward adds to a JSON mapping, and the object to add it to.

    >>> sidecar_fix("t.csv.mapping.json", ["codes", "technology"], "Telegram", "CODE")
    'add to t.csv.mapping.json, in "codes" > "technology": "Telegram": "CODE"'
    """
    path = " > ".join(json.dumps(w, ensure_ascii=False) for w in where)
    pair = f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(code, ensure_ascii=False)}"
    return f"add to {sidecar}, in {path}: {pair}"


def json_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest in a JSON text, counted without parsing it.

    ``json.loads`` recurses once per level: 30,000 nested ``[`` raise RecursionError.

    >>> json_depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _number(text: str) -> str | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return str(int(number)) if number.is_integer() else cleaned


def _columns(path: Path, header: list[Cell], mapping: Mapping) -> dict[str, int]:
    """Position of every mapped column; a mapped column missing from the file refuses it."""
    positions = {norm(c): i for i, c in enumerate(header) if c is not None}
    wanted = [mapping.country, mapping.year, *mapping.values, *mapping.breakdowns.values()]
    missing = [c for c in wanted if norm(c) not in positions]
    if missing:
        raise FileFormatError(
            Problem(
                path.name,
                None,
                1,
                None,
                ", ".join(missing),
                f"the columns its mapping names (found {', '.join(str(c) for c in header)})",
            )
        )
    return {c: positions[norm(c)] for c in wanted}


def _category(column: str, text: str, mapping: Mapping, sidecar: str) -> str | None:
    """The category code of a cell: the mapping's own label first, then a code or label."""
    own = {norm(label): code for label, code in mapping.categories.get(column, {}).items()}
    key = norm(text)
    if key in own:
        return own[key]
    indicator = mapping.values[column]
    ranked = _categorical()[indicator]
    for code, label in ranked:
        if key in (norm(code), norm(label)):
            return code
    raise RowRejected(
        column,
        text,
        f"a category of {indicator}: " + ", ".join(code for code, _ in ranked) + " (or its label)",
        sidecar_fix(sidecar, ["values", column, "categories"], text, nearest_code(text, ranked)),
    )


def _map_row(
    row: list[Cell], at: dict[str, int], mapping: Mapping, sidecar: str = ""
) -> list[dict[str, object]]:
    def cell(column: str) -> Cell:
        index = at[column]
        return row[index] if index < len(row) else None

    raw_country = cell(mapping.country)
    country = resolve_country(raw_country)
    if country is None:
        raise RowRejected(mapping.country, raw_country, "a country (regions and groups are not)")
    raw_year = cell(mapping.year)
    year = _number(raw_year or "")
    if year is None or not year.isdigit():
        raise RowRejected(mapping.year, raw_year, "a year (whole number)")
    base: dict[str, object] = {"country": country, "year": year}
    for breakdown in BREAKDOWNS:
        column = mapping.breakdowns.get(breakdown)
        base[breakdown] = (cell(column) if column else None) or "total"
    records = []
    for column, indicator in mapping.values.items():
        text = cell(column)
        value = category = None
        if text is None:
            status = mapping.status_for_empty
        elif mapping.is_categorical(column):
            category = _category(column, text, mapping, sidecar)
            status = "reported" if category else "not_available"
        else:
            value, status = _number(text), "reported"
            if value is None:
                raise RowRejected(column, text, "a number or an empty cell")
        records.append(
            {**base, "indicator": indicator, "value": value, "category": category, "status": status}
        )
    return records


def _records(row: dict[str, object]) -> list[dict[str, object]]:
    """The series records of one source row (a row gives one record per value column)."""
    return cast(list[dict[str, object]], row["records"])


def convert(path: Path, *, strict: bool = False, grid: Grid | None = None) -> Converted:
    """Map a long table onto the series columns with its sidecar mapping."""
    sidecar = sidecar_for(path)
    if sidecar is None:
        raise ValueError(f"{path.name} has no {SIDECAR_SUFFIX} sidecar")
    mapping = load_mapping(sidecar)
    grid = grid or read_grid(path)
    if not grid.rows:
        raise FileFormatError(Problem(path.name, None, None, None, None, "a header row"))
    at = _columns(path, grid.rows[0], mapping)
    problems: list[Problem] = []
    candidates: list[Candidate] = []
    rows_in_file = 0
    for offset, row in enumerate(grid.rows[1:]):
        if is_blank(row):
            continue
        rows_in_file += 1
        number = offset + 2
        try:
            records = _map_row(row, at, mapping, sidecar.name)
        except RowRejected as reject:
            problems.append(reject.quarantine(path.name, grid.sheet, number))
            continue
        for record in records:
            record.update(source=mapping.source, vintage=mapping.vintage, _row=number, _sheet=grid.sheet)
        first = records[0]
        candidates.append(
            Candidate(
                {"records": records, **first},
                number,
                mapping.country,
                str(row[at[mapping.country]]),
            )
        )
    kept, conflicts = split_conflicts(
        candidates,
        lambda r: tuple(r[k] for k in ("country", "year", *BREAKDOWNS)),
        lambda r: tuple((x["indicator"], x["value"], x["category"], x["status"]) for x in _records(r)),
        file=path.name,
        sheet=grid.sheet,
        what="country, year and breakdown",
    )
    problems = sorted(problems + conflicts, key=lambda p: p.row or 0)
    kept.sort(key=lambda r: int(str(r["_row"])))
    loaded = [x for r in kept for x in _records(r)]
    converted = Converted(
        family="series",
        table=build_table("series", loaded),
        problems=problems,
        source=mapping.source,
        vintage=mapping.vintage,
        importer=IMPORTER,
        rows_in_file=rows_in_file,
        is_synthetic=mapping.synthetic,
        rows_loaded=len(kept),
    )
    return refuse_if_strict(converted, strict)
