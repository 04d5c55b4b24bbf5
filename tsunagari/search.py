"""Search for people typing Japanese: several words mean AND, width and kana do not matter.

「八王子 フードバンク」 finds 一般社団法人 フードバンク八王子 (every word must match,
in any order); 「ﾌｰﾄﾞﾊﾞﾝｸ」 and 「ふーどばんく」 find it too (NFKC folds width, and each
word is also tried in katakana and in hiragana); 「世田谷」 finds 東京都世田谷区, the
organisations active there and the programmes that target it (a word that names a
place matches what is there). Places are always shown with their prefecture.

Organisations and programmes are matched in their ``search_text``, derived on load
(graph/derived.py: the name, key and aliases, or the title and area texts, folded once).
When the store can tell its version (the embedded one), a :class:`TextIndex` of those
texts is kept in the process per version: each spelling's candidates come from the
posting lists of its characters and character pairs, and are then checked with ``in``
on the text, so a request reads no row it does not show. Otherwise (Neo4j) the named
queries ``search_programmes`` and ``search_organisations_by_words`` do the matching with
the spellings as ``$terms``. Places are few and always matched by ``search_places``.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import numpy as np

from tsunagari.core.places import covered, label_of
from tsunagari.graph import GraphStore
from tsunagari.graph.derived import organisation_search_text, programme_search_text
from tsunagari.loaders.orgs import resolution_key

MAX_WORDS = 8
PLACES_PER_WORD = 60  # a word like 「市」 names hundreds of places: keep the shortest names
_HIRAGANA = re.compile(r"[\u3041-\u3096]")
_KATAKANA = re.compile(r"[\u30a1-\u30f6]")


def normalise(text: str) -> str:
    """NFKC (full-width Latin and digits, half-width kana), lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def katakana(text: str) -> str:
    return _HIRAGANA.sub(lambda m: chr(ord(m.group()) + 0x60), text)


def hiragana(text: str) -> str:
    return _KATAKANA.sub(lambda m: chr(ord(m.group()) - 0x60), text)


def words(q: str) -> list[str]:
    """The distinct words of a query, in order, at most MAX_WORDS."""
    out: list[str] = []
    for w in normalise(q).split(" "):
        if w and w not in out and spellings(w):
            out.append(w)
    return out[:MAX_WORDS]


def spellings(word: str) -> list[str]:
    """The forms a word is looked for in: as typed, in katakana, in hiragana, and as an
    organisation key (legal form dropped, small kana folded: 「NPO法人抱樸」 → 「抱樸」)."""
    forms = [word, katakana(word), hiragana(word), resolution_key(word)]
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]


def _text_terms(ws: list[str]) -> list[dict[str, Any]]:
    return [{"word": i, "text": s} for i, w in enumerate(ws) for s in spellings(w)]


