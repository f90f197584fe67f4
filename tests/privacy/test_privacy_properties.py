"""Generated warehouses and filter choices: no small count shown, no withheld count derivable.

Each example writes a small warehouse with random counts (many of them 1..4), picks a
threshold and filters, and reads every query of :mod:`app.queries` that returns counts. It
asserts that no count from 1 to threshold-1 is shown, and that for every sum a reader can
form (parts beside a total shown by the same or another view), the total minus the shown
parts never gives back a withheld cell.
"""

from __future__ import annotations

import itertools
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import db, queries
from app.suppression import FLAG_SUFFIX, display_frame

COUNTRIES = ("ALB", "AUT", "FRA", "MDA", "ROU")
TYPES = ("sexual", "labour", "begging")
STAGES = ("recruitment", "control")
TECHS = ("social_media", "dark_web")
SOURCE = "Demo case records"
SERIES_SOURCE = "UNODC GLOTIP"

#: Many small counts, some zeros, some large ones.
COUNT = st.one_of(st.integers(1, 4), st.integers(0, 2), st.integers(5, 12), st.integers(13, 60))


def _counts(draw, n: int) -> list[int]:
    return draw(st.lists(COUNT, min_size=n, max_size=n))


@st.composite
def worlds(draw) -> dict:
    countries = sorted(draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=5, unique=True)))
    years = list(range(2016, 2016 + draw(st.integers(1, 7))))
    types = sorted(draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=3, unique=True)))

    keys = list(itertools.product(countries, years, types))
    cases, female, male = (_counts(draw, len(keys)) for _ in range(3))
    pct = draw(st.lists(st.integers(0, 100), min_size=len(keys), max_size=len(keys)))
    summary = pd.DataFrame(keys, columns=["country_iso3", "year", "exploitation_type"])
    summary.insert(0, "source", SOURCE)
    summary["cases"] = cases
    summary["victims"] = np.add(female, male)
    summary["victims_female"] = female
    summary["victims_male"] = male
    summary["victims_minor"] = summary["victims"] * np.array(pct) // 100
    summary["victims_adult"] = summary["victims"] - summary["victims_minor"]
    summary["cases_online_recruitment"] = summary["cases"] * np.array(pct[::-1]) // 100
    summary["cases_convicted"] = summary["cases"] // 2
    summary["is_synthetic"] = True
    summary = summary.astype({"year": "int32"})

    mo_keys = list(itertools.product(countries, years, types, STAGES, TECHS))
    mo = pd.DataFrame(mo_keys, columns=["country_iso3", "year", "exploitation_type", "stage", "technology"])
    mo.insert(0, "source", SOURCE)
    mo["cases"] = _counts(draw, len(mo_keys))
    mo["victims"] = mo["cases"] + mo["cases"] % 3
    mo["is_synthetic"] = True
    mo = mo.astype({"year": "int32"})

    tags = summary[
        ["source", "country_iso3", "year", "exploitation_type", "cases", "victims", "is_synthetic"]
    ]
    tags = tags.assign(modus_operandi="lover_boy")

    cy = list(itertools.product(countries, years))
    s_f, s_m = _counts(draw, len(cy)), _counts(draw, len(cy))
    s_pct = draw(st.lists(st.integers(0, 100), min_size=len(cy), max_size=len(cy)))
    rows = []
    for (c, y), f, m, p in zip(cy, s_f, s_m, s_pct, strict=True):
        total = f + m
        minor = total * p // 100
        for sex, age, value in (
            ("female", "total", f),
            ("male", "total", m),
            ("total", "total", total),
            ("total", "minor", minor),
            ("total", "adult", total - minor),
        ):
            rows.append((c, y, "detected_victims", sex, age, "total", "total", float(value)))
    series = pd.DataFrame(
        rows,
        columns=[
            "country_iso3",
            "year",
            "indicator",
            "sex",
            "age_group",
            "exploitation_type",
            "citizenship",
            "value",
        ],
    ).assign(
        status="reported", source=SERIES_SOURCE, vintage=pd.Timestamp("2024-01-31").date(), is_synthetic=False
    )
    series = series.astype({"year": "int32"})

    return {
        "countries": countries,
        "summary": summary,
        "mo": mo,
        "tags": tags,
        "series": series,
        "threshold": draw(st.sampled_from([2, 3, 5, 10])),
        "chosen": tuple(draw(st.lists(st.sampled_from(COUNTRIES), max_size=3, unique=True))),
        "stage": draw(st.one_of(st.none(), st.sampled_from(STAGES))),
    }


_written = itertools.count()


def _context(base: Path, world: dict) -> queries.QueryContext:
    path = base.parent / f"gen{next(_written)}.duckdb"
    shutil.copyfile(base, path)
    _replace(path, world)
    return queries.QueryContext(db.identify(path), world["threshold"])


def _replace(path: Path, world: dict) -> None:
    import duckdb

    con = duckdb.connect(str(path))
    try:
        for table, key in (
            ("case_summary", "summary"),
            ("mo_trends", "mo"),
            ("mo_tags", "tags"),
            ("series", "series"),
        ):
            con.register("_frame", world[key])
            con.execute(f"create or replace table marts.{table} as select * from _frame")
            con.unregister("_frame")
    finally:
        con.close()


