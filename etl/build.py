"""Build the warehouse: load and check every input, run the models, swap the new files in.

A build writes two files: the *private* warehouse (every layer: raw, staging, the exact case
aggregates in ``exact`` and the release's noise ledger) and the *public* one the dashboard
reads, which holds only ``marts`` and ``meta``, with every count of cases and victims taken
from the protected release (:mod:`etl.release`). Both are written as new files beside their
targets and replace them with ``os.replace`` only when everything passed, so a failed build
leaves the previous warehouse whole and a reader never sees a half-built file.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from etl import contracts, mappings, plausibility, release, schema, sql
from etl.load import FileLoad, Loader
from etl.problems import DataTestError, InputError, Problem, WarehouseError
from etl.readers import ColumnSpec

Progress = Callable[[str], None]
DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")
DEMO_SOURCE = Path(__file__).resolve().parent.parent / "data" / "demo"

#: Raw families and the columns an empty family's view still has.
RAW_FAMILIES: dict[str, tuple[ColumnSpec, ...]] = {
    "cases": contracts.CASES,
    "series": contracts.SERIES,
    "survey_wave": contracts.WAVE,
    "survey_codebook": contracts.CODEBOOK,
    "survey_respondents": contracts.RESPONDENTS,
    "survey_labels": contracts.LABELS,
    "survey_answers": (
        ColumnSpec("_column"),
        ColumnSpec("respondent_id"),
        ColumnSpec("question_id"),
        ColumnSpec("item"),
        ColumnSpec("answer"),
    ),
}


@dataclass
class BuildReport:
    db_path: Path
    build_id: str
    loads: list[FileLoad]
    rows: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"built {self.db_path} (build {self.build_id})"]
        lines += [f"  {name}: {count:,} rows" for name, count in self.rows.items()]
        return "\n".join(lines)


def private_path(db_path: Path) -> Path:
    """The private warehouse beside the public one: ``warehouse.duckdb`` -> ``warehouse.private.duckdb``.

    >>> private_path(Path("data/warehouse.duckdb")).name
    'warehouse.private.duckdb'
    """
    return db_path.with_name(f"{db_path.stem}.private{db_path.suffix}")


def warehouse_path(explicit: str | Path | None = None) -> Path:
    """``--db`` if given, else ``$THB_WAREHOUSE``, else ``data/warehouse.duckdb``."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("THB_WAREHOUSE") or DEFAULT_WAREHOUSE)


def build_warehouse(
    source_dir: Path, db_path: Path, progress: Progress | None = None, *, strict: bool = False
) -> BuildReport:
    """Build ``db_path`` from ``source_dir``; raise InputError/DataTestError and change nothing on failure."""
    say = progress or (lambda _m: None)
    db_path = Path(db_path)
    private = private_path(db_path)
    _check_writable(db_path)
    build_id = uuid.uuid4().hex[:12]
    remove_stale_builds(db_path)
    tmp_path = db_path.with_name(f".{db_path.name}.{os.getpid()}.{build_id}.building")
    tmp_private = private.with_name(f".{private.name}.{os.getpid()}.{build_id}.building")
    try:
        ledger = read_ledger(private)
        con = duckdb.connect(str(tmp_private))
        try:
            report = _build_into(con, Path(source_dir), db_path, build_id, say, strict, ledger)
            con.execute("CHECKPOINT")
            publish(con, tmp_path)
        finally:
            con.close()
        _fsync(tmp_private)
        _fsync(tmp_path)
        # the private file first: a build stopped between the two swaps leaves the previous
        # public warehouse whole, and the next build keeps the noise the new ledger holds
        os.replace(tmp_private, private)
        os.replace(tmp_path, db_path)
        _fsync(db_path.parent)
        say(f"swapped in {db_path} (public) and {private.name} (private)")
        return report
    except (OSError, duckdb.Error) as exc:
        # DuckDB reports a full disk as an IOException or, at commit, a TransactionException
        if getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in str(exc):
            raise WarehouseError(
                f"No space left on the device while writing {tmp_path}; the previous warehouse "
                f"{db_path} is unchanged. Free some space and build again."
            ) from None
        if not isinstance(exc, OSError | duckdb.IOException):
            raise  # a fault of the build itself, not of its environment
        # e.g. the target is a folder, or a file vanished: a message, not a traceback
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        where = f" ({exc.filename})" if isinstance(exc, OSError) and exc.filename else ""
        raise WarehouseError(
            f"Could not build {db_path}: {reason}{where}. The previous warehouse is unchanged. "
            f"Point the build elsewhere with --db PATH or THB_WAREHOUSE, or fix the path."
        ) from None
    finally:
        for leftover in (tmp_path, tmp_private):
            for path in (leftover, leftover.with_name(leftover.name + ".wal")):
                path.unlink(missing_ok=True)


