"""What every survey tool's form comes down to: questions, their items and choice lists.

A tool module reads its own form definition into a :class:`Form` and tells, for each
column of its response export, which question (and item) the column holds. Everything
after that - codebook rows, answers, respondents, counts - is shared
(:mod:`etl.survey_tools.convert`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

#: Answer types of the codebook (docs/data-formats.md).
RATING, YES_NO, CHOICE, NUMBER = "rating", "yes_no", "choice", "number"

#: Kinds of "no real answer" a choice list may offer; blank is the fourth, and is no row.
MISSING_KINDS = ("dont_know", "prefer_not", "not_applicable")

_MISSING_CODES = {
    "dont_know": {"dk", "dnk", "dont_know", "do_not_know", "dontknow", "idk", "nsp", "ns", "no_sabe"},
    "prefer_not": {"pnta", "prefer_not", "prefer_not_to_answer", "refused", "refuse", "noans", "rf"},
    "not_applicable": {"na", "n_a", "not_applicable", "notapplicable"},
}
_MISSING_LABELS = {
    "dont_know": re.compile(
        r"\b(don'?t know|do not know|not know|ne sai[st] pas|ne connai[st] pas|no s[eé]|no sabe|"
        r"wei(ss|ß) nicht|non so)\b"
    ),
    "prefer_not": re.compile(
        r"(prefers? not to (answer|say|respond|disclose)|rather not (say|answer)|refus|"
        r"do not disclose|no answer|pr[ée]f[èe]re ne pas|prefiero no|sin respuesta|keine angabe)"
    ),
    "not_applicable": re.compile(
        r"(not applicable|^n/?a$|does not make sense|doesn'?t make sense|does not apply|sans objet|"
        r"non applicable|ne s'applique pas|no aplica|nicht zutreffend)"
    ),
}
_YES = {"yes", "y", "oui", "si", "sí", "ja", "true", "1"}
_NO = {"no", "n", "non", "nein", "false", "0"}


def clean_text(value: object) -> str:
    """Plain one-line text: HTML tags and entities removed, spaces collapsed.

    >>> clean_text("<p>How <b>severe</b>&nbsp;is it?</p>\\n")
    'How severe is it?'
    """
    if value is None:
        return ""
    text = html.unescape(re.sub(r"<[^>]*>", " ", str(value)))
    return " ".join(text.split())


def key(value: str) -> str:
    """How headers, names and labels are compared: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", clean_text(value)).casefold().split())


@dataclass
class Choice:
    code: str
    labels: dict[str, str] = field(default_factory=dict)


QuestionKind = Literal["single", "multiple", "number", "other"]


@dataclass
class Question:
    """A question of the form; closed questions have ``kind`` single, multiple or number.

    ``items`` are the rows of a matrix (a single-choice question asked of several items);
    a plain question has the one item ``value``. A multiple-choice question's items are
    its choices, each answered yes or no.
    """

    qid: str
    kind: QuestionKind
    labels: dict[str, str] = field(default_factory=dict)
    choices: list[Choice] = field(default_factory=list)
    items: list[tuple[str, dict[str, str]]] = field(default_factory=lambda: [("value", {})])
    #: the tool presents the choices as a scale (a Likert array, a range, a rating)
    ordinal: bool = False
    #: explicit (min, max) of a numeric scale whose answers are the numbers themselves
    scale: tuple[int, int] | None = None
    #: repeat group (sheet) the question belongs to; None for the main record
    repeat: str | None = None
    #: why an open or unsupported question is not loaded
    skip_reason: str = ""
    #: the tool's own name(s) for an item, for the roles file: alias -> item
    aliases: dict[str, str] = field(default_factory=dict)
    #: a blank split column of an answered multiple-choice question: "no" or no answer
    split_blank: Literal["no", "missing"] = "missing"
    #: names an export may give the question's column (group paths, export tags)
    paths: list[str] = field(default_factory=list)
    #: the question's label after its groups' labels, by language (label-headed exports)
    label_paths: dict[str, list[str]] = field(default_factory=dict)
    #: the tool's own id of the question when the export names it otherwise (Qualtrics QID)
    source_id: str = ""
    #: (path, name, item) of each row of a matrix question
    matrix_paths: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.kind in ("single", "multiple", "number") and not self.skip_reason

    def item_codes(self) -> list[str]:
        if self.kind == "multiple":
            return [c.code for c in self.choices if missing_kind(c) is None]
        return [i for i, _ in self.items]

    def item_labels(self, item: str) -> dict[str, str]:
        if self.kind == "multiple":
            return next((c.labels for c in self.choices if c.code == item), {})
        return next((labels for i, labels in self.items if i == item), {})


@dataclass
class Form:
    """A questionnaire as its survey tool defines it."""

    tool: str
    file: str
    title: str
    questions: list[Question]
    languages: list[str]
    notes: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, Question]:
        return {q.qid: q for q in self.questions}


@dataclass(frozen=True)
class Column:
    """What one column of a response export holds.

    ``kind``: ``answer`` (one item of a single-choice or number question), ``multi`` (a
    multiple-choice question, all selected codes in one cell), ``split`` (one choice of a
    multiple-choice question, selected or not), or a column that is not loaded: ``id``,
    ``meta``, ``text`` (open answers), ``personal``, ``other`` (not a closed question),
    ``unknown`` (matches no question of the form).
    """

    kind: str
    question: Question | None = None
    item: str | None = None
    reason: str = ""

    def answered(self) -> tuple[Question, str]:
        """The question and item of a column that holds answers (answer, multi or split)."""
        assert self.question is not None and self.item is not None, f"a {self.kind} column names its item"
        return self.question, self.item


def missing_kind(choice: Choice) -> str | None:
    """``dont_know``, ``prefer_not``, ``not_applicable`` or None, from a choice's code or labels."""
    code = key(choice.code).replace(" ", "_").replace("'", "")
    for kind in MISSING_KINDS:
        if code in _MISSING_CODES[kind]:
            return kind
    for kind in MISSING_KINDS:
        if any(_MISSING_LABELS[kind].search(key(label)) for label in choice.labels.values()):
            return kind
    return None


def yes_no_codes(choices: list[Choice]) -> dict[str, str] | None:
    """``{code: 'yes'|'no'}`` when the (non-missing) choices are exactly a yes and a no."""
    if len(choices) != 2:
        return None
    out: dict[str, str] = {}
    for choice in choices:
        words = {key(choice.code)} | {key(v) for v in choice.labels.values()}
        if words & _YES and not words & _NO:
            out[choice.code] = "yes"
        elif words & _NO and not words & _YES:
            out[choice.code] = "no"
    return out if sorted(out.values()) == ["no", "yes"] else None


def integer_codes(choices: list[Choice]) -> tuple[int, int] | None:
    """(min, max) when the codes are the whole numbers min..max, each once."""
    try:
        values = sorted(int(c.code) for c in choices)
    except ValueError:
        return None
    if len(values) >= 2 and values == list(range(values[0], values[-1] + 1)):
        return values[0], values[-1]
    return None


def pick_label(labels: dict[str, str], lang: str = "en") -> str:
    """The label in ``lang``, else the first one given."""
    if not labels:
        return ""
    return labels.get(lang) or next(iter(labels.values()))
