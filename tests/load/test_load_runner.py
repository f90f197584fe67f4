"""The load runner's arithmetic and bounds: percentiles, memory verdicts, plans and reports."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.load.load_runner import (
    MIB,
    LoadPlan,
    LoadReport,
    RssSample,
    RssSampler,
    SessionResult,
    memory_problems,
    memory_summary,
    page_order,
    page_time_summary,
    percentile,
    process_tree_cpu,
    process_tree_rss,
)
from tests.load.stream_client import PageVisit


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5], 50, 5),
        ([5], 95, 5),
        ([1, 2, 3, 4], 50, 2),
        ([4, 3, 2, 1], 100, 4),
        (list(range(1, 101)), 95, 95),
        (list(range(1, 21)), 95, 19),
        ([10, 10, 10, 1000], 95, 1000),
    ],
)
def test_percentile_nearest_rank(values, q, expected):
    assert percentile(values, q) == expected


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1], 0), ([1], 101)])
def test_percentile_refuses_what_has_none(values, q):
    with pytest.raises(ValueError):
        percentile(values, q)


def test_page_time_summary_in_ms():
    assert page_time_summary([0.1, 0.2, 0.3, 2.0]) == {
        "visits": 4,
        "p50": 200.0,
        "p95": 2000.0,
        "max": 2000.0,
    }
    assert page_time_summary([]) == {"visits": 0}


def _samples(before: list[float], during: list[float]) -> list[RssSample]:
    """Samples one second apart (MiB): ``before`` the load starting at t=100, then ``during``."""
    start = 100.0 - len(before)
    return [RssSample(start + i, int(mib * MIB)) for i, mib in enumerate([*before, *during])]


def test_memory_summary_of_a_bounded_run():
    # grows while the caches fill, then flat
    samples = _samples([200, 201, 200], [220, 250, 270, 280, 282, 283, 283, 284, 283])
    memory = memory_summary(samples, load_start=100.0, load_end=108.0)

    assert memory.baseline_mib == 200
    assert memory.max_mib == 284
    assert memory.end_mib == 283
    assert memory.growth_first_half_mib == 80  # peak of [220, 250, 270, 280] over 200
    assert memory.growth_second_half_mib == 4  # 284 over 280
    assert memory.growth_last_third_mib == 1  # 284 over 283
    assert memory.samples == 9
    assert memory_problems(memory, max_over_baseline_mib=1536, last_third_growth_mib=64) == []


def test_memory_summary_flags_growth_that_does_not_stop():
    samples = _samples([200, 200], [200 + 40 * i for i in range(1, 13)])
    memory = memory_summary(samples, load_start=100.0, load_end=111.0)

    assert memory.growth_last_third_mib == 160
    problems = memory_problems(memory, max_over_baseline_mib=400, last_third_growth_mib=64)
    assert len(problems) == 2
    assert "more than 400 MiB over its 200 MiB" in problems[0]
    assert "grew by 160 MiB in the last third" in problems[1]


def test_memory_summary_ignores_samples_after_the_load():
    samples = _samples([100], [110, 110, 110, 900])
    assert memory_summary(samples, load_start=100.0, load_end=102.0).max_mib == 110


@pytest.mark.parametrize(
    ("before", "during"),
    [([], [100, 100, 100]), ([100], [100, 100])],
)
def test_memory_summary_needs_samples_before_and_during(before, during):
    samples = _samples(before, during)
    with pytest.raises(ValueError, match="too few memory samples"):
        memory_summary(samples, load_start=100.0, load_end=100.0 + len(during))


def test_process_tree_rss_counts_children():
    # the child says when its 64 MiB are allocated (and touched, so resident)
    code = "import sys, time; b = b'x' * (64 << 20); print('ready', flush=True); time.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        alone = process_tree_rss(child.pid)
        assert alone > 64 * MIB
        assert process_tree_rss(os.getpid()) > alone  # this process plus the child
    finally:
        child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    assert process_tree_rss(child.pid) == 0  # gone


def test_process_tree_cpu_counts_children():
    # the child burns CPU until it has used a tenth of a second, then says so and waits
    code = (
        "import time; start = time.process_time()\n"
        "while time.process_time() - start < 0.1: pass\n"
        "print('ready', flush=True); time.sleep(30)"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        alone = process_tree_cpu(child.pid)
        assert alone >= 0.1
        assert process_tree_cpu(os.getpid()) >= alone  # this process plus the child
    finally:
        child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    assert process_tree_cpu(child.pid) == 0.0  # gone


def test_rss_sampler_samples_until_stopped():
    with RssSampler(os.getpid(), interval=0.01) as sampler:
        while len(sampler.samples) < 3:
            sampler._stop.wait(0.01)
    count = len(sampler.samples)
    assert all(s.rss > 0 for s in sampler.samples)
    assert [s.at for s in sampler.samples] == sorted(s.at for s in sampler.samples)
    sampler._stop.wait(0.05)
    assert len(sampler.samples) == count  # stopped


@pytest.mark.parametrize("sessions", [1, 3, 8, 20])
def test_page_order_visits_every_page_once_from_different_starts(sessions):
    pages = ["", "trends", "severity", "methods"]
    orders = [page_order(pages, s) for s in range(sessions)]

    assert all(sorted(o) == sorted(pages) for o in orders)
    assert len({o[0] for o in orders}) == min(sessions, len(pages))


@pytest.mark.parametrize(
    "fields",
    [{"pages": ()}, {"sessions": 0}, {"iterations": 0}, {"time_limit": 0}],
)
def test_load_plan_refuses_an_unbounded_or_empty_plan(fields):
    with pytest.raises(ValueError, match="needs pages"):
        LoadPlan(**{"pages": ("",), **fields})


def _report(sessions: list[SessionResult], timed_out: bool = False) -> LoadReport:
    plan = LoadPlan(pages=("", "methods"), sessions=len(sessions), iterations=2)
    return LoadReport(plan=plan, sessions=sessions, seconds=1.0, timed_out=timed_out, memory=None)


def _visit(page: str, seconds: float, charts: int = 1, errors: tuple[str, ...] = ()) -> PageVisit:
    return PageVisit(page, "", "", seconds, 1, 3, charts, list(errors))


def test_report_of_a_clean_run():
    sessions = [
        SessionResult(i, 2, [_visit("", 0.1 * (i + 1)), _visit("methods", 0.2, charts=0)]) for i in range(2)
    ]
    report = _report(sessions)

    assert report.problems() == []
    assert report.incomplete() == []
    assert report.page_times() == {"visits": 4, "p50": 200.0, "p95": 200.0, "max": 200.0}
    data = report.to_dict()
    assert data["page_times_ms_by_page"]["/"]["visits"] == 2
    assert data["passes_completed"] == [2, 2]
    assert data["problem_count"] == 0
    # no CPU measured: no cost a visit, but still a rate
    assert (data["visits_per_s"], data["server_cpu_ms_per_visit"]) == (4.0, None)


def test_report_gives_visits_a_second_and_cpu_a_visit():
    sessions = [SessionResult(0, 1, [_visit("", 0.1), _visit("methods", 0.1, charts=0)] * 5)]
    report = _report(sessions)
    report.seconds, report.server_cpu_s, report.client_cpu_s = 2.0, 1.5, 0.25

    assert report.rate() == {
        "visits_per_s": 5.0,
        "server_cpu_ms_per_visit": 150.0,
        "client_cpu_ms_per_visit": 25.0,
    }


def test_report_names_each_error_with_its_session_and_page():
    sessions = [
        SessionResult(0, 2, [_visit("", 0.1, errors=("exception KeyError: 'x'",))]),
        SessionResult(1, 1, [_visit("", 0.1, charts=0)], errors=["could not open ws://..."]),
    ]
    report = _report(sessions, timed_out=True)

    assert report.problems() == [
        "session 1: could not open ws://...",
        "session 0 /?: exception KeyError: 'x'",
        "session 1 /?: the page drew no chart",
        "the run hit its hard time limit of 150 s",
    ]
    assert report.incomplete() == [1]
    assert report.incomplete(wanted=1) == []
