"""Organisation seeds derived on load, so that "who could work with O in role R"
is a few key lookups.

Per organisation, an ``Answer`` node keyed ``seed|ID`` (graph/model.py ANSWER)
holds, as compact JSON of ids and numbers only, what its request needs beyond the
stored need answers and the candidates' own features (read by key):

- ``areas``: its default areas (finder.MAX_SEED_AREAS of its home areas then its
  programmes' areas, as fetch.read_seed orders them);
- ``fof``: its top SEED_FOF friends of friends, each as [id, Adamic–Adar, shared
  partners, roles bitmask, first shared]: the roles (bit i: ``_ROLE_BITS[i]``) it
  played at the places whose pools the finder reads around the organisation's
  areas; the first SHOWN_VIA partners it shares with the organisation, least
  connected first (as the network reason names them), as places in ``via``;
- ``via``: the partners some friend of a friend names, each [id, name,
  collaborators] (a partner named by many is written once);
- ``played``: the roles anyone played (a bitmask: a role nobody played has no
  stored need answer).

No candidate's features are copied into a seed: a request reads the seed with
the organisation's own summary and partners (queries/seeds_seed.cypher) and its
friends of friends' features by key (suggest_candidate_features). A seed stored
by an older version (no ``via``) has the partners they share read for those shown
(seeds_shared_partners).

Friends of friends for every organisation at once with scipy.sparse: A the
collaboration matrix, W = diag(1/log deg) over middle nodes of degree 2..HUB_CAP
(a partner with more than HUB_CAP collaborators is no middle node: a national hub
would join everyone to everyone; fetch.friends_of_friends applies the same rule),
A·W·A in row chunks (complex: the imaginary part counts the shared partners),
partners and itself removed, top SEED_FOF per row by (Adamic–Adar rounded to 9
places, id) with one sort per chunk; the first partners each pair shares by a walk
of the shorter list of middle partners (first_shared).

A request (``fast_for_organisation``) reads the seed, then the pools of its areas'
need answers for the role (answers._Entries: every candidate each considered, with
numbers that bound its score for any organisation), the features of its friends of
friends and of the pooled candidates best bounded, and ranks them exactly as
finder.suggest_for_organisation ranks what it reads (same scoring, grouping and
rules: finder._order_organisation); while a candidate not read yet could come
before the k-th shown (score as high, and not lose the tie-break: ``_loses_tie``)
or is another unit of a body read, the best bounded of them are read, FIRST_READ
at a time (while fewer than k are shown, as many again as were read), and all are
ranked again. Only the evidence of those shown is read after. Any other request
(no role, an explicit area, other weights or k, a store without seeds) is answered
by the finder itself.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from typing import Any

import numpy as np
import orjson

from tsunagari.core.places import covering
from tsunagari.core.vocabulary import LEAD, ROLE_CODES
from tsunagari.graph.store import GraphRows, GraphStore, Row, StoreError, StoreUnavailable
from tsunagari.suggest.fetch import HUB_CAP, NETWORK_CANDIDATES
from tsunagari.suggest.ranking import _csr
from tsunagari.suggest.scope import Placer, SuggestError, area_scope, nearby

#: friends of friends stored per organisation (as many as a request scores)
SEED_FOF = NETWORK_CANDIDATES
#: rows of A·W·A per sparse product
CHUNK = 4096
#: friends of friends whose roles near an organisation are looked up per array pass
MASK_CHUNK = 1 << 18
#: bits of a place number in the (organisation, place) keys of derive_seeds
_PLACE_BITS = 16
#: the roles a seed's bitmasks speak of, bit i for the i-th
_ROLE_BITS: tuple[str, ...] = tuple(r for r in ROLE_CODES if r != LEAD)
_BIT = {r: 1 << i for i, r in enumerate(_ROLE_BITS)}


def seed_key(org: str) -> str:
    return f"seed|{org}"


def role_mask(roles: Any) -> int:
    return sum(_BIT.get(r, 0) for r in set(roles))


def mask_roles(mask: int) -> set[str]:
    return {r for r, bit in _BIT.items() if mask & bit}


def network_top(n: int, a: np.ndarray, b: np.ndarray, limit: int = SEED_FOF,
                hub_cap: int = HUB_CAP) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every organisation's top ``limit`` friends of friends, over organisation
    numbers 0..n-1 (``a``, ``b``: the collaboration pairs): (A, indptr, candidates,
    Adamic–Adar rounded to 9 places, shared middle partners), each row best first
    by (Adamic–Adar down, number up). Costs the sum over middle nodes of their
    degree squared (hence the cap)."""
    import scipy.sparse as sp

    ones = np.ones(2 * len(a), dtype=np.float64)
    A = sp.csr_matrix((ones, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n, n))
    A.sum_duplicates()
    A.data[:] = 1.0
    deg = np.diff(A.indptr)
    middle = (deg > 1) & (deg <= hub_cap)
    w = np.zeros(n)
    w[middle] = 1 / np.log(deg[middle])
    # A·W with W complex: the real part weighs each middle partner, the imaginary counts it
    Aw = sp.csr_matrix((w[A.indices] + 1j * middle[A.indices], A.indices.copy(), A.indptr.copy()),
                       shape=(n, n))
    Aw.eliminate_zeros()
    col_bits = max(1, int(n).bit_length())
    ptr = [np.zeros(1, dtype=np.int64)]
    cands, aas, shares = [], [], []
    done = 0
    for r0 in range(0, n, CHUNK):
        r1 = min(n, r0 + CHUNK)
        S = (Aw[r0:r1] @ A).tocsr()
        # itself and its partners are no friends of friends
        own = (A[r0:r1] + sp.eye(r1 - r0, n, k=r0, format="csr")).tocsr()
        own.data[:] = 1.0
        S = (S - S.multiply(own)).tocsr()
        S.eliminate_zeros()
        counts = np.diff(S.indptr)
        rows = np.repeat(np.arange(r1 - r0, dtype=np.int64), counts)
        aa = np.round(S.data.real, 9)
        key = (-np.rint(aa * 1e9).astype(np.int64) << col_bits) | S.indices.astype(np.int64)
        order = np.lexsort((key, rows))
        rank = np.arange(len(order)) - np.repeat(S.indptr[:-1], counts)
        keep = order[rank < limit]
        cands.append(S.indices[keep].astype(np.int64))
        aas.append(aa[keep])
        shares.append(np.rint(S.data.imag[keep]).astype(np.int64))
        kept = np.minimum(counts, limit)
        ptr.append(done + np.cumsum(kept))
        done += int(kept.sum())
    return (A, np.concatenate(ptr), np.concatenate(cands), np.concatenate(aas),
            np.concatenate(shares))


