"""Questionnaire waves as the survey tool they were run in exports them.

A wave folder ``survey/<wave>/`` holds ``wave.csv``, an optional ``roles.csv`` and either
the documented tables (``codebook.csv`` ...) or a survey tool's own files:

- KoboToolbox / ODK: the XLSForm (``.xlsx``/``.xls`` with a ``survey`` sheet) and the data
  export (``.xlsx`` or ``.csv``);
- LimeSurvey: the survey structure (``.lss`` XML or the tab-separated ``.txt``) and the
  response export (``.csv``) headed by question codes;
- EUSurvey: the results export (``.xls``/``.xlsx``) alone: it names each question and answer;
- Qualtrics: the survey definition (``.qsf``) and its CSV export.

:func:`detect` names the tool, :func:`import_wave` reads the files into the documented
tables (:class:`ImportedWave`).
"""

from __future__ import annotations

from pathlib import Path

from etl.problems import FileFormatError, Problem
from etl.survey_tools import eusurvey, kobo, limesurvey, qualtrics
from etl.survey_tools.convert import ImportedWave, convert, personal_reason
from etl.survey_tools.roles import read_roles
from etl.survey_tools.sheets import read_sheets

__all__ = ["ImportedWave", "classify", "detect", "import_files", "import_wave", "tool_files"]

#: Files of a wave folder that are never a form or an export.
WAVE_FILES = ("wave.csv", "roles.csv")
DATA_SUFFIXES = (".csv", ".xlsx", ".xls")


def _sheet_names(path: Path) -> list[str]:
    try:
        if path.suffix.lower() == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            try:
                return list(book.sheetnames)
            finally:
                book.close()
        if path.suffix.lower() == ".xls":
            import xlrd

            xls_book = xlrd.open_workbook(str(path), on_demand=True)
            try:
                return list(xls_book.sheet_names())
            finally:
                xls_book.release_resources()
    except Exception:  # an unreadable workbook is reported when it is read for real
        return []
    return []


def tool_files(folder: Path) -> tuple[str, Path | None, list[Path]] | None:
    """(tool, form file, export files) of a wave folder in a survey tool's layout, or None."""
    return classify(sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower() not in WAVE_FILES))


def classify(files: list[Path]) -> tuple[str, Path | None, list[Path]] | None:
    """(tool, form file, export files) of a survey tool's files, or None when they are none."""
    if any(p.stem.lower() == "codebook" for p in files):
        return None
    data = [p for p in files if p.suffix.lower() in DATA_SUFFIXES]
    for path in files:
        suffix = path.suffix.lower()
        if suffix == ".lss" or (suffix == ".txt" and limesurvey.is_tsv_structure(path)):
            return limesurvey.TOOL, path, [p for p in data if p != path]
        if suffix == ".qsf":
            return qualtrics.TOOL, path, [p for p in data if p != path]
    for path in data:
        if path.suffix.lower() in (".xlsx", ".xls") and "survey" in {
            n.strip().lower() for n in _sheet_names(path)
        }:
            return kobo.TOOL, path, [p for p in data if p != path]
    for path in data:
        if path.suffix.lower() in (".xlsx", ".xls") and eusurvey.is_export(path):
            return eusurvey.TOOL, None, [path]
    return None


def detect(folder: Path) -> str | None:
    """The survey tool whose files a wave folder holds, or None (documented layout or empty)."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    found = tool_files(folder)
    return found[0] if found else None


def import_wave(folder: Path, wave_id: str | None = None) -> ImportedWave:
    """Read a wave folder in a survey tool's layout (see :func:`tool_files`)."""
    folder = Path(folder)
    found = tool_files(folder)
    if found is None:
        raise FileFormatError(
            Problem(
                str(folder),
                None,
                None,
                None,
                None,
                "a survey tool's form and export (see docs/data-formats.md)",
            )
        )
    tool, form, data = found
    roles = folder / "roles.csv"
    return import_files(tool, form, data, roles if roles.exists() else None, wave_id or folder.name)


def import_files(
    tool: str, form_file: Path | None, data_files: list[Path], roles_file: Path | None, wave_id: str
) -> ImportedWave:
    """Read a form, its export and a roles file into the documented survey tables."""
    if not data_files:
        where = form_file.parent if form_file else Path(".")
        raise FileFormatError(
            Problem(
                str(where),
                None,
                None,
                None,
                None,
                "the response export beside the form (.csv, .xlsx or .xls)",
            )
        )
    if len(data_files) > 1 and tool != kobo.TOOL:
        names = ", ".join(p.name for p in data_files)
        raise FileFormatError(
            Problem(str(data_files[0].parent), None, None, None, names, "one response export")
        )
    if tool == kobo.TOOL:
        assert form_file is not None, "only an EUSurvey wave has no form file"
        form = kobo.read_form(form_file)
        sheets = [s for path in data_files for s in read_sheets(path)]
        exports = kobo.exports(form, sheets)
        decode = split = None
    elif tool == limesurvey.TOOL:
        assert form_file is not None, "only an EUSurvey wave has no form file"
        form = limesurvey.read_form(form_file)
        exports = limesurvey.exports(form, data_files[0])
        decode, split = limesurvey.decode, limesurvey.split_value
    elif tool == qualtrics.TOOL:
        assert form_file is not None, "only an EUSurvey wave has no form file"
        form = qualtrics.read_form(form_file)
        exports = qualtrics.exports(form, data_files[0])
        decode, split = qualtrics.decode, qualtrics.split_value
    else:
        form, exports = eusurvey.read(data_files[0])
        decode, split = eusurvey.decode, None
    for question in form.questions:  # never a codebook item, whatever the export holds
        if question.closed and (reason := personal_reason(question.qid)):
            question.skip_reason = reason
    roles = read_roles(roles_file, form)
    wave = convert(form, roles, exports, wave_id, decode, split)
    wave.notes += form.notes
    return wave
