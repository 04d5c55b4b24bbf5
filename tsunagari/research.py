"""Network analysis for researchers: the graph as networkx graphs and pandas tables.

    from tsunagari.research import Research

    r = Research.open()                  # the configured store (TSUNAGARI_STORE)
    B = r.bipartite_graph()              # organisations and programmes
    G = r.organisation_graph(area="13")  # organisations tied by shared programmes
    table = r.metrics(G)                 # degree, betweenness, PageRank, communities …
    r.assortativity(G)                   # by sector and by prefecture
    export(G, "tokyo.gexf")              # for Gephi; also .graphml and a CSV folder

Two graphs are offered:

- ``bipartite_graph``: organisation and programme nodes (``bipartite`` 0 and 1,
  ``node_type`` 'organisation' or 'programme'); one edge per organisation and
  programme, with every role it played there (``roles``, 'lead' for the
  implementing body), the words of the source (``role_texts``), ``departments``,
  ``mentions``, ``sources`` and ``amount_yen`` (the sum of the amounts stated).
- ``organisation_graph``: the projection on organisations; two organisations
  are tied when they take part in the same programme. ``weight`` is the number
  of shared programmes, ``programmes`` their ids and ``roles`` the partnership
  roles either played in them: the graph store's COLLABORATES_WITH, recomputed
  under the filters.

Every graph building method takes the same filters, combined with AND:

- ``role``: keep the memberships with one of these roles (codes of
  core.vocabulary.ROLE_CODES, or 'lead');
- ``sector``: keep the organisations of these sectors (core.vocabulary.SECTOR_CODES);
- ``scheme``: keep the programmes that are part of this scheme or platform
  (its id or exact title), directly or through another programme, and the
  scheme itself;
- ``area``: keep the programmes that target this place: a 5-digit municipality
  code (a designated city includes its wards) or a 2-digit prefecture code (the
  prefecture itself and every municipality in it);
- ``period``: keep the programmes whose period overlaps this one: ``"2023"``,
  ``"2023-04"``, or a pair ``("2023-04", "2024-03")`` where either end may be
  None. Programmes whose sources state no period are left out when a period is
  asked for, since nothing says they overlap;
- ``include_generic``: kinds of bodies rather than named ones (各地のハローワーク)
  are left out unless this is True, as in COLLABORATES_WITH.

Unknown roles, sectors, schemes or malformed codes raise ValueError.

The exports (GraphML, GEXF, CSV) write lists as one string joined by ``;`` and
leave out attributes whose value is None, since GraphML and GEXF can store
neither lists nor missing values. Read back, such a list is a string to split
on ``;``. Source references that were already joined by the loader keep their
``;`` too, so splitting them gives every reference.
"""

from __future__ import annotations

import math
import time
import warnings
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Self

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from tsunagari.core.places import covers
from tsunagari.core.vocabulary import LEAD, SECTOR_CODES
from tsunagari.graph import GraphStore, open_store
from tsunagari.graph.derived import collaborations
from tsunagari.networks import (
    LIST_SEPARATOR,
    Filters,
    bipartite,
    check_format,
    csv_cell,
    portable,
    ties,
    values,
    xml_bytes,
)

#: Above this many nodes, betweenness is estimated from a sample of sources.
EXACT_BETWEENNESS_LIMIT = 2000
#: Sources sampled when betweenness is estimated and no k is given (see default_k) …
DEFAULT_BETWEENNESS_K = 500
#: … fewer on large graphs, so that (sources × ties) stays under this, but at least MIN_BETWEENNESS_K.
BETWEENNESS_BUDGET = 500_000_000
MIN_BETWEENNESS_K = 100
#: From this many nodes on, ``engine="auto"`` computes the metrics in compiled code (igraph, numba):
#: networkx takes minutes to hours at 100,000 organisations (benchmarks/metrics_bench.py).
IGRAPH_FROM = 5000
ENGINES = ("auto", "networkx", "igraph")

_MEMBERSHIP_FIELDS = ("role_text", "department", "mention", "source", "amount_yen")

ORG_ATTRS = ("name", "legal_form", "sector", "kind", "aliases", "sources",
             "municipality_code", "prefecture_code")


def filters(role: str | Iterable[str] | None = None, sector: str | Iterable[str] | None = None,
            scheme: str | None = None, area: str | None = None,
            period: str | tuple[str | None, str | None] | None = None,
            include_generic: bool = False) -> Filters:
    """The filters of the module doc, checked (tsunagari.networks.Filters)."""
    return Filters.checked(role, sector, scheme, area, period, include_generic)