def derive_seeds(tables: Any, pair_from: Any, pair_to: Any, homes: dict[str, list[str]]) -> list[Row]:
    """Every organisation's seed, as Answer rows (key ``seed|ID``); ``pair_from``
    and ``pair_to`` the ids of the collaboration pairs (lists or Arrow arrays)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from tsunagari.suggest.finder import MAX_SEED_AREAS

    feats = tables.features
    froms, tos = pa.array(pair_from, type=pa.string()), pa.array(pair_to, type=pa.string())
    ids = sorted(set(feats) | set(tables.memberships) | set(pc.unique(froms).to_pylist())
                 | set(pc.unique(tos).to_pylist()))
    id_set = pa.array(ids, type=pa.string())
    a = pc.index_in(froms, value_set=id_set).to_numpy(zero_copy_only=False).astype(np.int64)
    b = pc.index_in(tos, value_set=id_set).to_numpy(zero_copy_only=False).astype(np.int64)
    n = len(ids)
    A, ptr, cand, aa, shared = network_top(n, a, b)

    # where each organisation was active (place numbers: the places covering its
    # programmes' targets) and the roles it played at each, as a bitmask: one
    # (organisation << _PLACE_BITS | place) key per pair, sorted, its bits OR-ed
    place_no: dict[str, int] = {}
    prog_places: dict[str, list[int]] = {}
    targets = tables.targets

    def places_of(prog: str) -> list[int]:
        found = prog_places.get(prog)
        if found is None:
            found = prog_places[prog] = sorted(
                {place_no.setdefault(p, len(place_no)) for code in targets.get(prog, ())
                 for p in covering(code)})
        return found

    at = {o: i for i, o in enumerate(ids)}
    act_org: list[int] = []
    act_place: list[int] = []
    act_bit: list[int] = []
    for org, ms in tables.memberships.items():
        i = at[org]
        for m in ms:
            ps = places_of(m[1])
            if ps:
                act_org += [i] * len(ps)
                act_place += ps
                act_bit += [_BIT.get(m[0], 0)] * len(ps)
    act_keys, act_bits = _or_by_key(
        np.array(act_org, dtype=np.int64) << _PLACE_BITS | np.array(act_place, dtype=np.int64),
        np.array(act_bit, dtype=np.int64))
    del act_org, act_place, act_bit
    readable = np.array([o in feats for o in ids], dtype=bool)
    played = role_mask(r for f in feats.values() for r in f.get("roles") or ())

    valid: dict[str, bool] = {}

    def is_area(code: str) -> bool:
        if code not in valid:
            try:
                area_scope(code)
                valid[code] = True
            except SuggestError:
                valid[code] = False
        return valid[code]

    pool_of: dict[str, frozenset[int]] = {}
    group_of: dict[tuple[str, ...], int] = {(): 0}
    group_places: list[list[int]] = [[]]

    def pool_places(code: str) -> frozenset[int]:
        """The places whose pools the finder reads around one area (worked out once
        per area, not once per organisation)."""
        found = pool_of.get(code)
        if found is None:
            # finder._pool_codes([scope], Placer([scope])) without the Placer's rows of
            # distances: the area, its city, its prefecture and the municipalities of
            # other prefectures within reach (scope.nearby, as Placer.near_codes reads it)
            scope = area_scope(code)
            codes = {scope.code, scope.pref, *([scope.city] if scope.city else [])}
            codes.update(c for c in nearby(scope.code) if c[:2] != scope.pref)
            found = pool_of[code] = frozenset(place_no.setdefault(c, len(place_no)) for c in codes)
        return found

    def near_group(areas: tuple[str, ...]) -> int:
        """The number of the set of places whose pools are read around these areas."""
        found = group_of.get(areas)
        if found is None:
            found = group_of[areas] = len(group_places)
            group_places.append(sorted(frozenset().union(*(pool_places(c) for c in areas))))
        return found

    # each readable organisation's default areas and the places around them
    org_areas: list[tuple[str, ...] | None] = []
    org_group = np.zeros(n, dtype=np.int64)
    for i, org in enumerate(ids):
        f = feats.get(org)
        if f is None:  # an unreadable name: the finder answers for it
            org_areas.append(None)
            continue
        areas = tuple([c for c in dict.fromkeys([*homes.get(org, ()), *(f.get("area_codes") or ())])
                       if c and is_area(c)][:MAX_SEED_AREAS])
        org_areas.append(areas)
        org_group[i] = near_group(areas)
    if len(place_no) >= 1 << _PLACE_BITS:
        raise ValueError(f"{len(place_no)} places: more than a seed key holds")
    g_ptr, g_idx = _csr(group_places)
    g_len = np.diff(g_ptr)

    # each friend of a friend who is readable, with the roles it played at the
    # places around the organisation's areas
    rows_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(ptr))
    kept = readable[cand]
    rows_of, cand, aa, shared = rows_of[kept], cand[kept], aa[kept], shared[kept]
    kept_ptr = np.zeros(n + 1, dtype=np.int64)
    kept_ptr[1:] = np.cumsum(np.bincount(rows_of, minlength=n))
    # each pair walks the shorter of two sorted lists and looks its places up in the
    # other: the candidate's active places in the organisation's group of near places
    # (a hub was active at hundreds), or the group's places among the candidate's
    group_keys = np.repeat(np.arange(len(g_len), dtype=np.int64), g_len) << _PLACE_BITS | g_idx
    act_ptr = np.searchsorted(act_keys >> _PLACE_BITS, np.arange(n + 1, dtype=np.int64))
    act_len = np.diff(act_ptr)
    act_place = act_keys & ((1 << _PLACE_BITS) - 1)
    mask = np.zeros(len(cand), dtype=np.int64)
    for k0 in range(0, len(cand), MASK_CHUNK):
        k1 = min(len(cand), k0 + MASK_CHUNK)
        groups, js = org_group[rows_of[k0:k1]], cand[k0:k1]
        n_near, n_act = g_len[groups], act_len[js]
        by_act = n_act <= n_near
        for which, lens, starts in ((by_act, n_act, act_ptr[js]), (~by_act, n_near, g_ptr[groups])):
            at = np.flatnonzero(which & (lens > 0))
            if not len(at):
                continue
            ln = lens[at]
            seg = np.zeros(len(at), dtype=np.int64)
            seg[1:] = np.cumsum(ln)[:-1]
            flat = np.repeat(starts[at] - seg, ln) + np.arange(int(ln.sum()))
            if which is by_act:  # the candidate's places, in the group's?
                keys = np.repeat(groups[at], ln) << _PLACE_BITS | act_place[flat]
                bits = np.where(_member(group_keys, keys), act_bits[flat], 0)
            else:  # the group's places, among the candidate's?
                keys = np.repeat(js[at], ln) << _PLACE_BITS | g_idx[flat]
                pos = np.minimum(np.searchsorted(act_keys, keys), len(act_keys) - 1)
                bits = np.where(act_keys[pos] == keys, act_bits[pos], 0)
            mask[k0 + at] = np.bitwise_or.reduceat(bits, seg)

    # the first SHOWN_VIA partners each shares with the organisation, as the network
    # reason names them: each organisation's table of them, and their places in it
    via_ptr, via_node = first_shared(A, rows_of, cand, tables.names, ids)
    via_org = np.repeat(rows_of, np.diff(via_ptr))
    table_keys = np.unique(via_org << _NODE_BITS | via_node)
    table_ptr = np.searchsorted(table_keys >> _NODE_BITS, np.arange(n + 1, dtype=np.int64))
    via_at = (np.searchsorted(table_keys, via_org << _NODE_BITS | via_node)
              - table_ptr[via_org]).tolist()
    via_ptr_l = via_ptr.tolist()
    table_node = table_keys & ((1 << _NODE_BITS) - 1)
    deg = np.diff(A.indptr)
    named: dict[int, list[Any]] = {j: [ids[j], tables.names.get(ids[j]) or "", int(deg[j])]
                                   for j in np.unique(table_node).tolist()}
    table_node_l, table_ptr_l = table_node.tolist(), table_ptr.tolist()

    names = [ids[j] for j in cand.tolist()]
    aa_l, shared_l, mask_l = aa.tolist(), shared.tolist(), mask.tolist()
    ptr_l = kept_ptr.tolist()
    out = []
    for i, org in enumerate(ids):
        areas = org_areas[i]
        if areas is None:
            continue
        lo, hi = ptr_l[i], ptr_l[i + 1]
        # (each pair's places sliced here: millions of small lists kept alive at once
        # cost the garbage collector more than the slicing)
        fof = [[c, x, sh, m, via_at[via_ptr_l[p]:via_ptr_l[p + 1]]] for p, c, x, sh, m in zip(
            range(lo, hi), names[lo:hi], aa_l[lo:hi], shared_l[lo:hi], mask_l[lo:hi], strict=True)]
        via = [named[j] for j in table_node_l[table_ptr_l[i]:table_ptr_l[i + 1]]]
        body = {"areas": list(areas), "fof": fof, "played": played, "via": via}
        out.append({"key": seed_key(org), "body": orjson.dumps(body).decode()})
    return out


#: shared partners a seed names per friend of a friend (reasons.py names three)
SHOWN_VIA = 3
#: bits of an organisation number in the (organisation, organisation) keys of first_shared
_NODE_BITS = 32
#: (pair, partner) steps per array pass of first_shared
VIA_CHUNK = 1 << 22


def first_shared(A: Any, rows: np.ndarray, cands: np.ndarray, names: dict[str, str],
                 ids: list[str], limit: int = SHOWN_VIA) -> tuple[np.ndarray, np.ndarray]:
    """For each pair (``rows[p]``, ``cands[p]``) of organisation numbers, the first
    ``limit`` middle partners they share (more than one collaborator, at most
    HUB_CAP), least connected first, then by name and id (as
    fetch.friends_of_friends orders them): (pointer per pair, partner numbers).

    Each pair walks the middle partners of the side with fewer of them, in that
    order, and looks each up among the other side's collaborators (a hash set of
    the collaborations of middle partners): the first ``limit`` found are the
    first shared."""
    n = A.shape[0]
    indptr, indices = A.indptr.astype(np.int64), A.indices.astype(np.int64)
    deg = np.diff(indptr)
    middle = (deg > 1) & (deg <= HUB_CAP)
    # every organisation's rank by (collaborators, name, id), and its middle partners in that order
    order = sorted(range(n), key=lambda j: (int(deg[j]), names.get(ids[j]) or "", ids[j]))
    rank = np.empty(n, dtype=np.int64)
    rank[np.array(order, dtype=np.int64)] = np.arange(n, dtype=np.int64)
    by_rank = np.array(order, dtype=np.int64)
    row_of = np.repeat(np.arange(n, dtype=np.int64), deg)
    mid = middle[indices]
    # who collaborates with each middle partner (a hash set: a sorted array's binary
    # search was four times slower at 100k organisations)
    collaborates = _KeySet(row_of[mid] << _NODE_BITS | indices[mid])
    mid_keys = np.sort(row_of[mid] << _NODE_BITS | rank[indices[mid]])
    mid_ptr = np.searchsorted(mid_keys >> _NODE_BITS, np.arange(n + 1, dtype=np.int64))
    mid_node = by_rank[mid_keys & ((1 << _NODE_BITS) - 1)]
    mid_len = np.diff(mid_ptr)
    del mid_keys, row_of, mid

    use_row = mid_len[rows] <= mid_len[cands]
    side, other = np.where(use_row, rows, cands), np.where(use_row, cands, rows)
    first = np.full((len(rows), limit), -1, dtype=np.int64)
    cum = np.cumsum(mid_len[side])
    p0 = 0
    while p0 < len(rows):
        # as many pairs as VIA_CHUNK steps (one at least)
        p1 = max(p0 + 1, int(np.searchsorted(cum, (cum[p0 - 1] if p0 else 0) + VIA_CHUNK, "right")))
        ln = mid_len[side[p0:p1]]
        seg = np.zeros(len(ln), dtype=np.int64)
        seg[1:] = np.cumsum(ln)[:-1]
        flat = np.repeat(mid_ptr[side[p0:p1]] - seg, ln) + np.arange(int(ln.sum()), dtype=np.int64)
        m = mid_node[flat]
        pair = np.repeat(np.arange(len(ln), dtype=np.int64), ln)
        hit = collaborates.contains(other[p0:p1][pair] << _NODE_BITS | m)
        hp, hm = pair[hit], m[hit]
        # hits come pair by pair, each pair's in partner order: keep the first few
        nth = np.arange(len(hp), dtype=np.int64) - np.searchsorted(hp, hp)
        keep = nth < limit
        first[p0 + hp[keep], nth[keep]] = hm[keep]
        p0 = p1
    counts = (first >= 0).sum(axis=1)
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum(counts)
    return ptr, first[first >= 0]


class _KeySet:
    """A set of non-negative int64 keys, open addressing with linear probing, looked
    up an array at a time."""

    _MUL = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray):
        bits = max(4, int(2 * len(keys)).bit_length())
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._table = np.full(1 << bits, -1, dtype=np.int64)
        pending = np.unique(keys)
        slot = self._slot(pending)
        while len(pending):
            free = np.flatnonzero(self._table[slot] == -1)
            # one key per free slot a round; the others try the next slot
            taken, first = np.unique(slot[free], return_index=True)
            placed = free[first]
            self._table[taken] = pending[placed]
            left = np.ones(len(pending), dtype=bool)
            left[placed] = False
            pending, slot = pending[left], (slot[left] + 1) & self._mask

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * self._MUL) >> self._shift).astype(np.int64)

    def contains(self, keys: np.ndarray) -> np.ndarray:
        out = np.zeros(len(keys), dtype=bool)
        at = np.arange(len(keys), dtype=np.int64)
        slot = self._slot(keys)
        while len(at):
            found = self._table[slot]
            hit = found == keys
            out[at[hit]] = True
            go = ~hit & (found != -1)
            at, keys, slot = at[go], keys[go], (slot[go] + 1) & self._mask
        return out


def _member(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each of ``keys`` is one of ``sorted_keys``."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[pos] == keys


def _or_by_key(keys: np.ndarray, bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each key once, sorted, with the OR of its bits."""
    if not len(keys):
        return keys, bits
    order = np.argsort(keys, kind="stable")
    keys, bits = keys[order], bits[order]
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[first], np.bitwise_or.reduceat(bits, first)


