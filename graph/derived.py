"""Derived relationships, recomputed from the graph after every load."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pyarrow as pa
from tsunagari.core.bulk import paused_gc
from tsunagari.core.places import covering
from tsunagari.core.vocabulary import GENERIC_KIND
from tsunagari.graph.store import ColumnRelRows, GraphRows, GraphStore, Row


def collaborations(memberships: list[Row]) -> list[Row]:
    """Pairs of organisations that share programmes, from (org, programme, role) rows.

    One edge per unordered pair, from the smaller id to the larger: weight is
    the number of shared programmes, roles the partnership roles either played
    in them, programmes their ids. Rows come sorted by (from, to).
    """
    with paused_gc():
        return pair_arrays(memberships).rows()


@dataclass
class Pairs:
    """COLLABORATES_WITH as arrays: pair k joins org_ids[a[k]] (the smaller id) and
    org_ids[b[k]], whose shared programmes are prog_ids[progs[bounds[k]:bounds[k + 1]]]
    (sorted) and whose roles are the bits of masks[k] (bit i: role_names[i]).
    Pairs are sorted by (a, b); a million of them are a few arrays, not a million dicts."""

    org_ids: list[str]
    prog_ids: list[str]
    role_names: list[str]
    a: np.ndarray
    b: np.ndarray
    masks: np.ndarray
    bounds: np.ndarray  # len(a) + 1 offsets into progs
    progs: np.ndarray

    def __len__(self) -> int:
        return len(self.a)

    def _role_lists(self) -> tuple[np.ndarray, list[list[str]]]:
        """Each pair's index into the distinct role lists, and those lists."""
        distinct, inverse = np.unique(self.masks, return_inverse=True)
        lists = [[r for i, r in enumerate(self.role_names) if m >> i & 1] for m in distinct.tolist()]
        return inverse.reshape(-1), lists

    def rows(self) -> list[Row]:
        """One dict a pair, as collaborations() returns them (no two share a list)."""
        at, lists = self._role_lists()
        ids, names = self.org_ids, self.prog_ids
        progs = [names[p] for p in self.progs.tolist()]
        bounds = self.bounds.tolist()
        return [{"from": ids[a], "to": ids[b], "weight": hi - lo, "roles": list(lists[k]),
                 "programmes": progs[lo:hi]}
                for a, b, k, lo, hi in zip(self.a.tolist(), self.b.tolist(), at.tolist(),
                                            bounds[:-1], bounds[1:], strict=True)]

    def table(self) -> pa.Table:
        """The COLLABORATES_WITH rows as an Arrow table typed as the store copies them
        (from, to, weight, roles, programmes), built from the arrays without a dict."""
        ids = pa.array(self.org_ids, type=pa.string())
        names = pa.array(self.prog_ids, type=pa.string())
        at, lists = self._role_lists()
        bounds = self.bounds.astype(np.int64)
        return pa.table({
            "from": ids.take(pa.array(self.a)), "to": ids.take(pa.array(self.b)),
            "weight": pa.array(np.diff(bounds), type=pa.int64()),
            "roles": pa.array(lists, type=pa.list_(pa.string())).take(pa.array(at)),
            "programmes": pa.ListArray.from_arrays(pa.array(bounds.astype(np.int32)),
                                                   names.take(pa.array(self.progs))),
        })

    def partners(self) -> dict[str, list[str]]:
        """Each organisation with a collaborator: their ids, sorted."""
        src = np.concatenate([self.a, self.b])
        dst = np.concatenate([self.b, self.a])
        order = np.lexsort((dst, src))  # org_ids is sorted: index order is id order
        src, dst = src[order], dst[order]
        ids = self.org_ids
        flat = [ids[i] for i in dst.tolist()]
        starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]]) if len(src) else np.zeros(0, int)
        ends = np.r_[starts[1:], len(src)].astype(np.int64)
        return {ids[o]: flat[lo:hi] for o, lo, hi in zip(src[starts].tolist(), starts.tolist(),
                                                         ends.tolist(), strict=True)}


