"""Where a request looks: the area asked about, how far each role reaches, and how
near a programme's target area is.

A local role (core/vocabulary.py ``Reach.LOCAL``) reaches the area's prefecture and
every municipality within ``LOCAL_REACH_KM`` of its centroid (core/geo.py); an
``anywhere`` role reaches all of Japan, nearer still scoring higher. ``Placer`` holds
what one request has worked out about places; it lives as long as the request.
"""

from __future__ import annotations

import functools
import math
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tsunagari.core.geo import Centroids
from tsunagari.core.places import covering, place_table
from tsunagari.core.vocabulary import HOME_BOUND_ROLES, LOCAL_REACH_KM, ROLES, Reach


class SuggestError(ValueError):
    """Bad input a person can fix: unknown role or area code."""


@dataclass(frozen=True)
class AreaScope:
    """An area asked about, with the wider areas it falls back to."""

    code: str
    name: str  # as a reader names it: 世田谷区, 横浜市鶴見区, 東京都
    city: str  # designated city containing the area ('' when none)
    city_name: str
    pref: str
    pref_name: str

    @property
    def is_prefecture(self) -> bool:
        return self.code == self.pref


@functools.cache
def centroids() -> Centroids:
    """Every municipality's centroid, read once: the table never changes in a process."""
    return Centroids.from_places(place_table().places())


def area_scope(code: str) -> AreaScope:
    return _area_scope(code.strip())


@functools.lru_cache(maxsize=4096)
def _area_scope(code: str) -> AreaScope:
    """The place table never changes in a process: each area is worked out once."""
    gaz = place_table()
    place = gaz.by_code(code)
    if place is None:
        raise SuggestError(f"unknown area code {code!r}: use a 5-digit JIS X 0402 municipality "
                           "code (世田谷区 = 13112) or a 2-digit prefecture code")
    city = place.code if place.kind == "designated_city" else gaz.designated_city(place.code) or ""
    pref = gaz.by_code(place.prefecture_code)
    city_place = gaz.by_code(city) if city else None
    name = place.name if place.kind == "prefecture" else gaz.label(place)
    return AreaScope(place.code, name, city, city_place.name if city_place else "",
                     place.prefecture_code, pref.name if pref else place.prefecture_code)


def place_name(code: str | None) -> str:
    """A code as a reader names it (世田谷区, 横浜市鶴見区, 東京都); the code itself if unknown."""
    place = place_table().by_code(code or "")
    if place is None:
        return code or ""
    return place.name if place.kind == "prefecture" else place_table().label(place)


@functools.lru_cache(maxsize=4096)
def nearby(code: str, km: float = LOCAL_REACH_KM) -> dict[str, float]:
    """Municipalities and wards within ``km`` of a municipality, with their distance
    (remembered: the table never changes in a process; the dict is only read)."""
    if len(code) != 5:
        return {}
    return centroids().within(code, km)


def reach_of(role: str | None) -> Reach:
    """How far a partner is sought: a role's reach; with no role, locally (a partner
    one meets in person unless the role says otherwise)."""
    if role is None:
        return Reach.LOCAL
    found = ROLES.get(role)
    return found.reach if found and found.reach is not Reach.NONE else Reach.LOCAL


@functools.lru_cache(maxsize=65536)
def public_home(org_id: str, name: str, sector: str | None, kind: str | None) -> str | None:
    """The area a local government body stands for (its municipality's or prefecture's
    code): 熊本市 (gov-43100) → 43100, 和歌山県教育委員会 → 30; None for any other
    organisation, national ministries included (厚生労働省, 関西広域連合)."""
    if sector != "public" or kind != "government":
        return None
    if org_id.startswith("gov-"):
        return org_id.removeprefix("gov-")
    from tsunagari.loaders.places import gazetteer

    name = name.removeprefix("推定:").strip()  # a name recovered from garbled text
    gaz = gazetteer()
    place = gaz.municipality_in(name)
    if place is not None and name.startswith(gaz.label(place)):
        return place.code
    for pref in place_table().places():
        if pref.kind == "prefecture" and name.startswith(pref.name):
            return pref.code
    return None


