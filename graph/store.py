"""One storage interface, two implementations (embedded LadybugDB, Neo4j).

Everything outside graph/ talks to a GraphStore; nothing outside graph/ imports
a database driver. Rows handed to a store are plain dicts keyed by the
property names of graph/model.py; a store never sees a record.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from tsunagari.graph.model import NODE_BY_NAME, NODES, REL_BY_NAME, RELATIONSHIPS
from tsunagari.queries import Dialect, registry

Row = dict[str, Any]
Progress = Callable[[int], None]


@dataclass
class RelRows:
    """Rows of one relationship type between one (from, to) label pair.

    Each row has ``from`` and ``to`` (the endpoint keys) and the properties.
    """

    type: str
    from_label: str
    to_label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def columns(self) -> Any:
        """The rows as an Arrow table, when they are held that way (ColumnRelRows)."""
        return None

    def __len__(self) -> int:
        return len(self.rows)


class ColumnRelRows(RelRows):
    """Rows of one relationship type held as an Arrow table (``from``, ``to`` and the
    properties as columns): millions of derived edges take a fraction of the memory
    of as many dicts, and the embedded store copies the table as it is. ``rows``
    makes the dicts on first use, for a reader that wants them (the Neo4j store)."""

    def __init__(self, rel_type: str, from_label: str, to_label: str, table: Any):
        self.type, self.from_label, self.to_label = rel_type, from_label, to_label
        self._table = table
        self._rows: list[Row] | None = None

    @property  # type: ignore[override]
    def rows(self) -> list[Row]:
        if self._rows is None:
            self._rows = self._table.to_pylist()
        return self._rows

    @property
    def columns(self) -> Any:
        return self._table if self._rows is None else None

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else self._table.num_rows

    def __repr__(self) -> str:
        return f"ColumnRelRows({self.type!r}, {self.from_label!r}, {self.to_label!r}, {len(self)} rows)"


@dataclass
class GraphRows:
    nodes: dict[str, list[Row]] = field(default_factory=dict)
    rels: list[RelRows] = field(default_factory=list)

    def add_node(self, label: str, row: Row) -> None:
        self.nodes.setdefault(label, []).append(row)

    def add_rel(self, rel_type: str, from_label: str, to_label: str, row: Row) -> None:
        self.rel_rows(rel_type, from_label, to_label).rows.append(row)

    def rel_rows(self, rel_type: str, from_label: str, to_label: str) -> RelRows:
        """The rows of one relationship between one label pair (made empty if new)."""
        # The last one asked for is the likeliest: a projection adds runs of one kind.
        for rr in reversed(self.rels):
            if rr.type == rel_type and rr.from_label == from_label and rr.to_label == to_label:
                return rr
        rr = RelRows(rel_type, from_label, to_label, [])
        self.rels.append(rr)
        return rr

    def count(self) -> tuple[int, int]:
        return (sum(len(v) for v in self.nodes.values()), sum(len(r) for r in self.rels))

    def validate(self) -> None:
        """Refuse names that are not in the model: they would reach query text."""
        for label in self.nodes:
            if label not in NODE_BY_NAME:
                raise ValueError(f"unknown node label {label!r}")
        for rr in self.rels:
            rel = REL_BY_NAME.get(rr.type)
            if rel is None or (rr.from_label, rr.to_label) not in rel.pairs:
                raise ValueError(f"unknown relationship {rr.from_label}-[{rr.type}]->{rr.to_label}")


# The edges a programme's records say; a load that replaces a programme deletes
# these (the same statements on both back ends) and writes them again.
DELETE_PROGRAMME_EDGES = (
    "MATCH (p:Programme)-[r:PART_OF|TARGETS]->() WHERE p.id IN $ids DELETE r",
    "MATCH (p:Programme)<-[r:LEADS|PARTNER_IN|PARTICIPATES_IN]-() WHERE p.id IN $ids DELETE r",
)


class StoreError(RuntimeError):
    pass


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened now (server down, silent, locked,
    missing); the same call may work later. Its message is for logs and the
    CLI: the web layer answers 503 with a plain message of its own."""


