"""Organisation seeds derived on load, so that "who could work with O in role R"
is two key lookups returning strings.

Per organisation, an ``Answer`` node keyed ``seed|ID`` (graph/model.py ANSWER)
holds as compact JSON what its request needs beyond the stored need answers:
name, sector, life stages, its default areas (finder.MAX_SEED_AREAS of its home
areas then its programmes' areas, as fetch.read_seed orders them), the roles its
programmes play, those of its partners who could appear in one of its areas'
need answers (to leave them out: a hub has thousands of partners), and its top
SEED_FOF friends of friends with what scoring needs: Adamic–Adar, how many
partners they share, the first SHOWN_VIA of those (least connected first), their
features (sector, kind, degree, life stages, roles, area codes) and the roles they
played within reach of its areas.

Friends of friends for every organisation at once with scipy.sparse: A the
collaboration matrix, W = diag(1/log deg) over middle nodes of degree 2..HUB_CAP
(a partner with more than HUB_CAP collaborators is no middle node: a national hub
would join everyone to everyone; fetch.friends_of_friends applies the same rule),
A·W·A in row chunks, partners and itself removed, top SEED_FOF per row by
(Adamic–Adar rounded to 9 places, id).

A request (``fast_for_organisation``) reads the seed, then the need answers of
its areas for the role (answers.py keeps POOL_KEEP candidates of each with their
features in the body), and ranks those with the friends of friends exactly as
finder.suggest_for_organisation ranks what it reads (same scoring, grouping and
rules: finder._rank_organisation); only the evidence of those shown is read
after. Any other request (no role, an explicit area, other weights or k, a store
without seeds) is answered by the finder itself.
"""

from __future__ import annotations

import functools
import heapq
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import orjson

from tsunagari.core.places import covering
from tsunagari.graph.store import GraphRows, GraphStore, Row, StoreError, StoreUnavailable
from tsunagari.suggest.fetch import HUB_CAP, NATIONWIDE_CANDIDATES, NETWORK_CANDIDATES
from tsunagari.suggest.ranking import POOL_MARGIN
from tsunagari.suggest.scope import Placer, SuggestError, area_scope

#: friends of friends stored per organisation (as many as a request scores)
SEED_FOF = NETWORK_CANDIDATES
#: shared partners named per candidate (reasons.py names three)
SHOWN_VIA = 3
#: rows of A·W·A per sparse product
CHUNK = 4096


def seed_key(org: str) -> str:
    return f"seed|{org}"


def network_top(ids: list[str], pairs: Iterable[tuple[str, str]], limit: int = SEED_FOF,
                hub_cap: int = HUB_CAP) -> list[list[tuple[int, float]]]:
    """Per organisation (ids sorted), its top ``limit`` friends of friends as
    (index, Adamic–Adar), best first. Costs the sum over middle nodes of their
    degree squared (hence the cap)."""
    import scipy.sparse as sp

    at = {o: i for i, o in enumerate(ids)}
    n = len(ids)
    a_idx = np.fromiter((at[a] for a, _ in pairs), dtype=np.int64)
    b_idx = np.fromiter((at[b] for _, b in pairs), dtype=np.int64)
    rows_ = np.concatenate([a_idx, b_idx])
    cols = np.concatenate([b_idx, a_idx])
    A = sp.csr_matrix((np.ones(len(rows_), dtype=np.float64), (rows_, cols)), shape=(n, n))
    A.data[:] = 1.0
    deg = np.diff(A.indptr)
    middle = (deg > 1) & (deg <= hub_cap)
    w = np.zeros(n)
    w[middle] = 1 / np.log(deg[middle])
    Aw = (A @ sp.diags(w)).tocsr()
    out: list[list[tuple[int, float]]] = []
    for r0 in range(0, n, CHUNK):
        r1 = min(n, r0 + CHUNK)
        S = (Aw[r0:r1] @ A).tocsr()
        for i in range(r1 - r0):
            lo, hi = S.indptr[i], S.indptr[i + 1]
            cand = S.indices[lo:hi]
            aa = S.data[lo:hi]
            own = A.indices[A.indptr[r0 + i]:A.indptr[r0 + i + 1]]
            keep = (cand != r0 + i) & ~np.isin(cand, own) & (aa > 0)
            cand, aa = cand[keep], np.round(aa[keep], 9)
            if len(cand) > limit:
                floor = np.partition(aa, len(aa) - limit)[len(aa) - limit]
                sel = aa >= floor
                cand, aa = cand[sel], aa[sel]
            order = np.lexsort((cand, -aa))[:limit]
            out.append([(int(cand[j]), float(aa[j])) for j in order])
    return out


