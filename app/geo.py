"""A map of Europe that draws fully offline from the country shapes shipped in ``app/assets``.

plotly's geo charts fetch their base shapes from a CDN when the chart is drawn and show nothing
when that fails. Here every shape comes from ``assets/europe.geojson`` (Natural Earth 1:50m,
see ``assets/README.md``) and no base layer of plotly's own is switched on.

>>> import pandas as pd
>>> fig = europe_map(pd.DataFrame({"country_iso3": ["MLT"], "cases": [12]}), "cases", "Cases")
>>> fig.data[1].locations
('MLT',)
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from app import i18n

GEOJSON_PATH = Path(__file__).resolve().parent / "assets" / "europe.geojson"

#: What a small count reads wherever it would be shown.
SUPPRESSED_TEXT = "<5"
#: Countries with no data: lighter than any colour of the sequential scales used here.
NO_DATA_FILL = "#f2f2f2"
#: Suppressed values: a neutral grey with a dark outline, set apart from the colour scale.
SUPPRESSED_FILL = "#c4c4c4"
SUPPRESSED_LINE = "#4d4d4d"
BORDER = "#ffffff"
#: Name of the backdrop trace of countries without data (tests tell it from the data by it).
NO_DATA_NAME = "no data"


class MapDataError(ValueError):
    """The data frame given to the map lacks a column or names a country twice."""


@functools.cache
def europe_geojson() -> dict[str, Any]:
    """The shipped FeatureCollection; read once per process and never mutated."""
    collection: dict[str, Any] = json.loads(GEOJSON_PATH.read_text(encoding="utf-8"))
    return collection


@functools.cache
def _features() -> dict[str, dict[str, Any]]:
    return {f["properties"]["iso3"]: f for f in europe_geojson()["features"]}


def mapped_countries() -> frozenset[str]:
    """ISO alpha-3 codes that have a shape on the map."""
    return frozenset(_features())


def _collection(codes: Sequence[str]) -> dict[str, Any]:
    # Each trace carries only its own shapes so the page does not ship the geometry twice.
    features = _features()
    return {"type": "FeatureCollection", "features": [features[c] for c in codes]}


def _formatter(values: pd.Series) -> str:
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    whole = bool(((numbers - numbers.round()).abs() < 1e-9).all())
    return "{:,.0f}" if whole else "{:,.1f}"


def _texts(values: pd.Series) -> list[str]:
    """Hover texts; a missing number is a small one and never shows its value."""
    if not pd.api.types.is_numeric_dtype(values):
        return ["" if pd.isna(v) else str(v) for v in values]
    pattern = _formatter(values)
    return [SUPPRESSED_TEXT if pd.isna(v) else pattern.format(v) for v in values]


def europe_map(
    df: pd.DataFrame,
    value_col: str,
    title: str,
    *,
    iso_col: str = "country_iso3",
    hover_cols: Sequence[str] = (),
    colorscale: str = "YlOrRd",
    value_label: str | None = None,
    height: int = 640,
    lang: str = "en",
    names: Callable[[str], str] | None = None,
) -> go.Figure:
    """A choropleth of ``value_col`` by country, drawn only from the shipped geometry.

    One row per country. ``NaN`` in ``value_col`` (or a numeric hover column) means a small count:
    the country is grey and its hover reads "<5". Countries too small to see (Malta, Monaco, ...)
    also get a marker. Countries without a shape are listed under the map, not dropped silently.
    ``names`` gives a country's name for its hover (default: the geometry's short English name).
    """
    missing = [c for c in (iso_col, value_col, *hover_cols) if c not in df.columns]
    if missing:
        raise MapDataError(f"map data lacks column(s) {missing}")
    if df[iso_col].duplicated().any():
        twice = sorted(df.loc[df[iso_col].duplicated(), iso_col].astype(str).unique())
        raise MapDataError(f"map data names these countries more than once: {twice}")
    tr = i18n.translator(lang)
    label = value_label or value_col.replace("_", " ").capitalize()
    features = _features()

    data = df.loc[df[iso_col].isin(features.keys()), [iso_col, value_col, *hover_cols]]
    data = data.reset_index(drop=True)
    unmapped = sorted(set(df[iso_col].dropna().astype(str)) - features.keys())
    codes = data[iso_col].astype(str).tolist()
    hover_names = [names(c) if names else features[c]["properties"]["name"] for c in codes]
    texts = [_texts(data[value_col]), *(_texts(data[h]) for h in hover_cols)]
    customdata = [list(row) for row in zip(hover_names, *texts, strict=True)]
    hover = "<b>%{customdata[0]}</b><br>" + f"{label}: " + "%{customdata[1]}"
    for i, h in enumerate(hover_cols, start=2):
        hover += f"<br>{h.replace('_', ' ').capitalize()}: " + "%{customdata[" + f"{i}" + "]}"
    hover += "<extra></extra>"

    values = pd.to_numeric(data[value_col], errors="coerce")
    shown = values.notna().to_numpy()
    small = [bool(features[c]["properties"]["small"]) for c in codes]
    others = [c for c in features if c not in set(codes)]

    def pick(mask: Sequence[bool], items: Sequence[Any]) -> list[Any]:
        return [x for x, m in zip(items, mask, strict=True) if m]

    hidden = [not s for s in shown]
    small_shown = [s and m for s, m in zip(shown, small, strict=True)]
    small_hidden = [h and m for h, m in zip(hidden, small, strict=True)]
    anchor = features[codes[0]] if codes else next(iter(features.values()))

    traces: list[Any] = [
        # plotly.js fetches its CDN shapes (world_110m.json) when a base layer is on or when the
        # map's *first* trace has a location mode, which a choropleth always has, geojson or
        # not; offline that fetch fails and nothing is drawn. A first trace placed by
        # longitude/latitude has none, so nothing is fetched (tests/browser proves it).
        go.Scattergeo(
            lon=[anchor["properties"]["label_point"][0]],
            lat=[anchor["properties"]["label_point"][1]],
            mode="markers",
            marker={"opacity": 0, "size": 1},
            hoverinfo="skip",
            showlegend=False,
            name="",
        ),
        go.Choropleth(
            geojson=_collection(pick(shown, codes)),
            featureidkey="properties.iso3",
            locations=pick(shown, codes),
            z=values[shown].tolist(),
            coloraxis="coloraxis",
            customdata=pick(shown, customdata),
            hovertemplate=hover,
            marker={"line": {"color": BORDER, "width": 0.6}},
            name=label,
            showlegend=False,
        ),
        go.Choropleth(
            geojson=_collection(pick(hidden, codes)),
            featureidkey="properties.iso3",
            locations=pick(hidden, codes),
            z=[0] * sum(hidden),
            colorscale=[[0, SUPPRESSED_FILL], [1, SUPPRESSED_FILL]],
            showscale=False,
            customdata=pick(hidden, customdata),
            hovertemplate=hover,
            marker={"line": {"color": SUPPRESSED_LINE, "width": 1}},
            name=tr("{label} (fewer than {threshold})").format(
                label=SUPPRESSED_TEXT, threshold=SUPPRESSED_TEXT.removeprefix("<")
            ),
            showlegend=any(hidden),
        ),
        go.Choropleth(
            geojson=_collection(others),
            featureidkey="properties.iso3",
            locations=others,
            z=[0] * len(others),
            colorscale=[[0, NO_DATA_FILL], [1, NO_DATA_FILL]],
            showscale=False,
            hoverinfo="skip",
            marker={"line": {"color": "#d0d0d0", "width": 0.4}},
            name=NO_DATA_NAME,
            showlegend=False,
        ),
        _markers(
            pick(small_shown, codes),
            values[small_shown].tolist(),
            customdata,
            small_shown,
            hover,
            coloured=True,
        ),
        _markers(pick(small_hidden, codes), [], customdata, small_hidden, hover, coloured=False),
    ]
    fig = go.Figure(data=traces)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 0, "r": 0, "t": 48, "b": 110 if unmapped else 70},
        # the colour bar lies under the map: beside it, it took a third of a phone's width
        coloraxis={
            "colorscale": colorscale,
            "colorbar": {
                "title": {"text": label, "side": "top"},
                "orientation": "h",
                "x": 0.5,
                "xanchor": "center",
                "y": -0.02,
                "yanchor": "top",
                "len": 0.6,
                "thickness": 12,
            },
        },
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
        geo={
            # Every base layer plotly could draw comes from its CDN: all off, shapes are ours.
            "showland": False,
            "showocean": False,
            "showlakes": False,
            "showrivers": False,
            "showcoastlines": False,
            "showcountries": False,
            "showsubunits": False,
            "showframe": False,
            "bgcolor": "rgba(0,0,0,0)",
            # A conic projection over Europe's own window (Iceland to the Caucasus, Cyprus to
            # the North Cape) fills a wide chart; Mercator fitted to every shape had left Europe
            # a third of the width, with Russia's far east.
            "projection": {"type": "conic conformal", "parallels": [35, 65], "rotation": {"lon": 12}},
            "lonaxis": {"range": [-24, 48]},
            "lataxis": {"range": [34, 71]},
            "visible": False,
        },
    )
    if unmapped:
        fig.add_annotation(
            text=tr("Not on the map (no shape): {countries}").format(countries=", ".join(unmapped)),
            x=0,
            y=-0.2,
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="top",
            showarrow=False,
            font={"size": 11},
        )
    return fig


def _markers(
    codes: list[str],
    values: list[float],
    customdata: list[list[str]],
    mask: list[bool],
    hover: str,
    *,
    coloured: bool,
) -> go.Scattergeo:
    """Dots over countries too small to see at the scale of Europe."""
    points = [_features()[c]["properties"]["label_point"] for c in codes]
    marker: dict[str, Any] = {"size": 9, "line": {"width": 1, "color": SUPPRESSED_LINE}}
    if coloured:
        marker.update(color=[v if math.isfinite(v) else None for v in values], coloraxis="coloraxis")
    else:
        marker.update(color=SUPPRESSED_FILL)
    return go.Scattergeo(
        lon=[p[0] for p in points],
        lat=[p[1] for p in points],
        mode="markers",
        marker=marker,
        customdata=[row for row, m in zip(customdata, mask, strict=True) if m],
        hovertemplate=hover,
        showlegend=False,
        name="",
    )