def remove_stale_builds(db_path: Path) -> list[Path]:
    """Delete half-written files of builds whose process is gone (killed, or the machine stopped)."""
    removed = []
    for name in (db_path.name, private_path(db_path).name):
        for path in db_path.parent.glob(f".{name}.*.building*"):
            parts = path.name.removeprefix(f".{name}.").split(".")
            if parts[0].isdigit() and _process_alive(int(parts[0])):
                continue  # another build is writing it now
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _check_writable(db_path: Path) -> None:
    folder = db_path.parent if str(db_path.parent) else Path(".")
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True)
    for target in (db_path, private_path(db_path)):
        if target.is_dir():
            # refused before anything is written: the two files are swapped in one after the other
            raise WarehouseError(
                f"Could not build {db_path}: Is a directory ({target}). The previous warehouse is "
                f"unchanged. Point the build elsewhere with --db PATH or THB_WAREHOUSE, or fix the path."
            )
    if not os.access(folder, os.W_OK):
        raise WarehouseError(
            f"Cannot write to {folder}: the folder is read-only. Point the build elsewhere with "
            f"--db PATH or THB_WAREHOUSE, or make the folder writable."
        )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _build_into(
    con: duckdb.DuckDBPyConnection,
    source_dir: Path,
    db_path: Path,
    build_id: str,
    say: Progress,
    strict: bool,
    ledger: release.noise.Ledger,
) -> BuildReport:
    for name in ("meta", "staging", "exact", "marts", "ledger"):
        con.execute(f"CREATE SCHEMA {name}")
    loader = Loader(con, strict=strict, progress=say)
    loads = loader.load_source(source_dir)
    write_population(con, source_dir)
    _check_case_ids(con, loads)
    loader.raise_for_errors()
    if strict:
        quarantined = [p for p in loader.problems() if p.severity == "quarantine"]
        if quarantined:
            raise InputError(quarantined)
    write_meta(con, loads, build_id, source_dir)
    create_raw_views(con, loads)
    say("running models")
    for layer in ("staging", "exact"):
        _run_models(con, layer, say)
    say("protecting the counts of cases and victims")
    protected = release.build_release(con, ledger, say)
    con.register("_ledger", protected.ledger)
    con.execute("CREATE TABLE ledger.noise AS SELECT * FROM _ledger")
    con.unregister("_ledger")
    _run_models(con, "marts", say)
    write_build_info(con, build_id, source_dir)
    say("testing the warehouse against its contract")
    run_data_tests(con)
    rows = {
        name: con.execute(f"SELECT count(*) FROM marts.{name}").fetchone()[0]
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1"
        ).fetchall()
    }
    return BuildReport(db_path, build_id, loads, rows)


def _run_models(con: duckdb.DuckDBPyConnection, layer: str, say: Progress) -> None:
    for name, model in sql.models(layer):
        say(f"  {layer}.{name}")
        con.execute(model)


#: Where the shipped population table comes from.
POPULATION_SOURCE = (
    "World Bank, Population, total (SP.POP.TOTL), via the datahub.io core 'population' data "
    "package (github.com/datasets/population); licence PDDL-1.0"
)


