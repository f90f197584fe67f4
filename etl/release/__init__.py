"""The protected release: every count of cases and victims the public warehouse holds.

Computed once per build from the exact case records, it is the only place the dashboard
reads such counts from. Each family of the plan (:mod:`etl.release.plan`) is a grid of
cells over the years of a source, the published countries (plus ``_other``) and the
family's categories; every cell gets discrete Gaussian noise (:mod:`etl.release.noise`),
then the cells are made whole, non-negative and additive (:mod:`etl.release.consistency`).
Any sum of published cells is then as safe as the cells themselves: post-processing cannot
undo the noise. Sources whose publisher protected them already (CTDC) are published as
they came, with their own protection named.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import product
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd

from etl import schema, sql
from etl.reference import REFERENCE_DIR
from etl.release import consistency, noise
from etl.release.plan import DELTA, PRIVACY_UNIT, Family, families

OTHER_COUNTRIES = "_other"
#: A source of case records: its name, whether it is synthetic, its first and last year.
SourceYears = tuple[str, bool, int, int]
METHOD = (
    "differential privacy: discrete Gaussian noise added once per published cell (OpenDP), "
    "then cells made whole, non-negative and adding up to the all-countries figures"
)

#: Public relations the release writes into ``marts`` (``release = true`` in the contract).
RELATIONS = tuple(r.name for r in schema.relations("marts") if r.release)
#: Those of them that hold counts.
COUNT_RELATIONS = tuple(name for name in RELATIONS if schema.relation(name).count_columns)

Progress = Callable[[str], None]


@dataclass
class Grid:
    """The cells of one family for one source: years x countries x categories."""

    years: list[int]
    countries: list[str]
    categories: tuple[tuple[str, ...], ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return (len(self.years), len(self.countries), *(len(c) for c in self.categories))

    def fill(self, exact: pd.DataFrame, column: str) -> npt.NDArray[np.integer[Any]]:
        """The grid with ``exact[column]`` in place (zero or a zero fingerprint elsewhere)."""
        dtype = np.uint64 if column == "fingerprint" else np.int64
        out = np.zeros(self.shape, dtype=dtype)
        if exact.empty:
            return out
        axes = [self.years, self.countries, *self.categories]
        keys = ["year", "country_iso3", *[f"c{i + 1}" for i in range(len(self.categories))]]
        # each row's place on each axis (-1 off the grid)
        index = [pd.Index(values).get_indexer(exact[key]) for key, values in zip(keys, axes, strict=True)]
        inside = np.logical_and.reduce([i >= 0 for i in index])
        values = exact[column].to_numpy()[inside].astype(dtype)
        out[tuple(i[inside] for i in index)] = values
        return out

    def cell_keys(self, level: str) -> list[str]:
        """Text keys of a level's cells, in the grid's order: ``year`` (years only), ``all``
        (years x categories) or ``national`` (years x countries x categories)."""
        axes: list[list[str]] = [[str(y) for y in self.years]]
        if level == "national":
            axes.append(self.countries)
        if level != "year":
            axes += [list(c) for c in self.categories]
        return ["|".join(parts) for parts in product(*axes)]


@dataclass
class ReleaseReport:
    """What the release spent and published."""

    total_rho: float
    epsilon: float
    sources: list[str]
    ledger: pd.DataFrame


def build_release(
    con: duckdb.DuckDBPyConnection, ledger: noise.Ledger, progress: Progress | None = None
) -> ReleaseReport:
    """Write the release's public relations into ``marts``; return the new ledger.

    Reads ``staging.cases``, ``meta.loads`` and ``ref.countries`` of the build.
    """
    say = progress or (lambda _m: None)
    prepare_input(con)
    countries = [
        r[0]
        for r in con.execute(
            "SELECT iso3 FROM ref.countries WHERE coe_member OR convention_party ORDER BY iso3"
        ).fetchall()
    ] + [OTHER_COUNTRIES]
    sources = con.execute(
        "SELECT l.source, bool_or(l.is_synthetic), min(g.year), max(g.year) FROM case_groups g "
        "JOIN release_loads l ON l.load_id = g._load_id GROUP BY l.source ORDER BY l.source"
    ).fetchall()
    published: dict[tuple[str, str], np.ndarray] = {}
    ledger_rows = []
    plan_rows = []
    total_rho = 0.0
    # DuckDB computes the cells of the next families in a thread while this one noises the
    # cells it has (the SQL and OpenDP's sampling both run without the GIL)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="release-cells")
    try:
        computing = [(family, pool.submit(exact_cells, con, family)) for family in families()]
        for family, cells_of in computing:
            say(f"  release: {family.name}")
            exact = cells_of.result()
            for level, sigma in family.sigmas().items():
                spent = noise.rho(sigma, family.sensitivity)
                total_rho += spent
                plan_rows.append(_plan_row(family, level, sigma, spent))
            for source, _synthetic, first, last in sources:
                grid = Grid(list(range(int(first), int(last) + 1)), countries, family.categories)
                mine = exact[exact["source"] == source]
                cells, rows = _protect(family, source, grid, mine, ledger)
                published[(family.name, source)] = cells
                ledger_rows += rows
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    _make_consistent(published, [s[0] for s in sources])
    _write_counts(con, published, sources, countries)
    _write_publisher_protected(con)
    info = _write_info(con, sources, total_rho, ledger_rows)
    pd_plan = pd.DataFrame(plan_rows)
    con.register("_plan", pd_plan)
    con.execute("CREATE OR REPLACE TABLE marts.release_plan AS SELECT * FROM _plan")
    con.unregister("_plan")
    new_ledger = pd.concat(ledger_rows, ignore_index=True) if ledger_rows else noise.Ledger.empty().frame
    return ReleaseReport(total_rho, info, [s[0] for s in sources], new_ledger)


def prepare_input(con: duckdb.DuckDBPyConnection) -> None:
    """The case records the release protects, grouped once into temporary tables of this
    connection (``etl/sql/release/0*.sql``)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE publisher_protection AS "
        "SELECT * FROM read_csv(?, all_varchar = true, header = true)",
        [str(REFERENCE_DIR / "publisher_protection.csv")],
    )
    con.execute(sql.read("release/00__input.sql"))
    salt = {"salt": _tech_list_salt(con)}
    con.execute(sql.read("release/01__tech_lists.sql"), salt)
    con.execute(sql.read("release/02__tech_groups.sql"), salt)


