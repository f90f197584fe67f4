"""Qualtrics: the survey definition (``.qsf``, JSON) with its CSV export.

The export has three header rows (column names, question texts, ``{"ImportId": ...}``) or,
in older exports, two (names and texts). Columns are matched through the import ids when
the file has them, else through the names Qualtrics derives from each question's export tag.
Cells hold the choices' recode values (or, in a "choice text" export, their labels).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from etl.problems import FileFormatError, Problem
from etl.survey_tools.convert import Export, default_decoder, personal_reason
from etl.survey_tools.model import Choice, Column, Form, Question, QuestionKind, clean_text, key
from etl.survey_tools.sheets import read_csv

TOOL = "Qualtrics"
SINGLE_SELECTORS = {"SAVR", "SAHR", "SACOL", "DL", "SB", "NPS"}
MULTI_SELECTORS = {"MAVR", "MAHR", "MACOL", "MSB"}
META = {
    "responseid",
    "responseset",
    "ipaddress",
    "startdate",
    "enddate",
    "recordeddate",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externaldatareference",
    "externalreference",
    "finished",
    "status",
    "progress",
    "duration (in seconds)",
    "distributionchannel",
    "userlanguage",
    "locationlatitude",
    "locationlongitude",
    "locationaccuracy",
}


def _ordered(mapping: object, order: list[object] | None) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(mapping, dict):
        return []
    ids = [str(i) for i in (order or [])] or list(mapping)
    ids += [i for i in mapping if i not in ids]
    return [(i, mapping[i]) for i in ids if i in mapping and isinstance(mapping[i], dict)]


def _translations(
    payload: dict[str, Any], lang_default: str
) -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Question text, choice and answer labels by language ({lang: text}, {id: {lang: text}}...)."""
    text = {lang_default: clean_text(payload.get("QuestionText"))}
    choices = {
        i: {lang_default: clean_text(c.get("Display"))} for i, c in _ordered(payload.get("Choices"), None)
    }
    answers = {
        i: {lang_default: clean_text(a.get("Display"))} for i, a in _ordered(payload.get("Answers"), None)
    }
    for lang, tr in (
        (payload.get("Language") or {}).items() if isinstance(payload.get("Language"), dict) else []
    ):
        code = lang.split("-")[0].lower()
        if tr.get("QuestionText"):
            text[code] = clean_text(tr["QuestionText"])
        for target, source in ((choices, tr.get("Choices")), (answers, tr.get("Answers"))):
            for i, c in (source or {}).items() if isinstance(source, dict) else []:
                if isinstance(c, dict) and c.get("Display"):
                    target.setdefault(str(i), {})[code] = clean_text(c["Display"])
    return text, choices, answers


def read_form(path: Path) -> Form:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
        elements = data["SurveyElements"]
        entry = data.get("SurveyEntry", {})
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise FileFormatError(
            Problem(str(path), None, None, None, type(exc).__name__, "a Qualtrics .qsf survey file (JSON)")
        ) from None
    lang = str(entry.get("SurveyLanguage") or "EN").split("-")[0].lower()
    form = Form(TOOL, str(path), clean_text(entry.get("SurveyName")), [], [lang])
    for element in elements:
        if (
            isinstance(element, dict)
            and element.get("Element") == "SQ"
            and isinstance(element.get("Payload"), dict)
        ):
            form.questions.extend(_questions(element["Payload"], lang))
    form.languages = sorted({lg for q in form.questions for lg in q.labels})
    return form


def _dict(value: object) -> dict[str, Any]:
    """A JSON object of the survey file, or an empty one in place of anything else."""
    return value if isinstance(value, dict) else {}


def _questions(
    p: dict[str, Any], lang: str, tag: str | None = None, qid: str | None = None
) -> list[Question]:
    tag = tag or str(p.get("DataExportTag") or p.get("QuestionID"))
    qid = qid or str(p.get("QuestionID"))
    kind, selector, sub = p.get("QuestionType"), p.get("Selector"), p.get("SubSelector")
    text, choice_labels, answer_labels = _translations(p, lang)
    recode = _dict(p.get("RecodeValues"))
    choice_ids = [i for i, _ in _ordered(p.get("Choices"), p.get("ChoiceOrder"))]
    answer_ids = [i for i, _ in _ordered(p.get("Answers"), p.get("AnswerOrder"))]
    tags = _dict(p.get("ChoiceDataExportTags"))

    def make(qid_: str, kind_: QuestionKind, **kw: Any) -> Question:
        q = Question(qid_, kind_, text, **kw)
        q.source_id = qid
        return q

    if kind == "MC" and (selector in SINGLE_SELECTORS or selector in MULTI_SELECTORS):
        choices = [Choice(str(recode.get(i, i)), choice_labels.get(i, {})) for i in choice_ids]
        if selector in MULTI_SELECTORS:
            q = make(
                tag,
                "multiple",
                choices=[Choice(i, choice_labels.get(i, {})) for i in choice_ids],
                split_blank="no",
            )
            q.items = [(c.code, c.labels) for c in q.choices]
            q.paths = [f"{qid}_{i}" for i in choice_ids]
            return [q]
        q = make(tag, "single", choices=choices, ordinal=selector == "NPS")
        q.paths = [qid]
        return [q]
    if kind == "Matrix" and sub in ("SingleAnswer", "DL", "MultipleAnswer", None):
        answers = [Choice(str(recode.get(i, i)), answer_labels.get(i, {})) for i in answer_ids]
        rows = [(str(tags.get(i) or i), choice_labels.get(i, {}), i) for i in choice_ids]
        if sub == "MultipleAnswer":
            out = []
            for code, labels, i in rows:
                q = make(
                    f"{tag}_{code}",
                    "multiple",
                    choices=[Choice(a, answer_labels.get(a, {})) for a in answer_ids],
                    split_blank="no",
                )
                q.labels = {lg: f"{t} - {labels.get(lg, '')}".strip(" -") for lg, t in text.items()}
                q.items = [(c.code, c.labels) for c in q.choices]
                q.paths = [f"{qid}_{i}_{a}" for a in answer_ids]
                out.append(q)
            return out
        q = make(
            tag, "single", choices=answers, items=[(c, lb) for c, lb, _ in rows], ordinal=selector == "Likert"
        )
        q.paths = [f"{qid}_{i}" for _, _, i in rows]
        q.matrix_paths = [(f"{qid}_{i}", f"{tag}_{c}", c) for c, _, i in rows]
        return [q]
    if kind == "SBS":
        out = []
        for n, extra in (p.get("AdditionalQuestions") or {}).items():
            if isinstance(extra, dict):
                sub_tag = str(extra.get("DataExportTag") or f"{tag}#{n}")
                out += _questions(
                    {**extra, "QuestionText": extra.get("QuestionText")}, lang, sub_tag, f"{qid}#{n}"
                )
        return out
    if kind in ("Slider", "CS") or (kind == "Matrix" and sub == "Profile"):
        q = make(tag, "number", items=[(i, choice_labels.get(i, {})) for i in choice_ids] or [("value", {})])
        q.paths = [f"{qid}_{i}" for i in choice_ids]
        return [q]
    if kind == "TE":
        return [make(tag, "other", skip_reason="an open answer")]
    reason: dict[str | None, str] = {
        "DB": "a text display",
        "Timing": "a page timer",
        "Meta": "browser metadata",
        "RO": "a ranking",
    }
    return [make(tag, "other", skip_reason=reason.get(kind, f"question type {kind}/{selector}"))]


