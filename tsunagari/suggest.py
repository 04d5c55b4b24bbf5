"""Partner suggestions: who could work with us, and in what role, with reasons.

A request costs a few queries whatever the size of the graph: the seed's
profile, its friend-of-friend candidates, the role players near the area (its
prefecture first, nationwide only when that has too few), one row of features
per candidate, and the evidence of the suggestions shown. Features are the
figures graph/derived.py stores on each organisation on every load, plus the
target areas of its programmes near the area; they decide the score, so a
candidate with hundreds of programmes costs one row, and only the k shown
read their memberships for the reasons. Scoring is a pure function of those
(``score_parts``, ``score_candidate``), so the evaluation
(tsunagari/evaluate.py) measures exactly the code that answers online.

Score = sum of WEIGHTS[part] * part, each part in [0, 1] except ``network``
(Adamic–Adar, unbounded but rarely above 3):

- role: 1 when the candidate has played the wanted role in some programme; its
  weight outweighs every other part together but the network, so that those
  who did the thing asked for come first;
- area: closeness of the candidate's programmes to the area asked for (or to
  the seed's own areas): same municipality 1, same designated city 0.75, same
  prefecture 0.5, elsewhere 0;
- network: Adamic–Adar over shared partners, sum of 1/log(degree) of each;
- theme: Jaccard similarity of the life stages their programmes target;
- sector: 1 when exactly one side is public (a 官民 bridge);
- activity: log(1 + collaborators) / log(51), capped at 1: a weak prior for
  organisations that demonstrably work with others.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from pydantic import BaseModel

from tsunagari.core.places import covering, place_table
from tsunagari.core.vocabulary import ROLE_CODES, role_label, role_phrase, sector_label
from tsunagari.graph.derived import POOL_CAP
from tsunagari.graph.store import GraphStore, Row

WEIGHTS: dict[str, float] = {
    "role": 4.0,
    "area": 2.0,
    "network": 1.0,
    "theme": 0.5,
    "sector": 0.5,
    "activity": 1.0,
}
# Level (0 same area, 1 same designated city, 2 same prefecture, 3 elsewhere) → closeness.
AREA_CLOSENESS = {0: 1.0, 1: 0.75, 2: 0.5, 3: 0.0}
NETWORK_CANDIDATES = 100
AREA_CANDIDATES = 100
MAX_SEED_AREAS = 5

LEVEL_JA = {0: "", 1: "同じ市内の", 2: "同じ都道府県内の"}


class SuggestError(ValueError):
    """Bad input a person can fix: unknown role or area code."""


class OrganisationNotFound(LookupError):
    """The name matched no organisation, or several: ``candidates`` are the closest."""

    def __init__(self, query: str, candidates: list[Row], ambiguous: bool):
        self.query = query
        self.candidates = candidates
        self.ambiguous = ambiguous
        what = "は複数の団体に一致します" if ambiguous else "に一致する団体はありません"
        super().__init__(f"「{query}」{what}")

    def describe(self) -> str:
        lines = [str(self)]
        if self.candidates:
            lines.append("近い候補:" if not self.ambiguous else "候補:")
            lines += [f"  {c['id']}\t{c['name']}" for c in self.candidates]
        return "\n".join(lines)


# -- areas ---------------------------------------------------------------------


@dataclass(frozen=True)
class AreaScope:
    """An area asked about, with the wider areas it falls back to."""

    code: str
    name: str
    city: str  # designated city containing the area ('' when none)
    city_name: str
    pref: str
    pref_name: str


def area_scope(code: str) -> AreaScope:
    gaz = place_table()
    place = gaz.by_code(code.strip())
    if place is None:
        raise SuggestError(f"unknown area code {code!r}: use a 5-digit JIS X 0402 municipality "
                           "code (世田谷区 = 13112) or a 2-digit prefecture code")
    city = place.code if place.kind == "designated_city" else gaz.designated_city(place.code) or ""
    pref = gaz.by_code(place.prefecture_code)
    city_place = gaz.by_code(city) if city else None
    return AreaScope(place.code, place.name, city, city_place.name if city_place else "",
                     place.prefecture_code, pref.name if pref else place.prefecture_code)


def area_level(place_code: str | None, scope: AreaScope) -> int:
    """How near a programme's target area is to the scope; mirrors role_players_in_area."""
    return _nearest(place_code, [scope])


@functools.cache
def _covering(code: str) -> frozenset[str]:
    return covering(code)