# ---------------------------------------------------------------- what a reader sees


def _no_small(df: pd.DataFrame, cols, threshold: int, where: str) -> None:
    for col in cols:
        if col not in df.columns:
            continue
        values = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype="float64")
        small = values[(values > 0) & (values < threshold)]
        assert small.size == 0, f"{where}: {col} shows {small.tolist()} below {threshold}"
    # and the table/download form of the same frame
    shown = display_frame(df, threshold)
    for col in cols:
        if col in shown.columns:
            values = pd.to_numeric(shown[col], errors="coerce").to_numpy(dtype="float64")
            assert not ((values > 0) & (values < threshold)).any(), f"{where}: {col} in the table form"


def _shown(df: pd.DataFrame, col: str) -> pd.Series:
    """The values as a reader sees them: NaN where withheld."""
    flag = df[col + FLAG_SUFFIX].astype(bool) if col + FLAG_SUFFIX in df.columns else False
    return pd.to_numeric(df[col], errors="coerce").mask(flag)


def _cells(df: pd.DataFrame, key: list[str], col: str) -> dict:
    """Shown values by key tuple."""
    keys = list(df[key].itertuples(index=False, name=None))
    return dict(zip(keys, _shown(df, col), strict=True))


def _not_derivable(total: float | None, parts: dict, truth: dict, where: str) -> None:
    """``parts``: key -> shown value (NaN when withheld); ``truth``: key -> true value."""
    if total is None or math.isnan(total):
        return
    hidden = [k for k, v in parts.items() if math.isnan(v)]
    if len(hidden) != 1:
        return
    rest = sum(v for v in parts.values() if not math.isnan(v))
    assert not math.isclose(total - rest, truth[hidden[0]], abs_tol=1e-6), (
        f"{where}: withheld {hidden[0]} = total {total} - shown parts {rest}"
    )


