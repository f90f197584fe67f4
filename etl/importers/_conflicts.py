"""Rows that share a key: exact duplicates and contradictions, never resolved silently."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from etl.problems import Problem


@dataclass
class Candidate:
    """A mapped row waiting for the duplicate check, with what a problem needs to cite it."""

    record: dict[str, object]
    row: int
    column: str
    value: str | None


def split_conflicts(
    candidates: list[Candidate],
    key: Callable[[dict[str, object]], Hashable],
    outcome: Callable[[dict[str, object]], Hashable],
    *,
    file: str,
    sheet: str | None,
    what: str,
    differ: str = "different values",
) -> tuple[list[dict[str, object]], list[Problem]]:
    """Keep rows with a unique key; quarantine every row of a contradicting key.

    Rows whose key repeats with the same ``outcome`` are exact duplicates: the first is kept,
    the others are quarantined citing it. Rows whose key repeats with different outcomes
    contradict each other: all of them are quarantined, none is picked.
    """
    groups: dict[Hashable, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(key(candidate.record), []).append(candidate)
    kept: list[dict[str, object]] = []
    problems: list[Problem] = []
    for members in groups.values():
        if len(members) == 1:
            kept.append(members[0].record)
            continue
        rows = sorted(m.row for m in members)
        if len({outcome(m.record) for m in members}) == 1:
            first = min(members, key=lambda m: m.row)
            kept.append(first.record)
            problems += [
                Problem(
                    file,
                    sheet,
                    m.row,
                    m.column,
                    m.value,
                    f"no repeat of {what}: exact duplicate of row {first.row}, which is loaded",
                    "quarantine",
                )
                for m in members
                if m is not first
            ]
            continue
        shown = ", ".join(str(r) for r in rows[:6]) + (", ..." if len(rows) > 6 else "")
        problems += [
            Problem(
                file,
                sheet,
                m.row,
                m.column,
                m.value,
                f"one row per {what}: rows {shown} share it with {differ} (conflict, none loaded)",
                "quarantine",
            )
            for m in members
        ]
    return kept, problems
