"""EUSurvey: the results export (``.xls`` or ``.xlsx``, "show assigned values" on).

EUSurvey publishes no machine-readable form with its results, so the export is the form:
each header is a question text ending in its id, ``(P3)``; each closed answer carries the
id assigned to it, ``high(S1_App_L1_4)``, several joined by ``; ``; a rating reads ``3/5``.
A column is closed when every answer in it has that shape; its choice list is the answers
found. Other columns are open answers and are not loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

from etl.problems import FileFormatError, Problem
from etl.survey_tools.convert import Export, personal_reason
from etl.survey_tools.model import Choice, Column, Form, Question, key
from etl.survey_tools.sheets import Cell, read_sheets

TOOL = "EUSurvey"
_ID = re.compile(r"\(([A-Za-z0-9_.\-]+)\)\s*$")
_ANSWER = re.compile(r"^(?P<label>.*?)\((?P<id>[A-Za-z0-9_.\-]+)\)$", re.S)
_RATING = re.compile(r"^(\d+)/(\d+)$")
META = {
    "creation date",
    "contribution id",
    "invitation number",
    "languages",
    "modification date",
    "user name",
}


def _header_row(rows: list[list[Cell]]) -> int | None:
    for index, row in enumerate(rows[:20]):
        cells = [c for c in row if c]
        if len(cells) >= 2 and sum(bool(_ID.search(c)) for c in cells) >= max(2, len(cells) // 2):
            return index
    return None


def is_export(path: Path) -> bool:
    try:
        sheets = read_sheets(path)
    except FileFormatError:
        return False
    return bool(sheets) and _header_row(sheets[0].rows) is not None


def _pieces(cell: str) -> list[tuple[str, str]] | None:
    """(label, id) of each answer in a cell, or None when the cell is not assigned values."""
    out = []
    for part in cell.split("; "):
        match = _ANSWER.match(part.strip())
        if not match:
            return None
        out.append((match.group("label").strip(), match.group("id")))
    return out


def read(path: Path) -> tuple[Form, list[Export]]:
    sheets = read_sheets(path)
    rows = sheets[0].rows if sheets else []
    at = _header_row(rows)
    if at is None:
        raise FileFormatError(
            Problem(
                str(path),
                sheets[0].name if sheets else None,
                None,
                None,
                None,
                "an EUSurvey results export: a header row of question texts ending in ids such as (P3)",
            )
        )
    header = [c or "" for c in rows[at]]
    data = rows[at + 1 :]
    form = Form(TOOL, str(path), "", [], ["en"])
    used: set[str] = set()
    columns: list[Column] = []
    for n, text in enumerate(header):
        values = [v for r in data if n < len(r) and (v := r[n])]
        ids = _ID.findall(text)
        if key(text) in META or not ids:
            columns.append(Column("meta" if key(text) in META else "unknown", reason="not a question"))
            continue
        qid = ids[-1] if ids[-1] not in used else ".".join(re.findall(r"\(([A-Za-z0-9_.\-]+)\)", text))
        used.add(qid)
        label = _ID.sub("", text).strip()
        q = Question(qid, "other", {"en": label})
        form.questions.append(q)
        ratings = [m for v in values if (m := _RATING.match(v))]
        pieces = [p for v in values if (p := _pieces(v))]
        all_ratings, all_pieces = len(ratings) == len(values), len(pieces) == len(values)
        if (values and (all_ratings or all_pieces)) and (reason := personal_reason(label)):
            q.skip_reason = "looks like personal data"
            columns.append(Column("personal", q, None, reason))
        elif values and all_ratings:
            q.kind, q.scale = "single", (1, max(int(m.group(2)) for m in ratings))
            q.choices = [Choice(str(v)) for v in range(q.scale[0], q.scale[1] + 1)]
            columns.append(Column("answer", q, "value"))
        elif values and all_pieces:
            choices: dict[str, dict[str, str]] = {}
            for found in pieces:
                for lbl, code in found:
                    choices.setdefault(code, {"en": lbl} if lbl else {})
            q.choices = [Choice(code, labels) for code, labels in sorted(choices.items(), key=_natural)]
            if any(len(found) > 1 for found in pieces):
                q.kind, q.items = "multiple", [(c.code, c.labels) for c in q.choices]
                columns.append(Column("multi", q, "value"))
            else:
                q.kind = "single"
                columns.append(Column("answer", q, "value"))
        elif not values:
            q.skip_reason = "no answers, so no answer type to read"
            columns.append(Column("other", q, None, q.skip_reason))
        else:
            q.skip_reason = "an open answer"
            columns.append(Column("text", q, None, q.skip_reason))
    export = Export(str(path), sheets[0].name, at + 1, header, data, columns)
    low = [key(h) for h in header]
    export.id_column = low.index("contribution id") if "contribution id" in low else None
    return form, [export]


def _natural(item: tuple[str, dict[str, str]]) -> list[int | str]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", item[0])]


def decode(question: Question, text: str) -> str | None:
    rating = _RATING.match(text.strip())
    if rating and question.scale:
        return rating.group(1)
    pieces = _pieces(text)
    if pieces and len(pieces) == 1 and any(c.code == pieces[0][1] for c in question.choices):
        return pieces[0][1]
    return text if any(c.code == text for c in question.choices) else None
