"""Load the files of a source folder into the raw layer of a DuckDB database, checking each.

A :class:`Loader` is used by both the build (into a new warehouse file) and the check
(into an in-memory database that is thrown away).
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import json
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from etl import contracts, mappings
from etl.countries import country_rows
from etl.problems import FileFormatError, InputError, Problem
from etl.readers import SUPPORTED_SUFFIXES, ReadResult, file_sha256, read_table, type_text_table
from etl.reference import REFERENCE_DIR, category_rows, label_rows, published_figures
from etl.validate import CheckOutcome, Field, RowRule, check_values

Progress = Callable[[str], None]
WAVE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
SURVEY_FILES = ("wave", "codebook", "respondents", "responses")
#: A codebook item's header in a wide export, normalised as file headers are.
_WIDE_COLUMN = (
    "regexp_replace(lower(trim(coalesce(\"column\", question_id || '_' || item))), '\\s+', '_', 'g')"
)


@dataclass
class FileLoad:
    """What happened to one input file."""

    load_id: int
    family: str
    file: str
    format: str = ""
    sheet: str | None = None
    sha256: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    unknown_codes: dict[str, list[str]] = field(default_factory=dict)
    table: str | None = None
    row_sql: str = "rowid + 2"
    wave_id: str | None = None
    source: str | None = None
    vintage: str | None = None
    is_synthetic: bool = False
    importer: str | None = None
    #: what a survey tool's import found and did, for ``etl check``
    notes: list[str] = field(default_factory=list)
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def add(self, problems: Sequence[Problem], total: int | None = None) -> None:
        """Keep every problem; ``total`` counts problems that were not listed (if any)."""
        self.problems.extend(problems)
        self.problems_total += len(problems) if total is None else max(total, len(problems))


def init_reference(con: duckdb.DuckDBPyConnection) -> None:
    """The ``ref`` schema: codes, labels, countries and published figures, for checks and models."""
    con.execute("CREATE SCHEMA IF NOT EXISTS ref")
    con.execute(
        "CREATE OR REPLACE TABLE ref.labels (vocabulary VARCHAR, code VARCHAR, lang VARCHAR, label VARCHAR)"
    )
    insert_rows(con, "ref.labels", label_rows())
    con.execute("CREATE OR REPLACE VIEW ref.codes AS SELECT DISTINCT vocabulary, code FROM ref.labels")
    con.execute(
        "CREATE OR REPLACE TABLE ref.categories "
        "(indicator VARCHAR, category VARCHAR, rank INTEGER, label VARCHAR)"
    )
    con.executemany("INSERT INTO ref.categories VALUES (?, ?, ?, ?)", category_rows())
    con.execute(
        "CREATE OR REPLACE TABLE ref.countries (iso3 VARCHAR PRIMARY KEY, iso2 VARCHAR, name VARCHAR, "
        "coe_member BOOLEAN, convention_party BOOLEAN, responded_2021 BOOLEAN)"
    )
    insert_rows(con, "ref.countries", country_rows())
    figures = published_figures()
    con.execute(
        "CREATE OR REPLACE TABLE ref.published_figures (domain VARCHAR, challenge VARCHAR, "
        "published_score DOUBLE, qualifier VARCHAR, published_text VARCHAR, source VARCHAR, section VARCHAR, "
        "fieldwork_year INTEGER)"
    )
    insert_rows(
        con,
        "ref.published_figures",
        [
            (
                f["domain"],
                f["challenge"],
                float(f["published_score"]),
                f["qualifier"] or None,
                f["published_text"],
                f["source"],
                f["section"],
                int(f["fieldwork_year"]),
            )
            for f in figures
        ],
    )
    con.execute(
        "CREATE OR REPLACE TABLE ref.source_coverage AS SELECT 'CTDC' AS source_family, measure, "
        "ctdc_fills AS fills, how FROM read_csv(?, all_varchar = true, header = true)",
        [str(REFERENCE_DIR / "importers" / "ctdc_coverage.csv")],
    )
    _create_country_map(con)


def _create_country_map(con: duckdb.DuckDBPyConnection) -> None:
    # filled by each load with the country values it resolved
    con.execute("CREATE OR REPLACE TABLE ref.country_map (value VARCHAR PRIMARY KEY, iso3 VARCHAR)")


_reference_lock = threading.Lock()


def reference_views(con: duckdb.DuckDBPyConnection) -> None:
    """The ``ref`` schema for a database that is thrown away (a check): views onto the tables
    of :func:`init_reference`, written once per process to a file attached read-only, and a
    ``country_map`` of its own. Making the tables in each check cost four times as much; where
    no temporary file can be written, they are made."""
    with _reference_lock:  # one file, even for checks that start together
        path = _reference_file()
    if path is None:
        init_reference(con)
        return
    con.execute("ATTACH ? AS thb_reference (READ_ONLY)", [str(path)])
    con.execute("CREATE SCHEMA IF NOT EXISTS ref")
    for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'thb_reference' "
        "AND table_schema = 'ref' AND table_name <> 'country_map'"
    ).fetchall():
        con.execute(f"CREATE OR REPLACE VIEW ref.{name} AS FROM thb_reference.ref.{name}")
    _create_country_map(con)


@functools.cache
def _reference_file() -> Path | None:
    try:
        folder = tempfile.mkdtemp(prefix="thb-reference-")
    except OSError:
        return None
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = Path(folder) / "reference.duckdb"
    try:
        with duckdb.connect(str(path)) as writer:
            init_reference(writer)
    except (OSError, duckdb.Error):
        return None
    return path


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple[object, ...]], *, or_ignore: bool = False
) -> None:
    """Insert ``rows`` (tuples in the table's column order) in one statement, not one per row."""
    if not rows:
        return
    frame = pa.table({f"c{i}": pa.array(column) for i, column in enumerate(zip(*rows, strict=True))})
    con.register("_rows", frame)
    try:
        con.execute(f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO {table} SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


class Loader:
    """Reads files into ``raw.<family>_<load_id>`` tables and records what it found."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        strict: bool = False,
        progress: Progress | None = None,
        reference: Callable[[duckdb.DuckDBPyConnection], None] = init_reference,
    ):
        """``reference`` makes the ``ref`` schema: :func:`reference_views` where ``con`` is
        thrown away after the load."""
        self.con = con
        self.strict = strict
        self.progress = progress or (lambda _message: None)
        self.loads: list[FileLoad] = []
        self.settings = FileSettings()
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        reference(con)

    # -- folders -------------------------------------------------------------------------
    def load_source(self, source_dir: Path) -> list[FileLoad]:
        """Load a source folder laid out as ``survey/<wave>/``, ``cases/``, ``series/``."""
        if not source_dir.is_dir():
            raise InputError([Problem(str(source_dir), None, None, None, None, "a folder of input files")])
        manifest = read_manifest(source_dir)
        self.settings = FileSettings.of(manifest, source_dir)
        synthetic = bool(manifest.get("synthetic", False))
        case_source = str(manifest.get("source") or manifest.get("title") or source_dir.name)
        with mappings.active(source_dir / mappings.FOLDER) as steward:
            if steward.problems:
                self._new("mappings", source_dir / mappings.FOLDER).add(steward.problems)
            for wave_dir in sorted(p for p in (source_dir / "survey").glob("*") if p.is_dir()):
                self.load_wave(wave_dir)
            for path in _data_files(source_dir / "cases"):
                self.load_cases(path, source=case_source, is_synthetic=synthetic)
            for path in _data_files(source_dir / "series"):
                self.load_series(path, is_synthetic=synthetic)
        if not any(load.family != "mappings" for load in self.loads):
            raise InputError(
                [
                    Problem(
                        str(source_dir),
                        None,
                        None,
                        None,
                        None,
                        "at least one input file under survey/, cases/ or series/",
                    )
                ]
            )
        return self.loads

    # -- families --------------------------------------------------------------------------
    def load_cases(self, path: Path, *, source: str, is_synthetic: bool) -> FileLoad:
        # the manifest's ``files`` entry speaks for one file (e.g. one written by import-cases)
        given = self.settings.get(path) or {}
        load = self._new(
            "cases",
            path,
            source=given.get("source", source),
            is_synthetic=given.get("synthetic", is_synthetic),
            vintage=given.get("vintage"),
        )
        if self._read_converted(load, path, "cases") or self._read(load, path, contracts.CASES):
            self._check(load, contracts.CASES, contracts.CASE_RULES)
        return load

    def load_series(self, path: Path, *, is_synthetic: bool) -> FileLoad:
        load = self._new("series", path, is_synthetic=is_synthetic)
        if self._read_converted(load, path, "series") or self._read(load, path, contracts.SERIES):
            self._check(load, contracts.SERIES, contracts.SERIES_RULES)
            if load.table:
                self._check_series_conflicts(load)
        return load

    def load_wave(self, folder: Path) -> list[FileLoad]:
        """Load one wave folder; its four files are checked against each other.

        A folder holding a survey tool's form and export instead is imported through
        :mod:`etl.survey_tools` into the same tables and checks.
        """
        from etl import survey_tools

        if survey_tools.detect(folder):
            from etl.survey_tools.loading import load_tool_wave

            return load_tool_wave(self, folder)
        found = {stem: _find(folder, stem) for stem in SURVEY_FILES}
        loads: dict[str, FileLoad] = {}
        missing = [stem for stem, path in found.items() if path is None]
        if missing:
            load = self._new("survey_wave", folder)
            load.add(
                [
                    Problem(
                        str(folder),
                        None,
                        None,
                        None,
                        None,
                        f"a file named {stem}.csv (or .xlsx, .parquet)",
                    )
                    for stem in missing
                ]
            )
            return [load]
        files = {stem: path for stem, path in found.items() if path is not None}
        wave_id = folder.name
        wave = loads["wave"] = self._new("survey_wave", files["wave"], wave_id=wave_id)
        if self._read(wave, files["wave"], contracts.WAVE):
            self._check(wave, contracts.WAVE)
            self._check_wave_row(wave, folder)
        book = loads["codebook"] = self._new("survey_codebook", files["codebook"], wave_id=wave_id)
        if self._read(book, files["codebook"], contracts.CODEBOOK):
            self._check(book, contracts.CODEBOOK, contracts.CODEBOOK_RULES)
        people = loads["respondents"] = self._new("survey_respondents", files["respondents"], wave_id=wave_id)
        if self._read(people, files["respondents"], contracts.RESPONDENTS):
            self._check(people, contracts.RESPONDENTS, contracts.RESPONDENT_RULES)
        answers = loads["responses"] = self._new("survey_responses", files["responses"], wave_id=wave_id)
        if book.table and people.table and book.ok:
            self._read_responses(answers, files["responses"], book)
            if answers.table:
                self._check_answers(answers, book, people)
        else:
            answers.add(
                [
                    Problem(
                        str(files["responses"]),
                        None,
                        None,
                        None,
                        None,
                        "a valid codebook and respondents file first (see their problems)",
                        severity="warning",
                    )
                ]
            )
        if labels := _find(folder, "labels"):  # the form's wording in every language (import-survey)
            loads["labels"] = self._new("survey_labels", labels, wave_id=wave_id)
            if self._read(loads["labels"], labels, contracts.LABELS):
                self._check(loads["labels"], contracts.LABELS)
        return list(loads.values())

    # -- helpers -------------------------------------------------------------------------
    def _new(self, family: str, path: Path, **kwargs: Any) -> FileLoad:
        load = FileLoad(len(self.loads) + 1, family, str(path), **kwargs)
        self.loads.append(load)
        self.progress(f"reading {path}")
        return load

    def _read(self, load: FileLoad, path: Path, spec: Sequence[Field], *, allow_extra: bool = False) -> bool:
        table = f"raw.{load.family}_{load.load_id:04d}"
        try:
            result = read_table(self.con, path, table, spec, allow_extra=allow_extra)
        except FileFormatError as exc:
            load.add([exc.problem])
            return False
        self._take(load, result)
        return load.table is not None

    def _take(self, load: FileLoad, result: ReadResult) -> None:
        load.format, load.sheet, load.sha256 = (
            result.format,
            result.sheet,
            result.sha256 or load.sha256,
        )
        load.rows_loaded = result.rows
        load.rows_rejected = result.rejected_rows
        load.rows_read = result.rows + result.rejected_rows
        load.add(result.problems, result.problems_total)
        if result.rows or result.rejected_rows:
            load.table, load.row_sql = result.table, result.row_sql
        self._last_read = result

    def _read_converted(self, load: FileLoad, path: Path, family: str) -> bool:
        """Files in a known public layout (UNODC, CTDC, mapped long tables) are converted first."""
        try:
            from etl import importers
        except ImportError:
            return False
        try:
            converted = importers.convert(path, strict=self.strict)
        except FileFormatError as exc:
            load.add([exc.problem])
            return False
        except InputError as exc:
            load.add(exc.problems, exc.total)
            return False
        if converted is None:
            return False
        if converted.family != family:
            load.add(
                [
                    Problem(
                        str(path),
                        None,
                        None,
                        None,
                        converted.importer,
                        f"a {family} file in the {family}/ folder",
                    )
                ]
            )
            return False
        load.importer, load.source, load.vintage = (
            converted.importer,
            converted.source,
            converted.vintage,
        )
        # a recognised public download says itself whether it is synthetic; the folder's
        # manifest speaks for the files in the documented layouts, and for a recognised
        # download only where it names the file (``files``)
        if converted.is_synthetic is not None:
            load.is_synthetic = converted.is_synthetic
        load.notes.extend(converted.notes)
        given = self.settings.get(path)
        if given:
            load.is_synthetic = given.get("synthetic", load.is_synthetic)
            load.vintage = given.get("vintage", load.vintage)
            load.source = given.get("source", load.source)
        load.sha256 = file_sha256(path)
        spec = contracts.CASES if family == "cases" else contracts.SERIES
        names = [c for c in converted.table.column_names if not c.startswith("_")]
        text_table = f"raw_{family}_{load.load_id:04d}_text"
        self.con.register("_converted", converted.table)
        quoted = ", ".join(f'"{n}"::VARCHAR AS "{n}"' for n in names)
        self.con.execute(
            f"CREATE TEMP TABLE {text_table} AS SELECT _row::BIGINT AS _row, {quoted} FROM _converted"
        )
        self.con.unregister("_converted")
        result = type_text_table(
            self.con,
            path,
            None,
            converted.importer,
            text_table,
            f"raw.{family}_{load.load_id:04d}",
            names,
            spec,
        )
        self._take(load, result)
        load.add(converted.problems)
        load.rows_read = converted.rows_in_file
        if result.rows == converted.table.num_rows:
            # an aggregating importer (CTDC) loads fewer rows than the source rows they stand for
            load.rows_loaded = getattr(converted, "rows_loaded", result.rows)
        load.rows_rejected = converted.rows_in_file - load.rows_loaded
        return load.table is not None

    def _check(self, load: FileLoad, fields: Sequence[Field], rules: Sequence[RowRule] = ()) -> None:
        if not load.table:
            return
        outcome: CheckOutcome = check_values(self.con, self._last_read_for(load), fields, rules)
        load.add(outcome.problems, outcome.total)
        for column, values in outcome.unknown.items():
            load.unknown_codes.setdefault(column, []).extend(values)
        if outcome.countries:
            insert_rows(self.con, "ref.country_map", list(outcome.countries.items()), or_ignore=True)

    def _last_read_for(self, load: FileLoad) -> ReadResult:
        result = self._last_read
        assert result.table == load.table, "checks run right after the read of the same file"
        return result

    def _check_wave_row(self, load: FileLoad, folder: Path) -> None:
        rows = self.con.execute(f"SELECT {load.row_sql}, wave_id FROM {load.table}").fetchall()
        if len(rows) != 1:
            load.add([Problem(load.file, None, None, None, f"{len(rows)} rows", "exactly one row")])
        for row, wave_id in rows:
            if wave_id != folder.name or not WAVE_ID.match(folder.name):
                load.add(
                    [
                        Problem(
                            load.file,
                            None,
                            row,
                            "wave_id",
                            wave_id,
                            f"the folder's name {folder.name!r} (letters, digits, '_', '-', '.')",
                        )
                    ]
                )

    def _check_series_conflicts(self, load: FileLoad) -> None:
        key = (
            "country, year, indicator, coalesce(sex, 'total'), coalesce(age_group, 'total'), "
            "coalesce(exploitation_type, 'total'), coalesce(citizenship, 'total'), source, vintage"
        )
        rows = self.con.execute(
            f"SELECT {load.row_sql} AS r, country || ' ' || year || ' ' || indicator, count(*) OVER () "
            f"FROM {load.table} WHERE ({key}) IN (SELECT ({key}) FROM {load.table} GROUP BY ALL "
            "HAVING count(*) > 1) ORDER BY r"
        ).fetchall()
        if rows:
            load.add(
                [
                    Problem(
                        load.file,
                        load.sheet,
                        r,
                        "value",
                        v,
                        "one row per country, year, indicator, breakdown, source and vintage "
                        "(rows with the same key conflict)",
                    )
                    for r, v, _ in rows
                ],
                rows[0][2],
            )

    def _read_responses(self, load: FileLoad, path: Path, book: FileLoad) -> None:
        """Long files are read as they are; wide files are mapped through the codebook's columns."""
        table = f"raw.survey_responses_{load.load_id:04d}"
        try:
            from etl.readers import read_header

            header = (
                [h.strip().lower() for h in read_header(path)[0]] if path.suffix.lower() == ".csv" else None
            )
        except FileFormatError as exc:
            load.add([exc.problem])
            return
        is_long = header is not None and {"question_id", "item", "answer"} <= set(header)
        if header is None:
            is_long = self._sniff_long(path)
        if is_long:
            if self._read(load, path, contracts.LONG_RESPONSES):
                self._check(load, contracts.LONG_RESPONSES)
                self.con.execute(
                    f"CREATE TABLE raw.survey_answers_{load.load_id:04d} AS SELECT {load.row_sql} AS _row, "
                    f"'answer' AS _column, respondent_id, question_id, item, answer FROM {table}"
                )
            load.format += ", long layout"
            return
        columns = self._codebook_columns(book)
        spec = [contracts.LONG_RESPONSES[0]] + [Field(c) for c in columns]
        if not self._read(load, path, spec):
            return
        load.format += ", wide layout"
        wide = [c for c in self._last_read.columns if c != "respondent_id"]
        if not wide:
            load.add([Problem(load.file, None, 1, None, None, "one column per question item")])
            return
        unpivot = ", ".join(f'"{c}"' for c in wide)
        self.con.execute(
            f"CREATE TABLE raw.survey_answers_{load.load_id:04d} AS "
            f"SELECT u._row, u._column, u.respondent_id, b.question_id, b.item, u.answer FROM "
            f"(UNPIVOT (SELECT {load.row_sql} AS _row, respondent_id, {unpivot} FROM {table}) "
            f"ON {unpivot} INTO NAME _column VALUE answer) u "
            f"JOIN (SELECT {_WIDE_COLUMN} AS col, question_id, item "
            f"FROM {book.table}) b ON b.col = u._column"
        )

    def _sniff_long(self, path: Path) -> bool:
        import pyarrow.parquet as pq

        if path.suffix.lower() == ".parquet":
            names = [n.lower() for n in pq.ParquetFile(path).schema_arrow.names]
        else:
            from etl.readers import open_workbook

            book, handle = open_workbook(path)
            try:
                names = [
                    str(v).strip().lower()
                    for v in next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
                ]
            finally:
                book.close()
                handle.close()
        return {"question_id", "item", "answer"} <= set(names)

    def _codebook_columns(self, book: FileLoad) -> list[str]:
        rows = self.con.execute(f"SELECT {_WIDE_COLUMN} FROM {book.table}").fetchall()
        return [r[0] for r in rows]

    def _check_answers(self, load: FileLoad, book: FileLoad, people: FileLoad) -> None:
        from etl.sql import render

        assert book.table and people.table, "checked once both files are read"
        sql = render(
            "checks_load/survey_answers.sql",
            answers=f"raw.survey_answers_{load.load_id:04d}",
            codebook=book.table,
            respondents=people.table,
        )
        rows = self.con.execute(f"SELECT *, count(*) OVER () FROM ({sql}) ORDER BY 1").fetchall()
        if rows:
            load.add(
                [
                    Problem(load.file, load.sheet, r, c, None if v is None else str(v), e)
                    for r, c, v, e, _ in rows
                ],
                rows[0][4],
            )

    # -- results ---------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        return [p for load in self.loads for p in load.problems]

    def raise_for_errors(self) -> None:
        errors = [p for load in self.loads for p in load.errors]
        if errors:
            total = sum(load.problems_total for load in self.loads if not load.ok)
            raise InputError(errors, total)


def read_manifest(source_dir: Path) -> dict[str, Any]:
    """The source folder's ``manifest.json`` (an empty one when there is none)."""
    path = source_dir / "manifest.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_bytes()[: 1024 * 1024].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InputError([Problem(str(path), None, None, None, str(exc)[:200], "valid UTF-8 JSON")]) from None
    problems = _manifest_problems(data)
    if problems:
        raise InputError([Problem(str(path), None, None, c, v, e) for c, v, e in problems])
    assert isinstance(data, dict)
    return data


def _manifest_problems(data: object) -> list[tuple[str | None, str | None, str]]:
    if not isinstance(data, dict):
        return [(None, str(data)[:80], 'an object like {"synthetic": true, "source": "..."}')]
    found: list[tuple[str | None, str | None, str]] = []
    if not isinstance(data.get("synthetic", False), bool):
        found.append(("synthetic", str(data.get("synthetic"))[:80], "true or false"))
    files = data.get("files", {})
    if not isinstance(files, dict):
        return [*found, ("files", str(files)[:80], 'an object like {"cases/ctdc.csv": {"synthetic": false}}')]
    for name, given in files.items():
        if not isinstance(given, dict) or set(given) - {"synthetic", "vintage", "source"}:
            found.append((f"files.{name}", str(given)[:80], "an object of synthetic, vintage, source"))
            continue
        if not isinstance(given.get("synthetic", False), bool):
            found.append((f"files.{name}.synthetic", str(given["synthetic"]), "true or false"))
        if "vintage" in given:
            try:
                dt.date.fromisoformat(str(given["vintage"]))
            except ValueError:
                found.append((f"files.{name}.vintage", str(given["vintage"]), "a date YYYY-MM-DD"))
        if "source" in given and not (isinstance(given["source"], str) and given["source"].strip()):
            found.append((f"files.{name}.source", str(given["source"]), "a non-empty text"))
    return found


@dataclass
class FileSettings:
    """The manifest's ``files`` entries: synthetic status, vintage and source set per file.

    Keys are paths relative to the source folder (``cases/ctdc.csv``).
    """

    by_path: dict[Path, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, manifest: dict[str, Any], source_dir: Path) -> FileSettings:
        base = source_dir.resolve()
        return cls({(base / name).resolve(): given for name, given in manifest.get("files", {}).items()})

    def get(self, path: Path) -> dict[str, Any] | None:
        return self.by_path.get(path.resolve())


def _data_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)


def _find(folder: Path, stem: str) -> Path | None:
    for suffix in SUPPORTED_SUFFIXES:
        path = folder / f"{stem}{suffix}"
        if path.exists():
            return path
    return None
