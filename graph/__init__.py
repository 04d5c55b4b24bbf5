"""Graph storage: one interface (store.GraphStore), two back ends, one factory."""

from __future__ import annotations

from tsunagari.graph.store import GraphRows, GraphStore, RelRows, StoreError

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(spec: str | None = None, read_only: bool = False) -> GraphStore:
    """Open the store named by ``spec`` or by the TSUNAGARI_STORE setting.

    ``embedded:PATH`` opens LadybugDB at PATH; a neo4j:// or bolt:// URI opens
    Neo4j with NEO4J_USER / NEO4J_PASSWORD.
    """
    from tsunagari.core.settings import settings

    conf = settings()
    spec = spec or conf.store
    if spec.startswith("embedded:"):
        from tsunagari.graph.embedded import EmbeddedStore

        path = spec.removeprefix("embedded:")
        if not path:
            raise StoreError("embedded store needs a path: embedded:PATH")
        return EmbeddedStore(path, read_only=read_only)
    if spec.startswith(NEO4J_SCHEMES):
        from tsunagari.graph.neo4j_store import Neo4jStore

        return Neo4jStore(spec, conf.neo4j_user, conf.neo4j_password, conf.neo4j_database)
    raise StoreError(
        f"unknown store {spec!r}: use embedded:PATH or a neo4j:// / bolt:// URI (TSUNAGARI_STORE)"
    )


__all__ = ["GraphRows", "GraphStore", "RelRows", "StoreError", "open_store"]
