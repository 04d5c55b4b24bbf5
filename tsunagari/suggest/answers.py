"""Suggestion answers derived on load, so that a request is one key lookup.

For every askable role and every place of the place table (and for no area), the
answer ``suggest_for_need(store, role, area=code, k=STORED_K)`` gives is stored as
an ``Answer`` node (graph/model.py): key ``ROLE|CODE``, ``packed`` the whole answer
as compact JSON, reasons and their evidence included, gzip-compressed (``pack``: a
sixth of its size, so that reading one at random touches one page of the store,
and a client that takes gzip is sent the stored bytes as they are). A request with the default k
and weights reads it back (queries/suggest_answer.cypher) instead of running the
suggester; any other request, and a store without answers (made by an older
version), runs the suggester itself (finder.py), which stays the reference.

The answers are what that very reference gives: from tables held in memory (read
from the rows of a rebuild, or once from the store after a load), ``MemoryReads``
answers the suggester's five reads exactly as the named queries answer them from
the store, and bodies.py gives the finder's body for the candidates ranking.py
picks. tests/test_answers.py checks stored answers against the finder on the store.
The API sends a stored body as it is (api/routes_suggestions.py).

Cost: replaying the finder whole for each answer costs about 20 ms at 2k
organisations and 100-170 ms at 100k, for some 25,000 answers (13 roles × 1,959
places): most of it reading the pools and scoring a hundred candidates. So
ranking.need_candidates works out who each answer considers for all of them at
once with arrays, and bodies.Bodies presents only those, sharing across places
what does not depend on the place (a candidate's memberships in a role, their
wording and evidence) and scoring each candidate once per place for every role:
about 1-2 ms an answer. The few answers with no area come from the finder itself
(answer_need's ``ids``, MemoryReads ``placer`` None). TSUNAGARI_SUGGEST_ANSWERS=off
skips them.
"""


from __future__ import annotations

import logging
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from tsunagari.core.places import place_table
from tsunagari.core.vocabulary import ASKABLE_ROLES
from tsunagari.graph.model import PLACE_POOL
from tsunagari.graph.store import GraphRows, GraphStore, Row, StoreError, StoreUnavailable
from tsunagari.suggest.ranking import Considered
from tsunagari.suggest.reasons import Evidence, Reason
from tsunagari.suggest.scope import Placer, nearby

log = logging.getLogger(__name__)

#: the k whose answers are stored: the API's and the CLI's default
STORED_K = 10


def answer_key(role: str, area: str | None) -> str:
    return f"{role}|{area or ''}"


def pool_key(role: str, area: str) -> str:
    """The candidates an area's answer considered, for organisations' requests (seeds.py)."""
    return f"pool|{role}|{area}"


# --- the tables the five reads are answered from ---------------------------------


@dataclass
class Tables:
    """What the suggester reads, for the whole graph."""

    #: place code -> (ids, roles, ranks), as a place's pool
    pools: dict[str, tuple[list[str], list[str], list[int]]] = field(default_factory=dict)
    #: organisation id -> suggest_candidate_features row (readable names only)
    features: dict[str, Row] = field(default_factory=dict)
    #: role -> ids of those who played it, best connected first (suggest_role_candidates)
    by_role: dict[str, list[str]] = field(default_factory=dict)
    #: organisation id -> its memberships: (role, programme, title, source, department, quote)
    memberships: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    #: programme id -> the codes of its target areas
    targets: dict[str, list[str]] = field(default_factory=dict)
    #: place code -> the name its node carries
    place_names: dict[str, str] = field(default_factory=dict)
    #: organisation id -> its name, unreadable ones too (a shared partner is named
    #: whatever its name: seeds.py)
    names: dict[str, str] = field(default_factory=dict)


def _role_lists(orgs: list[Row]) -> dict[str, list[str]]:
    """suggest_role_candidates for every role at once: named kinds, best connected first."""
    order = sorted((o for o in orgs if (o.get("kind") or "") != "generic"),
                   key=lambda o: (-(o.get("degree") or 0), o.get("name") or "", o["id"]))
    out: dict[str, list[str]] = {"": [o["id"] for o in order]}
    for o in order:
        for r in o.get("roles") or []:
            out.setdefault(r, []).append(o["id"])
    return out


