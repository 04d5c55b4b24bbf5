"""The embedded store: LadybugDB, in-process, on disk.

Bulk loads go through COPY from pandas DataFrames; upserts through batched
UNWIND … MERGE. Extensions are never loaded: they download at run time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ladybug
import pandas as pd
from tsunagari.graph.model import (
    NODE_BY_NAME,
    NODES,
    REL_BY_NAME,
    RELATIONSHIPS,
    NodeLabel,
    RelType,
)
from tsunagari.graph.store import (
    DELETE_PROGRAMME_EDGES,
    GraphRows,
    GraphStore,
    Progress,
    RelRows,
    Row,
    StoreError,
)
from tsunagari.queries import Dialect

BATCH = 2000
BULK_THREADS = max(1, os.cpu_count() or 1)


def node_ddl(node: NodeLabel) -> str:
    cols = ", ".join(f"{name} {typ}" for name, typ in node.properties.items())
    return f"CREATE NODE TABLE IF NOT EXISTS {node.name}({cols}, PRIMARY KEY ({node.key}))"


def rel_ddl(rel: RelType) -> str:
    pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rel.pairs)
    props = "".join(f", {name} {typ}" for name, typ in rel.properties.items())
    return f"CREATE REL TABLE IF NOT EXISTS `{rel.name}`({pairs}{props})"


def _frame(columns: list[str], rows: list[Row]) -> pd.DataFrame:
    return pd.DataFrame({c: [r.get(c) for r in rows] for c in columns}, columns=columns)


# Which end of a relationship is the programme whose edges a load replaces.
_PROGRAMME_SIDE = {"LEADS": "to", "PARTNER_IN": "to", "PART_OF": "from", "TARGETS": "from"}


def _differs(node: NodeLabel, row: Row, stored: Row) -> bool:
    return any(row.get(c) != stored.get(c) for c in node.loaded_columns())


def _typed(expr: str, typ: str) -> str:
    # A parameter column that is null in every row has no type the binder can
    # infer, so every value is cast to its declared type.
    return f"CAST({expr} AS {typ})"


def _plain(value: Any) -> Any:
    """Relationship values carry their type as _LABEL; name it _label as nodes
    (and the Neo4j store) do."""
    if isinstance(value, dict) and "_LABEL" in value:
        return {("_label" if k == "_LABEL" else k): v for k, v in value.items()}
    return value


class EmbeddedStore(GraphStore):
    dialect = Dialect.EMBEDDED

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only)
        except RuntimeError as exc:
            raise StoreError(
                f"cannot open the embedded graph at {self.path}: {exc}. "
                "If another process holds it, stop that process; if it is damaged, "
                "delete the folder and run `tsunagari rebuild` (records are the source of truth)."
            ) from exc
        self._conn = ladybug.Connection(self._db)
        # Lookups are small: one thread answers them about twice as fast as several
        # (measured on 2 cores); bulk copies get every core (see _copy).
        self._conn.set_max_threads_for_exec(1)
        # One connection is not safe for concurrent use from the web server's threads.
        self._lock = threading.Lock()
        if not read_only:
            self.ensure_schema()

    def describe(self) -> str:
        return f"embedded:{self.path}"

    def ensure_schema(self) -> None:
        for node in NODES:
            self._exec(node_ddl(node))
            self._add_missing_columns(node.name, node.properties)
        for rel in RELATIONSHIPS:
            self._exec(rel_ddl(rel))
            self._add_missing_columns(rel.name, rel.properties)

    def _add_missing_columns(self, table: str, properties: dict[str, str]) -> None:
        # A graph made by an older version lacks properties added to the model
        # since; CREATE … IF NOT EXISTS leaves the table as it was.
        have = {r["name"] for r in self.run(f"CALL table_info('{table}') RETURN name")}
        for name, typ in properties.items():
            if name not in have:
                self._exec(f"ALTER TABLE `{table}` ADD {name} {typ}")

    def _exec(self, cypher: str, params: dict[str, Any] | None = None) -> Any:
        with self._lock:
            try:
                return self._conn.execute(cypher, params or {})
            except RuntimeError as exc:
                raise StoreError(f"{exc} (query: {cypher[:200]})") from exc

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        with self._lock:
            try:
                result = self._conn.execute(cypher, params or {})
            except RuntimeError as exc:
                raise StoreError(f"{exc} (query: {cypher[:200]})") from exc
            names = result.get_column_names()
            rows = []
            while result.has_next():
                rows.append({k: _plain(v) for k, v in zip(names, result.get_next(), strict=True)})
            return rows

    def clear(self) -> None:
        # Dropping and recreating the tables is the fastest way to empty them,
        # and leaves COPY (which wants empty tables for speed) its fast path.
        for rel in RELATIONSHIPS:
            self._exec(f"DROP TABLE IF EXISTS `{rel.name}`")
        for node in NODES:
            self._exec(f"DROP TABLE IF EXISTS {node.name}")
        self.ensure_schema()

    def bulk_insert(self, rows: GraphRows, progress: Progress | None = None) -> None:
        rows.validate()
        for label, node_rows in rows.nodes.items():
            if not node_rows:
                continue
            node = NODE_BY_NAME[label]
            self._copy(f"COPY {node.name} FROM df", _frame(node.columns(), node_rows))
            if progress:
                progress(len(node_rows))
        for rr in rows.rels:
            if not rr.rows:
                continue
            rel = REL_BY_NAME[rr.type]
            options = f" (from='{rr.from_label}', to='{rr.to_label}')" if len(rel.pairs) > 1 else ""
            self._copy(f"COPY `{rel.name}` FROM df{options}",
                       _frame(["from", "to", *rel.properties], rr.rows))
            if progress:
                progress(len(rr.rows))

    def _copy(self, statement: str, df: pd.DataFrame) -> None:
        # COPY … FROM df finds the DataFrame by its variable name in the caller's frame.
        with self._lock:
            self._conn.set_max_threads_for_exec(BULK_THREADS)
            try:
                self._conn.execute(statement)
            except RuntimeError as exc:
                raise StoreError(f"bulk copy failed: {exc} ({statement})") from exc
            finally:
                self._conn.set_max_threads_for_exec(1)

    def upsert(self, rows: GraphRows, replace_programmes: Iterable[str] = (),
               progress: Progress | None = None) -> None:
        """MERGE semantics through the bulk path where it is safe.

        New nodes are copied, existing ones updated in place. Edges at a
        replaced programme were just deleted, so they are copied too; the other
        edges (places, governments, bases) are merged.
        """
        rows.validate()
        programmes = sorted(set(replace_programmes))
        if programmes:
            for statement in DELETE_PROGRAMME_EDGES:
                self._exec(statement, {"ids": programmes})
        fresh = GraphRows()
        for label, node_rows in rows.nodes.items():
            node = NODE_BY_NAME[label]
            existing = self.node_rows(label, [r[node.key] for r in node_rows])
            fresh.nodes[label] = [r for r in node_rows if r[node.key] not in existing]
            # A reload mostly says again what the graph holds: update only what differs.
            changed = [r for r in node_rows if r[node.key] in existing
                       and _differs(node, r, existing[r[node.key]])]
            self._update_nodes(node, changed, progress)
        replaced = set(programmes)
        merged: list[RelRows] = []
        for rr in rows.rels:
            side = _PROGRAMME_SIDE.get(rr.type)
            if side is None:
                merged.append(rr)
                continue
            keep = [r for r in rr.rows if r[side] in replaced]
            rest = [r for r in rr.rows if r[side] not in replaced]
            if keep:
                fresh.rels.append(RelRows(rr.type, rr.from_label, rr.to_label, keep))
            if rest:
                merged.append(RelRows(rr.type, rr.from_label, rr.to_label, rest))
        self.bulk_insert(fresh, progress=progress)
        for rr in merged:
            self._merge_rels(rr, progress)

    def _update_nodes(self, node: NodeLabel, node_rows: list[Row], progress: Progress | None) -> None:
        columns = node.loaded_columns()
        sets = ", ".join(f"n.{c} = {_typed(f'r.{c}', node.properties[c])}"
                         for c in columns if c != node.key)
        stmt = f"UNWIND $rows AS r MATCH (n:{node.name} {{{node.key}: r.{node.key}}}) SET {sets}"
        for i in range(0, len(node_rows), BATCH):
            batch = [{c: row.get(c) for c in columns} for row in node_rows[i:i + BATCH]]
            self._exec(stmt, {"rows": batch})
            if progress:
                progress(len(batch))

    def _merge_rels(self, rr: RelRows, progress: Progress | None) -> None:
        rel = REL_BY_NAME[rr.type]
        a, b = NODE_BY_NAME[rr.from_label], NODE_BY_NAME[rr.to_label]
        props = list(rel.properties)
        sets = (" SET " + ", ".join(f"e.{p} = {_typed(f'r.{p}', t)}"
                                    for p, t in rel.properties.items())) if props else ""
        # PARTNER_IN is keyed by role too: one edge per role.
        key = " {role: r.role}" if "role" in rel.properties else ""
        stmt = (
            f"UNWIND $rows AS r MATCH (a:{a.name} {{{a.key}: r.from}}) "
            f"MATCH (b:{b.name} {{{b.key}: r.to}}) MERGE (a)-[e:`{rel.name}`{key}]->(b){sets}"
        )
        for i in range(0, len(rr.rows), BATCH):
            batch = [{"from": row["from"], "to": row["to"], **{p: row.get(p) for p in props}}
                     for row in rr.rows[i:i + BATCH]]
            self._exec(stmt, {"rows": batch})
            if progress:
                progress(len(batch))

    def replace_derived(self, rel_type: str, rows: list[Row]) -> None:
        rel = REL_BY_NAME[rel_type]
        if not rel.derived:
            raise ValueError(f"{rel_type} is not a derived relationship")
        self._exec(f"MATCH ()-[r:`{rel.name}`]->() DELETE r")
        if rows:
            (a, b), = rel.pairs
            graph_rows = GraphRows()
            for row in rows:
                graph_rows.add_rel(rel.name, a, b, row)
            self.bulk_insert(graph_rows)

    def close(self) -> None:
        try:
            self._conn.close()
            self._db.close()
        except Exception:  # closing twice is harmless; never mask the caller's error
            pass
