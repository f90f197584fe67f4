"""Case files of other layouts (a police export, a register), mapped by a sidecar.

The sidecar ``<file>.mapping.json`` (as for series, :mod:`etl.importers.long_table`) says
``"family": "cases"``, which of the file's columns is which, and what the file's own codes
mean::

    {"family": "cases", "source": "National police, THB case register", "vintage": "2025-03-31",
     "columns": {"case_id": "File no.", "country": "Country", "date": "Reported on",
                 "exploitation_type": "Exploitation", "recruitment_tech": ["Channel 1", "Channel 2"],
                 "technology": "ICT used", "modus_operandi": "MO", "victims_total": "Victims",
                 "victims_female": "of which female", "prosecution_outcome": "Outcome"},
     "codes": {"exploitation_type": {"SEX": "sexual", "ARB": "labour"},
               "technology": {"Facebook": "social_media", "Phone": null},
               "stage_technology": {"Telegram (control)": "control:encrypted_messaging"}},
     "separator": ";"}

Each mapped row becomes one case record in the documented columns (docs/data-formats.md,
section 2), so the build protects it like any case file. A row that cannot be mapped is
quarantined with file, row, column, value and, for an unmapped code, the exact pair to add
to the mapping. Columns whose names look like personal data refuse the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from etl import mappings
from etl.contracts import TECH_STAGES
from etl.importers._conflicts import Candidate, split_conflicts
from etl.importers._countries import resolve_country
from etl.importers._model import Converted, Family, RowRejected, build_table, refuse_if_strict
from etl.importers._read import Cell, Grid, is_blank, norm, read_grid
from etl.importers.long_table import nearest_code, read_json, sidecar_fix, sidecar_for
from etl.problems import FileFormatError, Problem

IMPORTER = "case_table"
FAMILY: Family = "cases"
#: Rows above the header (a title, an export date) are skipped; the header is the first
#: row of these that holds every mapped column.
HEADER_SEARCH_ROWS = 20
FIRST_YEAR = 1990

STAGE_FIELDS = tuple(f"{stage}_tech" for stage in TECH_STAGES)
#: Mapped fields whose cells hold several codes, and the vocabulary of their codes.
MULTI = {**dict.fromkeys(STAGE_FIELDS, "technology"), "modus_operandi": "modus_operandi"}
SINGLE = {"exploitation_type": "exploitation_type", "prosecution_outcome": "prosecution_outcome"}
COUNTS = ("victims_total", "victims_female", "victims_male", "victims_minor", "victims_adult")
#: One column of technologies at any stage: its codes name the stage, ``recruitment:social_media``.
MIXED = "technology"
FIELDS = ("case_id", "country", "year", "date", *SINGLE, *MULTI, MIXED, *COUNTS)
LISTABLE = (*MULTI, MIXED)
CODE_VOCABULARIES = (
    "exploitation_type",
    "technology",
    "stage_technology",
    "modus_operandi",
    "prosecution_outcome",
)
FIXED = ("country", "exploitation_type")
FLAG_TRUE = frozenset({"1", "1.0", "yes", "y", "true", "x"})
FLAG_FALSE = frozenset({"0", "0.0", "no", "n", "false", ""})
TOP_KEYS = frozenset({"family", "source", "vintage", "synthetic", "columns", "codes", "flags", "fixed",
                      "separator", "flag_values"})  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@cache
def _choices(vocabulary: str) -> tuple[tuple[str, str], ...]:
    """(code, English label) of a vocabulary; ``stage_technology`` pairs every stage and technology."""
    from etl.reference import label_rows

    labels = {(v, c): label for v, c, lang, label in label_rows() if lang == "en"}
    if vocabulary == "stage_technology":
        return tuple(
            (f"{s}:{t}", f"{labels[('stage', s)]}: {labels[('technology', t)]}")
            for s in TECH_STAGES
            for t, _ in _choices("technology")
        )
    return tuple((c, label) for (v, c), label in labels.items() if v == vocabulary)


@cache
def _known(vocabulary: str) -> dict[str, str]:
    """A vocabulary's codes by their code and their English label, compared as :func:`norm` does."""
    known: dict[str, str] = {}
    for code, label in _choices(vocabulary):
        known.setdefault(norm(code), code)
        known.setdefault(norm(label), code)
    return known