def derive_seeds(tables: Any, pairs: list[tuple[str, str]], homes: dict[str, list[str]],
                 programme_roles: dict[str, list[str]]) -> list[Row]:
    """Every organisation's seed, as Answer rows (key ``seed|ID``)."""
    from tsunagari.suggest.finder import MAX_SEED_AREAS, _pool_codes

    feats = tables.features
    ids = sorted(set(feats) | {o for p in pairs for o in p})
    top = network_top(ids, pairs)
    neighbours: dict[int, set[int]] = defaultdict(set)
    at = {o: i for i, o in enumerate(ids)}
    for a, b in pairs:
        neighbours[at[a]].add(at[b])
        neighbours[at[b]].add(at[a])
    degree = {i: len(ns) for i, ns in neighbours.items()}
    names = {o: (feats.get(o) or {}).get("name") or "" for o in ids}
    played_roles = sorted({r for f in feats.values() for r in f.get("roles") or ()})
    nationwide = {o for ranked in tables.by_role.values() for o in ranked[:NATIONWIDE_CANDIDATES]}
    # where each organisation played which role: the places covering its programmes' targets
    roles_at: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    cover_cache: dict[str, frozenset[str]] = {}

    def covers(code: str) -> frozenset[str]:
        found = cover_cache.get(code)
        if found is None:
            found = cover_cache[code] = frozenset(covering(code))
        return found

    for org, ms in tables.memberships.items():
        at_org = roles_at[org]
        for m in ms:
            for code in tables.targets.get(m[1], ()):
                for place in covers(code):
                    at_org[place].add(m[0])
    active_at = {org: frozenset(places) for org, places in roles_at.items()}
    nowhere: frozenset[str] = frozenset()
    pools_of: dict[str, frozenset[str]] = {}

    def pool_codes(code: str) -> frozenset[str]:
        found = pools_of.get(code)
        if found is None:
            scope = area_scope(code)
            found = pools_of[code] = frozenset(_pool_codes([scope], Placer([scope])))
        return found

    valid: dict[str, bool] = {}

    def is_area(code: str) -> bool:
        if code not in valid:
            try:
                area_scope(code)
                valid[code] = True
            except SuggestError:
                valid[code] = False
        return valid[code]

    out = []
    for org in ids:
        f = feats.get(org)
        if f is None:  # an unreadable name: the finder answers for it
            continue
        i = at[org]
        areas = [a for a in dict.fromkeys([*homes.get(org, []), *(f.get("area_codes") or [])])
                 if a and is_area(a)][:MAX_SEED_AREAS]
        near: frozenset[str] = frozenset().union(*(pool_codes(a) for a in areas)) if areas else frozenset()

        def roles_near(c: str, near: frozenset[str] = near) -> list[str]:
            at_c = roles_at.get(c)
            if not at_c:
                return []
            return sorted({r for place in active_at[c] & near for r in at_c[place] if r != "lead"})

        # partners who could be in a pool of its areas' need answers
        excluded = sorted(ids[p] for p in neighbours.get(i, ())
                          if ids[p] in nationwide or not active_at.get(ids[p], nowhere).isdisjoint(near))
        mine = {m for m in neighbours.get(i, ()) if 1 < degree[m] <= HUB_CAP}
        fof = []
        for j, aa in top[i]:
            c = ids[j]
            cf = feats.get(c)
            if cf is None:
                continue
            common = neighbours[j] & mine
            shared = len(common)
            via = [[ids[m], names[ids[m]], degree[m]] for m in heapq.nsmallest(
                SHOWN_VIA, common, key=lambda m: (degree[m], names[ids[m]], ids[m]))]
            fof.append([c, cf.get("name"), cf.get("sector"), cf.get("kind"), int(cf.get("degree") or 0),
                        list(cf.get("life_stages") or []), list(cf.get("roles") or []),
                        list(cf.get("area_codes") or []), aa, shared, via, roles_near(c)])
        body = {"id": org, "name": f.get("name"), "sector": f.get("sector"),
                "life_stages": list(f.get("life_stages") or []), "areas": areas,
                "programme_roles": programme_roles.get(org, []), "excluded": excluded, "fof": fof,
                "played": played_roles}
        out.append({"key": seed_key(org), "body": orgjson(body)})
    return out