def _tech_list_salt(con: duckdb.DuckDBPyConnection) -> int:
    """The first salt whose hash tells every technology list of ``tech_lists`` apart.

    A 64-bit hash almost never maps two of a few thousand lists to one key, but grouping by
    the key must be exactly grouping by the list: another salt is taken when it does.
    """
    for salt in range(100):
        (clash,) = con.execute(
            "SELECT count(DISTINCT hash(recruitment_tech, advertising_tech, coordination_tech, "
            "control_tech, post_exit_tech, $salt)) < count(*) FROM tech_lists",
            {"salt": salt},
        ).fetchall()[0]
        if not clash:
            return salt
    raise RuntimeError("no salt tells the technology lists apart")  # pragma: no cover


def exact_cells(con: duckdb.DuckDBPyConnection, family: Family) -> pd.DataFrame:
    """The exact national cells of a family: ``source, year, country_iso3, c1[, c2], value,
    fingerprint`` (after :func:`prepare_input`; only the build and the tests read these)."""
    text = sql.read(f"release/{family.name}.sql")
    params = {"max_contributions": family.max_contributions} if "$max_contributions" in text else {}
    return con.execute(text, params).df()


def _protect(
    family: Family, source: str, grid: Grid, exact: pd.DataFrame, ledger: noise.Ledger
) -> tuple[np.ndarray, list[pd.DataFrame]]:
    """Noise a family's grid for one source and make it consistent.

    Returns the national cells (years x countries x categories) when the family is published
    by country, else the all-countries cells (years x categories). Each level is fitted to
    the one above it, from the top down.
    """
    values = grid.fill(exact, "value")
    prints = grid.fill(exact, "fingerprint")
    # the records of a wider cell are those of its parts: sum the counts, xor the prints
    levels = {
        "national": (values, prints),
        "all": (values.sum(axis=1), np.bitwise_xor.reduce(prints, axis=1)),
    }
    levels["year"] = (
        levels["all"][0].reshape(len(grid.years), -1).sum(axis=1),
        np.bitwise_xor.reduce(levels["all"][1].reshape(len(grid.years), -1), axis=1),
    )
    rows = []
    published = None
    for level, sigma in family.sigmas().items():
        exact_values, exact_prints = levels[level]
        keys = grid.cell_keys(level)
        added, kept = ledger.noise_for(family.name, level, source, sigma, keys, exact_prints.ravel())
        rows.append(kept)
        noisy = exact_values + added.reshape(exact_values.shape)
        if published is None:
            published = consistency.nonnegative(noisy)
        elif level == "all":  # the categories of a year add up to its total
            flat = noisy.reshape(len(grid.years), -1)
            published = consistency.fit_groups(flat, published, axis=1).reshape(noisy.shape)
        else:  # the countries of a year and category add up to the all-countries figure
            published = consistency.fit_groups(noisy, published, axis=1)
    assert published is not None
    return published, rows


def _make_consistent(published: dict[tuple[str, str], np.ndarray], sources: list[str]) -> None:
    """Breakdowns noised apart never exceed their whole: online <= cases, sex and age <= victims."""
    for source in sources:
        cases = published[("cases", source)]
        published[("online", source)] = np.minimum(published[("online", source)], cases)
        victims = published[("victims", source)].sum(axis=-1)
        for family in ("sex", "age"):
            published[(family, source)] = consistency.cap(published[(family, source)], victims)


def _frame(array: np.ndarray, axes: Sequence[tuple[str, Sequence[object]]], value: str) -> pd.DataFrame:
    """A long frame of an array: one column per axis, in C order, and the values."""
    index = pd.MultiIndex.from_product([values for _, values in axes], names=[name for name, _ in axes])
    return index.to_frame(index=False).assign(**{value: array.ravel().astype(np.int64)})


