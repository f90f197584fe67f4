"""Turn noisy counts into published ones: whole, never negative, and adding up.

Post-processing of noisy counts costs no privacy, so the release can be made consistent:
the national cells of a year and category are the non-negative integers closest to their
noisy values that add up to the (separately noised, far more precise) all-countries figure.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def nonnegative(noisy: npt.ArrayLike) -> IntArray:
    """Noisy counts with negative values raised to zero.

    >>> nonnegative([3, -2, 0]).tolist()
    [3, 0, 0]
    """
    return np.maximum(np.asarray(noisy, dtype=np.int64), 0)


def fit_to_total(noisy: npt.ArrayLike, total: int) -> IntArray:
    """The non-negative integers nearest ``noisy`` (least squares) that sum to ``total``.

    The real-valued solution is the projection onto the simplex: ``max(noisy - level, 0)``
    with the one level that makes it add up; it is rounded by largest remainder, ties going
    to the earlier cell, so the result is deterministic.

    >>> fit_to_total([5, -1, 2, 0], 6).tolist()
    [5, 0, 1, 0]
    >>> fit_to_total([1, 1, 1], 0).tolist()
    [0, 0, 0]
    >>> fit_to_total([0, 0], 3).tolist()
    [2, 1]
    """
    values = np.asarray(noisy, dtype=np.float64)
    if total <= 0 or values.size == 0:
        return np.zeros(values.shape, dtype=np.int64)
    ordered = np.sort(values)[::-1]
    cumulative = np.cumsum(ordered) - total
    ranks = np.arange(1, values.size + 1)
    kept = ordered - cumulative / ranks > 0
    last = int(np.nonzero(kept)[0][-1])
    level = cumulative[last] / (last + 1)
    real = np.maximum(values - level, 0.0)
    whole: IntArray = np.floor(real + 1e-9).astype(np.int64)
    missing = int(total - whole.sum())
    if missing > 0:
        remainders = real - whole
        # stable sort: among equal remainders the earlier cell comes first
        order = np.argsort(-remainders, kind="stable")
        whole[order[:missing]] += 1
    elif missing < 0:  # only through rounding of near-integers: take from the largest
        order = np.argsort(-whole, kind="stable")
        whole[order[:-missing]] -= 1
    return whole


def fit_groups(noisy: npt.ArrayLike, totals: npt.ArrayLike, axis: int) -> IntArray:
    """:func:`fit_to_total` along ``axis`` for every group: ``totals`` has that axis removed.

    >>> fit_groups([[2, 2], [0, 5]], [3, 4], axis=1).tolist()
    [[2, 1], [0, 4]]
    """
    values = np.moveaxis(np.asarray(noisy, dtype=np.float64), axis, -1)
    targets = np.asarray(totals, dtype=np.int64)
    out = np.zeros(values.shape, dtype=np.int64)
    for index in np.ndindex(targets.shape):
        out[index] = fit_to_total(values[index], int(targets[index]))
    return np.moveaxis(out, -1, axis)


def cap(parts: npt.ArrayLike, limit: npt.ArrayLike) -> IntArray:
    """Scale down the parts along the last axis wherever they add up to more than ``limit``.

    Separately noised breakdowns (female and male victims) must not exceed their whole.

    >>> cap([[3, 4], [1, 1]], [5, 9]).tolist()
    [[2, 3], [1, 1]]
    """
    values = np.asarray(parts, dtype=np.int64)
    limits = np.asarray(limit, dtype=np.int64)
    out = values.copy()
    over = values.sum(axis=-1) > limits
    for index in zip(*np.nonzero(over), strict=True):
        row = values[index].astype(np.float64)
        out[index] = fit_to_total(row * limits[index] / row.sum(), int(limits[index]))
    return out