def pair_arrays(memberships: list[Row]) -> Pairs:
    """Every (org, programme) once with the bit mask of its roles, the pairs of each
    programme's members as index arrays (one numpy step per programme size), then
    one sort by (pair, programme). A million pairs take seconds where a dict of
    pairs took a minute (benchmarks/load_bench.py)."""
    org_ids = sorted({m["org"] for m in memberships})
    prog_ids = sorted({m["programme"] for m in memberships})
    role_names = sorted({m["role"] for m in memberships if m.get("role")})
    if len(role_names) > 62:  # more roles than bits: not a vocabulary this model has
        raise ValueError(f"{len(role_names)} distinct roles in memberships; at most 62 are supported")
    empty = np.zeros(0, dtype=np.int64)
    none = Pairs(org_ids, prog_ids, role_names, empty, empty, empty, np.zeros(1, dtype=np.int64), empty)
    if not memberships:
        return none
    org_at = {o: i for i, o in enumerate(org_ids)}
    prog_at = {p: i for i, p in enumerate(prog_ids)}
    bit = {r: 1 << i for i, r in enumerate(role_names)}
    n_orgs = len(org_ids)
    # one row per (programme, org), roles or-ed together; sorted by programme, then org
    keys = np.fromiter((prog_at[m["programme"]] * n_orgs + org_at[m["org"]] for m in memberships),
                       dtype=np.int64, count=len(memberships))
    masks = np.fromiter((bit.get(m.get("role") or "", 0) for m in memberships),
                        dtype=np.int64, count=len(memberships))
    order = np.argsort(keys, kind="stable")
    keys, masks = keys[order], masks[order]
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    keys = keys[first]
    masks = np.bitwise_or.reduceat(masks, first)
    prog, org = np.divmod(keys, n_orgs)
    # members of each programme: [start, start + size) in the arrays above
    starts = np.flatnonzero(np.r_[True, prog[1:] != prog[:-1]])
    sizes = np.diff(np.r_[starts, len(prog)])
    parts_a, parts_b = [], []
    for k in np.unique(sizes):
        if k < 2:
            continue
        at = starts[sizes == k]
        i, j = np.triu_indices(int(k), 1)
        parts_a.append((at[:, None] + i[None, :]).ravel())
        parts_b.append((at[:, None] + j[None, :]).ravel())
    if not parts_a:
        return none
    ia, ib = np.concatenate(parts_a), np.concatenate(parts_b)
    del parts_a, parts_b
    pair = org[ia] * n_orgs + org[ib]  # org[ia] < org[ib]: members are sorted within a programme
    pair_prog = prog[ia]
    pair_mask = masks[ia] | masks[ib]
    del ia, ib
    order = np.lexsort((pair_prog, pair))
    pair, pair_prog, pair_mask = pair[order], pair_prog[order], pair_mask[order]
    del order
    bounds = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    a_of, b_of = np.divmod(pair[bounds], n_orgs)
    role_mask = np.bitwise_or.reduceat(pair_mask, bounds)
    return Pairs(org_ids, prog_ids, role_names, a_of, b_of, role_mask,
                 np.r_[bounds, len(pair)].astype(np.int64), pair_prog)


def memberships_of(rows: GraphRows) -> list[Row]:
    """The memberships a set of graph rows holds, as programme_memberships returns them."""
    generic = {n["id"] for n in rows.nodes.get("Organisation", []) if n.get("kind") == GENERIC_KIND}
    return [{"org": r["from"], "programme": r["to"], "role": r.get("role")}
            for rr in rows.rels if rr.type in ("LEADS", "PARTNER_IN")
            for r in rr.rows if r["from"] not in generic]