def _tables(orgs: list[Row], pools: list[Row], memberships: list[Row],
            targets: dict[str, list[str]], place_names: dict[str, str],
            by_org: dict[str, list[tuple[Any, ...]]] | None = None) -> Tables:
    t = Tables(targets=targets, place_names=place_names)
    for p in pools:
        t.pools[p["code"]] = (list(p["ids"] or []), list(p["roles"] or []), list(p["ranks"] or []))
    for o in orgs:
        t.names[o["id"]] = o.get("name") or ""
        if o.get("name_status") != "unreadable":
            t.features[o["id"]] = o
    t.by_role = _role_lists(orgs)
    if by_org is None:
        by_org = defaultdict(list)
        for m in memberships:
            by_org[m["id"]].append((m["role"], m["programme"], m["title"], m["source"],
                                    m["department"], m["quote"]))
    t.memberships = dict(by_org)
    return t


def tables_from_store(store: GraphStore) -> Tables:
    targets = {r["id"]: list(r["codes"]) for r in store.query("programme_target_codes")}
    names = {r["code"]: r["name"] for r in store.query("answers_place_names")}
    return _tables(store.query("answers_organisations"), store.query("answers_place_pools"),
                   store.query("answers_memberships"), targets, names)


def tables_from_rows(rows: GraphRows) -> Tables:
    """The same tables from the rows of a rebuild, once graph/derived.py has added
    the derived properties (summaries and pools) to them."""
    orgs = [{"id": o["id"], "name": o.get("name"), "sector": o.get("sector"), "kind": o.get("kind"),
             "name_status": o.get("name_status"), "degree": o.get("collaborators"),
             "roles": o.get("roles_played"), "life_stages": o.get("life_stages"),
             "area_codes": o.get("area_codes")} for o in rows.nodes.get("Organisation", [])]
    pools = []
    names: dict[str, str] = {}
    for label in ("Municipality", "Prefecture"):
        for p in rows.nodes.get(label, []):
            names[p["code"]] = p.get("name")
            if p.get(PLACE_POOL[0]) is not None:
                pools.append({"code": p["code"], "ids": p[PLACE_POOL[0]], "roles": p[PLACE_POOL[1]],
                              "ranks": p[PLACE_POOL[2]]})
    titles = {p["id"]: p.get("title") for p in rows.nodes.get("Programme", [])}
    # each organisation's memberships as _tables makes them from the store's rows
    by_org: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    targets: dict[str, list[str]] = defaultdict(list)
    for rr in rows.rels:
        if rr.type in ("LEADS", "PARTNER_IN"):
            for r in rr.rows:
                get = r.get
                by_org[r["from"]].append((get("role") or "lead", r["to"], titles.get(r["to"]),
                                          get("source"), get("department"), get("quote")))
        elif rr.type == "TARGETS":
            for r in rr.rows:
                targets[r["from"]].append(r["to"])
    return _tables(orgs, pools, [], dict(targets), names, by_org)


