"""Each kind of user's question, answered in chromium on the demo warehouse; and a phone.

- a policymaker finds the online-recruitment trend, with its period, from the Overview;
- a reader opens the table behind a chart and goes back to the chart;
- a GRETA member compares the sidebar's countries over two waves;
- a trainer downloads a plan;
- a French reader switches the language once and reads French from page to page;
- at 390 px wide, no page is wider than the screen and no chart title is under its tool bar,
  in English and in the longer French.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from browser_harness import wait_for_charts, wait_until_idle
from playwright.sync_api import expect

from app import registry

pytestmark = pytest.mark.browser

CHART = '[data-testid="stPlotlyChart"]'
EXCEPTION = '[data-testid="stException"]'


def _open(page, server, path: str, query: str = "") -> None:
    page.goto(f"{server.url}/{path}{'?' + query if query else ''}")
    wait_until_idle(page)
    charts = page.locator(CHART).count()
    if charts:
        wait_for_charts(page, minimum=charts)
    assert page.locator(EXCEPTION).count() == 0


def test_policymaker_finds_the_online_trend_with_its_period(dashboard_server, open_context):
    _, page, watch = open_context()
    _open(page, dashboard_server, "")
    findings = page.locator("p", has_text="Online recruitment:").first.inner_text()
    assert re.search(r"\d+% of recorded cases in 20\d\d, against \d+% in 20\d\d", findings), findings
    page.get_by_role("link", name="The yearly share").click()
    page.wait_for_url(re.compile(r"/trends"))  # the overview's idle state stays until the new run
    wait_until_idle(page)
    wait_for_charts(page, minimum=1)
    title = page.get_by_text(re.compile(r"Cases recruited online, all countries, 20\d\d-20\d\d")).first
    assert title.count() == 1
    axis = page.locator(".plot-container").filter(has_text="Cases recruited online").first
    assert "100%" in axis.inner_text()
    assert watch.page_errors == []


def test_a_reader_opens_the_table_behind_a_chart_and_goes_back(dashboard_server, open_context):
    # only the open tab of a chart block is drawn: the click reruns the page to draw the table
    _, page, watch = open_context()
    _open(page, dashboard_server, "")
    page.get_by_role("tab", name="Table").first.click()
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible(timeout=20_000)
    expect(page.locator(CHART)).to_have_count(0)
    page.get_by_role("tab", name="Chart").first.click()
    wait_for_charts(page, minimum=1)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    assert watch.page_errors == []


def test_greta_member_compares_the_sidebars_countries_over_two_waves(dashboard_server, open_context):
    _, page, watch = open_context()
    _open(page, dashboard_server, "compare", "countries=FRA,DEU,ITA")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "What changed between two waves" in text
    assert "Change in mean severity per domain" in text
    # the three chosen countries are the comparison's: one bar series each, and the average
    legend = page.locator(CHART).first.inner_text()
    for name in ("France", "Germany", "Italy", "All States (average)"):
        assert name in legend
    # a State missing from one wave is named, not dropped silently
    assert "no severity ratings in the 2021 wave" in text
    assert "countries=FRA,DEU,ITA" in page.url and "compare_countries" not in page.url
    assert watch.page_errors == []


def test_trainer_downloads_a_plan(dashboard_server, open_context, tmp_path):
    _, page, watch = open_context()
    _open(page, dashboard_server, "training", "countries=FRA")
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text="Download CSV").last
    with page.expect_download() as caught:
        button.click()
    path = tmp_path / "plan.csv"
    caught.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0][0] == "# title" and rows[0][1].startswith("Training plan: the 25 largest gaps, France")
    assert any("SYNTHETIC DEMO DATA" in cell for row in rows for cell in row)
    header = next(row for row in rows if row and row[0] == "Rank")
    assert "Country" in header and "country_iso3" not in header
    assert sum(1 for row in rows if row and row[0].isdigit()) == 25
    assert watch.page_errors == []


def test_a_french_reader_switches_once_and_stays_in_french(dashboard_server, open_context, tmp_path):
    _, page, watch = open_context()
    _open(page, dashboard_server, "trends")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Language").click()
    page.get_by_role("option", name="Français").click()
    page.wait_for_url(re.compile(r"lang=fr"))
    wait_until_idle(page)
    wait_for_charts(page, minimum=1)
    main = page.locator('[data-testid="stMain"]')
    # the English page's elements stay on screen until the French run replaces them
    expect(main).to_contain_text("Cas recrutés en ligne", timeout=60_000)
    assert main.locator("h1").first.inner_text().startswith("Tendances des modes opératoires")
    assert "Download CSV" not in main.inner_text()
    # the next page, chosen in the navigation, is French too
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Besoins de formation").click()
    page.wait_for_url(re.compile(r"/training\?(.*&)?lang=fr"))
    wait_until_idle(page)
    expect(main.locator("h1").first).to_contain_text("Besoins de formation", timeout=60_000)
    # its download speaks French too, the English synthetic mark kept first
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text="Télécharger en CSV").last
    with page.expect_download() as caught:
        button.click()
    path = tmp_path / "plan.csv"
    caught.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0][0] == "# titre"
    mark = next(cell for row in rows for cell in row if "SYNTHETIC DEMO DATA" in cell)
    assert mark.startswith("SYNTHETIC DEMO DATA") and "DONNÉES" in mark.upper()
    assert "Rang" in next(row for row in rows if row and row[0] == "Rang")
    assert watch.page_errors == []


PHONE = {"width": 390, "height": 844}
OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid="stMain"]');
  const wide = [...main.querySelectorAll('*')].filter((el) => {
    if (el.closest('[data-testid="stDataFrame"], .js-plotly-plot, [data-testid="stCode"]')) return false;
    // a slider's range inputs are invisible handles, not layout
    if (el.type === 'range' || getComputedStyle(el).visibility === 'hidden') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1;
  }).map((el) => el.getAttribute('data-testid') || el.tagName);
  return {width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
}
"""
TITLE_UNDER_BAR = """
() => [...document.querySelectorAll('.js-plotly-plot')].map((plot) => {
  const title = plot.querySelector('.gtitle');
  const bar = plot.querySelector('.modebar-container .modebar');
  if (!title || !bar) return false;
  const a = title.getBoundingClientRect(), b = bar.getBoundingClientRect();
  return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
})
"""


