"""The suppression function itself."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from app.suppression import display_frame, rename_counts, suppress


@pytest.mark.parametrize(
    ("value", "threshold", "hidden"),
    [
        (0, 5, False),
        (1, 5, True),
        (4, 5, True),
        (5, 5, False),
        (4.5, 5, True),
        (9, 10, True),
        (10, 10, False),
        (1, 1, False),
        (None, 5, False),
    ],
)
def test_suppress_hides_counts_from_one_to_below_threshold(value, threshold, hidden):
    out = suppress(pd.DataFrame({"cases": [value]}), ["cases"], threshold)
    assert bool(out["cases_suppressed"].iloc[0]) is hidden
    if hidden:
        assert math.isnan(out["cases"].iloc[0])


def test_display_frame_reads_threshold_label_and_drops_flags():
    chart = suppress(pd.DataFrame({"year": [2020, 2021], "cases": [3, 12]}), ["cases"], 5)
    table = display_frame(chart, 5)
    assert list(table.columns) == ["year", "cases"]
    assert table["cases"].tolist() == ["<5", "12"]


def test_display_frame_keeps_numbers_when_nothing_is_withheld():
    chart = suppress(pd.DataFrame({"cases": [7, 12]}), ["cases"], 5)
    assert display_frame(chart, 5)["cases"].tolist() == [7, 12]


def test_missing_columns_are_ignored_and_input_untouched():
    df = pd.DataFrame({"victims": [2]})
    out = suppress(df, ["cases", "victims"], 5)
    assert df["victims"].tolist() == [2]
    assert "cases_suppressed" not in out.columns
    assert out["victims_suppressed"].tolist() == [True]


def test_rename_counts_keeps_the_flag_with_its_column():
    chart = suppress(pd.DataFrame({"value": [2]}), ["value"], 5)
    renamed = rename_counts(chart, {"value": "cases"})
    assert display_frame(renamed, 5)["cases"].tolist() == ["<5"]
