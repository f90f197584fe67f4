"""Every page through dashboard.py: runs, draws, says what it shows, and matches the warehouse."""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path

import pytest
from apphelpers import PAGES, ROOT, assert_no_exception, charts, open_page, open_tables

from app import registry

CHART_PAGES = [p for p in PAGES if p != "pages/methods.py"]
#: Charts of the fixture's synthetic case records, or of its synthetic 2021 wave.
SYNTHETIC_CHARTS = {
    "severity_waves_chart",
    "compare_severity_change_chart",
    "compare_training_change_chart",
    "profile_severity_change_chart",
    "overview_map_chart",
    "trends_mo_chart",
    "trends_countries_chart",
    "trends_online_chart",
    "trends_rising_chart",
    "compare_cases_chart",
    "profile_cases_chart",
    "profile_online_chart",
}
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def _markdown(at) -> str:
    return " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_its_label_title_and_tables(app_env, page):
    at = open_page(page, {"countries": "AUT,FRA"})
    assert_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    # the fixture's 2021 wave and its case records are synthetic: one compact line says so
    labels = [m.value for m in at.markdown if "Synthetic demo data" in m.value]
    assert len(labels) == 1, labels
    assert not at.warning or "Synthetic demo data" not in at.warning[0].value
    assert at.title, "page has no title"
    drawn = len(at.dataframe)
    # each chart block's table is drawn only once its tab is open, in place of the chart
    blocks = [key for key in at.session_state if str(key).endswith("_view")]
    if blocks:
        open_tables(at)
        assert_no_exception(at)
        assert not at.get("plotly_chart")
    assert len(at.dataframe) == drawn + len(blocks) >= 1


@pytest.mark.parametrize("page", PAGES)
def test_the_sidebar_shows_only_the_filters_the_page_acts_on(app_env, page):
    at = open_page(page)
    uses = registry.by_file(page).filters
    drawn = {w.key for w in (*at.sidebar.selectbox, *at.sidebar.multiselect)}
    assert ("wave" in drawn) == ("wave" in uses)
    assert ("countries" in drawn) == ("countries" in uses)


@pytest.mark.parametrize("page", CHART_PAGES)
def test_chart_pages_draw_titled_figures_with_their_source(app_env, page):
    at = open_page(page, {"countries": "AUT,FRA"})
    figs = charts(at)
    assert figs, f"{page} drew no chart"
    for key, fig in figs.items():
        title = fig["layout"]["title"]["text"]
        assert fig["data"], f"{key} has no trace"
        # every title states its unit or scale; a chart of synthetic data says so in its image
        # (the fixture's case records are synthetic, its 2025 wave and series are not)
        assert "(" in title and ")" in title, f"{key}: {title!r} has no unit"
        synthetic = key in SYNTHETIC_CHARTS
        assert ("Synthetic demo data" in title) == synthetic, key
        # never more than eight lines at once
        assert sum(1 for t in fig["data"] if t.get("mode") == "lines+markers") <= 8, key
    captions = [c.value for c in at.caption]
    assert sum("Source:" in c for c in captions) >= len(figs)
    alts = [el.proto.alt for el in at.get("plotly_chart")]
    assert all(alts), "a chart lacks alt text"


@pytest.mark.parametrize("page", CHART_PAGES)
def test_tables_show_labels_not_codes(app_env, page):
    at = open_tables(open_page(page, {"countries": "AUT,FRA"}))
    for frame in at.dataframe:
        df = frame.value
        for col in df.columns:
            assert not SNAKE.match(str(col)), f"raw column name {col!r}"
            assert not col.endswith("_small")
        text = df.astype(str)
        assert not (text == "None").any().any()
        assert not text.isin(["ALB", "AUT", "FRA", "MDA", "ROU"]).any().any(), "a country code in a table"


