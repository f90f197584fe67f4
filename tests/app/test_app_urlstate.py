"""Filters live in the URL: a link restores the view, a bad link gets a note, never an error."""

from __future__ import annotations

import pytest
from apphelpers import assert_no_exception, charts, open_page


def _notes(at) -> str:
    return " ".join(i.value for i in at.info) + " ".join(i.value for i in at.sidebar.info)


def test_shared_parameters_restore_the_sidebar(app_env):
    at = open_page("pages/overview.py", {"wave": "2021", "countries": "AUT,ROU"})
    assert_no_exception(at)
    assert at.sidebar.selectbox(key="wave").value == "2021"
    assert at.sidebar.multiselect(key="countries").value == ["AUT", "ROU"]
    assert not _notes(at)


def test_repeated_parameters_work_like_a_list(app_env):
    at = open_page("pages/overview.py", {"countries": ["AUT", "ROU"]})
    assert at.sidebar.multiselect(key="countries").value == ["AUT", "ROU"]


@pytest.mark.parametrize(
    ("page", "params", "key", "expected"),
    [
        ("pages/overview.py", {"overview_measure": "victims"}, "overview_measure", "victims"),
        ("pages/trends.py", {"trends_dim": "stage"}, "trends_dim", "stage"),
        ("pages/severity.py", {"severity_domain": "prosecution"}, "severity_domain", "prosecution"),
        ("pages/training.py", {"training_country": "MDA"}, "training_country", "MDA"),
        ("pages/profile.py", {"profile_country": "FRA"}, "profile_country", "FRA"),
        ("pages/methods.py", {"methods_relation": "series"}, "methods_relation", "series"),
    ],
)
def test_page_parameters_restore_the_view(app_env, page, params, key, expected):
    at = open_page(page, params)
    assert_no_exception(at)
    assert at.selectbox(key=key).value == expected
    assert not _notes(at)


def test_restored_domain_drives_the_chart(app_env, sql):
    at = open_page("pages/severity.py", {"severity_domain": "prosecution"})
    drawn = [label.replace("<br>", " ") for label in charts(at)["severity_ranking_chart"]["data"][0]["y"]]
    labels = dict(sql("select code, label from marts.labels where vocabulary = 'challenge' and lang = 'en'"))
    assert sorted(drawn) == sorted([labels["foreign_evidence"], labels["jurisdiction"]])


def test_changing_a_widget_writes_the_url_and_default_keeps_it_clean(app_env):
    at = open_page("pages/trends.py")
    assert "trends_dim" not in at.query_params
    at.selectbox(key="trends_dim").set_value("stage").run()
    assert at.query_params["trends_dim"] == "stage"
    at.selectbox(key="trends_dim").set_value("technology").run()
    assert "trends_dim" not in at.query_params


@pytest.mark.parametrize(
    ("page", "params", "fragment"),
    [
        ("pages/overview.py", {"countries": "ALB,XXX"}, "'XXX'"),
        ("pages/overview.py", {"wave": "1999"}, "'1999'"),
        ("pages/trends.py", {"trends_dim": "nonsense"}, "'nonsense'"),
        ("pages/trends.py", {"trends_measure": "<script>"}, "'<script>'"),
        ("pages/severity.py", {"bogus": "1"}, "`bogus`"),
        ("pages/methods.py", {"methods_relation": "raw.cases"}, "'raw.cases'"),
    ],
)
def test_malformed_parameters_get_a_note(app_env, page, params, fragment):
    at = open_page(page, params)
    assert_no_exception(at)
    assert not at.error
    assert fragment in _notes(at)


def test_malformed_values_fall_back_to_defaults(app_env):
    at = open_page("pages/overview.py", {"countries": "ALB,XXX", "wave": "1999"})
    assert at.sidebar.multiselect(key="countries").value == ["ALB"]
    assert at.sidebar.selectbox(key="wave").value == "2025"  # newest wave is the default


def test_compare_link_with_five_countries_draws_them_and_the_average(app_env):
    at = open_page("pages/compare.py", {"countries": "ALB,AUT,FRA,MDA,ROU"})
    assert at.sidebar.multiselect(key="countries").value == ["ALB", "AUT", "FRA", "MDA", "ROU"]
    # Romania answered no 2025 question: four and the average, Romania named
    assert len(charts(at)["compare_severity_chart"]["data"]) == 5
    assert len(charts(at)["compare_cases_chart"]["data"]) == 6  # case records: five and the average
