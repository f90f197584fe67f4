"""LimeSurvey: the survey structure (``.lss`` XML, or the tab-separated ``.txt``) and the
response export headed by question codes (``Q1``, ``Q1[SQ001]``).

The ``.lss`` comes from outside, so it is parsed with defusedxml (no entity expansion, no
external entities).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from etl.problems import FileFormatError, Problem
from etl.survey_tools.convert import Export, default_decoder, personal_reason
from etl.survey_tools.model import Choice, Column, Form, Question, clean_text, key
from etl.survey_tools.sheets import read_csv

TOOL = "LimeSurvey"
#: Question types: single choice, the fixed answer lists of some of them, matrices.
SINGLE = {"L", "!", "O", "5", "Y", "G"}
MATRIX = {"F", "H", "A", "B", "C", "E", "1"}
MULTIPLE = {"M", "P"}
NUMBERS = {"N", "K", ":"}
TEXT = {"S", "T", "U", "Q", ";"}
FIXED: dict[str, list[tuple[str, dict[str, str]]]] = {
    "5": [(str(n), {}) for n in range(1, 6)],
    "A": [(str(n), {}) for n in range(1, 6)],
    "B": [(str(n), {}) for n in range(1, 11)],
    "Y": [("Y", {"en": "Yes"}), ("N", {"en": "No"})],
    "G": [("F", {"en": "Female"}), ("M", {"en": "Male"})],
    "C": [("Y", {"en": "Yes"}), ("U", {"en": "Uncertain"}), ("N", {"en": "No"})],
    "E": [("I", {"en": "Increase"}), ("S", {"en": "Same"}), ("D", {"en": "Decrease"})],
}
OTHER_TYPES = {
    "X": "a text display",
    "*": "an equation",
    "|": "a file upload",
    "D": "a date",
    "R": "a ranking",
    "I": "a language switch",
}
META = {
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "token",
    "interviewtime",
}


def is_tsv_structure(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(200).decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    return head.startswith("class\t") or head.startswith('"class"\t')


#: A question as the structure file gives it: title, type, labels, other, subs, answers.
Entry = dict[str, Any]


def _lang(code: str) -> str:
    return (code or "en").split("-")[0].lower()


def read_form(path: Path) -> Form:
    if path.suffix.lower() == ".lss":
        questions, langs, title = _from_lss(path)
    else:
        questions, langs, title = _from_tsv(path)
    form = Form(TOOL, str(path), title, [], sorted(langs))
    for q in questions:
        form.questions.extend(_build(q))
    return form


def _from_lss(path: Path) -> tuple[list[Entry], set[str], str]:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.parse(str(path)).getroot()
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise FileFormatError(
            Problem(str(path), None, None, None, clean_text(str(exc))[:120], "a LimeSurvey .lss XML file")
        ) from None
    assert root is not None, "a parsed file has its root element"

    def rows(section: str) -> list[dict[str, str]]:
        node = root.find(section)
        found = None if node is None else node.find("rows")
        if found is None:
            return []
        return [{c.tag: (c.text or "") for c in row} for row in found]

    langs = {_lang(n.text or "") for n in root.iter("language") if n.text} or {"en"}
    texts: dict[str, dict[str, str]] = {}
    for r in rows("question_l10ns") + [
        r for r in rows("questions") + rows("subquestions") if "question" in r
    ]:
        texts.setdefault(r["qid"], {})[_lang(r.get("language", ""))] = clean_text(r.get("question"))
    answer_texts: dict[str, dict[str, str]] = {}
    for r in rows("answer_l10ns"):
        answer_texts.setdefault(r["aid"], {})[_lang(r.get("language", ""))] = clean_text(r.get("answer"))
    groups = {r["gid"]: int(r.get("group_order") or 0) for r in rows("groups")}
    questions: list[Entry] = []
    subs = rows("subquestions")
    answers = rows("answers")
    for q in sorted(
        (r for r in rows("questions") if r.get("parent_qid", "0") == "0"),
        key=lambda r: (groups.get(r["gid"], 0), int(r.get("question_order") or 0)),
    ):
        entry: Entry = {
            "title": q["title"],
            "type": q["type"],
            "labels": texts.get(q["qid"], {}),
            "other": q.get("other"),
        }
        seen_subs: dict[str, dict[str, Any]] = {}
        for s in sorted(
            (s for s in subs if s["parent_qid"] == q["qid"]), key=lambda s: int(s.get("question_order") or 0)
        ):
            seen_subs.setdefault(s["title"], {"scale": s.get("scale_id", "0"), "labels": {}})
            seen_subs[s["title"]]["labels"].update(texts.get(s["qid"], {}))
        entry["subs"] = [(t, v["scale"], v["labels"]) for t, v in seen_subs.items()]
        seen_answers: dict[tuple[str, str], dict[str, str]] = {}
        for a in sorted(
            (a for a in answers if a["qid"] == q["qid"]), key=lambda a: int(a.get("sortorder") or 0)
        ):
            labels = answer_texts.get(a.get("aid", ""), {})
            if "answer" in a:  # older structures keep the text on the answer row
                labels = {_lang(a.get("language", "")): clean_text(a["answer"])}
            seen_answers.setdefault((a["code"], a.get("scale_id", "0")), {}).update(labels)
        entry["answers"] = [(code, scale, labels) for (code, scale), labels in seen_answers.items()]
        questions.append(entry)
    title = next((clean_text(r.get("surveyls_title")) for r in rows("surveys_languagesettings")), "")
    return questions, langs, title


def _from_tsv(path: Path) -> tuple[list[Entry], set[str], str]:
    rows = read_csv(path, delimiter="\t")
    if not rows:
        raise FileFormatError(
            Problem(str(path), None, None, None, None, "a LimeSurvey tab-separated structure")
        )
    header = [key(h or "") for h in rows[0]]

    def get(row: list[str | None], name: str) -> str:
        return (row[header.index(name)] or "") if name in header and header.index(name) < len(row) else ""

    questions: list[Entry] = []
    langs: set[str] = set()
    title = ""
    current: Entry | None = None
    for row in rows[1:]:
        kind, lang = get(row, "class"), _lang(get(row, "language"))
        if kind == "SL" and get(row, "name") == "surveyls_title":
            title = clean_text(get(row, "text"))
        if kind == "Q":
            langs.add(lang)
            name = get(row, "name")
            current = next((q for q in questions if q["title"] == name), None)
            if current is None:
                current = {
                    "title": name,
                    "type": get(row, "type/scale"),
                    "labels": {},
                    "other": get(row, "other"),
                    "subs": [],
                    "answers": [],
                }
                questions.append(current)
            current["labels"][lang] = clean_text(get(row, "text"))
        elif kind in ("SQ", "A") and current is not None:
            name, scale = get(row, "name"), get(row, "type/scale") or "0"
            bucket = current["subs"] if kind == "SQ" else current["answers"]
            entry: tuple[str, str, dict[str, str]] | None = next(
                (e for e in bucket if e[0] == name and e[1] == scale), None
            )
            if entry is None:
                entry = (name, scale, {})
                bucket.append(entry)
            entry[2][lang] = clean_text(get(row, "text"))
    return questions, langs or {"en"}, title


def _choices(entry: Entry, scale: str = "0") -> list[Choice]:
    fixed = FIXED.get(entry["type"])
    if fixed:
        return [Choice(code, dict(labels)) for code, labels in fixed]
    return [Choice(code, labels) for code, s, labels in entry["answers"] if s == scale]


def _build(entry: Entry) -> list[Question]:
    kind, title, labels = entry["type"], entry["title"], entry["labels"]
    subs = [(code, lbl) for code, s, lbl in entry["subs"] if s == "0"]
    columns = [(code, lbl) for code, s, lbl in entry["subs"] if s == "1"]
    if kind in SINGLE:
        q = Question(title, "single", labels, _choices(entry), ordinal=kind == "5")
        q.scale = (1, 5) if kind == "5" else None
        return [q]
    if kind in MATRIX and kind != "1":
        q = Question(title, "single", labels, _choices(entry), subs, ordinal=kind in ("F", "H", "A", "B"))
        q.scale = {"A": (1, 5), "B": (1, 10)}.get(kind)
        return [q]
    if kind == "1":  # dual scale: two matrices over the same rows
        return [
            Question(f"{title}#{n}", "single", labels, _choices(entry, str(n)), subs, ordinal=True)
            for n in (0, 1)
        ]
    if kind in MULTIPLE:
        choices = [Choice(code, lbl) for code, lbl in subs]
        return [
            Question(
                title, "multiple", labels, choices, [(c.code, c.labels) for c in choices], split_blank="no"
            )
        ]
    if kind == "N":
        return [Question(title, "number", labels)]
    if kind == "K":
        return [Question(title, "number", labels, items=subs)]
    if kind == ":":
        items: list[tuple[str, dict[str, str]]] = [(f"{y}_{x}", {}) for y, _ in subs for x, _ in columns]
        return [Question(title, "number", labels, items=items)]
    if kind in TEXT:
        return [Question(title, "other", labels, skip_reason="an open answer")]
    return [Question(title, "other", labels, skip_reason=OTHER_TYPES.get(kind, f"question type {kind!r}"))]


_HEADER = re.compile(r"^(?P<q>[^\[\]]+?)(?:\[(?P<item>[^\[\]]*)\])?(?:\[(?P<extra>[^\[\]]*)\])?$")


def map_header(form: Form, header: list[str]) -> list[Column]:
    by_id = form.by_id()
    columns = []
    for cell in header:
        match = _HEADER.match(cell or "")
        low = key(cell or "")
        if (
            low in META
            or re.fullmatch(r"grouptime\d+", low)
            or (low.endswith("time") and low[:-4] in {key(q) for q in by_id})
        ):
            columns.append(Column("id" if low == "id" else "meta"))
            continue
        if match is None:
            columns.append(Column("unknown", reason="matches no question code"))
            continue
        qid, item, extra = match.group("q"), match.group("item"), match.group("extra")
        if item and "#" in item:  # dual scale: Q[SQ#0]
            sub, _, n = item.partition("#")
            qid, item = f"{qid}#{n}", sub
        q = by_id.get(qid)
        if q is None:
            columns.append(Column("unknown", reason="matches no question code"))
        elif reason := personal_reason(q.qid):
            columns.append(Column("personal", q, None, reason))
        elif not q.closed:
            columns.append(
                Column("text" if q.skip_reason == "an open answer" else "other", q, None, q.skip_reason)
            )
        elif extra or (item and (item == "other" or item.endswith("comment"))):
            columns.append(Column("text", q, None, "an open answer"))
        elif q.kind == "multiple" and item in q.item_codes():
            columns.append(Column("split", q, item))
        elif item is None and q.item_codes() == ["value"]:
            columns.append(Column("answer", q, "value"))
        elif item is not None and item in q.item_codes():
            columns.append(Column("answer", q, item))
        else:
            columns.append(Column("unknown", q, None, "an item the structure does not list"))
    return columns


def exports(form: Form, path: Path) -> list[Export]:
    rows = read_csv(path)
    if not rows:
        raise FileFormatError(Problem(str(path), None, None, None, None, "a header row of question codes"))
    header = [c or "" for c in rows[0]]
    export = Export(str(path), None, 1, header, rows[1:], map_header(form, header))
    low = [key(h) for h in header]
    export.id_column = low.index("id") if "id" in low else None
    return [export]


_decode = default_decoder()


def decode(question: Question, text: str) -> str | None:
    return _decode(question, text)


def split_value(question: Question, text: str) -> bool | None:
    word = key(text)
    if word in ("y", "yes", "1"):
        return True
    if word in ("n", "no", "0"):
        return False
    return None
