"""The map of Japan: prefecture outlines and one circle per active municipality, as SVG data.

Outlines are `data/japan_prefectures.json` (built by tools/build_japan_map.py from
the Apache-2.0 `japanmap` package); circles stand at the municipality centroids of
`tsunagari.core.geo`. Everything is computed here, on the server, into plain
numbers and path strings that a template writes into inline SVG: no script and
no file from elsewhere is needed to see or use the map.

Projection: longitude × cos 36° and latitude, in units of 1/40 degree, north up.
Okinawa is drawn in a framed inset in the sea north-west of Honshu, as Japanese
maps usually do, so that the main islands keep a readable size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tsunagari.core.geo import Centroids
from tsunagari.core.places import place_table

DATA = Path(__file__).resolve().parent / "data" / "japan_prefectures.json"
UNIT = 40.0  # SVG units per degree of latitude
KX = math.cos(math.radians(36))
WEST, NORTH = 127.6, 45.9  # top-left corner of the whole-country view
OKINAWA = "47"
OKINAWA_SHIFT = (5.4, 17.5)  # degrees added to (lon, lat) of everything in Okinawa
OKINAWA_FRAME = (122.6, 23.9, 131.6, 27.2)  # lon/lat box around the islands, before the shift
LEVELS = 4
HIT_SHARE = 12 / 360  # a tap target of 24 px across where the map is 360 px wide


def level(count: int, most: int) -> int:
    """0 for nothing, else 1..4 by the share of the busiest place's count."""
    if count <= 0:
        return 0
    return 1 + min(LEVELS - 1, (LEVELS * count - 1) // max(most, 1))


@dataclass(frozen=True)
class Prefecture:
    code: str
    name: str
    path: str
    count: int
    level: int


@dataclass(frozen=True)
class Circle:
    code: str
    label: str  # with its prefecture: 東京都八王子市
    x: float
    y: float
    r: float
    count: int
    hit: float  # radius of the invisible target under it: about 12 px on a 390 px phone


@dataclass(frozen=True)
class JapanMap:
    view_box: str
    width: float
    height: float
    prefectures: list[Prefecture]
    circles: list[Circle]  # largest first, so that small ones stay on top and clickable
    outside: list[Circle]  # active municipalities the view does not reach (far islands)
    inset: tuple[float, float, float, float] | None  # x, y, w, h of the Okinawa frame
    focus: str | None


@cache
def _centroids() -> Centroids:
    return Centroids.from_places(place_table().places())


def _project(lon: float, lat: float, code: str) -> tuple[float, float]:
    if code.startswith(OKINAWA):
        lon, lat = lon + OKINAWA_SHIFT[0], lat + OKINAWA_SHIFT[1]
    return (round((lon - WEST) * KX * UNIT, 1), round((NORTH - lat) * UNIT, 1))


@cache
def _outlines() -> dict[str, list[tuple[float, float]]]:
    rings = json.loads(DATA.read_text(encoding="utf-8"))["prefectures"]
    return {code: [_project(flat[i], flat[i + 1], code) for i in range(0, len(flat), 2)]
            for code, flat in rings.items()}


def _path(points: list[tuple[float, float]]) -> str:
    head, *rest = points
    return f"M{head[0]:g} {head[1]:g}L" + " ".join(f"{x:g} {y:g}" for x, y in rest) + "Z"


def _bounds(points: Iterable[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def japan_map(prefecture_names: Mapping[str, str], counts: Mapping[str, int],
              labels: Mapping[str, str], focus: str | None = None) -> JapanMap:
    """The map with prefectures shaded by ``counts[pref_code]`` and a circle per municipality
    code in ``counts`` (sized by its count, titled by ``labels[code]``).

    With ``focus`` (a prefecture code) the view is that prefecture's outline, the others
    drawn faintly around it, and only its municipalities get circles.
    """
    outlines = _outlines()
    if focus is not None and focus not in outlines:
        raise KeyError(f"no outline for prefecture {focus!r}")
    if focus is None:
        x0, y0, x1, y1 = _bounds(p for ring in outlines.values() for p in ring)
        x0, y0 = min(x0, 0.0), min(y0, 0.0)
    else:
        x0, y0, x1, y1 = _bounds(outlines[focus])
    pad = max(x1 - x0, y1 - y0) * 0.06
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    width, height = x1 - x0, y1 - y0

    most_pref = max((n for c, n in counts.items() if len(c) == 2), default=0)
    prefectures = [
        Prefecture(code, prefecture_names.get(code, code), _path(ring), counts.get(code, 0),
                   level(counts.get(code, 0), most_pref))
        for code, ring in sorted(outlines.items())
    ]

    base = max(width, height) * (0.006 if focus is None else 0.009)
    # the busiest municipality gets five times the smallest circle, whatever the
    # size of the graph: areas grow with the count, never past the map's scale
    most_muni = max((n for code, n in counts.items() if len(code) == 5), default=1) or 1
    inside: list[Circle] = []
    outside: list[Circle] = []
    for code, n in counts.items():
        if len(code) != 5 or n <= 0 or (focus is not None and not code.startswith(focus)):
            continue
        point = _centroids().get(code)
        if point is None:
            continue
        x, y = _project(point.lng, point.lat, code)
        r = round(base * (1 + 4 * math.sqrt(n / most_muni)), 2)
        circle = Circle(code, labels.get(code, code), x, y, r, n,
                        round(max(r, width * HIT_SHARE), 2))
        (inside if x0 <= x <= x1 and y0 <= y <= y1 else outside).append(circle)
    inside.sort(key=lambda c: (-c.r, c.code))
    outside.sort(key=lambda c: c.code)

    inset = None
    if focus is None:
        fx0, fy0 = _project(OKINAWA_FRAME[0], OKINAWA_FRAME[3], OKINAWA)
        fx1, fy1 = _project(OKINAWA_FRAME[2], OKINAWA_FRAME[1], OKINAWA)
        inset = (fx0, fy0, round(fx1 - fx0, 1), round(fy1 - fy0, 1))
    return JapanMap(f"{x0:.1f} {y0:.1f} {width:.1f} {height:.1f}", round(width, 1),
                    round(height, 1), prefectures, inside, outside, inset, focus)
