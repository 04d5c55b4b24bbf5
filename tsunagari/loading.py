"""Records into a store, one way: read → project (loaders/, pure) → write (graph/).

The projection never touches a store; the graph package writes, merges and
upserts (graph/write.py) inside ``store.writing(mode)``, so a load or rebuild
that fails or is killed leaves the previous graph (embedded store) or a graph
that says it is incomplete (Neo4j).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tsunagari.core.bulk import paused_gc
from tsunagari.graph import write
from tsunagari.graph.store import GraphStore
from tsunagari.loaders.orgs import OrgResolver
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.project import Merge, default_resolver, display_name, project
from tsunagari.loaders.records import Record
from tsunagari.settings import settings

MODES = ("rebuild", "load")


class NothingToLoad(ValueError):
    """No valid record: a load or rebuild would change the graph for nothing."""


@dataclass
class LoadReport:
    mode: str
    records: int
    nodes: int
    relationships: int
    collaborations: int
    notes: list[str]
    merges: list[Merge]


def _progress_bar(total: int, desc: str, enabled: bool) -> tuple[Callable[[int], None], Any]:
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit="rows", disable=not enabled, leave=False)
    return bar.update, bar


def write_graph(store: GraphStore, records: list[Record], mode: str = "rebuild",
                progress: bool = False, resolver: OrgResolver | None = None) -> LoadReport:
    """Project records and write them: 'rebuild' (a new graph of exactly these
    records) or 'load' (upsert on top). All or nothing; refuses 0 records."""
    if mode not in MODES:
        raise ValueError(f"mode must be 'rebuild' or 'load', not {mode!r}")
    if not records:
        raise NothingToLoad("no valid record to load: the graph is left as it was")
    resolver = resolver or default_resolver(settings().overrides)
    gaz = gazetteer()
    with store.writing(mode) as target:
        known = write.organisation_ids(target) if mode == "load" else set()
        with paused_gc():
            pj = project(records, resolver, gaz, known_org_ids=known)
        n_nodes, n_rels = pj.rows.count()
        update, bar = _progress_bar(n_nodes + n_rels, mode, progress)
        try:
            if mode == "rebuild":
                n_collab = write.rebuild(target, pj.rows, progress=update)
            else:
                n_collab = write.load(target, pj.rows, pj.programme_ids, pj.reference_only,
                                      {rec.source.document for rec in records},
                                      display_name, pj.named_by_spellings, progress=update)
        finally:
            bar.close()
    return LoadReport(mode, len(records), n_nodes, n_rels, n_collab, pj.notes, pj.merges)