# -- evidence ------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    programme: str
    title: str
    role: str  # a role code (core.vocabulary), or 'lead'
    source: str | None
    area_code: str | None
    area_name: str | None


@dataclass
class Candidate:
    id: str
    name: str
    sector: str | None = None
    kind: str | None = None
    degree: int = 0
    memberships: list[Membership] = field(default_factory=list)
    life_stages: set[str] = field(default_factory=set)
    # shared partners: (id, name, degree)
    via: list[tuple[str, str, int]] = field(default_factory=list)
    # Every partnership role it played, and the target areas of its programmes near
    # the scopes; None reads them from ``memberships``, which then must be complete.
    roles: set[str] | None = None
    area_codes: set[str | None] | None = None


@dataclass
class Seed:
    id: str
    name: str
    sector: str | None
    partners: set[str]
    life_stages: set[str]
    areas: list[str]


class Reason(BaseModel):
    kind: str
    text: str
    programmes: list[str] = []
    sources: list[str] = []


class Suggestion(BaseModel):
    id: str
    name: str
    sector: str | None = None
    score: float
    parts: dict[str, float]
    area_level: int
    reasons: list[Reason]


class SuggestionResult(BaseModel):
    organisation: dict[str, str] | None = None
    need: str | None = None
    area: dict[str, str] | None = None
    weights: dict[str, float]
    suggestions: list[Suggestion]
    queries: int


def source_label(source: str | None) -> str:
    """'000_db7cee502450179d.txt:10' → '000 行10', the short form a reader can look up."""
    if not source:
        return "出典不明"
    first = source.split(";")[0]
    doc, _, line = first.rpartition(":")
    short = doc.split("_")[0] if "_" in doc else doc
    return f"{short} 行{line}" if line.isdigit() else first


def short_title(title: str, limit: int = 20) -> str:
    m = re.search(r"「([^」]{1,20})」", title)
    if m:
        return m.group(1)
    return title if len(title) <= limit else title[:limit] + "…"


def _evidence_text(m: Membership, phrase: str) -> str:
    where = f"{m.area_name}で" if m.area_name else ""
    return f"{where}{phrase}（{short_title(m.title)}, {source_label(m.source)}）"


# -- scoring (pure; shared by the online path and the evaluation) ---------------


@functools.lru_cache(maxsize=256)
def _placed(scopes: tuple[AreaScope, ...]) -> dict[str | None, int]:
    # Levels already worked out for these scopes: a request places the same few
    # dozen places again and again (a hub's memberships, every candidate's areas).
    return {}


def _levels(scopes: list[AreaScope]) -> dict[str | None, int]:
    return _placed(tuple(scopes))


@functools.lru_cache(maxsize=256)
def _scope_sets(scopes: tuple[AreaScope, ...]) -> tuple[frozenset[str], ...]:
    return (frozenset(s.code for s in scopes), frozenset(s.city for s in scopes if s.city),
            frozenset(s.pref for s in scopes))


def _nearest(code: str | None, scopes: list[AreaScope]) -> int:
    """The level of the nearest scope covering ``code`` (core.places.covering):
    the scopes themselves (0), their designated cities (1), their prefectures (2)."""
    if not code:
        return 3
    areas = _covering(code)
    for level, asked in enumerate(_scope_sets(tuple(scopes))):
        if not areas.isdisjoint(asked):
            return level
    return 3


def _code_level(code: str | None, scopes: list[AreaScope],
                placed: dict[str | None, int] | None = None) -> int:
    placed = _levels(scopes) if placed is None else placed
    level = placed.get(code)
    if level is None:
        level = placed[code] = _nearest(code, scopes)
    return level


def _via(c: Candidate, seed: Seed | None) -> list[tuple[str, str, int]]:
    return [v for v in c.via if seed is None or v[0] in seed.partners]


