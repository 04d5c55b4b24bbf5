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
    """``tsunagari rebuild`` end to end, then the engine's COPY of the same rows alone.

    The rebuild copies each part of the graph while the next is derived
    (graph/embedded.py bulk_insert_parts), so the engine's copy inside it runs
    beside Python work and is no fair baseline. The baseline is timed after the
    rebuild, in this process, from the very rows it wrote (derived ones
    included): each table converted to Arrow (``arrow_s``, untimed in
    ``copy_s``), then only the engine's COPY of it into an empty database
    (``copy_s``), in the rebuild's order. ``peak_rss_mb`` is the rebuild's
    (taken before the baseline runs); the parts of ``rebuild_s``: ``read_s``
    (read and validate the records), ``project_s``, ``derive_s`` (what deriving
    and converting add to the write beyond the engine's own copy time) and the
    rest (overrides check, gazetteer, clear, close, counts).
    """
    from tsunagari.graph import embedded, write
    from tsunagari.loaders import records as records_module

    from benchmarks.common import peak_rss_mb
    from tsunagari import loading
    from tsunagari.cli import main
    from tsunagari.commands import load as load_command

    spent: dict[str, float] = {"read_s": 0.0, "project_s": 0.0, "write_s": 0.0}
    held: dict[str, Any] = {}

    def clocked(fn, name):
        def run(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - t
        return run

    def keep_rows(fn):
        def run(store, rows, *args, **kwargs):
            held["rows"] = rows
            return fn(store, rows, *args, **kwargs)
        return run

    load_command.read_records = clocked(records_module.read_records, "read_s")
    loading.project = clocked(loading.project, "project_s")
    write.rebuild = keep_rows(write.rebuild)
    embedded.LadybugGraph.bulk_insert_parts = clocked(embedded.LadybugGraph.bulk_insert_parts, "write_s")
    for old in Path(path).parent.glob(Path(path).name + "*"):  # the graph and its generations
        _remove(str(old))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    code = main(["--store", f"embedded:{path}", "rebuild", "--quiet", records])
    rebuild_s = time.perf_counter() - t
    if code != 0:
        raise SystemExit(f"tsunagari rebuild {records} exited {code}")
    peak = peak_rss_mb()
    copy_s, arrow_s = _copy_alone(held.pop("rows"), Path(path).parent / (Path(path).name + "-copy"))
    return {"rebuild_s": rebuild_s, "copy_s": copy_s, "arrow_s": arrow_s, "read_s": spent["read_s"],
            "project_s": spent["project_s"], "derive_s": max(0.0, spent["write_s"] - copy_s),
            "write_s": spent["write_s"], "peak_rss_mb": peak}


def _copy_alone(rows: Any, folder: Path) -> tuple[float, float]:
    """The engine's COPY of ``rows`` into an empty database, table by table in the
    order a rebuild copies them; (engine seconds, Arrow conversion seconds)."""
    from tsunagari.graph import embedded
    from tsunagari.graph.derived import parts_in_order

    _remove(str(folder))
    folder.mkdir(parents=True)
    graph = embedded.LadybugGraph(folder / "db")
    copy_s = arrow_s = 0.0
    try:
        # the rebuild's parts, in its order (the rows hold every derived value)
        tables = (item for part in parts_in_order(rows) for item in embedded._copies(part))
        while True:
            t = time.perf_counter()
            item = next(tables, None)
            arrow_s += time.perf_counter() - t
            if item is None:
                break
            statement, df, _n = item
            t = time.perf_counter()
            graph._copy(statement, df)
            copy_s += time.perf_counter() - t
            del item, df
    finally:
        graph.close()
        _remove(str(folder))
    return copy_s, arrow_s
