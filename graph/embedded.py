"""The embedded store: LadybugDB, in-process, on disk, in generations.

``embedded:PATH`` names a family of files beside each other::

    PATH.current        the name of the live generation ("graph.gen-7"), replaced atomically
    PATH.gen-7/db       the live graph (a LadybugDB database file)
    PATH.gen-7/COMPLETE written once the generation is whole (what it holds, when)
    PATH.lock           held by the one load or rebuild that runs at a time (others wait)

A load or rebuild (``writing()``) builds the next generation beside the live
one (a rebuild from empty, a load from a copy of the live one), marks it
complete and only then renames the pointer: a run killed at any point leaves
the previous generation live and untouched. Readers check the pointer before
each statement and move to a new generation when it appears, so a server keeps
answering during a load and serves the new graph once it is complete. A graph
made before generations (a database file at PATH itself) is read in place
until the first write.

Bulk loads go through COPY from Arrow tables typed from the model (see
``_table``); upserts through batched UNWIND … MERGE. Extensions are never
loaded: they download at run time.
"""

from __future__ import annotations

import fcntl
import json
import os
import queue
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa
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
    StoreUnavailable,
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


_ARROW_TYPES = {
    "STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
    "STRING[]": pa.list_(pa.string()), "INT64[]": pa.list_(pa.int64()), "BLOB": pa.binary(),
}


def _table(columns: dict[str, str], rows: list[Row]) -> pa.Table:
    """Rows as an Arrow table typed by the model.

    LadybugDB 0.22.0 corrupts its heap (SIGSEGV or abort) on COPY from a pandas
    DataFrame whose string column mixes many nulls with values (pandas 3's
    Arrow-backed "str" columns and object columns alike; upstream LadybugDB
    issue 672, inherited from Kùzu). The same rows as an Arrow table with
    declared types load correctly; tests/test_embedded_copy.py keeps a
    reproduction that runs in a subprocess.
    """
    # The rows convert as one struct array, in Arrow's C++ (a missing key is a null,
    # a key the model lacks is ignored): the same table as a Python list per column,
    # in half the time (benchmarks/load_bench.py).
    struct = pa.struct([(c, _ARROW_TYPES[t]) for c, t in columns.items()])
    return pa.Table.from_struct_array(pa.array(rows, type=struct))


def _typed_table(columns: dict[str, str], table: pa.Table) -> pa.Table:
    """An Arrow table built elsewhere (graph/store.py ColumnRelRows), in the model's
    column order and cast to its declared types, as ``_table`` types rows: a
    column it lacks is all nulls of its type."""
    return pa.table({c: (table.column(c).cast(_ARROW_TYPES[t]) if c in table.column_names
                         else pa.nulls(table.num_rows, type=_ARROW_TYPES[t]))
                     for c, t in columns.items()})


# Which end of a relationship is the programme whose edges a load replaces.
_PROGRAMME_SIDE = {"LEADS": "to", "PARTNER_IN": "to", "PARTICIPATES_IN": "to", "PART_OF": "from",
                   "TARGETS": "from"}


def _differs(node: NodeLabel, row: Row, stored: Row) -> bool:
    return any(row.get(c) != stored.get(c) for c in node.loaded_columns())


def _typed(expr: str, typ: str) -> str:
    # A parameter column that is null in every row has no type the binder can
    # infer, so every value is cast to its declared type.
    return f"CAST({expr} AS {typ})"


#: column types whose values are never dicts: scalars and lists of them
_FLAT_TYPE = re.compile(r"(STRING|BOOL|BLOB|UUID|DATE|INTERVAL|SERIAL|DOUBLE|FLOAT|U?INT(8|16|32|64|128)?"
                        r"|TIMESTAMP(_\w+)?|DECIMAL\(\d+,\s*\d+\))(\[\d*\])*")


def _plain(value: Any) -> Any:
    """Relationship values carry their type as _LABEL; name it _label as nodes
    (and the Neo4j store) do."""
    if isinstance(value, dict) and "_LABEL" in value:
        return {("_label" if k == "_LABEL" else k): v for k, v in value.items()}
    return value


