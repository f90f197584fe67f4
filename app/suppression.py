"""Small-count suppression: the one place that decides which counts are withheld.

Counts of cases or victims from 1 to ``threshold - 1`` could identify victims, so they are
never shown: in chart frames the value becomes NaN and a ``<col>_suppressed`` flag is set,
in display and export frames the cell reads ``"<5"`` (for the default threshold). Zero is
shown: it identifies nobody.

A withheld count must not be recoverable by subtraction either: where a frame holds parts
and their total (a row, a column, a breakdown with its total, countries and the all-States
figure), :func:`complement` withholds a second cell in any sum that has exactly one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

FLAG_SUFFIX = "_suppressed"


def suppress(df: pd.DataFrame, count_cols: Iterable[str], threshold: int) -> pd.DataFrame:
    """Return a copy where small counts in ``count_cols`` are NaN, with a flag column each.

    >>> suppress(pd.DataFrame({"cases": [0, 3, 9]}), ["cases"], 5)["cases"].tolist()
    [0.0, nan, 9.0]
    """
    out = df.copy()
    for col in count_cols:
        if col not in out.columns:
            continue
        values = pd.to_numeric(out[col], errors="coerce").astype("float64")
        small = (values > 0) & (values < threshold)
        flag = small.fillna(False).astype(bool)
        out[col] = values.mask(flag, np.nan)
        out[col + FLAG_SUFFIX] = flag
    return out


# ---------------------------------------------------------------- complementary suppression


@dataclass(frozen=True)
class Group:
    """Cells of ``col`` in rows sharing ``by`` that add up to a published total.

    ``total`` names the group's total row as ``(column, value)``, e.g. ``("sex", "total")``;
    without it the total is published elsewhere (another chart, the all-States figure) and
    always counts as shown. ``by=()`` makes the whole frame one group.
    """

    col: str
    by: tuple[str, ...] = ()
    total: tuple[str, object] | None = None


@dataclass(frozen=True)
class RowTotal:
    """In every row, ``total`` is the sum of ``parts`` (e.g. victims = female + male)."""

    total: str
    parts: tuple[str, ...]


Link = Group | RowTotal

# a cell: (row position, column name)
_Cell = tuple[int, str]


def _equations(df: pd.DataFrame, links: Sequence[Link]) -> list[tuple[list[_Cell], _Cell | None]]:
    """Each sum the reader can form: (its parts, its total cell or None if published elsewhere)."""
    out: list[tuple[list[_Cell], _Cell | None]] = []
    for link in links:
        if isinstance(link, RowTotal):
            cols = [link.total, *link.parts]
            if not all(c in df.columns for c in cols):
                continue
            for i in range(len(df)):
                out.append(([(i, c) for c in link.parts], (i, link.total)))
            continue
        if link.col not in df.columns or not all(b in df.columns for b in link.by):
            continue
        is_total = (
            df[link.total[0]].astype(object).eq(link.total[1]).to_numpy()
            if link.total and link.total[0] in df.columns
            else np.zeros(len(df), dtype=bool)
        )
        if link.by:
            groups = df.groupby(list(link.by), sort=False, dropna=False).indices.values()
        else:
            groups = [np.arange(len(df))] if len(df) else []
        for members in groups:
            rows = members.tolist()
            totals = [i for i in rows if is_total[i]]
            parts = [(i, link.col) for i in rows if not is_total[i]]
            if link.total and len(totals) != 1:
                continue  # no single total row: nothing adds up to a shown figure here
            out.append((parts, (totals[0], link.col) if totals else None))
    return out


def complement(df: pd.DataFrame, links: Sequence[Link]) -> pd.DataFrame:
    """Withhold complementary cells so that no withheld count is a shown total minus shown parts.

    Run after :func:`suppress`. In every sum named by ``links`` (a group of cells and its
    total, in the frame or published elsewhere) where exactly one cell is withheld, the
    smallest other shown part is withheld too (the total row itself only when no part is
    left), repeating until no sum has exactly one withheld cell.

    >>> chart = suppress(pd.DataFrame({"sex": ["f", "m", "total"], "n": [3, 9, 12]}), ["n"], 5)
    >>> complement(chart, [Group("n", total=("sex", "total"))])["n_suppressed"].tolist()
    [True, True, False]
    """
    out = df.reset_index(drop=True).copy()
    equations = _equations(out, links)
    if not equations:
        return out.set_axis(df.index)
    cols = {c for parts, total in equations for c in [*(p[1] for p in parts), *([total[1]] if total else [])]}
    values = {c: pd.to_numeric(out[c], errors="coerce").astype("float64").to_numpy(copy=True) for c in cols}
    hidden = {
        c: (
            out[c + FLAG_SUFFIX].fillna(False).astype(bool).to_numpy(copy=True)
            if c + FLAG_SUFFIX in out.columns
            else np.zeros(len(out), dtype=bool)
        )
        for c in cols
    }
    changed = True
    while changed:
        changed = False
        for parts, total in equations:
            cells = parts + ([total] if total else [])
            if sum(hidden[c][i] for i, c in cells) != 1:
                continue
            pick = _smallest_shown(parts, values, hidden)
            if pick is None and total is not None:
                pick = _smallest_shown([total], values, hidden)
            if pick is None:
                continue  # every other cell is missing: nothing adds up to the hidden one
            i, c = pick
            hidden[c][i] = True
            values[c][i] = np.nan
            changed = True
    for c in cols:
        out[c] = pd.Series(values[c], index=out.index).where(~hidden[c], np.nan)
        out[c + FLAG_SUFFIX] = hidden[c]
    return out.set_axis(df.index)


def _smallest_shown(
    cells: Sequence[_Cell], values: dict[str, np.ndarray], hidden: dict[str, np.ndarray]
) -> _Cell | None:
    """The shown cell with the smallest value, preferring positive ones (a zero hides little)."""
    shown = [(values[c][i], n, (i, c)) for n, (i, c) in enumerate(cells) if not hidden[c][i]]
    shown = [s for s in shown if not np.isnan(s[0])]
    if not shown:
        return None
    positive = [s for s in shown if s[0] > 0]
    return min(positive or shown)[2]


def protect(
    df: pd.DataFrame, count_cols: Iterable[str], threshold: int, links: Sequence[Link] = ()
) -> pd.DataFrame:
    """:func:`suppress` the small counts, then :func:`complement` along ``links``."""
    return complement(suppress(df, count_cols, threshold), links)


def rename_counts(df: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Rename count columns together with their suppression flags."""
    flags = {f"{old}{FLAG_SUFFIX}": f"{new}{FLAG_SUFFIX}" for old, new in mapping.items()}
    return df.rename(columns={**mapping, **flags})


def suppressed_label(threshold: int) -> str:
    """What a withheld count reads as, e.g. ``"<5"``."""
    return f"<{threshold}"


def display_frame(df: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Turn a suppressed chart frame into a table: flagged cells read ``"<5"``, flags dropped."""
    out = df.copy()
    flags = [c for c in out.columns if c.endswith(FLAG_SUFFIX)]
    for flag in flags:
        col = flag[: -len(FLAG_SUFFIX)]
        if col in out.columns:
            mask = out[flag].astype(bool)
            if mask.any():
                # the whole column becomes text so that one column has one type
                text = out[col].map(_format_number).astype(object)
                text[mask] = suppressed_label(threshold)
                out[col] = text
    return out.drop(columns=flags)


def _format_number(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
