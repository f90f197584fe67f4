"""``app.geo`` and its shipped geometry, checked without a browser (fast, no marker).

What the browser tests prove by drawing, these pin down in the figure itself: no base layer
that plotly would fetch, suppressed values that never carry a number, every Party shaped.
"""

from __future__ import annotations

import csv
import importlib.util
import math

import pandas as pd
import plotly.colors
import pytest
from browser_harness import ROOT

from app import geo

with (ROOT / "etl" / "reference" / "convention_parties.csv").open(encoding="utf-8") as _f:
    PARTIES = [row["iso3"] for row in csv.DictReader(_f)]


def _signed_area(ring: list[list[float]]) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))


def test_asset_is_compact_and_shapes_every_party_and_kosovo():
    assert geo.GEOJSON_PATH.stat().st_size < 1_500_000
    mapped = geo.mapped_countries()
    assert set(PARTIES) - mapped == set()
    assert "XKX" in mapped


def test_no_shape_is_a_band_across_the_map():
    # A ring crossing 180° clipped without unwrapping closes along the window's whole width.
    widths = {
        (iso3, i): max(x for x, _ in p[0]) - min(x for x, _ in p[0])
        for iso3, f in geo._features().items()
        for i, p in enumerate(f["geometry"]["coordinates"])
    }
    assert max(widths.values()) < 60, max(widths, key=widths.get)


@pytest.mark.parametrize("iso3", ["AND", "LIE", "MCO", "SMR", "MLT", "CYP", "UKR", "ISL", "AZE"])
def test_small_and_edge_countries_have_real_outlines(iso3):
    feature = geo._features()[iso3]
    assert feature["geometry"]["type"] == "MultiPolygon"
    rings = [p[0] for p in feature["geometry"]["coordinates"]]
    assert all(len(r) >= 4 and r[0] == r[-1] for r in rings)
    # d3-geo, which plotly draws with, reads a counter-clockwise exterior as "the whole globe".
    assert all(_signed_area(r) < 0 for r in rings)


def test_crimea_is_drawn_with_ukraine():
    simferopol = (34.1, 44.95)

    def contains(ring, point):
        x, y = point
        inside = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
        return inside

    owners = {
        iso3
        for iso3, f in geo._features().items()
        for polygon in f["geometry"]["coordinates"]
        if contains(polygon[0], simferopol)
    }
    assert owners == {"UKR"}


def frame(values: dict[str, float | None], **extra: list) -> pd.DataFrame:
    return pd.DataFrame({"country_iso3": list(values), "cases": list(values.values()), **extra})


def test_figure_switches_off_every_base_layer_plotly_would_fetch():
    fig = geo.europe_map(frame({"FRA": 10.0}), "cases", "Cases")
    layout = fig.layout.geo
    for layer in ("land", "ocean", "lakes", "rivers", "coastlines", "countries", "subunits"):
        assert getattr(layout, f"show{layer}") is False, layer
    # Europe's own window, not the bounds of every shape (Russia's far east shrank Europe)
    assert list(layout.lonaxis.range) == [-24, 48] and list(layout.lataxis.range) == [34, 71]
    assert layout.projection.type == "conic conformal"
    # plotly.js asks its CDN for shapes when the map's first trace has a location mode.
    first = fig.data[0]
    assert first.type == "scattergeo" and first.locations is None and first.lon is not None
    assert all(t.featureidkey == "properties.iso3" for t in fig.data if t.type == "choropleth")


