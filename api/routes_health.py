"""GET /health: is the store there, is its graph whole, and what does it hold."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from tsunagari.graph import StoreError, public_spec

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store: str
    graph: str = "complete"
    generation: str | None = None
    nodes: dict[str, int] = {}
    relationships: dict[str, int] = {}


@router.get("/health", response_model=Health,
            responses={503: {"model": Health,
                             "description": "the store cannot be reached, or its graph is not whole"}})
def health(request: Request) -> Health | JSONResponse:
    """The store in use (its kind and host, never credentials or paths), whether
    its graph is complete, and its node and relationship counts. 503 with status
    "unavailable" when the store is down, or the graph's state ("incomplete",
    "missing", "empty") when a load or rebuild left it so."""
    gate = request.app.state.gate
    try:
        store = gate.acquire()
    except StoreError:
        return _down(request)
    try:
        kind = public_spec(store.describe().removeprefix("neo4j:"))
        status, counted = store.health()
        # nothing readable: the status says why
        counts = counted or {"nodes": {}, "relationships": {}}
    except StoreError:
        gate.failed(store)
        return _down(request)
    finally:
        gate.release(store)
    body = Health(status="ok" if status["ok"] else status["state"], store=kind,
                  graph=status["state"], generation=status["generation"],
                  nodes=counts["nodes"], relationships=counts["relationships"])
    if not status["ok"]:
        return JSONResponse(status_code=503, content=body.model_dump())
    return body


def _down(request: Request) -> JSONResponse:
    from tsunagari.settings import settings

    spec = getattr(request.app.state, "store_spec", None) or settings().store
    body = Health(status="unavailable", store=public_spec(spec), graph="unknown")
    return JSONResponse(status_code=503, content=body.model_dump(), headers={"Retry-After": "5"})
