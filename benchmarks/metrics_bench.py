"""The research metrics table on the whole organisation graph, beside networkx.

``ours``: ``Research.metrics()`` as a researcher calls it (tsunagari/research.py),
on the graph ``Research.organisation_graph()`` builds (its build is timed apart).
``networkx``: the same table computed with networkx alone (``engine="networkx"``),
on the same graph, in its own process under a time limit.
"""

from __future__ import annotations

import time
from typing import Any


def metrics_step(spec: str, engine: str) -> dict[str, Any]:
    from tsunagari.research import Research, network_metrics

    with Research.open(spec) as r:
        t = time.perf_counter()
        G = r.organisation_graph()
        graph_s = time.perf_counter() - t
    t = time.perf_counter()
    table = network_metrics(G, engine=engine)
    metrics_s = time.perf_counter() - t
    return {"metrics_s": metrics_s, "graph_s": graph_s, "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(), "betweenness": table.attrs.get("betweenness"),
            "betweenness_k": table.attrs.get("betweenness_k"), "engine": table.attrs.get("engine", engine)}