class Research:
    """The graph of the configured store as networkx graphs and pandas tables.

    The store is read on first use, as columns (a million memberships stay
    three Arrow arrays, not a million dicts): the organisations once, the
    memberships as ids and roles, and what the sources say of each membership
    (``research_memberships``) or the programmes only when a graph or filter
    needs them. Call :meth:`refresh` after loading new records into the store.
    """

    def __init__(self, store: GraphStore):
        self.store = store
        self.refresh()

    @classmethod
    def open(cls, spec: str | None = None, read_only: bool = True) -> Research:
        """Open the store named by ``spec`` or TSUNAGARI_STORE (embedded by default).

        Read-only by default, so that a notebook never changes the graph.
        """
        return cls(open_store(spec, read_only=read_only))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self) -> None:
        self._orgs: dict[str, dict[str, Any]] | None = None
        self._ties: pa.Table | None = None
        self._details: pa.Table | None = None
        self._programme_map: dict[str, dict[str, Any]] | None = None
        self._prefecture_map: dict[str, str] | None = None

    # -- what is read from the store, each on first use ----------------------

    def _organisations(self) -> dict[str, dict[str, Any]]:
        if self._orgs is None:
            self._orgs = {o["id"]: o for o in self.store.query_columns("research_organisations").to_pylist()}
        return self._orgs

    @property
    def _programmes(self) -> dict[str, dict[str, Any]]:
        if self._programme_map is None:
            self._programme_map = {p["id"]: p for p in self.store.query("research_programmes")}
        return self._programme_map

    @property
    def prefectures(self) -> dict[str, str]:
        """Prefecture names by 2-digit code."""
        return dict(self._prefecture_names())

    def _prefecture_names(self) -> dict[str, str]:
        if self._prefecture_map is None:
            self._prefecture_map = {p["code"]: p["name"] for p in self.store.query("research_prefectures")}
        return self._prefecture_map

    def _membership_table(self, details: bool) -> pa.Table:
        """Every membership as columns: ids and role, and with ``details`` what the
        sources say of it (role text, department, mention, source, amount)."""
        if details:
            if self._details is None:
                self._details = self.store.query_columns("research_memberships")
            return self._details
        if self._ties is None:
            self._ties = self.store.query_columns("research_ties")
        return self._ties

    # -- filtering -----------------------------------------------------------

    def _scheme_members(self, scheme: str) -> set[str]:
        ids = [pid for pid, p in self._programmes.items() if scheme in (pid, p["title"])]
        if not ids:
            raise ValueError(f"no programme has the id or title {scheme!r}")
        if len(ids) > 1:
            raise ValueError(f"several programmes are titled {scheme!r}: {', '.join(ids)}; "
                             "pass one id")
        children: dict[str, list[str]] = defaultdict(list)
        for pid, p in self._programmes.items():
            for parent in p["part_of"] or []:
                children[parent].append(pid)
        members, todo = set(), [ids[0]]
        while todo:
            pid = todo.pop()
            if pid not in members:
                members.add(pid)
                todo.extend(children[pid])
        return members

    def _programme_kept(self, p: dict[str, Any], f: Filters) -> bool:
        if f.area:
            codes = [c for c in p["target_codes"] or [] if c]
            if not any(covers(f.area, c) for c in codes):
                return False
        return f.keeps_period(p["period_start"], p["period_end"])

    def _kept(self, table: pa.Table, f: Filters, ordered: bool = True) -> pa.Table:
        """The membership rows of ``table`` that pass the filters, by programme, organisation
        and role when ``ordered``. Role, sector and kind are decided once per distinct
        (role, sector, kind), then spread over the rows as arrays."""
        orgs = self._organisations()
        mask = np.ones(table.num_rows, dtype=bool)
        if table.num_rows and (f.area or f.period is not None or f.schemes):
            kept = {pid for pid, p in self._programmes.items() if self._programme_kept(p, f)}
            if f.schemes:
                kept &= set().union(*(self._scheme_members(s) for s in sorted(f.schemes)))
            mask &= pc.is_in(table["programme_id"], value_set=pa.array(sorted(kept), pa.string())
                             ).to_numpy(zero_copy_only=False)
        if table.num_rows:
            org = pc.dictionary_encode(table["org_id"]).combine_chunks()
            role = pc.dictionary_encode(table["role"]).combine_chunks()
            profiles: dict[tuple[Any, Any], int] = {}
            org_profile = np.array([profiles.setdefault((orgs[o]["sector"], orgs[o]["kind"]), len(profiles))
                                    for o in org.dictionary.to_pylist()], dtype=np.int64)
            keeps = np.array([f.keeps(r, sector, kind) for r in role.dictionary.to_pylist()
                              for sector, kind in profiles], dtype=bool)
            combo = (role.indices.to_numpy(zero_copy_only=False).astype(np.int64) * len(profiles)
                     + org_profile[org.indices.to_numpy(zero_copy_only=False)])
            mask &= keeps[combo]
        table = table.filter(pa.array(mask))
        if ordered and table.num_rows:
            table = table.sort_by([("programme_id", "ascending"), ("org_id", "ascending"),
                                   ("role", "ascending")])
        return table

    def memberships(self, f: Filters | None = None, **kw: Any) -> list[dict[str, Any]]:
        """The (organisation, programme, role) rows that pass the filters, with the
        organisation's attributes and what the sources say of the membership."""
        f = f or filters(**kw)
        orgs = self._organisations()
        rows = self._kept(self._membership_table(details=True), f).to_pylist()
        for m in rows:
            o = orgs[m["org_id"]]
            m.update(org_name=o["name"], legal_form=o["legal_form"], sector=o["sector"],
                     org_kind=o["kind"], aliases=o["aliases"], org_sources=o["sources"],
                     municipality_code=o["municipality_code"], prefecture_code=o["prefecture_code"])
        return rows

    # -- graphs --------------------------------------------------------------

    def _org_node(self, org_id: str) -> dict[str, Any]:
        o = self._organisations()[org_id]
        return {
            "node_type": "organisation", "bipartite": 0, "name": o["name"],
            "legal_form": o["legal_form"], "sector": o["sector"], "kind": o["kind"],
            "aliases": list(o["aliases"] or []), "sources": list(o["sources"] or []),
            "municipality_code": o["municipality_code"], "prefecture_code": o["prefecture_code"],
            "prefecture": self._prefecture_names().get(o["prefecture_code"] or ""),
        }

    def _programme_node(self, pid: str) -> dict[str, Any]:
        p = self._programmes[pid]
        return {
            "node_type": "programme", "bipartite": 1, "name": p["title"], "kind": p["kind"],
            "collaboration_type": p["collaboration_type"], "period_text": p["period_text"],
            "period_start": p["period_start"], "period_end": p["period_end"], "url": p["url"],
            "national": bool(p["national"]), "sources": [p["source"]] if p["source"] else [],
            "part_of": sorted(p["part_of"] or []),
            "target_codes": sorted(c for c in p["target_codes"] or [] if c),
        }

    def bipartite_graph(self, **kw: Any) -> nx.Graph:
        """Organisations and programmes, one edge per membership with its roles.

        Built by the builder the pages use (tsunagari.networks.bipartite), then
        collapsed to one edge per organisation and programme, keyed by plain ids.
        """
        f = filters(**kw)
        M = bipartite(self.memberships(f), lambda m: self._org_node(m["org_id"]),
                      lambda m: self._programme_node(m["programme_id"]),
                      lambda m: {k: m[k] for k in _MEMBERSHIP_FIELDS})
        G = nx.Graph(kind="bipartite", filters=f.describe(), store=self.store.describe())
        for _n, d in M.nodes(data=True):
            if d["type"] == "organisation" and d["id"] in self._programmes:
                raise ValueError(f"organisation id {d['id']} is also a programme id")
            G.add_node(d["id"], **{k: v for k, v in d.items() if k not in ("type", "id")})
        for (o, p), tie in ties(M).items():
            ms = tie["memberships"]
            amounts = [int(m["amount_yen"]) for m in ms if m["amount_yen"] is not None]
            G.add_edge(M.nodes[o]["id"], M.nodes[p]["id"], roles=tie["roles"],
                       role_texts=values(ms, "role_text"), departments=values(ms, "department"),
                       mentions=values(ms, "mention"),
                       sources=sorted({s for joined in values(ms, "source")
                                       for s in joined.split(LIST_SEPARATOR) if s}),
                       amount_yen=sum(amounts) if amounts else None, lead=LEAD in tie["roles"])
        return G

    def organisation_graph(self, **kw: Any) -> nx.Graph:
        """Organisations tied by shared programmes; ``weight`` counts them.

        Nodes come in the order of their ids (so that a seeded sample of them is
        the same whichever engine draws it)."""
        f = filters(**kw)
        rows = self._kept(self._membership_table(details=False), f).to_pylist()
        G = nx.Graph(kind="organisations", filters=f.describe(), store=self.store.describe())
        programmes: dict[str, set[str]] = defaultdict(set)
        for m in rows:
            programmes[m["org_id"]].add(m["programme_id"])
        for org in sorted(programmes):
            G.add_node(org, **self._org_node(org), programmes=len(programmes[org]))
        # Leads carry no partnership role, as in the store's COLLABORATES_WITH.
        pairs = collaborations([
            {"org": m["org_id"], "programme": m["programme_id"],
             "role": None if m["role"] == LEAD else m["role"]} for m in rows
        ])
        for pair in pairs:
            G.add_edge(pair["from"], pair["to"], weight=pair["weight"], roles=pair["roles"],
                       programmes=pair["programmes"])
        return G

    # -- tables --------------------------------------------------------------

    def metrics(self, graph: nx.Graph | None = None, *, seed: int = 0,
                exact_limit: int = EXACT_BETWEENNESS_LIMIT, k: int | None = None,
                engine: str = "auto", **kw: Any) -> pd.DataFrame:
        """:func:`network_metrics` of ``graph``, or of ``organisation_graph(**kw)``.

        Without a graph, a large organisation graph (``IGRAPH_FROM`` organisations
        or more, or ``engine="igraph"``) is never built in networkx: its ties are
        counted from the memberships as a sparse matrix product and the table is
        computed from arrays (:func:`organisation_ties`), the same figures as
        ``network_metrics(organisation_graph(**kw))`` with the same seed.
        """
        if graph is not None:
            return network_metrics(graph, seed=seed, exact_limit=exact_limit, k=k, engine=engine)
        f = filters(**kw)
        if engine == "networkx":
            return network_metrics(self.organisation_graph(**kw), seed=seed,
                                   exact_limit=exact_limit, k=k, engine=engine)
        started = time.perf_counter()
        orgs = self._organisations()
        memberships = self._membership_table(details=False)
        read = time.perf_counter() - started
        nodes, a, b, w = organisation_ties(self._kept(memberships, f, ordered=False))
        if engine == "auto" and len(nodes) < IGRAPH_FROM:
            return network_metrics(self.organisation_graph(**kw), seed=seed,
                                   exact_limit=exact_limit, k=k, engine="networkx")
        ties = time.perf_counter() - started - read
        table = array_metrics(nodes, [orgs[o] for o in nodes], a, b, w, seed=seed,
                              exact_limit=exact_limit, k=k, filters=f.describe(), engine=engine)
        table.attrs["seconds"] = {"read": read, "ties": ties, **table.attrs.get("seconds", {})}
        return table

    def assortativity(self, graph: nx.Graph | None = None, **kw: Any) -> pd.DataFrame:
        """:func:`assortativity` of ``graph``, or of ``organisation_graph(**kw)``."""
        return assortativity(self.organisation_graph(**kw) if graph is None else graph)

    def nodes_frame(self, graph: nx.Graph | None = None, **kw: Any) -> pd.DataFrame:
        return nodes_frame(self.organisation_graph(**kw) if graph is None else graph)

    def edges_frame(self, graph: nx.Graph | None = None, **kw: Any) -> pd.DataFrame:
        return edges_frame(self.organisation_graph(**kw) if graph is None else graph)

    def prefecture_table(self, **kw: Any) -> pd.DataFrame:
        """One row per prefecture that programmes target: how its organisations connect.

        The place of a programme is its target area; the organisations are those
        taking part in programmes targeting the prefecture or a municipality in it.
        """
        if "area" in kw:
            raise ValueError("prefecture_table makes one row per prefecture; do not pass area")
        codes = sorted({c[:2] for p in self._programmes.values()
                        for c in p["target_codes"] or [] if c})
        rows = []
        for code in codes:
            G = self.organisation_graph(area=code, **kw)
            if G.number_of_nodes() == 0:
                continue
            sectors = pd.Series([d.get("sector") for _, d in G.nodes(data=True)])
            cross = sum(1 for a, b in G.edges() if _cross_sector(G, a, b))
            row = {
                "code": code, "prefecture": self._prefecture_names().get(code, ""),
                "programmes": len({m["programme_id"] for m in self.memberships(area=code, **kw)}),
                "organisations": G.number_of_nodes(), "ties": G.number_of_edges(),
                "density": nx.density(G),
                "cross_sector_tie_share": cross / G.number_of_edges() if G.number_of_edges()
                else math.nan,
            }
            for sector in SECTOR_CODES:
                row[sector] = int((sectors == sector).sum())
            rows.append(row)
        return pd.DataFrame(rows).set_index("code") if rows else pd.DataFrame()


