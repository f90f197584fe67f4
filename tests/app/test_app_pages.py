"""Every page through dashboard.py: runs, draws, says what it shows, and matches the warehouse."""

from __future__ import annotations

import math

import pytest
from apphelpers import PAGES, assert_no_exception, charts, open_page

CHART_PAGES = [p for p in PAGES if p != "pages/methods.py"]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_banner_title_and_tables(app_env, page):
    at = open_page(page)
    assert_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    # the fixture's 2021 wave and its case records are synthetic: the banner comes first
    assert at.warning, "no synthetic-data banner"
    assert "Synthetic demo data" in at.warning[0].value
    assert at.title, "page has no title"
    assert len(at.dataframe) >= 1
    # the page ran under dashboard.py: its shared sidebar is there (see app.routing)
    assert at.sidebar.selectbox(key="wave").value == "2025"
    assert at.sidebar.multiselect(key="countries").value == []


@pytest.mark.parametrize("page", CHART_PAGES)
def test_chart_pages_draw_labelled_figures(app_env, page):
    at = open_page(page)
    figs = charts(at)
    assert figs, f"{page} drew no chart"
    for key, fig in figs.items():
        title = fig["layout"]["title"]["text"]
        assert fig["data"], f"{key} has no trace"
        # every chart says which data it shows: a questionnaire chart names its wave in the
        # title, a chart of case counts has a caption naming its source
        if key.startswith(("severity_", "training_", "compare_severity", "compare_training", "compare_strat")):
            assert " - " in title, f"{key}: title {title!r} does not say which wave"
    if page.endswith(("trends.py", "compare.py", "profile.py", "overview.py")):
        assert any("Source:" in c.value for c in at.caption)
    alts = [el.proto.alt for el in at.get("plotly_chart")]
    assert all(alts), "a chart lacks alt text"


def test_trend_chart_equals_warehouse(app_env, sql):
    at = open_page("pages/trends.py")
    fig = charts(at)["trends_mo_chart"]
    expected = sql(
        "select technology, year, sum(cases) from marts.technology_counts group by all order by technology, year"
    )
    labels = dict(sql("select code, label from marts.labels where vocabulary = 'technology'"))
    drawn = {}
    for trace in fig["data"]:
        for x, y in zip(trace["x"], trace["y"], strict=True):
            drawn[(trace["name"], x)] = y
    assert len(drawn) == len(expected)
    for tech, year, cases in expected:
        value = drawn[(labels[tech], year)]
        if 1 <= cases < 5:
            assert value is None
        else:
            assert value == pytest.approx(cases)


def test_severity_ranking_equals_warehouse_with_published_marker(app_env, sql):
    at = open_page("pages/severity.py")
    fig = charts(at)["severity_ranking_chart"]
    wave = sql("select wave_id from marts.waves order by year desc limit 1")[0][0]
    expected = sql(
        "select challenge, mean_score, published_score from marts.challenge_severity_summary "
        "where wave_id = ? and domain = 'investigation' order by mean_score desc",
        [wave],
    )
    bars, marker = fig["data"][0], fig["data"][1]
    assert bars["x"] == pytest.approx([row[1] for row in expected])
    assert marker["x"] == pytest.approx([row[2] for row in expected])
    assert "Published" in marker["name"]


def test_training_matrix_equals_warehouse(app_env, sql):
    at = open_page("pages/training.py")
    country = at.selectbox(key="training_country").value
    fig = charts(at)["training_matrix_chart"]
    wave = at.sidebar.selectbox(key="wave").value
    rows = sql(
        "select sum(gap_score), count(*) from marts.training_gap where wave_id = ? and country_iso3 = ?",
        [wave, country],
    )
    z = [v for row in fig["data"][0]["z"] for v in row if v is not None]
    assert len(z) == rows[0][1]
    assert sum(z) == pytest.approx(rows[0][0])


def test_changing_the_breakdown_changes_the_chart(app_env):
    at = open_page("pages/trends.py")
    before = {t["name"] for t in charts(at)["trends_mo_chart"]["data"]}
    at.selectbox(key="trends_dim").set_value("stage").run()
    assert_no_exception(at)
    after = {t["name"] for t in charts(at)["trends_mo_chart"]["data"]}
    assert before == {"Social media", "Online job advertisements and classified sites", "Dark web"}
    assert after == {"Recruitment", "Monitoring and control"}
    assert at.query_params.get("trends_dim") == "stage"