def home_allows(role: str | None, home: str | None, scopes: list[AreaScope]) -> bool:
    """Whether a candidate whose home body area is ``home`` (``public_home``) may be
    offered for ``role`` around ``scopes``: a government's funding or endorsement
    (HOME_BOUND_ROLES) only where it governs: the asked area is in its municipality
    (its ward, for a designated city) or its prefecture."""
    if role not in HOME_BOUND_ROLES or home is None or not scopes:
        return True
    for s in scopes:
        if home in covering(s.code):
            return True
    return False


#: beyond this many km, nearness no longer counts (score.py's FAR_KM)
CLOSE_KM = 60.0


# Level of a target area relative to the scopes: 0 the area itself (or its ward),
# 1 the same designated city, 2 within reach (same prefecture or within the km),
# 3 beyond.
SAME, SAME_CITY, WITHIN, BEYOND = 0, 1, 2, 3
#: tenths of a km past any distance: where a place without a centroid ranks (Placer._rank)
_NO_KM = 10**7


class _Places:
    """Every place of the place table in code order, with the place numbers of its
    prefecture and of its designated city (-1 for none), once per process."""

    def __init__(self) -> None:
        import numpy as np

        gaz = place_table()
        self.codes = sorted(p.code for p in gaz.places())
        self.index = {c: i for i, c in enumerate(self.codes)}
        self.pref = np.array([self.index.get(c[:2], -1) for c in self.codes], dtype=np.int64)
        self.city = np.array([self.index.get(gaz.designated_city(c) or "", -1) if len(c) == 5 else -1
                              for c in self.codes], dtype=np.int64)
        self.number = np.arange(len(self.codes), dtype=np.int64)
        # the place number of each code with a centroid, in core/geo.py's row order
        known = [self.index.get(c, -1) for c in centroids().codes()]
        self.with_centroid = np.array([i >= 0 for i in known])
        self.centroid_place = np.array([i for i in known if i >= 0], dtype=np.int64)
        self._covered: dict[int, Any] = {}

    def covered(self, i: int) -> Any:
        """Which places the place numbered ``i`` covers (core/places.covering): itself,
        a designated city's wards, a prefecture's places; none for -1 (no place)."""
        import numpy as np

        found = self._covered.get(i)
        if found is None:
            found = ((self.number == i) | (self.city == i) | (self.pref == i) if i >= 0
                     else np.zeros(len(self.codes), dtype=bool))
            found.flags.writeable = False
            self._covered[i] = found
        return found


def _round_tenths(km: Any) -> Any:
    """round(x, 1) of each, as Python rounds (the float nearest the decimal rounded
    half to even): numpy's rint(10x) / 10 agrees but where 10x lies within a hair of
    a half, and those few are rounded by Python itself."""
    import numpy as np

    tenths = km * 10
    out = np.rint(tenths) / 10
    for i in np.flatnonzero(np.abs(tenths - np.floor(tenths) - 0.5) < 1e-6).tolist():
        out[i] = round(float(km[i]), 1)
    return out


@functools.cache
def _places() -> _Places:
    return _Places()


@dataclass(frozen=True)
class _ScopeTable:
    """Every place of the table seen from one scope, by place number: its level
    (Placer._place's rule for one scope), its km rounded to 0.1 from the scope's
    row of distances (nan: no centroid), and whether it is close (within CLOSE_KM
    or in the scope's prefecture)."""

    level: Any
    km: Any
    close: Any


@functools.lru_cache(maxsize=4096)
def _scope_table(scope: AreaScope, km: float = LOCAL_REACH_KM) -> _ScopeTable:
    """Worked out once per scope for every place (about 1,900): a request then looks
    its target areas up instead of working each out (core/places.covering's rule as
    arrays: the place itself, a ward's designated city, its prefecture)."""
    import numpy as np

    t = _places()
    level = np.full(len(t.codes), BEYOND, dtype=np.int8)
    within = t.covered(t.index.get(scope.pref, -1)).copy()
    for c in nearby(scope.code, km):
        i = t.index.get(c)
        if i is not None:
            within[i] = True
    level[within] = WITHIN
    if scope.city:
        level[t.covered(t.index.get(scope.city, -1))] = SAME_CITY
    level[t.covered(t.index.get(scope.code, -1))] = SAME
    kms = np.full(len(t.codes), np.nan)
    close = t.covered(t.index.get(scope.pref, -1)).copy()
    row = centroids().distances_array(scope.code)  # Placer.distance's row, as an array
    if row is not None:
        row = row[t.with_centroid]
        # rounded as Placer.distance rounds (Python's round, not numpy's)
        kms[t.centroid_place] = _round_tenths(row)
        close[t.centroid_place[row <= CLOSE_KM]] = True
    level.flags.writeable = kms.flags.writeable = close.flags.writeable = False
    return _ScopeTable(level, kms, close)


