"""Many readers clicking through every page at once, and the server's memory meanwhile.

Each of ``sessions`` concurrent readers makes at most ``iterations`` passes over every page
(starting at a different page than its neighbours, so that the pages are run side by side),
each pass a new :class:`stream_client.StreamSession` following a link with another filter
choice of the sidebar, so that the app's caches see misses as well as hits. No page visit
begins after ``duration`` seconds, and everything is cancelled after ``time_limit`` seconds:
the run always stops by itself.

While it runs, :class:`RssSampler` sums the resident memory of the server process and its
children every second; :func:`memory_summary` compares the load's halves and thirds with the
memory the server held before the load began. The CPU time the server (with its children) and
the readers themselves spent over the load is recorded too, to give the server's cost of a
page visit.

The shared test and benchmark entry point is :func:`run_load`.
"""

from __future__ import annotations

import asyncio
import math
import random
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import psutil

from tests.load.stream_client import (
    MenuPage,
    PageVisit,
    StreamClosedError,
    StreamSession,
    visit_problems,
)

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024
T = TypeVar("T")
#: Pages that show no chart by design, or none before two countries are chosen (Compare);
#: every other page must draw at least one for a reader who filters nothing.
CHARTLESS_PAGES = frozenset({"methods", "file-check", "compare"})


class LoadError(RuntimeError):
    """The load run could not be prepared (warehouse, server); the message says why."""


@dataclass(frozen=True)
class LoadPlan:
    """What the readers do, and the bounds that make the run stop by itself."""

    pages: tuple[str, ...]
    queries: tuple[str, ...] = ("",)  # filter choices, one per pass
    sessions: int = 20
    iterations: int = 2  # passes over every page, at most
    duration: float | None = None  # no page visit begins after this many seconds
    time_limit: float = 150.0  # hard limit: unfinished sessions are cancelled
    page_timeout: float = 60.0
    stagger: float = 0.05  # seconds between session starts, as readers arrive
    #: mean seconds a reader spends on a page before the next (exponentially distributed,
    #: as people read); 0: the next page at once
    think: float = 0.0

    def __post_init__(self) -> None:
        if not self.pages or self.sessions < 1 or self.iterations < 1 or self.time_limit <= 0:
            raise ValueError(f"a load plan needs pages, sessions, iterations and a time limit: {self}")


@dataclass
class SessionResult:
    index: int
    completed: int = 0  # passes over every page finished
    visits: list[PageVisit] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # errors outside a page visit


@dataclass
class RssSample:
    at: float  # time.monotonic()
    rss: int  # bytes, server process plus children


@dataclass
class MemorySummary:
    """Server memory in MiB: before the load, its peak, and how it grew over the load."""

    baseline_mib: float
    max_mib: float
    end_mib: float
    growth_first_half_mib: float  # peak of the first half minus the baseline
    growth_second_half_mib: float  # peak of the second half minus the peak of the first
    growth_last_third_mib: float  # peak of the last third minus the peak before it
    samples: int


@dataclass
class LoadReport:
    plan: LoadPlan
    sessions: list[SessionResult]
    seconds: float
    timed_out: bool
    memory: MemorySummary | None
    #: CPU seconds over the load: the server process with its children, and this process
    #: (the readers), which shares the machine's cores with the server
    server_cpu_s: float | None = None
    client_cpu_s: float | None = None

    @property
    def visits(self) -> list[PageVisit]:
        return [v for s in self.sessions for v in s.visits]

    def problems(self) -> list[str]:
        """Every error a reader met, each with its session and page; empty when none."""
        found = [f"session {s.index}: {e}" for s in self.sessions for e in s.errors]
        for s in self.sessions:
            for v in s.visits:
                chart_pages = [p for p in self.plan.pages if p not in CHARTLESS_PAGES]
                found += [
                    f"session {s.index} /{v.page}?{v.query}: {p}" for p in visit_problems(v, chart_pages)
                ]
        if self.timed_out:
            found.append(f"the run hit its hard time limit of {self.plan.time_limit:.0f} s")
        return found

    def incomplete(self, wanted: int | None = None) -> list[int]:
        """Sessions that finished fewer than ``wanted`` passes (default: the plan's iterations)."""
        wanted = self.plan.iterations if wanted is None else wanted
        return [s.index for s in self.sessions if s.completed < wanted]

    def page_times(self) -> dict[str, float]:
        """p50, p95 and max page time (ms) over every visit, and the visit count."""
        return page_time_summary([v.seconds for v in self.visits])

    def rate(self) -> dict[str, float | None]:
        """Page visits a second, and the server's and the readers' CPU milliseconds a visit."""
        visits = len(self.visits)

        def per_visit(cpu: float | None) -> float | None:
            return round(cpu * 1000 / visits, 1) if cpu is not None and visits else None

        return {
            "visits_per_s": round(visits / self.seconds, 2) if self.seconds else None,
            "server_cpu_ms_per_visit": per_visit(self.server_cpu_s),
            "client_cpu_ms_per_visit": per_visit(self.client_cpu_s),
        }

    def to_dict(self) -> dict:
        per_page = {
            f"/{page}": page_time_summary([v.seconds for v in self.visits if v.page == page])
            for page in self.plan.pages
        }
        return {
            "plan": asdict(self.plan),
            "seconds": round(self.seconds, 1),
            "timed_out": self.timed_out,
            "passes_completed": [s.completed for s in self.sessions],
            "page_times_ms": self.page_times(),
            **self.rate(),
            "server_cpu_s": None if self.server_cpu_s is None else round(self.server_cpu_s, 1),
            "client_cpu_s": None if self.client_cpu_s is None else round(self.client_cpu_s, 1),
            "page_times_ms_by_page": per_page,
            "problems": self.problems()[:50],
            "problem_count": len(self.problems()),
            "memory": asdict(self.memory) if self.memory else None,
        }


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0 < q <= 100) of a non-empty sequence.

    >>> percentile([1, 2, 3, 4], 50)
    2
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 < q <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {q}")
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)), 1) - 1]