class GraphStore(ABC):
    """The operations every back end offers."""

    #: picks the text of a named query (queries/) where the dialects differ
    dialect: Dialect = Dialect.NEO4J

    @abstractmethod
    def describe(self) -> str:
        """Where the data lives, for /health and log lines (no secrets)."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create tables or constraints for every label and type of the model."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every node and relationship, keeping the schema usable."""

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run one statement with parameters and return rows as dicts."""

    @abstractmethod
    def bulk_insert(self, rows: GraphRows, progress: Progress | None = None) -> None:
        """Insert into an empty graph through the engine's bulk path."""

    @abstractmethod
    def upsert(self, rows: GraphRows, replace_programmes: Iterable[str] = (),
               progress: Progress | None = None) -> None:
        """MERGE nodes and relationships.

        The edges leaving the programmes named in ``replace_programmes`` are
        removed first, so that loading a changed record replaces its edges
        instead of adding to them.
        """

    @abstractmethod
    def replace_derived(self, rel_type: str, rows: list[Row]) -> None:
        """Replace every relationship of a derived type (COLLABORATES_WITH)."""

    @abstractmethod
    def close(self) -> None: ...

    def version(self) -> str | None:
        """A token that changes whenever the graph may have changed, for caches
        of what is computed from it; None when the store cannot tell cheaply.
        Raises StoreUnavailable when the graph is gone."""
        return None

    def status(self) -> dict[str, Any]:
        """Is the graph whole? ``ok``, ``state`` ('complete', 'incomplete',
        'missing'), ``generation`` and a ``message`` for people.

        A load or rebuild that did not finish leaves a store that says so here;
        `tsunagari counts` and /health report it instead of serving as healthy.
        """
        return {"ok": True, "state": "complete", "generation": None, "message": ""}

    @contextmanager
    def writing(self, mode: str) -> Iterator[GraphStore]:
        """The store to write one load ('load') or rebuild ('rebuild') into.

        What is written becomes the graph only when the block ends without
        error: the embedded store builds a new generation and switches to it;
        Neo4j marks the graph incomplete while the block runs (see
        graph/neo4j_store.py). This default writes in place.
        """
        yield self

    # Shared helpers built on run() -------------------------------------

    def query(self, name: str, /, **params: Any) -> list[Row]:
        """Run a named query of queries/ in this store's dialect."""
        q = registry().get(name)
        if set(params) != set(q.params):
            raise TypeError(f"query {name} takes {sorted(q.params)}, got {sorted(params)}")
        return self.run(q.text(self.dialect), params)

    def run_columns(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        """One statement's answer as columns, for answers of a million rows that
        should not become a million dicts. This default builds them from run();
        the embedded store takes the engine's own columns."""
        return pa.Table.from_pylist(self.run(cypher, params))

    def query_columns(self, name: str, /, **params: Any) -> pa.Table:
        """A named query's answer as columns (see run_columns)."""
        q = registry().get(name)
        if set(params) != set(q.params):
            raise TypeError(f"query {name} takes {sorted(q.params)}, got {sorted(params)}")
        return self.run_columns(q.text(self.dialect), params)

    def node_rows(self, label: str, keys: list[str]) -> dict[str, Row]:
        """Existing nodes of a label by key, for merging list properties on upsert."""
        node = NODE_BY_NAME[label]
        # One index lookup per key; `IN $keys` would scan the whole table.
        stmt = f"UNWIND $keys AS k MATCH (n:{node.name} {{{node.key}: k}}) RETURN n AS n"
        out: dict[str, Row] = {}
        for i in range(0, len(keys), 20_000):
            for r in self.run(stmt, {"keys": keys[i:i + 20_000]}):
                props = _props(r["n"])
                out[props[node.key]] = props
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {}
        for n in NODES:
            nodes[n.name] = int(self.run(f"MATCH (n:{n.name}) RETURN count(n) AS c")[0]["c"])
        rels = {}
        for r in RELATIONSHIPS:
            rels[r.name] = int(self.run(f"MATCH ()-[r:`{r.name}`]->() RETURN count(r) AS c")[0]["c"])
        return {"nodes": nodes, "relationships": rels}

    def health(self) -> tuple[dict[str, Any], dict[str, dict[str, int]] | None]:
        """:meth:`status`, and :meth:`counts` where the graph can be read: None when
        an incomplete graph cannot be counted (the status says why); a complete one
        that cannot be counted raises StoreError. What /health and `tsunagari
        counts` report."""
        status = self.status()
        try:
            return status, self.counts()
        except StoreError:
            if status["ok"]:
                raise
            return status, None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _props(value: Any) -> Row:
    """Node value as a plain dict, whichever driver returned it."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if not k.startswith("_")}
    return dict(value)