@dataclass
class CaseMapping:
    """Which column is which, what the file's codes mean, and where the records come from."""

    source: str
    vintage: str
    columns: dict[str, list[str]]
    #: per vocabulary, the file's value (compared as :func:`norm` does) -> our code or None
    codes: dict[str, dict[str, str | None]] = field(default_factory=dict)
    flags: dict[str, dict[str, str]] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    separator: str = "|"
    flag_values: dict[str, bool] = field(default_factory=dict)
    synthetic: bool | None = None
    #: the sidecar's file name, for problems and the pairs to add
    name: str = ""

    def source_columns(self) -> list[str]:
        """Every column of the file the mapping reads, once, in mapping order."""
        named = [c for columns in self.columns.values() for c in columns]
        named += [c for columns in self.flags.values() for c in columns]
        return list(dict.fromkeys(named))


def _columns_of(value: object) -> list[str] | None:
    if isinstance(value, str) and value.strip():
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return list(value)
    return None


def _code_problems(vocabulary: str, table: object) -> list[str]:
    if vocabulary not in CODE_VOCABULARIES:
        return [f"'codes' may only name {', '.join(CODE_VOCABULARIES)}, not {vocabulary!r}"]
    if not isinstance(table, dict):
        return [f"'codes' > {vocabulary!r} must map the file's values to codes"]
    allowed = {code for code, _ in _choices(vocabulary)}
    return [
        f"'codes' > {vocabulary!r}: {value!r} maps to {code!r}, not a code of {vocabulary}"
        + (
            " (write stage:technology, e.g. recruitment:social_media)"
            if vocabulary == "stage_technology"
            else ""
        )
        for value, code in table.items()
        if code is not None and (not isinstance(code, str) or code not in allowed)
    ]


