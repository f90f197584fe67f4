"""The map of ``app.geo`` drawn by chromium from the shipped shapes, with the network cut."""

from __future__ import annotations

import pytest
from browser_harness import chart_stats, shapes_by_trace, wait_for_charts, wait_until_idle
from map_app import SUPPRESSED, parties

pytestmark = pytest.mark.browser

PARTIES = parties()


@pytest.mark.parametrize("cut_network", [True, False], ids=["offline", "online"])
def test_map_shapes_are_drawn_without_any_request_leaving_the_machine(map_server, open_context, cut_network):
    _, page, watch = open_context(cut_network=cut_network)
    page.goto(map_server.url)
    wait_until_idle(page)
    wait_for_charts(page, timeout_ms=15_000, watch=watch)
    page.wait_for_selector("path.choroplethlocation", state="attached")

    traces = shapes_by_trace(page)[0]
    by_name = {t["name"]: t["drawn"] for t in traces}
    assert by_name["Cases"] == len(PARTIES) - len(SUPPRESSED)
    assert by_name["<5 (fewer than 5)"] == len(SUPPRESSED)
    assert sum(by_name.values()) >= len(PARTIES)
    # Not even an attempt: the route would abort it, but plotly must not ask in the first place.
    assert watch.external == []
    assert watch.page_errors == []
    assert page.locator('[data-testid="stException"]').count() == 0


def test_suppressed_country_hover_reads_fewer_than_five(map_server, open_context):
    _, page, watch = open_context(cut_network=True)
    page.goto(map_server.url)
    wait_until_idle(page)
    wait_for_charts(page)
    hovers = page.evaluate(
        """() => {
          const p = document.querySelector('.js-plotly-plot');
          return p._fullData.filter((t) => t.customdata)
            .flatMap((t) => t.customdata.map((row) => row.join('|')));
        }"""
    )
    monaco = [h for h in hovers if h.startswith("Monaco|")]
    assert monaco and all(h == "Monaco|<5" for h in monaco)
    assert chart_stats(page)[0]["shapes"] >= len(PARTIES)
    assert watch.external == []
