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
from tsunagari.core.documents import DOCUMENT_TITLES
from tsunagari.graph import write
from tsunagari.graph.store import GraphStore
from tsunagari.loaders.orgs import (
    OrgResolver,
    Overrides,
    OverridesError,
    resolution_key,
    unmatched_overrides,
)
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.project import Merge, default_resolver, display_name, names_in, project
from tsunagari.loaders.records import Record
from tsunagari.settings import settings
from tsunagari.suggest.answers import refresh_answers

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


def check_overrides(records: list[Record], overrides: Overrides) -> list[str]:
    """Organisation overrides that match no name in the records being loaded.

    When the records cover every seed document (core/documents.py), as a
    rebuild of data/records.jsonl does, an unmatched name is a mistake (a typo,
    a name the extractor now spells differently): OverridesError, naming the
    file, the entry and the name, and nothing is written. A load of fewer
    documents cannot tell a mistake from a name of a document it does not
    load: the unmatched names come back as notes.
    """
    names = names_in(records)
    documents = {rec.source.document for rec in records}
    if set(DOCUMENT_TITLES) <= documents:
        unmatched = unmatched_overrides(names, overrides)
        if unmatched:
            raise OverridesError("\n".join(unmatched))
        return []
    # a partial load: only entries some of whose names it loads say anything
    keys = {resolution_key(n) for n in names}
    touched = Overrides(
        tuple(m for m in overrides.merges if any(resolution_key(n) in keys for n in m.names)),
        tuple(k for k in overrides.keep_apart if any(resolution_key(n) in keys for n in k.names)),
        overrides.path)
    return [f"{u} loaded here (perhaps it is in a document this load of {len(documents)} "
            "leaves out)" for u in unmatched_overrides(names, touched, keys)]


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
    override_notes = check_overrides(records, resolver.overrides)
    gaz = gazetteer()
    # The collector stays paused for the whole write: the projection, the derived
    # rows, the stored answers and the bulk copies allocate millions of long-lived
    # containers, and each full collection would walk all of them again (at 100k
    # records some tens of millions) while freeing next to nothing.
    with store.writing(mode) as target, paused_gc():
        known = write.organisation_ids(target) if mode == "load" else set()
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
            # the suggester's stored answers (tsunagari/suggest/answers.py): from the
            # rows a rebuild holds whole, from the store after a load
            refresh_answers(target, pj.rows if mode == "rebuild" else None)
        finally:
            bar.close()
    return LoadReport(mode, len(records), n_nodes, n_rels, n_collab, override_notes + pj.notes,
                      pj.merges)