_IMPORT = re.compile(r"""ImportId['"]\s*:\s*['"]([^'"]+)['"]""")


def exports(form: Form, path: Path) -> list[Export]:
    rows = read_csv(path)
    if len(rows) < 2:
        raise FileFormatError(
            Problem(str(path), None, None, None, None, "a Qualtrics export with its header rows")
        )
    header = [c or "" for c in rows[0]]
    ids = None
    if len(rows) > 2 and sum(bool(_IMPORT.search(c or "")) for c in rows[2]) >= len(header) // 2:
        ids = [found[1] if (found := _IMPORT.search(c or "")) else "" for c in rows[2]]
        first = 3
    else:
        first = 2
    columns = map_header(form, header, ids)
    export = Export(str(path), None, first, header, rows[first:], columns)
    low = [key(h) for h in header]
    for name in ("responseid", "_recordid", "v1"):
        if name in low:
            export.id_column = low.index(name)
            break
    return [export]


def _norm_id(text: str) -> str:
    return text.replace("-", "_")


def map_header(form: Form, header: list[str], import_ids: list[str] | None) -> list[Column]:
    by_import: dict[str, tuple[Question, str, str]] = {}
    by_name: dict[str, tuple[Question, str, str]] = {}
    for q in form.questions:
        qid = q.source_id or q.qid
        if q.kind == "other":
            for name in (q.qid, f"{q.qid}_TEXT"):
                by_name[key(name)] = (q, "value", "skip")
            for name in (qid, f"{qid}_TEXT"):
                by_import[_norm_id(name)] = (q, "value", "skip")
            continue
        if q.kind == "multiple":
            for (code, _), path in zip(q.items, q.paths, strict=True):
                by_import[_norm_id(path)] = (q, code, "split")
                by_name[key(f"{q.qid}_{code}")] = (q, code, "split")
        elif q.matrix_paths:
            for path, name, item in q.matrix_paths:
                by_import[_norm_id(path)] = (q, item, "answer")
                by_name[key(name)] = (q, item, "answer")
        elif q.items != [("value", {})]:
            for (item, _), path in zip(q.items, q.paths, strict=False):
                by_import[_norm_id(path)] = (q, item, "answer")
                by_name[key(f"{q.qid}_{item}")] = (q, item, "answer")
        else:
            by_import[_norm_id(qid)] = (q, "value", "answer")
            by_name[key(q.qid)] = (q, "value", "answer")
    columns = []
    for n, cell in enumerate(header):
        low = key(cell)
        found = None
        if import_ids and import_ids[n]:
            wanted = _norm_id(import_ids[n])
            found = by_import.get(wanted) or by_import.get(re.sub(r"_TEXT$", "", wanted))
        found = found or by_name.get(low)
        if found is None:
            if low in META or low.startswith("q_") or re.fullmatch(r"v\d+", low):
                columns.append(Column("id" if low == "responseid" else "meta"))
            elif reason := personal_reason(cell):
                columns.append(Column("personal", reason=reason))
            else:
                columns.append(Column("unknown", reason="matches no question of the .qsf"))
            continue
        q, item, kind = found
        if reason := personal_reason(q.qid):
            columns.append(Column("personal", q, None, reason))
        elif kind == "skip" or not q.closed:
            columns.append(
                Column("text" if q.skip_reason == "an open answer" else "other", q, None, q.skip_reason)
            )
        else:
            columns.append(Column(kind, q, item))
    return columns


_decode = default_decoder()


def decode(question: Question, text: str) -> str | None:
    return _decode(question, text)


def split_value(question: Question, text: str) -> bool | None:
    """A multiple-answer column holds the choice's recode value (or 1) when it is selected."""
    return True if text.strip() else None
