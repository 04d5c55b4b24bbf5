"""Writing a projection into a store: the graph package owns it.

A loader hands over rows (graph/store.py GraphRows) and never touches a store;
these functions write them. ``rebuild`` fills an empty store through the bulk
path; ``load`` upserts on top of what is there: what the loaded documents say
about their programmes replaces what they said before, what other documents
say about the same programmes stays, and organisations keep the spellings and
sources the graph already knows, so that loading records in parts gives the
graph one rebuild of all of them gives. Both run inside ``store.writing(mode)``
(see the CLI), which makes them all-or-nothing on the embedded store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tsunagari.core.bulk import paused_gc
from tsunagari.graph.derived import derive_in_memory, refresh_collaborations, refresh_search_text
from tsunagari.graph.model import REL_BY_NAME
from tsunagari.graph.store import GraphRows, GraphStore, Progress, Row


def join_sources(*sources: str | None) -> str:
    """Several ';'-separated source lists as one, sorted and without repeats."""
    return ";".join(sorted({s for src in sources if src for s in src.split(";") if s}))


def merge_edge_rows(a: Row, b: Row) -> Row:
    """One edge said by two sources: every source, and the other properties
    (role text, area text…) of the source that sorts first, whatever the order."""
    first, second = sorted((a, b), key=lambda r: r.get("source") or "")
    return {**second, **{k: v for k, v in first.items() if v is not None},
            "source": join_sources(a.get("source"), b.get("source"))}


def source_documents(source: str | None) -> set[str]:
    return {s.split(":", 1)[0] for s in (source or "").split(";") if s}


def merge_programme_rows(rows: list[Row]) -> Row:
    """One programme described by several records (the same platform in two
    documents): lists add up, a missing value is taken from another record,
    and where two records disagree the one whose source sorts first wins, so
    the result does not depend on the order of loading."""
    rows = sorted(rows, key=lambda r: r.get("source") or "")
    merged = dict(rows[0])
    for other in rows[1:]:
        for k, v in other.items():
            if k == "source":
                merged[k] = join_sources(merged.get(k), v)
            elif isinstance(v, list):
                merged[k] = sorted(set(merged.get(k) or []) | set(v))
            elif k == "national":
                merged[k] = bool(merged.get(k)) or bool(v)
            elif merged.get(k) is None:
                merged[k] = v
    return merged


def organisation_ids(store: GraphStore) -> set[str]:
    """The organisations a store holds (a projection links garbled names to them)."""
    return {r["id"] for r in store.query("organisation_ids")}


def rebuild(store: GraphStore, rows: GraphRows, progress: Progress | None = None) -> int:
    """Empty the store and bulk-copy ``rows`` with their derived edges and
    figures; returns the number of COLLABORATES_WITH edges."""
    # The graph will be exactly these rows: derive from them, then one bulk copy.
    with paused_gc():
        n_collab = derive_in_memory(rows)
    store.clear()
    store.bulk_insert(rows, progress=progress)
    return n_collab


def load(store: GraphStore, rows: GraphRows, programme_ids: Iterable[str],
         reference_only: set[str], documents: set[str],
         name_of: Callable[[list[str]], str], named_by_spellings: set[str],
         progress: Progress | None = None) -> int:
    """Upsert ``rows`` on top of the store (see the module doc).

    ``programme_ids`` are the programmes the rows describe (their edges are
    replaced), ``reference_only`` those known only from a reference (a full
    node is never replaced by one), ``documents`` the source documents of the
    loaded records and ``name_of`` the rule that names an organisation from
    its spellings (the projection's, so that a load names as a rebuild does),
    applied to the organisations in ``named_by_spellings`` (not to governments
    or names fixed by the overrides file). Returns the number of COLLABORATES_WITH edges.
    """
    merge_existing(store, rows, reference_only, name_of, named_by_spellings)
    replaced = sorted(p for p in programme_ids if p not in reference_only)
    keep_other_documents(store, rows, replaced, documents)
    store.upsert(rows, replace_programmes=replaced, progress=progress)
    n_collab = refresh_collaborations(store)
    refresh_search_text(store)
    return n_collab


def merge_existing(store: GraphStore, rows: GraphRows, reference_only: set[str],
                   name_of: Callable[[list[str]], str], named_by_spellings: set[str]) -> None:
    """Keep what the graph already knows: aliases and sources add up, full
    scheme nodes are not replaced by bare references."""
    orgs = rows.nodes.get("Organisation", [])
    existing = store.node_rows("Organisation", [o["id"] for o in orgs])
    for o in orgs:
        old = existing.get(o["id"])
        if not old:
            continue
        o["aliases"] = sorted(set(o["aliases"]) | set(old.get("aliases") or []))
        o["spellings"] = sorted(set(o.get("spellings") or []) | set(old.get("spellings") or []))
        o["sources"] = sorted(set(o["sources"]) | set(old.get("sources") or []))
        for k in ("legal_form", "municipality_code", "prefecture_code"):
            o[k] = o.get(k) or old.get(k)
        if o.get("name_status") and old.get("name") and not old.get("name_status"):
            # already known by a clean spelling: a garbled mention does not rename it
            o.update(name=old["name"], name_status=None, raw_name=None, name_confidence=None)
        if o["id"] in named_by_spellings:
            # the name is a function of every spelling, so a load in parts
            # names an organisation as one rebuild does, whatever the order
            o["name"] = name_of(o["spellings"] or o["aliases"])
    if reference_only:
        present = store.node_rows("Programme", sorted(reference_only))
        rows.nodes["Programme"] = [p for p in rows.nodes.get("Programme", [])
                                   if p["id"] not in present]


def keep_other_documents(store: GraphStore, rows: GraphRows, replaced: list[str],
                         documents: set[str]) -> None:
    """A load replaces what the loaded documents say about their programmes,
    not what other documents say about the same programme: edges whose sources
    include other documents are carried into the replacement, with only those
    sources (and, where the load says the same, the load's too)."""
    if not replaced:
        return
    nodes = rows.nodes.get("Programme", [])
    old = store.node_rows("Programme", [p["id"] for p in nodes])
    # Only a programme some other document also describes has edges to keep.
    shared = [p for p in replaced if source_documents(old.get(p, {}).get("source")) - documents]
    if not shared:
        return
    index: dict[tuple[str, str, str, str], Row] = {}
    for rr in rows.rels:
        for row in rr.rows:
            index[(rr.type, row["from"], row["to"], row.get("role") or "")] = row
    existing = [(r, "Organisation", "Programme") for r in store.query("programme_member_edges", ids=shared)]
    existing += [(r, "Category", "Programme") for r in store.query("programme_category_edges", ids=shared)]
    existing += [(r, "Programme", r["dst_label"]) for r in store.query("programme_outgoing_edges", ids=shared)]
    for r, from_label, to_label in existing:
        rel = r["rel"]
        rel_type = rel["_label"]
        kept = [s for s in (rel.get("source") or "").split(";")
                if s and s.split(":", 1)[0] not in documents]
        if not kept:
            continue
        key = (rel_type, r["src"], r["dst"], rel.get("role") or "")
        props = {k: v for k, v in rel.items() if k in REL_BY_NAME[rel_type].properties}
        kept_row = {"from": r["src"], "to": r["dst"], **props, "source": join_sources(*kept)}
        row = index.get(key)
        if row is not None:
            row.update(merge_edge_rows(row, kept_row))
            continue
        rows.add_rel(rel_type, from_label, to_label, kept_row)
    # Programme nodes said by other documents too keep those documents' values.
    for i, prog in enumerate(nodes):
        before = old.get(prog["id"])
        if before and source_documents(before.get("source")) - documents:
            others = [s for s in (before.get("source") or "").split(";")
                      if s and s.split(":", 1)[0] not in documents]
            nodes[i] = merge_programme_rows([prog, {**{k: v for k, v in before.items()
                                                        if k in prog}, "source": ";".join(others)}])
