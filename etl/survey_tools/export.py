"""Write a survey tool's wave in the documented layout (``python -m etl import-survey``)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from etl import contracts
from etl.problems import FileFormatError, InputError, Problem
from etl.survey_tools import WAVE_FILES, classify, import_files


def write_wave(
    files: list[Path], out: Path, *, roles: Path | None = None, wave_id: str | None = None
) -> list[str]:
    """Convert the files (or the one wave folder given) and write them to ``out``."""
    files = [Path(f) for f in files]
    folder = files[0] if len(files) == 1 and files[0].is_dir() else None
    if folder is not None:
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower() not in WAVE_FILES)
    found = classify(files)
    if found is None:
        where = str(folder or files[0])
        raise FileFormatError(
            Problem(
                where, None, None, None, None, "a survey tool's form and export (see docs/data-formats.md)"
            )
        )
    if roles is None:
        beside = (folder or files[0].parent) / "roles.csv"
        roles = beside if beside.exists() else None
    out = Path(out)
    wave = import_files(*found, roles, wave_id or out.name)
    errors = [p for p in wave.problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    out.mkdir(parents=True, exist_ok=True)
    codebook = [c.name for c in contracts.CODEBOOK]
    _write(out / "codebook.csv", codebook, wave.codebook)
    _write(out / "respondents.csv", [c.name for c in contracts.RESPONDENTS], wave.respondents)
    _write(out / "responses.csv", ["respondent_id", "question_id", "item", "answer"], wave.answers)
    _write(
        out / "labels.csv",
        ["vocabulary", "code", "lang", "label"],
        [dict(zip(("vocabulary", "code", "lang", "label"), r, strict=True)) for r in wave.labels],
    )
    if folder is not None and (folder / "wave.csv").exists() and not (out / "wave.csv").exists():
        shutil.copyfile(folder / "wave.csv", out / "wave.csv")
    written = [
        f"wrote {out / name}" for name in ("codebook.csv", "respondents.csv", "responses.csv", "labels.csv")
    ]
    return wave.summary() + [f"[{p.severity}] {p.describe()}" for p in wave.problems[:20]] + written


def _write(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