class MemoryReads:
    """Answers the suggester's reads (fetch.py) from Tables, row for row as the
    named queries answer them from a store; any other read is refused."""

    def __init__(self, tables: Tables):
        self.t = tables
        self._roles_of: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
        #: the places of the answer being derived, when derive_answers says so: a
        #: membership's evidence is then its nearest target only (see _role_evidence)
        self.placer: Placer | None = None
        self._handlers: dict[str, Callable[..., list[Row]]] = {
            "suggest_area_pools": self._pools,
            "suggest_role_candidates": self._role_candidates,
            "suggest_candidate_features": self._features,
            "suggest_candidate_evidence": self._role_evidence,
            "suggest_candidate_area_evidence": self._area_evidence,
        }

    def query(self, name: str, /, **params: Any) -> list[Row]:
        handler = self._handlers.get(name)
        if handler is None:
            raise ValueError(f"MemoryReads does not answer {name!r}")
        return handler(**params)

    def _pools(self, codes: list[str]) -> list[Row]:
        out = []
        for c in codes:
            found = self.t.pools.get(c)
            if found is not None:
                out.append({"code": c, "ids": found[0], "roles": found[1], "ranks": found[2]})
        return out

    def _role_candidates(self, role: str, limit: int) -> list[Row]:
        return [{"id": i} for i in self.t.by_role.get(role, [])[:limit]]

    def _features(self, ids: list[str]) -> list[Row]:
        return [self.t.features[i] for i in ids if i in self.t.features]

    def _by_role(self, cid: str) -> dict[str, list[tuple[Any, ...]]]:
        """A candidate's memberships by role, sorted out once (a hub has hundreds)."""
        found = self._roles_of.get(cid)
        if found is None:
            found = self._roles_of[cid] = defaultdict(list)
            for m in self.t.memberships.get(cid, ()):
                found[m[0]].append(m)
        return found

    def _role_evidence(self, ids: list[str], roles: list[str]) -> list[Row]:
        out: list[Row] = []
        for cid in ids:
            by_role = self._by_role(cid)
            ms = [m for r in dict.fromkeys(roles) for m in by_role.get(r, ())]
            found = bool(ms)
            for role, prog, title, source, dept, quote in ms:
                base = {"id": cid, "role": role, "programme": prog, "title": title, "source": source,
                        "department": dept, "quote": quote}
                codes = self.t.targets.get(prog)
                if codes and self.placer is not None and len(codes) > 1:
                    # All the presentation reads of a membership's targets is the nearest
                    # (reasons.py cites each programme by its nearest, finder._farther
                    # places by the nearest of all): a hub's hundreds are left out.
                    codes = [min(codes, key=self._nearness)]
                if not codes:
                    out.append({**base, "area_code": None, "area_name": None})
                for code in codes or ():
                    out.append({**base, "area_code": code, "area_name": self.t.place_names.get(code)})
            if not found:
                out.append({"id": cid, "role": None, "programme": None})
        return out

    def _nearness(self, code: str) -> tuple[int, float, str]:
        assert self.placer is not None
        level, km = self.placer.place(code)
        return level, km if km is not None else 1e9, code

    def _area_evidence(self, ids: list[str], codes: list[str]) -> list[Row]:
        out: list[Row] = []
        asked = set(codes)
        for cid in ids:
            found = False
            for role, prog, title, source, _, _ in self.t.memberships.get(cid, ()):
                for code in self.t.targets.get(prog, ()):
                    if code in asked:
                        found = True
                        out.append({"id": cid, "role": role, "programme": prog, "title": title,
                                    "source": source, "area_code": code,
                                    "area_name": self.t.place_names.get(code)})
            if not found:
                out.append({"id": cid, "role": None, "programme": None})
        return out


# --- the answers, to JSON and back -----------------------------------------------


def to_body(result: Any) -> str:
    """An answer as compact JSON: each dataclass as its fields, in order."""
    return orjson.dumps(result).decode()


#: gzip at level 1: 15 KB of answer to about 2.7 KB in 0.1-0.3 ms (level 6 saves
#: another 9 % at twice the time, over some 25,000 answers a rebuild)
PACK_LEVEL = 1
#: the first bytes of a gzip stream
GZIP_MAGIC = b"\x1f\x8b"


def pack(body: str | bytes) -> bytes:
    """A body as stored: gzip (RFC 1952, no name or time in its header: the same
    body packs to the same bytes, so loading twice gives the same graph)."""
    raw = body.encode() if isinstance(body, str) else body
    return zlib.compress(raw, PACK_LEVEL, wbits=31)


def unpack(packed: bytes) -> bytes:
    """A stored body as JSON bytes."""
    return zlib.decompress(packed, wbits=31)


def from_body(body: str | bytes) -> Any:
    """A body (JSON, or packed) as the suggester's dataclasses, built field by field
    (no validation, no copies: a request pays one JSON decode and the objects)."""
    from tsunagari.suggest.finder import Complementary, Suggestion, SuggestionResult

    if isinstance(body, bytes) and body[:2] == GZIP_MAGIC:
        body = unpack(body)
    d = orjson.loads(body)

    def reason(r: dict[str, Any]) -> Reason:
        return Reason(r["kind"], r["text"], r["programmes"], r["sources"],
                      [Evidence(e["programme"], e["organisation"], e["role"], e["document"],
                                e["title"], e["line"], e["text"], e["url"]) for e in r["evidence"]],
                      r["programme_count"])

    def suggestion(s: dict[str, Any]) -> Suggestion:
        return Suggestion(s["id"], s["name"], s["sector"], s["score"], s["parts"], s["area_level"],
                          s["distance_km"], s["area"], [reason(r) for r in s["reasons"]], s["also"])

    return SuggestionResult(
        d["organisation"], d["need"], d["area"], d["reach"], d["reach_km"], d["weights"],
        [suggestion(s) for s in d["suggestions"]], [suggestion(s) for s in d["farther"]],
        [Complementary(c["role"], c["label"], c["text"], [suggestion(s) for s in c["suggestions"]])
         for c in d["complementary"]], d["message"], d["around"])