def refresh_collaborations(store: GraphStore, memberships: list[Row] | None = None) -> int:
    """Recompute COLLABORATES_WITH; pass the memberships when the caller already
    holds the whole graph (a rebuild), to save reading them back."""
    if memberships is None:
        memberships = store.query("programme_memberships")
    rows = collaborations(memberships)
    store.replace_derived("COLLABORATES_WITH", rows)
    refresh_organisation_summaries(store, memberships, rows)
    return len(rows)


SUMMARY_BATCH = 5000
# What an organisation without programmes holds (as clear_organisation_summaries sets).
EMPTY_SUMMARY: Row = {"collaborators": 0, "roles_played": None, "life_stages": None,
                      "partners": None, "area_codes": None, "programme_roles": None}


def derive_in_memory(rows: GraphRows) -> int:
    """Add every derived row and property to rows that hold the whole graph.

    A rebuild writes the graph in one bulk copy, so the derived state is
    computed from the rows themselves, exactly as refresh_collaborations
    computes it from a stored graph. COLLABORATES_WITH goes in as one Arrow
    table (graph/store.py ColumnRelRows), not millions of dicts.
    """
    memberships = memberships_of(rows)
    pairs = pair_arrays(memberships)
    stages = {p["id"]: list(p.get("life_stages") or []) for p in rows.nodes.get("Programme", [])}
    targets: dict[str, list[str]] = defaultdict(list)
    for rr in rows.rels:
        if rr.type == "TARGETS":
            for r in rr.rows:
                targets[r["from"]].append(r["to"])
    summary_rows = _summaries(memberships, pairs.partners(), stages, targets)
    summaries = {s["id"]: s for s in summary_rows}
    for org in rows.nodes.get("Organisation", []):
        summary = summaries.get(org["id"], EMPTY_SUMMARY)
        org.update({k: summary[k] for k in EMPTY_SUMMARY})
    names = {o["id"]: o.get("name") for o in rows.nodes.get("Organisation", [])}
    parents = {m["code"]: m.get("parent_code") for m in rows.nodes.get("Municipality", [])}
    pools = place_pools(memberships, targets, parents, ranks(summary_rows, names))
    for label in ("Municipality", "Prefecture"):
        for place in rows.nodes.get(label, []):
            place.update(pools.get(place["code"], EMPTY_POOL))
    for org in rows.nodes.get("Organisation", []):
        org["search_text"] = organisation_search_text(org.get("name"), org.get("key"), org.get("aliases"))
    for prog in rows.nodes.get("Programme", []):
        prog["search_text"] = programme_search_text(prog.get("title"), prog.get("area_texts"))
    # recomputed, never added to: a second derivation replaces the first
    rows.rels = [rr for rr in rows.rels if rr.type != "COLLABORATES_WITH"]
    if len(pairs):
        rows.rels.append(ColumnRelRows("COLLABORATES_WITH", "Organisation", "Organisation", pairs.table()))
    return len(pairs)


def organisation_summaries(memberships: list[Row], collaboration_rows: list[Row],
                           life_stages: dict[str, list[str]],
                           targets: dict[str, list[str]]) -> list[Row]:
    """Per organisation: collaborators (its COLLABORATES_WITH degree) and their ids,
    the partnership roles it played, the life stages of its programmes (these three
    sorted), and the codes of the areas its programmes target, the most targeted
    first (then by code).

    The suggester scores a hundred candidates or more per request; reading these
    from each node instead of every membership of every candidate keeps a request
    cheap when a candidate is a hub with hundreds of programmes. A seed's friends
    of friends are counted from its partners' ``partners``: two hops through hubs
    in the engine cost more than reading those lists (benchmarks/suggest_bench.py).
    """
    partners: dict[str, list[str]] = defaultdict(list)
    for c in collaboration_rows:
        partners[c["from"]].append(c["to"])
        partners[c["to"]].append(c["from"])
    return _summaries(memberships, {o: sorted(ids) for o, ids in partners.items()}, life_stages, targets)


