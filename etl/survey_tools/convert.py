"""Turn a form, its response export and the wave's roles into the documented survey tables.

The result has the columns of ``codebook.csv``, ``respondents.csv`` and long
``responses.csv`` (docs/data-formats.md), plus the labels of every language the form has,
and counts that add up: every closed answer in the export is loaded or skipped for a
named reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.countries import resolve_country
from etl.problems import PROBLEM_CAP, Problem
from etl.reference import denied_column_reason, vocabularies
from etl.survey_tools.model import (
    CHOICE,
    MISSING_KINDS,
    NUMBER,
    RATING,
    YES_NO,
    Column,
    Form,
    Question,
    integer_codes,
    key,
    missing_kind,
    pick_label,
    yes_no_codes,
)
from etl.survey_tools.roles import ItemRole, Roles
from etl.survey_tools.sheets import Cell

TYPES = ("state", "ngo", "company")

SKIP_NOT_CODE = "an answer code of the question's choice list"
SKIP_NOT_NUMBER = "a number"
SKIP_NO_TYPE = "a respondent whose type is known (see the roles file's respondent_type)"
SKIP_NO_COUNTRY = "a State respondent with a known country (see the roles file's country)"
SKIP_NO_PARENT = "a repeat row whose parent record is loaded"
SKIP_DUPLICATE = "a respondent id used once"

#: A respondent row (respondent_id, respondent_type, country, parent_id, _row), or a row left
#: out ("skip": the reason, "row").
Person = dict[str, Any]


@dataclass
class Export:
    """One sheet of a response export, its header mapped to the form."""

    file: str
    sheet: str | None
    header_row: int
    header: list[str]
    rows: list[list[Cell]]
    columns: list[Column]
    #: None for the main records, else the repeat group the rows belong to
    repeat: str | None = None
    #: column holding the record's id (main) or instance index (repeat)
    id_column: int | None = None
    #: for a repeat: (column of the link, sheet of the parent, parent's column it matches)
    link: tuple[int, str | None, str] | None = None

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index


@dataclass
class Item:
    """One codebook row in the making."""

    question: Question
    item: str
    answer_type: str
    scale: tuple[int, int] | None = None
    choices: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)
    yes_no: dict[str, str] | None = None
    measure: str = ""
    domain: str = ""
    code: str = ""
    audience: str = ""
    asked_of: str = ""
    column: str = ""


@dataclass
class ImportedWave:
    """A wave read from a survey tool, in the documented tables, with what was left out."""

    tool: str
    form_file: str
    data_files: list[str]
    codebook: list[dict[str, object]] = field(default_factory=list)
    respondents: list[Person] = field(default_factory=list)
    answers: list[dict[str, object]] = field(default_factory=list)
    labels: list[tuple[str, str, str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    columns: Counter[str] = field(default_factory=Counter)
    answers_in_file: int = 0
    answers_loaded: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    records: Counter[str] = field(default_factory=Counter)
    questions: int = 0
    closed_questions: int = 0
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, problem: Problem) -> None:
        self.skipped[problem.expected] += 1
        self.note_problem(problem)

    def note_problem(self, problem: Problem) -> None:
        self.problems_total += 1
        if len(self.problems) < PROBLEM_CAP:
            self.problems.append(problem)

    def summary(self) -> list[str]:
        """Lines for ``etl check``: what the file holds and what happened to it."""
        q_items = len(self.codebook)
        lines = [
            f"survey tool: {self.tool}; form {Path(self.form_file).name}; "
            f"export {', '.join(Path(f).name for f in self.data_files)}",
            f"questions: {self.questions} ({self.closed_questions} closed, loaded as {q_items} items); "
            f"records: " + ", ".join(f"{n:,} {k}" for k, n in self.records.items()),
            "columns: "
            + "; ".join(f"{n} {k}" for k, n in sorted(self.columns.items(), key=lambda kv: -kv[1])),
            f"closed answers in the export: {self.answers_in_file:,} = loaded {self.answers_loaded:,} "
            f"+ skipped {sum(self.skipped.values()):,}",
        ]
        lines += [f"  skipped {n:,}: expected {reason}" for reason, n in self.skipped.most_common()]
        lines.append(f"answer rows for the warehouse: {len(self.answers):,}")
        if self.unmapped:
            shown = ", ".join(self.unmapped[:25]) + (", ..." if len(self.unmapped) > 25 else "")
            lines.append(f"items without a role (kept in answers only): {len(self.unmapped)}: {shown}")
        return lines + self.notes


Decoder = Callable[[Question, str], str | None]


def default_decoder() -> Decoder:
    """Answer text to a choice code: the code itself, or any language's label of it."""
    cache: dict[int, dict[str, str]] = {}

    def decode(question: Question, text: str) -> str | None:
        table = cache.get(id(question))
        if table is None:
            table, clash = {}, set()
            for choice in question.choices:
                for word in {key(choice.code)} | {key(v) for v in choice.labels.values() if v}:
                    if word in table and table[word] != choice.code:
                        clash.add(word)
                    table.setdefault(word, choice.code)
            for choice in question.choices:  # a code always means itself
                table[key(choice.code)] = choice.code
            for word in clash - {key(c.code) for c in question.choices}:
                table.pop(word, None)
            cache[id(question)] = table
        if any(c.code == text for c in question.choices):
            return text
        return table.get(key(text))

    return decode