def score_parts(c: Candidate, seed: Seed | None, role: str | None, scopes: list[AreaScope],
                weights: dict[str, float] = WEIGHTS) -> tuple[float, dict[str, float], int]:
    """The score, its parts and the area level: cheap, so that every candidate is
    scored before any evidence is read."""
    roles = c.roles if c.roles is not None else {m.role for m in c.memberships}
    codes = c.area_codes if c.area_codes is not None else {m.area_code for m in c.memberships}
    parts: dict[str, float] = {"role": 1.0 if role and role in roles else 0.0}
    placed = _levels(scopes)
    level = min((_code_level(code, scopes, placed) for code in codes), default=3)
    parts["area"] = AREA_CLOSENESS[level] if scopes else 0.0
    parts["network"] = sum(1 / math.log(d) for _, _, d in _via(c, seed) if d > 1)
    theme = 0.0
    if seed is not None and seed.life_stages and c.life_stages:
        theme = len(seed.life_stages & c.life_stages) / len(seed.life_stages | c.life_stages)
    parts["theme"] = theme
    bridge = (seed is not None and seed.sector is not None and c.sector is not None
              and (seed.sector == "public") != (c.sector == "public"))
    parts["sector"] = 1.0 if bridge else 0.0
    parts["activity"] = min(1.0, math.log1p(c.degree) / math.log(51))
    return round(sum(weights[k] * v for k, v in parts.items()), 4), parts, level


def score_candidate(c: Candidate, seed: Seed | None, role: str | None,
                    scopes: list[AreaScope], weights: dict[str, float] = WEIGHTS) -> Suggestion:
    """A scored suggestion with its reasons; the evidence comes from ``c.memberships``."""
    score, parts, level = score_parts(c, seed, role, scopes, weights)
    reasons: list[Reason] = []

    role_hits = [m for m in c.memberships if role and m.role == role]
    role_progs = sorted({m.programme for m in role_hits})

    placed = _levels(scopes)

    def level_of(m: Membership) -> int:
        return _code_level(m.area_code, scopes, placed)

    if role_hits:
        cited = sorted(role_hits, key=lambda m: (level_of(m), m.programme, m.area_code or ""))[:2]
        reasons.append(Reason(
            kind="role",
            text="、".join(_evidence_text(m, role_phrase(role or "")) for m in cited)
            + (f" ほか{len(role_progs) - len({m.programme for m in cited})}件"
               if len(role_progs) > len({m.programme for m in cited}) else ""),
            programmes=role_progs, sources=sorted({m.source for m in role_hits if m.source})))
    if scopes and level < 3:
        # Role and area break ties within a programme, so that the text does not
        # depend on the order the store returns rows in.
        near = sorted((m for m in c.memberships if level_of(m) == level),
                      key=lambda m: (m.programme, m.role, m.area_code or ""))
        m = near[0] if near else None
        prefix = LEVEL_JA[level]
        phrase = role_phrase(m.role) if m else ""
        if m and (not role_hits or all(level_of(h) > level for h in role_hits)):
            reasons.append(Reason(
                kind="area",
                text=f"{prefix}{m.area_name or ''}で活動: {phrase}（{short_title(m.title)}, "
                     f"{source_label(m.source)}）",
                programmes=sorted({x.programme for x in near}),
                sources=sorted({x.source for x in near if x.source})))

    via = _via(c, seed)
    if via:
        names = "、".join(n for _, n, _ in via[:3]) + ("など" if len(via) > 3 else "")
        reasons.append(Reason(kind="network",
                              text=f"あなたの連携先{len(via)}団体と協働（{names}）",
                              programmes=[], sources=[]))

    common = seed.life_stages & c.life_stages if seed is not None else set()
    if common:
        reasons.append(Reason(kind="theme", text=f"対象が近い（{'・'.join(sorted(common))}）"))

    if parts["sector"] and seed is not None:
        reasons.append(Reason(kind="sector", text=f"官民の橋渡し（{sector_label(seed.sector)}"
                                                  f"×{sector_label(c.sector)}）"))

    if c.degree:
        reasons.append(Reason(kind="activity", text=f"{c.degree}団体との連携実績"))

    return Suggestion(id=c.id, name=c.name, sector=c.sector, score=score,
                      parts={k: round(v, 4) for k, v in parts.items()}, area_level=level,
                      reasons=reasons)


def rank(candidates: Iterable[Candidate], seed: Seed | None, role: str | None,
         scopes: list[AreaScope], k: int | None = 10,
         weights: dict[str, float] = WEIGHTS) -> list[Suggestion]:
    scored = [score_candidate(c, seed, role, scopes, weights) for c in candidates]
    scored.sort(key=lambda s: (-s.score, s.name, s.id))
    return scored if k is None else scored[:k]


