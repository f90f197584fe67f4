"""How protected counts are shown: the one place that decides what a count reads as.

Every count of cases or victims the app shows comes from the protected release
(:mod:`etl.release`): noise was added once, when the warehouse was built, so any figure
computed from published cells is as safe as the cells. What remains for the app is
presentation. A published count from 1 to ``threshold - 1`` reads ``<5`` (for the default
threshold) in charts, hover texts, tables, maps and downloads: at that size the noise is
as large as the count, and a reader should not take it for a true number. Zero is shown.
A share or a growth rate is given only when the counts behind it reach the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

#: A ``<col>_small`` flag marks a count shown as ``<5``.
FLAG_SUFFIX = "_small"


def small_label(threshold: int) -> str:
    """What a small published count reads as, e.g. ``"<5"``."""
    return f"<{threshold}"


def mark_small(df: pd.DataFrame, count_cols: Iterable[str], threshold: int) -> pd.DataFrame:
    """A copy where counts in ``count_cols`` from 1 to ``threshold - 1`` are NaN, with a flag each.

    >>> mark_small(pd.DataFrame({"cases": [0, 3, 9]}), ["cases"], 5)["cases"].tolist()
    [0.0, nan, 9.0]
    """
    out = df.copy()
    for col in count_cols:
        if col not in out.columns:
            continue
        values = pd.to_numeric(out[col], errors="coerce").astype("float64")
        small = ((values > 0) & (values < threshold)).fillna(False).astype(bool)
        out[col] = values.mask(small, np.nan)
        out[col + FLAG_SUFFIX] = small
    return out


def rename_counts(df: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Rename count columns together with their flags."""
    flags = {f"{old}{FLAG_SUFFIX}": f"{new}{FLAG_SUFFIX}" for old, new in mapping.items()}
    return df.rename(columns={**mapping, **flags})


def share(numerator: pd.Series, denominator: pd.Series, threshold: int) -> pd.Series:
    """``100 * numerator / denominator``, withheld (NaN) where the denominator is below the
    threshold: a share of a handful of noisy cases says nothing.

    >>> share(pd.Series([3.0, 40.0]), pd.Series([4.0, 80.0]), 5).tolist()
    [nan, 50.0]
    """
    den = denominator.astype("float64")
    return (100.0 * numerator.astype("float64") / den).where(den >= threshold)


def display_frame(df: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """A chart frame as a table: flagged cells read ``<5``, flags dropped."""
    out = df.copy()
    flags = [c for c in out.columns if c.endswith(FLAG_SUFFIX)]
    for flag in flags:
        col = flag[: -len(FLAG_SUFFIX)]
        if col in out.columns:
            mask = out[flag].astype(bool)
            if mask.any():
                # the whole column becomes text so that one column has one type
                text = out[col].map(_format_number).astype(object)
                text[mask] = small_label(threshold)
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
