"""Benchmark: a full ``etl build`` against DuckDB's bare ``read_csv`` of the same case file.

    python benchmarks/bench_build.py [--cases 5000000] [--workdir DIR] [--repeat 1]

Generates a demo source folder with N case rows, then in one run times, each in a fresh
process so that peak memory (RSS) is measured per step:

- baseline: ``CREATE TABLE cases AS SELECT * FROM read_csv('<cases.csv>')`` into a new file;
- build: ``python -m etl build --source <folder> --db <new file>`` (all validation included).

Prints both times, the ratio build/baseline and the ratio of peak memory, and writes them
as JSON to ``benchmarks/out/build.json``. Targets: time ratio <= 1.5, memory ratio <= 2.

On a shared machine the wall times move with the other work on it; the CPU time each step
used (user + system, all its threads) moves much less, and its ratio is reported beside.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BASELINE = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("CREATE TABLE cases AS SELECT * FROM read_csv(?)", [sys.argv[1]])
con.execute("CHECKPOINT")
con.close()
"""


# Runs a step in a fresh interpreter and writes that process's own peak RSS (KiB) and CPU
# time (s) to a file.
PEAK_WRAPPER = """
import atexit, resource, runpy, sys
out = sys.argv.pop(1)
def report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    open(out, "w").write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
atexit.register(report)
if sys.argv[1] == "-c":
    code = sys.argv.pop(2); sys.argv = sys.argv[1:]
    exec(compile(code, "<step>", "exec"), {"__name__": "__main__"})
else:
    module = sys.argv.pop(2); sys.argv = [module] + sys.argv[2:]
    runpy.run_module(module, run_name="__main__")
"""


def timed(step: list[str]) -> tuple[float, float, float]:
    """Wall time (s), peak RSS (MiB) and CPU time (s) of one step (``["-c", code, ...]`` or
    ``["-m", module, ...]``)."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as peak_file:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", PEAK_WRAPPER, peak_file.name, *step],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - start
        peak, cpu = Path(peak_file.name).read_text().split()
        return elapsed, int(peak) / 1024, float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=5_000_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each step; the best time counts")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="thb-bench-"))
    source = work / "source"
    if not (source / "cases" / "cases.csv").exists():
        print(f"generating {args.cases:,} case rows in {source}", file=sys.stderr)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "etl",
                "demo",
                "--out",
                str(source),
                "--cases",
                str(args.cases),
                "--quiet",
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    cases_csv = source / "cases" / "cases.csv"
    results: dict[str, list[tuple[float, float, float]]] = {"baseline": [], "build": []}
    for run in range(args.repeat):
        for db in work.glob("*.duckdb"):
            db.unlink()
        results["baseline"].append(
            timed(["-c", BASELINE, str(cases_csv), str(work / f"baseline{run}.duckdb")])
        )
        results["build"].append(
            timed(
                [
                    "-m",
                    "etl",
                    "build",
                    "--quiet",
                    "--source",
                    str(source),
                    "--db",
                    str(work / f"build{run}.duckdb"),
                ]
            )
        )
    base_time = min(t for t, _, _ in results["baseline"])
    build_time = min(t for t, _, _ in results["build"])
    base_rss = max(m for _, m, _ in results["baseline"])
    build_rss = max(m for _, m, _ in results["build"])
    base_cpu = min(c for _, _, c in results["baseline"])
    build_cpu = min(c for _, _, c in results["build"])
    report = {
        "cases": args.cases,
        "csv_mib": round(cases_csv.stat().st_size / 2**20, 1),
        "baseline_s": round(base_time, 2),
        "build_s": round(build_time, 2),
        "time_ratio": round(build_time / base_time, 2),
        "baseline_peak_rss_mib": round(base_rss),
        "build_peak_rss_mib": round(build_rss),
        "memory_ratio": round(build_rss / base_rss, 2),
        "baseline_cpu_s": round(base_cpu, 2),
        "build_cpu_s": round(build_cpu, 2),
        "cpu_ratio": round(build_cpu / base_cpu, 2),
        "targets": {"time_ratio": 1.5, "memory_ratio": 2.0},
    }
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "build.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
