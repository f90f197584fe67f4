"""Every page of ``dashboard.py`` opened in chromium against a demo warehouse.

The pages come from the page registry dashboard.py builds its navigation from, so a new page
is tested without editing this file.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from browser_harness import dashboard_pages, shapes_by_trace, wait_for_charts, wait_until_idle

from app import registry
from app.geo import NO_DATA_NAME

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
CHART = '[data-testid="stPlotlyChart"]'
#: The header of the shared sidebar that dashboard.py draws before every page.
SHARED_SIDEBAR = "Filters"
#: The note ``app.urlstate`` shows for a URL value it cannot use.
IGNORED_NOTE = "Ignored the link's value"


PAGES = {p.url_path: p.title for p in dashboard_pages()}


def open_page(page, server, path: str, query: str = "", watch=None) -> list[dict]:
    """Open one page, wait for its run to finish and for each of its charts to be drawn."""
    page.goto(f"{server.url}/{path}{'?' + query if query else ''}")
    wait_until_idle(page)
    # Streamlit answers an unknown path with a "Page not found" dialog and runs the main page
    assert page.get_by_text("does not seem to exist").count() == 0, f"/{path} is not a page of the app"
    charts = page.locator(CHART).count()
    return wait_for_charts(page, minimum=charts, watch=watch) if charts else []


def test_dashboard_declares_the_pages_of_the_issue():
    assert {"", "trends", "severity", "training", "compare", "profile", "methods"} <= set(PAGES)
    assert PAGES[""] == "Overview"


@pytest.mark.parametrize("path", PAGES)
def test_page_opens_without_error_and_draws_its_charts(dashboard_server, open_context, path):
    _, page, watch = open_context()
    # two countries, so that Compare countries has something to compare
    charts = open_page(page, dashboard_server, path, "countries=FRA,DEU", watch=watch)

    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    assert watch.page_errors == []
    # A first visit by link must go through dashboard.py's navigation, not straight to the page
    # file with a menu of file names, as streamlit does for the files of a folder named pages/.
    sidebar = page.locator('[data-testid="stSidebar"]')
    # the shared filters are drawn where the page acts on them only
    assert (SHARED_SIDEBAR in sidebar.inner_text()) == bool(registry.by_url_path(path).filters)
    menu = sidebar.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    assert sorted(t.split("\n")[-1].strip() for t in menu) == sorted(PAGES.values()), menu
    assert all(c["drawn"] > 0 and c["traces"] > 0 for c in charts), charts
    assert page.locator(CHART).count() == len(charts)
    if path not in {"methods", "file-check"}:  # the data pages show at least one chart
        assert charts, f"no chart drawn on /{path}"


@pytest.fixture(scope="module")
def warehouse_countries(warehouse) -> dict[str, str]:
    """iso3 -> name of the countries with questionnaire answers in the demo warehouse."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select c.iso3, c.name from marts.countries c "
            "where c.iso3 in (select country_iso3 from marts.challenge_severity) order by 1"
        ).fetchall()
    return dict(rows)


def test_profile_link_restores_the_country(dashboard_server, open_context, warehouse_countries):
    iso3 = "MLT" if "MLT" in warehouse_countries else list(warehouse_countries)[-1]
    _, page, watch = open_context()
    open_page(page, dashboard_server, "profile", f"profile_country={iso3}", watch=watch)

    box = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text="Country")
    )
    assert box.locator("input").first.input_value() == warehouse_countries[iso3]
    assert IGNORED_NOTE not in page.content()
    assert parse_qs(urlsplit(page.url).query).get("profile_country") == [iso3]
    assert page.locator(EXCEPTION).count() == 0
    assert watch.page_errors == []


def test_shared_countries_link_selects_them_in_the_sidebar(
    dashboard_server, open_context, warehouse_countries
):
    chosen = list(warehouse_countries)[:2]
    _, page, _ = open_context()
    open_page(page, dashboard_server, "trends", "countries=" + ",".join(chosen))

    sidebar = page.locator('[data-testid="stSidebar"]')
    tags = sidebar.locator('[data-testid="stMultiSelectTagsContainer"] [data-tag]')
    shown = [tags.nth(i).get_attribute("aria-label") for i in range(tags.count())]
    assert shown == [warehouse_countries[c] for c in chosen]
    assert page.locator(EXCEPTION).count() == 0


def test_malformed_link_is_noted_not_raised(dashboard_server, open_context):
    _, page, watch = open_context()
    open_page(page, dashboard_server, "profile", "profile_country=NOT_A_COUNTRY&wave=%00x")

    notes = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any(IGNORED_NOTE in n for n in notes), notes
    assert page.locator(EXCEPTION).count() == 0
    assert watch.page_errors == []


def test_overview_map_draws_every_party_offline(dashboard_server, open_context, warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (parties,) = con.execute(
            "select count(distinct s.country_iso3) from marts.case_counts s "
            "join marts.countries c on c.iso3 = s.country_iso3 where c.convention_party"
        ).fetchone()
    _, page, watch = open_context(cut_network=True)
    charts = open_page(page, dashboard_server, "", watch=watch)

    assert charts, "the overview draws no chart"
    # Shapes coloured by a value or greyed as suppressed; the no-data backdrop does not count.
    drawn = [sum(t["drawn"] for t in traces if t["name"] != NO_DATA_NAME) for traces in shapes_by_trace(page)]
    assert parties > 0
    assert max(drawn) >= parties
    assert watch.external == [], "a request left the machine (plotly's CDN?)"
    assert watch.page_errors == []
