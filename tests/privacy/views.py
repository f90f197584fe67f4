"""Every view a visitor can reach that shows counts, enumerated through the query layer.

Each view's numbers become :class:`attacker.Observation` records over the cells of the
attacker's grid (what the public warehouse shows of itself: years, countries, categories).
Numbers go through the same display rule as the pages (:func:`app.disclosure.mark_small`):
a count from 1 to threshold-1 reaches the attacker only as ``<threshold``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from attacker import Observation

from app import charts
from app.disclosure import FLAG_SUFFIX, mark_small
from app.queries import Reader, cases, meta

#: The families of counts and the columns that key their cells, in grid order.
FAMILIES: dict[str, tuple[str, ...]] = {
    "cases": ("year", "country_iso3", "exploitation_type"),
    "victims": ("year", "country_iso3", "exploitation_type"),
    "online": ("year", "country_iso3", "exploitation_type"),
    "sex": ("year", "country_iso3", "category"),
    "age": ("year", "country_iso3", "category"),
    "technology": ("year", "country_iso3", "technology"),
    "stage": ("year", "country_iso3", "stage"),
    "stage_technology": ("year", "stage", "technology"),
    "modus_operandi": ("year", "modus_operandi"),
}
#: Where each family is published in full (one row per cell) and its count column.
DOWNLOADS: dict[str, tuple[str, str, dict[str, str]]] = {
    "cases": ("case_counts", "cases", {}),
    "victims": ("case_counts", "victims", {}),
    "online": ("case_counts", "cases_online_recruitment", {}),
    "sex": ("victim_counts", "victims", {"breakdown": "sex"}),
    "age": ("victim_counts", "victims", {"breakdown": "age"}),
    "technology": ("technology_counts", "cases", {}),
    "stage": ("stage_counts", "cases", {}),
    "stage_technology": ("stage_technology_counts", "cases", {}),
    "modus_operandi": ("modus_operandi_counts", "cases", {}),
}


@dataclass
class Grid:
    """The cells of every family: a position per key."""

    axes: dict[str, dict[str, list]]
    #: each key's position by value, per family and key (built when first asked)
    _index: dict[tuple[str, str], dict] = field(default_factory=dict, repr=False, compare=False)

    def size(self, family: str) -> int:
        return int(np.prod([len(self.axes[family][k]) for k in FAMILIES[family]]))

    def cells(self, family: str, **chosen: Sequence) -> tuple[int, ...]:
        """The positions of every cell whose keys are in ``chosen`` (all values of a key not given)."""
        positions = np.zeros(1, dtype=np.int64)
        # C order: the last key varies fastest, as np.ravel_multi_index numbers the cells
        for key in FAMILIES[family]:
            values = self.axes[family][key]
            picked = chosen.get(key)
            if picked is None:
                along = np.arange(len(values), dtype=np.int64)
            else:
                if (family, key) not in self._index:
                    self._index[(family, key)] = {v: i for i, v in enumerate(values)}
                index = self._index[(family, key)]
                along = np.array([index[v] for v in picked if v in index], dtype=np.int64)
            positions = (positions[:, None] * len(values) + along[None, :]).ravel()
        return tuple(positions.tolist())

    def index(self, family: str, frame: pd.DataFrame) -> np.ndarray:
        """Grid positions of a frame's rows (keyed by the family's columns)."""
        keys = FAMILIES[family]
        codes = [pd.Categorical(frame[k], categories=self.axes[family][k]).codes for k in keys]
        dims = [len(self.axes[family][k]) for k in keys]
        return np.ravel_multi_index(codes, dims)


def grid_of(wh: Reader, source: str) -> Grid:
    """The attacker's grid, read from the public downloads of the release."""
    axes: dict[str, dict[str, list]] = {}
    for family, (relation, _col, where) in DOWNLOADS.items():
        frame = meta.public_relation(wh, relation)
        frame = frame[frame["source"] == source]
        for key, value in where.items():
            frame = frame[frame[key] == value]
        axes[family] = {k: sorted(frame[k].unique().tolist()) for k in FAMILIES[family]}
    return Grid(axes)


