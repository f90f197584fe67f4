"""Benchmark: every page of the dashboard, in AppTest and in headless chromium.

    python -m benchmarks.bench_pages [--cases 5000000] [--workdir DIR] [--db FILE] [--repeat 3]

Builds a warehouse from demo inputs with N case rows (or reuses ``--db``), then measures:

- AppTest through dashboard.py, per page: the first run with empty caches, a warm rerun, and a
  rerun after a filter change that misses the cache (the sidebar's countries set to a selection
  no earlier run used);
- headless chromium against a warm ``streamlit run`` server, per page: the time from navigation
  until the run has finished and every chart of the page is drawn, for a returning reader (the
  browser's cache holds the app's scripts; the figure held against the target) and for a first
  visit (a fresh browser context, "cold").

Each figure is the median of ``--repeat`` runs, in ms and as a ratio against a baseline measured
in the same run: AppTest of a one-line page (its warm rerun is the yardstick of the warm and
cache-miss figures), and chromium opening a one-chart page. Prints a
table and writes JSON to ``benchmarks/out/pages.json``. Targets (issue 3): warm rerun <= 150 ms,
cache miss <= 300 ms, first run <= 1.5 s per page, charts drawn within 3 s.

Where a chromium visit's time goes is printed after that table, per page: ms since navigation
until the page's shell has loaded, its first element is shown, plotly's code has arrived, its
first chart is drawn, its run has finished and all its charts are drawn (a script in the page
notes each moment once a frame), and how long the browser task that drew the first chart took.
Targets (issue 12): the first chart within 1.25x and all charts within 1.5x the
one-chart page's chart.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a file: make the project root importable like `-m` does
    sys.path.insert(0, str(ROOT))

from tests.browser.browser_harness import (  # noqa: E402
    IDLE,
    DashboardPage,
    PageWatch,
    dashboard_pages,
    launch_chromium,
    running_streamlit,
    wait_for_charts,
    wait_until_idle,
)

EXCEPTION = '[data-testid="stException"]'
OUT = ROOT / "benchmarks" / "out" / "pages.json"
TARGETS_MS = {"first": 1500.0, "warm": 150.0, "miss": 300.0, "browser": 3000.0}

BASELINE_APP = 'import streamlit as st\nst.write("baseline")\n'
BASELINE_CHART_APP = """
import plotly.graph_objects as go
import streamlit as st
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key="baseline")
"""


#: Installed in every page before its own scripts: notes, in ms since navigation began, when
#: the first element of the page was shown, when each further chart had drawn its traces, and
#: when the script run had finished with nothing left as a placeholder (checked once a frame);
#: also when the browser had received plotly's code (a module of its own, loaded apart from the app)
#: and every task that held the main thread for 50 ms or more.
MARKS_JS = """
(() => {
  const marks = { element: null, idle: null, charts: [], plotly_code: null, tasks: [] };
  window.__thbMarks = marks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) marks.tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (/PlotlyChart/.test(e.name)) marks.plotly_code = e.responseEnd;
    }
  }).observe({ type: 'resource', buffered: true });
  const drawnSel = '.main-svg .trace, .main-svg .choroplethlocation, .main-svg .slice, '
    + '.main-svg .hm, .main-svg .point, .main-svg .bars path';
  const tick = () => {
    const now = performance.now();
    const shown = '[data-testid="stMain"] h1, [data-testid="stPlotlyChart"]';
    if (marks.element === null && document.querySelector(shown)) marks.element = now;
    const drawn = Array.from(document.querySelectorAll('.js-plotly-plot'))
      .filter((p) => p.querySelector(drawnSel)).length;
    while (marks.charts.length < drawn) marks.charts.push(now);
    if (marks.idle === null && marks.element !== null
        && document.querySelector('IDLE_SELECTOR') && !document.querySelector('[data-testid="stSkeleton"]')) {
      marks.idle = now;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""

#: The moments of a visit, in order, as the table of where the time goes shows them.
STAGES = ("shell", "element", "plotly_code", "first_chart", "idle", "all_charts")
#: ... and the length (ms) of the task that drew the first chart: Streamlit mounts every chart
#: that arrived while plotly's code was loading in one task, so the first is shown with the last.
DETAILS = (*STAGES, "draw_task")


@dataclass
class PageResult:
    page: str
    first_ms: float | None = None
    warm_ms: float | None = None
    miss_ms: float | None = None
    browser_ms: float | None = None
    browser_cold_ms: float | None = None
    #: median ms since navigation for a returning reader: the page's shell loaded, its first
    #: element shown, its first chart drawn, its run finished, all its charts drawn
    stages: dict[str, float | None] = field(default_factory=dict)
    stages_cold: dict[str, float | None] = field(default_factory=dict)
    charts: int | None = None
    errors: list[str] = field(default_factory=list)


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def build_warehouse(workdir: Path, cases: int) -> tuple[Path, dict[str, float]]:
    """Demo inputs with ``cases`` case rows and the warehouse built from them, with timings (s)."""
    source, db = workdir / "demo", workdir / "warehouse.duckdb"
    steps = {
        "demo_s": ["demo", "--out", str(source), "--cases", str(cases)],
        "build_s": ["build", "--source", str(source), "--db", str(db)],
    }
    took = {}
    for name, args in steps.items():
        start = time.perf_counter()
        command = [sys.executable, "-m", "etl", *args]
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        took[name] = round(time.perf_counter() - start, 1)
    return db, took


def clear_caches() -> None:
    import streamlit as st

    from app import memo

    st.cache_data.clear()
    st.cache_resource.clear()
    memo.clear_all()


#: The countries the compare page is opened with (the demo and generated warehouses hold both).
COMPARED = ("FRA", "DEU")


def country_choices(db: Path, pages: int) -> list[list[str]]:
    """A distinct countries selection per page and repeat, so that each one misses the cache."""
    import duckdb

    query = "select distinct country_iso3 from marts.case_counts order by 1"
    with duckdb.connect(str(db), read_only=True) as con:
        codes = [r[0] for r in con.execute(query).fetchall()]
    pairs = [[a, b] for i, a in enumerate(codes) for b in codes[i + 1 :]]
    return pairs[: max(pages, 1)] if len(pairs) >= pages else [[c] for c in codes]


def apptest_baseline(repeat: int, timeout: float) -> dict[str, float]:
    """The one-line page measured like the pages: started once, then timed with empty caches."""
    from streamlit.testing.v1 import AppTest

    first, warm = [], []
    for _ in range(repeat):
        at = AppTest.from_string(BASELINE_APP, default_timeout=timeout)
        at.run()  # as for the pages, AppTest's own start-up is not timed
        clear_caches()
        first.append(timed(at.run))
        warm.append(timed(at.run))
    return {"first_ms": median_ms(first), "warm_ms": median_ms(warm)}


def apptest_page(page: DashboardPage, choices: list[list[str]], repeat: int, timeout: float) -> PageResult:
    """First run (empty caches), warm rerun and cache-missing filter change of one page."""
    from streamlit.testing.v1 import AppTest

    result = PageResult(page.url_path)
    first, warm, miss = [], [], []
    for i in range(repeat):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
        at.run()  # the router's default page; the timed runs below are the page itself
        at.switch_page(page.source)
        clear_caches()
        first.append(timed(at.run))
        warm.append(timed(at.run))
        if at.exception:
            result.errors += [e.value for e in at.exception]
            break
        countries = [w for w in at.sidebar.multiselect if w.key == "countries"]
        if not countries:
            result.errors.append("no shared countries filter in the sidebar")
            continue
        countries[0].set_value(choices[i % len(choices)])
        miss.append(timed(at.run))
        if at.exception:
            result.errors += [e.value for e in at.exception]
    result.first_ms = median_ms(first) if first else None
    result.warm_ms = median_ms(warm) if warm else None
    result.miss_ms = median_ms(miss) if miss else None
    return result


def browser_times(
    db: Path, pages: list[DashboardPage], repeat: int, logs: Path
) -> tuple[dict[str, dict], dict[str, float]]:
    """Per page: median ms from navigation to charts drawn, with the browser's cache warm (a
    returning reader) and cold (a first visit), the chart count and any problem seen."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict] = {}
    logs.mkdir(parents=True, exist_ok=True)
    baseline_script = logs / "baseline_chart_app.py"
    baseline_script.write_text(BASELINE_CHART_APP, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            with running_streamlit(baseline_script, logs) as server:
                baseline = measure(browser, server.url, repeat)
            with running_streamlit(ROOT / "dashboard.py", logs, warehouse=db) as server:
                # the compare page draws only the countries a reader chose: a link that names two
                urls = {
                    page.url_path: f"{server.url}/{page.url_path}"
                    + (f"?countries={','.join(COMPARED)}" if page.url_path == "compare" else "")
                    for page in pages
                }
                for url in urls.values():  # warm the server: imports, connection, every page's caches
                    open_once(browser, url)
                for page in pages:
                    results[page.url_path] = measure(browser, urls[page.url_path], repeat)
        finally:
            browser.close()
    base = {
        "browser_ms": baseline["warm_ms"],
        "browser_cold_ms": baseline["cold_ms"],
        "stages": baseline["stages"],
        "stages_cold": baseline["stages_cold"],
    }
    return results, base


def measure(browser, url: str, repeat: int) -> dict:
    """Median times of ``repeat`` visits in fresh contexts (cold) and in one reused context."""
    cold = [open_once(browser, url) for _ in range(repeat)]
    context = new_context(browser)
    try:
        open_once(browser, url, context)  # fills the context's HTTP cache
        warm = [open_once(browser, url, context) for _ in range(repeat)]
    finally:
        context[0].close()
    runs = cold + warm
    return {
        "cold_ms": median_ms([r[0] for r in cold]),
        "warm_ms": median_ms([r[0] for r in warm]),
        "stages": median_stages([r[3] for r in warm]),
        "stages_cold": median_stages([r[3] for r in cold]),
        "charts": runs[-1][1],
        "problems": sorted({p for _, _, found, _ in runs for p in found}),
    }


def median_stages(samples: list[dict[str, float | None]]) -> dict[str, float | None]:
    """Each stage's median over the visits that reached it (ms)."""
    out: dict[str, float | None] = {}
    for stage in DETAILS:
        seen = [s[stage] for s in samples if s.get(stage) is not None]
        out[stage] = round(statistics.median(seen), 1) if seen else None
    return out


def new_context(browser) -> tuple:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(MARKS_JS.replace("IDLE_SELECTOR", IDLE))
    watch = PageWatch()
    watch.attach(context, cut_network=True)
    return context, watch


def open_once(
    browser, url: str, reuse: tuple | None = None
) -> tuple[float, int, list[str], dict[str, float | None]]:
    """Seconds from navigation until every chart is drawn, the chart count, any problem, and
    the stages of the visit (ms since navigation, see :data:`STAGES`)."""
    context, watch = reuse or new_context(browser)
    page = context.new_page()
    watch.watch_page(page)
    try:
        start = time.perf_counter()
        page.goto(url)
        wait_until_idle(page)
        expected = page.locator('[data-testid="stPlotlyChart"]').count()
        if expected:
            wait_for_charts(page, minimum=expected, watch=watch)
        took = time.perf_counter() - start
        marks = page.evaluate("() => window.__thbMarks")
        shell = page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        charts = marks["charts"]
        stages = {
            "shell": shell,
            "element": marks["element"],
            "plotly_code": marks["plotly_code"],
            "first_chart": charts[0] if charts else None,
            "idle": marks["idle"],
            # the run may still be finishing when the last chart is drawn: whichever is later
            "all_charts": charts[expected - 1] if expected and len(charts) >= expected else None,
            "draw_task": _drawing_task(marks["tasks"], charts[0]) if charts else None,
        }
        problems = [f"page error: {e}" for e in watch.page_errors]
        problems += [f"request to {u}" for u in watch.external]
        problems += [f"exception: {e[:300]}" for e in page.locator(EXCEPTION).all_inner_texts()]
        return took, expected, problems, stages
    finally:
        page.close()
        if reuse is None:
            context.close()


def ratio(value: float | None, base: float) -> str:
    return "-" if value is None or not base else f"{value / base:.1f}x"


def print_table(rows: list[PageResult], base: dict[str, float]) -> None:
    head = (f"{'page':<12} {'first ms':>9} {'warm ms':>8} {'miss ms':>8} {'browser ms':>10}"
            f" {'cold ms':>8}  {'first/b':>7} {'warm/b':>7} {'miss/b':>7} {'brws/b':>7}"
            f" {'cold/b':>7}  over target")  # fmt: skip
    print(head)
    print("-" * len(head))
    for r in rows:
        figures = {"first": r.first_ms, "warm": r.warm_ms, "miss": r.miss_ms}
        figures["browser"] = r.browser_ms
        over = [k for k, v in figures.items() if v is not None and v > TARGETS_MS[k]]
        shown = ["-" if v is None else f"{v:.0f}" for v in [*figures.values(), r.browser_cold_ms]]
        ratios = [
            ratio(r.first_ms, base["first_ms"]),
            ratio(r.warm_ms, base["warm_ms"]),
            ratio(r.miss_ms, base["warm_ms"]),
            ratio(r.browser_ms, base["browser_ms"]),
            ratio(r.browser_cold_ms, base["browser_cold_ms"]),
        ]
        print(
            f"{r.page:<12} {shown[0]:>9} {shown[1]:>8} {shown[2]:>8} {shown[3]:>10} {shown[4]:>8}  "
            + " ".join(f"{x:>7}" for x in ratios)
            + f"  {', '.join(over) or 'none'}"
        )
        for e in r.errors:
            print(f"    ! {e[:200]}")
    print(
        f"baseline: AppTest one-line page first {base['first_ms']:.0f} ms, "
        f"warm {base['warm_ms']:.0f} ms; chromium one-chart page {base['browser_ms']:.0f} ms "
        f"(cold browser cache {base['browser_cold_ms']:.0f} ms)"
    )
    print(f"targets (ms): {TARGETS_MS}")


#: Targets of issue 12 in chromium: a page's first chart and all its charts against the
#: one-chart page's chart.
TARGET_FIRST_CHART, TARGET_ALL_CHARTS = 1.25, 1.5


def _drawing_task(tasks: list[list[float]], first_chart: float) -> float | None:
    """The length of the last long task that ended before the first chart was seen drawn."""
    before = [(start + length, length) for start, length in tasks if start + length <= first_chart]
    return max(before)[1] if before else None


def print_stages(rows: list[PageResult], base: dict) -> None:
    """Where a visit's time goes, returning reader then first visit: ms since navigation
    until each stage, and the first and last chart against the one-chart page's chart."""
    for title, which in (("returning reader", "stages"), ("first visit (cold browser cache)", "stages_cold")):
        yardstick = (base.get(which) or {}).get("first_chart")
        print(
            f"\nchromium, {title}: ms since navigation (shell = page loaded, element = first shown, "
            "plotly = its code received); drawing = ms of the task that drew the first chart"
        )
        head = (f"{'page':<12} {'shell':>6} {'element':>7} {'plotly':>6} {'1st chart':>9} {'run done':>8}"
                f" {'all charts':>10} {'drawing':>7}  {'1st/b':>6} {'all/b':>6}"
                f"  targets {TARGET_FIRST_CHART}x / {TARGET_ALL_CHARTS}x")  # fmt: skip
        print(head)
        print("-" * len(head))
        lines = [("baseline", base.get(which) or {})] + [(r.page, getattr(r, which)) for r in rows]
        for name, stages in lines:
            cells = ["-" if stages.get(k) is None else f"{stages[k]:.0f}" for k in DETAILS]
            first, last = (
                stages[k] / yardstick if stages.get(k) and yardstick else None
                for k in ("first_chart", "all_charts")
            )
            verdict = ""
            if name != "baseline" and first is not None and last is not None:
                verdict = "met" if first <= TARGET_FIRST_CHART and last <= TARGET_ALL_CHARTS else "NOT met"
            shown = ["-" if x is None else f"{x:.2f}x" for x in (first, last)]
            print(
                f"{name:<12} {cells[0]:>6} {cells[1]:>7} {cells[2]:>6} {cells[3]:>9} {cells[4]:>8} "
                f"{cells[5]:>10} {cells[6]:>7}  {shown[0]:>6} {shown[1]:>6}  {verdict}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5_000_000, help="case rows to generate")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temp folder)")
    parser.add_argument("--db", type=Path, help="reuse this warehouse instead of building one")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--timeout", type=float, default=120.0, help="AppTest timeout per run (s)")
    parser.add_argument("--no-browser", action="store_true", help="AppTest figures only")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    # AppTest outside a server logs two warnings per run that say nothing about the pages.
    logging.disable(logging.WARNING)

    with tempfile.TemporaryDirectory(prefix="bench_pages_") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        build: dict[str, float] = {}
        if args.db:
            db = args.db
        else:
            print(f"building a warehouse with {args.cases:,} case rows in {workdir} ...")
            db, build = build_warehouse(workdir, args.cases)
            print(f"  demo inputs {build['demo_s']} s, warehouse build {build['build_s']} s")
        os.environ["THB_WAREHOUSE"] = str(db)
        pages = [p for p in dashboard_pages() if (ROOT / p.source).exists()]
        choices = country_choices(db, len(pages) * args.repeat)

        base = apptest_baseline(args.repeat, args.timeout)
        rows = []
        for page in pages:
            print(f"AppTest {page.url_path} ...", flush=True)
            rows.append(apptest_page(page, choices, args.repeat, args.timeout))
        base.update(browser_ms=0.0, browser_cold_ms=0.0)
        if not args.no_browser:
            print("chromium ...", flush=True)
            times, browser_base = browser_times(db, pages, args.repeat, workdir / "logs")
            base.update(browser_base)
            for row in rows:
                seen = times[row.page]
                row.browser_ms, row.browser_cold_ms = seen["warm_ms"], seen["cold_ms"]
                row.stages, row.stages_cold = seen["stages"], seen["stages_cold"]
                row.charts = seen["charts"]
                row.errors += seen["problems"]

    print_table(rows, base)
    if not args.no_browser:
        print_stages(rows, base)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "cases": None if args.db else args.cases,
        "warehouse": str(args.db) if args.db else None,
        "repeat": args.repeat,
        "build": build,
        "baseline": base,
        "targets_ms": TARGETS_MS,
        "pages": [asdict(r) for r in rows],
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