def mapping_problems(data: object) -> list[str]:
    """What is wrong with a case mapping's content, as sentences (empty when it is valid)."""
    from etl.reference import denied_column_reason

    if not isinstance(data, dict):
        return ["the mapping must be a JSON object"]
    found = [
        f"unknown key {key!r} (known: {', '.join(sorted(TOP_KEYS))})" for key in data if key not in TOP_KEYS
    ]
    if data.get("family") != "cases":
        found.append("'family' must be 'cases' in a case file's mapping")
    for key in ("source", "vintage"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            found.append(f"{key!r} must be a non-empty text")
    if isinstance(data.get("vintage"), str):
        try:
            dt.date.fromisoformat(data["vintage"])
        except ValueError:
            found.append(f"'vintage' must be a date YYYY-MM-DD, not {data['vintage']!r}")
    if not isinstance(data.get("synthetic", False), bool):
        found.append("'synthetic' must be true or false")
    separator = data.get("separator", "|")
    if not isinstance(separator, str) or not 1 <= len(separator) <= 3 or separator.isspace():
        found.append("'separator' must be one to three characters, e.g. ';'")
    flag_values = data.get("flag_values", {})
    if not isinstance(flag_values, dict) or not all(isinstance(v, bool) for v in flag_values.values()):
        found.append('\'flag_values\' must map a cell to true or false, e.g. {"ja": true, "nein": false}')
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        return [*found, "'columns' must map the documented case columns to the file's columns"]
    fixed = data.get("fixed", {})
    if not isinstance(fixed, dict):
        found.append(f"'fixed' must map {' or '.join(FIXED)} to a value for every row")
        fixed = {}
    for key, value in columns.items():
        if key not in FIELDS:
            found.append(f"'columns' may only name {', '.join(FIELDS)}, not {key!r}")
        elif _columns_of(value) is None or (isinstance(value, list) and key not in LISTABLE):
            kind = "a column name, or a list of them" if key in LISTABLE else "a column name"
            found.append(f"'columns' > {key!r} must be {kind}")
        else:
            for column in _columns_of(value) or []:
                if reason := denied_column_reason(column):
                    found.append(f"'columns' > {key!r}: {column!r} {reason}: no personal data")
    for key in FIXED:
        if key in fixed and key in columns:
            found.append(f"{key!r} is either a column or fixed, not both")
    for key in set(fixed) - set(FIXED):
        found.append(f"'fixed' may only set {', '.join(FIXED)}, not {key!r}")
    if "country" in fixed and (
        not isinstance(fixed["country"], str) or not resolve_country(fixed["country"])
    ):
        found.append(f"'fixed' > 'country': {fixed['country']!r} is not a country")
    if (
        "exploitation_type" in fixed
        and fixed["exploitation_type"] not in _known("exploitation_type").values()
    ):
        found.append(f"'fixed' > 'exploitation_type': {fixed['exploitation_type']!r} is not a code")
    for key in ("case_id", "victims_total"):
        if key not in columns:
            found.append(f"'columns' must name the column of {key!r}")
    for key in FIXED:
        if key not in columns and key not in fixed:
            found.append(f"'columns' must name the column of {key!r} (or 'fixed' set it)")
    if ("year" in columns) == ("date" in columns):
        found.append("'columns' must name one of 'year' and 'date' (the year is taken from a date)")
    codes = data.get("codes", {})
    if not isinstance(codes, dict):
        found.append("'codes' must map a vocabulary to the file's values and their codes")
    else:
        for vocabulary, table in codes.items():
            found += _code_problems(vocabulary, table)
    flags = data.get("flags", {})
    if not isinstance(flags, dict):
        found.append("'flags' must map a field to its yes/no columns and their codes")
    else:
        for key, table in flags.items():
            vocabulary = "stage_technology" if key == MIXED else MULTI.get(key)
            if vocabulary is None or not isinstance(table, dict):
                found.append(f"'flags' may only name {', '.join(LISTABLE)}, each with column: code pairs")
                continue
            allowed = {code for code, _ in _choices(vocabulary)}
            for column, code in table.items():
                if not isinstance(code, str) or code not in allowed:
                    found.append(f"'flags' > {key!r} > {column!r}: {code!r} is not a code of {vocabulary}")
                if reason := denied_column_reason(column):
                    found.append(f"'flags' > {key!r}: {column!r} {reason}: no personal data")
    return found


def read_mapping(sidecar: Path) -> CaseMapping:
    """Read and check a case mapping; a broken mapping refuses the file it maps."""
    data = read_json(sidecar)
    found = mapping_problems(data)
    if found:
        raise FileFormatError(
            Problem(sidecar.name, None, None, None, None, "a valid case mapping: " + "; ".join(found))
        )
    assert isinstance(data, dict)
    return CaseMapping(
        source=data["source"].strip(),
        vintage=data["vintage"],
        columns={key: _columns_of(value) or [] for key, value in data["columns"].items()},
        codes={v: {norm(k): c for k, c in table.items()} for v, table in data.get("codes", {}).items()},
        flags={k: dict(table) for k, table in data.get("flags", {}).items()},
        fixed=dict(data.get("fixed", {})),
        separator=data.get("separator", "|"),
        flag_values={norm(k): v for k, v in data.get("flag_values", {}).items()},
        synthetic=data.get("synthetic"),
        name=sidecar.name,
    )


def _find_header(path: Path, grid: Grid, wanted: list[str]) -> int:
    """Index of the header row: the first of the first rows that holds every mapped column."""
    best, best_index = -1, 0
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        names = {norm(c) for c in row if c is not None}
        matched = sum(norm(c) in names for c in wanted)
        if matched == len(wanted):
            return index
        if matched > best:
            best, best_index = matched, index
    header = grid.rows[best_index] if grid.rows else []
    names = {norm(c) for c in header if c is not None}
    missing = [c for c in wanted if norm(c) not in names]
    found = ", ".join(str(c) for c in header if c is not None) or "no header"
    raise FileFormatError(
        Problem(
            path.name,
            grid.sheet,
            best_index + 1,
            None,
            ", ".join(missing),
            f"the columns its mapping names, in a header within the first {HEADER_SEARCH_ROWS} rows "
            f"(found {found})",
        )
    )


class _Row:
    """One source row read through the mapping."""

    def __init__(self, cells: list[Cell], at: dict[str, int], mapping: CaseMapping):
        self.cells, self.at, self.mapping = cells, at, mapping

    def cell(self, column: str) -> Cell:
        index = self.at[column]
        return self.cells[index] if index < len(self.cells) else None

    def first(self, key: str) -> tuple[str, Cell]:
        column = self.mapping.columns[key][0]
        return column, self.cell(column)

    def code(self, vocabulary: str, column: str, value: str) -> str | None:
        """Our code for one of the file's values: the mapping's own, else a code or label."""
        key = norm(value)
        own = self.mapping.codes.get(vocabulary, {})
        if key in own:
            return own[key]
        if key in _known(vocabulary):
            return _known(vocabulary)[key]
        choices = _choices(vocabulary)
        shown = ", ".join(code for code, _ in choices[:12]) + (", ..." if len(choices) > 12 else "")
        raise RowRejected(
            column,
            value,
            f"a value the mapping maps to a code of {vocabulary} ({shown})",
            sidecar_fix(self.mapping.name, ["codes", vocabulary], value, nearest_code(value, choices)),
        )

    def parts(self, column: str) -> list[str]:
        text = self.cell(column)
        if text is None:
            return []
        return [p.strip() for p in text.split(self.mapping.separator) if p.strip()]

    def flag(self, column: str) -> bool:
        text = norm(self.cell(column))
        if text in self.mapping.flag_values:
            return self.mapping.flag_values[text]
        if text in FLAG_TRUE or text in FLAG_FALSE:
            return text in FLAG_TRUE
        raise RowRejected(
            column,
            self.cell(column),
            "a yes/no flag (1/0, yes/no, true/false, x or empty; others through 'flag_values')",
        )


def _count(row: _Row, key: str, minimum: int) -> int | None:
    if key not in row.mapping.columns:
        return None
    column, text = row.first(key)
    if text is None:
        if key == "victims_total":
            raise RowRejected(column, None, "the number of victims (the cell is empty)")
        return None
    try:
        number = float(text.replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        number = -1.0
    if not number.is_integer() or number < minimum:
        raise RowRejected(column, text, f"a whole number of at least {minimum}")
    return int(number)


def _year(row: _Row) -> str:
    key = "year" if "year" in row.mapping.columns else "date"
    column, text = row.first(key)
    found = _YEAR.findall(text or "")
    if len(set(found)) != 1:
        expected = "a year (YYYY)" if key == "year" else "a date with a four-digit year"
        raise RowRejected(column, text, expected)
    year = int(found[0])
    if not FIRST_YEAR <= year <= dt.date.today().year:
        raise RowRejected(
            column, text, f"a year from {FIRST_YEAR} to {dt.date.today().year} (no future years)"
        )
    return str(year)


def _country(row: _Row) -> str:
    if "country" in row.mapping.fixed:
        return str(resolve_country(row.mapping.fixed["country"]))
    column, text = row.first("country")
    iso3 = resolve_country(text)
    if iso3:
        return iso3
    from etl.countries import group_reason
    from etl.importers.glotip import guess_country

    if text is None:
        raise RowRejected(column, None, "a country (the cell is empty)")
    if why := group_reason(text):
        raise RowRejected(column, text, f"one country, not {why}")
    fix = mappings.fix_line(mappings.COUNTRIES, [text, guess_country(text), ""])
    raise RowRejected(column, text, "a country name or ISO code", fix)


def _single(row: _Row, key: str) -> str | None:
    if key in row.mapping.fixed:
        return row.mapping.fixed[key]
    if key not in row.mapping.columns:
        return None
    column, text = row.first(key)
    if text is None:
        if key == "exploitation_type":
            raise RowRejected(column, None, "an exploitation type (the cell is empty)")
        return None
    code = row.code(SINGLE[key], column, text)
    if code is None and key == "exploitation_type":
        raise RowRejected(column, text, "an exploitation type (the mapping maps this value to null)")
    return code


def _multi(row: _Row) -> dict[str, list[str]]:
    """The codes of every multi-valued field: its columns, the flags, the mixed column."""
    found: dict[str, list[str]] = {key: [] for key in MULTI}
    for key, vocabulary in MULTI.items():
        for column in row.mapping.columns.get(key, []):
            found[key] += [c for c in (row.code(vocabulary, column, p) for p in row.parts(column)) if c]
        for column, code in row.mapping.flags.get(key, {}).items():
            if row.flag(column):
                found[key].append(code)
    mixed = [
        code
        for column in row.mapping.columns.get(MIXED, [])
        for code in (row.code("stage_technology", column, p) for p in row.parts(column))
        if code
    ]
    mixed += [code for column, code in row.mapping.flags.get(MIXED, {}).items() if row.flag(column)]
    for code in mixed:
        stage, technology = code.split(":")
        found[f"{stage}_tech"].append(technology)
    return found


def _breakdowns(row: _Row, counts: dict[str, int | None]) -> None:
    total = counts["victims_total"]
    assert total is not None, "a mapping names the column of victims_total"
    for first, second, what in (("female", "male", "sex"), ("minor", "adult", "age")):
        a, b = counts[f"victims_{first}"], counts[f"victims_{second}"]
        if (a or 0) + (b or 0) > total:
            column = row.mapping.columns[f"victims_{first}" if a is not None else f"victims_{second}"][0]
            raise RowRejected(
                column,
                f"{first} {a} + {second} {b} > total {total}",
                f"victims by {what} adding up to at most the total",
            )


def map_row(row: _Row) -> dict[str, object]:
    """One case record in the documented columns, or RowRejected naming the cell."""
    column, case_id = row.first("case_id")
    if case_id is None:
        raise RowRejected(column, None, "a case id (the cell is empty)")
    record: dict[str, object] = {
        "case_id": case_id,
        "country": _country(row),
        "year": _year(row),
        **{key: _single(row, key) for key in SINGLE},
    }
    counts = {key: _count(row, key, 1 if key == "victims_total" else 0) for key in COUNTS}
    record.update(counts)
    for key, codes in _multi(row).items():
        record[key] = "|".join(dict.fromkeys(codes)) or None
    _breakdowns(row, counts)
    return record


def _header_notes(
    path: Path, header: list[Cell], mapping: CaseMapping, drop_personal: bool, sheet: str | None, row: int
) -> list[str]:
    """What the mapping reads and leaves out; personal-data columns refuse the file (or are dropped)."""
    from etl.reference import denied_column_reason

    read = {norm(c) for c in mapping.source_columns()}
    personal = [(c, r) for c in header if c is not None and (r := denied_column_reason(c))]
    if personal and not drop_personal:
        column, reason = personal[0]
        raise FileFormatError(
            Problem(
                path.name,
                sheet,
                row,
                column,
                column,
                f"no personal data: the column {reason}; remove it from the file "
                f"(`python -m etl import-cases` leaves such columns out)",
            )
        )
    listed = [f"{key} <- {', '.join(repr(c) for c in columns)}" for key, columns in mapping.columns.items()]
    listed += [f"{key} <- flags {', '.join(repr(c) for c in table)}" for key, table in mapping.flags.items()]
    listed += [f"{key} = {value!r} on every row" for key, value in mapping.fixed.items()]
    notes = [f"mapping {mapping.name}: " + "; ".join(listed)]
    personal_names = {c for c, _ in personal}
    unread = [c for c in header if c is not None and norm(c) not in read and c not in personal_names]
    if unread:
        notes.append("columns not loaded: " + ", ".join(repr(c) for c in unread))
    if personal:
        notes.append("left out as personal data: " + ", ".join(f"{c!r} ({r})" for c, r in personal))
    return notes


def _summary(records: list[dict[str, object]]) -> str:
    """What would be loaded, in one line for the steward's check (never published)."""
    if not records:
        return "would load no case record"
    years = sorted({str(r["year"]) for r in records})
    countries = Counter(str(r["country"]) for r in records).most_common()
    victims = sum(int(str(r["victims_total"])) for r in records)
    online = sum(bool(r["recruitment_tech"]) for r in records)
    return (
        f"would load {len(records):,} case records of {years[0]}-{years[-1]} with {victims:,} victims, "
        f"{online:,} with a technology at recruitment; by country: "
        + ", ".join(f"{c} {n:,}" for c, n in countries)
    )


def convert(
    path: Path,
    *,
    strict: bool = False,
    mapping_path: Path | None = None,
    drop_personal: bool = False,
    grid: Grid | None = None,
) -> Converted:
    """Map a case file onto the documented case columns with its sidecar (or ``mapping_path``).

    ``drop_personal`` leaves columns that look like personal data out instead of refusing
    the file (``import-cases``, which writes a file without them).
    """
    sidecar = mapping_path or sidecar_for(path)
    if sidecar is None:
        raise ValueError(f"{path.name} has no mapping sidecar")
    mapping = read_mapping(sidecar)
    grid = grid or read_grid(path)
    wanted = mapping.source_columns()
    start = _find_header(path, grid, wanted)
    header = grid.rows[start]
    notes = _header_notes(path, header, mapping, drop_personal, grid.sheet, start + 1)
    positions = {norm(c): i for i, c in enumerate(header) if c is not None}
    at = {column: positions[norm(column)] for column in wanted}
    problems: list[Problem] = []
    candidates: list[Candidate] = []
    rows_in_file = 0
    for offset, cells in enumerate(grid.rows[start + 1 :]):
        if is_blank(cells):
            continue
        rows_in_file += 1
        number = start + 2 + offset
        row = _Row(cells, at, mapping)
        try:
            record = map_row(row)
        except RowRejected as reject:
            problems.append(reject.quarantine(path.name, grid.sheet, number))
            continue
        record.update(_row=number, _sheet=grid.sheet)
        column, case_id = row.first("case_id")
        candidates.append(Candidate(record, number, column, case_id))
    kept, conflicts = split_conflicts(
        candidates,
        lambda r: r["case_id"],
        lambda r: tuple(v for k, v in r.items() if k != "_row"),
        file=path.name,
        sheet=grid.sheet,
        what="case id",
    )
    kept.sort(key=lambda r: int(str(r["_row"])))
    notes.append(_summary(kept))
    converted = Converted(
        family=FAMILY,
        table=build_table(FAMILY, kept),
        problems=sorted(problems + conflicts, key=lambda p: p.row or 0),
        source=mapping.source,
        vintage=mapping.vintage,
        importer=IMPORTER,
        rows_in_file=rows_in_file,
        is_synthetic=mapping.synthetic,
        why=f"a case file with the mapping {sidecar.name}",
        notes=notes,
    )
    return refuse_if_strict(converted, strict)


def documented_rows(converted: Converted) -> Iterable[list[str]]:
    """The header and rows of the documented case layout (``cases`` left out: every row is one case)."""
    names = [c for c in converted.table.column_names if not c.startswith("_") and c != "cases"]
    yield names
    columns = [converted.table.column(name).to_pylist() for name in names]
    for values in zip(*columns, strict=True):
        yield ["" if v is None else str(v) for v in values]
