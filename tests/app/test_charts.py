"""Chart building blocks (app/charts.py) beyond their doctests."""

from __future__ import annotations

import pandas as pd

from app import charts


def _lines(values: dict[str, list[float]]) -> dict[str, tuple[str, str]]:
    frame = pd.DataFrame(
        [(code, 2020 + i, v) for code, series in values.items() for i, v in enumerate(series)],
        columns=["country", "year", "value"],
    )
    fig = charts.line_chart(frame, x="year", y="value", group="country", threshold=5)
    return {t.name: (t.line.color, t.line.dash) for t in fig.data}


def test_a_group_keeps_its_colour_and_dash_whatever_its_size():
    one = _lines({"AUT": [10, 12], "FRA": [50, 60], "MDA": [30, 20]})
    other = _lines({"AUT": [90, 80], "FRA": [5, 6], "MDA": [30, 40]})
    assert one == other
    assert len(set(one.values())) == 3
    # the legend still reads largest first
    fig = charts.line_chart(
        pd.DataFrame({"country": ["AUT", "FRA"], "year": [2020, 2020], "value": [1, 9]}),
        x="year",
        y="value",
        group="country",
        threshold=5,
    )
    assert [t.name for t in fig.data] == ["FRA", "AUT"]
