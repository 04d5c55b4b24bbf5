"""Suggestion latency on the rebuilt store, beside its peers in the same run.

For the same sampled organisations, interleaved request by request (the five
timed calls of a round in a shuffled order):
- a bare key lookup of one organisation (the floor of any request);
- the bare friend-of-friend Cypher query (queries/suggest_network_candidates.cypher);
- ``suggest ORG --role R`` and ``suggest --need R --area CODE`` as their API routes get
  them from the suggester: an organisation's answer (``suggest_for_organisation``), and
  a need's stored body (``stored_need_body``: packed bytes the route sends as they are;
  the suggester's own answer when none is stored). Apart, ``suggest_need_decoded``: the
  same need answer as the CLI gets it, decoded into the suggester's dataclasses;
- networkx's Adamic–Adar over the same collaboration graph held in memory
  (loading it is not timed): every organisation two hops away scored, top ten kept.
The process starts as a server does: the suggester warmed (api/routes_suggestions.py
warm_suggester: every place worked out, every organisation's features and every
programme's title read; timed apart: ``warm_s``), and the heap settled (api/app.py
settle_heap: what start-up built is left out of the garbage collector's full passes).
Prints nothing itself; returns the timings in milliseconds.
"""

from __future__ import annotations

import heapq
import random
import time
from typing import Any

WARMUP = 10


def _ms(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def suggest_step(spec: str, requests: int, aa_requests: int, seed: int) -> dict[str, Any]:
    import networkx as nx
    from tsunagari.api.app import settle_heap
    from tsunagari.api.routes_suggestions import warm_suggester
    from tsunagari.core.places import place_table
    from tsunagari.core.vocabulary import ASKABLE_ROLES
    from tsunagari.graph import open_store

    from tsunagari import suggest
    from tsunagari.suggest.answers import to_body
    from tsunagari.suggest.finder import stored_need_body

    rng = random.Random(seed)
    store = open_store(spec, read_only=True)
    try:
        ids = sorted(r["id"] for r in store.run(
            "MATCH (o:Organisation) WHERE o.kind <> 'generic' RETURN o.id AS id"))
        codes = sorted(r["code"] for r in store.run(
            "MATCH (:Programme)-[:TARGETS]->(m:Municipality) RETURN DISTINCT m.code AS code"))
        sample = [rng.choice(ids) for _ in range(requests + WARMUP)]
        roles = [rng.choice(ASKABLE_ROLES) for _ in sample]
        areas = [rng.choice(codes) for _ in sample]
        # as a started server is (api/app.py): the gazetteer read, the suggester warmed
        # (every place worked out, every feature and title read), the heap settled
        place_table()
        t0 = time.perf_counter()
        warm_suggester(store)
        warm_s = time.perf_counter() - t0
        settle_heap()
        key = "MATCH (o:Organisation {id: $id}) RETURN o.name AS name"
        t: dict[str, list[float]] = {"key_lookup": [], "fof_query": [], "suggest_org": [],
                                     "suggest_need": [], "suggest_need_decoded": []}

        def need_body(role: str, area: str) -> bytes | str:
            body = stored_need_body(store, role, area=area, k=10)
            return body if body is not None else to_body(suggest.suggest_for_need(store, role, area=area, k=10))

        for i, (org, role, area) in enumerate(zip(sample, roles, areas, strict=True)):
            calls = {
                "key_lookup": lambda: store.run(key, {"id": org}),  # noqa: B023
                "fof_query": lambda: store.query("suggest_network_candidates", id=org, limit=100),  # noqa: B023
                "suggest_org": lambda: suggest.suggest_for_organisation(store, org, role=role, k=10),  # noqa: B023
                "suggest_need": lambda: need_body(role, area),  # noqa: B023
                "suggest_need_decoded": lambda: suggest.suggest_for_need(store, role, area=area, k=10),  # noqa: B023
            }
            # in an order of their own each round: what runs just before a call (the
            # bare query's 0.2 s of scanning, an answer's churn) slows it, and no one
            # kind should always follow the same other
            order = list(calls)
            rng.shuffle(order)
            row = {name: _ms(calls[name]) for name in order}
            if i >= WARMUP:
                for k, v in row.items():
                    t[k].append(v)
        # The peer: the same graph in networkx (loading is not timed).
        edges = store.run("MATCH (a:Organisation)-[:COLLABORATES_WITH]->(b:Organisation) "
                          "RETURN a.id AS a, b.id AS b")
    finally:
        store.close()
    G = nx.Graph()
    G.add_edges_from((e["a"], e["b"]) for e in edges)
    del edges
    aa = []
    for org in sample[WARMUP:WARMUP + aa_requests]:
        aa.append(_ms(lambda: adamic_adar_top(G, org, 10)))  # noqa: B023
    return {**{k: v for k, v in t.items()}, "adamic_adar_networkx": aa,
            "warm_s": warm_s,
            "graph_nodes": G.number_of_nodes(), "graph_edges": G.number_of_edges()}


def adamic_adar_top(G, seed: str, k: int) -> list[tuple[float, str]]:
    """networkx's Adamic–Adar index of seed with everyone two hops away, best k."""
    import networkx as nx

    if seed not in G:
        return []
    near = set(G[seed])
    far = {c for m in near for c in G[m]} - near - {seed}
    return heapq.nlargest(k, ((s, v) for _, v, s in nx.adamic_adar_index(G, ((seed, c) for c in far))))
