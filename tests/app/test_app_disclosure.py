"""How protected counts are shown: the small-count rule, shares, and tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from app.disclosure import display_frame, mark_small, rename_counts, share


@pytest.mark.parametrize(
    ("value", "threshold", "small"),
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
def test_counts_from_one_to_below_threshold_read_small(value, threshold, small):
    out = mark_small(pd.DataFrame({"cases": [value]}), ["cases"], threshold)
    assert bool(out["cases_small"].iloc[0]) is small
    if small:
        assert math.isnan(out["cases"].iloc[0])


def test_display_frame_reads_threshold_label_and_drops_flags():
    chart = mark_small(pd.DataFrame({"year": [2020, 2021], "cases": [3, 12]}), ["cases"], 5)
    table = display_frame(chart, 5)
    assert list(table.columns) == ["year", "cases"]
    assert table["cases"].tolist() == ["<5", "12"]


def test_display_frame_keeps_numbers_when_nothing_is_small():
    chart = mark_small(pd.DataFrame({"cases": [7, 12]}), ["cases"], 5)
    assert display_frame(chart, 5)["cases"].tolist() == [7, 12]


def test_missing_columns_are_ignored_and_input_untouched():
    df = pd.DataFrame({"victims": [2]})
    out = mark_small(df, ["cases", "victims"], 5)
    assert df["victims"].tolist() == [2]
    assert "cases_small" not in out.columns
    assert out["victims_small"].tolist() == [True]


def test_rename_counts_keeps_the_flag_with_its_column():
    chart = mark_small(pd.DataFrame({"value": [2]}), ["value"], 5)
    renamed = rename_counts(chart, {"value": "cases"})
    assert display_frame(renamed, 5)["cases"].tolist() == ["<5"]


def test_a_share_needs_enough_cases():
    out = share(pd.Series([1.0, 3.0, 30.0]), pd.Series([2.0, 5.0, 60.0]), 5)
    assert math.isnan(out.iloc[0])
    assert out.iloc[1:].tolist() == [60.0, 50.0]
