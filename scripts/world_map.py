"""Make the world map's country shapes: broadsheet/topics/data/world_map.json.

    .venv/bin/python scripts/world_map.py [countries-110m.json]

Reads Natural Earth's 1:110m countries (public domain) as redistributed by npm's
``world-atlas`` 2.0.2 (TopoJSON, keyed by ISO 3166 numeric codes); without an argument
it fetches that package with ``npm pack`` into a temporary folder. Writes one SVG path
per country, keyed by ISO 3166 alpha-2 (pycountry), in the Natural Earth projection, so
the site draws the map with no npm, no JavaScript and no query. Run it again only to
change the shapes; the output is committed.
"""

import itertools
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "broadsheet" / "topics" / "data" / "world_map.json"
PACKAGE = "world-atlas@2.0.2"
WIDTH = 1000
# Below this many units (a tenth of a pixel at the map's width) two points are one.
PRECISION = 1
# Shapes world-atlas leaves without a numeric code: those ISO 3166 folds into a member
# state are drawn as part of it; Kosovo keeps the code everyone uses for it.
UNCODED = {"N. Cyprus": "CY", "Somaliland": "SO", "Kosovo": "XK"}
NAMES = {"XK": "Kosovo"}
# Antarctica's outline runs round the pole, which this projection draws as a line: a
# closed shape would need the pole added; no news map misses it.
LEFT_OUT = {"AQ"}


def natural_earth(longitude: float, latitude: float) -> tuple[float, float]:
    """The Natural Earth projection (Šavrič et al. 2011), on the unit sphere."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


# The projection's extent: longitude ±180 at the equator, latitude ±90.
X_MAX = natural_earth(180, 0)[0]
Y_MAX = natural_earth(0, 90)[1]
SCALE = WIDTH / (2 * X_MAX)
# Down to 60°S: below it, only Antarctica (LEFT_OUT).
HEIGHT = round((Y_MAX - natural_earth(0, -60)[1]) * SCALE)


def to_view(longitude: float, latitude: float) -> tuple[int, int]:
    """A point in the SVG's viewBox: origin at the top left, y downwards, whole units."""
    x, y = natural_earth(longitude, latitude)
    return round((x + X_MAX) * SCALE / PRECISION), round((Y_MAX - y) * SCALE / PRECISION)


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs as lists of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        # A negative index is the arc ~index walked backwards (TopoJSON's convention).
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrapped(points) -> list[tuple[float, float]]:
    """The ring with no jump across the antimeridian: longitudes may pass ±180."""
    result = [points[0]]
    shift = 0.0
    for (prev_lon, _), (lon, lat) in itertools.pairwise(points):
        if lon - prev_lon > 180:
            shift -= 360
        elif prev_lon - lon > 180:
            shift += 360
        result.append((lon + shift, lat))
    return result


def clipped(points, *, keep) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the ring cut by a meridian, keeping the side where ``keep``."""
    result = []
    for (lon0, lat0), (lon1, lat1) in zip(points, points[1:] + points[:1], strict=False):
        inside0, inside1 = keep(lon0), keep(lon1)
        if inside0:
            result.append((lon0, lat0))
        if inside0 != inside1:
            edge = 180.0 if (lon0 > 180) != (lon1 > 180) else -180.0
            t = (edge - lon0) / (lon1 - lon0)
            result.append((edge, lat0 + t * (lat1 - lat0)))
    return result


def map_rings(points) -> list[list[tuple[float, float]]]:
    """The ring as drawn on a map from -180 to 180: split where it crosses the edge."""
    points = unwrapped(points)
    lons = [lon for lon, _ in points]
    if min(lons) >= -180 and max(lons) <= 180:
        return [points]
    rings = []
    for shift in (-360, 0, 360):
        moved = [(lon + shift, lat) for lon, lat in points]
        part = clipped(clipped(moved, keep=lambda lon: lon <= 180), keep=lambda lon: lon >= -180)
        if len(part) >= 3:
            rings.append(part)
    return rings


def ring_path(points) -> str:
    """One closed ring as compact SVG path data: an absolute move, then relative lines."""
    projected: list[tuple[int, int]] = []
    for point in points:
        view = to_view(*point)
        if not projected or view != projected[-1]:
            projected.append(view)
    if len(projected) < 3:
        return ""  # An island smaller than a pixel at this size.
    (x0, y0), *rest = projected
    steps = []
    for (px, py), (x, y) in zip(projected, rest, strict=False):
        steps.append(f"{x - px} {y - py}")
    return f"M{x0} {y0}l" + " ".join(steps).replace(" -", "-") + "z"


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def alpha_2(geometry: dict) -> tuple[str, str]:
    name = geometry["properties"]["name"]
    if "id" not in geometry:
        code = UNCODED.get(name)
        if code is None:
            raise SystemExit(f"countries-110m.json: {name!r} has no ISO numeric id")
        return code, NAMES.get(code, "")
    country = pycountry.countries.get(numeric=geometry["id"])
    if country is None:
        raise SystemExit(
            f"countries-110m.json: {name!r} has id {geometry['id']!r}, not an ISO 3166 code"
        )
    return country.alpha_2, getattr(country, "common_name", country.name)


def countries(topology: dict) -> dict[str, dict[str, str]]:
    arcs = decoded_arcs(topology)
    shapes: dict[str, dict[str, str]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code, name = alpha_2(geometry)
        if code in LEFT_OUT:
            continue
        path = "".join(
            ring_path(part)
            for polygon in polygons(geometry)
            for ring in polygon
            for part in map_rings(ring_points(ring, arcs))
        )
        if code in shapes:
            shapes[code]["d"] += path
        else:
            shapes[code] = {"name": name, "d": path}
    return dict(sorted(shapes.items()))


def fetched_topology() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True)
        tarball = next(Path(folder).glob("world-atlas-*.tgz"))
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/countries-110m.json")
            if member is None:
                raise SystemExit(f"{PACKAGE}: no package/countries-110m.json in {tarball.name}")
            return json.load(member)


def main(argv: list[str]) -> None:
    if argv:
        path = Path(argv[0])
        try:
            topology = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise SystemExit(f"{path}: cannot read it as TopoJSON ({exc})") from exc
    else:
        topology = fetched_topology()
    data: dict[str, Any] = {
        "source": (
            "Natural Earth 1:110m Admin 0 countries, version 4.1.0, via the npm package "
            f"{PACKAGE} (https://github.com/topojson/world-atlas)"
        ),
        "licence": (
            "Natural Earth data are in the public domain "
            "(https://www.naturalearthdata.com/about/terms-of-use/)"
        ),
        "generated_by": "scripts/world_map.py",
        "projection": "Natural Earth",
        "width": WIDTH,
        "height": HEIGHT,
        "countries": countries(topology),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, separators=(",", ":")) + "\n")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(data['countries'])} countries")


if __name__ == "__main__":
    main(sys.argv[1:])
