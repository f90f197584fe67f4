"""Build ``app/assets/europe.geojson`` from Natural Earth 1:50m country shapes.

The shapes come from the ``world-atlas`` npm package (Natural Earth 4.1.0 as TopoJSON, ids are
ISO 3166 numeric codes). This script decodes the TopoJSON, keeps Europe and its neighbours,
clips them to a window, simplifies and rounds the coordinates, and writes a compact GeoJSON
whose features carry ``properties.iso3``. Run it only to refresh the committed asset::

    python scripts/fetch_geometry.py                      # runs `npm pack world-atlas@2.0.2`
    python scripts/fetch_geometry.py --topojson countries-50m.json
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pycountry

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]

PACKAGE = "world-atlas@2.0.2"
SCALE = "50m"
#: lon_min, lat_min, lon_max, lat_max: every Party (Iceland to Azerbaijan, Norway to Israel).
WINDOW = (-25.0, 29.0, 52.0, 72.0)
#: Douglas-Peucker tolerance in degrees; small enough to keep Monaco and San Marino shaped.
TOLERANCE = 0.01
DECIMALS = 3
#: Rings smaller than this (square degrees) are kept as they are: simplifying them erases them.
SIMPLIFY_MIN_AREA = 0.01
#: A country whose whole area is below this (square degrees) also gets a marker on the map.
SMALL_AREA = 0.1

#: Natural Earth features without an ISO numeric code that the map still needs.
UNCODED = {"Kosovo": "XKX", "N. Cyprus": "CYP"}
#: Inside the window but only as a sliver at its corner: left out rather than drawn cut.
LEFT_OUT = {"GRL"}
#: Crimea is drawn as part of Ukraine, as the Council of Europe recognises it.
CRIMEA_BOX = (32.3, 44.3, 36.8, 46.3)

OUT = Path(__file__).resolve().parent.parent / "app" / "assets" / "europe.geojson"


class GeometryError(Exception):
    """The TopoJSON could not be obtained or does not hold what the map needs."""


def fetch_topojson(workdir: Path) -> Path:
    """Download the npm package into ``workdir`` and return its 1:50m countries file."""
    try:
        done = subprocess.run(
            ["npm", "pack", PACKAGE, "--silent"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise GeometryError(f"npm pack {PACKAGE} failed: {exc}") from exc
    tarball = workdir / done.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / f"countries-{SCALE}.json"


def decode_arcs(topology: dict) -> list[Ring]:
    """Absolute lon/lat points of every arc (quantised, delta-encoded in the file)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def stitch(arcs: list[Ring], indexes: Iterable[int]) -> Ring:
    """One closed ring from arc indexes; a negative index ``~i`` means arc ``i`` reversed."""
    ring: Ring = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def polygons(geometry: dict, arcs: list[Ring]) -> list[Polygon]:
    if geometry.get("type") == "Polygon":
        return [[stitch(arcs, r) for r in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[stitch(arcs, r) for r in p] for p in geometry["arcs"]]
    return []


def signed_area(ring: Ring) -> float:
    """Planar shoelace area; positive when counter-clockwise with latitude up."""
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))


def centroid(ring: Ring) -> Point:
    area = signed_area(ring)
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return (sum(xs) / len(xs), sum(ys) / len(ys))
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return (cx / (6 * area), cy / (6 * area))


def clip(ring: Ring, window: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman clipping of one ring to a lon/lat rectangle."""
    x0, y0, x1, y1 = window
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    ]
    points = ring[:-1] if ring and ring[0] == ring[-1] else ring
    for keep, cut in edges:
        if not points:
            break
        out: Ring = []
        prev = points[-1]
        for cur in points:
            if keep(cur):
                if not keep(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif keep(prev):
                out.append(cut(prev, cur))
            prev = cur
        points = out
    return points + points[:1] if points else []


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on a closed ring, iterative so long coastlines do not recurse deeply."""
    if len(ring) <= 5:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # Split at the point farthest from the start so that the closed ring has two open halves.
    far = max(range(len(ring)), key=lambda i: _dist2(ring[i], ring[0]))
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _seg_dist(ring[i], ring[first], ring[last])
            if d > best:
                best, index = d, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(ring, keep, strict=True) if k]