def _summaries(memberships: list[Row], partners: dict[str, list[str]],
               life_stages: dict[str, list[str]], targets: dict[str, list[str]]) -> list[Row]:
    """organisation_summaries, given each organisation's collaborators (sorted)."""
    programmes: dict[str, set[str]] = defaultdict(set)  # by organisation
    roles: dict[str, set[str]] = defaultdict(set)  # by organisation
    roles_in: dict[str, set[str]] = defaultdict(set)  # by programme
    for m in memberships:
        # every member gets a row, leads without a partnership role too
        programmes[m["org"]].add(m["programme"])
        role = m.get("role")
        if role:
            roles[m["org"]].add(role)
            roles_in[m["programme"]].add(role)
    # A programme counts once per organisation however many roles it played there.
    codes = {p: tuple(set(c)) for p, c in targets.items()}
    none: tuple[str, ...] = ()
    out = []
    for org in sorted(programmes):
        progs = programmes[org]
        areas = Counter(chain.from_iterable([codes.get(p, none) for p in progs]))
        out.append({
            "id": org, "collaborators": len(partners.get(org, none)), "roles_played": sorted(roles.get(org, none)),
            "life_stages": sorted(set(chain.from_iterable([life_stages.get(p, none) for p in progs]))),
            "partners": partners.get(org, []),
            "area_codes": [c for c, _n in sorted(areas.items(), key=lambda cn: (-cn[1], cn[0]))],
            "programme_roles": sorted(set(chain.from_iterable([roles_in.get(p, none) for p in progs]))),
        })
    return out


# The suggester's area pool asks for at most this many (tsunagari/suggest.py AREA_CANDIDATES).
POOL_CAP = 100
EMPTY_POOL: Row = {"active_organisations": None, "active_roles": None, "active_ranks": None}


def ranks(summaries: Iterable[Row], names: dict[str, str | None]) -> dict[str, int]:
    """Each organisation with a summary, numbered in the suggester's order of
    preference among equals: most collaborators first, then by name, then id."""
    order = sorted(summaries, key=lambda s: (-s["collaborators"], names.get(s["id"]) or "", s["id"]))
    return {s["id"]: i for i, s in enumerate(order)}


def place_pools(memberships: list[Row], targets: dict[str, list[str]],
                parents: dict[str, str | None], rank: dict[str, int]) -> dict[str, Row]:
    """Per place code, the organisations active there (graph/model.py PLACE_POOL).

    A membership in a programme counts at each place it targets, at the
    designated city of a ward, and at the prefecture. Of a busy place only the
    first POOL_CAP for any part and for each role are kept: the suggester asks
    for at most that many, and the first n players of a role in several places
    together are among the first n of each place.
    """
    # the places each programme counts at: its targets and what covers them
    places_of: dict[str, frozenset[str]] = {}
    for prog, codes in targets.items():
        places_of[prog] = frozenset(chain.from_iterable(covering(c, parents.get) for c in set(codes)))
    acc: dict[str, dict[str, set[str]]] = defaultdict(dict)
    none: frozenset[str] = frozenset()
    for m in memberships:
        org, role = m["org"], m.get("role")
        for place in places_of.get(m["programme"], none):
            at = acc[place]
            roles = at.get(org)
            if roles is None:
                roles = at[org] = set()
            if role:
                roles.add(role)
    out: dict[str, Row] = {}
    for place, orgs in acc.items():
        counts: dict[str, int] = {}
        full: set[str] = set()  # roles that have POOL_CAP players already
        ids, roles_of, order = [], [], []
        for n, org in enumerate(sorted(orgs, key=rank.__getitem__)):
            roles = orgs[org]
            if n < POOL_CAP or not roles <= full:
                ids.append(org)
                roles_of.append(" ".join(sorted(roles)))
                order.append(rank[org])
            for r in roles:
                counts[r] = c = counts.get(r, 0) + 1
                if c >= POOL_CAP:
                    full.add(r)
        out[place] = {"active_organisations": ids, "active_roles": roles_of, "active_ranks": order}
    return out