class TextIndex:
    """The search texts of one kind of node (organisations or programmes) of one graph
    version, with a posting list (ascending row numbers) per character and per pair of
    neighbouring characters, built with numpy in one pass (about a second at 100k)."""

    def __init__(self, rows: list[dict[str, Any]], label: str):
        # rows in the order results are ranked: shortest label, then label, then id
        rows = sorted(rows, key=lambda r: (len(r[label] or ""), r[label] or "", r["id"]))
        self.rows = rows
        self.texts = [(r["text"] or "").replace("\x00", "\n") for r in rows]
        self.at = {r["id"]: i for i, r in enumerate(rows)}
        # Every (gram, row) pair, a gram being a character or two neighbouring ones coded
        # as one integer (a pair: first << 21 | second, above any single code point),
        # sorted and without repeats: a gram's posting list is one slice of ``self.rows_of``.
        joined = np.frombuffer("\x00".join(self.texts).encode("utf-32-le"), dtype=np.uint32)
        lengths = np.fromiter((len(t) + 1 for t in self.texts), dtype=np.int64, count=len(self.texts))
        row = np.repeat(np.arange(len(self.texts), dtype=np.int32), lengths)[:len(joined)]
        code = joined.astype(np.int64)
        pair = (code[:-1] << 21) | code[1:]
        in_text = code != 0
        keys = np.concatenate([code[in_text], pair[in_text[:-1] & in_text[1:]]])
        rows_of = np.concatenate([row[in_text], row[:-1][in_text[:-1] & in_text[1:]]])
        # Sorted by gram then row, without repeats: one sort of both packed in one
        # integer (a gram takes 42 bits, a row the rest) where they fit, many times
        # faster than a lexsort of the two (or np.unique, slower still).
        row_bits = max(1, len(self.texts).bit_length())
        if row_bits <= 21:
            packed = np.sort((keys << row_bits) | rows_of)
            if len(packed):
                packed = packed[np.r_[True, packed[1:] != packed[:-1]]]
            keys, self.rows_of = packed >> row_bits, (packed & ((1 << row_bits) - 1)).astype(np.int32)
        else:
            order = np.lexsort((rows_of, keys))
            keys, rows_of = keys[order], rows_of[order]
            first = np.r_[True, (keys[1:] != keys[:-1]) | (rows_of[1:] != rows_of[:-1])]
            keys, self.rows_of = keys[first], rows_of[first]
        starts = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.zeros(0, dtype=bool)
        self.grams, self.starts = keys[starts], np.flatnonzero(starts)
        self.ends = np.r_[self.starts[1:], len(keys)]

    def posting(self, gram: str) -> np.ndarray:
        """Rows (ascending) whose search text holds ``gram`` (one or two characters)."""
        key = ord(gram) if len(gram) == 1 else (ord(gram[0]) << 21) | ord(gram[1])
        at = int(np.searchsorted(self.grams, key))
        if at == len(self.grams) or self.grams[at] != key:
            return self.rows_of[:0]
        return self.rows_of[self.starts[at]:self.ends[at]]

    def holding(self, text: str) -> np.ndarray:
        """Row numbers (ascending) whose search text contains ``text``."""
        if "\x00" in text:
            return self.rows_of[:0]
        grams = [text] if len(text) == 1 else list({text[j:j + 2] for j in range(len(text) - 1)})
        lists = sorted((self.posting(g) for g in grams), key=len)
        found = lists[0]
        for other in lists[1:]:
            if len(found) == 0:
                break
            found = np.intersect1d(found, other, assume_unique=True)
        if len(text) > 2:
            texts = self.texts
            found = np.fromiter((i for i in found.tolist() if text in texts[i]), dtype=np.int32)
        return found

    def holding_word(self, word: str) -> np.ndarray:
        """Rows holding some spelling of a word."""
        hits = [self.holding(s) for s in spellings(word)]
        return hits[0] if len(hits) == 1 else np.unique(np.concatenate(hits))

    def matching(self, ws: list[str], limit: int) -> list[dict[str, Any]]:
        """The first ``limit`` rows (in ranking order) holding every word."""
        found: np.ndarray | None = None
        for w in ws:
            rows = self.holding_word(w)
            found = rows if found is None else np.intersect1d(found, rows, assume_unique=True)
            if len(found) == 0:
                return []
        assert found is not None
        return [self.rows[i] for i in found[:limit].tolist()]

    def words_held(self, ids: list[str], ws: list[str]) -> dict[str, list[int]]:
        """Which words (their positions) each of the given ids holds some spelling of."""
        forms = [spellings(w) for w in ws]
        out = {}
        for key in ids:
            i = self.at.get(key)
            if i is not None:
                out[key] = [n for n, f in enumerate(forms) if any(s in self.texts[i] for s in f)]
        return out


def _column_rows(store: GraphStore, name: str) -> list[dict[str, Any]]:
    """A named query's rows, read as columns (a hundred thousand rows as dicts one by
    one took seconds of the index's build)."""
    table = store.query_columns(name)
    columns = {c: table.column(c).to_pylist() for c in table.column_names}
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


class _Indexes:
    """The text indexes of the graph version a store shows, rebuilt when it changes."""

    def __init__(self, version: str, store: GraphStore):
        self.version = version
        orgs = _column_rows(store, "organisation_search_texts")
        for r in orgs:
            r["text"] = organisation_search_text(r["name"], r.pop("key"), r.pop("aliases"))
        progs = _column_rows(store, "programme_search_texts")
        for r in progs:
            r["text"] = programme_search_text(r["title"], r.pop("area_texts"))
        self.organisations = TextIndex(orgs, "name")
        self.programmes = TextIndex(progs, "title")


