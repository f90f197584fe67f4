"""KoboToolbox / ODK: an XLSForm (read with pyxform, the standard's own library) and its export.

The export may be XLSX (one sheet of records, one per repeat group) or CSV; its headers
may be XML names or labels, with groups joined by ``/`` or ``.``; a select_multiple comes
as one space-separated column, as 0/1 columns ``question/choice``, or both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pycountry

from etl.problems import FileFormatError, Problem
from etl.readers import _refuse_zip_bomb
from etl.survey_tools.convert import Export, personal_reason
from etl.survey_tools.model import Choice, Column, Form, Question, QuestionKind, clean_text, key
from etl.survey_tools.sheets import Sheet

TOOL = "KoboToolbox (XLSForm)"
FORM_SHEETS = {"survey"}
CLOSED: dict[str, QuestionKind] = {
    "select one": "single",
    "select all that apply": "multiple",
    "integer": "number",
    "decimal": "number",
    "range": "single",
}
OPEN = {"text", "barcode", "image", "audio", "video", "file", "geopoint", "geotrace", "geoshape", "gps"}
META = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "calculate",
    "note",
    "date",
    "datetime",
    "time",
    "hidden",
    "acknowledge",
    "trigger",
    "start-geopoint",
    "background-audio",
    "xml-external",
    "csv-external",
}
#: Columns every KoboToolbox export adds that are about the submission, not the answers.
ID_COLUMNS = ("_uuid", "uuid", "_id", "meta/instanceid", "instanceid", "_index", "index", "row_id")
REPEAT_ID = ("_index", "index")
LINKS = (
    ("_submission__uuid", "_uuid"),
    ("_submission__uuid", "uuid"),
    ("uuid", "uuid"),
    ("uuid", "_uuid"),
    ("_parent_index", "_index"),
    ("_parent_index", "index"),
)


def is_form(sheets: list[Sheet]) -> bool:
    """An XLSForm has a ``survey`` sheet whose header has ``type`` and ``name``."""
    for sheet in sheets:
        if (sheet.name or "").strip().lower() == "survey" and sheet.rows:
            header = {key(c or "") for c in sheet.rows[0]}
            return {"type", "name"} <= header
    return False


def _lang_code(name: str, default: str) -> str:
    """``English (en)`` -> en, ``french`` -> fr, ``default`` -> the form's default language."""
    name = (name or "").strip()
    if not name or name.lower() == "default":
        return default
    found = re.search(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\)\s*$", name)
    if found:
        return found.group(1).lower().split("-")[0]
    try:
        language = pycountry.languages.lookup(name.split("(")[0].strip())
    except LookupError:
        return name.lower()
    code: str = getattr(language, "alpha_2", None) or language.alpha_3
    return code