def _dist2(a: Point, b: Point) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _seg_dist(p: Point, a: Point, b: Point) -> float:
    length2 = _dist2(a, b)
    if length2 == 0:
        return math.sqrt(_dist2(p, a))
    t = max(0.0, min(1.0, ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / length2))
    return math.sqrt(_dist2(p, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))))


def tidy(ring: Ring, exterior: bool) -> Ring | None:
    """Simplify, round and orient a ring; ``None`` when nothing drawable is left.

    Plotly draws with d3-geo, which takes a clockwise exterior ring (longitude right, latitude
    up) as the polygon itself and a counter-clockwise one as the rest of the globe.
    """
    points = simplify(ring, TOLERANCE) if abs(signed_area(ring)) > SIMPLIFY_MIN_AREA else ring
    rounded: Ring = []
    for x, y in points:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    if len(rounded) < 4 or signed_area(rounded) == 0:
        return None
    clockwise = signed_area(rounded) < 0
    return rounded if clockwise == exterior else rounded[::-1]


def iso3_of(geometry: dict) -> str | None:
    name = geometry.get("properties", {}).get("name", "")
    if name in UNCODED:
        return UNCODED[name]
    code = geometry.get("id")
    country = pycountry.countries.get(numeric=code) if code else None
    return country.alpha_3 if country else None


def build(topology: dict) -> dict:
    """The clipped, simplified FeatureCollection for the map."""
    arcs = decode_arcs(topology)
    shapes: dict[str, list[Polygon]] = {}
    names: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        iso3 = iso3_of(geometry)
        if iso3 is None or iso3 in LEFT_OUT:
            continue
        for polygon in polygons(geometry, arcs):
            # Russia's mainland crosses 180°: unwrapped, its far east falls outside the window
            # instead of closing the ring with a band across the whole map.
            polygon = [_unwrap(r) for r in polygon]
            owner = iso3
            if iso3 == "RUS" and _inside_box(centroid(polygon[0]), CRIMEA_BOX):
                owner = "UKR"
            clipped = [clip(r, WINDOW) for r in polygon]
            if not clipped[0]:
                continue
            shapes.setdefault(owner, []).append([r for r in clipped if r])
        if iso3 in shapes and iso3 not in names and geometry["properties"]["name"] != "N. Cyprus":
            names[iso3] = geometry["properties"]["name"]
    features = []
    for iso3 in sorted(shapes):
        multipolygon = []
        for polygon in shapes[iso3]:
            exterior = tidy(polygon[0], exterior=True)
            if exterior is None:
                continue
            holes = [h for h in (tidy(r, exterior=False) for r in polygon[1:]) if h]
            multipolygon.append([exterior, *holes])
        if not multipolygon:
            continue
        largest = max(multipolygon, key=lambda p: abs(signed_area(p[0])))
        area = sum(abs(signed_area(p[0])) for p in multipolygon)
        lon, lat = centroid(largest[0])
        features.append(
            {
                "type": "Feature",
                "id": iso3,
                "properties": {
                    "iso3": iso3,
                    "name": names.get(iso3, iso3),
                    "label_point": [round(lon, DECIMALS), round(lat, DECIMALS)],
                    "small": area < SMALL_AREA,
                },
                "geometry": {"type": "MultiPolygon", "coordinates": multipolygon},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _unwrap(ring: Ring) -> Ring:
    """Shift longitudes by 360° after each jump across the antimeridian, keeping edges short."""
    out = ring[:1]
    offset = 0.0
    for (x0, _), (x, y) in zip(ring, ring[1:], strict=False):
        if x - x0 > 180:
            offset -= 360
        elif x - x0 < -180:
            offset += 360
        out.append((x + offset, y))
    return out


def _inside_box(point: Point, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topojson", type=Path, help=f"countries-{SCALE}.json of {PACKAGE}")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = args.topojson or fetch_topojson(Path(tmp))
        topology = json.loads(source.read_text(encoding="utf-8"))
    collection = build(topology)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({len(collection['features'])} countries, {size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