def orgjson(body: Any) -> str:
    return orjson.dumps(body).decode()


def _programme_roles(tables: Any) -> dict[str, list[str]]:
    roles_in: dict[str, set[str]] = defaultdict(set)
    for ms in tables.memberships.values():
        for m in ms:
            if m[0] != "lead":
                roles_in[m[1]].add(m[0])
    return {org: sorted(set().union(*(roles_in.get(m[1], set()) for m in ms)))
            for org, ms in tables.memberships.items()}


def seeds_from_rows(rows: GraphRows, tables: Any) -> list[Row]:
    pairs = [(r["from"], r["to"]) for rr in rows.rels if rr.type == "COLLABORATES_WITH" for r in rr.rows]
    homes: dict[str, list[str]] = defaultdict(list)
    for rr in rows.rels:
        if rr.type in ("BASED_IN", "GOVERNS"):
            for r in rr.rows:
                homes[r["from"]].append(r["to"])
    return derive_seeds(tables, pairs, homes, _programme_roles(tables))


def seeds_from_store(store: GraphStore, tables: Any) -> list[Row]:
    pairs = [(r["a"], r["b"]) for r in store.query("seeds_collaborations")]
    homes: dict[str, list[str]] = defaultdict(list)
    for r in store.query("seeds_home_areas"):
        homes[r["id"]].append(r["code"])
    return derive_seeds(tables, pairs, homes, _programme_roles(tables))


def write_seeds(store: GraphStore, rows: list[Row]) -> None:
    store.query("clear_seeds")
    batch = GraphRows()
    for r in rows:
        batch.add_node("Answer", r)
    store.bulk_insert(batch)


def refresh_seeds(store: GraphStore) -> int:
    """Derive and store every organisation's seed from the store: after a load, or
    on a store rebuilt by an older version (python -m tsunagari.suggest.seeds SPEC)."""
    from tsunagari.suggest.answers import tables_from_store

    rows = seeds_from_store(store, tables_from_store(store))
    write_seeds(store, rows)
    return len(rows)


# --- the request ---------------------------------------------------------------


def read_bodies(store: GraphStore, keys: list[str]) -> dict[str, str] | None:
    try:
        rows = store.query("suggest_answer_bodies", keys=keys)
    except StoreUnavailable:
        raise
    except StoreError:  # no Answer table
        return None
    return {r["key"]: r["body"] for r in rows if r["body"]}


