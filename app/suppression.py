"""Small-count suppression: the one place that decides which counts are withheld.

Counts of cases or victims from 1 to ``threshold - 1`` could identify victims, so they are
never shown: in chart frames the value becomes NaN and a ``<col>_suppressed`` flag is set,
in display and export frames the cell reads ``"<5"`` (for the default threshold). Zero is
shown: it identifies nobody.
"""

from __future__ import annotations

from collections.abc import Iterable

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
