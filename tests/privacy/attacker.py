"""The attacker: collects every published number about counts and tries to recover the true ones.

A published number is an :class:`Observation`: the cells of the exact counts it claims to
add up (its *coverage*, as its view describes it: "cases, Albania and Austria, 2015,
labour") and either its value or, where it reads ``<5``, the bounds that label gives. The
attacker knows nothing else. For each family of counts it then:

1. peels: any number whose coverage has exactly one cell not yet estimated gives an
   estimate of that cell (the number minus the others); every such difference is kept and
   averaged, which is "averaging all differencing pairs";
2. solves what peeling left, by least squares over all numbers at once;
3. rounds each estimate and compares it with the truth.

Against a design that publishes exact numbers and withholds some, this recovers every
withheld count that the equations determine. Against noise added once, it recovers a count
only as often as the noise happens to round to zero.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.linalg import lsqr


@dataclass(frozen=True)
class Observation:
    """One published number: which cells of ``family`` it adds up, and what it says."""

    family: str
    cells: tuple[int, ...]
    value: float | None  # None where the number reads "<threshold"
    view: str = ""


@dataclass
class FamilyResult:
    """How the attacker did on one family's true counts from 1 to 4."""

    family: str
    small_cells: int = 0
    estimated: int = 0
    recovered: int = 0
    #: recovered cells pinned by a difference (the others by least squares)
    pinned: int = 0
    by_count: dict[int, tuple[int, int]] = field(default_factory=dict)  # true count -> (n, recovered)
    mean_abs_error: float = math.nan

    def rate(self, count: int | None = None) -> float:
        if count is None:
            return self.recovered / self.small_cells if self.small_cells else 0.0
        n, hit = self.by_count.get(count, (0, 0))
        return hit / n if n else 0.0


@dataclass
class AuditResult:
    views: int
    numbers: int
    families: dict[str, FamilyResult]

    @property
    def small_cells(self) -> int:
        return sum(f.small_cells for f in self.families.values())

    @property
    def recovered(self) -> int:
        return sum(f.recovered for f in self.families.values())

    def by_count(self) -> dict[int, tuple[int, int]]:
        """Over every family: true count -> (cells, recovered exactly)."""
        out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for fam in self.families.values():
            for count, (n, hit) in fam.by_count.items():
                out[count][0] += n
                out[count][1] += hit
        return {c: (n, hit) for c, (n, hit) in sorted(out.items())}

    def table(self) -> str:
        lines = [f"{self.views:,} views, {self.numbers:,} published numbers"]
        lines.append(
            "family: true counts 1..4, recovered exactly (rate), of them pinned by a difference; "
            "rate by count 1/2/3/4; MAE"
        )
        for fam in self.families.values():
            per = " / ".join(f"{fam.rate(c):.0%}" for c in (1, 2, 3, 4))
            lines.append(
                f"  {fam.family}: {fam.small_cells:,}, {fam.recovered:,} ({fam.rate():.0%}), {fam.pinned:,}; "
                f"{per}; {fam.mean_abs_error:.2f}"
            )
        total = self.small_cells
        lines.append(f"  all: {total:,}, {self.recovered:,} ({self.recovered / max(total, 1):.0%})")
        return "\n".join(lines)


def estimate(observations: Sequence[Observation], n_cells: int) -> tuple[np.ndarray, np.ndarray]:
    """The attacker's estimate of every cell of one family (NaN where nothing is known), and
    which cells a difference pinned (rather than least squares)."""
    numeric = [o for o in observations if o.value is not None]
    rows = _dedupe(numeric)
    solved: dict[int, float] = {}  # a dict, not the array: a lookup a cell, millions of them
    # 1. single cells and peeling: keep every difference and average them
    pending = list(rows)
    while True:
        found: dict[int, list[float]] = defaultdict(list)
        rest = []
        for cells, value in pending:
            unknown = [c for c in cells if c not in solved]
            if len(unknown) == 1:
                others = sum(solved[c] for c in cells if c != unknown[0])
                found[unknown[0]].append(value - others)
            elif unknown:
                rest.append((cells, value))
        if not found:
            break
        for cell, values in found.items():
            solved[cell] = float(np.mean(values))
        pending = rest
    known = np.full(n_cells, np.nan)
    known[list(solved)] = list(solved.values())
    pinned = ~np.isnan(known)
    # 2. least squares over what peeling left
    unknown_cells = sorted({c for cells, _ in pending for c in cells if c not in solved})
    if unknown_cells:
        column = {c: i for i, c in enumerate(unknown_cells)}
        data, indices, indptr, rhs = [], [], [0], []
        for cells, value in pending:
            rest_known = sum(solved[c] for c in cells if c in solved)
            cols = [column[c] for c in cells if c not in solved]
            data += [1.0] * len(cols)
            indices += cols
            indptr.append(len(indices))
            rhs.append(value - rest_known)
        matrix = csr_matrix((data, indices, indptr), shape=(len(rhs), len(unknown_cells)))
        solution = lsqr(matrix, np.asarray(rhs), atol=1e-10, btol=1e-10, iter_lim=5000)[0]
        for c, v in zip(unknown_cells, solution, strict=True):
            known[c] = v
    return known, pinned


def _dedupe(observations: Iterable[Observation]) -> list[tuple[tuple[int, ...], float]]:
    """One equation per coverage: the same sum published by two views is one number."""
    seen: dict[tuple[int, ...], float] = {}
    for o in observations:
        key = tuple(sorted(o.cells))
        seen.setdefault(key, float(o.value))  # type: ignore[arg-type]
    return list(seen.items())


def audit(
    observations: Sequence[Observation], truth: dict[str, np.ndarray], views: int, threshold: int = 5
) -> AuditResult:
    """Run the attack on every family and score it against ``truth`` (family -> true cells)."""
    by_family: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        by_family[o.family].append(o)
    results = {}
    for family, true in truth.items():
        guess, pinned = estimate(by_family.get(family, []), len(true))
        small = (true >= 1) & (true < threshold)
        result = FamilyResult(family, small_cells=int(small.sum()))
        have = small & ~np.isnan(guess)
        result.estimated = int(have.sum())
        rounded = np.where(np.isnan(guess), -1, np.rint(np.nan_to_num(guess, nan=-1)))
        hits = have & (rounded == true)
        result.recovered = int(hits.sum())
        result.pinned = int((hits & pinned).sum())
        for count in range(1, threshold):
            mine = small & (true == count)
            result.by_count[count] = (int(mine.sum()), int((hits & mine).sum()))
        if have.any():
            result.mean_abs_error = float(np.mean(np.abs(guess[have] - true[have])))
        results[family] = result
    return AuditResult(views, len(observations), results)


def allowed_rate(bound: float, n: int, sigmas: float = 3.0) -> float:
    """The highest exact-recovery rate over ``n`` cells that the guarantee ``bound`` explains
    (its binomial spread included)."""
    return bound + sigmas * math.sqrt(bound * (1 - bound) / max(n, 1))