def _write_counts(
    con: duckdb.DuckDBPyConnection,
    published: dict[tuple[str, str], np.ndarray],
    sources: list[SourceYears],
    countries: list[str],
) -> None:
    plan = {f.name: f for f in families()}
    frames: dict[str, list[pd.DataFrame]] = {r: [] for r in COUNT_RELATIONS}
    for source, synthetic, first, last in sources:
        years = list(range(int(first), int(last) + 1))
        base: list[tuple[str, list[Any]]] = [("year", years), ("country_iso3", countries)]
        types = [("exploitation_type", list(plan["cases"].categories[0]))]
        case_counts = _frame(published[("cases", source)], base + types, "cases")
        for name, column in (("victims", "victims"), ("online", "cases_online_recruitment")):
            case_counts[column] = published[(name, source)].ravel().astype(np.int64)
        frames["case_counts"].append(case_counts.assign(source=source, is_synthetic=bool(synthetic)))
        for breakdown in ("sex", "age"):
            cats = [("category", list(plan[breakdown].categories[0]))]
            part = _frame(published[(breakdown, source)], base + cats, "victims")
            frames["victim_counts"].append(
                part.assign(breakdown=breakdown, source=source, is_synthetic=bool(synthetic))
            )
        for name, relation in (("technology", "technology_counts"), ("stage", "stage_counts")):
            cats = [(name, list(plan[name].categories[0]))]
            part = _frame(published[(name, source)], base + cats, "cases")
            frames[relation].append(part.assign(source=source, is_synthetic=bool(synthetic)))
        st = plan["stage_technology"]
        part = _frame(
            published[("stage_technology", source)],
            [("year", years), ("stage", list(st.categories[0])), ("technology", list(st.categories[1]))],
            "cases",
        )
        frames["stage_technology_counts"].append(part.assign(source=source, is_synthetic=bool(synthetic)))
        mo = plan["modus_operandi"]
        part = _frame(
            published[("modus_operandi", source)],
            [("year", years), ("modus_operandi", list(mo.categories[0]))],
            "cases",
        )
        frames["modus_operandi_counts"].append(part.assign(source=source, is_synthetic=bool(synthetic)))
    for relation, parts in frames.items():
        con.execute(f"CREATE OR REPLACE TABLE marts.{relation} ({schema.relation(relation).ddl()})")
        if parts:
            con.register("_counts", pd.concat(parts, ignore_index=True))
            con.execute(f"INSERT INTO marts.{relation} BY NAME SELECT * FROM _counts ORDER BY ALL")
            con.unregister("_counts")


def _write_publisher_protected(con: duckdb.DuckDBPyConnection) -> None:
    """Sources their publisher protected (CTDC): their own counts, as they came."""
    con.execute(sql.read("release/publisher.sql"))


def _write_info(
    con: duckdb.DuckDBPyConnection,
    sources: list[SourceYears],
    total_rho: float,
    ledger_rows: list[pd.DataFrame],
) -> float:
    eps = noise.epsilon(total_rho, DELTA)
    draws = pd.concat(ledger_rows, ignore_index=True) if ledger_rows else noise.Ledger.empty().frame
    rows = []
    for source, synthetic, first, last in sources:
        mine = draws[draws["source"] == source]
        rows.append(
            {
                "source": source,
                "is_synthetic": bool(synthetic),
                "protection": "differential privacy",
                "method": METHOD,
                "privacy_unit": PRIVACY_UNIT,
                "rho": total_rho,
                "epsilon": eps,
                "delta": DELTA,
                "gdp_mu": noise.gaussian_mu(total_rho),
                "exact_recovery_bound": noise.exact_recovery_bound(total_rho),
                "max_draws": int(mine["draws"].max()) if len(mine) else 0,
                "first_year": int(first),
                "last_year": int(last),
            }
        )
    frame = pd.DataFrame(rows, columns=_INFO_COLUMNS)
    con.register("_info", frame)
    con.execute(
        "CREATE OR REPLACE TABLE marts.release_info AS SELECT * FROM _info "
        "UNION ALL BY NAME SELECT * FROM publisher_info ORDER BY source"
    )
    con.unregister("_info")
    return eps


_INFO_COLUMNS = [
    "source",
    "is_synthetic",
    "protection",
    "method",
    "privacy_unit",
    "rho",
    "epsilon",
    "delta",
    "gdp_mu",
    "exact_recovery_bound",
    "max_draws",
    "first_year",
    "last_year",
]


def _plan_row(family: Family, level: str, sigma: float, spent: float) -> dict[str, object]:
    return {
        "family": family.name,
        "relation": family.relation,
        "measure": family.measure,
        "categories": " x ".join(family.category_columns),
        "level": {"national": "by country", "all": "all countries", "year": "year totals"}[level],
        "sigma": sigma,
        "max_contributions": family.max_contributions,
        "rho": spent,
        "description": family.description,
    }