_INDEXES: dict[str, _Indexes] = {}
_INDEX_LOCK = threading.Lock()
#: store -> the version whose index is being built in the background
_BUILDING: dict[str, str] = {}
log = logging.getLogger("tsunagari.search")


def indexes(store: GraphStore) -> _Indexes | None:
    """The store's text indexes for its current version, or None when there are none
    to use now: the store cannot tell its version cheaply, or the graph changed and
    the new version's indexes are being built (several seconds at 100,000
    organisations). Then search runs the named queries, which read the new graph,
    rather than wait. The first indexes of a store are built at once, by one caller
    while the others wait (the web server builds them at start)."""
    version = store.version()
    if version is None:
        return None
    key = store.describe()
    with _INDEX_LOCK:
        found = _INDEXES.get(key)
        if found is not None and found.version == version:
            return found
        if found is not None:
            if _BUILDING.get(key) != version:
                _BUILDING[key] = version
                threading.Thread(target=_build_in_background, args=(store, key, version),
                                 name="search-index", daemon=True).start()
            return None
        found = _INDEXES[key] = _Indexes(version, store)
        return found


def _build_in_background(store: GraphStore, key: str, version: str) -> None:
    try:
        built = _Indexes(version, store)
    except Exception as exc:  # a store closed or switched meanwhile: the next search tries again
        log.warning("search index of %s not built: %s", key, exc)
        built = None
    with _INDEX_LOCK:
        if _BUILDING.get(key) == version:
            del _BUILDING[key]
        if built is not None:
            _INDEXES[key] = built


@dataclass
class Results:
    words: list[str]
    places: list[dict[str, Any]] = field(default_factory=list)
    organisations: list[dict[str, Any]] = field(default_factory=list)
    programmes: list[dict[str, Any]] = field(default_factory=list)


def search_places(store: GraphStore, ws: list[str], limit: int) -> list[dict[str, Any]]:
    if not ws:
        return []
    return store.query("search_places", terms=_text_terms(ws), words=len(ws), limit=limit)


WORDS_QUERIES = {"organisations": "organisation_words", "programmes": "programme_words"}


class _Query:
    """One search: its words, and the places each word names on its own (with every
    place those cover: 東京 → 東京都 and its municipalities)."""

    def __init__(self, store: GraphStore, ws: list[str]):
        self.store = store
        self.words = ws
        self.terms = _text_terms(ws)
        self.index = indexes(store)
        self.place_codes: list[set[str]] = []
        for w in ws:
            codes: set[str] = set()
            for place in search_places(store, [w], PLACES_PER_WORD):
                codes.update(covered(place["code"]))
            self.place_codes.append(codes)

    def _qualifying(self, by_text: list[dict[str, Any]], in_places: dict[int, set[str]],
                    kind: str) -> set[str]:
        """Ids holding every word, by text or by place.

        Anything in none of the places holds every word by text, so ``by_text`` (the
        shortest such, up to the limit) has it; what is in some place is checked word by
        word among those places' ids only.
        """
        need = set(range(len(self.words)))
        keep = {r["id"] for r in by_text}
        candidates = set().union(*in_places.values()) - keep if in_places else set()
        if candidates:
            index = getattr(self.index, kind) if self.index else None
            if index is not None:
                held = {k: set(v) for k, v in index.words_held(sorted(candidates), self.words).items()}
            else:
                held = {r["id"]: set(r["words"]) for r in self.store.query(
                    WORDS_QUERIES[kind], ids=sorted(candidates), terms=self.terms)}
            for key in candidates:
                words = held.get(key, set()) | {i for i, ids in in_places.items() if key in ids}
                if words >= need:
                    keep.add(key)
        return keep

    def organisations(self, limit: int) -> list[dict[str, Any]]:
        if self.index:
            by_text = [{"id": r["id"], "name": r["name"]}
                       for r in self.index.organisations.matching(self.words, limit)]
        else:
            by_text = self.store.query("search_organisations_by_words", terms=self.terms,
                                       words=len(self.words), limit=limit)
        names = {r["id"]: r["name"] for r in by_text}
        in_places: dict[int, set[str]] = {}
        for i, codes in enumerate(self.place_codes):
            if codes:
                rows = self.store.query("organisations_in_places", codes=sorted(codes))
                in_places[i] = {r["id"] for r in rows}
                names.update((r["id"], r["name"]) for r in rows)
        kept = sorted(self._qualifying(by_text, in_places, "organisations"),
                      key=lambda key: (len(names[key]), names[key], key))[:limit]
        if not kept:
            return []
        rows = {r["id"]: r for r in self.store.query("organisation_summaries", ids=kept)}
        out = []
        for key in kept:
            o = rows[key]
            o["programmes"] = sorted((p for p in o["programmes"] if p and p.get("id")),
                                     key=lambda p: p["title"])
            o["areas"] = [label_of(c) for c in _shown_codes(o)]
            out.append(o)
        return out

    def programmes(self, limit: int) -> list[dict[str, Any]]:
        if self.index:
            by_text = [{"id": r["id"], "title": r["title"], "kind": r["kind"]}
                       for r in self.index.programmes.matching(self.words, limit)]
        else:
            by_text = self.store.query("search_programmes", terms=self.terms,
                                       words=len(self.words), limit=limit)
        rows = {r["id"]: r for r in by_text}
        in_places: dict[int, set[str]] = {}
        for i, codes in enumerate(self.place_codes):
            if codes:
                found = self.store.query("programmes_targeting_places", codes=sorted(codes))
                in_places[i] = {p["id"] for p in found}
                for p in found:
                    rows.setdefault(p["id"], {"id": p["id"], "title": p["title"],
                                              "kind": p["kind"]})
        kept = [rows[key] for key in self._qualifying(by_text, in_places, "programmes")]
        kept.sort(key=lambda p: (len(p["title"]), p["title"], p["id"]))
        return [{"id": p["id"], "title": p["title"], "kind": p["kind"]} for p in kept[:limit]]


