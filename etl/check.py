"""Check files without writing anything: the engine behind ``etl check`` and the app's file check.

Everything happens in an in-memory DuckDB database that is thrown away.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl import mappings
from etl.load import SURVEY_FILES, FileLoad, FileSettings, Loader, read_manifest, reference_views
from etl.problems import PROBLEM_CAP, EtlError, InputError, Problem

FAMILIES = ("cases", "series", "survey")
PREVIEW_ROWS = 20


@dataclass
class FileReport:
    """What the ETL would do with one file (or one wave folder)."""

    file: str
    family: str | None
    format: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    problems: list[Problem]
    problems_total: int
    unknown_codes: dict[str, list[str]] = field(default_factory=dict)
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: what a survey tool's import found, and the questionnaire diff with the previous wave
    details: list[str] = field(default_factory=list)
    #: the layout recognised (an importer's name, or the documented family) and why
    layout: str | None = None
    why: str = ""

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def verdict(self) -> str:
        """``OK``, ``WARNINGS`` (would load, with rows quarantined or warnings) or ``INVALID``."""
        if not self.ok:
            return "INVALID"
        return "WARNINGS" if self.problems or self.rows_rejected else "OK"

    def by_reason(self) -> list[tuple[str, str, int]]:
        """(severity, reason, count) over every problem, largest first."""
        counts = Counter((p.severity, p.expected) for p in self.problems)
        return sorted(((s, e, n) for (s, e), n in counts.items()), key=lambda t: (-t[2], t[1]))

    def fixes(self) -> list[str]:
        """Each distinct line a steward can add to a mapping table, once."""
        return list(dict.fromkeys(p.fix for p in self.problems if p.fix))

    def render(self, limit: int = PROBLEM_CAP) -> str:
        lines = [
            f"{self.file}: {self.verdict}",
            f"  family: {self.family or 'unknown'}; format: {self.format or 'unknown'}",
        ]
        if self.layout:
            lines.append(f"  layout: {self.layout}" + (f" ({self.why})" if self.why else ""))
        lines.append(
            f"  rows read: {self.rows_read:,}; accepted: {self.rows_accepted:,}; "
            f"rejected: {self.rows_rejected:,}"
        )
        lines += [f"  {line}" for line in self.details]
        for column, codes in self.unknown_codes.items():
            lines.append(f"  unknown values in {column!r}: {', '.join(map(repr, codes[:15]))}")
        if len(self.problems) > limit:
            lines.append("  problems by reason (all of them):")
            lines += [f"    {n:,} [{s}] {e}" for s, e, n in self.by_reason()[:30]]
        for problem in self.problems[:limit]:
            lines.append(f"  [{problem.severity}] {problem.describe()}")
        if self.problems_total > min(len(self.problems), limit):
            lines.append(
                f"  ... {self.problems_total - min(len(self.problems), limit):,} more problem(s) not listed"
            )
        fixes = self.fixes()
        if fixes:
            lines.append("  to map an unmapped value, add the line to the mapping named (a new mappings/")
            lines.append("  table starts with the shipped table's header, see etl/mappings.py; in a JSON")
            lines.append("  mapping the pair goes into the object named; replace CODE by the code meant):")
            lines += [f"    {fix}" for fix in fixes[:limit]]
        return "\n".join(lines)


#: The documented layouts (docs/data-formats.md), by the columns their header must hold.
DOCUMENTED = {
    "cases": (
        "documented case records",
        ("case_id", "country", "year", "exploitation_type", "victims_total"),
    ),
    "series": ("documented trend series", ("country", "year", "indicator", "status", "source", "vintage")),
}
#: Memory the check's throw-away database may take; past it DuckDB fails, and says so.
CHECK_MEMORY = "1GB"
log = logging.getLogger(__name__)


@dataclass
class Recognised:
    """The family and layout a file was taken for, why, and what every other layout lacked."""

    family: str | None
    layout: str | None = None
    why: str = ""
    missed: dict[str, str] = field(default_factory=dict)


def recognise(path: Path) -> Recognised:
    """Recognise a file (or a wave folder) where it lies, by its content, not its folder.

    Public downloads are recognised by their importers' signatures, documented files by
    their header; a file in a ``cases/`` or ``series/`` folder that neither fits is checked
    as that folder's family, so that every problem is named.
    """
    from etl.importers import FAMILY_OF_IMPORTER, explain
    from etl.importers._read import norm, read_grid

    if path.is_dir():
        from etl import survey_tools

        tool = survey_tools.detect(path)
        if tool:
            return Recognised("survey", f"survey wave from {tool}", f"a folder with {tool}'s form and export")
        missing = [stem for stem in SURVEY_FILES if not any(path.glob(f"{stem}.*"))]
        if not missing:
            return Recognised("survey", "survey wave", "a folder with " + ", ".join(SURVEY_FILES))
        return Recognised(None, missed={"survey wave": "the files " + ", ".join(f"{m}.csv" for m in missing)})
    try:
        importer, why, missed = explain(path)
        rows = [] if importer else read_grid(path, limit=1).rows
    except EtlError:  # unreadable: its folder says what it should be, and the check why not
        importer, missed, rows = None, {}, []
    if importer:
        return Recognised(FAMILY_OF_IMPORTER[importer], importer, why)
    header = {norm(c).replace(" ", "_") for c in (rows[0] if rows else [])}
    for family, (label, needs) in DOCUMENTED.items():
        lacking = [c for c in needs if c not in header]
        if not lacking:
            return Recognised(family, family, f"{label}: its header has " + ", ".join(needs))
        missed[label] = "the columns " + ", ".join(lacking)
    parent = path.parent.name.lower()
    if parent in DOCUMENTED:
        return Recognised(parent, parent, f"a file in a {parent}/ folder", missed)
    return Recognised(None, missed=missed)


def guess_family(path: Path) -> str | None:
    """``cases``, ``series`` or ``survey`` by what the file holds, or None."""
    try:
        return recognise(Path(path)).family
    except EtlError:
        return None


def check_file(
    path: Path, *, family: str | None = None, strict: bool = False, is_synthetic: bool | None = None
) -> FileReport:
    """Check one file (or one wave folder) as the build would, writing nothing. Never raises.

    The file is recognised where it lies; the mappings and manifest of the source folder
    it sits in (see :func:`etl.mappings.source_folder`) apply as in a build.

    >>> import tempfile
    >>> series = Path(tempfile.mkdtemp()) / "series" / "series.csv"
    >>> series.parent.mkdir()
    >>> _ = series.write_text(
    ...     "country,year,indicator,value,status,source,vintage\\n"
    ...     "Albania,2020,detected_victims,12,reported,UNODC,2024-01-15\\n"
    ...     "Albania,2021,detected_victims,,reported,UNODC,2024-01-15\\n"
    ... )
    >>> report = check_file(series)
    >>> report.family, report.ok
    ('series', False)
    >>> [(p.row, p.column, p.expected) for p in report.problems]
    [(3, 'value', "a value on a row with status 'reported'")]
    """
    path = Path(path)
    try:
        return _check_file(path, family, strict, is_synthetic)
    except EtlError as exc:
        given: Sequence[Problem | None] = (
            exc.problems if isinstance(exc, InputError) else [getattr(exc, "problem", None)]
        )
        problems = [p for p in given if p] or [_problem(path, str(exc), "a file the checker can read")]
        return FileReport(str(path), family, "", 0, 0, 0, problems, len(problems))
    except duckdb.Error as exc:
        return _failed(path, family, f"{type(exc).__name__}: {_scrub(str(exc), path)}")
    except (MemoryError, RecursionError) as exc:
        return _failed(path, family, f"{type(exc).__name__}: the file needs more than the check allows")
    except Exception as exc:  # the check must name every failure, never raise it
        log.exception("checking %s failed", path.name)
        return _failed(path, family, f"{type(exc).__name__}: {_scrub(str(exc), path)[:200]}")


def _problem(path: Path, value: str | None, expected: str) -> Problem:
    return Problem(str(path), None, None, None, value, expected)


def _failed(path: Path, family: str | None, value: str) -> FileReport:
    problem = _problem(path, value, "a file the checker can read to the end")
    return FileReport(str(path), family, "", 0, 0, 0, [problem], 1)


def _scrub(text: str, path: Path) -> str:
    """An error message without the folders above the file (a server or temporary path)."""
    for folder in (str(path.parent), str(path.parent.resolve())):
        text = text.replace(folder + "/", "").replace(folder, "")
    return text


def _check_file(path: Path, family: str | None, strict: bool, is_synthetic: bool | None) -> FileReport:
    recognised = recognise(path)
    if family and recognised.family != family:  # the folder says what the file must be
        recognised = Recognised(family, family)
    family = recognised.family
    if family not in FAMILIES:
        needs = [
            _problem(path, None, f"{layout}: {lacks}") for layout, lacks in recognised.missed.items()
        ] or [_problem(path, None, "a case file, a series file, a public download or a survey wave folder")]
        return FileReport(str(path), None, "", 0, 0, 0, needs, len(needs))
    source = mappings.source_folder(path)
    manifest = read_manifest(source)
    synthetic = bool(manifest.get("synthetic", False)) if is_synthetic is None else is_synthetic
    con = duckdb.connect(":memory:", config={"memory_limit": CHECK_MEMORY})
    try:
        loader = Loader(con, strict=strict, reference=reference_views)
        loader.settings = FileSettings.of(manifest, source)
        with mappings.active(source / mappings.FOLDER) as steward:
            if steward.problems:
                loader._new("mappings", source / mappings.FOLDER).add(steward.problems)
            if family == "survey":
                loads = loader.load_wave(path)
                from etl.survey_tools.diff import lines_for

                loads[-1].notes.extend(lines_for(path))
            elif family == "cases":
                case_source = str(manifest.get("source") or path.name)
                loader.load_cases(path, source=case_source, is_synthetic=synthetic)
            else:
                loader.load_series(path, is_synthetic=synthetic)
        report = _report(con, path, family, loader.loads)
        report.layout, report.why = recognised.layout, recognised.why
        return report
    finally:
        con.close()


def _report(con: duckdb.DuckDBPyConnection, path: Path, family: str, loads: list[FileLoad]) -> FileReport:
    main = loads[-1]
    preview = pd.DataFrame()
    if main.table:
        table = f"raw.survey_answers_{main.load_id:04d}" if family == "survey" else main.table
        preview = con.execute(f"SELECT * FROM {table} LIMIT {PREVIEW_ROWS}").df()
        preview = preview.drop(columns=[c for c in preview.columns if c.startswith("_")])
    unknown: dict[str, list[str]] = {}
    for load in loads:
        for column, codes in load.unknown_codes.items():
            unknown.setdefault(column, []).extend(codes)
    return FileReport(
        file=str(path),
        family=family,
        format="; ".join(f"{Path(ld.file).name}: {ld.format}" for ld in loads)
        if family == "survey"
        else main.format,
        rows_read=sum(ld.rows_read for ld in loads),
        rows_accepted=sum(ld.rows_loaded for ld in loads) if all(ld.ok for ld in loads) else 0,
        rows_rejected=sum(ld.rows_rejected for ld in loads),
        problems=[p for ld in loads for p in ld.problems],
        problems_total=sum(ld.problems_total for ld in loads),
        unknown_codes=unknown,
        preview=preview,
        details=[line for ld in loads for line in ld.notes],
    )


#: Limits of a zipped wave folder: a few files of a few megabytes each.
MAX_ZIP_ENTRIES = 64
MAX_ZIP_UNPACKED = 256 * 1024 * 1024


def check_zip(path: Path, *, strict: bool = False) -> FileReport:
    """Check a zip of one survey wave folder (its four files, at any depth), unpacked safely."""
    import tempfile
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            unpacked = sum(i.file_size for i in infos)
            if len(infos) > MAX_ZIP_ENTRIES or unpacked > MAX_ZIP_UNPACKED:
                return _failed(path, "survey", f"{len(infos)} files, {unpacked:,} bytes unpacked")
            with tempfile.TemporaryDirectory(prefix="thb-zip-") as tmp:
                for info in infos:
                    name = Path(info.filename.replace("\\", "/")).name  # never a path of the zip's
                    if name and not name.startswith("."):
                        (Path(tmp) / name).write_bytes(archive.read(info))
                report = check_file(Path(tmp), strict=strict)
                for problem in report.problems:
                    object.__setattr__(problem, "file", f"{path.name}/{Path(problem.file).name}")
                report.file = str(path)
                return report
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        return _failed(path, "survey", f"{type(exc).__name__}: not a readable zip of a wave folder")


def check_paths(paths: Iterable[Path], *, strict: bool = False) -> list[FileReport]:
    """Check files and folders; a source folder (with survey/, cases/, series/) is walked."""
    reports = []
    for path in map(Path, paths):
        if path.suffix.lower() == ".zip" and path.is_file():
            reports.append(check_zip(path, strict=strict))
        elif path.is_dir() and any((path / sub).is_dir() for sub in ("survey", "cases", "series")):
            reports += check_paths(
                sorted(p for p in (path / "survey").glob("*") if p.is_dir()), strict=strict
            )
            for sub in ("cases", "series"):
                files = sorted(
                    p for p in (path / sub).glob("*") if p.is_file() and not p.name.endswith(".json")
                )
                reports += [check_file(p, family=sub, strict=strict) for p in files]
        else:
            reports.append(check_file(path, strict=strict))
    return reports