def page_time_summary(seconds: Sequence[float]) -> dict[str, float]:
    if not seconds:
        return {"visits": 0}
    ms = [s * 1000 for s in seconds]
    return {
        "visits": len(ms),
        "p50": round(percentile(ms, 50), 1),
        "p95": round(percentile(ms, 95), 1),
        "max": round(max(ms), 1),
    }


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user and system) a process and its live children have used so far."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def process_tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its children; 0 once it is gone."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:  # a child that ended between listing and reading
            continue
    return total


class RssSampler:
    """Samples :func:`process_tree_rss` of ``pid`` every ``interval`` seconds in a thread."""

    def __init__(self, pid: int, interval: float = 1.0) -> None:
        self.pid = pid
        self.interval = interval
        self.samples: list[RssSample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while True:
            self.samples.append(RssSample(time.monotonic(), process_tree_rss(self.pid)))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def memory_summary(samples: Sequence[RssSample], load_start: float, load_end: float) -> MemorySummary:
    """Compare the memory held during ``[load_start, load_end]`` with what was held before.

    The baseline is the median of the samples taken before the load (the server already warm).
    """
    before = sorted(s.rss for s in samples if s.at < load_start)
    during = [s.rss for s in samples if load_start <= s.at <= load_end]
    if not before or len(during) < 3:
        raise ValueError(f"too few memory samples: {len(before)} before and {len(during)} during the load")
    baseline = before[len(before) // 2]
    half, third = len(during) // 2, len(during) - len(during) // 3
    return MemorySummary(
        baseline_mib=round(baseline / MIB, 1),
        max_mib=round(max(during) / MIB, 1),
        end_mib=round(during[-1] / MIB, 1),
        growth_first_half_mib=round((max(during[:half]) - baseline) / MIB, 1),
        growth_second_half_mib=round((max(during[half:]) - max(during[:half])) / MIB, 1),
        growth_last_third_mib=round((max(during[third:]) - max(during[:third])) / MIB, 1),
        samples=len(during),
    )


def memory_problems(
    memory: MemorySummary, *, max_over_baseline_mib: float, last_third_growth_mib: float
) -> list[str]:
    """Why the memory is not bounded; empty when it is."""
    found = []
    if memory.max_mib > memory.baseline_mib + max_over_baseline_mib:
        found.append(
            f"server memory peaked at {memory.max_mib:.0f} MiB, more than {max_over_baseline_mib:.0f} "
            f"MiB over its {memory.baseline_mib:.0f} MiB before the load"
        )
    if memory.growth_last_third_mib > last_third_growth_mib:
        found.append(
            f"server memory still grew by {memory.growth_last_third_mib:.0f} MiB in the last third of "
            f"the load (limit {last_third_growth_mib:.0f} MiB): caches or sessions are not bounded"
        )
    return found


def page_order(pages: Sequence[str], session: int) -> list[str]:
    """Every page once, starting at a different page for each session."""
    start = session % len(pages)
    return [*pages[start:], *pages[:start]]


async def _session(url: str, plan: LoadPlan, result: SessionResult, stop_at: float | None) -> None:
    """Passes over every page, one after the other; each pass is a new reader.

    The reader of a pass follows a link holding that pass's filters to its first page, then
    clicks through the others. A new websocket per pass is how the filters of a link take
    effect (the app keeps a session's filters over the URL's) and makes the server create
    and drop sessions as readers come and go.
    """
    await asyncio.sleep(result.index * plan.stagger)
    reading = random.Random(result.index)
    for iteration in range(plan.iterations):
        if stop_at is not None and time.monotonic() >= stop_at:
            return
        query = plan.queries[(result.index + iteration) % len(plan.queries)]
        try:
            session = await StreamSession.connect(url, page_timeout=plan.page_timeout)
        except StreamClosedError as exc:
            result.errors.append(str(exc))
            return
        async with session:
            for n, page in enumerate(page_order(plan.pages, result.index + iteration)):
                if stop_at is not None and time.monotonic() >= stop_at:
                    return  # the duration is over; an unfinished pass does not count
                result.visits.append(await session.open(page, query if n == 0 else None))
                if plan.think > 0:
                    await asyncio.sleep(reading.expovariate(1 / plan.think))
        result.completed += 1


async def _run_sessions(url: str, plan: LoadPlan, results: list[SessionResult]) -> bool:
    """Run every session; True when the hard time limit cancelled some of them."""
    stop_at = None if plan.duration is None else time.monotonic() + plan.duration
    tasks = [asyncio.create_task(_session(url, plan, r, stop_at)) for r in results]
    _, pending = await asyncio.wait(tasks, timeout=plan.time_limit)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task, result in zip(tasks, results, strict=True):
        if not task.cancelled() and task.exception() is not None:
            result.errors.append(f"session crashed: {task.exception()!r}")
    return bool(pending)


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion in a thread of its own.

    The caller's thread may already run an event loop (Playwright's sync API keeps one in the
    test process's main thread), where ``asyncio.run`` refuses to start another.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def run_sessions(url: str, plan: LoadPlan) -> tuple[list[SessionResult], bool, float]:
    """Run the plan's sessions against ``url``; their results, whether it timed out, seconds."""
    results = [SessionResult(i) for i in range(plan.sessions)]
    start = time.monotonic()
    timed_out = run_async(_run_sessions(url, plan, results))
    return results, timed_out, time.monotonic() - start


async def _discover(url: str, timeout: float) -> list[MenuPage]:
    async with await StreamSession.connect(url, page_timeout=timeout) as session:
        visit = await session.open("")
    if visit.errors or not session.menu:
        raise LoadError(f"the dashboard's root page failed: {visit.errors or 'no navigation menu'}")
    return session.menu


def discover_pages(url: str, timeout: float = 90.0) -> list[MenuPage]:
    """The pages of the menu, as the server announces them to a reader opening the root URL."""
    try:
        return run_async(_discover(url, timeout))
    except StreamClosedError as exc:
        raise LoadError(str(exc)) from exc


def run_load(
    url: str, server_pid: int, plan: LoadPlan, *, warm: bool = True, settle: float = 3.0
) -> LoadReport:
    """Run the plan while sampling the server's memory, after warming it up if ``warm``.

    Warming up is one reader opening every page, so that imports and first runs are not
    counted as load. ``settle`` seconds of samples before the load give the memory baseline.
    """
    if warm:
        warm_plan = replace(plan, queries=plan.queries[:1], sessions=1, iterations=1, duration=None)
        warm_results, _, _ = run_sessions(url, warm_plan)
        warm_problems = [e for v in warm_results[0].visits for e in v.errors] + warm_results[0].errors
        if warm_problems:
            raise LoadError(f"the server failed before the load began: {warm_problems[:5]}")
    with RssSampler(server_pid) as sampler:
        time.sleep(settle)
        start = time.monotonic()
        server_cpu, client_cpu = process_tree_cpu(server_pid), _own_cpu()
        results, timed_out, seconds = run_sessions(url, plan)
        server_cpu, client_cpu = process_tree_cpu(server_pid) - server_cpu, _own_cpu() - client_cpu
        end = time.monotonic()
        time.sleep(1.0)  # one more sample after the last page
    try:
        memory = memory_summary(sampler.samples, start, end)
    except ValueError:
        memory = None
    return LoadReport(
        plan=plan,
        sessions=results,
        seconds=seconds,
        timed_out=timed_out,
        memory=memory,
        server_cpu_s=server_cpu,
        client_cpu_s=client_cpu,
    )


def _own_cpu() -> float:
    """CPU seconds this process (the readers, in their threads) has used so far."""
    times = psutil.Process().cpu_times()
    return times.user + times.system


def build_warehouse(workdir: Path, cases: int) -> Path:
    """Demo inputs with ``cases`` case rows and a warehouse built from them by the project's ETL."""
    source, db = workdir / "demo", workdir / "warehouse.duckdb"
    for args in (["demo", "--out", str(source), "--cases", str(cases)],
                 ["build", "--source", str(source), "--db", str(db)]):  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise LoadError(
                f"`python -m etl {args[0]}` failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
            )
    return db


def filter_queries(db: Path, count: int = 12) -> tuple[str, ...]:
    """Query strings of the sidebar's filters a reader might pick: all, a wave, countries.

    The countries are those with case records, severity and training answers, so that most
    choices fill the pages (and the caches) with data rather than "no data" notes.
    """
    with duckdb.connect(str(db), read_only=True) as con:
        waves = [r[0] for r in con.execute("select wave_id from marts.waves order by year").fetchall()]
        codes = [
            r[0]
            for r in con.execute(
                "select distinct country_iso3 from marts.case_counts "
                "where country_iso3 in (select country_iso3 from marts.challenge_severity) "
                "and country_iso3 in (select country_iso3 from marts.training_gap) order by 1"
            ).fetchall()
        ]
    choices = ["", *(f"wave={w}" for w in waves[:-1])]  # the newest wave is the default
    choices += [f"countries={c}" for c in codes[: max(count // 2, 1)]]
    choices += [f"countries={a},{b}" for a, b in zip(codes, codes[1:], strict=False)]
    return tuple(choices[:count])
