"""The previous design's views, enumerated through its own query layer: run inside its checkout.

    python benchmarks/previous_design_views.py WAREHOUSE sample|all TESTS_PRIVACY_DIR

Called by :mod:`benchmarks.audit_previous_design`; prints the attacker's table on stderr and
its figures as JSON on stdout.
"""

import json
import logging
import random
import sys
import warnings
from pathlib import Path

import duckdb
import numpy as np

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
sys.path.insert(0, sys.argv[3])  # tests/privacy of the current tree: the attacker
from app.suppression import FLAG_SUFFIX  # noqa: E402
from attacker import Observation, audit  # noqa: E402

from app import db, queries  # noqa: E402  (the previous design's, from its checkout)

path, threshold = Path(sys.argv[1]), 5
ctx = queries.QueryContext(db.identify(path), threshold)
con = duckdb.connect(str(path), read_only=True)
cs = con.execute("select * from marts.case_summary").df()
mo = con.execute("select * from marts.mo_trends").df()
con.close()
countries = sorted(cs["country_iso3"].unique())
years = sorted(cs["year"].unique())
types = sorted(set(cs["exploitation_type"]) | set(mo["exploitation_type"]))
stages = sorted(mo["stage"].unique())
techs = sorted(mo["technology"].unique())
ci = {c: i for i, c in enumerate(countries)}
yi = {y: i for i, y in enumerate(years)}
ti = {t: i for i, t in enumerate(types)}
si = {s: i for i, s in enumerate(stages)}
ki = {k: i for i, k in enumerate(techs)}
CS = (len(countries), len(years), len(types))
MO = (*CS, len(stages), len(techs))


def cs_cells(cs_=None, ys=None, ts=None):
    lists = [
        [ci[c] for c in (cs_ or countries)],
        [yi[y] for y in (ys or years)],
        [ti[t] for t in (ts or types)],
    ]
    g = np.array(np.meshgrid(*lists, indexing="ij")).reshape(3, -1)
    return tuple(int(x) for x in np.ravel_multi_index(g, CS))


def mo_cells(cs_=None, ys=None, ts=None, ss=None, ks=None):
    lists = [
        [ci[c] for c in (cs_ or countries)],
        [yi[y] for y in (ys or years)],
        [ti[t] for t in (ts or types)],
        [si[s] for s in (ss or stages)],
        [ki[k] for k in (ks or techs)],
    ]
    g = np.array(np.meshgrid(*lists, indexing="ij")).reshape(5, -1)
    return tuple(int(x) for x in np.ravel_multi_index(g, MO))


def val(row, col):
    flag = col + FLAG_SUFFIX
    if flag in row and bool(row[flag]):
        return None
    v = row[col]
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


