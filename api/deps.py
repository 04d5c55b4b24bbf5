"""Dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from tsunagari.graph import GraphStore

T = TypeVar("T")


def get_store(request: Request) -> Iterator[GraphStore]:
    """The graph store for one request (503 through StoreUnavailable when it is down)."""
    with request.app.state.gate.held() as store:
        yield store


async def with_store(request: Request, work: Callable[[GraphStore], T]) -> T:
    """``work(store)`` in a worker thread, the store acquired and let go in that same
    thread (503 through StoreUnavailable when it is down, as get_store): one hop off
    the event loop per request, where a sync route on get_store takes three (the
    dependency's start, the route, the dependency's end) and its response model's
    validation a fourth."""
    gate = request.app.state.gate

    def run() -> T:
        with gate.held() as store:
            return work(store)

    return await run_in_threadpool(run)
