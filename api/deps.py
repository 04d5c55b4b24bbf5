"""Dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request
from tsunagari.graph import GraphStore


def get_store(request: Request) -> GraphStore:
    return request.app.state.store  # type: ignore[no-any-return]
