"""Noise for the release, drawn with OpenDP, and kept between builds.

Noise comes from OpenDP's discrete Gaussian mechanism (``make_gaussian`` on integer
vectors), and the privacy spent is OpenDP's accounting of it, as zero-concentrated
differential privacy (rho) and its (epsilon, delta) equivalent.

A rebuild must not draw new noise for counts that did not change: a visitor who saw two
releases could average the two draws. So every draw is kept in a *ledger* (in the private
warehouse file, never in the public one) under the cell it belongs to and a fingerprint of
the records in that cell. A cell whose records are unchanged gets its old noise back; a
changed cell gets a fresh draw, and the ledger counts how often that happened.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

with warnings.catch_warnings():
    # OpenDP's import pulls in optional integrations that warn on some versions
    warnings.simplefilter("ignore")
    import opendp.prelude as dp

dp.enable_features("contrib")

#: Columns of the ledger kept in the private file.
LEDGER_COLUMNS = ("family", "level", "source", "cell", "sigma", "fingerprint", "noise", "draws")


def draw(sigma: float, size: int) -> npt.NDArray[np.int64]:
    """``size`` independent draws of discrete Gaussian noise of scale ``sigma``."""
    if size == 0:
        return np.zeros(0, dtype=np.int64)
    mechanism = dp.m.make_gaussian(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l2_distance(T=int), scale=float(sigma)
    )
    # the mechanism adds noise to its input: on zeros, its output is the noise itself
    return np.asarray(mechanism([0] * size), dtype=np.int64)


def rho(sigma: float, sensitivity: float) -> float:
    """The zero-concentrated privacy loss of one Gaussian release, by OpenDP's accounting.

    >>> round(rho(2.0, 1.0), 4)
    0.125
    """
    mechanism = dp.m.make_gaussian(
        dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l2_distance(T=float), scale=float(sigma)
    )
    return float(mechanism.map(float(sensitivity)))


def epsilon(total_rho: float, delta: float) -> float:
    """The epsilon of (epsilon, delta)-differential privacy that ``total_rho`` implies.

    >>> 1 < epsilon(0.5, 1e-6) < 10
    True
    """
    if total_rho <= 0:
        return 0.0
    gaussian = dp.m.make_gaussian(
        dp.atom_domain(T=float, nan=False), dp.absolute_distance(T=float), scale=1 / math.sqrt(2 * total_rho)
    )
    converted = dp.c.make_fix_delta(dp.c.make_zCDP_to_approxDP(gaussian), delta)
    return float(converted.map(1.0)[0])


def gaussian_mu(total_rho: float) -> float:
    """Gaussian mechanisms compose exactly: the release is mu-GDP with mu = sqrt(2 rho)."""
    return math.sqrt(2 * total_rho)


def exact_recovery_bound(total_rho: float) -> float:
    """The highest chance that a rounded estimate of a count, formed from every published
    figure, equals the true count: ``2 Phi(mu / 2) - 1``.

    Telling a count from one more is no easier than telling a Gaussian of standard
    deviation ``1 / mu`` from its shift by one, so no unbiased estimate lands on the true
    count more often than that Gaussian lands within half a unit of its mean.

    >>> round(exact_recovery_bound(0.125), 3)
    0.197
    """
    return math.erf(gaussian_mu(total_rho) / 2 / math.sqrt(2))


@dataclass
class Ledger:
    """The noise of every published cell, by (family, level, source, cell)."""

    frame: pd.DataFrame
    #: the frame's rows by (family, level, source, sigma), split once when first asked
    _parts: dict[tuple[str, str, str, float], pd.DataFrame] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def empty(cls) -> Ledger:
        return cls(pd.DataFrame({c: pd.Series(dtype=_DTYPES[c]) for c in LEDGER_COLUMNS}))

    def _previous(self, family: str, level: str, source: str, sigma: float) -> pd.DataFrame | None:
        """The rows kept for one family, level, source and scale (None when there are none)."""
        if self._parts is None:
            keys = ["family", "level", "source", "sigma"]
            self._parts = {
                (str(f), str(lv), str(sr), float(sg)): part
                for (f, lv, sr, sg), part in self.frame.groupby(keys, sort=False)
            }
        return self._parts.get((family, level, source, float(sigma)))

    def noise_for(
        self,
        family: str,
        level: str,
        source: str,
        sigma: float,
        cells: list[str],
        fingerprints: npt.NDArray[np.uint64],
    ) -> tuple[npt.NDArray[np.int64], pd.DataFrame]:
        """Noise for ``cells``: kept where the fingerprint is unchanged, drawn afresh elsewhere.

        Returns the noise in the order of ``cells`` and the ledger rows to keep for them.
        """
        fingerprints = np.asarray(fingerprints, dtype=np.uint64)
        old = self._previous(family, level, source, sigma)
        if old is None:  # no cell of these was ever published: every draw is the first
            noise = draw(sigma, len(cells))
            draws = np.ones(len(cells), dtype=np.int64)
        else:
            noise, draws = _kept_or_drawn(old, sigma, cells, fingerprints)
        rows = pd.DataFrame(
            {
                "family": family,
                "level": level,
                "source": source,
                "cell": cells,
                "sigma": float(sigma),
                "fingerprint": fingerprints,
                "noise": noise,
                "draws": draws,
            }
        )
        return noise, rows


def _kept_or_drawn(
    old: pd.DataFrame, sigma: float, cells: list[str], fingerprints: npt.NDArray[np.uint64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The noise and draw counts of ``cells`` given the ledger rows ``old`` kept for them."""
    wanted = pd.Index(cells, dtype=object)
    # the cell and the fingerprint of its records must both match to keep a draw
    same_records = old.drop_duplicates(["cell", "fingerprint"], keep="last")
    found = pd.MultiIndex.from_arrays(
        [same_records["cell"].astype(object), same_records["fingerprint"].to_numpy(np.uint64)]
    ).get_indexer(pd.MultiIndex.from_arrays([wanted, fingerprints]))
    same = found >= 0
    # a changed cell counts one draw more than it had, whatever its records were then
    latest = old.drop_duplicates("cell", keep="last")
    before = pd.Index(latest["cell"], dtype=object).get_indexer(wanted)
    previous_draws = np.zeros(len(cells), dtype=np.int64)
    previous_draws[before >= 0] = latest["draws"].to_numpy(np.int64)[before[before >= 0]]
    noise = np.zeros(len(cells), dtype=np.int64)
    noise[same] = same_records["noise"].to_numpy(np.int64)[found[same]]
    fresh = ~same
    noise[fresh] = draw(sigma, int(fresh.sum()))
    draws = previous_draws + 1
    draws[same] = same_records["draws"].to_numpy(np.int64)[found[same]]
    return noise, draws


_DTYPES = {
    "family": "object",
    "level": "object",
    "source": "object",
    "cell": "object",
    "sigma": "float64",
    "fingerprint": "uint64",
    "noise": "int64",
    "draws": "int64",
}