def search(store: GraphStore, q: str, limit: int = 50) -> Results:
    ws = words(q)
    if not ws:
        return Results(ws)
    query = _Query(store, ws)
    return Results(ws, places=search_places(store, ws, limit),
                   organisations=query.organisations(limit),
                   programmes=query.programmes(limit))


def search_organisations(store: GraphStore, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Organisations only (the JSON API's /organisations?q=)."""
    ws = words(q)
    return _Query(store, ws).organisations(limit) if ws else []


def _shown_codes(org: dict[str, Any]) -> list[str]:
    """Where an organisation is: its home, else the first places its programmes target."""
    if org.get("municipality_code"):
        return [org["municipality_code"]]
    return list(org.get("area_codes") or [])[:2]


@dataclass(frozen=True)
class Completion:
    kind: str  # place, organisation, programme
    label: str
    detail: str
    url: str


KIND_LABELS = {"place": "地域", "organisation": "団体", "programme": "取組"}


def complete(store: GraphStore, q: str, limit: int = 8) -> list[Completion]:
    """What the search box offers while someone types: places first, then organisations,
    then programmes, each opening its page."""
    res = search(store, q, limit=limit)
    out: list[Completion] = []
    for p in res.places:
        kind = "municipality" if len(p["code"]) == 5 else "prefecture"
        out.append(Completion("place", p["full_name"], KIND_LABELS["place"],
                              f"/{kind}/{p['code']}"))
    for o in res.organisations:
        detail = "・".join([KIND_LABELS["organisation"], *o["areas"][:1]])
        out.append(Completion("organisation", o["name"], detail, f"/org/{_path(o['id'])}"))
    for p in res.programmes:
        out.append(Completion("programme", p["title"], KIND_LABELS["programme"],
                              f"/programme/{_path(p['id'])}"))
    # a few of each kind first (not eight places), then the rest in order, kinds kept together
    per_kind = max(2, limit // 3)
    first = [c for i, c in enumerate(out)
             if sum(1 for d in out[:i] if d.kind == c.kind) < per_kind]
    chosen = set(map(id, first[:limit]))
    for c in out:
        if len(chosen) >= limit:
            break
        chosen.add(id(c))
    return [c for c in out if id(c) in chosen]


def _path(segment: str) -> str:
    return quote(segment, safe="")