def build_items(form: Form, roles: Roles, problems: list[Problem]) -> list[Item]:
    """One codebook item per closed question item, typed by the form and the roles file."""
    items = []
    for q in form.questions:
        if not q.closed:
            continue
        for item in q.item_codes():
            role = roles.for_item(q.qid, item)
            built = _type_item(q, item, role, roles.file, problems)
            built.measure, built.domain, built.code, built.audience = (
                role.measure,
                role.domain,
                role.code,
                role.audience,
            )
            built.asked_of = role.asked_of
            items.append(built)
    return items


def _type_item(
    q: Question, item: str, role: ItemRole, roles_file: str | None, problems: list[Problem]
) -> Item:
    missing: dict[str, list[str]] = {k: [] for k in MISSING_KINDS}
    for choice in q.choices:
        kind = missing_kind(choice)
        if kind:
            missing[kind].append(choice.code)
    for kind in MISSING_KINDS:
        if getattr(role, kind):
            missing[kind] = getattr(role, kind).split("|")
    flagged = {c for codes in missing.values() for c in codes}
    real = [c for c in q.choices if c.code not in flagged]

    def refuse(column: str, expected: str) -> None:
        problems.append(
            Problem(str(roles_file), None, role.row, column, getattr(role, column, None), expected)
        )

    if q.kind == "number":
        return Item(q, item, NUMBER, missing=missing)
    if q.kind == "multiple":
        return Item(q, item, YES_NO, missing=missing, yes_no={"1": "yes", "0": "no"})
    wanted = role.answer_type or (RATING if role.order else "")
    yes_no = yes_no_codes(real)
    if wanted == YES_NO or (not wanted and yes_no):
        if yes_no is None:
            refuse("answer_type", "yes_no only for a question whose choices are a yes and a no")
            return Item(q, item, CHOICE, choices=[c.code for c in real], missing=missing)
        return Item(q, item, YES_NO, missing=missing, yes_no=yes_no)
    if role.order:
        order = role.order.split("|")
        return Item(q, item, RATING, scale=(1, len(order)), choices=order, missing=missing)
    numeric = q.scale or integer_codes(real)
    if wanted == RATING or (not wanted and (q.scale or (q.ordinal and numeric))):
        if numeric is None:
            refuse("order", "the choice codes from lowest to highest, '|'-separated, for a rating")
            return Item(q, item, CHOICE, choices=[c.code for c in real], missing=missing)
        return Item(q, item, RATING, scale=numeric, missing=missing)
    if wanted == NUMBER:
        return Item(q, item, NUMBER, missing=missing)
    return Item(q, item, CHOICE, choices=[c.code for c in real], missing=missing)