def truth_of(grid: Grid, exact: dict[str, pd.DataFrame]) -> dict[str, np.ndarray]:
    """True cell values on the grid, from exact frames keyed like the families (``value``)."""
    out = {}
    for family, frame in exact.items():
        values = np.zeros(grid.size(family))
        if len(frame):
            positions = grid.index(family, frame)
            inside = positions >= 0
            np.add.at(values, positions[inside], frame["value"].to_numpy()[inside])
        out[family] = values
    return out


def selections(
    countries: Sequence[str], singles: int | None, all_but_one: int | None, random_multi: int, seed: int = 7
) -> list[tuple[str, ...]]:
    """No country, single countries, all but one, and random multi-country choices."""
    rng = random.Random(seed)
    picked: list[tuple[str, ...]] = [()]
    some = list(countries) if singles is None else rng.sample(list(countries), min(singles, len(countries)))
    picked += [(c,) for c in some]
    leave = (
        list(countries)
        if all_but_one is None
        else rng.sample(list(countries), min(all_but_one, len(countries)))
    )
    picked += [tuple(c for c in countries if c != left) for left in leave]
    for _ in range(random_multi):
        k = rng.randint(2, max(2, len(countries) - 2))
        picked.append(tuple(sorted(rng.sample(list(countries), k))))
    return picked


def _shown(frame: pd.DataFrame, cols: Sequence[str], threshold: int) -> pd.DataFrame:
    return mark_small(frame, cols, threshold)


class _Row(dict):
    """A frame's row as a dict whose keys also read as attributes (``row.year``)."""

    __getattr__ = dict.__getitem__


def _rows(frame: pd.DataFrame) -> Iterator[_Row]:
    # iterrows builds a Series a row, which was most of the audit's time
    return (_Row(r) for r in frame.to_dict("records"))


def _value(row: Mapping[str, object], col: str) -> float | None:
    flag = col + FLAG_SUFFIX
    if flag in row and bool(row[flag]):
        return None
    v = row[col]
    return None if pd.isna(v) else float(v)


def collect(
    wh: Reader, source: str, threshold: int, grid: Grid, chosen: Sequence[tuple[str, ...]]
) -> tuple[list[Observation], int]:
    """Every published count of every view for each selection of countries; and the number of views."""
    obs: list[Observation] = []
    views = 0
    every = grid.axes["cases"]["country_iso3"]
    span = cases.source_years(wh, source)
    assert span is not None
    for sel in chosen:
        scope = list(sel) if sel else every
        for view in _views(wh, source, threshold, grid, sel, scope, span):
            views += 1
            obs += view
    for family, (relation, col, where) in DOWNLOADS.items():
        frame = meta.public_relation(wh, relation)
        frame = frame[frame["source"] == source]
        for key, value in where.items():
            frame = frame[frame[key] == value]
        frame = _shown(frame, [col], threshold)
        positions = grid.index(family, frame)
        hidden = frame[col + FLAG_SUFFIX].to_numpy(bool) | frame[col].isna().to_numpy()
        values = frame[col].to_numpy(float, na_value=np.nan)
        where_from = f"download {relation}"
        obs += [
            Observation(family, (int(pos),), None if gone else float(v), where_from)
            for pos, gone, v in zip(positions, hidden, values, strict=True)
        ]
        views += 1
    return obs, views