def test_streamlit_table_export_is_off_downloads_are_ours():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_trend_chart_equals_the_release(app_env, sql):
    at = open_page("pages/trends.py")
    fig = charts(at)["trends_mo_chart"]
    expected = sql(
        "select technology, year, sum(cases) from marts.technology_counts group by all order by technology, year"
    )
    labels = dict(sql("select code, label from marts.labels where vocabulary = 'technology' and lang = 'en'"))
    drawn = {}
    for trace in fig["data"]:
        for x, y in zip(trace["x"], trace["y"], strict=True):
            drawn[(trace["name"], x)] = y
    assert len(drawn) == len(expected)
    for tech, year, cases in expected:
        value = drawn[(labels[tech], year)]
        assert value is None if 1 <= cases < 5 else value == pytest.approx(cases)


def test_ratings_are_drawn_by_their_scale_one_source_at_a_time(app_env):
    at = open_page("pages/trends.py", {"countries": "AUT,MDA,ROU"})
    grid = charts(at)["trends_ratings_chart"]
    legend = [t["name"] for t in grid["data"]]
    # the scale's order, then the gap; the real source first, its latest vintage only
    assert legend == ["Tier 1", "Tier 2", "not available"]
    cells = {(t["name"], y, x) for t in grid["data"] for x, y in zip(t["x"], t["y"], strict=True)}
    assert cells == {
        ("Tier 1", "Austria", 2022),
        ("Tier 1", "Austria", 2023),
        ("Tier 2", "Republic of Moldova", 2023),
        ("not available", "Romania", 2023),
    }
    assert "TIP report" in grid["layout"]["title"]["text"] or any("TIP report" in c.value for c in at.caption)
    # the other source is its own view, never merged
    at.selectbox(key="trends_rating_source").set_value("Demo ratings").run()
    grid = charts(at)["trends_ratings_chart"]
    assert [(t["name"], tuple(t["y"])) for t in grid["data"]] == [("Tier 3", ("Romania",))]
    french = open_page("pages/trends.py", {"countries": "AUT", "lang": "fr"})
    assert [t["name"] for t in charts(french)["trends_ratings_chart"]["data"]] == ["Catégorie 1"]


def test_online_share_axis_reads_percent_from_zero(app_env):
    at = open_page("pages/trends.py")
    axis = charts(at)["trends_online_chart"]["layout"]["yaxis"]
    assert axis["ticksuffix"] == "%" and list(axis["range"]) == [0, 100]


def test_chosen_countries_get_one_line_each(app_env):
    at = open_page("pages/trends.py", {"countries": "AUT,FRA,MDA"})
    figs = charts(at)
    online = {t["name"] for t in figs["trends_online_chart"]["data"]}
    assert online == {"Austria", "France", "Republic of Moldova"}
    each = {t["name"] for t in figs["trends_countries_chart"]["data"]}
    assert each == {"Austria", "France", "Republic of Moldova"}


def test_rates_per_100000_divide_by_the_population(app_env, sql):
    at = open_page("pages/trends.py", {"countries": "AUT", "trends_per": "rate"})
    trace = charts(at)["trends_countries_chart"]["data"][0]
    year = trace["x"][0]
    cases = sql("select sum(cases) from marts.case_counts where country_iso3 = 'AUT' and year = ?", [year])[
        0
    ][0]
    people = sql("select population from marts.population where country_iso3 = 'AUT' and year = ?", [year])[
        0
    ][0]
    assert trace["y"][0] == pytest.approx(cases / people * 100_000, abs=0.01)


def test_severity_ranking_equals_warehouse(app_env, sql):
    at = open_page("pages/severity.py")
    fig = charts(at)["severity_ranking_chart"]
    expected = sql(
        "select challenge, mean_score from marts.challenge_severity_summary "
        "where wave_id = '2025' and domain = 'investigation' order by mean_score desc"
    )
    assert fig["data"][0]["x"] == pytest.approx([row[1] for row in expected])


def test_published_figures_stand_beside_their_own_wave_only(app_env):
    later = charts(open_page("pages/severity.py"))["severity_ranking_chart"]
    assert len(later["data"]) == 1, "the 2025 wave is drawn against the 2021 study's figures"
    earlier = charts(open_page("pages/severity.py", {"wave": "2021"}))["severity_ranking_chart"]
    assert "Published" in earlier["data"][1]["name"]