def best(candidates: Iterable[Candidate], seed: Seed | None, role: str | None,
         scopes: list[AreaScope], k: int | None = 10,
         weights: dict[str, float] = WEIGHTS) -> list[Candidate]:
    """The k candidates ``rank`` would put first, in its order, from the parts alone."""
    keyed = []
    for c in candidates:
        score = score_parts(c, seed, role, scopes, weights)[0]
        keyed.append(((-score, c.name, c.id), c))
    keyed.sort(key=lambda kc: kc[0])
    return [c for _, c in (keyed if k is None else keyed[:k])]


# -- fetching (a fixed handful of queries per request) --------------------------


def check_role(role: str | None) -> str | None:
    if role in (None, ""):
        return None
    if role not in ROLE_CODES:
        raise SuggestError(f"unknown role {role!r}; roles: {', '.join(ROLE_CODES)}")
    return role


def resolve_organisation(store: GraphStore, text: str) -> Row:
    """An organisation by id or by name; raises OrganisationNotFound with the closest matches."""
    found = store.query("organisation_by_id", id=text)
    if found:
        return found[0]
    return _resolve_name(store, text)


def _resolve_name(store: GraphStore, text: str) -> Row:
    from tsunagari.core.text import nfkc
    from tsunagari.loaders.orgs import resolution_key

    q = nfkc(text).strip()
    key = resolution_key(q) or q
    hits = store.query("search_organisations", q=q, key=key, limit=10)
    exact = [h for h in hits if h["name"] == q or q in (h["aliases"] or [])
             or resolution_key(h["name"]) == key]
    if len(exact) == 1:
        return exact[0]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise OrganisationNotFound(text, [{"id": h["id"], "name": h["name"]} for h in hits], True)
    everyone = store.query("organisation_names")
    by_name = {r["name"]: r for r in everyone}
    close = difflib.get_close_matches(q, list(by_name), n=5, cutoff=0.4)
    raise OrganisationNotFound(text, [{"id": by_name[n]["id"], "name": n} for n in close], False)


def _seed(row: Row) -> Seed:
    """The seed from suggest_seed: its base first, then the areas its programmes
    target most (graph/derived.py stores them in that order)."""
    areas = list(dict.fromkeys([*(row["home_areas"] or []), *(row["programme_areas"] or [])]))
    return Seed(row["id"], row["name"], row["sector"], set(row["partners"] or []),
                set(row["life_stages"] or []), areas)


def _seed_of_generic(profile: Row) -> Seed:
    stages = {s for group in profile["life_stages"] or [] for s in (group or [])}
    areas = list(dict.fromkeys([*(profile["home_areas"] or []), *(profile["programme_areas"] or [])]))
    return Seed(profile["id"], profile["name"], profile["sector"], set(profile["partners"] or []),
                stages, areas)


def friends_of_friends(seed: str, partner_rows: list[Row], limit: int = NETWORK_CANDIDATES
                       ) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """Organisations two collaboration hops from ``seed`` that are not its partners,
    from suggest_partner_lists rows of its partners: the most shared partners first
    (then by id), each with those partners (id, name, degree), the least connected
    first — the strongest signal in Adamic–Adar. Answers as suggest_network_candidates.
    """
    lists = [(r, r["partners"] or []) for r in partner_rows]
    counts = Counter(chain.from_iterable(ps for _, ps in lists))
    counts.pop(seed, None)
    for r, _ in lists:
        counts.pop(r["id"], None)
    if len(counts) > limit:
        # Only those at least as shared as the limit-th are sorted by id; a hub's
        # partners' thousands of single mentions are not.
        floor = heapq.nlargest(limit, counts.values())[-1]
        top = [kv for kv in counts.items() if kv[1] >= floor]
    else:
        top = list(counts.items())
    top.sort(key=lambda kv: (-kv[1], kv[0]))
    keep = {c for c, _ in top[:limit]}
    via: dict[str, list[tuple[str, str, int]]] = {c: [] for c in keep}
    for r, ps in lists:
        for c in keep.intersection(ps):
            via[c].append((r["id"], r["name"], int(r["degree"] or 0)))
    return [(c, sorted(via[c], key=lambda v: (v[2], v[1], v[0]))) for c, _ in top[:limit]]


def _features(store: GraphStore, ids: list[str], scopes: list[AreaScope]) -> dict[str, Candidate]:
    """One row per candidate: what ``score_parts`` needs, no memberships yet; the
    target areas kept are those within the scopes' prefectures."""
    out: dict[str, Candidate] = {}
    if not ids:
        return out
    prefs = {s.pref for s in scopes}
    for r in store.query("suggest_candidate_features", ids=ids):
        codes = {code for code in r["area_codes"] or [] if code[:2] in prefs}
        out[r["id"]] = Candidate(r["id"], r["name"], r["sector"], r["kind"], int(r["degree"] or 0),
                                 life_stages=set(r["life_stages"] or []),
                                 roles=set(r["roles"] or []), area_codes=codes)
    return out


