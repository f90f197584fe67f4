"""No published count of cases or victims from 1 to threshold-1 reaches a table, a chart or a hover."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from apphelpers import PAGES, assert_no_exception, charts, open_page, open_tables

#: Columns of page tables that hold counts of cases or victims (labelled, or as the warehouse
#: names them in the Data and methods page's preview).
COUNT_COLUMN = re.compile(
    r"^(recorded )?(cases|victims|value|recruited online|cases_online_recruitment|rows)"
    r"(, (early|late) period)?$|^detected victims",
    re.IGNORECASE,
)

#: Charts whose traces plot counts (the others plot 0-100 scores, shares or growth rates).
COUNT_CHARTS = {
    "trends_mo_chart",
    "trends_series_chart",
    "compare_cases_chart",
    "trends_countries_chart",
    "profile_cases_chart",
}

NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def _small_numbers(values, threshold: int) -> list:
    """Values that read as a number from 1 to threshold-1 (text included)."""
    found = []
    for v in values:
        if isinstance(v, str):
            text = v.strip()
            if not NUMBER.match(text):
                continue
            v = float(text.replace(",", ""))
        if v is None or isinstance(v, bool):
            continue
        try:
            number = float(v)
        except (TypeError, ValueError):
            continue
        if 1 <= number < threshold:
            found.append(v)
    return found


def test_fixture_has_small_counts(sql):
    # without small counts in the fixture the tests below could not fail
    assert sql("select count(*) from marts.technology_counts where cases between 1 and 4")[0][0] > 0
    assert sql("select count(*) from marts.case_counts where cases between 1 and 4")[0][0] > 0
    assert sql("select count(*) from marts.series where value between 1 and 4")[0][0] > 0


def _check_page(at, threshold: int) -> int:
    """Assert no small count is shown, in the charts and then in the tables (each block's
    table tab opened); return how many withheld markers were seen."""
    withheld = 0
    marker = f"<{threshold}"
    for key, fig in charts(at).items():
        if key not in COUNT_CHARTS:
            continue
        for trace in fig["data"]:
            for field in ("y", "text"):
                values = trace.get(field) or []
                assert not _small_numbers(values, threshold), f"{key}.{field} shows a small count"
            withheld += sum(1 for t in trace.get("text") or [] if t == marker)
    if any(str(key).endswith("_view") for key in at.session_state):
        open_tables(at)
        assert_no_exception(at)
    for frame in at.dataframe:
        df = frame.value
        for col in df.columns:
            if COUNT_COLUMN.search(str(col)) and not str(col).endswith("_small"):
                values = df[col].tolist()
                assert not _small_numbers(values, threshold), f"small count in column {col}"
                withheld += sum(1 for v in values if v == marker)
    return withheld


@pytest.mark.parametrize("page", PAGES)
def test_no_small_count_on_any_page(app_env, page):
    at = open_page(page)
    assert_no_exception(at)
    _check_page(at, 5)


def test_trends_page_marks_withheld_values(app_env):
    at = open_page("pages/trends.py", {"countries": "ALB"})
    assert_no_exception(at)
    assert _check_page(at, 5) > 0, "the fixture's small counts should read <5 somewhere"


def test_threshold_comes_from_the_environment(app_env, monkeypatch, sql):
    monkeypatch.setenv("THB_SUPPRESSION_THRESHOLD", "10")
    at = open_page("pages/trends.py", {"countries": "ALB"})
    assert_no_exception(at)
    assert _check_page(at, 10) > 0
    assert any((frame.value == "<10").any().any() for frame in at.dataframe)


def test_methods_download_frame_shows_small_counts_as_such(app_env):
    at = open_page("pages/methods.py", {"methods_relation": "case_counts"})
    assert_no_exception(at)
    preview = at.dataframe[-1].value
    assert isinstance(preview, pd.DataFrame)
    assert "<5" in preview["cases"].tolist()
    assert not _small_numbers(preview["cases"].tolist(), 5)
    assert not _small_numbers(preview["victims"].tolist(), 5)