def write_population(con: duckdb.DuckDBPyConnection, source_dir: Path) -> None:
    """``ref.population``: people per country and year, for rates per 100,000 inhabitants.

    The steward's ``mappings/population.csv`` (a newer download in the World Bank layout:
    ``Country Name, Country Code, Year, Value``) replaces the shipped table.
    """
    with mappings.active(source_dir / mappings.FOLDER):
        path = plausibility.population_path()
    steward = path is not None and path.parent.name == mappings.FOLDER
    source = f"{mappings.FOLDER}/{path.name} of the source folder" if steward else POPULATION_SOURCE
    con.execute(
        "CREATE TABLE ref.population (country_iso3 VARCHAR, year INTEGER, population DOUBLE, source VARCHAR)"
    )
    if path is None:
        return
    con.execute(
        'INSERT INTO ref.population SELECT "Country Code", try_cast("Year" AS INTEGER), '
        'try_cast("Value" AS DOUBLE), ? FROM read_csv(?, all_varchar = true, header = true) '
        'WHERE "Country Code" IN (SELECT iso3 FROM ref.countries) '
        'AND try_cast("Value" AS DOUBLE) > 0 AND try_cast("Year" AS INTEGER) IS NOT NULL',
        [source, str(path)],
    )


def read_ledger(private: Path) -> release.noise.Ledger:
    """The noise of the previous build, kept so that unchanged cells keep their noise.

    A missing, unreadable or older private file gives an empty ledger: every cell then gets
    fresh noise, as in a first build.
    """
    if not private.exists():
        return release.noise.Ledger.empty()
    try:
        con = duckdb.connect(str(private), read_only=True)
    except duckdb.Error:
        return release.noise.Ledger.empty()
    try:
        frame = con.execute(f"SELECT {', '.join(release.noise.LEDGER_COLUMNS)} FROM ledger.noise").df()
    except duckdb.Error:
        return release.noise.Ledger.empty()
    finally:
        con.close()
    return release.noise.Ledger(frame)


def publish(con: duckdb.DuckDBPyConnection, public_path: Path) -> None:
    """Write the public warehouse: ``marts`` and ``meta``, with nothing that counts cases exactly.

    ``meta.loads`` keeps every file, but not the number of rows of a protected case file: one
    file per country would give that country's exact count.
    """
    con.execute("ATTACH ? AS pub", [str(public_path)])
    try:
        for schema in ("marts", "meta"):
            con.execute(f"CREATE SCHEMA pub.{schema}")
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
            "AND table_schema = 'marts' AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
        for (name,) in tables:
            con.execute(f"CREATE TABLE pub.marts.{name} AS SELECT * FROM marts.{name}")
        con.execute(sql.read("publish/meta.sql"))
        con.execute("CHECKPOINT pub")
    finally:
        con.execute("DETACH pub")


def _check_case_ids(con: duckdb.DuckDBPyConnection, loads: list[FileLoad]) -> None:
    case_loads = [load for load in loads if load.family == "cases" and load.table]
    if not case_loads:
        return
    create_raw_views(con, case_loads, families=("cases",))
    by_id = {load.load_id: load for load in case_loads}
    rows = con.execute(sql.read("checks_load/case_ids.sql")).fetchall()
    for load_id, row, case_id in rows:
        load = by_id[load_id]
        load.add(
            [
                Problem(
                    load.file,
                    load.sheet,
                    row,
                    "case_id",
                    case_id,
                    "a case_id used once across all case files",
                )
            ]
        )
    con.execute("DROP VIEW raw.cases")


def relative_name(file: str, source_dir: Path) -> str:
    """A file's name relative to the source folder (``cases/x.csv``), never a server path.

    >>> relative_name("/srv/data/src/cases/x.csv", Path("/srv/data/src"))
    'cases/x.csv'
    >>> relative_name("/elsewhere/y.csv", Path("/srv/data/src"))
    'y.csv'
    """
    path = Path(file)
    try:
        return path.resolve().relative_to(Path(source_dir).resolve()).as_posix()
    except ValueError:
        return path.name