def read_body(store: GraphStore, role: str, area: str | None) -> bytes | None:
    """The stored answer as its packed JSON body (gzip: ``unpack`` gives the JSON),
    or None when the store holds none for it (or no Answer table at all: a graph
    made by an older version). One key lookup."""
    try:
        rows = store.query("suggest_answer", key=answer_key(role, area))
    except StoreUnavailable:
        raise
    except StoreError:  # no Answer table: the suggester answers itself
        return None
    return rows[0]["packed"] or None if rows else None


def read_answer(store: GraphStore, role: str, area: str | None) -> Any | None:
    """The stored answer as the suggester's dataclasses, or None (read_body)."""
    body = read_body(store, role, area)
    return from_body(body) if body is not None else None


# --- deriving and writing them --------------------------------------------------


def answer_areas(tables: Tables) -> list[str | None]:
    """The places whose answers are stored: every place of the place table with
    someone active within a local role's reach (the place's prefecture, or a
    municipality within LOCAL_REACH_KM: a place's pool is read exactly there), and
    no place. A question about any other place finds nobody near and is answered
    by the suggester itself."""
    pooled = set(tables.pools)
    reachable = {code for code in pooled if len(code) == 5}
    for code in sorted(reachable):
        reachable.update(nearby(code))
    prefs = {code[:2] for code in pooled}
    return [None, *sorted(p.code for p in place_table().places()
                          if p.code in reachable or p.code[:2] in prefs)]


def answer_roles(tables: Tables) -> list[str]:
    """The askable roles someone played: for any other, every answer is empty and
    the suggester finds that out by itself at once."""
    played = {r for f in tables.features.values() for r in f.get("roles") or ()}
    return [r for r in ASKABLE_ROLES if r in played]


def derive_answers(tables: Tables) -> list[Row]:
    """Every stored answer, as Answer rows."""
    from tsunagari.suggest.bodies import Bodies
    from tsunagari.suggest.finder import answer_need
    from tsunagari.suggest.ranking import need_candidates

    reads = MemoryReads(tables)
    roles = answer_roles(tables)
    areas = answer_areas(tables)
    # who each answer considers, for all of them at once (ranking.py)
    considered: dict[tuple[str, str], Considered] = {}
    candidates = need_candidates(tables, roles, areas, STORED_K, considered=considered)
    bodies = Bodies(tables)
    entries = _Entries(tables)
    out = []
    for area in areas:
        for role in roles:
            near, far = candidates[(role, area)]
            if area is None:  # the few answers with no area: the reference itself
                result = answer_need(reads, role, area, STORED_K,  # type: ignore[arg-type]
                                     ids=(near, far))
                body = to_body(result)
            else:  # the same body, batched (bodies.py)
                body = bodies.body(role, area, near, far)
                # apart (the API sends the answer's body as it is): every candidate it
                # considered, for organisations' requests (seeds.py)
                out.append({"key": pool_key(role, area),
                            "body": entries.pool(considered.pop((role, area)), far)})
            out.append({"key": answer_key(role, area), "packed": pack(body)})
    return out