def test_wave_against_wave_compares_only_items_asked_in_both(app_env):
    at = open_page("pages/severity.py")
    fig = charts(at)["severity_waves_chart"]
    drawn = set(fig["data"][-1]["y"])
    assert "Speed of technological change" not in drawn
    assert "asked in the 2025 wave only" in _markdown(at)
    # the earlier wave is always the first, blue series, whichever wave the sidebar shows
    for wave in ("2021", "2025"):
        fig = charts(open_page("pages/severity.py", {"wave": wave}))["severity_waves_chart"]
        assert [t["name"] for t in fig["data"][-2:]] == ["2021 wave", "2025 wave"]


def test_training_matrix_equals_warehouse(app_env, sql):
    at = open_page("pages/training.py")
    country = at.selectbox(key="training_country").value
    fig = charts(at)["training_matrix_chart"]
    rows = sql(
        "select sum(gap_score), count(*) from marts.training_gap where wave_id = '2025' and country_iso3 = ?",
        [country],
    )
    z = [v for row in fig["data"][0]["z"] for v in row if v is not None]
    assert len(z) == rows[0][1]
    assert sum(z) == pytest.approx(rows[0][0])


def test_the_plan_orders_ties_and_names_countries(app_env, sql):
    at = open_page("pages/training.py", {"training_plan_for": "all"})
    plan = next(f.value for f in at.dataframe if "Rank" in f.value.columns and "Country" in f.value.columns)
    assert plan["Country"].isin(["Albania", "Austria", "France", "Republic of Moldova", "Romania"]).all()
    gaps = plan["Gap (0-100)"].tolist()
    assert gaps == sorted(gaps, reverse=True)
    shared = plan["States sharing a gap of 50 or more"].tolist()
    for i in range(1, len(plan)):
        if gaps[i] == gaps[i - 1]:
            assert shared[i] <= shared[i - 1]


def test_all_states_training_matrix_is_ranked(app_env):
    at = open_tables(open_page("pages/training.py"))
    table = next(f.value for f in at.dataframe if "States with a gap of 50 or more" in f.value.columns)
    large = table["States with a gap of 50 or more"].tolist()
    assert large == sorted(large, reverse=True)
    assert table["Rank"].tolist() == list(range(1, len(table) + 1))


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
    at.sidebar.multiselect(key="countries").set_value(["ALB", "MDA"]).run()
    assert_no_exception(at)
    rows_after = charts(at)["severity_heatmap_chart"]["data"][0]["y"]
    assert len(rows_before) == 4  # Romania did not answer the 2025 wave
    assert rows_after == ["Albania", "Republic of Moldova"]


def test_compare_compares_the_sidebars_countries_and_names_the_silent(app_env, sql):
    at = open_page("pages/compare.py", {"countries": "AUT,ROU"})
    assert not at.main.multiselect, "the page keeps a country choice of its own"
    fig = charts(at)["compare_severity_chart"]
    names = [t["name"] for t in fig["data"]]
    assert names == ["Austria", "All States (average)"]  # Romania answered no 2025 question
    assert any("Romania did not answer" in w.value for w in at.warning)
    mean = sql(
        "select avg(score) from marts.challenge_severity where wave_id = '2025' and domain = 'investigation'"
    )[0][0]
    ref = fig["data"][1]
    assert ref["y"][ref["x"].index("Investigation")] == pytest.approx(mean)
    assert "countries" in at.query_params and "compare_countries" not in at.query_params


def test_compare_draws_strategies_as_yes_or_no(app_env):
    at = open_page("pages/compare.py", {"countries": "AUT,FRA"})
    fig = charts(at)["compare_strategies_chart"]
    assert [t["name"] for t in fig["data"]] == ["yes", "no"]
    assert all("colorscale" not in t for t in fig["data"])


