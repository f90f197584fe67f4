"""Check files without writing anything: the engine behind ``etl check`` and the app's file check.

Everything happens in an in-memory DuckDB database that is thrown away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl.load import SURVEY_FILES, FileLoad, Loader
from etl.problems import InputError, Problem

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

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def render(self) -> str:
        verdict = "OK" if self.ok else "INVALID"
        lines = [
            f"{self.file}: {verdict}",
            f"  family: {self.family or 'unknown'}; format: {self.format or 'unknown'}",
            f"  rows read: {self.rows_read:,}; accepted: {self.rows_accepted:,}; "
            f"rejected: {self.rows_rejected:,}",
        ]
        lines += [f"  {line}" for line in self.details]
        for column, codes in self.unknown_codes.items():
            lines.append(f"  unknown values in {column!r}: {', '.join(map(repr, codes[:15]))}")
        for problem in self.problems:
            lines.append(f"  [{problem.severity}] {problem.describe()}")
        if self.problems_total > len(self.problems):
            lines.append(f"  ... {self.problems_total - len(self.problems):,} more problem(s) not listed")
        return "\n".join(lines)


def guess_family(path: Path) -> str | None:
    """``cases``/``series`` from the parent folder or the header; ``survey`` for a wave folder."""
    if path.is_dir():
        return "survey" if any((path / f"{stem}.csv").exists() for stem in SURVEY_FILES) else None
    parent = path.parent.name.lower()
    if parent in ("cases", "series"):
        return parent
    if path.suffix.lower() == ".csv":
        from etl.readers import read_header

        try:
            header = {h.strip().lower() for h in read_header(path)[0]}
        except Exception:  # an unreadable header is reported by the real check
            return None
        if "case_id" in header:
            return "cases"
        if {"indicator", "status"} <= header:
            return "series"
    return None


def check_file(
    path: Path, *, family: str | None = None, strict: bool = False, is_synthetic: bool = False
) -> FileReport:
    """Check one file (or one wave folder) as the build would, writing nothing.

    >>> report = check_file(Path("data/demo/series/series.csv"))  # doctest: +SKIP
    >>> report.ok
    True
    """
    path = Path(path)
    family = family or guess_family(path)
    if family not in FAMILIES:
        return FileReport(
            str(path),
            None,
            "",
            0,
            0,
            0,
            [
                Problem(
                    str(path),
                    None,
                    None,
                    None,
                    None,
                    "a case file (a case_id column), a series file (indicator and status columns), "
                    "a file in a cases/ or series/ folder, or a survey wave folder",
                )
            ],
            1,
        )
    con = duckdb.connect(":memory:")
    try:
        loader = Loader(con, strict=strict)
        try:
            if family == "survey":
                loads = loader.load_wave(path)
                from etl.survey_tools.diff import lines_for

                loads[-1].notes.extend(lines_for(path))
            elif family == "cases":
                loads = [loader.load_cases(path, source=path.name, is_synthetic=is_synthetic)]
            else:
                loads = [loader.load_series(path, is_synthetic=is_synthetic)]
        except InputError as exc:
            return FileReport(str(path), family, "", 0, 0, 0, exc.problems, exc.total)
        return _report(con, path, family, loads)
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


def check_paths(paths: Iterable[Path], *, strict: bool = False) -> list[FileReport]:
    """Check files and folders; a source folder (with survey/, cases/, series/) is walked."""
    reports = []
    for path in map(Path, paths):
        if path.is_dir() and any((path / sub).is_dir() for sub in ("survey", "cases", "series")):
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