def _known(*views: dict) -> dict:
    """Merge what several views show of the same cells: a cell shown by any view is known."""
    out: dict = {}
    for view in views:
        for k, v in view.items():
            if k not in out or math.isnan(out[k]):
                out[k] = v
    return out


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds())
def test_no_small_count_and_no_withheld_count_derivable(base_warehouse: Path, world: dict) -> None:
    ctx = _context(base_warehouse, world)
    thr, chosen, stage = world["threshold"], world["chosen"], world["stage"]
    summary = world["summary"]
    present = world["countries"]

    # ---- every count the query layer returns
    head_all = queries.headline(ctx, None, ())
    head_chosen = queries.headline(ctx, None, chosen)
    for head, where in ((head_all, "headline"), (head_chosen, "headline of chosen")):
        for col in ("cases", "victims", "cases_online_recruitment"):
            v = head[col]
            assert not (v == v and 0 < v < thr), f"{where}: {col} = {v}"
    frames = {
        "online_share": (queries.online_share(ctx, chosen), ("cases", "cases_online_recruitment")),
        "online_share all": (queries.online_share(ctx, ()), ("cases", "cases_online_recruitment")),
        "compare_cases": (queries.compare_cases(ctx, tuple(present)), ("cases",)),
        "rising": (queries.rising_technologies(ctx, chosen, stage), ("early_cases", "late_cases")),
        "series": (queries.series_trend(ctx, chosen, "detected_victims", SERIES_SOURCE), ("value",)),
    }
    for m in ("cases", "victims"):
        frames[f"map {m}"] = (queries.map_measure(ctx, m, None), ("value",))
    for dim in queries.TREND_DIMENSIONS:
        for measure in queries.TREND_MEASURES:
            for countries in (chosen, ()):
                frames[f"mo_trend {dim} {measure} {countries}"] = (
                    queries.mo_trend(
                        ctx, countries, dim, measure, None, stage if dim == "technology" else None
                    ),
                    ("value",),
                )
    for relation, cols in queries.COUNT_COLUMNS.items():
        frames[f"relation {relation}"] = (queries.public_relation(ctx, relation), cols)
    for where, (frame, cols) in frames.items():
        _no_small(frame, cols, thr, where)

    # ---- cases per country and year, as every view shows them
    truth_cy = summary.groupby(["country_iso3", "year"])["cases"].sum().to_dict()
    cc = frames["compare_cases"][0]
    cc = cc[cc["country_iso3"] != queries.ALL_STATES]
    views = [_cells(cc, ["country_iso3", "year"], "cases")]
    for c in present:
        one = queries.online_share(ctx, (c,))
        views.append({(c, y): v for y, v in zip(one["year"], _shown(one, "cases"), strict=True)})
    known = _known(*views)

    year_all = frames["online_share all"][0]
    year_total = dict(zip(year_all["year"], _shown(year_all, "cases"), strict=True))
    for y, total in year_total.items():
        _not_derivable(
            total, {k: v for k, v in known.items() if k[1] == y}, truth_cy, f"year {y} across countries"
        )
    map_cases = frames["map cases"][0]
    country_total = dict(zip(map_cases["country_iso3"], _shown(map_cases, "value"), strict=True))
    for c, total in country_total.items():
        _not_derivable(total, {k: v for k, v in known.items() if k[0] == c}, truth_cy, f"{c} across years")
    truth_c = summary.groupby("country_iso3")["cases"].sum().to_dict()
    grand = head_all["cases"]
    _not_derivable(grand, country_total, truth_c, "countries against the all-States total")
    truth_y = summary.groupby("year")["cases"].sum().to_dict()
    _not_derivable(grand, year_total, truth_y, "years against the all-States total")
    if chosen:
        picked = {c: v for c, v in country_total.items() if c in chosen}
        _not_derivable(head_chosen["cases"], picked, truth_c, "chosen countries against their total")

    # ---- the chosen countries' years against their headline total
    share = frames["online_share"][0]
    sel = summary[summary["country_iso3"].isin(chosen)] if chosen else summary
    for col in ("cases", "cases_online_recruitment"):
        truth = sel.groupby("year")[col].sum().to_dict()
        parts = dict(zip(share["year"], _shown(share, col), strict=True))
        _not_derivable(head_chosen[col], parts, truth, f"{col}: years of the chosen countries")

    # ---- exploitation types of a year against that year's cases
    for countries in [(), *[(c,) for c in present]]:
        trend = queries.mo_trend(ctx, countries, "exploitation_type", "cases")
        rows = summary if not countries else summary[summary["country_iso3"] == countries[0]]
        truth = rows.groupby(["year", "exploitation_type"])["cases"].sum().to_dict()
        totals = (
            year_total
            if not countries
            else {y: known.get((countries[0], y), math.nan) for y in trend["year"]}
        )
        for y, group in trend.groupby("year"):
            parts = _cells(group, ["year", "category"], "value")
            _not_derivable(totals.get(y, math.nan), parts, truth, f"types of {y} in {countries or 'all'}")

    # ---- the downloadable case summary: victims by sex and by age, types of a country's year
    cs = frames["relation case_summary"][0]
    key = ["country_iso3", "year", "exploitation_type"]
    truth_rows = summary.set_index(key)
    seen = cs.set_index(key)
    truth_rows = truth_rows.loc[seen.index]
    for a, b in (("victims_female", "victims_male"), ("victims_minor", "victims_adult")):
        total, va, vb = (_shown(seen, c).to_numpy() for c in ("victims", a, b))
        # exactly one part withheld beside a shown total: the total minus the other part
        only_a = ~np.isnan(total) & np.isnan(va) & ~np.isnan(vb)
        only_b = ~np.isnan(total) & ~np.isnan(va) & np.isnan(vb)
        assert not (only_a & np.isclose(total - vb, truth_rows[a].to_numpy())).any(), f"{a} derivable"
        assert not (only_b & np.isclose(total - va, truth_rows[b].to_numpy())).any(), f"{b} derivable"
    truth_cyt = summary.set_index(["country_iso3", "year", "exploitation_type"])["cases"].to_dict()
    for (c, y), group in cs.groupby(["country_iso3", "year"]):
        parts = _cells(group, key, "cases")
        _not_derivable(known.get((c, y), math.nan), parts, truth_cyt, f"types of {c} {y} in the download")

    # ---- the downloadable series: each breakdown against its total row
    ser = frames["relation series"][0]
    cols = ["country_iso3", "year", "indicator", *queries.SERIES_BREAKDOWNS]
    truth_s = world["series"][[*cols, "value"]].rename(columns={"value": "truth"})
    ser = ser.assign(shown=_shown(ser, "value"))[[*cols, "shown"]].merge(truth_s, on=cols)
    for breakdown in queries.SERIES_BREAKDOWNS:
        others = [k for k in cols if k != breakdown]
        for group_key, group in ser.groupby(others):
            is_total = (group[breakdown] == "total").to_numpy()
            if is_total.sum() != 1:
                continue
            parts = group[~is_total]
            _not_derivable(
                group["shown"].to_numpy()[is_total][0],
                dict(zip(parts.index, parts["shown"], strict=True)),
                dict(zip(parts.index, parts["truth"], strict=True)),
                f"series {breakdown} of {group_key}",
            )

    # ---- growth windows against their years
    rising = frames["rising"][0]
    yearly = queries.mo_trend(ctx, chosen, "technology", "cases", None, stage)
    mo = world["mo"]
    mo_sel = mo[mo["country_iso3"].isin(chosen)] if chosen else mo
    if stage:
        mo_sel = mo_sel[mo_sel["stage"] == stage]
    truth_ty = mo_sel.groupby(["technology", "year"])["cases"].sum().to_dict()
    for r in rising.itertuples():
        for col, start, end in (
            ("early_cases", r.early_from, r.early_to),
            ("late_cases", r.late_from, r.late_to),
        ):
            win = yearly[(yearly["category"] == r.technology) & yearly["year"].between(start, end)]
            parts = _cells(win, ["category", "year"], "value")
            total = _shown(rising[rising["technology"] == r.technology], col).iloc[0]
            _not_derivable(total, parts, truth_ty, f"{col} of {r.technology}")