def test_small_values_read_fewer_than_five_and_carry_no_number():
    df = frame({"FRA": 12.0, "DEU": None, "MCO": None}, victims=[3.0, 7.0, None])
    fig = geo.europe_map(df, "cases", "Cases", hover_cols=("victims",))
    values, suppressed = fig.data[1], fig.data[2]

    assert list(values.locations) == ["FRA"] and list(values.z) == [12.0]
    assert [row[0] for row in values.customdata] == ["France"]
    assert list(values.customdata[0]) == ["France", "12", "3"]
    assert sorted(suppressed.locations) == ["DEU", "MCO"]
    assert {row[1] for row in suppressed.customdata} == {geo.SUPPRESSED_TEXT}
    assert list(suppressed.z) == [0, 0]
    assert [list(r) for r in fig.data[5].customdata] == [["Monaco", "<5", "<5"]]
    assert "%{z" not in suppressed.hovertemplate


def test_each_shape_is_shipped_once_per_figure():
    fig = geo.europe_map(frame({"FRA": 1.0, "DEU": None}), "cases", "Cases")
    shipped = [
        f["properties"]["iso3"] for t in fig.data if t.type == "choropleth" for f in t.geojson["features"]
    ]
    assert sorted(shipped) == sorted(geo.mapped_countries())


def test_small_countries_also_get_a_marker_coloured_like_their_shape():
    fig = geo.europe_map(frame({"MLT": 40.0, "FRA": 20.0}), "cases", "Cases")
    markers = fig.data[4]
    assert markers.type == "scattergeo"
    assert list(markers.marker.color) == [40.0]
    assert markers.marker.coloraxis == "coloraxis"
    lon, lat = markers.lon[0], markers.lat[0]
    assert math.isclose(lon, 14.4, abs_tol=0.2) and math.isclose(lat, 35.9, abs_tol=0.2)


def test_country_without_a_shape_is_named_under_the_map():
    fig = geo.europe_map(frame({"FRA": 1.0, "USA": 2.0}), "cases", "Cases")
    assert "USA" in fig.layout.annotations[0].text
    assert "USA" not in fig.data[1].locations


@pytest.mark.parametrize(
    ("df", "message"),
    [
        (pd.DataFrame({"country_iso3": ["FRA"]}), "lacks column"),
        (frame({"FRA": 1.0}).pipe(lambda d: pd.concat([d, d])), "more than once"),
    ],
    ids=["missing-column", "duplicate-country"],
)
def test_bad_input_is_a_named_error(df, message):
    with pytest.raises(geo.MapDataError, match=message):
        geo.europe_map(df, "cases", "Cases")


@pytest.mark.parametrize("colorscale", ["Cividis", "Viridis"])
def test_colour_scale_is_the_one_asked_for(colorscale):
    fig = geo.europe_map(frame({"FRA": 1.0}), "cases", "Cases", colorscale=colorscale)
    # plotly expands a named scale into its colour stops
    expected = [colour for _, colour in plotly.colors.get_colorscale(colorscale)]
    assert [colour for _, colour in fig.layout.coloraxis.colorscale] == expected


def _fetch_script():
    spec = importlib.util.spec_from_file_location("fetch_geometry", ROOT / "scripts" / "fetch_geometry.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_topojson_decoding_names_kosovo_and_orients_rings():
    fetch = _fetch_script()
    # Two unit squares as delta-encoded arcs; Kosovo has no ISO numeric id in Natural Earth.
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.1, 0.1], "translate": [10.0, 40.0]},
        "arcs": [
            [[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]],
            [[20, 0], [0, 10], [10, 0], [0, -10], [-10, 0]],
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "id": "470",
                        "properties": {"name": "Malta"},
                        "arcs": [[0]],
                    },
                    {"type": "Polygon", "properties": {"name": "Kosovo"}, "arcs": [[~1]]},
                    {"type": "Polygon", "properties": {"name": "Nowhere"}, "arcs": [[1]]},
                ],
            }
        },
    }
    features = {f["id"]: f for f in fetch.build(topology)["features"]}
    assert sorted(features) == ["MLT", "XKX"]
    for feature in features.values():
        ring = feature["geometry"]["coordinates"][0][0]
        assert _signed_area(ring) < 0
        assert feature["properties"]["small"] is False
    assert features["MLT"]["properties"]["label_point"] == [10.5, 40.5]
