"""What a request reads from the store: a handful of key lookups whatever the
size of the graph.

The seed's derived summary, its partners' partner lists (friends of friends), the
derived pools of the places within reach (graph/derived.py place_pools), one row
of derived features per candidate, and the evidence of the suggestions shown.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import math
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tsunagari.graph.derived import POOL_CAP
from tsunagari.graph.store import GraphStore, Row
from tsunagari.suggest.score import Candidate, Membership, Seed

#: friends of friends scored per request (the top by Adamic–Adar); seeds.py stores as many
NETWORK_CANDIDATES = 30
#: a partner with more collaborators than this is no middle node for friends of friends
HUB_CAP = 50
NATIONWIDE_CANDIDATES = 100


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


def resolve_organisation(store: GraphStore, text: str) -> Row:
    """An organisation by id or by name; raises OrganisationNotFound with the closest matches."""
    found = store.query("organisation_by_id", id=text)
    if found:
        return found[0]
    return resolve_name(store, text)


def resolve_name(store: GraphStore, text: str) -> Row:
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


def read_seed(store: GraphStore, org: str) -> Seed:
    """The seed by id, or by name when no id matches: its base first, then the areas
    its programmes target most (graph/derived.py stores them in that order)."""
    rows = store.query("suggest_seed", id=org)
    if not rows:
        rows = store.query("suggest_seed", id=resolve_name(store, org)["id"])
    row = rows[0]
    areas = list(dict.fromkeys([*(row["home_areas"] or []), *(row["programme_areas"] or [])]))
    return Seed(row["id"], row["name"], row["sector"], set(row["partners"] or []),
                set(row["life_stages"] or []), areas, set(row["programme_roles"] or []))


def friends_of_friends(seed: str, partner_rows: list[Row], limit: int = NETWORK_CANDIDATES
                       ) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """Organisations two collaboration hops from ``seed`` that are not its partners,
    from suggest_partner_lists rows of its partners: the highest Adamic–Adar first
    (rounded to 9 places, then by id), each with those partners (id, name, degree),
    the least connected first — the strongest signal in Adamic–Adar. A partner with
    more than HUB_CAP collaborators is no middle node (seeds.py derives the same
    lists for every organisation on load, with the same rule)."""
    lists = [(r, r["partners"] or []) for r in partner_rows
             if 1 < int(r["degree"] or 0) <= HUB_CAP]
    aa: dict[str, float] = {}
    for r, ps in lists:
        w = 1 / math.log(int(r["degree"]))
        for c in ps:
            aa[c] = aa.get(c, 0.0) + w
    aa.pop(seed, None)
    for r in partner_rows:
        aa.pop(r["id"], None)
    top = heapq.nsmallest(limit, aa.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))
    keep = {c for c, _ in top}
    via: dict[str, list[tuple[str, str, int]]] = {c: [] for c in keep}
    for r, ps in lists:
        for c in keep.intersection(ps):
            via[c].append((r["id"], r["name"], int(r["degree"] or 0)))
    return [(c, sorted(via[c], key=lambda v: (v[2], v[1], v[0]))) for c, _ in top]


def read_network(store: GraphStore, seed: Seed) -> list[tuple[str, list[tuple[str, str, int]]]]:
    if not seed.partners:
        return []
    return friends_of_friends(seed.id, store.query("suggest_partner_lists", ids=sorted(seed.partners)))


@dataclass
class Active:
    """An organisation found in the pools of some places."""

    roles: set[str] = field(default_factory=set)  # the roles it played at any of them
    places: set[str] = field(default_factory=set)  # the places whose pools hold it
    rank: int = 0  # its rank among all organisations (graph/derived.py ranks)


def read_pools(store: GraphStore, codes: Iterable[str], role: str | None = None) -> dict[str, Active]:
    """The organisations active at some places (each place's pool holds the first
    POOL_CAP of every role), with the roles each played there and where; only
    those who played ``role`` there when one is given."""
    asked = sorted(set(codes))
    active: dict[str, Active] = {}
    if not asked:
        return active
    wanted = f" {role} " if role else None
    for pool in store.query("suggest_area_pools", codes=asked):
        code = pool["code"]
        for org, roles, rank in zip(pool["ids"] or [], pool["roles"] or [], pool["ranks"] or [],
                                    strict=True):
            if wanted is not None and wanted not in f" {roles} ":
                continue
            entry = active.get(org)
            if entry is None:
                active[org] = Active(set(roles.split()), {code}, rank)
            else:
                if roles:
                    entry.roles.update(roles.split())
                entry.places.add(code)
    return active


def read_nationwide(store: GraphStore, role: str | None, limit: int = NATIONWIDE_CANDIDATES) -> list[str]:
    """Those who played ``role`` anywhere (anyone, with no role), best connected first."""
    if limit > POOL_CAP:
        raise ValueError(f"at most {POOL_CAP} nationwide candidates, not {limit}")
    return [r["id"] for r in store.query("suggest_role_candidates", role=role or "", limit=limit)]


#: what a request reads by key, kept per store while its graph is the same
#: (GraphStore.version): a server answering many requests reads the same busy
#: candidates again and again (a role that travels has the same nationwide players in
#: the pool of every place, and shows the same hubs, whose evidence is the longest).
#: Entries per table, the least recently used dropped past it: feature rows, evidence
#: index entries (evidence.py; a key's memberships in one role), programme titles.
FEATURE_CACHE_SIZE = 20_000
EVIDENCE_CACHE_SIZE = 5_000
TITLE_CACHE_SIZE = 20_000


class _Kept:
    """What was read of one store's graph version, by table; values are tuples and
    strings only (immutable, and left alone by the garbage collector once seen)."""

    def __init__(self, version: str):
        self.version = version
        self.tables: dict[str, OrderedDict[str, object]] = {}
        #: tables read whole (``preload``): every key's value, and the value of a key
        #: absent (what a read by key gives an id the graph lacks); never changed once set
        self.whole: dict[str, tuple[dict[str, object], object]] = {}


_KEPT: weakref.WeakKeyDictionary[GraphStore, _Kept] = weakref.WeakKeyDictionary()
#: one lock for every store's tables (a server's threads share them)
_KEPT_LOCK = threading.Lock()


def _kept_of(store: GraphStore) -> _Kept | None:
    """The cache of this store's current graph (a new one when it changed); None, and
    every read goes to the store, for one that may write (a load's own reads see its
    writes), that cannot tell its version cheaply (Neo4j), or that is no store (the
    answers' derivation reads from memory)."""
    if not isinstance(store, GraphStore) or not getattr(store, "read_only", False):
        return None
    version = store.version()
    if version is None:
        return None
    with _KEPT_LOCK:
        found = _KEPT.get(store)
        if found is None or found.version != version:
            found = _KEPT[store] = _Kept(version)
        return found


def read_kept(store: GraphStore, table: str, size: int, keys: list[str],
              read: Callable[[list[str]], dict[str, object] | None]) -> dict[str, object] | None:
    """The values of ``keys`` in ``table``: those kept for this store's graph, the
    others by ``read`` (a value for each key it is given; None for all when the store
    cannot answer, and nothing is kept then), kept up to ``size``."""
    kept = _kept_of(store) if size > 0 else None
    if kept is None:
        return read(keys) if keys else {}
    whole = kept.whole.get(table)
    if whole is not None:
        values, absent = whole
        return {key: values.get(key, absent) for key in keys}
    known: dict[str, object] = {}
    with _KEPT_LOCK:
        rows = kept.tables.setdefault(table, OrderedDict())
        for key in keys:
            if key in rows:
                rows.move_to_end(key)
                known[key] = rows[key]
    unread = [key for key in keys if key not in known]
    if unread:
        got = read(unread)
        if got is None:
            return None
        known.update(got)
        with _KEPT_LOCK:
            rows = kept.tables.setdefault(table, OrderedDict())
            rows.update(got)
            while len(rows) > size:
                rows.popitem(last=False)
    return known


def preload(store: GraphStore) -> dict[str, int]:
    """Read every organisation's features and every programme's title at once into
    what is kept of the store's graph, so that no request reads them by key (a
    server's start: about 3.5 s, and some 200 MB more resident, at 100k organisations
    and 155k programmes; reading features by key took 1.8 ms of an organisation's
    request, the first requests of a server reading most of theirs). The rows read, by table; nothing for
    a store that keeps nothing (one that may write, Neo4j). A graph loaded after is
    read by key again, kept up to the sizes above, until the server starts again."""
    kept = _kept_of(store)
    if kept is None:
        return {}
    same: dict[object, object] = {}  # one object for equal values: codes, roles, sectors recur

    def one(value: object) -> object:
        return same.setdefault(value, value)

    features: dict[str, object] = {}
    for r in store.query("suggest_all_candidate_features"):
        name, sector, kind, degree, stages, roles, codes = _feature_row(r)
        features[r["id"]] = (name, one(sector), one(kind), degree, one(stages), one(roles),
                             one(tuple(one(c) for c in codes)))
    titles: dict[str, object] = {r["id"]: r["title"] or "" for r in store.query("suggest_all_programme_titles")}
    if store.version() != kept.version:  # loaded meanwhile: what was read may be either graph's
        return {}
    # an id the graph lacks (or an unreadable name) has no features, and no title
    kept.whole["features"] = (features, None)
    kept.whole["titles"] = (titles, "")
    return {"features": len(features), "titles": len(titles)}


def _feature_row(r: Row) -> tuple:
    return (r["name"], r["sector"], r["kind"], int(r["degree"] or 0), tuple(r["life_stages"] or ()),
            tuple(r["roles"] or ()), tuple(r["area_codes"] or ()))


def _candidate(cid: str, row: tuple) -> Candidate:
    name, sector, kind, degree, life_stages, roles, area_codes = row
    return Candidate(cid, name, sector, kind, degree, life_stages=set(life_stages), roles=set(roles),
                     area_codes=list(area_codes))


def read_features(store: GraphStore, ids: Iterable[str]) -> dict[str, Candidate]:
    """One row per candidate: what scoring needs, no memberships yet; each a new
    Candidate (callers fill in its network and evidence), from the store or from the
    rows read lately of the same graph."""
    wanted = list(dict.fromkeys(ids))

    def read(unread: list[str]) -> dict[str, object]:
        found: dict[str, object] = dict.fromkeys(unread)
        for r in store.query("suggest_candidate_features", ids=unread):
            found[r["id"]] = _feature_row(r)
        return found

    known = read_kept(store, "features", FEATURE_CACHE_SIZE, wanted, read) or {}
    out: dict[str, Candidate] = {}
    for cid in wanted:
        row = known[cid]
        if row is not None:
            out[cid] = _candidate(cid, row)  # type: ignore[arg-type]
    return out


def add_evidence(store: GraphStore, shown: list[Candidate], wanted: dict[str, str | None],
                 area_codes: dict[str, list[str]],
                 cite: Callable[[Candidate], Iterable[int]] | None = None) -> None:
    """Memberships behind the reasons of the candidates shown: those in the role
    wanted of each (``wanted`` by candidate id), and for those without it, their
    memberships at their nearest areas (``area_codes`` by candidate id). Two reads
    at most, for all the lists of an answer. A candidate that already holds
    memberships (a stored answer's, seeds.py) holds them all in its role: it is
    not read again.

    With ``cite`` (where in a candidate's memberships are those its reasons word,
    reasons.cited_at) and a
    store that holds the evidence index (evidence.py), the memberships come from
    the index by key and only the titles of those cited are read; the memberships
    are the same but carry no quote nor area name (no reason words them)."""
    if not shown:
        return
    if cite is not None and _add_indexed(store, shown, wanted, area_codes, cite):
        return
    by_id = {c.id: c for c in shown}
    known = {c.id for c in shown if c.memberships}
    seen: dict[str, set[Membership]] = {c.id: set(c.memberships) for c in shown}

    def add(rows: list[Row]) -> None:
        for r in rows:
            if r["programme"] is None:  # a candidate without any
                continue
            m = Membership(r["programme"], r["title"] or "", r["role"] or "unspecified", r["source"],
                           r["area_code"], r["area_name"], r.get("department"), r.get("quote"))
            if m not in seen[r["id"]]:
                seen[r["id"]].add(m)
                by_id[r["id"]].memberships.append(m)

    roles = sorted({r for r in wanted.values() if r})
    if roles:
        asked = [i for i in by_id if wanted.get(i) and i not in known]
        if asked:
            add(store.query("suggest_candidate_evidence", ids=asked, roles=roles))
    rest = [c.id for c in shown if c.id in area_codes
            and not any(m.role == wanted.get(c.id) for m in c.memberships)]
    codes = sorted({code for cid in rest for code in area_codes[cid]})
    if rest and codes:
        add(store.query("suggest_candidate_area_evidence", ids=rest, codes=codes))


def _add_indexed(store: GraphStore, shown: list[Candidate], wanted: dict[str, str | None],
                 area_codes: dict[str, list[str]],
                 cite: Callable[[Candidate], Iterable[int]]) -> bool:
    """add_evidence from the evidence index: the same memberships, in the order the
    two live reads give them (a candidate's roles one after another, each in the
    store's order: only memberships of one role are ever sorted together), then
    the titles of those ``cite`` names. False, with nothing added, when the store
    holds no index (the live reads answer then)."""
    from tsunagari.suggest.evidence import LEAD_KEY_ROLE, evidence_key, read_evidence_kept

    known = {c.id for c in shown if c.memberships}
    roles = sorted({r for r in wanted.values() if r})
    asked = [c for c in shown if wanted.get(c.id) and c.id not in known] if roles else []
    # as add_evidence: those who never played the role wanted of them (the role reads
    # can add none of it), by where they were active
    rest = [c for c in shown if c.id in area_codes
            and not any(m.role == wanted.get(c.id) for m in c.memberships)]
    codes = {code for c in rest for code in area_codes[c.id]}
    if not codes:
        rest = []
    role_keys = {c.id: [evidence_key(c.id, r) for r in roles if r in c.roles] for c in asked}
    rest_keys = {c.id: [evidence_key(c.id, r) for r in sorted({*c.roles, LEAD_KEY_ROLE})]
                 for c in rest}
    keys = sorted({k for ks in (*role_keys.values(), *rest_keys.values()) for k in ks})
    index = read_evidence_kept(store, keys)
    if index is None:
        return False
    fresh_of: dict[str, _Fresh] = {}
    # (a shown hub brings thousands: each made in one C call, in one loop per key)
    for c in asked:
        fresh = fresh_of.setdefault(c.id, _Fresh(c))
        for key in role_keys[c.id]:
            role = key.rsplit("|", 1)[1]
            fresh.add(_membership((prog, "", role, source, code, None, dept, None))
                      for prog, source, dept, targets in index.get(key, ())
                      for code in targets or (None,))
    for c in rest:
        fresh = fresh_of.setdefault(c.id, _Fresh(c))
        for key in rest_keys[c.id]:
            role = key.rsplit("|", 1)[1]
            fresh.add(_membership((prog, "", role, source, code, None, None, None))
                      for prog, source, _dept, targets in index.get(key, ())
                      for code in targets if code in codes)
    _add_titles(store, shown, cite)
    return True


#: Membership(*fields) made by tuple's own constructor (all eight fields given)
_membership = functools.partial(tuple.__new__, Membership)


class _Fresh:
    """Adds to a candidate's memberships those of the index it does not hold yet (an
    index membership has no title, area name nor quote: one held with any of them,
    a stored answer's, is another)."""

    def __init__(self, c: Candidate):
        self.c = c
        self.seen = set(c.memberships)

    def add(self, memberships: Iterable[Membership]) -> None:
        seen, held = self.seen, self.c.memberships
        for m in memberships:
            if m not in seen:
                seen.add(m)
                held.append(m)


def _add_titles(store: GraphStore, shown: list[Candidate],
                cite: Callable[[Candidate], Iterable[int]]) -> None:
    """The programme titles of the memberships ``cite`` names (by their place in the
    candidate's memberships), read by key and put in place of those memberships (a
    title does not change which are cited)."""
    untitled = {c.id: [i for i in dict.fromkeys(cite(c)) if not c.memberships[i].title] for c in shown}
    progs = sorted({c.memberships[i].programme for c in shown for i in untitled[c.id]})
    if not progs:
        return
    def read(ids: list[str]) -> dict[str, object]:
        found: dict[str, object] = dict.fromkeys(ids, "")
        found.update((r["id"], r["title"] or "") for r in store.query("suggest_programme_titles", ids=ids))
        return found

    titles = read_kept(store, "titles", TITLE_CACHE_SIZE, progs, read) or {}
    for c in shown:
        for i in untitled[c.id]:
            m = c.memberships[i]
            c.memberships[i] = m._replace(title=titles.get(m.programme, ""))


def add_shared_partners(store: GraphStore, seed: Seed, shown: list[Candidate]) -> None:
    """The partners each candidate shown shares with ``seed``, least connected
    first (as friends_of_friends lists them), for those whose stored seed gave only
    how many (seeds.py, as stored by an older version: today's name the first few):
    one read for all of them; the seed learns them as partners."""
    unread = [c for c in shown if c.shared and not c.via]
    if not unread:
        return
    found: dict[str, list[tuple[str, str, int]]] = {c.id: [] for c in unread}
    for r in store.query("seeds_shared_partners", id=seed.id, ids=[c.id for c in unread], cap=HUB_CAP):
        found[r["id"]].append((r["via"], r["name"], int(r["degree"] or 0)))
    for c in unread:
        c.via = sorted(set(found[c.id]), key=lambda v: (v[2], v[1], v[0]))
        seed.partners.update(v[0] for v in c.via)