def write_meta(
    con: duckdb.DuckDBPyConnection, loads: list[FileLoad], build_id: str, source_dir: Path
) -> None:
    now = dt.datetime.now(dt.UTC)
    con.execute(
        "CREATE TABLE meta.loads (load_id INTEGER PRIMARY KEY, family VARCHAR, file VARCHAR, sheet VARCHAR, "
        "format VARCHAR, importer VARCHAR, sha256 VARCHAR, rows_read BIGINT, rows_loaded BIGINT, "
        "rows_rejected BIGINT, wave_id VARCHAR, source VARCHAR, vintage VARCHAR, is_synthetic BOOLEAN, "
        "started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, outcome VARCHAR, message VARCHAR)"
    )
    con.executemany(
        "INSERT INTO meta.loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                ld.load_id,
                ld.family,
                relative_name(ld.file, source_dir),
                ld.sheet,
                ld.format,
                ld.importer,
                ld.sha256,
                ld.rows_read,
                ld.rows_loaded,
                ld.rows_rejected,
                ld.wave_id,
                ld.source,
                ld.vintage,
                ld.is_synthetic,
                ld.started_at,
                now,
                "quarantined" if ld.problems_total else "loaded",
                f"{ld.problems_total} row(s) quarantined" if ld.problems_total else None,
            )
            for ld in loads
        ],
    )
    # every problem, however many: an Arrow table inserts a million rows in a second
    columns: dict[str, list] = {k: [] for k in ("load_id", "file", "sheet", "row", "column")}
    columns.update(value=[], expected=[], severity=[])
    for ld in loads:
        for p in ld.problems:
            for key, value in zip(
                columns,
                (ld.load_id, relative_name(p.file, source_dir), p.sheet, p.row, p.column, p.value,
                 p.expected, p.severity),
                strict=True,
            ):  # fmt: skip
                columns[key].append(value)
    problems = pa.table(
        columns,
        schema=pa.schema(
            [("load_id", pa.int32()), ("file", pa.string()), ("sheet", pa.string()), ("row", pa.int64())]
            + [(name, pa.string()) for name in ("column", "value", "expected", "severity")]
        ),
    )
    con.register("_problems", problems)
    con.execute(
        'CREATE TABLE meta.problems (load_id INTEGER, file VARCHAR, sheet VARCHAR, "row" BIGINT, '
        '"column" VARCHAR, value VARCHAR, expected VARCHAR, severity VARCHAR)'
    )
    con.execute("INSERT INTO meta.problems SELECT * FROM _problems")
    con.unregister("_problems")


def write_build_info(con: duckdb.DuckDBPyConnection, build_id: str, source_dir: Path) -> None:
    """One row naming the build; written after the marts, which say whether anything is synthetic.

    ``source_dir`` keeps the source folder's own name only, never the server path to it.
    """
    con.execute(
        "CREATE TABLE meta.build_info AS SELECT ? AS build_id, ?::INTEGER AS schema_version, "
        "now() AS built_at, ? AS source_dir, coalesce(bool_or(is_synthetic), false) AS is_synthetic "
        "FROM marts.sources",
        [build_id, schema.SCHEMA_VERSION, Path(source_dir).resolve().name],
    )


def create_raw_views(
    con: duckdb.DuckDBPyConnection,
    loads: list[FileLoad],
    families: tuple[str, ...] = tuple(RAW_FAMILIES),
) -> None:
    """``raw.<family>``: every file of a family, with ``_load_id`` and ``_row``."""
    for family in families:
        parts = []
        for load in loads:
            table = load.table
            if family == "survey_answers" and load.family == "survey_responses" and load.table:
                table = f"raw.survey_answers_{load.load_id:04d}"
                parts.append(f"SELECT {load.load_id} AS _load_id, * FROM {table}")
            elif load.family == family and table:
                row = "" if load.row_sql == "_row" else f"{load.row_sql} AS _row, "
                parts.append(f"SELECT {load.load_id} AS _load_id, {row}* FROM {table}")
        if not parts:
            columns = ", ".join(f'NULL::{c.sql_type} AS "{c.name}"' for c in RAW_FAMILIES[family])
            parts = [f"SELECT NULL::INTEGER AS _load_id, NULL::BIGINT AS _row, {columns} WHERE false"]
        con.execute(f"CREATE OR REPLACE VIEW raw.{family} AS " + " UNION ALL BY NAME ".join(parts))


def run_data_tests(con: duckdb.DuckDBPyConnection) -> None:
    """Every data test of the warehouse contract (``etl/warehouse.toml``) must find no row."""
    if failed := schema.failures(con):
        raise DataTestError(
            "data tests failed:\n" + "\n".join(f"{test.name}: {rows}" for test, rows in failed)
        )
