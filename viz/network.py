"""Collaboration networks for the browser: build, filter, lay out, export.

A network is bipartite: organisations on one side, programmes on the other, one
edge per (organisation, programme, role) membership, the lead's edge having the
role ``lead``. The browser draws one line per (organisation, programme) carrying
all its roles (:func:`merged_edges`), and offers a second view, organisation to
organisation (:func:`organisation_graph`). The same filter rule runs here (for
exports) and in ``api/static/network.js`` (for what is drawn), so an export is
what is on screen:

    a role of a tie is kept when the role is selected, its organisation's sector
    is selected, and (when schemes are selected) its programme belongs to one of
    them; a tie is drawn with its kept roles when it has any; a node is kept when
    a kept tie touches it, or when it is the focus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from tsunagari.core.documents import citation_text
from tsunagari.core.text import with_department
from tsunagari.core.vocabulary import (
    LEAD,
    PROGRAMME_KINDS,
    ROLE_COLOURS,
    ROLE_LABELS,
    SECTOR_COLOURS,
    SECTOR_LABELS,
)
from tsunagari.graph.derived import collaborations
from tsunagari.graph.store import GraphStore, Row
from tsunagari.queries import Dialect

from tsunagari.networks import EXPORT_FORMATS as EXPORT_FORMATS  # the pages' formats
from tsunagari.networks import (
    UNKNOWN_SECTOR,
    Filters,
    bipartite,
    check_format,
    csv_text,
    ends,
    org_node,
    programme_node,
    role_order,
    ties,
    values,
    xml_bytes,
)

# Above this many nodes the browser does not simulate physics: the server's
# layout is drawn as is, which keeps a 2,000-node view interactive.
PHYSICS_LIMIT = 300
# Above this many edges the role is shown by colour only: labels would hide the graph.
EDGE_LABEL_LIMIT = 250

PROGRAMME_COLOUR = "#ffffff"
# A second cue beside the colour, for readers who cannot tell two hues apart and for
# greyscale prints: the dash pattern of each role's line (vis-network ``dashes``; an
# empty list is a solid line). Neighbouring hues get different patterns.
ROLE_DASHES: dict[str, list[int]] = {
    LEAD: [], "venue": [], "co_organiser": [8, 2],
    "publicity": [12, 4], "endorsement": [5, 4], "funding": [2, 4], "in_kind": [12, 4, 2, 4],
    "referral": [10, 3, 2, 3, 2, 3], "expertise": [3, 3], "volunteering": [20, 5],
    "research": [1, 3, 1, 3, 8, 3], "technology": [8, 3, 8, 8], "networking": [4, 2, 1, 2],
    "operation": [16, 3, 4, 3], "other": [2, 2], "unspecified": [1, 3],
}
#: the two views of a network
VIEWS = ("programmes", "organisations")

assert set(ROLE_LABELS) == set(ROLE_COLOURS) == set(ROLE_DASHES)


@dataclass
class Network:
    """A collaboration network and what the page needs to draw it."""

    graph: nx.MultiGraph
    focus: str | None = None
    schemes: dict[str, str] = field(default_factory=dict)  # scheme id -> title
    # An area network may draw only some of its programmes (see area_network).
    programmes_total: int | None = None
    programmes_drawn: int | None = None
    # An organisation's map at depth 2 may stop at a number of nodes (see ego_network).
    node_budget: int | None = None

    def roles(self) -> list[str]:
        present = {d["role"] for _u, _v, d in self.graph.edges(data=True)}
        return [r for r in ROLE_LABELS if r in present]

    def sectors(self) -> list[str]:
        present = {d.get("sector") for _n, d in self.graph.nodes(data=True)
                   if d["type"] == "organisation"}
        return [s for s in SECTOR_LABELS if s in present]


def _sector(value: str | None) -> str:
    return value if value in SECTOR_COLOURS else UNKNOWN_SECTOR


def network_from_memberships(rows: Iterable[Row], focus: str | None = None,
                             programme_schemes: dict[str, list[str]] | None = None,
                             scheme_titles: dict[str, str] | None = None) -> Network:
    """The bipartite network of memberships rows (query ``memberships_of_programmes``)."""
    schemes = programme_schemes or {}
    g = bipartite(
        rows,
        lambda r: {"label": r["org_name"] or r["org_id"], "sector": _sector(r.get("sector")),
                   "kind": r.get("org_kind") or "", "url": f"/org/{r['org_id']}"},
        lambda r: {"label": r["programme_title"] or r["programme_id"],
                   "kind": r.get("programme_kind") or "",
                   "url": f"/programme/{r['programme_id']}",
                   "schemes": sorted(schemes.get(r["programme_id"], []))},
        lambda r: {"role_text": r.get("role_text") or "", "department": r.get("department") or "",
                   "source": r.get("source") or "", "quote": r.get("quote") or ""},
    )
    return Network(g, focus=focus, schemes=dict(scheme_titles or {}))


def memberships(store: GraphStore, ids: Sequence[str]) -> list[Row]:
    """The rows of ``memberships_of_programmes`` for these programmes, in its order.

    The embedded engine answers ``p.id IN $ids`` by scanning every programme (about
    60 ms at 150,000 of them, whatever the list's length) but finds one programme by
    its key in well under a millisecond: there, each programme is asked for alone."""
    if store.dialect is not Dialect.EMBEDDED:
        return store.query("memberships_of_programmes", ids=list(ids))
    rows = [r for pid in dict.fromkeys(ids) for r in store.query("memberships_of_programme", programme=pid)]
    rows.sort(key=lambda r: (r["programme_id"], r["org_id"], r["role"]))
    return rows


def _membership_order(r: Row) -> tuple[str, ...]:
    """``memberships`` order (programme, organisation, role), then the edge's own texts,
    so that two facts of one organisation, programme and role keep one order."""
    return (r["programme_id"], r["org_id"], r["role"], r.get("department") or "",
            r.get("role_text") or "", r.get("source") or "", r.get("quote") or "")


def area_memberships(store: GraphStore, codes: Sequence[str], ids: Sequence[str]) -> list[Row]:
    """The rows of ``memberships`` for these programmes of an area (each targets one of
    ``codes``), read in one query that starts from the area's places, in the same order.

    A programme targeting two of the codes (a city and one of its wards) is met once
    through each: only the rows through the smallest code are kept, so each membership
    comes once, as ``memberships`` gives it. A programme that targets none of the codes
    has no rows here."""
    if not ids:
        return []
    rows = store.query("area_memberships", codes=list(codes), ids=list(dict.fromkeys(ids)))
    through: dict[str, str] = {}
    for r in rows:
        pid, code = r["programme_id"], r["place"]
        if pid not in through or code < through[pid]:
            through[pid] = code
    out = [r for r in rows if r["place"] == through[r["programme_id"]]]
    for r in out:
        del r["place"]
    out.sort(key=_membership_order)
    return out


def programmes_of(store: GraphStore, org_ids: Sequence[str]) -> list[str]:
    """The ids of the programmes these organisations lead or join, in id order (the
    rows of ``programmes_of_organisations``); one key lookup per organisation on the
    embedded engine, as ``memberships`` does per programme."""
    if store.dialect is not Dialect.EMBEDDED:
        return [r["id"] for r in store.query("programmes_of_organisations", ids=list(org_ids))]
    return sorted({r["id"] for oid in dict.fromkeys(org_ids)
                   for r in store.query("programme_ids_of_organisation", id=oid)})


def programme_network(store: GraphStore, programme_id: str) -> Network:
    rows = memberships(store, [programme_id])
    return network_from_memberships(rows, focus=programme_node(programme_id))


#: An organisation's map stays within this many nodes (organisations and programmes):
#: at 100k synthetic organisations a national hub is in 9,420 programmes with 58,871
#: nodes one step away (18 s to build and lay out), and reaches most of the graph in
#: two steps; no one reads such a map.
EGO_NODE_BUDGET = 1000


def ego_network(store: GraphStore, org_id: str, depth: int = 1,
                budget: int | None = None) -> Network:
    """An organisation, its programmes and their members; depth 2 adds the
    programmes of those members and their members in turn: first those of the
    partners who share the most of its programmes (then by id). Programmes are
    added whole, in that order (its own in id order), while the map stays within
    ``budget`` nodes (EGO_NODE_BUDGET unless given). When the budget left some out,
    ``programmes_drawn`` and ``node_budget`` say so (how many there were in all is
    not read: that is what the budget saves)."""
    if depth not in (1, 2):
        raise ValueError("depth must be 1 or 2")
    limit = EGO_NODE_BUDGET if budget is None else budget
    taken = _Taken(limit, {org_id})
    first = programmes_of(store, [org_id])
    taken.add(store, first)
    if depth == 2 and not taken.capped:
        shared: dict[str, int] = {}
        for r in taken.rows:
            if r["org_id"] != org_id:
                shared[r["org_id"]] = shared.get(r["org_id"], 0) + 1
        for partner in sorted(shared, key=lambda o: (-shared[o], o)):
            if not taken.add(store, programmes_of(store, [partner])):
                break
    net = network_from_memberships(_in_order(taken.rows), focus=org_node(org_id))
    if taken.capped:
        net.programmes_drawn = len(taken.programmes)
        net.node_budget = limit
    return net


class _Taken:
    """Membership rows of whole programmes, taken while the nodes stay within a limit."""

    def __init__(self, limit: int, orgs: set[str]):
        self.limit = limit
        self.orgs = set(orgs)
        self.programmes: set[str] = set()
        self.rows: list[Row] = []
        self.capped = False

    def add(self, store: GraphStore, programme_ids: Sequence[str]) -> bool:
        """Take these programmes in order; False once one would pass the limit."""
        for pid in programme_ids:
            if pid in self.programmes:
                continue
            members = memberships(store, [pid])
            new = {r["org_id"] for r in members} - self.orgs
            if len(self.orgs) + len(self.programmes) + 1 + len(new) > self.limit:
                self.capped = True
                return False
            self.programmes.add(pid)
            self.orgs |= new
            self.rows += members
        return True


def _in_order(rows: list[Row]) -> list[Row]:
    rows.sort(key=lambda r: (r["programme_id"], r["org_id"], r["role"]))
    return rows


# An area page draws the programmes with the most members first, this many more
# at each 「さらに表示」: 20,000 records put 700 programmes and 4,700 nodes in one
# prefecture, which no one reads (and which took seconds to lay out and 2 MB to send).
AREA_DRAW_STEP = 60


def area_network(store: GraphStore, codes: Sequence[str],
                 draw: int | None = None) -> tuple[Network, list[Row]]:
    """The programmes targeting one of ``codes`` and the network of their members.

    With ``draw``, only the ``draw`` programmes with the most partners (then by
    title) are in the network; ``Network.programmes_total`` tells how many there
    are. The programmes are returned whole, in title order, for listing.
    """
    programmes = store.query("programmes_targeting_places", codes=list(codes))
    drawn = programmes
    if draw is not None and len(programmes) > draw:
        order = sorted(range(len(programmes)), key=lambda i: (-programmes[i]["partners"], i))
        keep = set(order[:draw])
        drawn = [p for i, p in enumerate(programmes) if i in keep]
    ids = [p["id"] for p in drawn]
    rows = memberships(store, ids)
    schemes = {p["id"]: [s for s in p["scheme_ids"] if s] for p in drawn}
    titles: dict[str, str] = {}
    for p in drawn:
        for sid, title in zip(p["scheme_ids"], p["scheme_titles"], strict=False):
            if sid:
                titles[sid] = title
    net = network_from_memberships(rows, programme_schemes=schemes, scheme_titles=titles)
    net.programmes_total = len(programmes)
    net.programmes_drawn = len(drawn)
    return net, programmes


def filtered(net: Network, f: Filters) -> nx.MultiGraph:
    """The subgraph that the page draws under these filters (see the module doc)."""
    g = net.graph
    keep = nx.MultiGraph()
    for u, v, k, d in g.edges(keys=True, data=True):
        org, prog = ends(g, u, v)
        if not f.keeps(d["role"], g.nodes[org]["sector"]):
            continue
        if f.schemes is not None:
            pid = g.nodes[prog]["id"]
            if pid not in f.schemes and not set(g.nodes[prog].get("schemes", [])) & f.schemes:
                continue
        for n in (u, v):
            if n not in keep:
                keep.add_node(n, **g.nodes[n])
        keep.add_edge(u, v, key=k, **d)
    if net.focus and net.focus in g and net.focus not in keep:
        keep.add_node(net.focus, **g.nodes[net.focus])
    return keep


#: Above this many nodes the layout is igraph's Fruchterman-Reingold with a grid
#: (repulsion from nearby cells only): the whole-array steps below need n² memory
#: and take minutes at 10,000 nodes; the grid version about a second.
GRID_LAYOUT_FROM = 2000


def _grid_layout(nodes: list[str], pairs: list[tuple[int, int]], seed: int) -> dict[str, tuple[float, float]]:
    import random

    import igraph as ig

    n = len(nodes)
    start = (np.random.default_rng(seed).random((n, 2)) - 0.5) * math.sqrt(n)
    ig.set_random_number_generator(random.Random(seed))
    try:
        coords = np.asarray(ig.Graph(n=n, edges=pairs).layout_fruchterman_reingold(
            niter=150, grid=True, seed=start.tolist()).coords)
    finally:
        ig.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    extent = float(np.abs(coords).max()) or 1.0
    scale = max(250.0, 28.0 * math.sqrt(n)) / extent
    return {v: (round(float(coords[i, 0]) * scale, 1), round(float(coords[i, 1]) * scale, 1))
            for i, v in enumerate(nodes)}


def layout(g: nx.MultiGraph, seed: int = 7, iterations: int = 50) -> dict[str, tuple[float, float]]:
    """Positions in screen pixels, deterministic for a given graph.

    A Fruchterman-Reingold layout written with whole-array numpy steps:
    networkx's own layouts take over ten seconds on 2,000 nodes, this about one.
    A weak pull to the centre keeps disconnected programmes on screen.
    """
    nodes = sorted(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = {(index[u], index[v]) for u, v in g.edges() if u != v}
    if n > GRID_LAYOUT_FROM:
        return _grid_layout(nodes, sorted(pairs), seed)
    ordered = sorted(pairs)
    src = np.array([a for a, _ in ordered], dtype=np.int64)
    dst = np.array([b for _, b in ordered], dtype=np.int64)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32) - np.float32(0.5)
    k = np.float32(1.0 / math.sqrt(n))
    gravity = np.float32(0.05 * n * k)
    temperature = np.float32(0.1)
    # The n×n steps write into arrays made once, from contiguous copies of the
    # columns: the same operations in the same order (the same positions to the
    # bit), without four new n×n arrays and two strided broadcasts an iteration.
    dx, dy, inv, tmp = (np.empty((n, n), dtype=np.float32) for _ in range(4))
    for _ in range(iterations):
        xs, ys = np.ascontiguousarray(pos[:, 0]), np.ascontiguousarray(pos[:, 1])
        np.subtract(xs[:, None], xs[None, :], out=dx)
        np.subtract(ys[:, None], ys[None, :], out=dy)
        np.multiply(dx, dx, out=inv)
        inv += np.multiply(dy, dy, out=tmp)
        inv += np.float32(1e-6)
        np.divide(k * k, inv, out=inv)
        fx = np.multiply(dx, inv, out=tmp).sum(axis=1)
        fy = np.multiply(dy, inv, out=tmp).sum(axis=1)
        if len(src):
            ex = pos[src] - pos[dst]
            pull = ex * (np.sqrt((ex * ex).sum(axis=1)) / k)[:, None]
            np.subtract.at(fx, src, pull[:, 0])
            np.add.at(fx, dst, pull[:, 0])
            np.subtract.at(fy, src, pull[:, 1])
            np.add.at(fy, dst, pull[:, 1])
        fx -= pos[:, 0] * gravity
        fy -= pos[:, 1] * gravity
        length = np.sqrt(fx * fx + fy * fy) + np.float32(1e-9)
        step = np.minimum(length, temperature) / length
        pos[:, 0] += fx * step
        pos[:, 1] += fy * step
        temperature *= np.float32(0.93)
    pos -= pos.mean(axis=0)
    extent = float(np.abs(pos).max()) or 1.0
    scale = max(250.0, 28.0 * math.sqrt(n)) / extent
    return {v: (round(float(pos[i, 0]) * scale, 1), round(float(pos[i, 1]) * scale, 1))
            for i, v in enumerate(nodes)}


def merged_edges(g: nx.MultiGraph) -> dict[tuple[str, str], dict[str, Any]]:
    """One tie per (organisation, programme) carrying all its roles, its role texts,
    departments and evidence (each source line with its quote): the edge the browser draws (two roles of one partner
    are one line with two labels, not two lines on top of each other)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for key, tie in ties(g).items():
        ms = tie["memberships"]
        # each source line with the sentence it quotes, where the record has one; a
        # reader sees the document's title and line, never its file name
        evidence = sorted({(citation_text(m.get("source")), m.get("quote") or "") for m in ms
                           if m.get("source") or m.get("quote")})
        label = g.nodes[key[0]]["label"]
        departments = values(ms, "department")
        out[key] = {"roles": tie["roles"], "role_texts": values(ms, "role_text"),
                    "departments": departments,
                    # the partner as the source names it: the body with its department
                    "shown_as": [with_department(label, d) for d in departments] or [label],
                    # every source line is in the evidence, with its quote where there is one
                    "evidence": [{"source": s, "quote": q} for s, q in evidence]}
    return out


def organisation_graph(g: nx.MultiGraph) -> nx.Graph:
    """The organisation-to-organisation view of a (filtered) bipartite network.

    Two organisations are joined when they take part in the same programme (leading
    counts); the edge lists each shared programme with the roles of either side
    (``ties``: programme id, title, roles of the edge's ``a`` end, roles of its ``b``
    end, with ``a`` the smaller node id) and ``weight``, the number of programmes.
    The same rule runs in api/static/network.js for what is drawn.
    """
    members: dict[str, dict[str, set[str]]] = {}
    for u, v, d in g.edges(data=True):
        org, prog = ends(g, u, v)
        members.setdefault(prog, {}).setdefault(org, set()).add(d["role"])
    out = nx.Graph()
    for prog in sorted(members):
        for o in sorted(members[prog]):
            if o not in out:
                out.add_node(o, **g.nodes[o])
    # The pairs are those of the store's COLLABORATES_WITH and of the research API
    # (graph.derived.collaborations); each is added at its first shared programme.
    pairs = collaborations([{"org": o, "programme": prog} for prog, orgs in members.items() for o in orgs])
    for pair in sorted(pairs, key=lambda c: (c["programmes"][0], c["from"], c["to"])):
        a, b = pair["from"], pair["to"]
        out.add_edge(a, b, a=a, b=b, weight=pair["weight"], ties=[
            {"programme_id": g.nodes[prog]["id"], "programme": g.nodes[prog]["label"],
             "roles_a": role_order(members[prog][a]), "roles_b": role_order(members[prog][b])}
            for prog in pair["programmes"]])
    return out


#: Above this many nodes the page draws the view with its own renderer on one 2D canvas
#: (api/static/network-large.js) instead of vis-network, and loads only that.
LARGE_FROM = 2000

_ROLE_BIT = {r: 1 << i for i, r in enumerate(ROLE_LABELS)}
_ORG_PREFIX, _PROGRAMME_PREFIX = org_node(""), programme_node("")


class _Strings:
    """A table of distinct strings: each is sent once and referred to by its index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.table: list[str] = []

    def __call__(self, text: str) -> int:
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.table)
            self.table.append(text)
        return i


def network_payload(net: Network, view: str = "programmes") -> dict[str, Any]:
    """The JSON the page embeds, in columns: what the browser needs to draw and inspect
    every node and merged edge, each fact sent once.

    - ``nodes``: ``orgs`` organisations then the programmes, in node id order, as
      parallel lists ``ids`` (without their ``org:``/``programme:`` prefix), ``labels``,
      ``x``, ``y`` (the server's layout, screen pixels), ``degree`` (distinct
      neighbours), ``sector`` (organisations; the vocabulary below has its label and
      colour) and ``kind`` (programmes; labels in ``kinds``), ``schemes`` by node index
      (programmes in a scheme). A node's page, size and colour follow from these
      (``expand_payload``, ``api/static/network-filters.js``).
    - ``edges``: one per (organisation, programme) tie, parallel lists ``from`` and
      ``to`` (node indices), ``roles`` (a bit per role, in the order of ``roles``) and
      ``details``: per tie ``[role texts, departments, shown as, evidence]``, each a
      list of indices into ``strings`` (evidence as source, quote pairs; ``shown as``
      empty when it is the organisation's own name).
    - ``roles`` (every role, with its count of ties here), ``sectors`` (those present),
      ``focus``, ``view``, ``renderer`` (``large`` above :data:`LARGE_FROM` nodes),
      ``physics`` and ``edge_labels`` (canvas only).

    Names travel as data; the browser only ever puts them into text nodes and the canvas.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    g = net.graph
    pos = layout(g)
    names = sorted(g.nodes)
    index = {n: i for i, n in enumerate(names)}
    attrs = g.nodes
    strings = _Strings()
    ids, labels, xs, ys, degrees, sectors, kinds, schemes = [], [], [], [], [], [], [], {}
    orgs = 0
    for i, n in enumerate(names):
        d = attrs[n]
        ids.append(d["id"])
        labels.append(d["label"])
        x, y = pos.get(n, (0.0, 0.0))
        xs.append(x)
        ys.append(y)
        degrees.append(len(g.adj[n]))
        if d["type"] == "organisation":
            if not n.startswith(_ORG_PREFIX) or i != orgs:
                raise ValueError(f"organisation node {n!r} is not named org:ID")
            orgs += 1
            sectors.append(d["sector"])
        else:
            if not n.startswith(_PROGRAMME_PREFIX):
                raise ValueError(f"programme node {n!r} is not named programme:ID")
            kinds.append(d["kind"])
            if d.get("schemes"):
                schemes[str(i)] = list(d["schemes"])
    # one tie per (organisation, programme): its roles and memberships
    tie_of: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for u, v, d in g.edges(data=True):
        a, b = index[u], index[v]
        tie_of.setdefault((a, b) if a < orgs else (b, a), []).append(d)
    citation: dict[str | None, str] = {}
    role_bits = dict(_ROLE_BIT)
    role_list = list(ROLE_LABELS)
    counts = dict.fromkeys(role_list, 0)
    froms, tos, bits, details = [], [], [], []
    for (a, b), ms in sorted(tie_of.items()):
        mask = 0
        for m in ms:
            r = m["role"]
            if r not in role_bits:  # a role outside the vocabulary is shown as its code
                role_bits[r] = 1 << len(role_list)
                role_list.append(r)
                counts[r] = 0
            mask |= role_bits[r]
        for r in role_list:
            if mask & role_bits[r]:
                counts[r] += 1
        evidence: set[tuple[str, str]] = set()
        for m in ms:
            src, quote = m.get("source"), m.get("quote") or ""
            if src or quote:
                if src not in citation:
                    citation[src] = citation_text(src)
                evidence.add((citation[src], quote))
        if len(ms) == 1:  # most ties: one membership, no sorting to do
            m = ms[0]
            texts = [m["role_text"]] if m.get("role_text") else []
            departments = [m["department"]] if m.get("department") else []
        else:
            texts, departments = values(ms, "role_text"), values(ms, "department")
        label = labels[a]
        shown = [with_department(label, dep) for dep in departments]
        froms.append(a)
        tos.append(b)
        bits.append(mask)
        details.append([[strings(t) for t in texts],
                        [strings(dep) for dep in departments],
                        [] if shown in ([], [label]) else [strings(t) for t in shown],
                        [strings(t) for pair in (sorted(evidence) if len(evidence) > 1 else evidence)
                         for t in pair]])
    return {
        "v": 2, "focus": net.focus, "view": view,
        "renderer": "large" if len(names) > LARGE_FROM else "canvas",
        "physics": len(names) <= PHYSICS_LIMIT,
        "edge_labels": len(froms) <= EDGE_LABEL_LIMIT,
        "nodes": {"orgs": orgs, "ids": ids, "labels": labels, "x": xs, "y": ys, "degree": degrees,
                  "sector": sectors, "kind": kinds, "schemes": schemes},
        "edges": {"from": froms, "to": tos, "roles": bits, "details": details},
        "strings": strings.table,
        # Every role, even one with no edge here: an official asking "who does publicity?"
        # should see "0", not a missing control.
        "roles": {r: {"label": ROLE_LABELS.get(r, r), "color": ROLE_COLOURS.get(r, "#737373"),
                      "dashes": ROLE_DASHES.get(r, []), "count": counts[r]} for r in role_list},
        "sectors": {s: {"label": SECTOR_LABELS[s], "color": SECTOR_COLOURS[s]}
                    for s in net.sectors()},
        "kinds": {k: PROGRAMME_KINDS.get(k, k) for k in sorted(set(kinds))},
        "programme_colour": PROGRAMME_COLOUR,
    }


def expand_payload(p: dict[str, Any]) -> dict[str, Any]:
    """A page's payload (:func:`network_payload`) as one object per node and per edge,
    as ``api/static/network-filters.js`` (``decode``) expands it for the scripts."""
    nodes_in, edges_in, strings = p["nodes"], p["edges"], p["strings"]
    orgs = nodes_in["orgs"]
    nodes = []
    for i, raw in enumerate(nodes_in["ids"]):
        org = i < orgs
        degree = nodes_in["degree"][i]
        node: dict[str, Any] = {
            "id": (org_node if org else programme_node)(raw), "label": nodes_in["labels"][i],
            "type": "organisation" if org else "programme",
            "url": f"/org/{raw}" if org else f"/programme/{raw}",
            "size": round(8 + 4 * math.sqrt(degree), 1), "x": nodes_in["x"][i], "y": nodes_in["y"][i],
            "degree": degree,
        }
        if org:
            sector = nodes_in["sector"][i]
            node.update(sector=sector, sector_label=p["sectors"][sector]["label"],
                        color=p["sectors"][sector]["color"])
        else:
            kind = nodes_in["kind"][i - orgs]
            node.update(kind=kind, kind_label=p["kinds"][kind],
                        schemes=nodes_in["schemes"].get(str(i), []),
                        color=p["programme_colour"])
        if node["id"] == p["focus"]:
            node["focus"] = True
        nodes.append(node)
    roles = list(p["roles"])
    edges = []
    for i, (a, b, mask, (texts, deps, shown, evidence)) in enumerate(zip(
            edges_in["from"], edges_in["to"], edges_in["roles"], edges_in["details"], strict=True)):
        edges.append({
            "id": f"e{i}", "from": nodes[a]["id"], "to": nodes[b]["id"],
            "roles": [r for k, r in enumerate(roles) if mask >> k & 1],
            "role_texts": [strings[t] for t in texts], "departments": [strings[t] for t in deps],
            "shown_as": [strings[t] for t in shown] or [nodes[a]["label"]],
            "evidence": [{"source": strings[s], "quote": strings[q]}
                         for s, q in zip(evidence[::2], evidence[1::2], strict=True)]})
    return {"nodes": nodes, "edges": edges, "focus": p["focus"], "view": p["view"],
            "renderer": p["renderer"], "physics": p["physics"], "edge_labels": p["edge_labels"],
            "roles": p["roles"], "sectors": p["sectors"]}


def vis_payload(net: Network, view: str = "programmes") -> dict[str, Any]:
    """Every node and merged edge of a network as one object each, with colours, sizes,
    positions, and what the inspector shows (roles, texts, sources): the page's
    payload (:func:`network_payload`) expanded."""
    return expand_payload(network_payload(net, view))


def partners_by_role(g: nx.MultiGraph) -> tuple[list[tuple[str, list[dict[str, Any]]]], dict[str, int]]:
    """The text alternative of a map: for each role (vocabulary order, the lead
    first), the organisations that played it with the programmes they played it in;
    and the share of partnership ties (leads aside) whose role the source does not
    state: ``{"ties": n, "unspecified": m}``."""
    by_role: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    ties = unspecified = 0
    seen: set[tuple[str, str, str]] = set()
    for u, v, d in g.edges(data=True):
        org, prog = ends(g, u, v)
        role = d["role"]
        if (org, prog, role) in seen:  # the same fact from a second source
            continue
        seen.add((org, prog, role))
        if role != LEAD:
            ties += 1
            unspecified += role == "unspecified"
        o = g.nodes[org]
        department = d.get("department") or ""
        entry = by_role.setdefault(role, {}).setdefault((org, department), {
            "id": o["id"], "name": with_department(o["label"], department), "url": o["url"],
            "sector": o["sector"], "programmes": {}})
        entry["programmes"][g.nodes[prog]["id"]] = g.nodes[prog]["label"]
    ordered = []
    for role in role_order(by_role):
        entries = sorted(by_role[role].values(), key=lambda e: (e["name"], e["id"]))
        for e in entries:
            e["programmes"] = sorted(e["programmes"].items(), key=lambda kv: kv[1])
        ordered.append((role, entries))
    return ordered, {"ties": ties, "unspecified": unspecified}


# -- exports -------------------------------------------------------------------


def _with_role_labels(g: nx.MultiGraph) -> nx.MultiGraph:
    out = g.copy()
    for _u, _v, d in out.edges(data=True):
        d["role_label"] = ROLE_LABELS.get(d["role"], d["role"])
    return out


def _labels(roles: Iterable[str]) -> str:
    return "、".join(ROLE_LABELS.get(r, r) for r in roles)


def _flat_organisations(h: nx.Graph) -> nx.Graph:
    out = nx.Graph()
    out.add_nodes_from(h.nodes(data=True))
    for a, b, d in h.edges(data=True):
        out.add_edge(a, b, weight=d["weight"],
                     programmes=";".join(t["programme"] for t in d["ties"]),
                     programme_ids=";".join(t["programme_id"] for t in d["ties"]),
                     roles_a=";".join(_labels(t["roles_a"]) for t in d["ties"]),
                     roles_b=";".join(_labels(t["roles_b"]) for t in d["ties"]),
                     a=d["a"], b=d["b"])
    return out


def export(g: nx.MultiGraph, fmt: str, view: str = "programmes") -> tuple[bytes, str]:
    """The graph as bytes in ``fmt`` (graphml, gexf, csv) and its media type.

    In the programmes view CSV is the edge list, one row per (organisation,
    programme, role), with names; in the organisations view one row per (pair of
    organisations, shared programme) with either side's roles. Both go through the
    shared export (tsunagari.networks): XML that networkx reads back, CSV cells a
    spreadsheet never runs.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    check_format(fmt)
    if fmt in ("graphml", "gexf"):
        g_out = _with_role_labels(g) if view == "programmes" else _flat_organisations(organisation_graph(g))
        return xml_bytes(g_out, fmt), f"application/{fmt}+xml"
    rows = []
    if view == "programmes":
        header = ["organisation_id", "organisation", "sector", "programme_id", "programme",
                  "role", "role_label", "role_text", "department", "source"]
        for u, v, d in g.edges(data=True):
            org, prog = ends(g, u, v)
            o, p = g.nodes[org], g.nodes[prog]
            rows.append([o["id"], o["label"], o["sector"], p["id"], p["label"], d["role"],
                         ROLE_LABELS.get(d["role"], d["role"]), d["role_text"], d["department"],
                         d["source"]])
    else:
        header = ["organisation_a_id", "organisation_a", "organisation_b_id", "organisation_b",
                  "programme_id", "programme", "roles_a", "roles_b"]
        h = organisation_graph(g)
        for _, _, d in h.edges(data=True):
            na, nb = h.nodes[d["a"]], h.nodes[d["b"]]
            for t in d["ties"]:
                rows.append([na["id"], na["label"], nb["id"], nb["label"], t["programme_id"],
                             t["programme"], _labels(t["roles_a"]), _labels(t["roles_b"])])
    text = csv_text(header, sorted(rows))
    # A BOM so that Excel, which officials open CSV files with, reads UTF-8.
    return ("\ufeff" + text).encode("utf-8"), "text/csv; charset=utf-8"