class _Entries:
    """Pool bodies: every candidate a need answer considered, as a compact entry
    with what an organisation's request needs to bound its score without reading
    its features (seeds.fast_for_organisation):

    ``[id, flag, close, collaborators, group, prefectures]`` and, for a public unit
    of a body (finder._body), that body's id last. ``flag`` 1 within reach, 2 within
    reach but its nearest area beyond, 0 beyond (a local role's nationwide players
    when the area has too few: ``[id, 0]`` only); ``close`` the best closeness of its
    area codes (ranking.Considered); ``group`` its (sector, life stages) in the
    body's ``groups`` (0 no sector, 1 public, 2 other); ``prefectures`` a bitmask of
    the prefecture numbers of its area codes (bit 0: a code of no prefecture).
    Numbers and ids only: nothing is copied that a hub would repeat thousands of
    times (pools that carried features and evidence were 690 MB at 2k)."""

    def __init__(self, tables: Tables):
        self.features = tables.features
        self._info: dict[str, tuple[int, tuple[int, tuple[str, ...]], int, str | None]] = {}

    def info(self, org: str) -> tuple[int, tuple[int, tuple[str, ...]], int, str | None]:
        found = self._info.get(org)
        if found is None:
            from tsunagari.suggest.finder import _body
            from tsunagari.suggest.score import Candidate

            f = self.features[org]
            sector = f.get("sector")
            mask = 0
            for code in f.get("area_codes") or ():
                pref = code[:2] if code else ""
                mask |= 1 << int(pref) if pref.isdigit() and 0 < int(pref) < 64 else 1
            body = _body(Candidate(org, f.get("name") or "", sector))
            found = self._info[org] = (
                int(f.get("degree") or 0),
                (0 if sector is None else 1 if sector == "public" else 2,
                 tuple(sorted(set(f.get("life_stages") or ())))),
                mask, body if body != org else None)
        return found

    def pool(self, near: Considered, far: list[str]) -> str:
        groups: dict[tuple[int, tuple[str, ...]], int] = {}
        entries: list[list[Any]] = []
        for org, close, beyond in zip(near.ids, near.close, near.beyond, strict=True):
            degree, group, mask, body = self.info(org)
            entry = [org, 2 if beyond else 1, close, degree, groups.setdefault(group, len(groups)), mask]
            if body is not None:
                entry.append(body)
            entries.append(entry)
        entries += [[c, 0] for c in far if c in self.features]
        return orjson.dumps({"pool": entries,
                             "groups": [[g[0], list(g[1])] for g in groups]}).decode()


def write_answers(store: GraphStore, rows: list[Row], clear: str = "clear_answers") -> None:
    """Replace the stored answers the named query ``clear`` removes (every one, by
    default; clear_seeds: the seeds only) with ``rows``: one bulk copy."""
    store.query(clear)
    batch = GraphRows()
    for r in rows:
        batch.add_node("Answer", r)
    store.bulk_insert(batch)


def refresh_answers(store: GraphStore, rows: GraphRows | None = None) -> int:
    """Derive and store every answer: from the rows a rebuild just wrote, or from
    the store (after a load); none with TSUNAGARI_SUGGEST_ANSWERS=off. Returns how many."""
    from tsunagari.settings import settings

    if not settings().suggest_answers:
        write_answers(store, [])  # none stored: none stale
        return 0
    from tsunagari.suggest.seeds import seeds_from_rows, seeds_from_store

    tables = tables_from_rows(rows) if rows is not None else tables_from_store(store)
    # and every organisation's seed (seeds.py), in the same copy: from a rebuild's rows,
    # worked out on the other core while the need answers are derived here
    seeds = _beside(lambda: seeds_from_rows(rows, tables)) if rows is not None else None
    answers = derive_answers(tables)
    answers += seeds() if seeds is not None else seeds_from_store(store, tables)
    write_answers(store, answers)
    return len(answers)


def _beside(work: Callable[[], list[Row]]) -> Callable[[], list[Row]]:
    """``work`` started in a forked process (pure Python and arrays: it never touches
    the store), its rows fetched by the function returned. Where there is one core
    or no fork, or when the process fails or dies (a kill, memory), the work is done
    here instead when its rows are asked for: the result is the same either way."""
    import multiprocessing
    import os

    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return work
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(("rows", work()))
        except BaseException as exc:  # noqa: BLE001 - told to the parent, which redoes the work
            send.send(("error", f"{type(exc).__name__}: {exc}"))
        finally:
            send.close()

    process = ctx.Process(target=child, daemon=True)
    process.start()
    send.close()

    def fetch() -> list[Row]:
        try:
            kind, value = receive.recv()
        except (EOFError, OSError):
            process.join()  # it closed its end by dying: its exit code is known once joined
            kind, value = "error", f"the process ended with {process.exitcode}"
        finally:
            receive.close()
            process.join()
        if kind == "rows":
            return value  # type: ignore[no-any-return]
        log.warning("organisation seeds beside the need answers failed (%s): derived here", value)
        return work()

    return fetch
