"""Rebuild beside the engine's own COPY of the same rows, each with its peak memory.

- ``copy``: the rows a rebuild writes (projection and derived edges computed
  first, untimed), then only the engine's bulk COPY into an empty store is timed:
  the fastest the engine can take this graph, the baseline;
- ``rebuild``: ``tsunagari rebuild FILE`` as a user runs it (read and validate the
  records, resolve, project, derive, COPY), timed end to end; the store it leaves
  is the one the later benchmarks query.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any


def _remove(path: str) -> None:
    p = Path(path)
    if p.is_dir():
        shutil.rmtree(p)
    elif p.exists():
        p.unlink()


def copy_step(records: str, path: str) -> dict[str, Any]:
    from tsunagari.graph import embedded
    from tsunagari.graph.derived import derive_in_memory
    from tsunagari.loaders.places import gazetteer
    from tsunagari.loaders.project import default_resolver, project
    from tsunagari.loaders.records import read_records

    t = time.perf_counter()
    result = read_records([records])
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    pj = project(result.records, default_resolver(), gazetteer())
    project_s = time.perf_counter() - t
    t = time.perf_counter()
    derive_in_memory(pj.rows)
    derive_s = time.perf_counter() - t
    nodes, rels = pj.rows.count()
    _remove(path)
    # one database file, written directly: no generation switch, no derivation
    single = getattr(embedded, "LadybugGraph", embedded.EmbeddedStore)
    Path(path).mkdir(parents=True, exist_ok=True)
    store = single(Path(path) / "db")
    try:
        t = time.perf_counter()
        store.bulk_insert(pj.rows)
        copy_s = time.perf_counter() - t
    finally:
        store.close()
    _remove(path)
    by_type = {rr.type: 0 for rr in pj.rows.rels}
    for rr in pj.rows.rels:
        by_type[rr.type] += len(rr)
    return {"copy_s": copy_s, "read_s": read_s, "project_s": project_s, "derive_s": derive_s,
            "records": len(result.records), "nodes": nodes, "relationships": rels, "by_type": by_type}


def rebuild_step(records: str, path: str) -> dict[str, Any]:
    """``tsunagari rebuild`` end to end, with the time spent in each of its parts.

    The engine's COPY of the rows is timed inside the same run (the store's
    bulk_insert, wrapped with a clock), so the baseline is exactly the rows and the
    engine work of this rebuild, without projecting the records a second time.
    """
    from tsunagari.graph import embedded, write

    from tsunagari import loading
    from tsunagari.cli import main

    spent: dict[str, float] = {"project_s": 0.0, "derive_s": 0.0, "copy_s": 0.0}

    def clocked(fn, name):
        def run(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - t
        return run

    loading.project = clocked(loading.project, "project_s")
    write.derive_in_memory = clocked(write.derive_in_memory, "derive_s")
    graph_class = getattr(embedded, "LadybugGraph", embedded.EmbeddedStore)
    graph_class.bulk_insert = clocked(graph_class.bulk_insert, "copy_s")
    for old in Path(path).parent.glob(Path(path).name + "*"):  # the graph and its generations
        _remove(str(old))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    code = main(["--store", f"embedded:{path}", "rebuild", "--quiet", records])
    rebuild_s = time.perf_counter() - t
    if code != 0:
        raise SystemExit(f"tsunagari rebuild {records} exited {code}")
    return {"rebuild_s": rebuild_s, **spent}