def _check_measures(items: list[Item], roles: Roles, problems: list[Problem]) -> None:
    for it in items:
        needs = {
            "severity": RATING,
            "training_provision": RATING,
            "training_need": RATING,
            "strategy": YES_NO,
        }
        wanted = needs.get(it.measure)
        if wanted and it.answer_type != wanted:
            row = roles.for_item(it.question.qid, it.item).row
            problems.append(
                Problem(
                    str(roles.file),
                    None,
                    row,
                    "role",
                    f"{it.question.qid}/{it.item}: {it.answer_type}",
                    f"a {wanted} question for role {it.measure} (set answer_type or order)",
                )
            )


def convert(
    form: Form,
    roles: Roles,
    exports: list[Export],
    wave_id: str,
    decode: Decoder | None = None,
    split_value: Callable[[Question, str], bool | None] | None = None,
) -> ImportedWave:
    """Codebook, respondents and answers of one wave; roles problems go to ``out.problems`` as errors."""
    decode = decode or default_decoder()
    split_value = split_value or _split_value
    out = ImportedWave(form.tool, form.file, sorted({e.file for e in exports}))
    out.questions = len(form.questions)
    out.closed_questions = sum(q.closed for q in form.questions)
    errors: list[Problem] = list(roles.problems)
    items = build_items(form, roles, errors)
    _check_measures(items, roles, errors)
    by_key = {(it.question.qid, it.item): it for it in items}
    if not roles.fixed_type and "respondent_type" not in roles.respondent:
        errors.append(
            Problem(
                str(roles.file or Path(form.file).with_name("roles.csv")),
                None,
                None,
                "role",
                None,
                "a row saying who answered: question '*' with role respondent_type and code "
                "state, ngo or company, or the question whose answer gives the type",
            )
        )
    for problem in errors:
        out.note_problem(problem)
    main = exports[0]
    people = _respondents(main, roles, form, decode, out)
    keys: dict[tuple[str | None, str], dict[str, Person]] = {}
    answered: dict[tuple[str, str], set[str]] = {}
    for export in exports:
        out.records["records" if export.repeat is None else f"{export.repeat} rows"] += len(export.rows)
        for column in export.columns:
            out.columns[_column_class(column)] += 1
        if export.repeat is None:
            who, keys = people, _link_keys(exports, people)
        else:
            who = _repeat_people(export, keys, out)
        _answers(export, who, by_key, decode, split_value, out, answered)
    out.codebook = _codebook_rows(items, answered, {p["respondent_type"] for p in out.respondents}, roles)
    out.labels = _labels(form, wave_id, items)
    out.unmapped = [f"{it.question.qid}/{it.item}" for it in items if not it.measure]
    return out


def _column_class(column: Column) -> str:
    names = {
        "answer": "closed-question columns",
        "multi": "closed-question columns",
        "split": "select-multiple 0/1 columns",
        "split_dup": "select-multiple 0/1 columns read with their combined column",
        "id": "id columns",
        "meta": "metadata columns (not loaded)",
        "text": "open-answer columns (not loaded)",
        "personal": "personal-data columns (not loaded)",
        "other": "columns of no closed question (not loaded)",
        "unknown": "columns matching no question of the form (not loaded)",
    }
    return names.get(column.kind, column.kind)


def _cell(export: Export, row: list[Cell], index: int | None) -> Cell:
    if index is None or index >= len(row):
        return None
    return row[index]


