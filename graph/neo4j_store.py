"""The Neo4j 5 store, through the official `neo4j` driver over Bolt.

Every statement this module sends is built from graph/model.py alone (labels,
types and keys are never user input) and is listed by all_statements(), so
that CI can put each one through Neo4j's own Cypher analyser.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
from tsunagari.graph.model import (
    NODE_BY_NAME,
    NODES,
    REL_BY_NAME,
    RELATIONSHIPS,
    STATUS_LABEL,
    NodeLabel,
    RelType,
)
from tsunagari.graph.store import (
    DELETE_PROGRAMME_EDGES,
    GraphRows,
    GraphStore,
    Progress,
    Row,
    StoreError,
    StoreUnavailable,
)
from tsunagari.queries import Dialect

BATCH = 5000


def constraint_statement(node: NodeLabel) -> str:
    return (
        f"CREATE CONSTRAINT {node.name.lower()}_{node.key}_unique IF NOT EXISTS "
        f"FOR (n:{node.name}) REQUIRE n.{node.key} IS UNIQUE"
    )


def node_create(node: NodeLabel) -> str:
    return f"UNWIND $rows AS r CREATE (n:{node.name}) SET n = r"


def node_merge(node: NodeLabel) -> str:
    return f"UNWIND $rows AS r MERGE (n:{node.name} {{{node.key}: r.{node.key}}}) SET n = r"


def rel_write(rel: RelType, a: str, b: str, merge: bool) -> str:
    na, nb = NODE_BY_NAME[a], NODE_BY_NAME[b]
    match = (f"UNWIND $rows AS r MATCH (a:{na.name} {{{na.key}: r.from}}) "
             f"MATCH (b:{nb.name} {{{nb.key}: r.to}}) ")
    if not merge:
        return match + f"CREATE (a)-[e:`{rel.name}`]->(b) SET e = r.props"
    key = " {role: r.props.role}" if "role" in rel.properties else ""
    return match + f"MERGE (a)-[e:`{rel.name}`{key}]->(b) SET e = r.props"


CLEAR_BATCH = "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS c"
STATUS_WRITING = (f"MERGE (s:{STATUS_LABEL} {{key: 'graph'}}) "
                  "SET s.state = 'writing', s.mode = $mode, s.started = $at, s.finished = null")
STATUS_COMPLETE = (f"MATCH (s:{STATUS_LABEL} {{key: 'graph'}}) "
                   "SET s.state = 'complete', s.finished = $at")
STATUS_READ = f"MATCH (s:{STATUS_LABEL} {{key: 'graph'}}) RETURN s.state AS state, s.mode AS mode"


def derived_delete(rel: RelType) -> str:
    return f"MATCH ()-[r:`{rel.name}`]->() DELETE r"


def count_nodes(node: NodeLabel) -> str:
    return f"MATCH (n:{node.name}) RETURN count(n) AS c"


def count_rels(rel: RelType) -> str:
    return f"MATCH ()-[r:`{rel.name}`]->() RETURN count(r) AS c"


def node_lookup(node: NodeLabel) -> str:
    return f"MATCH (n:{node.name}) WHERE n.{node.key} IN $keys RETURN n AS n"


def all_statements() -> list[tuple[str, str]]:
    """Every statement the Neo4j store can send, named, for the Cypher check."""
    out: list[tuple[str, str]] = [
        *((f"neo4j_store:delete_programme_edges:{i}", q) for i, q in enumerate(DELETE_PROGRAMME_EDGES)),
        ("neo4j_store:clear", CLEAR_BATCH),
        ("neo4j_store:status_writing", STATUS_WRITING),
        ("neo4j_store:status_complete", STATUS_COMPLETE),
        ("neo4j_store:status_read", STATUS_READ),
    ]
    for node in NODES:
        out += [
            (f"neo4j_store:constraint:{node.name}", constraint_statement(node)),
            (f"neo4j_store:create:{node.name}", node_create(node)),
            (f"neo4j_store:merge:{node.name}", node_merge(node)),
            (f"neo4j_store:count:{node.name}", count_nodes(node)),
            (f"neo4j_store:lookup:{node.name}", node_lookup(node)),
        ]
    for rel in RELATIONSHIPS:
        out.append((f"neo4j_store:count:{rel.name}", count_rels(rel)))
        if rel.derived:
            out.append((f"neo4j_store:delete:{rel.name}", derived_delete(rel)))
        for a, b in rel.pairs:
            out.append((f"neo4j_store:create:{rel.name}:{a}:{b}", rel_write(rel, a, b, False)))
            out.append((f"neo4j_store:merge:{rel.name}:{a}:{b}", rel_write(rel, a, b, True)))
    return out


def _clean(row: Row, columns: Iterable[str]) -> Row:
    # Neo4j stores no nulls; leaving them out keeps SET n = r from failing.
    return {c: row[c] for c in columns if row.get(c) is not None}


class Neo4jStore(GraphStore):
    dialect = Dialect.NEO4J

    def __init__(self, uri: str, user: str | None, password: str | None, database: str | None = None,
                 connection_timeout: float = 1.0, acquisition_timeout: float = 1.5,
                 query_timeout: float | None = None, read_only: bool = False):
        from tsunagari.graph import public_spec

        self._writing: str | None = None
        self.uri = public_spec(uri)
        self.database = database
        self.query_timeout = query_timeout
        auth = (user, password) if user else None
        try:
            # Every wait is bounded: a Neo4j that refuses, or accepts and never
            # answers, is an error within the timeouts, not a hang. The driver's
            # own retries (30 s by default) are off: a caller that wants to
            # retry does, and a web page answers 503 at once instead.
            self._driver = neo4j.GraphDatabase.driver(
                uri, auth=auth, connection_timeout=connection_timeout,
                connection_acquisition_timeout=acquisition_timeout,
                max_transaction_retry_time=0)
            self._driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError) as exc:
            raise StoreUnavailable(
                f"cannot reach Neo4j at {self.uri}: {exc}. Is it running (`docker compose up`), "
                "and are NEO4J_USER / NEO4J_PASSWORD set?"
            ) from exc
        if not read_only:  # a reader (the web server) may be a user who cannot create constraints
            self.ensure_schema()

    def describe(self) -> str:
        return f"neo4j:{self.uri}"

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        query = neo4j.Query(cypher, timeout=self.query_timeout)  # type: ignore[arg-type]
        try:
            records, _, _ = self._driver.execute_query(
                query, params or {}, database_=self.database, routing_=neo4j.RoutingControl.WRITE
            )
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired,
                neo4j.exceptions.DriverError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} did not answer: {exc}") from exc
        except neo4j.exceptions.Neo4jError as exc:
            raise StoreError(f"{exc.code}: {exc.message} (query: {cypher[:200]})") from exc
        return [_plain(r.data()) for r in records]

    def ensure_schema(self) -> None:
        for node in NODES:
            self.run(constraint_statement(node))

    def clear(self) -> None:
        while self.run(CLEAR_BATCH)[0]["c"]:
            pass
        if self._writing:  # the marker went with everything else: say it again
            self.run(STATUS_WRITING, {"mode": self._writing, "at": _now()})

    def status(self) -> dict[str, Any]:
        rows = self.run(STATUS_READ)
        if rows and rows[0]["state"] != "complete":
            return {"ok": False, "state": "incomplete", "generation": None,
                    "message": f"a {rows[0]['mode']} did not finish (or is running); "
                               "run tsunagari rebuild"}
        return {"ok": True, "state": "complete", "generation": None, "message": ""}

    @contextmanager
    def writing(self, mode: str) -> Iterator[GraphStore]:
        """Neo4j writes in place, in batches of transactions: a marker node says
        'writing' from the start and 'complete' only at the end, so a load or
        rebuild that is interrupted leaves a graph that says it is incomplete
        (status(), `tsunagari counts`, /health) until a rebuild finishes. The
        previous graph is not kept: that is the embedded store's guarantee."""
        self._writing = mode
        self.run(STATUS_WRITING, {"mode": mode, "at": _now()})
        try:
            yield self
        finally:
            self._writing = None
        self.run(STATUS_COMPLETE, {"at": _now()})

    def _write_nodes(self, rows: GraphRows, merge: bool, progress: Progress | None) -> None:
        for label, node_rows in rows.nodes.items():
            node = NODE_BY_NAME[label]
            stmt = node_merge(node) if merge else node_create(node)
            for i in range(0, len(node_rows), BATCH):
                batch = [_clean(r, node.columns()) for r in node_rows[i:i + BATCH]]
                self.run(stmt, {"rows": batch})
                if progress:
                    progress(len(batch))

    def _write_rels(self, rows: GraphRows, merge: bool, progress: Progress | None) -> None:
        for rr in rows.rels:
            rel = REL_BY_NAME[rr.type]
            stmt = rel_write(rel, rr.from_label, rr.to_label, merge)
            for i in range(0, len(rr.rows), BATCH):
                batch = [{"from": r["from"], "to": r["to"], "props": _clean(r, rel.properties)}
                         for r in rr.rows[i:i + BATCH]]
                self.run(stmt, {"rows": batch})
                if progress:
                    progress(len(batch))

    def bulk_insert(self, rows: GraphRows, progress: Progress | None = None) -> None:
        rows.validate()
        self._write_nodes(rows, False, progress)
        self._write_rels(rows, False, progress)

    def upsert(self, rows: GraphRows, replace_programmes: Iterable[str] = (),
               progress: Progress | None = None) -> None:
        rows.validate()
        ids = sorted(set(replace_programmes))
        if ids:
            for statement in DELETE_PROGRAMME_EDGES:
                self.run(statement, {"ids": ids})
        self._write_nodes(rows, True, progress)
        self._write_rels(rows, True, progress)

    def replace_derived(self, rel_type: str, rows: list[Row]) -> None:
        rel = REL_BY_NAME[rel_type]
        if not rel.derived:
            raise ValueError(f"{rel_type} is not a derived relationship")
        self.run(derived_delete(rel))
        (a, b), = rel.pairs
        graph_rows = GraphRows()
        for row in rows:
            graph_rows.add_rel(rel.name, a, b, row)
        self._write_rels(graph_rows, False, None)

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "nodes": {n.name: int(self.run(count_nodes(n))[0]["c"]) for n in NODES},
            "relationships": {r.name: int(self.run(count_rels(r))[0]["c"]) for r in RELATIONSHIPS},
        }

    def node_rows(self, label: str, keys: list[str]) -> dict[str, Row]:
        node = NODE_BY_NAME[label]
        return {r["n"][node.key]: dict(r["n"]) for r in self.run(node_lookup(node), {"keys": keys})}

    def close(self) -> None:
        self._driver.close()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _plain(value: Any) -> Any:
    """Driver values (nodes, relationships, paths) as plain Python data."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, neo4j.graph.Node):
        return {**dict(value), "_label": next(iter(value.labels), None)}
    if isinstance(value, neo4j.graph.Relationship):
        return {**dict(value), "_label": value.type}
    return value