obs, views = [], 0
rng = random.Random(7)
singles = countries if sys.argv[2] == "all" else rng.sample(countries, 12)
leave = countries if sys.argv[2] == "all" else rng.sample(countries, 12)
sels = [()] + [(c,) for c in singles] + [tuple(c for c in countries if c != left) for left in leave]
sels += [
    tuple(sorted(rng.sample(countries, rng.randint(2, len(countries) - 2))))
    for _ in range(6 if sys.argv[2] != "all" else 20)
]
for sel in sels:
    scope = list(sel) or None
    for dim in ("technology", "stage", "exploitation_type"):
        for measure in ("cases", "victims"):
            for expl in [None, *types]:
                stage_choices = [None, *stages] if dim == "technology" else [None]
                for stage in stage_choices:
                    df = queries.mo_trend(ctx, tuple(sel), dim, measure, expl, stage)
                    views += 1
                    for _, r in df.iterrows():
                        if dim == "exploitation_type":
                            fam = "cs_" + measure
                            cells = cs_cells(scope, [r.year], [r.category])
                        else:
                            fam = "mo_" + measure
                            kw = {"technology": {"ks": [r.category]}, "stage": {"ss": [r.category]}}[dim]
                            if stage is not None:
                                kw["ss"] = [stage]
                            cells = mo_cells(scope, [r.year], [expl] if expl else None, **kw)
                        obs.append(Observation(fam, cells, val(r, "value"), f"mo_trend {dim}"))
    df = queries.online_share(ctx, tuple(sel))
    views += 1
    for _, r in df.iterrows():
        obs.append(Observation("cs_cases", cs_cells(scope, [r.year]), val(r, "cases")))
        obs.append(Observation("cs_online", cs_cells(scope, [r.year]), val(r, "cases_online_recruitment")))
    head = queries.headline(ctx, None, tuple(sel))
    views += 1
    for fam, col in (
        ("cs_cases", "cases"),
        ("cs_victims", "victims"),
        ("cs_online", "cases_online_recruitment"),
    ):
        v = None if head[col + FLAG_SUFFIX] else float(head[col])
        obs.append(Observation(fam, cs_cells(scope), v, "headline"))
    for stage in [None, *stages]:
        df = queries.rising_technologies(ctx, tuple(sel), stage)
        views += 1
        for _, r in df.iterrows():
            for col, a, b in (
                ("early_cases", "early_from", "early_to"),
                ("late_cases", "late_from", "late_to"),
            ):
                ys = [y for y in years if int(r[a]) <= y <= int(r[b])]
                obs.append(
                    Observation(
                        "mo_cases",
                        mo_cells(scope, ys, None, [stage] if stage else None, [r.technology]),
                        val(r, col),
                    )
                )
    if sel:
        df = queries.compare_cases(ctx, tuple(sel))
        views += 1
        for _, r in df.iterrows():
            if r.country_iso3 != queries.ALL_STATES:
                obs.append(Observation("cs_cases", cs_cells([r.country_iso3], [r.year]), val(r, "cases")))
for m, fam in (("cases", "cs_cases"), ("victims", "cs_victims")):
    df = queries.map_measure(ctx, m, None)
    views += 1
    for _, r in df.iterrows():
        obs.append(Observation(fam, cs_cells([r.country_iso3]), val(r, "value")))
for rel in ("case_summary", "mo_trends"):
    df = queries.public_relation(ctx, rel)
    views += 1
    for _, r in df.iterrows():
        if rel == "case_summary":
            for fam, col in (
                ("cs_cases", "cases"),
                ("cs_victims", "victims"),
                ("cs_online", "cases_online_recruitment"),
            ):
                obs.append(
                    Observation(fam, cs_cells([r.country_iso3], [r.year], [r.exploitation_type]), val(r, col))
                )
        else:
            for fam, col in (("mo_cases", "cases"), ("mo_victims", "victims")):
                obs.append(
                    Observation(
                        fam,
                        mo_cells(
                            [r.country_iso3], [r.year], [r.exploitation_type], [r.stage], [r.technology]
                        ),
                        val(r, col),
                    )
                )
truth = {}
for fam, frame, col in (
    ("cs_cases", cs, "cases"),
    ("cs_victims", cs, "victims"),
    ("cs_online", cs, "cases_online_recruitment"),
):
    t = np.zeros(int(np.prod(CS)))
    idx = np.ravel_multi_index(
        [frame["country_iso3"].map(ci), frame["year"].map(yi), frame["exploitation_type"].map(ti)], CS
    )
    np.add.at(t, idx, frame[col].to_numpy(dtype=float))
    truth[fam] = t
for fam, col in (("mo_cases", "cases"), ("mo_victims", "victims")):
    t = np.zeros(int(np.prod(MO)))
    idx = np.ravel_multi_index(
        [
            mo["country_iso3"].map(ci),
            mo["year"].map(yi),
            mo["exploitation_type"].map(ti),
            mo["stage"].map(si),
            mo["technology"].map(ki),
        ],
        MO,
    )
    np.add.at(t, idx, mo[col].to_numpy(dtype=float))
    truth[fam] = t
result = audit(obs, truth, views, threshold)
print(result.table(), file=sys.stderr)
print(
    json.dumps(
        {
            "views": result.views,
            "numbers": result.numbers,
            "small_cells": result.small_cells,
            "recovered": result.recovered,
            "by_count": result.by_count(),
            "families": {k: [f.small_cells, f.recovered, f.pinned] for k, f in result.families.items()},
        }
    )
)
