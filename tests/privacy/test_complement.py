"""The complementary suppression rule on hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from app.suppression import FLAG_SUFFIX, Group, RowTotal, complement, protect


def _hidden(df: pd.DataFrame, col: str) -> list[bool]:
    return df[col + FLAG_SUFFIX].tolist()


@pytest.mark.parametrize(
    ("values", "hidden"),
    [
        # one small cell beside a shown total: the smallest other positive cell goes too
        ([3, 9, 20], [True, True, False]),
        ([3, 0, 20, 9], [True, False, False, True]),
        # two small cells already hide each other
        ([3, 2, 20], [True, True, False]),
        # nothing small: nothing withheld
        ([6, 9, 20], [False, False, False]),
        # only zeros beside the small one: a zero goes, the only cell left
        ([3, 0], [True, True]),
    ],
)
def test_a_group_with_a_total_published_elsewhere(values, hidden):
    out = protect(pd.DataFrame({"n": values}), ["n"], 5, [Group("n")])
    assert _hidden(out, "n") == hidden
    assert all(math.isnan(v) for v, h in zip(out["n"], hidden, strict=True) if h)


def test_a_total_row_in_the_frame_is_withheld_when_no_part_is_left():
    df = pd.DataFrame({"sex": ["female", "male", "total"], "n": [3, 0, 3]})
    out = protect(df, ["n"], 5, [Group("n", total=("sex", "total"))])
    # the total is small itself; with the female cell that makes two
    assert _hidden(out, "n") == [True, False, True]
    df = pd.DataFrame({"sex": ["female", "male", "total"], "n": [3, 0, 7]})
    out = protect(df, ["n"], 5, [Group("n", total=("sex", "total"))])
    assert _hidden(out, "n") == [True, True, False]


def test_a_withheld_total_row_takes_a_part_with_it():
    # the total is withheld (by another view); its parts alone would give it back
    df = pd.DataFrame({"k": ["a", "b", "t"], "n": [8.0, 6.0, 14.0], "n_suppressed": [False, False, True]})
    df.loc[2, "n"] = float("nan")
    out = complement(df, [Group("n", total=("k", "t"))])
    assert _hidden(out, "n") == [False, True, True]


def test_rows_and_columns_are_repeated_until_stable():
    # a 3x3 table: rows are years, columns categories, every row and column adds up to a
    # published total; one small cell must end with a rectangle of four withheld cells
    df = pd.DataFrame(
        [(y, c, v) for y, row in zip((1, 2, 3), ([2, 30, 40], [50, 60, 70], [80, 90, 35]), strict=True)
         for c, v in zip("abc", row, strict=True)],
        columns=["year", "cat", "n"],
    )  # fmt: skip
    out = protect(df, ["n"], 5, [Group("n", ("year",)), Group("n", ("cat",))])
    grid = out.pivot(index="year", columns="cat", values="n" + FLAG_SUFFIX)
    assert grid.to_numpy().sum() >= 3
    for axis in (0, 1):
        assert (grid.sum(axis=axis) != 1).all(), grid


def test_row_totals():
    df = pd.DataFrame({"victims": [12, 12], "female": [3, 6], "male": [9, 6]})
    out = protect(df, ["victims", "female", "male"], 5, [RowTotal("victims", ("female", "male"))])
    assert _hidden(out, "female") == [True, False]
    assert _hidden(out, "male") == [True, False]
    assert _hidden(out, "victims") == [False, False]


def test_index_and_other_columns_are_kept():
    df = pd.DataFrame({"name": ["x", "y"], "n": [3, 9]}, index=[10, 20])
    out = protect(df, ["n"], 5, [Group("n")])
    assert out.index.tolist() == [10, 20]
    assert out["name"].tolist() == ["x", "y"]
    assert df["n"].tolist() == [3, 9]