def _add_evidence(store: GraphStore, shown: list[Candidate], role: str | None,
                  scopes: list[AreaScope]) -> int:
    """Memberships behind the reasons of the candidates shown: those in the wanted
    role, and those at each one's nearest level (what score_candidate cites);
    returns the number of queries. The second read is made only for candidates
    with no membership in the role at that level: the area reason is given for
    no one else, and it reads every programme of a hub."""
    if not shown:
        return 0
    by_id = {c.id: c for c in shown}
    seen = {c.id: set(c.memberships) for c in shown}

    def add(rows: list[Row]) -> None:
        for r in rows:
            if r["programme"] is None:  # a candidate without any
                continue
            m = Membership(r["programme"], r["title"] or "", r["role"] or "unspecified", r["source"],
                           r["area_code"], r["area_name"])
            if m not in seen[r["id"]]:
                seen[r["id"]].add(m)
                by_id[r["id"]].memberships.append(m)

    queries = 0
    if role:
        add(store.query("suggest_candidate_evidence", ids=list(by_id), role=role))
        queries += 1
    codes: set[str] = set()
    ids: list[str] = []
    placed = _levels(scopes)
    for c in shown:
        near = {code: _code_level(code, scopes, placed) for code in c.area_codes or ()}
        level = min(near.values(), default=3)
        if level == 3 or any(m.role == role and _code_level(m.area_code, scopes, placed) == level
                             for m in c.memberships):
            continue
        ids.append(c.id)
        codes.update(code for code, lv in near.items() if lv == level and code)
    if ids:
        add(store.query("suggest_candidate_area_evidence", ids=ids, codes=sorted(codes)))
        queries += 1
    return queries


def near_candidates(store: GraphStore, role: str | None, codes: list[str], cities: list[str],
                    prefs: list[str], limit: int = AREA_CANDIDATES) -> list[tuple[str, int]]:
    """Organisations that played ``role`` (None: any part, leading included) in
    programmes of the prefectures ``prefs``, with their level, nearest first (0 in
    one of ``codes``, all of it for a prefecture; 1 in one of the designated
    ``cities``; 2 elsewhere in the prefectures), then the best connected.

    One query of key lookups: the places' pools are derived on every load
    (graph/derived.py place_pools) and hold the first POOL_CAP of each role.
    """
    if limit > POOL_CAP:
        raise ValueError(f"a place pool holds {POOL_CAP} organisations per role, not {limit}")
    levels = ((0, codes), (1, cities), (2, prefs))
    asked = sorted({c for _, cs in levels for c in cs})
    if not asked:
        return []
    pools = {r["code"]: r for r in store.query("suggest_area_pools", codes=asked)}
    found: dict[str, tuple[int, int]] = {}
    for level, cs in levels:
        wanted = limit - len(found)
        earlier = set(found)
        for code in cs:
            pool = pools.get(code)
            if wanted <= 0 or pool is None or not pool["ids"]:
                continue
            # What this level adds are the first ``wanted`` of the places' pools
            # together, so each place is read until it has given that many.
            n = 0
            for org, roles, rank in zip(pool["ids"], pool["roles"], pool["ranks"], strict=True):
                if org in earlier or (role and role not in roles.split()):
                    continue
                found.setdefault(org, (level, rank))
                n += 1
                if n == wanted:
                    break
    return [(org, lr[0]) for org, lr in sorted(found.items(), key=lambda kv: kv[1])[:limit]]


def _pool(store: GraphStore, role: str | None, scopes: list[AreaScope]) -> tuple[list[str], int]:
    """Role players near the scopes (read from their places' pools), then
    nationwide when those are too few; with the number of queries it took."""
    ids: list[str] = []
    queries = 0
    if scopes:
        ids = [org for org, _ in near_candidates(
            store, role, sorted({s.code for s in scopes}), sorted({s.city for s in scopes if s.city}),
            sorted({s.pref for s in scopes}), AREA_CANDIDATES)]
        queries += 1
    if len(ids) < AREA_CANDIDATES:
        ids += [r["id"] for r in store.query("suggest_role_candidates", role=role or "",
                                              limit=AREA_CANDIDATES)]
        queries += 1
    return list(dict.fromkeys(ids)), queries


