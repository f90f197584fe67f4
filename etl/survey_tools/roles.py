"""The roles file of a wave: what each question measures, said as data (``roles.csv``).

One row per question, or per item of a question; every column but ``question`` may be
empty. See docs/data-formats.md, "Roles file".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from etl.countries import resolve_country
from etl.problems import FileFormatError, Problem
from etl.reference import vocabularies
from etl.survey_tools.model import CHOICE, NUMBER, RATING, YES_NO, Form, Question

COLUMNS = (
    "question",
    "item",
    "role",
    "domain",
    "code",
    "audience",
    "asked_of",
    "answer_type",
    "order",
    "dont_know",
    "prefer_not",
    "not_applicable",
    "values",
)
#: Roles that say who answered rather than what a question measures.
RESPONDENT_ROLES = ("country", "respondent_type", "respondent_id")
#: Measures that feed a mart, with the vocabulary of their ``code``.
MART_MEASURES = {
    "severity": "challenge",
    "training_provision": "area",
    "training_need": "area",
    "strategy": "strategy",
}
OVERRIDES = ("asked_of", "answer_type", "order", "dont_know", "prefer_not", "not_applicable")


@dataclass
class ItemRole:
    measure: str = ""
    domain: str = ""
    code: str = ""
    audience: str = ""
    asked_of: str = ""
    answer_type: str = ""
    order: str = ""
    dont_know: str = ""
    prefer_not: str = ""
    not_applicable: str = ""
    row: int | None = None


@dataclass
class Roles:
    file: str | None
    items: dict[tuple[str, str | None], ItemRole] = field(default_factory=dict)
    #: respondent roles: role -> (question id, {answer: value}, row)
    respondent: dict[str, tuple[str, dict[str, str], int]] = field(default_factory=dict)
    fixed_type: str = ""
    fixed_country: str = ""
    problems: list[Problem] = field(default_factory=list)

    def for_item(self, qid: str, item: str) -> ItemRole:
        """The question's row, overridden by the item's own row (non-empty cells win)."""
        base = self.items.get((qid, None), ItemRole())
        own = self.items.get((qid, item))
        if own is None:
            return base
        merged = ItemRole(**{k: getattr(own, k) or getattr(base, k) for k in ItemRole.__dataclass_fields__})
        merged.row = own.row
        return merged


def read_roles(path: Path | None, form: Form) -> Roles:
    """Parse and check ``roles.csv`` against the form and the vocabularies."""
    roles = Roles(str(path) if path else None)
    if path is None:
        return roles
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            Problem(str(path), None, None, None, None, f"UTF-8 text (invalid byte at offset {exc.start})")
        ) from None
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=";" if text[:200].count(";") > text[:200].count(",") else ","
    )
    header = [h.strip().lower() for h in next(reader, [])]
    for name in header:
        if name not in COLUMNS:
            roles.problems.append(
                Problem(str(path), None, 1, name, name, "one of the roles columns: " + ", ".join(COLUMNS))
            )
    if "question" not in header:
        roles.problems.append(Problem(str(path), None, 1, "question", None, "a column named 'question'"))
        return roles
    by_id = form.by_id()
    aliases = {a: (q.qid, item) for q in form.questions for a, item in q.aliases.items()}
    vocab = vocabularies()
    for number, cells in enumerate(reader, start=2):
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h in COLUMNS}
        if not any(row.values()):
            continue

        def bad(column: str, expected: str, row_number: int = number, values: dict[str, str] = row) -> None:
            roles.problems.append(Problem(str(path), None, row_number, column, values.get(column), expected))

        qid, item, role = row["question"], row.get("item") or None, row.get("role", "")
        if role and role not in RESPONDENT_ROLES and role not in vocab["measure"]:
            bad(
                "role",
                "a measure (" + ", ".join(sorted(vocab["measure"])) + ") or " + ", ".join(RESPONDENT_ROLES),
            )
            continue
        if qid == "*":
            if role == "respondent_type" and row.get("code") in vocab["respondent_type"]:
                roles.fixed_type = row["code"]
            elif role == "country" and (country := resolve_country(row.get("code"))):
                roles.fixed_country = country
            else:
                bad(
                    "code",
                    "for question '*': role respondent_type with state, ngo or company, "
                    "or role country with a country",
                )
            continue
        if role == "respondent_id":
            roles.respondent[role] = (qid, {}, number)  # a column of the export, checked there
            continue
        if qid not in by_id and qid in aliases and item is None:
            qid, item = aliases[qid]
        question = by_id.get(qid)
        if question is None:
            bad("question", f"a question of the form {Path(form.file).name}")
            continue
        if not question.closed:
            bad(
                "question",
                f"a closed question ({qid} is not loaded: {question.skip_reason or 'open answer'})",
            )
            continue
        if item is not None and item not in question.item_codes():
            bad("item", f"an item of {qid}: " + ", ".join(question.item_codes()[:20]))
            continue
        if role in ("country", "respondent_type"):
            roles.respondent[role] = (qid, _pairs(row.get("values", "")), number)
            continue
        spec = ItemRole(
            measure=role,
            row=number,
            **{k: row.get(k, "") for k in ("domain", "code", "audience", *OVERRIDES)},
        )
        _check_spec(spec, question, vocab, bad)
        roles.items[(qid, item)] = spec
    return roles


def _pairs(text: str) -> dict[str, str]:
    out = {}
    for part in filter(None, (p.strip() for p in text.split("|"))):
        answer, _, value = part.partition("=")
        out[answer.strip()] = value.strip()
    return out


def _check_spec(
    spec: ItemRole, question: Question, vocab: dict[str, frozenset[str]], bad: Callable[[str, str], None]
) -> None:
    codes = {c.code for c in question.choices}
    if spec.answer_type and spec.answer_type not in (RATING, YES_NO, CHOICE, NUMBER):
        bad("answer_type", "rating, yes_no, choice or number")
    for column in ("order", "dont_know", "prefer_not", "not_applicable"):
        listed = [c for c in getattr(spec, column).split("|") if c]
        unknown = [c for c in listed if c not in codes]
        if unknown:
            bad(column, f"codes of the question's choice list ({', '.join(sorted(codes)[:20])})")
    if spec.order and spec.answer_type not in ("", RATING):
        bad("order", "an order only for a rating")
    for code in filter(None, spec.asked_of.split("|")):
        if code not in vocab["respondent_type"]:
            bad("asked_of", "state, ngo or company, '|'-separated")
    target = MART_MEASURES.get(spec.measure)
    if spec.measure == "severity" and spec.domain not in vocab["challenge_domain"]:
        bad("domain", "a challenge domain: " + ", ".join(sorted(vocab["challenge_domain"])))
    if spec.measure in ("training_provision", "training_need") and spec.audience not in vocab["audience"]:
        bad("audience", "a training audience: " + ", ".join(sorted(vocab["audience"])))
    if target and spec.code not in vocab[target]:
        bad("code", f"a code of vocabulary {target!r}: " + ", ".join(sorted(vocab[target])[:25]))
    if spec.domain and spec.measure != "severity":
        bad("domain", "a domain only on a severity row")
    if spec.audience and spec.measure not in ("training_provision", "training_need"):
        bad("audience", "an audience only on a training row")