def _respondents(
    export: Export, roles: Roles, form: Form, decode: Decoder, out: ImportedWave
) -> dict[int, Person]:
    """Respondent of each main row (by row index); rows that cannot be placed are left out."""
    by_id = form.by_id()
    id_column = export.id_column
    if "respondent_id" in roles.respondent:
        name, _, roles_row = roles.respondent["respondent_id"]
        if name in export.header:
            id_column = export.header.index(name)
        else:
            out.note_problem(
                Problem(
                    str(roles.file),
                    None,
                    roles_row,
                    "question",
                    name,
                    f"a column of {Path(export.file).name}",
                )
            )

    def answer_column(role: str) -> tuple[Question | None, int | None, dict[str, str]]:
        if role not in roles.respondent:
            return None, None, {}
        qid, values, _ = roles.respondent[role]
        for index, column in enumerate(export.columns):
            if column.question is not None and column.question.qid == qid and column.kind == "answer":
                return by_id[qid], index, values
        return by_id.get(qid), None, values

    type_q, type_col, type_values = answer_column("respondent_type")
    country_q, country_col, country_values = answer_column("country")
    vocab = vocabularies()["respondent_type"]
    people: dict[int, Person] = {}
    seen: set[str] = set()
    for index, row in enumerate(export.rows):
        number = export.row_number(index)
        rid = _cell(export, row, id_column) or f"r{number}"
        kind: str | None = roles.fixed_type
        reason = ""
        if type_q is not None:
            raw = _cell(export, row, type_col)
            code = decode(type_q, raw) if raw else None
            kind = _mapped(type_values, code, raw, type_q)
            kind = kind if kind in vocab else ""
        if not kind:
            reason = SKIP_NO_TYPE
        country = roles.fixed_country or None
        if country_q is not None:
            raw = _cell(export, row, country_col)
            code = decode(country_q, raw) if raw else None
            mapped = _mapped(country_values, code, raw, country_q)
            country = resolve_country(mapped) if mapped else None
            if country is None and code:
                labels = next((c.labels for c in country_q.choices if c.code == code), {})
                country = next((resolve_country(v) for v in labels.values() if resolve_country(v)), None)
        if kind == "state" and country is None and not reason:
            reason = SKIP_NO_COUNTRY
        if rid in seen and not reason:
            reason = SKIP_DUPLICATE
        if reason:
            people[index] = {"skip": reason, "row": number}
            continue
        seen.add(rid)
        person = {
            "respondent_id": rid,
            "respondent_type": kind,
            "country": country,
            "parent_id": None,
            "_row": number,
        }
        people[index] = person
        out.respondents.append(person)
    return people


def _mapped(values: dict[str, str], code: str | None, raw: str | None, question: Question) -> str | None:
    """An answer through the roles file's ``values`` mapping (by code or label), else the code."""
    if not values:
        return code
    for answer in (code, raw):
        if answer is None:
            continue
        for written, value in values.items():
            if key(written) == key(answer):
                return value
    if code is not None:
        labels = next((c.labels for c in question.choices if c.code == code), {})
        for label in labels.values():
            for written, value in values.items():
                if key(written) == key(label):
                    return value
    return code


def _link_keys(
    exports: list[Export], people: dict[int, Person]
) -> dict[tuple[str | None, str], dict[str, Person]]:
    """Parent rows by the values a repeat sheet links them with."""
    keys: dict[tuple[str | None, str], dict[str, Person]] = {}
    main = exports[0]
    wanted = {(e.link[1], e.link[2]) for e in exports[1:] if e.link}
    for sheet, column in wanted:
        if sheet not in (None, main.sheet) or column not in main.header:
            continue
        at = main.header.index(column)
        table = keys.setdefault((None, column), {})
        for index, row in enumerate(main.rows):
            value = _cell(main, row, at)
            if value is not None and "respondent_id" in people.get(index, {}):
                table[value] = people[index]
    return keys


