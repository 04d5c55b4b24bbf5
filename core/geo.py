"""Where places are: municipality centroids and the distance between two codes.

The centroids come from the JpGeocode package (MIT; 1,741 municipalities keyed
"都道府県,市区町村" with lat/lng), read from its installed data file, never from the
network. Its keys are mapped to JIS X 0402 codes through the places the caller
passes in (core/places.py), so this module knows no place rules of its own:

- a ward of a designated city (横浜市鶴見区) has no entry and takes its city's;
- a prefecture's centroid is the mean of its municipalities';
- three names are spelt differently in the package (a renamed city and two variant
  kanji): ``_PACKAGE_SPELLING`` says which.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

#: mean Earth radius, km
EARTH_RADIUS_KM = 6371.0

#: the package's spelling of a name where it differs from the place table's
_PACKAGE_SPELLING = {
    "丹波篠山市": "篠山市",  # renamed in 2019, after the package's data
    "檮原町": "梼原町",
    "須惠町": "須恵町",
}


class PlaceLike(Protocol):
    code: str
    name: str
    kind: str
    prefecture_code: str
    parent_code: str | None


@dataclass(frozen=True)
class LatLng:
    lat: float
    lng: float


def haversine_km(a: LatLng, b: LatLng) -> float:
    """Great-circle distance between two points, in km."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lng - a.lng)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def package_centroids() -> dict[str, LatLng]:
    """The package's table, keyed as it keys it ("東京都,世田谷区")."""
    text = resources.files("JpGeocode").joinpath("data/jp_geocode.json").read_text(encoding="utf-8")
    return {k: LatLng(float(v["lat"]), float(v["lng"])) for k, v in json.loads(text).items()}


class Centroids:
    """Centroids by JIS code, for municipalities, wards and prefectures."""

    def __init__(self, by_code: dict[str, LatLng]):
        self._by_code = dict(by_code)
        self._codes = sorted(self._by_code)
        self._rows: OrderedDict[str, dict[str, float]] = OrderedDict()
        self._arrays_kept: OrderedDict[str, Any] = OrderedDict()
        self._arrays: tuple[Any, Any] | None = None
        self._five: Any = None  # which of self._codes are municipalities or wards

    @classmethod
    def from_places(cls, places: Iterable[PlaceLike],
                    table: dict[str, LatLng] | None = None) -> Centroids:
        table = package_centroids() if table is None else table
        places = list(places)
        pref_names = {p.code: p.name for p in places if p.kind == "prefecture"}
        by_code: dict[str, LatLng] = {}
        for p in places:
            if p.kind in ("prefecture", "ward"):
                continue
            name = _PACKAGE_SPELLING.get(p.name, p.name)
            point = table.get(f"{pref_names.get(p.prefecture_code, '')},{name}")
            if point is not None:
                by_code[p.code] = point
        for p in places:
            if p.kind == "ward" and p.parent_code in by_code:
                by_code[p.code] = by_code[p.parent_code]
        members: dict[str, list[LatLng]] = defaultdict(list)
        for code, point in by_code.items():
            members[code[:2]].append(point)
        for pref, points in members.items():
            by_code[pref] = LatLng(sum(q.lat for q in points) / len(points),
                                   sum(q.lng for q in points) / len(points))
        return cls(by_code)

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def get(self, code: str | None) -> LatLng | None:
        return self._by_code.get(code or "")

    def codes(self) -> list[str]:
        return sorted(self._by_code)

    def distance_km(self, code_a: str | None, code_b: str | None) -> float | None:
        """km between the two places' centroids; None when either has none."""
        a, b = self.get(code_a), self.get(code_b)
        if a is None or b is None:
            return None
        return 0.0 if a == b else haversine_km(a, b)

    #: rows of distances_from kept (each about 1,900 floats)
    ROWS_KEPT = 512
    #: and of distances_array (the few a request's areas were just placed by)
    ARRAYS_KEPT = 64

    def distances_from(self, code: str | None) -> dict[str, float]:
        """km from ``code``'s centroid to every place with one, in one array pass.

        A suggestion places thousands of target areas against its few scopes: a row
        per scope, kept for the next requests, replaces a haversine_km call per pair.
        Equal to distance_km up to the last bits of a float (the same formula in numpy).
        """
        key = code or ""
        row = self._rows.get(key)
        if row is not None:
            self._rows.move_to_end(key)
            return row
        km = self.distances_array(code)  # (shared with within() and the suggester's tables)
        row = {} if km is None else dict(zip(self._codes, km.tolist(), strict=True))
        self._rows[key] = row
        if len(self._rows) > self.ROWS_KEPT:
            self._rows.popitem(last=False)
        return row

    def _km(self, origin: LatLng) -> Any:
        import numpy as np

        if self._arrays is None:
            self._arrays = (np.radians([self._by_code[c].lat for c in self._codes]),
                            np.radians([self._by_code[c].lng for c in self._codes]))
        lat, lng = self._arrays
        p1, l1 = math.radians(origin.lat), math.radians(origin.lng)
        h = np.sin((lat - p1) / 2) ** 2 + math.cos(p1) * np.cos(lat) * np.sin((lng - l1) / 2) ** 2
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))

    def distances_array(self, code: str | None) -> Any:
        """distances_from's values as one numpy array, in ``codes()`` order (None when
        ``code`` has no centroid): the same floats, without a dict of them."""
        key = code or ""
        found = self._arrays_kept.get(key)
        if found is not None:
            self._arrays_kept.move_to_end(key)
            return found
        origin = self.get(code)
        if origin is None:
            return None
        found = self._arrays_kept[key] = self._km(origin)
        found.flags.writeable = False
        if len(self._arrays_kept) > self.ARRAYS_KEPT:
            self._arrays_kept.popitem(last=False)
        return found

    def within(self, code: str, km: float) -> dict[str, float]:
        """Every municipality or ward within ``km`` of ``code``'s centroid, with its distance."""
        origin = self.get(code)
        if origin is None:
            return {}
        import numpy as np

        out = {}
        # the row finds the few candidates (in one array pass, in self._codes order);
        # their distance is then taken exactly
        if self._five is None:
            self._five = np.array([len(c) == 5 for c in self._codes])
        rough = self.distances_array(code)
        for i in np.flatnonzero(self._five & (rough <= km + 1e-6)).tolist():
            other = self._codes[i]
            d = haversine_km(origin, self._by_code[other])
            if d <= km:
                out[other] = d
        return out
