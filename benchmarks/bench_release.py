"""Benchmark: what the protected release costs in accuracy, and what it costs to build.

    python -m benchmarks.bench_release [--cases 20000 5000000] [--seed 7] [--workdir DIR]

For each size, generates demo case records, builds the warehouse, and compares every
published count with the exact one (read from the private file) at the levels a reader sees:

- all countries x year (cases, victims); all countries x year x exploitation type, technology;
- country x year (cases, victims); country x year x exploitation type (cases, victims);
- country x year x technology and x stage (cases).

Reports the mean absolute error, the mean relative error over cells with at least 20 true
cases, and the share of true cases that sit in cells shown as ``<5``. Also times the release
step against the whole build, in the same run. Writes ``benchmarks/out/release.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = 5

#: (level name, public relation, measure, keys, exact family, exact keys)
LEVELS = (
    ("all countries x year", "case_counts", "cases", ("year",)),
    ("all countries x year", "case_counts", "victims", ("year",)),
    ("all countries x year x type", "case_counts", "cases", ("year", "exploitation_type")),
    ("all countries x year x technology", "technology_counts", "cases", ("year", "technology")),
    ("country x year", "case_counts", "cases", ("year", "country_iso3")),
    ("country x year", "case_counts", "victims", ("year", "country_iso3")),
    ("country x year x type", "case_counts", "cases", ("year", "country_iso3", "exploitation_type")),
    ("country x year x type", "case_counts", "victims", ("year", "country_iso3", "exploitation_type")),
    ("country x year x technology", "technology_counts", "cases", ("year", "country_iso3", "technology")),
    ("country x year x stage", "stage_counts", "cases", ("year", "country_iso3", "stage")),
)
#: The exact family behind each (relation, measure), and the name of its category column.
FAMILY = {
    ("case_counts", "cases"): ("cases", "exploitation_type"),
    ("case_counts", "victims"): ("victims", "exploitation_type"),
    ("technology_counts", "cases"): ("technology", "technology"),
    ("stage_counts", "cases"): ("stage", "stage"),
}


def exact_frame(private: Path, family_name: str, category: str) -> pd.DataFrame:
    from etl import release
    from etl.release.plan import families

    con = duckdb.connect(str(private), read_only=True)
    try:
        release.prepare_input(con)
        family = next(f for f in families() if f.name == family_name)
        return release.exact_cells(con, family).rename(columns={"c1": category})
    finally:
        con.close()


def measure(db: Path) -> list[dict[str, object]]:
    from etl.build import private_path

    con = duckdb.connect(str(db), read_only=True)
    rows = []
    try:
        for level, relation, column, keys in LEVELS:
            family, category = FAMILY[(relation, column)]
            published = con.execute(f"select * from marts.{relation}").df()
            exact = exact_frame(private_path(db), family, category)
            pub = published.groupby(list(keys))[column].sum().rename("published")
            true = exact.groupby(list(keys))["value"].sum().rename("true")
            both = pd.concat([pub, true], axis=1).fillna(0.0)
            error = (both["published"] - both["true"]).abs()
            large = both["true"] >= 20
            small_shown = (both["published"] > 0) & (both["published"] < THRESHOLD)
            rows.append(
                {
                    "level": level,
                    "measure": f"{relation}.{column}",
                    "cells": int(len(both)),
                    "mean_abs_error": float(error.mean()),
                    "mean_rel_error_cells_ge_20": float((error[large] / both["true"][large]).mean())
                    if large.any()
                    else None,
                    "share_of_true_count_in_cells_shown_lt5": float(
                        both["true"][small_shown].sum() / max(both["true"].sum(), 1)
                    ),
                }
            )
    finally:
        con.close()
    return rows


def run(cases: int, seed: int, workdir: Path) -> dict[str, object]:
    source = workdir / f"demo-{cases}"
    if not (source / "cases").exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "etl",
                "demo",
                "--out",
                str(source),
                "--cases",
                str(cases),
                "--seed",
                str(seed),
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    db = workdir / f"warehouse-{cases}.duckdb"
    from etl.build import build_warehouse, private_path

    for old in (db, private_path(db)):
        old.unlink(missing_ok=True)
    marks: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(message: str) -> None:
        now = time.perf_counter()
        key = "release" if message.startswith("  release") or message.startswith("protecting") else "other"
        marks[key] = marks.get(key, 0.0) + now - last[0]
        last[0] = now

    started = time.perf_counter()
    build_warehouse(source, db, progress=progress)
    total = time.perf_counter() - started
    return {"cases": cases, "build_s": total, "release_s": marks.get("release", 0.0), "levels": measure(db)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, nargs="+", default=[20_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for n in args.cases:
            result = run(n, args.seed, workdir)
            out.append(result)
            print(
                f"\n{n:,} cases: build {result['build_s']:.1f} s, of which the release "
                f"{result['release_s']:.1f} s ({result['release_s'] / result['build_s']:.0%})"
            )
            print(
                f"{'level':36} {'measure':24} {'cells':>7} {'MAE':>7} {'rel.err (>=20)':>15} "
                f"{'in <5 cells':>12}"
            )
            for row in result["levels"]:
                rel = row["mean_rel_error_cells_ge_20"]
                print(
                    f"{row['level']:36} {row['measure']:24} {row['cells']:>7,} {row['mean_abs_error']:>7.2f} "
                    f"{'-' if rel is None else f'{rel:.1%}':>15} "
                    f"{row['share_of_true_count_in_cells_shown_lt5']:>12.2%}"
                )
    target = ROOT / "benchmarks" / "out"
    target.mkdir(parents=True, exist_ok=True)
    (target / "release.json").write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