def _repeat_people(
    export: Export, keys: dict[tuple[str | None, str], dict[str, Person]], out: ImportedWave
) -> dict[int, Person]:
    people: dict[int, Person] = {}
    table = keys.get((None, export.link[2]), {}) if export.link else {}
    for index, row in enumerate(export.rows):
        number = export.row_number(index)
        link = _cell(export, row, export.link[0]) if export.link else None
        parent = table.get(link) if link is not None else None
        if parent is None:
            people[index] = {"skip": SKIP_NO_PARENT, "row": number}
            continue
        instance = _cell(export, row, export.id_column) or str(number)
        person = {
            "respondent_id": f"{parent['respondent_id']}/{export.repeat}/{instance}",
            "respondent_type": parent["respondent_type"],
            "country": parent["country"],
            "parent_id": parent["respondent_id"],
            "_row": number,
        }
        people[index] = person
        out.respondents.append(person)
    return people


def _split_value(question: Question, text: str) -> bool | None:
    word = key(text)
    if word in ("1", "y", "yes", "true", "selected", "checked"):
        return True
    if word in ("0", "n", "no", "false", "not selected", "unchecked"):
        return False
    return None


def _answers(
    export: Export,
    people: dict[int, Person],
    by_key: dict[tuple[str, str], Item],
    decode: Decoder,
    split_value: Callable[[Question, str], bool | None],
    out: ImportedWave,
    answered: dict[tuple[str, str], set[str]],
) -> None:
    combined = {c.answered()[0].qid for c in export.columns if c.kind == "multi"}
    splits: dict[str, list[tuple[int, str]]] = {}
    for index, column in enumerate(export.columns):
        if column.kind == "split" and (split := column.answered())[0].qid not in combined:
            splits.setdefault(split[0].qid, []).append((index, split[1]))
    for r, row in enumerate(export.rows):
        person = people.get(r, {})
        number = export.row_number(r)

        def skip(column: int, value: str, expected: str, row_number: int = number) -> None:
            out.skip(
                Problem(
                    export.file,
                    export.sheet,
                    row_number,
                    export.header[column],
                    value,
                    expected,
                    "quarantine",
                )
            )

        def emit(
            column: int, item: Item, answer: str, who: Person = person, row_number: int = number
        ) -> None:
            out.answers.append(
                {
                    "_row": row_number,
                    "_column": export.header[column],
                    "respondent_id": who["respondent_id"],
                    "question_id": item.question.qid,
                    "item": item.item,
                    "answer": answer,
                }
            )
            answered.setdefault((item.question.qid, item.item), set()).add(who["respondent_type"])

        for c, column in enumerate(export.columns):
            if column.kind not in ("answer", "multi"):
                continue
            raw = _cell(export, row, c)
            if raw is None:
                continue
            out.answers_in_file += 1
            if "skip" in person:
                skip(c, raw, person["skip"])
                continue
            q, asked = column.answered()
            if column.kind == "answer":
                item = by_key[(q.qid, asked)]
                answer = _single(item, raw, decode)
                if answer is None:
                    skip(c, raw, SKIP_NOT_NUMBER if item.answer_type == NUMBER else SKIP_NOT_CODE)
                    continue
                emit(c, item, answer)
            else:
                codes = _multi_codes(q, raw, decode)
                if codes is None:
                    skip(c, raw, SKIP_NOT_CODE)
                    continue
                for code, answer in _multi_answers(q, codes):
                    emit(c, by_key[(q.qid, code)], answer)
            out.answers_loaded += 1
        for qid, columns in splits.items():
            cells = [(c, item, _cell(export, row, c)) for c, item in columns]
            filled = [(c, item, v) for c, item, v in cells if v is not None]
            if not filled:
                continue  # the question was not answered: a blank never becomes "no"
            out.answers_in_file += 1
            first = filled[0][0]
            if "skip" in person:
                skip(first, filled[0][2], person["skip"])
                continue
            q = export.columns[first].answered()[0]
            values = {item: split_value(q, v) for _, item, v in filled}
            if any(v is None for v in values.values()):
                bad = next(v for _, item, v in filled if values[item] is None)
                skip(first, bad, "0/1 (or blank) in a select-multiple column")
                continue
            for c, choice, _ in cells:
                chosen = values.get(choice)
                if chosen is None and q.split_blank == "missing":
                    continue
                emit(c, by_key[(qid, choice)], "yes" if chosen else "no")
            out.answers_loaded += 1