def test_compare_needs_two_countries_from_the_sidebar(app_env):
    at = open_page("pages/compare.py", {"countries": "AUT"})
    assert_no_exception(at)
    assert any("two to" in i.value for i in at.info)
    assert not charts(at)


def test_profile_follows_the_sidebar_and_the_wave(app_env, sql):
    at = open_page("pages/profile.py", {"countries": "MDA"})
    assert any(h.value == "Republic of Moldova" for h in at.header)
    fig = charts(at)["profile_cases_chart"]
    total = sum(v for t in fig["data"] for v in t["y"] if v is not None and not math.isnan(v))
    expected = sql("select sum(cases) from marts.case_counts where country_iso3 = 'MDA' and cases >= 5")[0][0]
    assert total == pytest.approx(expected)
    silent = open_page("pages/profile.py", {"countries": "ROU"})
    answered = {m.label: m.value for m in silent.metric}
    assert answered["Answered the 2025 wave questionnaire"] == "no"


def test_copy_link_holds_the_views_filters(app_env):
    at = open_page("pages/trends.py", {"countries": "AUT,FRA", "trends_dim": "stage"})
    links = [c.value for c in at.code]
    assert links and "countries=AUT,FRA" in links[0] and "trends_dim=stage" in links[0]


def test_overview_states_findings_with_their_periods_and_links(app_env):
    at = open_page("pages/overview.py")
    text = _markdown(at)
    assert re.search(r"Online recruitment:.* in 2022, against .* in 2015", text)
    metrics = {m.label for m in at.metric}
    assert {"Recorded cases in 2022", "Recorded cases, 2015-2022"} <= metrics
    links = [el.proto.page for el in at.get("page_link")]
    assert any("trends" in link for link in links), links


def test_the_map_has_a_period_and_a_scale_without_grey(app_env):
    at = open_page("pages/overview.py", {"overview_years": "2019-2020"})
    fig = charts(at)["overview_map_chart"]
    assert "2019-2020" in fig["layout"]["title"]["text"]
    scale = [c for _, c in fig["layout"]["coloraxis"]["colorscale"]]
    assert not any(re.fullmatch(r"#([0-9a-f]{2})\1\1", c.lower()) for c in scale if c.startswith("#"))


def test_methods_lists_loads_problems_and_rules(app_env):
    at = open_page("pages/methods.py")
    text = _markdown(at)
    assert "Rows rejected or quarantined:** 1" in text
    assert "THB_SUPPRESSION_THRESHOLD" in text
    assert "protected release" in text
    at.selectbox(key="methods_relation").set_value("series").run()
    assert_no_exception(at)
    assert "`marts.series`: 30 rows." in [c.value for c in at.caption]


def test_victims_can_be_counted_by_exploitation_type_only(app_env):
    at = open_page("pages/trends.py")
    assert at.selectbox(key="trends_measure").options == ["Cases"]
    at.selectbox(key="trends_dim").set_value("exploitation_type").run()
    assert at.selectbox(key="trends_measure").options == ["Cases", "Victims"]


def test_a_breakdown_published_for_all_countries_only_says_so(app_env):
    at = open_page("pages/trends.py", {"countries": "ALB", "trends_dim": "modus_operandi"})
    assert_no_exception(at)
    assert any("all countries together only" in i.value for i in at.info)


def test_registry_names_every_page_file():
    assert {p.file for p in registry.PAGES} == {
        str(path.relative_to(ROOT)) for path in (ROOT / "pages").glob("*.py")
    }
    assert [p.file for p in registry.PAGES if p.file != "pages/file_check.py"] == list(PAGES)
    assert Path(ROOT / "dashboard.py").read_text(encoding="utf-8").count("st.Page(") == 1


def test_a_chart_block_draws_only_its_open_tab(app_env):
    at = open_page("pages/overview.py")
    assert list(charts(at)) == ["overview_map_chart"] and not at.dataframe
    open_tables(at)
    assert not charts(at) and len(at.dataframe) == 1
    at.session_state["overview_map_view"] = "Chart"
    assert list(charts(at.run())) == ["overview_map_chart"] and not at.dataframe
