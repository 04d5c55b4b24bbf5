"""Dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from tsunagari.graph import GraphStore


def get_store(request: Request) -> Iterator[GraphStore]:
    """The graph store for one request (503 through StoreUnavailable when it is down)."""
    gate = request.app.state.gate
    store = gate.acquire()
    try:
        yield store
    finally:
        gate.release(store)