def _single(item: Item, raw: str, decode: Decoder) -> str | None:
    if item.answer_type == NUMBER:
        try:
            value = float(raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw)
        except ValueError:
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    code = decode(item.question, raw)
    if code is None:
        return None
    if any(code in codes for codes in item.missing.values()):
        return code
    if item.answer_type == YES_NO:
        assert item.yes_no is not None, "a yes/no item has its codes"
        return item.yes_no.get(code)
    if item.answer_type == RATING and not item.choices:
        try:
            value = int(code)
        except ValueError:
            return None
        assert item.scale is not None, "a rating without choices has its scale"
        return code if item.scale[0] <= value <= item.scale[1] else None
    if item.choices and code not in item.choices:
        return None
    return code


def _multi_codes(q: Question, raw: str, decode: Decoder) -> list[str] | None:
    whole = decode(q, raw)
    if whole is not None:
        return [whole]
    for separator in (None, ";", ","):
        tokens = [t.strip() for t in raw.split(separator) if t.strip()]
        codes = [code for t in tokens if (code := decode(q, t))]
        if tokens and len(codes) == len(tokens):
            return codes
    return None


def _multi_answers(q: Question, codes: list[str]) -> list[tuple[str, str]]:
    """yes/no per choice; only "don't know" (or refused) selected gives that code to every item."""
    items = q.item_codes()
    real = [c for c in codes if c in items]
    if not real:
        return [(item, codes[0]) for item in items]
    return [(item, "yes" if item in real else "no") for item in items]


def _codebook_rows(
    items: list[Item], answered: dict[tuple[str, str], set[str]], types: set[str], roles: Roles
) -> list[dict[str, object]]:
    everyone = "|".join(t for t in TYPES if t in types) or roles.fixed_type or "state"
    rows = []
    for n, it in enumerate(items, start=1):
        found = answered.get((it.question.qid, it.item), set())
        asked_of = it.asked_of or "|".join(t for t in TYPES if t in found) or everyone
        rows.append(
            {
                "_row": n,
                "question_id": it.question.qid,
                "item": it.item,
                "respondent_type": asked_of,
                "text": pick_label(it.question.labels) or it.question.qid,
                "item_text": pick_label(it.question.item_labels(it.item)) or None,
                "answer_type": it.answer_type,
                "scale_min": it.scale[0] if it.scale else None,
                "scale_max": it.scale[1] if it.scale else None,
                "dont_know": "|".join(it.missing.get("dont_know", [])) or None,
                "prefer_not": "|".join(it.missing.get("prefer_not", [])) or None,
                "not_applicable": "|".join(it.missing.get("not_applicable", [])) or None,
                "choices": "|".join(it.choices) or None,
                "measure": it.measure or None,
                "domain": it.domain or None,
                "code": it.code or None,
                "audience": it.audience or None,
                "column": None,
            }
        )
    return rows


def _labels(form: Form, wave_id: str, items: list[Item]) -> list[tuple[str, str, str, str]]:
    rows: dict[tuple[str, str, str], str] = {}
    for q in form.questions:
        if not q.closed:
            continue
        for lang, text in q.labels.items():
            if clean := " ".join(text.split()):
                rows.setdefault(("survey_question", f"{wave_id}/{q.qid}", lang), clean)
        for item in q.item_codes():
            for lang, text in q.item_labels(item).items():
                if text:
                    rows.setdefault(("survey_item", f"{wave_id}/{q.qid}/{item}", lang), text)
        for choice in q.choices:
            for lang, text in choice.labels.items():
                if text:
                    rows.setdefault(("survey_choice", f"{wave_id}/{q.qid}/{choice.code}", lang), text)
    return [(v, c, lang, label) for (v, c, lang), label in sorted(rows.items())]


def personal_reason(name: str) -> str | None:
    """Why a column name looks like personal data (the project's deny-list), or None."""
    return denied_column_reason(name)
