"""Benchmark: many concurrent readers of the dashboard, against one reader alone.

    python -m benchmarks.load_sessions [--sessions 20] [--duration 60] [--cases 200000]
                                       [--think 0] [--workdir DIR] [--db FILE] [--out FILE]

Builds a warehouse from demo inputs with N case rows (or reuses ``--db``), starts
``streamlit run dashboard.py`` on 127.0.0.1 and warms it up (one reader opens every page).
Then, on the same server:

1. a single reader clicks through every page ``--baseline-passes`` times: the baseline;
2. ``--sessions`` readers click through every page at once for ``--duration`` seconds (no page
   is opened after that; at most ``--max-passes`` passes each; everything stops after
   ``--time-limit`` seconds), while the server's memory (its process and children) is sampled
   every second.

With ``--think S`` each loaded reader stays on a page for S seconds on average (exponentially
distributed) before the next, as people read; by default none pauses, the hardest load.
Readers speak Streamlit's websocket protocol (see ``tests/load/stream_client.py``); a page time
runs from the request until the page's script run has finished. Each pass is a new reader who
follows a link with another filter choice. Prints a summary and writes JSON to
``benchmarks/out/load.json``: p50/p95 page times in ms and as ratios against the baseline,
page visits a second, the server's CPU time a visit (the server process and its children; the
readers' own CPU time, on the same cores, beside it), errors, passes per reader, and memory
(baseline, peak, growth per half and last third). Targets (issue 12): at least 20 visits a
second with 20 readers, about 100 ms of server CPU a visit, p95 at most 3x one reader alone,
memory flat. Exits 1 when a reader met an error or memory kept growing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a file: make the project root importable like `-m` does
    sys.path.insert(0, str(ROOT))

from tests.browser.browser_harness import running_streamlit  # noqa: E402
from tests.load.load_runner import (  # noqa: E402
    LoadPlan,
    LoadReport,
    build_warehouse,
    discover_pages,
    filter_queries,
    memory_problems,
    run_load,
)

OUT = ROOT / "benchmarks" / "out" / "load.json"
#: Memory bounds (MiB), as in tests/load/test_load_sessions.py.
MAX_OVER_BASELINE_MIB = 1536.0
LAST_THIRD_GROWTH_MIB = 128.0
#: Targets of issue 12.
TARGET_VISITS_PER_S = 20.0
TARGET_SERVER_CPU_MS = 100.0
TARGET_P95_RATIO = 3.0


def ratio(value: float | None, base: float | None) -> float | None:
    return round(value / base, 2) if value is not None and base else None


def summary_line(name: str, report: LoadReport) -> str:
    times, rate = report.page_times(), report.rate()
    return (
        f"{name:<10} {report.plan.sessions:>3} reader(s) {report.seconds:>6.1f} s "
        f"{times.get('visits', 0):>5} visits ({rate['visits_per_s']}/s)  p50 {times.get('p50', '-'):>8} ms  "
        f"p95 {times.get('p95', '-'):>8} ms  max {times.get('max', '-'):>8} ms  "
        f"server CPU {rate['server_cpu_ms_per_visit']} ms/visit (readers {rate['client_cpu_ms_per_visit']})  "
        f"errors {len(report.problems())}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent readers")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--cases", type=int, default=200_000, help="case rows to generate")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temp folder)")
    parser.add_argument("--db", type=Path, help="reuse this warehouse instead of building one")
    parser.add_argument("--baseline-passes", type=int, default=3, help="passes of the lone reader")
    parser.add_argument("--max-passes", type=int, default=100, help="passes per reader, at most")
    parser.add_argument("--time-limit", type=float, help="hard limit of the load (s); default 3x duration")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a loaded reader reads a page (default 0)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    time_limit = args.time_limit or max(3 * args.duration, args.duration + 120)

    with tempfile.TemporaryDirectory(prefix="thb-load-") as tmp:
        workdir = args.workdir or Path(tmp)
        build = {}
        if args.db:
            db = args.db
        else:
            print(f"building a warehouse with {args.cases:,} case rows in {workdir} ...", flush=True)
            start = time.perf_counter()
            db = build_warehouse(workdir, args.cases)
            build["build_s"] = round(time.perf_counter() - start, 1)
        queries = filter_queries(db)
        with running_streamlit(ROOT / "dashboard.py", workdir / "logs", warehouse=db) as server:
            pages = tuple(p.url_path for p in discover_pages(server.url))
            pid = server.process.pid
            single = run_load(
                server.url,
                pid,
                LoadPlan(pages=pages, queries=queries, sessions=1, iterations=args.baseline_passes,
                         time_limit=time_limit),
            )  # fmt: skip
            print(summary_line("baseline", single), flush=True)
            load = run_load(
                server.url,
                pid,
                LoadPlan(pages=pages, queries=queries, sessions=args.sessions, iterations=args.max_passes,
                         duration=args.duration, time_limit=time_limit, think=args.think),
                warm=False,
            )  # fmt: skip
            print(summary_line("load", load), flush=True)
            log_tail = server.log_tail() if load.problems() else ""

    base, loaded = single.page_times(), load.page_times()
    memory_verdict = (
        memory_problems(
            load.memory,
            max_over_baseline_mib=MAX_OVER_BASELINE_MIB,
            last_third_growth_mib=LAST_THIRD_GROWTH_MIB,
        )
        if load.memory
        else ["too few memory samples"]
    )
    result = {
        "cases": None if args.db else args.cases,
        "db": str(db),
        "sessions": args.sessions,
        "duration_s": args.duration,
        "think_s": args.think,
        **build,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "baseline": single.to_dict(),
        "load": load.to_dict(),
        "ratios_to_baseline": {
            "p50": ratio(loaded.get("p50"), base.get("p50")),
            "p95": ratio(loaded.get("p95"), base.get("p95")),
        },
        "memory_problems": memory_verdict,
        "server_log_tail": log_tail,
    }
    ratios, rate = result["ratios_to_baseline"], load.rate()
    print(f"page time under load vs one reader: p50 x{ratios['p50']}, p95 x{ratios['p95']}")
    verdicts = {
        f"visits a second >= {TARGET_VISITS_PER_S:.0f}": (rate["visits_per_s"] or 0) >= TARGET_VISITS_PER_S,
        f"server CPU a visit <= {TARGET_SERVER_CPU_MS:.0f} ms": (rate["server_cpu_ms_per_visit"] or 1e9)
        <= TARGET_SERVER_CPU_MS,
        f"p95 <= {TARGET_P95_RATIO:.0f}x one reader": (ratios["p95"] or 1e9) <= TARGET_P95_RATIO,
        "memory flat": not memory_verdict,
    }
    result["targets_met"] = verdicts
    print("targets: " + "; ".join(f"{k}: {'met' if ok else 'NOT met'}" for k, ok in verdicts.items()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"passes per reader: {load.to_dict()['passes_completed']}")
    print(f"server memory (MiB): {load.memory}")
    for problem in [*load.problems()[:20], *memory_verdict]:
        print(f"PROBLEM: {problem}")
    print(f"wrote {args.out}")
    return 1 if load.problems() or memory_verdict else 0


if __name__ == "__main__":
    raise SystemExit(main())