PHONE_PAGES = [(p.url_path, "en") for p in registry.PAGES] + [
    (path, "fr") for path in ("", "trends", "compare", "training")
]


#: Each chart's plotting area (where the marks are drawn) against what it needs, in pixels:
#: 150 for a line or bar chart, 36 a row for a matrix (a heatmap of a few rows may be short).
PLOT_ROOM = """
() => [...document.querySelectorAll('.js-plotly-plot')].map((plot) => {
  const area = plot.querySelector('.nsewdrag');
  if (!area) return null;
  const matrix = (plot.data || []).find((t) => t.type === 'heatmap');
  const needed = matrix ? 36 * matrix.y.length : 150;
  return {height: Math.round(area.getBoundingClientRect().height), needed};
}).filter((room) => room !== null)
"""


@pytest.fixture(scope="module")
def phone(chromium):
    """One phone for every page, as a reader going from page to page: its cache keeps the
    app's scripts."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context
    context.close()


@pytest.mark.parametrize(("path", "lang"), PHONE_PAGES)
def test_a_phone_shows_every_page_without_overlap(dashboard_server, phone, path, lang):
    page = phone.new_page()
    try:
        _open(page, dashboard_server, path, f"countries=FRA,DEU&lang={lang}")
        layout = page.evaluate(OVERFLOW)
        assert layout["scroll"] <= layout["width"] + 1, layout
        assert not layout["wide"], layout
        assert not any(page.evaluate(TITLE_UNDER_BAR)), "a chart title lies under the chart's tool bar"
        rooms = page.evaluate(PLOT_ROOM)
        assert all(r["height"] >= r["needed"] for r in rooms), f"a chart's plot is squeezed: {rooms}"
    finally:
        page.close()