def fast_for_organisation(store: GraphStore, org: str, role: str, k: int) -> Any | None:
    """finder.suggest_for_organisation(store, org, role, k=k) with no area and the
    default weights, from the stored seed and need answers; None when the store
    holds none of them for this request (the finder answers then)."""
    from tsunagari.suggest.answers import answer_key
    from tsunagari.suggest.finder import _rank_organisation
    from tsunagari.suggest.score import Candidate, Membership, Seed

    found = read_bodies(store, [seed_key(org)])
    if not found:
        return None
    s = orjson.loads(found[seed_key(org)])
    if not s["areas"]:
        return None
    # a role nobody played has no stored answer: only friends of friends are candidates
    keys = [answer_key(role, a) for a in s["areas"]] if role in s["played"] else []
    bodies = read_bodies(store, keys) if keys else {}
    if bodies is None or len(bodies) < len(keys):
        return None
    pools = []
    floor = None  # the best score (role, area, activity) of those left out of a pool
    for key in keys:
        d = orjson.loads(bodies[key])
        if "pool" not in d:
            return None
        pools.append(d["pool"])
        if d.get("floor") is not None:
            floor = max(floor if floor is not None else -1.0, d["floor"])
    excluded = set(s["excluded"]) | {s["id"]}
    partners = set(s["excluded"])
    cands: dict[str, Candidate] = {}
    for c, name, sector, kind, degree, stages, roles, codes, aa, shared, via, near in s["fof"]:
        cands[c] = Candidate(c, name, sector, kind, degree, set(stages), set(roles), list(codes),
                             set(near), [tuple(v) for v in via], network=aa, shared=shared)
        partners.update(v[0] for v in via)
    # a local role's farther candidates count only when its areas together have too few near
    near_ids = {e[0] for pool in pools for e in pool if e[8]}
    few = len(near_ids) < k
    for pool in pools:
        for c, name, sector, kind, degree, stages, roles, codes, near, evidence in pool:
            if c in excluded or not (near or few):
                continue
            found_c = cands.get(c)
            if found_c is None:
                found_c = cands[c] = Candidate(c, name, sector, kind, degree, set(stages), set(roles),
                                               list(codes))
            if near:
                found_c.roles_near.add(role)
            if evidence is not None and not found_c.memberships:
                # its memberships in the role, as the store's evidence read gives them
                found_c.memberships = [
                    Membership(prog, title or "", role, source, code, place, dept, quote)
                    for prog, title, source, dept, quote, targets in evidence
                    for code, place in (targets or [[None, None]])]
    seed = Seed(s["id"], s["name"], s["sector"], partners, set(s["life_stages"]), list(s["areas"]),
                set(s["programme_roles"]))
    scopes = [area_scope(a) for a in s["areas"]]
    result = _rank_organisation(store, seed, role, None, scopes, list(cands.values()), k,
                                placer=_placer(tuple(s["areas"])))
    if floor is not None and (len(result.suggestions) < k
                              or result.suggestions[-1].score <= floor + POOL_MARGIN):
        # one left out of a pool could have ranked among these (its theme and
        # sector adding up to POOL_MARGIN): the finder answers
        return None
    return result


@functools.lru_cache(maxsize=1024)
def _placer(areas: tuple[str, ...]) -> Placer:
    """One Placer per set of areas, shared by the requests about them (what it
    remembers is a pure function of the scopes and the place table)."""
    return Placer([area_scope(a) for a in areas])


def main(argv: list[str] | None = None) -> int:
    """python -m tsunagari.suggest.seeds [--answers] STORE_SPEC: derive the seeds of
    a store in place (with --answers, the need answers with their pools too: a store
    whose answers were stored by an older version, or none)."""
    import sys
    import time

    from tsunagari.graph import open_store
    from tsunagari.suggest.answers import refresh_answers

    args = sys.argv[1:] if argv is None else argv
    with_answers = "--answers" in args
    args = [a for a in args if a != "--answers"]
    if len(args) != 1:
        print("usage: python -m tsunagari.suggest.seeds [--answers] STORE_SPEC", file=sys.stderr)
        return 2
    t = time.perf_counter()
    store = open_store(args[0])
    try:
        with store.writing("load") as target:
            n = refresh_answers(target) if with_answers else refresh_seeds(target)
    finally:
        store.close()
    what = "answers and organisation seeds" if with_answers else "organisation seeds"
    print(f"{n} {what} in {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