def refresh_place_pools(store: GraphStore, memberships: list[Row], summaries: list[Row],
                        targets: dict[str, list[str]]) -> None:
    """Recompute the derived Municipality and Prefecture properties."""
    names = {r["id"]: r["name"] for r in store.query("organisation_names")}
    parents = {r["code"]: r["parent_code"] for r in store.query("municipality_parents")}
    pools = place_pools(memberships, targets, parents, ranks(summaries, names))
    # (clear, set) per label; a pool is written only where some programme is.
    for clear, put, is_label in (("clear_municipality_pools", "set_municipality_pools", lambda c: len(c) == 5),
                                 ("clear_prefecture_pools", "set_prefecture_pools", lambda c: len(c) == 2)):
        store.query(clear)
        rows = [{"code": code, **pool} for code, pool in sorted(pools.items()) if is_label(code)]
        for i in range(0, len(rows), SUMMARY_BATCH):
            store.query(put, rows=rows[i:i + SUMMARY_BATCH])


def refresh_organisation_summaries(store: GraphStore, memberships: list[Row],
                                   collaboration_rows: list[Row]) -> None:
    """Recompute the derived Organisation properties (collaborators, roles_played,
    life_stages, partners, area_codes) from the memberships and COLLABORATES_WITH
    just derived, then the places' pools, which rank organisations by them."""
    stages = {r["id"]: list(r["life_stages"] or []) for r in store.query("programme_life_stages")}
    targets = {r["id"]: list(r["codes"]) for r in store.query("programme_target_codes")}
    rows = organisation_summaries(memberships, collaboration_rows, stages, targets)
    store.query("clear_organisation_summaries")
    for i in range(0, len(rows), SUMMARY_BATCH):
        store.query("set_organisation_summaries", rows=rows[i:i + SUMMARY_BATCH])
    refresh_place_pools(store, memberships, rows, targets)


# Search (tsunagari/search.py) looks for each spelling of each word in one STRING
# column per node: the texts it used to fold row by row (toLower of the name and of
# every alias, a CONTAINS per list element) are folded once here, on load, one per
# line. A search word never holds a line break (words are split on white space), so
# a word matches the joined text exactly when it matches one of its parts.
SEARCH_TEXT_SEPARATOR = "\n"


def organisation_search_text(name: str | None, key: str | None, aliases: Iterable[str] | None) -> str:
    """What search looks in for an organisation: its name and aliases lower-cased, its key."""
    parts = [(name or "").lower(), key or "", *((a or "").lower() for a in aliases or ())]
    return SEARCH_TEXT_SEPARATOR.join(parts)


def programme_search_text(title: str | None, area_texts: Iterable[str] | None) -> str:
    """What search looks in for a programme: its title lower-cased, its area texts as written."""
    return SEARCH_TEXT_SEPARATOR.join([(title or "").lower(), *(a or "" for a in area_texts or ())])


def refresh_search_text(store: GraphStore) -> int:
    """Recompute the search text of every organisation and programme of a stored graph
    (after a load changed names, aliases, titles or area texts); only the nodes whose
    text changed are written. Returns how many were."""
    written = 0
    for read, write, text_of in (
            ("organisation_search_sources", "set_organisation_search_text",
             lambda r: organisation_search_text(r["name"], r["key"], r["aliases"])),
            ("programme_search_sources", "set_programme_search_text",
             lambda r: programme_search_text(r["title"], r["area_texts"]))):
        changed = [{"id": r["id"], "text": text} for r in store.query(read)
                   if (text := text_of(r)) != r["search_text"]]
        for i in range(0, len(changed), SUMMARY_BATCH):
            store.query(write, rows=changed[i:i + SUMMARY_BATCH])
        written += len(changed)
    return written