class LadybugGraph(GraphStore):
    """One LadybugDB database file: one generation of an EmbeddedStore."""

    dialect = Dialect.EMBEDDED

    def __init__(self, path: str | Path, read_only: bool = False,
                 query_timeout: float | None = None):
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only)
        except RuntimeError as exc:
            writable = os.access(self.path if self.path.exists() else self.path.parent, os.W_OK)
            hint = ("it is read-only here: commands that only read (counts, serve, suggest, "
                    "export) open it read-only" if not read_only and not writable else
                    "if another process is writing it, wait for that process or stop it; "
                    "if it cannot be read, `tsunagari rebuild` makes it again from the records")
            raise StoreUnavailable(f"cannot open the embedded graph at {self.path}: {exc} ({hint})") from exc
        self._conn = ladybug.Connection(self._db)
        # Lookups are small: one thread answers them about twice as fast as several
        # (measured on 2 cores); bulk copies get every core (see _copy).
        self._conn.set_max_threads_for_exec(1)
        if query_timeout:
            self._conn.set_query_timeout(int(query_timeout * 1000))
        # One connection is not safe for concurrent use from the web server's threads.
        self._lock = threading.Lock()
        # A read-only graph also answers readers on connections of their own, each
        # used by one query at a time, so that the web server's requests do not queue
        # behind one lock (the engine runs them side by side, off the GIL).
        self._readers: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._reader_count = READERS if read_only else 0
        for _ in range(self._reader_count):
            conn = ladybug.Connection(self._db)
            conn.set_max_threads_for_exec(1)
            if query_timeout:
                conn.set_query_timeout(int(query_timeout * 1000))
            self._readers.put(conn)
        if not read_only:
            self.ensure_schema()

    def describe(self) -> str:
        return f"embedded:{self.path}"

    def version(self) -> str | None:
        try:
            st = self.path.stat()
        except OSError as exc:
            raise StoreUnavailable(f"the embedded graph at {self.path} is gone") from exc
        return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"

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
        try:
            reader = self._readers.get_nowait()
        except queue.Empty:
            with self._lock:
                return self._fetch(self._conn, cypher, params)
        try:
            return self._fetch(reader, cypher, params)
        finally:
            self._readers.put(reader)

    @staticmethod
    def _fetch(conn: Any, cypher: str, params: dict[str, Any] | None) -> list[Row]:
        try:
            result = conn.execute(cypher, params or {})
        except RuntimeError as exc:
            raise StoreError(f"{exc} (query: {cypher[:200]})") from exc
        names = result.get_column_names()
        # only a node, relationship or struct column may carry _LABEL (_plain); rows of
        # plain values become dicts as they come (most lookups return no other)
        nested = [i for i, t in enumerate(result.get_column_data_types()) if not _FLAT_TYPE.fullmatch(t)]
        rows = []
        while result.has_next():
            values = result.get_next()
            for i in nested:
                values[i] = _plain(values[i])
            rows.append(dict(zip(names, values, strict=True)))
        return rows

    def run_columns(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        with self._lock:
            try:
                return self._conn.execute(cypher, params or {}).get_as_arrow()
            except RuntimeError as exc:
                raise StoreError(f"{exc} (query: {cypher[:200]})") from exc

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
            self._copy(f"COPY {node.name} FROM df", _table(node.properties, node_rows))
            if progress:
                progress(len(node_rows))
        for rr in rows.rels:
            if not len(rr):
                continue
            rel = REL_BY_NAME[rr.type]
            options = f" (from='{rr.from_label}', to='{rr.to_label}')" if len(rel.pairs) > 1 else ""
            columns = {"from": "STRING", "to": "STRING", **rel.properties}
            table = rr.columns
            df = _table(columns, rr.rows) if table is None else _typed_table(columns, table)
            self._copy(f"COPY `{rel.name}` FROM df{options}", df)
            if progress:
                progress(len(rr))

    def _copy(self, statement: str, df: pa.Table) -> None:
        # COPY … FROM df finds the table by its variable name in the caller's frame.
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
        with self._lock:  # after the statements running now, if any
            readers = []
            for _ in range(self._reader_count):
                try:  # each reader connection once its query is done
                    readers.append(self._readers.get(timeout=60))
                except queue.Empty:
                    break
            self._reader_count = 0
            try:
                for conn in readers:
                    conn.close()
                self._conn.close()
                self._db.close()
            except Exception:  # closing twice is harmless; never mask the caller's error
                pass


#: Connections a read-only graph keeps for readers besides its own (see LadybugGraph.run).
READERS = 3

_GENERATION = re.compile(r"\.gen-(\d+)$")
# Generations kept besides the live one: the one before it, which a reader that
# has not yet moved on may still have open.
KEEP_PREVIOUS = 1
# How long a load or rebuild waits for another one to finish (seconds).
LOCK_WAIT = 900.0


class EmbeddedStore(GraphStore):
    """The embedded graph at ``embedded:PATH``, as generations (see the module doc)."""

    dialect = Dialect.EMBEDDED

    def __init__(self, path: str | Path, read_only: bool = False,
                 query_timeout: float | None = None):
        self.root = Path(path)
        # stat()ed on every read (_refresh): made once
        self._pointer_file = self.root.with_name(self.root.name + ".current")
        self.read_only = read_only
        self.query_timeout = query_timeout
        self._switch = threading.Lock()
        self._graph: LadybugGraph | None = None
        self._retired: LadybugGraph | None = None
        self._writable = False
        self._target: Path | None = None
        self._pointer_stamp: tuple[int, int, int] | None = None
        #: version()'s last reading of the pointer: (its stamp, the target, the files
        #: whose state is the version, as strings)
        self._version_of: tuple[tuple[int, int, int], Path, tuple[str, str]] | None = None
        self.root.parent.mkdir(parents=True, exist_ok=True)
        if not read_only and self._current_target() is None and not self._generations():
            # A new store: an empty, complete first generation.
            gen = self._next_generation()
            graph = LadybugGraph(gen / "db")
            graph.close()
            self._mark_complete(gen, {"mode": "created"})
            self._point_to(gen)
        if self._current_target() == self.root:
            self._refresh()  # an older graph: brought up to date now (see _refresh)

    # -- where things are ---------------------------------------------------

    @property
    def path(self) -> Path:
        return self.root

    def _pointer(self) -> Path:
        return self._pointer_file

    def _pointer_state(self) -> tuple[int, int, int] | None:
        """The pointer file's (inode, mtime, size): a load or rebuild replaces it, so a
        reader reads it again only when this changed; None when there is none."""
        try:
            st = os.stat(self._pointer_file)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _lock_path(self) -> Path:
        return self.root.with_name(self.root.name + ".lock")

    def _generations(self) -> list[tuple[int, Path]]:
        found = []
        prefix = self.root.name + ".gen-"
        if not self.root.parent.is_dir():
            return found
        for p in self.root.parent.iterdir():
            m = _GENERATION.search(p.name)
            if m and p.name == f"{prefix}{m.group(1)}" and p.is_dir():
                found.append((int(m.group(1)), p))
        return sorted(found)

    def _next_generation(self) -> Path:
        gens = self._generations()
        n = gens[-1][0] + 1 if gens else 1
        gen = self.root.with_name(f"{self.root.name}.gen-{n}")
        gen.mkdir()
        return gen

    def _current_target(self) -> Path | None:
        """The database file readers should use, or None when there is none."""
        try:
            name = self._pointer().read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return self.root if self.root.is_file() else None
        return self.root.parent / name / "db"

    @staticmethod
    def _mark_complete(gen: Path, info: dict[str, Any]) -> None:
        tmp = gen / "COMPLETE.tmp"
        tmp.write_text(json.dumps({**info, "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                    time.gmtime())}),
                       encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, gen / "COMPLETE")
        _fsync_dir(gen)

    def _point_to(self, gen: Path) -> None:
        tmp = self._pointer().with_name(self._pointer().name + ".tmp")
        tmp.write_text(gen.name + "\n", encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, self._pointer())
        _fsync_dir(self.root.parent)

    # -- status --------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        target = self._current_target()
        if target is None:
            if self._generations():
                return {"ok": False, "state": "incomplete", "generation": None,
                        "message": "the first load or rebuild did not finish; run tsunagari rebuild"}
            return {"ok": False, "state": "missing", "generation": None,
                    "message": "no graph here yet; run tsunagari rebuild"}
        if target == self.root:
            return {"ok": True, "state": "complete", "generation": None,
                    "message": "a graph made before generations"}
        gen = target.parent
        if not (gen / "COMPLETE").is_file() or not target.is_file():
            return {"ok": False, "state": "incomplete", "generation": gen.name,
                    "message": f"{gen.name} is not complete; run tsunagari rebuild"}
        if _read_marker(gen).get("mode") == "created":
            return {"ok": False, "state": "empty", "generation": gen.name,
                    "message": "nothing has been loaded yet; run tsunagari rebuild"}
        return {"ok": True, "state": "complete", "generation": gen.name, "message": ""}

    # -- reading: follow the pointer -----------------------------------------

    def _refresh(self, write: bool = False) -> None:
        """Move to the live generation if the pointer changed (one stat per call).

        A complete generation never changes, so it is read through a
        read-only handle, which any number of processes may hold while a load
        writes the next one; a handle that writes in place (tests, small tools)
        is opened only when a write asks for it. A graph made before
        generations is opened as the store was opened (and its schema brought
        up to date)."""
        stamp = self._pointer_state()
        writable = write and not self.read_only
        if (stamp == self._pointer_stamp and self._graph is not None
                and (self._writable or not writable)):
            return
        with self._switch:
            target = self._current_target()
            upgrade = target == self._target and writable and not self._writable
            if target is not None and (target != self._target or upgrade):
                if target != self.root and not (target.parent / "COMPLETE").is_file():
                    raise StoreUnavailable(f"the embedded graph at {self.root} is incomplete; "
                                           "run tsunagari rebuild")
                if target == self.root:
                    writable = not self.read_only
                if upgrade and self._graph is not None:
                    self._graph.close()  # the same file: one handle per process
                    self._graph = None
                graph = LadybugGraph(target, read_only=not writable,
                                     query_timeout=self.query_timeout)
                old, self._graph, self._target = self._graph, graph, target
                self._writable = writable
                # A request that picked the old generation a moment ago may
                # still be using it: close it at the next switch, not now
                # (the writer keeps the previous generation's files).
                if self._retired is not None:
                    self._retired.close()
                self._retired = old
            self._pointer_stamp = stamp

    def _live(self, write: bool = False) -> LadybugGraph:
        self._refresh(write)
        if self._graph is None:
            raise StoreUnavailable(f"no embedded graph at {self.root}: {self.status()['message']}")
        return self._graph

    def describe(self) -> str:
        return f"embedded:{self.root}"

    def version(self) -> str | None:
        # The live generation's name and its file: a load or rebuild points to a
        # new one; a graph made before generations changes its file (or log) in place.
        # Asked several times a request (fetch.read_kept): the pointer is read again
        # only when its stat changed, as _refresh does (from 140 µs to a few stats).
        stamp = self._pointer_state()
        known = self._version_of
        if stamp is not None and known is not None and known[0] == stamp:
            target, files = known[1], known[2]
        else:
            found = self._current_target()
            if found is None:
                raise StoreUnavailable(f"the embedded graph at {self.root} is gone")
            target, files = found, (str(found), str(found) + ".wal")
            if stamp is not None:
                self._version_of = (stamp, target, files)
        stats = []
        for f in files:
            try:
                stats.append(os.stat(f))
            except FileNotFoundError:
                continue
            except OSError:
                stats = []
                break
        if not stats:
            raise StoreUnavailable(f"the embedded graph at {self.root} is gone")
        return f"{target};" + ";".join(f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}" for st in stats)

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self._live().run(cypher, params)

    def run_columns(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        return self._live().run_columns(cypher, params)

    # -- writing in place (tests, small tools) ---------------------------------

    def ensure_schema(self) -> None:
        self._live(write=True).ensure_schema()

    def clear(self) -> None:
        self._live(write=True).clear()

    def bulk_insert(self, rows: GraphRows, progress: Progress | None = None) -> None:
        self._live(write=True).bulk_insert(rows, progress)

    def upsert(self, rows: GraphRows, replace_programmes: Iterable[str] = (),
               progress: Progress | None = None) -> None:
        self._live(write=True).upsert(rows, replace_programmes, progress)

    def replace_derived(self, rel_type: str, rows: list[Row]) -> None:
        self._live(write=True).replace_derived(rel_type, rows)

    # -- writing a new generation ------------------------------------------------

    @contextmanager
    def writing(self, mode: str) -> Iterator[GraphStore]:
        """A new generation to write: empty for 'rebuild', a copy of the live
        one for 'load'. It becomes live only if the block ends without error."""
        if self.read_only:
            raise StoreError(f"{self.root} is open read-only")
        lock = open(self._lock_path(), "a+")  # noqa: SIM115 - held for the whole block
        try:
            # One writer at a time: a second waits for the first (a kill
            # releases the lock too), then builds on what the first made.
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(f"another load or rebuild has been writing {self.root} "
                                         f"for over {LOCK_WAIT:.0f} s; try again when it is "
                                         "done") from None
                    time.sleep(0.2)
            self._clean_up()
            base = self._current_target()
            if mode == "load" and (base is None or self.status()["state"] not in ("complete", "empty")):
                raise StoreError(f"no complete graph at {self.root} to load into; "
                                 "run tsunagari rebuild first")
            gen = self._next_generation()
            try:
                if mode == "load" and base is not None:
                    if self._graph is not None and self._writable:
                        self._graph.run("CHECKPOINT")  # what this handle wrote is in the file
                    with self._switch:  # no statement of ours runs while the files are copied
                        for suffix in ("", ".wal"):
                            src = base.with_name(base.name + suffix)
                            if src.exists():
                                shutil.copy2(src, gen / ("db" + suffix))
                graph = LadybugGraph(gen / "db")
                try:
                    yield graph
                    info = {"mode": mode, **graph.counts()}
                finally:
                    graph.close()  # checkpoints: the database file is whole
                _fsync(gen / "db")
                self._mark_complete(gen, info)
            except BaseException:
                shutil.rmtree(gen, ignore_errors=True)
                raise
            self._point_to(gen)
            self._refresh()
            self._clean_up()
        finally:
            lock.close()

    def _clean_up(self) -> None:
        """Remove what no reader needs: generations older than the previous one,
        unfinished ones (the write lock is held, so nobody is building them)
        and a graph made before generations once a generation is live."""
        target = self._current_target()
        if target is None or target == self.root:
            live = None
        else:
            live = target.parent
        complete = [p for n, p in self._generations() if (p / "COMPLETE").is_file() and p != live]
        keep = {live, *complete[-KEEP_PREVIOUS:]} if live else set(complete)
        for _n, gen in self._generations():
            if gen not in keep and gen != live:
                shutil.rmtree(gen, ignore_errors=True)
        if live is not None:
            for suffix in ("", ".wal"):
                old = self.root.with_name(self.root.name + suffix)
                if old.is_file():
                    old.unlink()

    def close(self) -> None:
        with self._switch:
            for graph in (self._graph, self._retired):
                if graph is not None:
                    graph.close()
            self._graph = self._retired = None
            self._target = None


def _read_marker(gen: Path) -> dict[str, Any]:
    try:
        return json.loads((gen / "COMPLETE").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    _fsync(path)
