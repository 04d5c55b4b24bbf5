"""Where municipalities are: centroids and the distance between two of them.

Coordinates come from the `JpGeocode` package (PyPI, MIT): 1,741 municipalities
keyed "都道府県,市区町村" (Tokyo's 23 special wards included, designated cities as
one point). A ward of a designated city takes its city's point; a prefecture has
no centroid here (None).
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

from tsunagari.core.places import place_table

# Names JpGeocode (2019) spells differently from the postal data: a renamed city and
# two variant kanji.
_SPELLED = {"丹波篠山市": "篠山市", "須惠町": "須恵町", "檮原町": "梼原町"}
EARTH_RADIUS_KM = 6371.0


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    raw = json.loads(resources.files("JpGeocode").joinpath("data/jp_geocode.json")
                     .read_text(encoding="utf-8"))
    by_name = {key: (float(v["lat"]), float(v["lng"])) for key, v in raw.items()}
    places = place_table().places()
    prefecture = {p.code: p.name for p in places if p.kind == "prefecture"}
    out: dict[str, tuple[float, float]] = {}
    for p in places:
        if p.kind in ("prefecture", "ward"):
            continue
        name = _SPELLED.get(p.name, p.name)
        point = by_name.get(f"{prefecture[p.prefecture_code]},{name}")
        if point is not None:
            out[p.code] = point
    for p in places:
        if p.kind == "ward" and p.parent_code in out:
            out[p.code] = out[p.parent_code]
    return out


def centroid(code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a municipality or ward by its 5-digit code, or None."""
    return _centroids().get(code)


def distance_km(a: str, b: str) -> float | None:
    """Great-circle distance between two municipalities' centroids, None if one is unknown."""
    pa, pb = centroid(a), centroid(b)
    if pa is None or pb is None:
        return None
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (pa, pb))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))