def test_choosing_countries_in_the_sidebar_narrows_the_heatmap(app_env):
    at = open_page("pages/severity.py")
    rows_before = charts(at)["severity_heatmap_chart"]["data"][0]["y"]
    at.sidebar.multiselect(key="countries").set_value(["ALB", "ROU"]).run()
    assert_no_exception(at)
    rows_after = charts(at)["severity_heatmap_chart"]["data"][0]["y"]
    assert len(rows_before) == 5
    assert rows_after == ["Albania", "Romania"]


def test_compare_shows_the_all_states_reference(app_env, sql):
    at = open_page("pages/compare.py", {"compare_countries": "AUT,FRA"})
    assert at.multiselect(key="compare_countries").value == ["AUT", "FRA"]
    fig = charts(at)["compare_severity_chart"]
    names = [t["name"] for t in fig["data"]]
    assert names == ["Austria", "France", "All States (average)"]
    wave = at.sidebar.selectbox(key="wave").value
    mean = sql(
        "select avg(score) from marts.challenge_severity where wave_id = ? and domain = ?",
        [wave, "investigation"],
    )[0][0]
    ref = fig["data"][2]
    assert ref["y"][ref["x"].index("Investigation")] == pytest.approx(mean)


def test_compare_needs_two_countries(app_env):
    at = open_page("pages/compare.py", {"compare_countries": "AUT"})
    assert_no_exception(at)
    assert any("at least two" in i.value for i in at.info)
    assert not charts(at)


def test_profile_follows_the_country(app_env, sql):
    at = open_page("pages/profile.py", {"profile_country": "MDA"})
    assert at.selectbox(key="profile_country").value == "MDA"
    assert any(h.value == "Republic of Moldova" for h in at.header)
    fig = charts(at)["profile_cases_chart"]
    total = sum(v for t in fig["data"] for v in t["y"] if v is not None and not math.isnan(v))
    expected = sql("select sum(cases) from marts.case_counts where country_iso3 = 'MDA' and cases >= 5")[0][0]
    assert total == pytest.approx(expected)


def test_methods_lists_loads_problems_and_rules(app_env):
    at = open_page("pages/methods.py")
    text = " ".join(m.value for m in at.markdown)
    assert "Rows rejected or quarantined:** 1" in text
    assert "THB_SUPPRESSION_THRESHOLD" in text
    assert "protected release" in text
    assert "synthetic" in text.lower()
    at.selectbox(key="methods_relation").set_value("series").run()
    assert_no_exception(at)
    assert "`marts.series`: 30 rows." in [c.value for c in at.caption]


def test_a_filter_outside_the_title_still_redraws_the_chart(app_env, sql):
    # figures are cached by data, title and filters: a filter must never serve a stale chart
    at = open_page("pages/trends.py")
    at.selectbox(key="trends_stage").set_value("control").run()
    fig = charts(at)["trends_mo_chart"]
    drawn = [t for t in fig["data"] if t["name"] == "Dark web"][0]
    totals = sql(
        "select year, sum(cases) from marts.stage_technology_counts where stage = 'control' "
        "and technology = 'dark_web' group by year order by year"
    )
    for (year, cases), value in zip(totals, drawn["y"], strict=True):
        assert value == (None if 1 <= cases < 5 else pytest.approx(cases)), year


def test_victims_can_be_counted_by_exploitation_type_only(app_env):
    at = open_page("pages/trends.py")
    assert at.selectbox(key="trends_measure").options == ["Cases"]
    at.selectbox(key="trends_dim").set_value("exploitation_type").run()
    assert at.selectbox(key="trends_measure").options == ["Cases", "Victims"]


def test_a_breakdown_published_for_all_countries_only_says_so(app_env):
    at = open_page("pages/trends.py", {"countries": "ALB", "trends_dim": "modus_operandi"})
    assert_no_exception(at)
    assert any("all countries together only" in i.value for i in at.info)
