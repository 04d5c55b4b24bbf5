"""Search for people typing Japanese: several words mean AND, width and kana do not matter.

「八王子 フードバンク」 finds 一般社団法人 フードバンク八王子 (every word must match,
in any order); 「ﾌｰﾄﾞﾊﾞﾝｸ」 and 「ふーどばんく」 find it too (NFKC folds width, and each
word is also tried in katakana and in hiragana); 「世田谷」 finds 東京都世田谷区, the
organisations active there and the programmes that target it (a word that names a
place matches what is there). Places are always shown with their prefecture.

The matching runs in the named queries ``search_places``, ``search_programmes`` and
``search_organisations_by_words``; this module only turns the typed text into their
``$terms``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from tsunagari.core.places import label_of
from tsunagari.graph import GraphStore
from tsunagari.loaders.orgs import resolution_key

MAX_WORDS = 8
PLACES_PER_WORD = 60  # a word like 「市」 names hundreds of places: keep the shortest names
NO_CODE = "-"  # never the start of a place code
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
    return [{"word": i, "text": s, "code": NO_CODE} for i, w in enumerate(ws) for s in spellings(w)]


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


def _terms_with_places(store: GraphStore, ws: list[str]) -> list[dict[str, Any]]:
    """Text terms, plus one term per place each word names on its own."""
    terms = _text_terms(ws)
    for i, w in enumerate(ws):
        for place in search_places(store, [w], PLACES_PER_WORD):
            terms.append({"word": i, "text": w, "code": place["code"]})
    return terms


def search(store: GraphStore, q: str, limit: int = 50) -> Results:
    ws = words(q)
    if not ws:
        return Results(ws)
    terms = _terms_with_places(store, ws)
    return Results(
        ws,
        places=search_places(store, ws, limit),
        organisations=_organisations(store, terms, len(ws), limit),
        programmes=store.query("search_programmes", terms=terms, words=len(ws), limit=limit),
    )


def search_organisations(store: GraphStore, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Organisations only (the JSON API's /organisations?q=)."""
    ws = words(q)
    if not ws:
        return []
    return _organisations(store, _terms_with_places(store, ws), len(ws), limit)


def _organisations(store: GraphStore, terms: list[dict[str, Any]], n_words: int,
                   limit: int) -> list[dict[str, Any]]:
    orgs = store.query("search_organisations_by_words", terms=terms, words=n_words, limit=limit)
    for o in orgs:
        o["programmes"] = sorted((p for p in o["programmes"] if p and p.get("id")),
                                 key=lambda p: p["title"])
        o["areas"] = [label_of(c) for c in _shown_codes(o)]
    return orgs


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