def _area_dict(scope: AreaScope | None) -> dict[str, str] | None:
    return {"code": scope.code, "name": scope.name} if scope else None


def _answer(store: GraphStore, cands: dict[str, Candidate], seed: Seed | None, role: str | None,
            scopes: list[AreaScope], k: int | None, weights: dict[str, float]
            ) -> tuple[list[Suggestion], int]:
    pool = [c for c in cands.values() if c.kind != "generic"]
    shown = best(pool, seed, role, scopes, k, weights)
    queries = _add_evidence(store, shown, role, scopes)
    return rank(shown, seed, role, scopes, None, weights), queries


def suggest_for_organisation(store: GraphStore, org: str, role: str | None = None,
                             area: str | None = None, k: int | None = 10,
                             weights: dict[str, float] = WEIGHTS) -> SuggestionResult:
    """Organisations that are not yet partners of ``org`` (an id or a name), best first."""
    role = check_role(role)
    asked = area_scope(area) if area else None
    rows = store.query("suggest_seed", id=org)
    queries = 1
    if not rows:  # not an id: a name (one search, more only when it matches nobody)
        found = _resolve_name(store, org)
        rows = store.query("suggest_seed", id=found["id"])
        queries += 2
    seed = _seed(rows[0])
    if rows[0]["kind"] == "generic":
        # Generic bodies (各地のハローワーク) have no derived summary: read their programmes.
        seed = _seed_of_generic(store.query("organisation_profile", id=seed.id)[0])
        queries += 1
    scopes = [asked] if asked else []
    if not scopes:
        for code in seed.areas[:MAX_SEED_AREAS]:
            try:
                scopes.append(area_scope(code))
            except SuggestError:
                continue
    net: list[tuple[str, list[tuple[str, str, int]]]] = []
    if seed.partners:
        net = friends_of_friends(seed.id, store.query("suggest_partner_lists", ids=sorted(seed.partners)))
        queries += 1
    near, n = _pool(store, role, scopes)
    queries += n
    excluded = seed.partners | {seed.id}
    ids = list(dict.fromkeys([c for c, _ in net] + near))
    ids = [i for i in ids if i not in excluded]
    cands = _features(store, ids, scopes)
    for c_id, via in net:
        c = cands.get(c_id)
        if c is not None:
            c.via = via
    suggestions, n = _answer(store, cands, seed, role, scopes, k, weights)
    queries += (1 if ids else 0) + n
    return SuggestionResult(
        organisation={"id": seed.id, "name": seed.name}, need=role, area=_area_dict(asked),
        weights=weights, suggestions=suggestions, queries=queries)


def suggest_for_need(store: GraphStore, need: str, area: str | None = None, k: int = 10,
                     weights: dict[str, float] = WEIGHTS) -> SuggestionResult:
    """Organisations that have played role ``need``, nearest to ``area`` first."""
    role = check_role(need)
    if role is None:
        raise SuggestError("a need is a role: " + ", ".join(ROLE_CODES))
    scope = area_scope(area) if area else None
    scopes = [scope] if scope else []
    ids, queries = _pool(store, role, scopes)
    cands = _features(store, ids, scopes)
    suggestions, n = _answer(store, cands, None, role, scopes, k, weights)
    queries += (1 if ids else 0) + n
    return SuggestionResult(need=role, area=_area_dict(scope), weights=weights,
                            suggestions=suggestions, queries=queries)


def as_text(result: SuggestionResult) -> str:
    """The human form printed by `tsunagari suggest`."""
    head = []
    if result.organisation:
        head.append(f"{result.organisation['name']} ({result.organisation['id']}) への連携候補")
    if result.need:
        head.append(f"役割: {role_label(result.need)}")
    if result.area:
        head.append(f"地域: {result.area['name']} ({result.area['code']})")
    lines = [" / ".join(head) or "連携候補"]
    if not result.suggestions:
        lines.append("  候補なし")
    for i, s in enumerate(result.suggestions, 1):
        parts = " ".join(f"{k}={v:g}" for k, v in s.parts.items() if v)
        lines.append(f"{i:2d}. {s.name}  [{s.id}]  score {s.score:.3f}  ({parts})")
        for r in s.reasons:
            lines.append(f"      - {r.text}")
    return "\n".join(lines)


def to_json(result: SuggestionResult) -> dict[str, Any]:
    return result.model_dump()
