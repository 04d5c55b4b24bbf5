"""Collaboration networks for the browser: build, filter, lay out, export.

A network is bipartite: organisations on one side, programmes on the other, one
edge per (organisation, programme, role) membership, the lead's edge having the
role ``lead``. The same filter rule runs here (for exports) and in
``api/static/network.js`` (for what is drawn), so an export is what is on screen:

    an edge is kept when its role is selected, its organisation's sector is
    selected, and (when schemes are selected) its programme belongs to one of
    them; a node is kept when a kept edge touches it, or when it is the focus.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from tsunagari.core.vocabulary import (
    ROLE_COLOURS,
    ROLE_LABELS,
    SECTOR_COLOURS,
    SECTOR_LABELS,
)
from tsunagari.graph.store import GraphStore, Row

# Above this many nodes the browser does not simulate physics: the server's
# layout is drawn as is, which keeps a 2,000-node view interactive.
PHYSICS_LIMIT = 300
# Above this many edges the role is shown by colour only: labels would hide the graph.
EDGE_LABEL_LIMIT = 250

PROGRAMME_COLOUR = "#ffffff"
EXPORT_FORMATS = ("graphml", "gexf", "csv")


def org_node(org_id: str) -> str:
    return f"org:{org_id}"


def programme_node(programme_id: str) -> str:
    return f"programme:{programme_id}"


@dataclass(frozen=True)
class Filters:
    """What the viewer selected; ``None`` means everything."""

    roles: frozenset[str] | None = None
    sectors: frozenset[str] | None = None
    schemes: frozenset[str] | None = None

    @classmethod
    def checked(cls, roles: frozenset[str] | None = None, sectors: frozenset[str] | None = None,
                schemes: frozenset[str] | None = None) -> Filters:
        """Filters as selected; unknown role or sector codes are refused, since a
        typo would otherwise silently draw nothing."""
        bad = sorted((roles or frozenset()) - set(ROLE_LABELS)) + sorted(
            f"sector:{s}" for s in (sectors or frozenset()) - set(SECTOR_LABELS))
        if bad:
            raise ValueError(f"unknown filter value(s): {', '.join(bad)}")
        return cls(roles, sectors, schemes)


@dataclass
class Network:
    """A collaboration network and what the page needs to draw it."""

    graph: nx.MultiGraph
    focus: str | None = None
    schemes: dict[str, str] = field(default_factory=dict)  # scheme id -> title

    def roles(self) -> list[str]:
        present = {d["role"] for _u, _v, d in self.graph.edges(data=True)}
        return [r for r in ROLE_LABELS if r in present]

    def sectors(self) -> list[str]:
        present = {d.get("sector") for _n, d in self.graph.nodes(data=True)
                   if d["type"] == "organisation"}
        return [s for s in SECTOR_LABELS if s in present]


def _sector(value: str | None) -> str:
    return value if value in SECTOR_COLOURS else "unknown"


def network_from_memberships(rows: Iterable[Row], focus: str | None = None,
                             programme_schemes: dict[str, list[str]] | None = None,
                             scheme_titles: dict[str, str] | None = None) -> Network:
    """The bipartite network of memberships rows (query ``memberships_of_programmes``)."""
    g = nx.MultiGraph()
    schemes = programme_schemes or {}
    for r in rows:
        o = org_node(r["org_id"])
        p = programme_node(r["programme_id"])
        if o not in g:
            g.add_node(o, type="organisation", id=r["org_id"], label=r["org_name"] or r["org_id"],
                       sector=_sector(r.get("sector")), kind=r.get("org_kind") or "",
                       url=f"/org/{r['org_id']}")
        if p not in g:
            g.add_node(p, type="programme", id=r["programme_id"],
                       label=r["programme_title"] or r["programme_id"],
                       kind=r.get("programme_kind") or "", url=f"/programme/{r['programme_id']}",
                       schemes=sorted(schemes.get(r["programme_id"], [])))
        role = r.get("role") or "unspecified"
        g.add_edge(o, p, key=role, role=role, role_text=r.get("role_text") or "",
                   department=r.get("department") or "", source=r.get("source") or "")
    return Network(g, focus=focus, schemes=dict(scheme_titles or {}))


def programme_network(store: GraphStore, programme_id: str) -> Network:
    rows = store.query("memberships_of_programmes", ids=[programme_id])
    return network_from_memberships(rows, focus=programme_node(programme_id))


def ego_network(store: GraphStore, org_id: str, depth: int = 1) -> Network:
    """An organisation, its programmes and their members; depth 2 adds the
    programmes of those members and their members in turn."""
    if depth not in (1, 2):
        raise ValueError("depth must be 1 or 2")
    orgs = [org_id]
    rows: list[Row] = []
    for _ in range(depth):
        programme_ids = [r["id"] for r in store.query("programmes_of_organisations", ids=orgs)]
        rows = store.query("memberships_of_programmes", ids=programme_ids)
        orgs = sorted({r["org_id"] for r in rows})
    return network_from_memberships(rows, focus=org_node(org_id))


def area_network(store: GraphStore, codes: Sequence[str]) -> tuple[Network, list[Row]]:
    """Every programme targeting one of ``codes`` and its members; also the programmes."""
    programmes = store.query("programmes_targeting_places", codes=list(codes))
    ids = [p["id"] for p in programmes]
    schemes = {p["id"]: [s for s in p["scheme_ids"] if s] for p in programmes}
    titles: dict[str, str] = {}
    for p in programmes:
        for sid, title in zip(p["scheme_ids"], p["scheme_titles"], strict=False):
            if sid:
                titles[sid] = title
    rows = store.query("memberships_of_programmes", ids=ids) if ids else []
    return network_from_memberships(rows, programme_schemes=schemes, scheme_titles=titles), programmes


def filtered(net: Network, f: Filters) -> nx.MultiGraph:
    """The subgraph that the page draws under these filters (see the module doc)."""
    g = net.graph
    keep = nx.MultiGraph()
    for u, v, k, d in g.edges(keys=True, data=True):
        org, prog = (u, v) if g.nodes[u]["type"] == "organisation" else (v, u)
        if f.roles is not None and d["role"] not in f.roles:
            continue
        if f.sectors is not None and g.nodes[org]["sector"] not in f.sectors:
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
    src = np.array([a for a, _ in sorted(pairs)], dtype=np.int64)
    dst = np.array([b for _, b in sorted(pairs)], dtype=np.int64)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32) - np.float32(0.5)
    k = np.float32(1.0 / math.sqrt(n))
    gravity = np.float32(0.05 * n * k)
    temperature = np.float32(0.1)
    for _ in range(iterations):
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        inv = dx * dx
        inv += dy * dy
        inv += np.float32(1e-6)
        np.divide(k * k, inv, out=inv)
        fx = (dx * inv).sum(axis=1)
        fy = (dy * inv).sum(axis=1)
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


def vis_payload(net: Network) -> dict[str, Any]:
    """The JSON the page embeds: every node and edge, with colours, sizes and positions.

    Names travel as data; the browser only ever puts them into text nodes and the canvas.
    """
    g = net.graph
    pos = layout(g)
    nodes = []
    for n, d in sorted(g.nodes(data=True)):
        degree = len(set(g.neighbors(n)))
        x, y = pos.get(n, (0.0, 0.0))
        node: dict[str, Any] = {
            "id": n, "label": d["label"], "type": d["type"], "url": d["url"],
            "size": round(8 + 4 * math.sqrt(degree), 1), "x": x, "y": y,
            "degree": degree,
        }
        if d["type"] == "organisation":
            node["sector"] = d["sector"]
            node["color"] = SECTOR_COLOURS[d["sector"]]
        else:
            node["kind"] = d["kind"]
            node["schemes"] = d.get("schemes", [])
            node["color"] = PROGRAMME_COLOUR
        if n == net.focus:
            node["focus"] = True
        nodes.append(node)
    edges = []
    for i, (u, v, d) in enumerate(sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["role"]))):
        org, prog = (u, v) if g.nodes[u]["type"] == "organisation" else (v, u)
        edges.append({
            "id": f"e{i}", "from": org, "to": prog, "role": d["role"],
            "color": ROLE_COLOURS.get(d["role"], ROLE_COLOURS["other"]),
            "role_label": ROLE_LABELS.get(d["role"], d["role"]),
            "role_text": d["role_text"], "department": d["department"],
        })
    return {
        "nodes": nodes, "edges": edges, "focus": net.focus,
        "physics": len(nodes) <= PHYSICS_LIMIT,
        "edge_labels": len(edges) <= EDGE_LABEL_LIMIT,
        # Every role, even one with no edge here: an official asking "who does publicity?"
        # should see "0", not a missing control.
        "roles": {r: {"label": ROLE_LABELS[r], "color": ROLE_COLOURS[r],
                      "count": sum(1 for e in edges if e["role"] == r)} for r in ROLE_LABELS},
        "sectors": {s: {"label": SECTOR_LABELS[s], "color": SECTOR_COLOURS[s]}
                    for s in net.sectors()},
    }


# -- exports -------------------------------------------------------------------


def _flat(g: nx.MultiGraph) -> nx.MultiGraph:
    """A copy whose attributes are all strings: GraphML and GEXF take no lists."""
    out = nx.MultiGraph()
    for n, d in g.nodes(data=True):
        out.add_node(n, **{k: ";".join(v) if isinstance(v, list) else str(v) for k, v in d.items()})
    for u, v, k, d in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **{a: str(b) for a, b in d.items()},
                     role_label=ROLE_LABELS.get(d["role"], d["role"]))
    return out


def export(g: nx.MultiGraph, fmt: str) -> tuple[bytes, str]:
    """The graph as bytes in ``fmt`` (graphml, gexf, csv) and its media type.

    CSV is the edge list, one row per (organisation, programme, role), with names.
    """
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(_flat(g), buf, encoding="utf-8")
        return buf.getvalue(), "application/graphml+xml"
    if fmt == "gexf":
        buf = io.BytesIO()
        nx.write_gexf(_flat(g), buf, encoding="utf-8")
        return buf.getvalue(), "application/gexf+xml"
    if fmt == "csv":
        text = io.StringIO()
        w = csv.writer(text, lineterminator="\n")
        w.writerow(["organisation_id", "organisation", "sector", "programme_id", "programme",
                    "role", "role_label", "role_text", "department", "source"])
        rows = []
        for u, v, d in g.edges(data=True):
            org, prog = (u, v) if g.nodes[u]["type"] == "organisation" else (v, u)
            o, p = g.nodes[org], g.nodes[prog]
            rows.append([o["id"], o["label"], o["sector"], p["id"], p["label"], d["role"],
                         ROLE_LABELS.get(d["role"], d["role"]), d["role_text"], d["department"],
                         d["source"]])
        for row in sorted(rows):
            w.writerow(row)
        # A BOM so that Excel, which officials open CSV files with, reads UTF-8.
        return ("\ufeff" + text.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