def _views(
    wh: Reader,
    source: str,
    threshold: int,
    grid: Grid,
    sel: tuple[str, ...],
    scope: list[str],
    span: tuple[int, int],
) -> Iterator[list[Observation]]:
    label = ",".join(sel) or "all"
    # trends: breakdowns (the page's own measure and dimension choices)
    for dimension, measure, family in (
        ("exploitation_type", "cases", "cases"),
        ("exploitation_type", "victims", "victims"),
        ("technology", "cases", "technology"),
        ("stage", "cases", "stage"),
    ):
        # as the page draws it: the largest categories, the others added up as "All others"
        full = cases.breakdown(wh, source, dimension, measure, sel).frame
        lines, _ = charts.top_groups(full, group="category", value="value")
        folded = sorted(set(full["category"]) - set(lines["category"]))
        frame = _shown(lines, ["value"], threshold)
        yield [
            Observation(
                family,
                grid.cells(
                    family,
                    year=[r.year],
                    country_iso3=scope,
                    **{dimension: folded if r.category == charts.OTHERS else [r.category]},
                ),
                _value(r, "value"),
                f"trends {dimension} {measure} {label}",
            )
            for r in _rows(frame)
        ]
    # online share: its counts, and the online count the share and cases give back
    frame = cases.online_share(wh, source, threshold, sel).frame
    frame = _shown(frame, ["cases", "cases_online_recruitment"], threshold)
    found = []
    for r in _rows(frame):
        for family, col in (("cases", "cases"), ("online", "cases_online_recruitment")):
            found.append(
                Observation(
                    family,
                    grid.cells(family, year=[r.year], country_iso3=scope),
                    _value(r, col),
                    f"online share {label}",
                )
            )
        if not pd.isna(r["share_pct"]) and _value(r, "cases") is not None:
            found.append(
                Observation(
                    "online",
                    grid.cells("online", year=[r.year], country_iso3=scope),
                    r["share_pct"] * r["cases"] / 100,
                    f"online share pct {label}",
                )
            )
    yield found
    # headline: the whole period and the latest year
    for years in (span, (span[1], span[1])):
        total = cases.totals(wh, source, sel, years, threshold)
        year_list = list(range(years[0], years[1] + 1))
        found = []
        for family, key in (
            ("cases", "cases"),
            ("victims", "victims"),
            ("online", "cases_online_recruitment"),
        ):
            value = total[key]
            shown = None if 0 < value < threshold else value
            found.append(
                Observation(
                    family,
                    grid.cells(family, year=year_list, country_iso3=scope),
                    shown,
                    f"headline {label} {years}",
                )
            )
        yield found
    # fastest-rising technologies: the two window sums per technology
    frame = _shown(
        cases.rising_technologies(wh, source, threshold, sel).frame, ["early_cases", "late_cases"], threshold
    )
    found = []
    for r in _rows(frame):
        for col, first, last in (
            ("early_cases", "early_from", "early_to"),
            ("late_cases", "late_from", "late_to"),
        ):
            years = list(range(int(r[first]), int(r[last]) + 1))
            found.append(
                Observation(
                    "technology",
                    grid.cells("technology", year=years, country_iso3=scope, technology=[r.technology]),
                    _value(r, col),
                    f"rising {label}",
                )
            )
    yield found
    if len(sel) >= 1:
        # compare countries and profile: one line per chosen country, and the all-States mean
        frame = cases.compare(wh, source, sel).frame
        n = len(grid.axes["cases"]["country_iso3"]) - 1  # '_other' is not a published country
        frame = _shown(frame, ["cases"], threshold)
        found = []
        for r in _rows(frame):
            if r.country_iso3 == cases.ALL_STATES:
                value = _value(r, "cases")
                found.append(
                    Observation(
                        "cases",
                        grid.cells("cases", year=[r.year]),
                        None if value is None else value * n,
                        f"compare mean {label}",
                    )
                )
            else:
                found.append(
                    Observation(
                        "cases",
                        grid.cells("cases", year=[r.year], country_iso3=[r.country_iso3]),
                        _value(r, "cases"),
                        f"compare {label}",
                    )
                )
        yield found
    if not sel:
        # all countries only: technology at each stage, modus operandi; the map
        for stage in grid.axes["stage_technology"]["stage"]:
            frame = _shown(
                cases.breakdown(wh, source, "technology", "cases", (), stage).frame, ["value"], threshold
            )
            yield [
                Observation(
                    "stage_technology",
                    grid.cells("stage_technology", year=[r.year], stage=[stage], technology=[r.category]),
                    _value(r, "value"),
                    f"trends technology at {stage}",
                )
                for r in _rows(frame)
            ]
        frame = _shown(cases.breakdown(wh, source, "modus_operandi").frame, ["value"], threshold)
        yield [
            Observation(
                "modus_operandi",
                grid.cells("modus_operandi", year=[r.year], modus_operandi=[r.category]),
                _value(r, "value"),
                "trends modus operandi",
            )
            for r in _rows(frame)
        ]
        frame = cases.by_country(wh, source, span, threshold).frame
        frame = _shown(frame, ["cases", "victims", "cases_online_recruitment"], threshold)
        years = list(range(span[0], span[1] + 1))
        found = []
        for r in _rows(frame):
            for family, col in (
                ("cases", "cases"),
                ("victims", "victims"),
                ("online", "cases_online_recruitment"),
            ):
                found.append(
                    Observation(
                        family,
                        grid.cells(family, year=years, country_iso3=[r.country_iso3]),
                        _value(r, col),
                        "map",
                    )
                )
        yield found