@dataclass
class Placer:
    """Places target areas relative to the scopes of one request and remembers the
    answers for that request only (a hub's codes recur across candidates).

    A place of the place table is looked up in the scopes' tables (_scope_table,
    worked out once per scope in a process); any other code is placed by the rule
    itself (``_place``), which the tables restate as arrays."""

    scopes: list[AreaScope]
    km: float = LOCAL_REACH_KM
    _seen: dict[str, tuple[int, float | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        import numpy as np

        self._codes = {s.code for s in self.scopes}
        self._cities = {s.city for s in self.scopes if s.city}
        self._prefs = {s.pref for s in self.scopes}
        self._near: dict[str, float] = {}
        for s in self.scopes:
            for c, d in nearby(s.code, self.km).items():
                if c not in self._near or d < self._near[c]:
                    self._near[c] = d
        # nearest() of the area lists asked already: a candidate recurs across requests
        self._nearest: dict[tuple[tuple[str | None, ...], bool], tuple[int, float | None, str | None]] = {}
        self._keys: dict[str, tuple[int, float, str]] = {}
        places = _places()
        self._index = places.index
        self._names = places.codes
        n = len(places.codes)
        if self.scopes:
            tables = [_scope_table(s, self.km) for s in self.scopes]
            levels = np.minimum.reduce([t.level for t in tables])
            kms = np.fmin.reduce([t.km for t in tables])
            # a place within reach of a scope is as far as the nearest such scope (as
            # nearby() measures it), however near another scope's row puts it
            for c, d in self._near.items():
                i = self._index.get(c)
                if i is not None:
                    kms[i] = round(d, 1)
            # every place that may score above nothing for closeness: within CLOSE_KM of
            # a scope, or in the prefecture of one (prefecture codes included)
            close = np.logical_or.reduce([t.close for t in tables])
            self._close = frozenset(places.codes[i] for i in np.flatnonzero(close).tolist())
        else:
            levels = np.full(n, BEYOND, dtype=np.int8)
            kms = np.full(n, np.nan)
            self._close = frozenset()
        # by place number (compact arrays: a Placer lives as long as its scopes are asked
        # about): the level, the km (nan: no centroid; place() says None), and one
        # integer that orders places as nearest() does: level, km (none last), code
        self._levels = array("b", levels.astype(np.int8).tobytes())
        self._kms = array("d", kms.astype(np.float64).tobytes())
        self._far = array("d", np.where(np.isnan(kms), np.inf, kms).astype(np.float64).tobytes())
        tenths = np.where(np.isnan(kms), _NO_KM, np.rint(np.nan_to_num(kms) * 10)).astype(np.int64)
        self._rank = array("q", ((levels.astype(np.int64) * (_NO_KM + 1) + tenths) * n
                                 + np.arange(n, dtype=np.int64)).tobytes())

    def near_codes(self) -> list[str]:
        """Municipalities of other prefectures within reach: their pools are read too."""
        return sorted(c for c in self._near if c[:2] not in self._prefs)

    def place(self, code: str | None) -> tuple[int, float | None]:
        """(level, km from the nearest scope) of a target area code."""
        if not code:
            return BEYOND, None
        found = self._seen.get(code)
        if found is None:
            i = self._index.get(code)
            if i is None:
                found = self._seen[code] = self._place(code)
            else:
                km = self._kms[i]
                found = self._seen[code] = (self._levels[i], None if km != km else km)
        return found

    def _place(self, code: str) -> tuple[int, float | None]:
        """The rule: what the scopes' tables hold for the places of the place table."""
        distance = self.distance(code)
        areas = covering(code)  # the one rule of which areas cover a place (core/places.py)
        if not areas.isdisjoint(self._codes):
            return SAME, distance
        if not areas.isdisjoint(self._cities):
            return SAME_CITY, distance
        if code[:2] in self._prefs or code in self._near:
            return WITHIN, distance
        return BEYOND, distance

    def distance(self, code: str) -> float | None:
        if code in self._near:
            return round(self._near[code], 1)
        known = [d for s in self.scopes if (d := centroids().distances_from(s.code).get(code)) is not None]
        return round(min(known), 1) if known else None

    def nearest(self, codes: Iterable[str | None], exact: bool = False
                ) -> tuple[int, float | None, str | None]:
        """The nearest of some target areas: (level, km, code). Only the areas within
        ``CLOSE_KM`` of a scope or in its prefecture are placed one by one (a set
        intersection finds them); when none is, the answer is beyond reach, with the
        distance of the nearest only when ``exact`` (a hub targets hundreds of areas)."""
        codes = tuple(codes)
        memo = (codes, exact)
        found = self._nearest.get(memo)
        if found is None:
            found = self._nearest[memo] = self._nearest_of(codes, exact)
        return found

    def _nearest_of(self, codes: tuple[str | None, ...], exact: bool
                    ) -> tuple[int, float | None, str | None]:
        close = self._close.intersection(codes)
        if not close:
            if not exact:
                return BEYOND, None, None
            close = {c for c in codes if c}
            if not close:
                return BEYOND, None, None
        try:  # places of the table: their ranks, compared in C
            i = min(map(self._rank.__getitem__, map(self._index.__getitem__, close))) % len(self._rank)
        except KeyError:  # a code the table lacks: placed by the rule
            keys = self._keys
            level, km, code = min([keys.get(c) or self._key(c) for c in close])
            return level, (None if km == math.inf else km), code
        km = self._kms[i]
        return self._levels[i], (None if km != km else km), self._names[i]

    def least_km(self, codes: Iterable[str | None]) -> float | None:
        """The km of the nearest of some target areas, whatever their level (None: none
        has a distance)."""
        known = [c for c in codes if c]
        try:
            km = min(map(self._far.__getitem__, map(self._index.__getitem__, known)), default=math.inf)
        except KeyError:  # a code the table lacks: placed by the rule
            kms = [km for c in known if (km := self.place(c)[1]) is not None]
            return min(kms) if kms else None
        return None if km == math.inf else km

    def _key(self, code: str) -> tuple[int, float, str]:
        """How near a target area is, as nearest() orders them: level, km (none last), code."""
        level, km = self.place(code)
        found = self._keys[code] = (level, math.inf if km is None else km, code)
        return found


@functools.lru_cache(maxsize=256)
def placer_for(scopes: tuple[AreaScope, ...]) -> Placer:
    """One Placer per set of scopes, shared by the requests about them: what it
    remembers is a pure function of the scopes and the place table (deriving the
    stored answers asks about each area once per role)."""
    return Placer(list(scopes))


def area_level(code: str | None, scope: AreaScope) -> int:
    """The level of one target area relative to one scope."""
    return Placer([scope]).place(code)[0]


@dataclass(frozen=True)
class PlaceChoice:
    code: str
    name: str  # 世田谷区, 横浜市鶴見区
    full_name: str  # 東京都世田谷区


@functools.cache
def _place_index() -> tuple[tuple[str, str, PlaceChoice], ...]:
    from tsunagari.loaders.places import clean, fold

    gaz = place_table()
    out = []
    for p in gaz.places():
        label = p.name if p.kind == "prefecture" else gaz.label(p)
        full = p.name if p.kind == "prefecture" else (
            gaz.by_code(p.prefecture_code).name + label if gaz.by_code(p.prefecture_code) else label)
        out.append((fold(clean(label)), fold(clean(full)), PlaceChoice(p.code, label, full)))
    return tuple(out)


def find_places(text: str, limit: int = 10) -> list[PlaceChoice]:
    """Places a person means by a name: 「世田谷」 → 東京都世田谷区; exact names first, then
    names that start with the text, then names that contain it; a code is itself."""
    from tsunagari.loaders.places import clean, fold

    q = fold(clean(text)).strip()
    if not q:
        return []
    if q.isdigit():
        place = place_table().by_code(q)
        return [c for _, _, c in _place_index() if place and c.code == place.code]
    ranked = []
    for label, full, choice in _place_index():
        if q in (label, full):
            rank_ = 0
        elif label.startswith(q):
            rank_ = 1
        elif full.startswith(q):
            rank_ = 2
        elif q in full:
            rank_ = 3
        else:
            continue
        ranked.append((rank_, len(choice.code), choice.code, choice))
    ranked.sort(key=lambda r: r[:3])
    return [c for *_, c in ranked[:limit]]
