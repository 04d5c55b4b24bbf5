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
    ``copy_s`` is every bulk copy of the rebuild (the graph's rows, then the stored
    answers and seeds: ``copy_answers_s``); ``phases`` names the rest, each timed
    where the rebuild calls it (nested phases are inside their parents).
    """
    from tsunagari.graph import embedded, write

    from tsunagari import loading
    from tsunagari.cli import main
    from tsunagari.commands import load as load_command
    from tsunagari.suggest import answers, bodies, ranking, seeds

    spent: dict[str, float] = {"project_s": 0.0, "derive_s": 0.0, "copy_s": 0.0}
    phases: dict[str, float] = {}

    def clocked(fn, name, into=spent):
        def run(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                into[name] = into.get(name, 0.0) + time.perf_counter() - t
        return run

    def copy_clock(fn):
        def run(self, rows, *args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(self, rows, *args, **kwargs)
            finally:
                took = time.perf_counter() - t
                spent["copy_s"] += took
                name = "copy_answers_s" if "Answer" in rows.nodes else "copy_graph_s"
                phases[name] = phases.get(name, 0.0) + took
        return run

    loading.project = clocked(loading.project, "project_s")
    write.derive_in_memory = clocked(write.derive_in_memory, "derive_s")
    graph_class = getattr(embedded, "LadybugGraph", embedded.EmbeddedStore)
    graph_class.bulk_insert = copy_clock(graph_class.bulk_insert)
    # the rest, phase by phase (patched where the rebuild looks each one up)
    load_command.read_records = clocked(load_command.read_records, "read_records_s", phases)
    load_command.write_graph = clocked(load_command.write_graph, "write_graph_s", phases)
    embedded._fsync = clocked(embedded._fsync, "fsync_s", phases)
    loading.check_overrides = clocked(loading.check_overrides, "check_overrides_s", phases)
    graph_class.clear = clocked(graph_class.clear, "clear_s", phases)
    graph_class.close = clocked(graph_class.close, "close_checkpoint_s", phases)
    graph_class.counts = clocked(graph_class.counts, "counts_s", phases)
    embedded._table = clocked(embedded._table, "copy_to_arrow_s", phases)
    embedded._typed_table = clocked(embedded._typed_table, "copy_to_arrow_s", phases)
    answers.refresh_answers = clocked(answers.refresh_answers, "answers_and_seeds_s", phases)
    loading.refresh_answers = answers.refresh_answers
    answers.tables_from_rows = clocked(answers.tables_from_rows, "answers_tables_s", phases)
    answers.derive_answers = clocked(answers.derive_answers, "answers_derive_s", phases)
    ranking.need_candidates = clocked(ranking.need_candidates, "answers_need_candidates_s", phases)
    bodies.Bodies.__init__ = clocked(bodies.Bodies.__init__, "answers_bodies_s", phases)
    bodies.Bodies.body = clocked(bodies.Bodies.body, "answers_bodies_s", phases)
    seeds.seeds_from_rows = clocked(seeds.seeds_from_rows, "seeds_s", phases)
    seeds.network_top = clocked(seeds.network_top, "seeds_network_top_s", phases)
    for old in Path(path).parent.glob(Path(path).name + "*"):  # the graph and its generations
        _remove(str(old))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    code = main(["--store", f"embedded:{path}", "rebuild", "--quiet", records])
    rebuild_s = time.perf_counter() - t
    if code != 0:
        raise SystemExit(f"tsunagari rebuild {records} exited {code}")
    return {"rebuild_s": rebuild_s, **spent, "phases": phases}
