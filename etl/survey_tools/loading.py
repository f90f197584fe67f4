"""Load a wave folder in a survey tool's layout into the raw layer, as the documented files would be.

The tool's files become the documented tables (codebook, respondents, long responses) plus
the form's labels, and go through the same checks as a hand-made wave.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from etl import contracts
from etl.problems import FileFormatError, InputError, Problem
from etl.readers import ColumnSpec, file_sha256, type_text_table
from etl.survey_tools import import_files, tool_files

if TYPE_CHECKING:
    from etl.load import FileLoad, Loader

LABEL_COLUMNS = contracts.LABELS
ANSWER_COLUMNS = ("_column", "respondent_id", "question_id", "item", "answer")


def load_tool_wave(loader: Loader, folder: Path) -> list[FileLoad]:
    wave_id = folder.name
    loads: list[FileLoad] = []
    wave_file = folder / "wave.csv"
    wave = loader._new("survey_wave", wave_file, wave_id=wave_id)
    loads.append(wave)
    if not wave_file.exists():
        wave.add([Problem(str(folder), None, None, None, None, "a file named wave.csv (one row: the wave)")])
    elif loader._read(wave, wave_file, contracts.WAVE):
        loader._check(wave, contracts.WAVE)
        loader._check_wave_row(wave, folder)
    found = tool_files(folder)
    assert found is not None, "called for a folder in a survey tool's layout"
    tool, form_file, data_files = found
    main = data_files[0] if data_files else folder
    book = loader._new("survey_codebook", form_file or main, wave_id=wave_id, importer=tool)
    loads.append(book)
    try:
        roles = folder / "roles.csv"
        imported = import_files(tool, form_file, data_files, roles if roles.exists() else None, wave_id)
    except FileFormatError as exc:
        book.add([exc.problem])
        return loads
    except InputError as exc:
        book.add(exc.problems, exc.total)
        return loads
    errors = [p for p in imported.problems if p.severity == "error"]
    book.add(errors)
    people = loader._new("survey_respondents", main, wave_id=wave_id, importer=tool)
    labels = loader._new("survey_labels", form_file or main, wave_id=wave_id, importer=tool)
    answers = loader._new("survey_responses", main, wave_id=wave_id, importer=tool)
    loads += [people, labels, answers]
    for load in (book, people, labels, answers):
        load.sha256 = file_sha256(Path(load.file))
    names = [c.name for c in contracts.CODEBOOK]
    if _text_table(loader, book, imported.codebook, names, contracts.CODEBOOK, f"{tool} form"):
        loader._check(book, contracts.CODEBOOK, contracts.CODEBOOK_RULES)
    names = [c.name for c in contracts.RESPONDENTS]
    if _text_table(loader, people, imported.respondents, names, contracts.RESPONDENTS, f"{tool} export"):
        loader._check(people, contracts.RESPONDENTS, contracts.RESPONDENT_RULES)
    rows: list[dict[str, object]] = [
        dict(zip(("vocabulary", "code", "lang", "label"), r, strict=True)) for r in imported.labels
    ]
    _text_table(loader, labels, rows, [c.name for c in LABEL_COLUMNS], LABEL_COLUMNS, f"{tool} form labels")
    specs = [ColumnSpec(c) for c in ANSWER_COLUMNS]
    if _text_table(loader, answers, imported.answers, list(ANSWER_COLUMNS), specs, f"{tool} export, long"):
        # the answers table is the load's table: the build reads raw.survey_answers_<id>
        table = f"raw.survey_answers_{answers.load_id:04d}"
        loader.con.execute(f"ALTER TABLE {answers.table} RENAME TO {table.split('.')[1]}")
        answers.table = table
    quarantined = [p for p in imported.problems if p.severity != "error"]
    answers.add(quarantined, imported.problems_total - len(errors))
    answers.rows_read = imported.answers_in_file
    answers.rows_loaded = imported.answers_loaded
    answers.rows_rejected = sum(imported.skipped.values())
    answers.notes = imported.summary()
    if answers.table and book.table and people.table and book.ok:
        loader._check_answers(answers, book, people)
    return loads


def _text_table(
    loader: Loader,
    load: FileLoad,
    rows: list[dict[str, object]],
    names: list[str],
    spec: Sequence[ColumnSpec],
    fmt: str,
) -> bool:
    """Put converted rows in a text table and type it as the documented file would be."""
    text_table = f"raw_{load.family}_{load.load_id:04d}_text"
    columns = {"_row": pa.array([r.get("_row", n) for n, r in enumerate(rows, start=1)], pa.int64())}
    for name in names:
        columns[name] = pa.array([None if r.get(name) is None else str(r[name]) for r in rows], pa.string())
    loader.con.register("_converted", pa.table(columns))
    loader.con.execute(f"CREATE TEMP TABLE {text_table} AS SELECT * FROM _converted")
    loader.con.unregister("_converted")
    result = type_text_table(
        loader.con,
        Path(load.file),
        None,
        fmt,
        text_table,
        f"raw.{load.family}_{load.load_id:04d}",
        names,
        spec,
    )
    loader._take(load, result)
    load.format = fmt
    if not rows:
        load.add([Problem(load.file, None, None, None, None, "at least one row", "warning")])
    return load.table is not None
