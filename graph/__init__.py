"""Graph storage: one interface (store.GraphStore), two back ends, one factory."""

from __future__ import annotations

import glob
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tsunagari.graph.store import GraphRows, GraphStore, RelRows, StoreError, StoreUnavailable

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(spec: str | None = None, read_only: bool = False, create: bool = True,
               query_timeout: float | None = None) -> GraphStore:
    """Open the store named by ``spec`` or by the TSUNAGARI_STORE setting.

    ``embedded:PATH`` opens LadybugDB at PATH; a neo4j:// or bolt:// URI opens
    Neo4j with NEO4J_USER / NEO4J_PASSWORD and the connection timeouts of the
    settings. An embedded store that does not exist yet is refused without
    ``create`` (the CLI refuses a mistyped path this way, unless --create); a
    read-only one is never made, and says it is "missing" (``status()``). ``query_timeout`` (seconds) bounds
    every statement (the web server sets it; loads do not).
    """
    from tsunagari.core.settings import settings

    conf = settings()
    spec = spec or conf.store
    if spec.startswith("embedded:"):
        from tsunagari.graph.embedded import EmbeddedStore

        path = embedded_path(spec)
        if not create and not store_exists(spec):
            raise StoreUnavailable(
                f"no graph at {path}: check the path (--store / TSUNAGARI_STORE), or make it "
                "with `tsunagari rebuild FILE` (or pass --create for an empty one)")
        return EmbeddedStore(path, read_only=read_only, query_timeout=query_timeout)
    if spec.startswith(NEO4J_SCHEMES):
        from tsunagari.graph.neo4j_store import Neo4jStore

        return Neo4jStore(spec, conf.neo4j_user, conf.neo4j_password, conf.neo4j_database,
                          connection_timeout=conf.neo4j_connection_timeout,
                          acquisition_timeout=conf.neo4j_acquisition_timeout,
                          query_timeout=query_timeout, read_only=read_only)
    raise StoreError(
        f"unknown store {spec!r}: use embedded:PATH or a neo4j:// / bolt:// URI (TSUNAGARI_STORE)"
    )


def embedded_path(spec: str) -> Path:
    path = spec.removeprefix("embedded:")
    if not path:
        raise StoreError("embedded store needs a path: embedded:PATH")
    return Path(path)


def store_exists(spec: str) -> bool:
    """Whether an embedded store is there already: its database at PATH, the
    pointer to its live generation, or a generation a first rebuild left
    unfinished (opened, it says it is incomplete). A server store is taken to exist."""
    if not spec.startswith("embedded:"):
        return True
    path = embedded_path(spec)
    return (path.exists() or path.with_name(f"{path.name}.current").exists()
            or any(path.parent.glob(f"{glob.escape(path.name)}.gen-*")))


def public_spec(spec: str) -> str:
    """The store spec without credentials (a URI may carry user:password@)."""
    if spec.startswith("embedded:"):
        return "embedded"
    parts = urlsplit(spec)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, "", "", ""))


__all__ = ["GraphRows", "GraphStore", "RelRows", "StoreError", "StoreUnavailable", "open_store",
           "public_spec", "store_exists"]
