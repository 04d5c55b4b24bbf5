"""The research metrics table on the whole organisation graph, beside networkx.

``ours``: ``Research.open(spec).metrics()`` as a researcher calls it
(tsunagari/research.py): the store read as columns, the ties counted from the
memberships, the table computed from arrays from 5,000 organisations on (one
adjacency for betweenness, clustering, constraint and PageRank in compiled loops,
beside igraph's Leiden on a second thread; tsunagari/compiled.py).
``networkx``: the same table computed with networkx alone: ``organisation_graph()``
then ``network_metrics(engine="networkx")``, in its own process under a time limit.

Both are timed from an open store to the finished table (``metrics_s``);
``graph_s`` is the part spent reading the store and building the graph
(networkx's graph, or our ties and their adjacency), and ``timings`` every part
(ours: ``compiled`` on one thread overlaps ``igraph`` and ``communities`` on the
other); ``cpu_s`` is the process's own CPU time, which the load of others on a
shared machine does not inflate as it does the wall-clock figures. Where the
scheduler shares the CPU by session (Linux's autogroup), a loaded machine gives
the two threads together one session's share, so the wall-clock figure then
follows ``cpu_s`` rather than the longer thread.
"""

from __future__ import annotations

import time
from typing import Any


def metrics_step(spec: str, engine: str, seed: int = 0) -> dict[str, Any]:
    from tsunagari.research import Research, network_metrics

    with Research.open(spec) as r:
        started, cpu_started = time.perf_counter(), time.process_time()
        if engine == "networkx":
            G = r.organisation_graph()
            timings = {"graph": time.perf_counter() - started}
            table = network_metrics(G, seed=seed, engine="networkx")
        else:
            table = r.metrics(seed=seed, engine=engine)
            seconds = table.attrs.get("seconds", {})
            timings = {"graph": seconds.get("read", 0) + seconds.get("ties", 0) + seconds.get("adjacency", 0),
                       **seconds}
        total_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    return {"metrics_s": total_s, "cpu_s": cpu_s, "graph_s": timings["graph"], "timings": timings,
            "cpu_timings": table.attrs.get("cpu_seconds", {}),
            "nodes": table.attrs["nodes"], "edges": table.attrs["edges"],
            "betweenness": table.attrs.get("betweenness"), "betweenness_k": table.attrs.get("betweenness_k"),
            "seed": table.attrs.get("seed"), "engine": table.attrs.get("engine", engine)}
