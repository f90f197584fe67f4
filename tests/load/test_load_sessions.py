"""Twenty readers at once against a real ``streamlit run`` server of the dashboard.

Each reader follows a link with a filter choice and clicks through every page, twice over;
the run is bounded by its pass count and a hard time limit, and talks only to 127.0.0.1.
Page times are printed, never asserted: the machine is shared. What is asserted: no reader
met an error, every reader finished, and the server's memory stayed bounded while it ran.

A tiny app with a broken page first proves that the readers do see errors.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.browser.browser_harness import ROOT, dashboard_pages
from tests.load.load_runner import (
    LoadPlan,
    discover_pages,
    filter_queries,
    memory_problems,
    run_async,
    run_load,
    run_sessions,
)
from tests.load.stream_client import PageVisit, StreamSession

pytestmark = pytest.mark.slow

SESSIONS = 20
PASSES = 2
#: Hard limit of the load phase; about twice what two passes take on two shared cores.
TIME_LIMIT_S = 150.0
#: Memory bounds (MiB): the peak over the memory before the load, and the growth of the
#: last third of the load over the peak before it (caches and sessions must stop growing).
MAX_OVER_BASELINE_MIB = 1536.0
LAST_THIRD_GROWTH_MIB = 128.0

BROKEN_APP = """
import streamlit as st

def fine():
    st.write("fine")

def broken():
    st.write("about to fail")
    raise ValueError("broken on purpose")

def refused():
    st.error("Could not open the warehouse")

def reruns():
    if not st.session_state.get("again"):
        st.session_state.again = True
        st.rerun()
    st.query_params["seen"] = "1"
    st.write("after the rerun")

st.navigation([
    st.Page(fine, title="Fine", url_path="fine", default=True),
    st.Page(broken, title="Broken", url_path="broken"),
    st.Page(refused, title="Refused", url_path="refused"),
    st.Page(reruns, title="Reruns", url_path="reruns"),
]).run()
"""


def test_readers_see_every_kind_of_error(serve, tmp_path):
    script = tmp_path / "broken_app.py"
    script.write_text(textwrap.dedent(BROKEN_APP), encoding="utf-8")
    server = serve(script)

    plan = LoadPlan(
        pages=("", "broken", "refused", "reruns", "missing"), sessions=2, iterations=1, time_limit=60
    )
    results, timed_out, _ = run_sessions(server.url, plan)

    assert not timed_out
    assert [r.completed for r in results] == [1, 1]
    for result in results:
        by_page = {v.page: v for v in result.visits}
        assert by_page[""].errors == []
        # client.showErrorDetails = none: a visitor learns that it failed, never how or where
        (broken,) = by_page["broken"].errors
        assert broken.startswith("exception ") and "redacted" in broken and "on purpose" not in broken
        assert by_page["refused"].errors == ["error message: Could not open the warehouse"]
        assert by_page["reruns"].errors == []
        assert by_page["reruns"].runs == 2  # the run ended by st.rerun is part of the visit
        assert by_page["missing"].errors == ["page not found: ''"]

    async def link_then_click() -> list[PageVisit]:
        async with await StreamSession.connect(server.url) as session:
            return [await session.open("reruns", "from=link"), await session.open("")]

    link, click = run_async(link_then_click())
    assert (link.query, link.link, link.errors) == ("from=link", "from=link", [])
    # a click sends the address bar's query string, which the page rewrote
    assert (click.query, click.link, click.errors) == ("from=link&seen=1", "from=link", [])


def test_twenty_sessions_click_through_every_page(serve, load_warehouse, capsys):
    server = serve(ROOT / "dashboard.py", warehouse=load_warehouse)
    menu = discover_pages(server.url)
    pages = tuple(p.url_path for p in menu)
    # every page of dashboard.py is in the menu (the default one at the root URL)
    declared = {p.url_path for p in dashboard_pages()}
    assert len(pages) == len(declared) and set(pages) - {""} <= declared

    plan = LoadPlan(
        pages=pages,
        queries=filter_queries(load_warehouse),
        sessions=SESSIONS,
        iterations=PASSES,
        time_limit=TIME_LIMIT_S,
    )
    report = run_load(server.url, server.process.pid, plan)

    times, memory = report.page_times(), report.memory
    with capsys.disabled():
        print(
            f"\n{SESSIONS} sessions x {PASSES} passes x {len(pages)} pages in {report.seconds:.0f} s: "
            f"{times['visits']} page visits, p50 {times.get('p50')} ms, p95 {times.get('p95')} ms, "
            f"max {times.get('max')} ms; server memory {memory}"
        )
    assert report.problems() == [], server.log_tail()
    assert report.incomplete() == []
    assert times["visits"] == SESSIONS * PASSES * len(pages)
    assert memory is not None and memory.samples >= 10
    limits = {"max_over_baseline_mib": MAX_OVER_BASELINE_MIB, "last_third_growth_mib": LAST_THIRD_GROWTH_MIB}
    assert memory_problems(memory, **limits) == []