def _labels(value: object, default: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for name, text in value.items():
            if text := clean_text(text):
                out.setdefault(_lang_code(name, default), text)
        return out
    text = clean_text(value)
    return {default: text} if text else {}


def read_form(path: Path) -> Form:
    """The form's questions, groups of one choice list read as a matrix question."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json

    if path.suffix.lower() == ".xlsx":
        _refuse_zip_bomb(path)
    warnings: list[str] = []
    try:
        data = parse_file_to_json(str(path), warnings=warnings)
    except (PyXFormError, Exception) as exc:  # pyxform and its readers raise many types
        message = clean_text(str(exc))[:200] or type(exc).__name__
        raise FileFormatError(
            Problem(str(path), "survey", None, None, message, "a valid XLSForm (as pyxform reads it)")
        ) from None
    default = _lang_code(str(data.get("default_language") or ""), "en")
    form = Form(TOOL, str(path), clean_text(data.get("title")), [], [])
    _walk(data, [], [], None, form, default)
    langs = {lang for q in form.questions for lang in q.labels}
    form.languages = sorted(langs)
    return form


def _walk(
    node: dict[str, Any],
    path: list[str],
    label_path: list[dict[str, str]],
    repeat: str | None,
    form: Form,
    default: str,
) -> None:
    for child in node.get("children", []):
        kind, name = child.get("type", ""), child.get("name", "")
        if kind in ("group", "repeat"):
            labels = _labels(child.get("label"), default)
            if kind == "group" and _is_matrix(child):
                form.questions.append(_matrix(child, path, repeat, default))
                continue
            _walk(
                child,
                path + [name],
                label_path + [labels],
                name if kind == "repeat" else repeat,
                form,
                default,
            )
            continue
        q = Question(name, CLOSED.get(kind, "other"), _labels(child.get("label"), default), repeat=repeat)
        q.paths = ["/".join(path + [name])]
        q.label_paths = _join_labels(label_path, q.labels)
        if kind in CLOSED:
            q.choices = [
                Choice(str(c.get("name")), _labels(c.get("label"), default)) for c in child.get("choices", [])
            ]
            if kind.startswith("select") and not q.choices:
                q.skip_reason = "its choices come from an external file"
            if kind == "range":
                params = child.get("parameters") or {}
                try:
                    start, end = int(params.get("start", 1)), int(params.get("end", 10))
                except (TypeError, ValueError):
                    q.skip_reason = "a range with a step that is not whole"
                else:
                    q.scale = (min(start, end), max(start, end))
            if kind == "select all that apply":
                q.items = [(c.code, c.labels) for c in q.choices]
            q.ordinal = kind == "range" or kind == "select one"
        elif kind in OPEN:
            q.skip_reason = "an open answer"
        else:
            q.skip_reason = f"a {kind} field, not a question" if kind in META else f"a {kind} field"
        form.questions.append(q)


def _join_labels(label_path: list[dict[str, str]], labels: dict[str, str]) -> dict[str, list[str]]:
    out = {}
    for lang, text in labels.items():
        out[lang] = [p.get(lang, "") for p in label_path] + [text]
    return out


def _is_matrix(group: dict[str, Any]) -> bool:
    children = group.get("children", [])
    lists = {c.get("itemset") or c.get("list_name") for c in children}
    return (
        len(children) >= 2
        and all(c.get("type") == "select one" and c.get("choices") for c in children)
        and len(lists) == 1
    )


def _matrix(group: dict[str, Any], path: list[str], repeat: str | None, default: str) -> Question:
    name = group["name"]
    children = group["children"]
    items, aliases, paths = [], {}, []
    for child in children:
        item = child["name"]
        if item.startswith(name + "_") and len(item) > len(name) + 1:
            item = item[len(name) + 1 :]
        items.append((item, _labels(child.get("label"), default)))
        aliases[child["name"]] = item
        paths.append(("/".join(path + [name, child["name"]]), child["name"], item))
    q = Question(
        name,
        "single",
        _labels(group.get("label"), default) or _labels(children[0].get("label"), default),
        [Choice(str(c.get("name")), _labels(c.get("label"), default)) for c in children[0]["choices"]],
        items,
        ordinal=True,
        repeat=repeat,
        aliases=aliases,
    )
    q.matrix_paths = paths
    return q


# -- the export ----------------------------------------------------------------------------

#: A question a header may name: (question, item, column kind).
Candidate = tuple[Question, str, str]


def _keys_for(form: Form) -> tuple[dict[str, list[Candidate]], dict[str, list[Candidate]]]:
    """Header keys -> (question, item) candidates: exact names and paths first, labels second."""
    names: dict[str, list[Candidate]] = {}
    labels: dict[str, list[Candidate]] = {}

    def add(table: dict[str, list[Candidate]], text: str, target: Candidate) -> None:
        if text:
            for variant in {text, text.replace("/", ".")}:
                table.setdefault(key(variant), [])
                if target not in table[key(variant)]:
                    table[key(variant)].append(target)

    for q in form.questions:
        if q.matrix_paths:
            for full, child, item in q.matrix_paths:
                add(names, full, (q, item, "answer"))
                add(names, child, (q, item, "answer"))
                for lang, text in q.item_labels(item).items():
                    add(labels, text, (q, item, "answer"))
                    group = q.labels.get(lang)
                    if group:
                        add(labels, f"{group}/{text}", (q, item, "answer"))
            continue
        kind = "multi" if q.kind == "multiple" else "answer"
        for full in [q.qid, *q.paths]:
            add(names, full, (q, "value", kind))
            if q.kind == "multiple":
                for c in q.choices:
                    add(names, f"{full}/{c.code}", (q, c.code, "split"))
        for lang, parts in q.label_paths.items():
            texts = {parts[-1], "/".join(p for p in parts if p)}
            for text in texts:
                add(labels, text, (q, "value", kind))
                if q.kind == "multiple":
                    for c in q.choices:
                        choice_label = c.labels.get(lang) or c.code
                        add(labels, f"{text}/{choice_label}", (q, c.code, "split"))
    return names, labels


def map_header(form: Form, header: list[str], repeat: str | None) -> list[Column]:
    names, labels = _keys_for(form)
    columns = []
    for cell in header:
        text = cell or ""
        low = key(text)
        if text.startswith("_") or low in ("uuid", "index", "row_id", "__version__"):
            columns.append(
                Column("id" if low in {key(i) for i in ID_COLUMNS + ("_parent_index",)} else "meta")
            )
            continue
        found = _lookup(names, low) or _lookup(labels, low)
        if found is None:
            columns.append(Column("unknown", reason="matches no question of the form"))
            continue
        q, item, kind = found
        if q.repeat != repeat:
            columns.append(Column("unknown", reason=f"a question of {q.repeat or 'the main records'}"))
        elif reason := personal_reason(q.qid):
            columns.append(Column("personal", q, None, reason))
        elif not q.closed:
            columns.append(
                Column("text" if q.skip_reason == "an open answer" else "other", q, None, q.skip_reason)
            )
        else:
            columns.append(Column(kind, q, item))
    # a combined select_multiple column makes its 0/1 columns a duplicate to read with it
    combined = {c.answered()[0].qid for c in columns if c.kind == "multi"}
    return [
        Column("split_dup", c.question, c.item)
        if c.kind == "split" and c.answered()[0].qid in combined
        else c
        for c in columns
    ]


def _lookup(table: dict[str, list[Candidate]], low: str) -> Candidate | None:
    """The single question a header names, trying shorter group paths when the full one fails."""
    candidates = table.get(low)
    parts = re.split(r"[/.]", low)
    start = 1
    while not candidates and start < len(parts):
        for sep in ("/", "."):
            candidates = table.get(key(sep.join(parts[start:])))
            if candidates:
                break
        start += 1
    if candidates and len(candidates) == 1:
        return candidates[0]
    return None


def exports(form: Form, sheets: list[Sheet]) -> list[Export]:
    """The main records and one export per repeat sheet, headers mapped and rows linked."""
    repeats = {q.repeat for q in form.questions if q.repeat}
    main, rest = sheets[0], sheets[1:]
    out = [_export(form, main, None)]
    for sheet in rest:
        name = next((r for r in repeats if key(r)[:31] == key(sheet.name or "")), None)
        if name is None:
            form.notes.append(f"sheet {sheet.name!r}: not a repeat group of the form, not loaded")
            continue
        out.append(_export(form, sheet, name))
    _link(out)
    return out


def _export(form: Form, sheet: Sheet, repeat: str | None) -> Export:
    rows = sheet.rows
    header = [c or "" for c in (rows[0] if rows else [])]
    low = [key(h) for h in header]
    export = Export(sheet.file, sheet.name, 1, header, rows[1:], map_header(form, header, repeat), repeat)
    wanted = ID_COLUMNS if repeat is None else REPEAT_ID
    export.id_column = next((low.index(k) for k in wanted if k in low), None)
    return export


def _link(exports_: list[Export]) -> None:
    """Point each repeat row at its record: by submission uuid, else by the record's index."""
    main = {key(h): h for h in exports_[0].header}
    for export in exports_[1:]:
        low = [key(h) for h in export.header]
        for child, parent in LINKS:
            if child in low and parent in main:
                export.link = (low.index(child), None, main[parent])
                break