# -- metrics on any graph -------------------------------------------------------


def _cross_sector(G: nx.Graph, a: Any, b: Any) -> bool:
    sa, sb = G.nodes[a].get("sector"), G.nodes[b].get("sector")
    return sa is not None and sb is not None and sa != sb


def communities(G: nx.Graph, seed: int = 0) -> dict[Any, int]:
    """Louvain communities (weighted), numbered 0, 1, … from the largest.

    Ties in size are ordered by their smallest node id, so the numbers depend
    only on the graph and the seed.
    """
    if G.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(G, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    return {node: i for i, c in enumerate(ordered) for node in c}


def default_k(edges: int) -> int:
    """Sources sampled for betweenness when no k is given: ``DEFAULT_BETWEENNESS_K``,
    fewer on graphs so large that (sources × ties) would pass ``BETWEENNESS_BUDGET``,
    and never fewer than ``MIN_BETWEENNESS_K`` (100 on the 100,000-organisation graph
    of 5.7 million ties)."""
    return max(MIN_BETWEENNESS_K, min(DEFAULT_BETWEENNESS_K, BETWEENNESS_BUDGET // max(edges, 1)))


def _sample(n: int, edges: int, exact_limit: int, k: int | None) -> tuple[bool, int]:
    """(sampled, sources used) for betweenness on n nodes."""
    if k is not None and k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    sampled = k is not None or n > exact_limit
    k_used = min(k or default_k(edges), n) if sampled else n
    return (False, n) if sampled and k_used >= n else (sampled, k_used)


def network_metrics(G: nx.Graph, seed: int = 0, exact_limit: int = EXACT_BETWEENNESS_LIMIT,
                    k: int | None = None, engine: str = "auto") -> pd.DataFrame:
    """One row per node: who is central, who brokers between sectors.

    Columns:
    - ``degree``, ``weighted_degree`` (sum of ``weight``, 1 per edge without one);
    - ``betweenness``: normalised, on hops (weights are strengths, not distances).
      Exact up to ``exact_limit`` nodes; above it (or when ``k`` is given) it is
      estimated from ``k`` sources drawn with ``random.Random(seed)`` from the nodes
      in the graph's order, as networkx draws them (``k`` defaults to
      :func:`default_k`: 500, or 100 at 100,000 organisations). The frame's
      ``attrs["betweenness"]`` says "exact" or "sampled", ``attrs["betweenness_k"]``
      how many sources were used and ``attrs["seed"]`` the seed;
    - ``pagerank`` (weighted); ``clustering`` (local, unweighted);
    - ``community``: Louvain (networkx) or Leiden (igraph) on modularity with ``seed``
      (see :func:`communities`);
    - ``constraint``: Burt's constraint (weighted); low means the node's ties
      do not know each other, a broker's position. NaN for isolated nodes;
    - ``cross_sector_ties`` and ``cross_sector_share``: how many of the node's
      ties reach a different sector, and their share of its ties whose other
      end has a known sector (NaN when the node's sector is unknown or it has none).

    ``engine``: ``"networkx"``, ``"igraph"`` (the same definitions in compiled code:
    betweenness by Brandes' algorithm compiled with numba, with the same sampled
    sources and scaling as networkx; clustering and constraint from one compiled pass
    over the triangles (tsunagari/compiled.py), equal to networkx's; PageRank by
    networkx's power iteration, compiled too; communities by igraph's Leiden on
    modularity, so their numbers differ but not their quality),
    or ``"auto"``: igraph from ``IGRAPH_FROM`` nodes on. ``attrs["engine"]`` says which ran.
    """
    n = G.number_of_nodes()
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if engine == "auto":
        engine = "igraph" if n >= IGRAPH_FROM else "networkx"
    sampled, k_used = _sample(n, G.number_of_edges(), exact_limit, k)
    if engine == "igraph":
        import numpy as np

        nodes = list(G)
        index = {node: i for i, node in enumerate(nodes)}
        edges = np.fromiter((index[x] for e in G.edges() for x in e), dtype=np.int64,
                            count=2 * G.number_of_edges()).reshape(-1, 2)
        weights = np.fromiter((d.get("weight", 1) for _, _, d in G.edges(data=True)), dtype=float,
                              count=len(edges))
        return array_metrics(nodes, [G.nodes[node] for node in nodes], edges[:, 0], edges[:, 1],
                             weights, seed=seed, exact_limit=exact_limit, k=k,
                             filters=G.graph.get("filters", ""))
    betweenness = nx.betweenness_centrality(G, k=k_used if sampled else None,
                                            seed=seed if sampled else None)
    pagerank = nx.pagerank(G, weight="weight") if n else {}
    clustering = nx.clustering(G) if n else {}
    community = communities(G, seed=seed)
    with warnings.catch_warnings():
        # isolated nodes have no constraint: networkx returns nan for them
        warnings.simplefilter("ignore", RuntimeWarning)
        constraint = nx.constraint(G, weight="weight") if n else {}
    rows = []
    for node, data in G.nodes(data=True):
        cross = known = 0
        for other in G[node]:
            if G.nodes[other].get("sector") is not None:
                known += 1
                cross += _cross_sector(G, node, other)
        share = cross / known if known and data.get("sector") is not None else math.nan
        rows.append({
            "id": node, "name": data.get("name"), "sector": data.get("sector"),
            "kind": data.get("kind"), "prefecture_code": data.get("prefecture_code"),
            "degree": G.degree(node),
            "weighted_degree": G.degree(node, weight="weight"),
            "betweenness": betweenness.get(node, 0.0),
            "pagerank": pagerank.get(node, math.nan),
            "clustering": clustering.get(node, 0.0),
            "community": community.get(node, -1),
            "constraint": constraint.get(node, math.nan),
            "cross_sector_ties": cross if data.get("sector") is not None else 0,
            "cross_sector_share": share,
        })
    frame = pd.DataFrame(rows, columns=METRIC_COLUMNS).set_index("id").sort_index()
    return _stamp(frame, n, G.number_of_edges(), G.graph.get("filters", ""), seed, sampled, k_used,
                  "networkx")


METRIC_COLUMNS = ["id", "name", "sector", "kind", "prefecture_code", "degree", "weighted_degree",
                  "betweenness", "pagerank", "clustering", "community", "constraint",
                  "cross_sector_ties", "cross_sector_share"]


def _stamp(frame: pd.DataFrame, nodes: int, edges: int, filters: str, seed: int, sampled: bool,
           k_used: int, engine: str) -> pd.DataFrame:
    frame.attrs.update({
        "betweenness": "sampled" if sampled else "exact", "betweenness_k": k_used,
        "seed": seed, "nodes": nodes, "edges": edges, "filters": filters, "engine": engine,
    })
    return frame


def organisation_ties(memberships: pa.Table) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The organisation graph of membership columns (``org_id``, ``programme_id``) as
    arrays: the organisations in id order, and one tie per pair sharing programmes,
    ``a[i] < b[i]`` (indices into the organisations) with ``w[i]`` the number shared.

    The counts are B·Bᵀ of the 0/1 organisation × programme matrix, one sparse
    product: the same pairs and weights as graph.derived.collaborations, without
    the roles and programme lists that only a networkx graph carries.
    """
    if memberships.num_rows == 0:
        empty = np.zeros(0, dtype=np.int64)
        return [], empty, empty, np.zeros(0)
    org = pc.dictionary_encode(memberships["org_id"]).combine_chunks()
    programme = pc.dictionary_encode(memberships["programme_id"]).combine_chunks()
    ids = org.dictionary.to_pylist()
    order = sorted(range(len(ids)), key=ids.__getitem__)
    position = np.empty(len(ids), dtype=np.int64)
    position[order] = np.arange(len(ids))
    rows = position[org.indices.to_numpy(zero_copy_only=False)]
    cols = programme.indices.to_numpy(zero_copy_only=False)
    incidence = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                              shape=(len(ids), len(programme.dictionary)))
    incidence.sum_duplicates()
    incidence.data[:] = 1  # one per organisation and programme, whatever its roles
    shared = sp.triu(incidence @ incidence.T, k=1).tocoo()
    return ([ids[i] for i in order], shared.row.astype(np.int64), shared.col.astype(np.int64),
            shared.data.astype(float))


class _Laps:
    """Wall and CPU seconds of the parts of a computation, on the thread that runs them
    (CPU by ``time.thread_time``: this thread's own, apart from the other thread's and
    from others' load on a shared machine)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self._clock = (time.perf_counter(), time.thread_time())

    def __call__(self, step: str) -> None:
        now = (time.perf_counter(), time.thread_time())
        self.seconds[step] = now[0] - self._clock[0]
        self.cpu_seconds[step] = now[1] - self._clock[1]
        self._clock = now


def array_metrics(nodes: list[Any], data: list[dict[str, Any]], a: np.ndarray, b: np.ndarray,
                  w: np.ndarray, *, seed: int = 0, exact_limit: int = EXACT_BETWEENNESS_LIMIT,
                  k: int | None = None, filters: str = "", engine: str = "igraph") -> pd.DataFrame:
    """:func:`network_metrics` (engine igraph) of the simple undirected graph whose nodes
    are ``nodes`` (attributes ``data``: name, sector, kind, prefecture_code) and whose
    ties are ``a[i] – b[i]`` (indices into nodes) of weight ``w[i]``.

    The ties' adjacency is built once (tsunagari.compiled) and serves betweenness,
    clustering, constraint and PageRank, computed by one compiled call that releases
    the GIL, while a second thread builds igraph's graph and finds the communities
    (igraph holds the GIL): on the 100,000-organisation graph the two take about as
    long. ``attrs["seconds"]`` and ``attrs["cpu_seconds"]`` give each part's wall and
    CPU time on its own thread (CPU by ``time.thread_time``): ``compiled`` overlaps
    ``igraph`` and ``communities``, and ``wait`` is what this thread then waited for
    the other.
    """
    import random
    from concurrent.futures import ThreadPoolExecutor

    import igraph as ig

    from tsunagari.compiled import Measures, adjacency

    if engine not in ("auto", "igraph"):
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    n, m = len(nodes), len(a)
    sampled, k_used = _sample(n, m, exact_limit, k)
    if n == 0:
        return _stamp(pd.DataFrame(columns=METRIC_COLUMNS).set_index("id"), 0, 0, filters, seed,
                      sampled, k_used, "igraph")
    laps = _Laps()
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    w = np.asarray(w, dtype=float)
    graph = adjacency(n, a, b)
    # the sources networkx would draw with this seed
    sources = np.asarray(random.Random(seed).sample(range(n), k_used) if sampled else range(n), np.int64)
    laps("adjacency")

    compiled = Measures(n, a, b, w, graph, sources)
    laps("prepare")

    def communities() -> tuple[dict[Any, int], _Laps]:
        own = _Laps()
        g = ig.Graph(n=n, edges=zip(a.tolist(), b.tolist(), strict=True), directed=False)
        weights = w.tolist()
        own("igraph")
        # Leiden on modularity with igraph's generator seeded, then restored
        ig.set_random_number_generator(random.Random(seed))
        try:
            membership = g.community_leiden(objective_function="modularity", weights=weights,
                                            n_iterations=2).membership
        finally:
            ig.set_random_number_generator(random)
        del g, weights
        groups: dict[int, list[Any]] = defaultdict(list)
        for node, c in zip(nodes, membership, strict=True):
            groups[c].append(node)
        ordered = sorted(groups.values(), key=lambda c: (-len(c), min(map(str, c))))
        own("communities")
        return {node: i for i, c in enumerate(ordered) for node in c}, own

    # igraph and Leiden on a second thread (they hold the GIL), while this one computes
    # betweenness, clustering, constraint and PageRank in one call that releases it
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tsunagari-communities") as pool:
        found = pool.submit(communities)
        raw, clustering, constraint, rank = compiled.compute()
        laps("compiled")
        community, other = found.result()
    laps("wait")
    raw = raw / 2
    if sampled:
        # networkx's scaling (endpoints excluded): a sampled source's own pairs number one fewer
        scale = np.full(n, 2.0 / (k_used * (n - 2)) if n > 2 else 0.0)
        if n > 2 and k_used > 1:
            scale[sources] = 2.0 / ((k_used - 1) * (n - 2))
        betweenness = raw * scale
    else:
        betweenness = raw * (2.0 / ((n - 1) * (n - 2))) if n > 2 else np.zeros(n)
    # cross-sector ties, by arrays over the edge list
    sector = [d.get("sector") for d in data]
    known_sector = np.array([s is not None for s in sector])
    codes = {s: i for i, s in enumerate(sorted({s for s in sector if s is not None}))}
    sector_code = np.array([codes.get(s, -1) for s in sector])
    differs = known_sector[a] & known_sector[b] & (sector_code[a] != sector_code[b])
    cross = np.bincount(a, differs, n) + np.bincount(b, differs, n)
    known = np.bincount(a, known_sector[b], n) + np.bincount(b, known_sector[a], n)
    degree = np.diff(graph[0])
    strength = np.bincount(a, w, n) + np.bincount(b, w, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where((known > 0) & known_sector, cross / np.maximum(known, 1), np.nan)
    frame = pd.DataFrame({
        "id": nodes, "name": [d.get("name") for d in data], "sector": sector,
        "kind": [d.get("kind") for d in data], "prefecture_code": [d.get("prefecture_code") for d in data],
        "degree": degree, "weighted_degree": strength, "betweenness": betweenness,
        "pagerank": rank, "clustering": clustering,
        "community": [community[node] for node in nodes], "constraint": constraint,
        "cross_sector_ties": np.where(known_sector, cross, 0).astype(int), "cross_sector_share": share,
    }, columns=METRIC_COLUMNS).set_index("id").sort_index()
    laps("table")
    frame.attrs["seconds"] = {**laps.seconds, **other.seconds}
    frame.attrs["cpu_seconds"] = {**laps.cpu_seconds, **other.cpu_seconds}
    return _stamp(frame, n, m, filters, seed, sampled, k_used, "igraph")


def assortativity(G: nx.Graph) -> pd.DataFrame:
    """Attribute assortativity of the whole graph by sector and by prefecture.

    1 means ties stay within a sector (or prefecture), 0 random mixing,
    negative ties across. Nodes whose value is unknown are left out; the
    ``nodes`` and ``edges`` columns say how many were used. NaN when it is
    undefined (no edges, or a single value).
    """
    rows = []
    for attribute, column in (("sector", "sector"), ("prefecture", "prefecture_code")):
        known = [n for n, d in G.nodes(data=True) if d.get(column) is not None]
        H = G.subgraph(known)
        value = math.nan
        if H.number_of_edges():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                value = float(nx.attribute_assortativity_coefficient(H, column))
        rows.append({"attribute": attribute, "assortativity": value,
                     "nodes": H.number_of_nodes(), "edges": H.number_of_edges()})
    return pd.DataFrame(rows).set_index("attribute")


def sector_mixing(G: nx.Graph, weight: str | None = "weight") -> pd.DataFrame:
    """Ties between sectors: a symmetric sector × sector table of summed ``weight``
    (tie counts when ``weight`` is None). A tie within a sector counts once on
    the diagonal."""
    sectors = list(SECTOR_CODES) + sorted({d.get("sector") or "unknown" for _, d in G.nodes(data=True)}
                                     - set(SECTOR_CODES))
    table = pd.DataFrame(0.0, index=sectors, columns=sectors)
    for a, b, d in G.edges(data=True):
        sa = G.nodes[a].get("sector") or "unknown"
        sb = G.nodes[b].get("sector") or "unknown"
        w = d.get(weight, 1) if weight else 1
        table.loc[sa, sb] += w
        if sa != sb:
            table.loc[sb, sa] += w
    return table


def nodes_frame(G: nx.Graph) -> pd.DataFrame:
    """Every node with every attribute (lists stay lists), indexed by id."""
    frame = pd.DataFrame([{"id": n, **d} for n, d in G.nodes(data=True)])
    return frame.set_index("id") if len(frame) else frame


def edges_frame(G: nx.Graph) -> pd.DataFrame:
    """Every edge with every attribute; ``source`` and ``target`` are node ids.

    In a bipartite graph the source is always the organisation."""
    rows = []
    for a, b, d in G.edges(data=True):
        if G.nodes[a].get("bipartite") == 1 and G.nodes[b].get("bipartite") == 0:
            a, b = b, a
        rows.append({"source": a, "target": b, **d})
    return pd.DataFrame(rows)


# -- exports ----------------------------------------------------------------------


def export(G: nx.Graph, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``G`` as GraphML, GEXF or CSV (a folder with nodes.csv and edges.csv).

    ``fmt`` defaults to the file's suffix. The shared export (tsunagari.networks)
    makes XML that networkx reads back and CSV cells a spreadsheet never runs.
    Returns the path written.
    """
    path = Path(path)
    fmt = check_format((fmt or path.suffix.lstrip(".")).lower())
    if fmt in ("graphml", "gexf"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(xml_bytes(G, fmt))
    else:
        path.mkdir(parents=True, exist_ok=True)
        H = portable(G)
        # CRLF line ends (RFC 4180), so that a cell with a carriage return is quoted
        nodes_frame(H).map(csv_cell).to_csv(path / "nodes.csv", lineterminator="\r\n")
        edges_frame(H).map(csv_cell).to_csv(path / "edges.csv", index=False,
                                            lineterminator="\r\n")
    return path


def with_metrics(G: nx.Graph, table: pd.DataFrame) -> nx.Graph:
    """A copy of ``G`` whose nodes also carry the columns of a metrics table."""
    H = G.copy()
    numeric = [c for c in table.columns if c not in ("name", "sector", "kind", "prefecture_code")]
    for node, row in table[numeric].iterrows():
        if node in H:
            H.nodes[node].update({c: (None if isinstance(v, float) and math.isnan(v) else
                                      v.item() if hasattr(v, "item") else v)
                                  for c, v in row.items()})
    return H