def seeds_from_rows(rows: GraphRows, tables: Any) -> list[Row]:
    froms: Any = []
    tos: Any = []
    homes: dict[str, list[str]] = defaultdict(list)
    for rr in rows.rels:
        if rr.type == "COLLABORATES_WITH":
            table = rr.columns
            if table is not None:
                froms, tos = table.column("from"), table.column("to")
            else:
                froms, tos = [r["from"] for r in rr.rows], [r["to"] for r in rr.rows]
        elif rr.type in ("BASED_IN", "GOVERNS"):
            for r in rr.rows:
                homes[r["from"]].append(r["to"])
    return derive_seeds(tables, froms, tos, homes)


def seeds_from_store(store: GraphStore, tables: Any) -> list[Row]:
    pairs = store.query_columns("seeds_collaborations")
    homes: dict[str, list[str]] = defaultdict(list)
    for r in store.query("seeds_home_areas"):
        homes[r["id"]].append(r["code"])
    return derive_seeds(tables, pairs.column("a"), pairs.column("b"), homes)


def write_seeds(store: GraphStore, rows: list[Row]) -> None:
    from tsunagari.suggest.answers import write_answers

    write_answers(store, rows, clear="clear_seeds")


def refresh_seeds(store: GraphStore) -> int:
    """Derive and store every organisation's seed and evidence index (evidence.py)
    from the store: after a load, or on a store rebuilt by an older version
    (python -m tsunagari.suggest.seeds SPEC)."""
    from tsunagari.suggest.answers import tables_from_store
    from tsunagari.suggest.evidence import derive_evidence

    tables = tables_from_store(store)
    rows = seeds_from_store(store, tables) + derive_evidence(tables)
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
    default weights, from the stored seed and need answers' pools; None when the
    store holds none of them for this request (the finder answers then). Reads: the
    seed, its areas' pools, the features of its friends of friends and of the pooled
    candidates that could rank among those shown (their stored entries bound their
    score: ``_bounds``), then (in finder._present) the evidence of those shown (and
    the partners they share, from a seed stored without them)."""
    from tsunagari.suggest.answers import pool_key
    from tsunagari.suggest.fetch import read_features
    from tsunagari.suggest.finder import _answer_organisation, _body, _order_organisation
    from tsunagari.suggest.score import WEIGHTS, Seed, score

    try:
        rows = store.query("seeds_seed", id=org, key=seed_key(org))
    except StoreUnavailable:
        raise
    except StoreError:  # no Answer table
        return None
    if not rows or not rows[0]["body"]:
        return None
    me = rows[0]
    s = orjson.loads(me["body"])
    areas = s["areas"]
    if not areas:
        return None
    # a role nobody played has no stored answer: only friends of friends are candidates
    keys = [pool_key(role, a) for a in areas] if s["played"] & _BIT.get(role, 0) else []
    bodies = read_bodies(store, keys) if keys else {}
    if bodies is None or len(bodies) < len(keys):
        return None
    pools = [orjson.loads(bodies[key]) for key in keys]
    if any("groups" not in p for p in pools):  # pools stored by an older version
        return None
    fof = {f[0]: f for f in s["fof"]}
    # the partners each shares, named (seeds stored by an older version: read when shown)
    via = s.get("via")
    partners = set(me["partners"] or ())
    excluded = partners | {org}
    seed = Seed(org, me["name"], me["sector"], partners, set(me["life_stages"] or ()), list(areas))
    # a local role's farther candidates count only when its areas together have too few near
    near_ids = {e[0] for pool in pools for e in pool["pool"] if e[1]}
    few = len(near_ids) < k
    degree_of: dict[str, int] = {}
    if few:  # few candidates: all of them are read
        bound: dict[str, float] = {e[0]: math.inf for pool in pools for e in pool["pool"]
                                   if e[0] not in excluded}
        body_of: dict[str, str] = {}
    else:
        bound, body_of, degree_of = _bounds(seed, areas, pools, excluded)
    placer = _placer(tuple(areas))
    scopes = [area_scope(a) for a in areas]
    cands: dict[str, Any] = {}
    scored: dict[str, Any] = {}
    unread = set(bound) - set(fof)
    # the pooled, most promising first: by bound, then by collaborators (more first, as
    # ties are broken): read FIRST_READ at a time while any could still rank
    queue = sorted(unread, key=lambda c: (bound[c], degree_of.get(c, 0), c), reverse=True)
    wanted = [*fof, *queue[:FIRST_READ], *(c for c in unread if bound[c] == math.inf)]
    while True:
        wanted = [c for c in dict.fromkeys(wanted) if c not in cands]
        found = read_features(store, wanted)
        for c in wanted:
            unread.discard(c)
            cand = found.get(c)
            if cand is None:  # an unreadable name: never suggested
                continue
            cands[c] = cand
            f = fof.get(c)
            if f is not None:
                cand.network, cand.shared, cand.roles_near = f[1], f[2], mask_roles(f[3])
                if via is not None and len(f) > 4:
                    cand.via = [(v[0], v[1], v[2]) for v in (via[x] for x in f[4])]
            if c in near_ids:
                cand.roles_near.add(role)
            scored[c] = score(cand, seed, role, placer)  # once: a pure function of these
        ranked = _order_organisation(seed, role, scopes, list(cands.values()), k, WEIGHTS, placer,
                                     list(scored.values()))
        if not unread:
            break
        if len(ranked.picked) < k:  # any of the others may yet be shown: as many again, best first
            wanted = [c for c in queue if c in unread][:max(FIRST_READ, len(cands))]
            continue
        # those that could score as high as the k-th shown (ties broken past the
        # score), and other units of a body already read (shown under it, or lifting it)
        kth = ranked.picked[-1][0]
        least = kth.score - 1e-4
        bodies_read = {_body(c) for c in cands.values()}
        wanted = [c for c in unread if body_of.get(c, c) in bodies_read]
        for c in queue:
            if bound[c] < least or len(wanted) >= FIRST_READ:
                break
            if c in unread and not _loses_tie(bound[c], degree_of.get(c), kth):
                wanted.append(c)
        if not wanted:
            break
    return _answer_organisation(store, seed, role, None, scopes, ranked, WEIGHTS, placer, lazy=True)


#: pooled candidates read at first, the highest bounds first; more only if they could rank
FIRST_READ = 20


def _loses_tie(bound: float, degree: int | None, kth: Any) -> bool:
    """Whether a pooled candidate not read, bounded by ``bound`` (_bounds: the most it
    could score before rounding, plus 1e-4), can at best tie the k-th shown and would
    then come after it: Scored.order breaks ties by distance, then collaborators
    (more first); no distance is below the k-th's when that is 0 km. Scores are
    rounded to 4 places: one whose most is below the k-th's score plus half of
    1e-4 (less a hair for the order of float sums) cannot round above it. At 100k
    organisations a request for a role that travels had hundreds of pooled
    candidates bounded exactly at the 10th's score (its own area, 50 or more
    collaborators), read only to lose its tie-breaks."""
    if degree is None or kth.distance_km != 0.0 or degree >= kth.candidate.degree:
        return False
    return bound - 1e-4 < kth.score + 0.5e-4 - 1e-9


def _bounds(seed: Any, areas: list[str], pools: list[dict[str, Any]], excluded: set[str]
            ) -> tuple[dict[str, float], dict[str, str], dict[str, int]]:
    """Each pooled candidate within reach (answers._Entries), with the most it could
    score for the organisation (inf: read it whatever), the body of public units,
    and each one's collaborators.

    Score = 6·role + 3·closeness + activity + 0.5·theme + 0.5·sector (no network: its
    friends of friends are read anyway). Its role is played (pools hold players);
    activity, theme and sector come from the entry; its closeness is that of its
    nearest area code from the organisation's nearest area, never above the best
    closeness of any code from any one area (score.closeness falls with level and
    distance): known where an area's pool holds it, else bounded by the prefectures
    of its codes (_prefecture_bounds). One whose nearest code is beyond reach from
    every area holding it may be among the farther ones: read whatever."""
    n = len(areas)
    close: dict[str, list[float | None]] = {}
    entry: dict[str, tuple[int, list[Any], int]] = {}
    maybe_beyond: dict[str, bool] = {}
    body_of: dict[str, str] = {}
    for i, pool in enumerate(pools):
        groups = pool["groups"]
        for e in pool["pool"]:
            if not e[1]:
                continue
            c = e[0]
            found = close.get(c)
            if found is None:
                if c in excluded:
                    continue
                found = close[c] = [None] * n
                entry[c] = (e[3], groups[e[4]], e[5])
                if len(e) > 6:
                    body_of[c] = e[6]
                maybe_beyond[c] = e[1] == 2
            elif e[1] != 2:
                maybe_beyond[c] = False
            found[i] = e[2]
    prefs = [_prefecture_bounds(a) for a in areas]
    stages = seed.life_stages
    public = seed.sector == "public"
    part: dict[int, float] = {}  # by the group (the pools' lists live as long as this)
    out: dict[str, float] = {}
    log51 = math.log(51)
    for c, cl in close.items():
        degree, group, mask = entry[c]
        if maybe_beyond[c]:
            out[c] = math.inf
            continue
        best = 0.0
        for i, x in enumerate(cl):
            if x is None:
                own, near = prefs[i]
                x = 1.0 if mask & own else 0.8 if mask & near else 0.0
            if x > best:
                best = x
        own_part = part.get(id(group))
        if own_part is None:
            theme = 0.0
            if stages and group[1]:
                theme = len(stages.intersection(group[1])) / len(stages.union(group[1]))
            bridge = seed.sector is not None and group[0] != 0 and public != (group[0] == 1)
            own_part = part[id(group)] = 0.5 * theme + (0.5 if bridge else 0.0)
        # (scores are rounded to 4 places)
        out[c] = 6.0 + 3.0 * best + min(1.0, math.log1p(degree) / log51) + own_part + 1e-4
    return out, body_of, {c: e[0] for c, e in entry.items()}


@functools.lru_cache(maxsize=4096)
def _prefecture_bounds(area: str) -> tuple[int, int]:
    """Bitmasks of prefecture numbers (answers._Entries) for one area: those where a
    code may be as close as 1 (its own prefecture; bit 0, a code of no prefecture),
    and those where one may be closer than nothing but at most 0.8 (a municipality
    of another prefecture within CLOSE_KM: score.closeness)."""
    from tsunagari.suggest.scope import CLOSE_KM, centroids

    scope = area_scope(area)
    own = 1 | (1 << int(scope.pref))
    table = centroids()
    km = table.distances_array(scope.code)  # every place with a centroid, in codes() order
    if km is None:
        return own, 0
    bits = _ROW_BITS.get(len(km))
    if bits is None:  # the prefecture bit of each place of a row (always in one order)
        bits = _ROW_BITS[len(km)] = np.array(
            [1 << int(c[:2]) if c[:2].isdigit() and 0 < int(c[:2]) < 64 else 0 for c in table.codes()],
            dtype=np.int64)
    # (nearby() is within LOCAL_REACH_KM by the same centroids: inside CLOSE_KM)
    near = int(np.bitwise_or.reduce(bits[km < CLOSE_KM]))
    return own, near & ~own


_ROW_BITS: dict[int, np.ndarray] = {}


def warm_areas() -> int:
    """Work out for every place of the table what a request about it would the first
    time (its scope table, the places near it, its prefectures' bounds: about 1 ms
    of a request's, 0.8 s and some 50 MB for all 1,959 at a server's start); how many."""
    from tsunagari.core.places import place_table
    from tsunagari.core.vocabulary import LOCAL_REACH_KM
    from tsunagari.suggest.scope import _scope_table

    done = 0
    for p in place_table().places():
        try:
            scope = area_scope(p.code)
        except SuggestError:  # not a place one asks about
            continue
        # asked as Placer asks (the remembered answers are keyed by the arguments given)
        _scope_table(scope, LOCAL_REACH_KM)
        nearby(p.code, LOCAL_REACH_KM)
        _prefecture_bounds(p.code)
        done += 1
    return done


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
