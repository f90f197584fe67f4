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


def test_a_country_has_the_same_colour_in_bars_and_lines():
    # bars in the order the reader chose, lines by size: the colours are still the country's
    bars = charts.grouped_bars(
        pd.DataFrame({"country": ["FRA", "DEU", "ALL"], "domain": ["d", "d", "d"], "value": [1.0, 2.0, 1.5]}),
        category="domain",
        group="country",
        value="value",
        title="",
        reference="ALL",
    )
    lines = _lines({"DEU": [1, 2], "FRA": [50, 60]})
    assert {t.name: t.marker.color for t in bars.data if t.name != "ALL"} == {
        name: colour for name, (colour, _dash) in lines.items()
    }
    assert bars.data[2].marker.color == charts.REFERENCE_COLOUR


def test_a_heatmap_puts_short_labels_on_its_columns_and_full_ones_on_hover():
    frame = pd.DataFrame(
        [
            (area, audience, 10.0 * i)
            for i, (area, audience) in enumerate([("a", "x"), ("b", "x"), ("a", "y")])
        ],
        columns=["area", "audience", "gap"],
    )
    full = {"a": "Zeta, the long name of a", "b": "Alpha, the long name of b"}.__getitem__
    short = {"a": "A short", "b": "Z short"}.__getitem__
    fig = charts.heatmap(frame, x="area", y="audience", z="gap", title="", x_label=full, x_short=short)
    trace = fig.data[0]
    # ordered as the reader sees them: by the short label on the axis
    assert list(trace.x) == ["A short", "Z short"]
    assert [list(row) for row in trace.customdata] == [[full("a"), full("b")]] * 2
    assert "%{customdata}" in trace.hovertemplate
    # across where they fit, upright where they would overlap: never wrapped
    assert list(fig.layout.xaxis.autotickangles) == [0, 90]
    assert not any("<br>" in label for label in trace.x)
    # without short labels, the full ones are wrapped under the matrix and hovered as they are
    wrapped = charts.heatmap(frame, x="area", y="audience", z="gap", title="", x_label=full)
    assert wrapped.data[0].x[0] == "Alpha, the<br>long name of<br>b"
    assert wrapped.layout.xaxis.tickangle == 0


def test_a_score_of_100_is_drawn_whole_on_the_spread_chart():
    frame = pd.DataFrame(
        {
            "challenge": ["encryption"],
            "min_score": [50.0],
            "p25_score": [70.0],
            "p75_score": [100.0],
            "max_score": [100.0],
            "mean_score": [100.0],
            "country_score": [100.0],
        }
    )
    fig = charts.spread_chart(frame, category="challenge", title="t", country_name="France")
    assert list(fig.layout.xaxis.range) == [0, 100]
    markers = [t for t in fig.data if t.type == "scatter"]
    assert len(markers) == 2 and all(t.cliponaxis is False for t in markers)
