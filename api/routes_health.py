"""GET /health: is the store there, and what does it hold."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from tsunagari.graph import StoreError, public_spec

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store: str
    nodes: dict[str, int] = {}
    relationships: dict[str, int] = {}


@router.get("/health", response_model=Health,
            responses={503: {"model": Health, "description": "the store cannot be reached"}})
def health(request: Request) -> Health | JSONResponse:
    """The store in use (its kind and host, never credentials or paths) and its
    node and relationship counts; 503 with status "unavailable" when it is down."""
    gate = request.app.state.gate
    try:
        store = gate.acquire()
    except StoreError:
        return _down(request)
    try:
        counts = store.counts()
        kind = public_spec(store.describe().removeprefix("neo4j:"))
    except StoreError:
        gate.failed(store)
        return _down(request)
    finally:
        gate.release(store)
    return Health(status="ok", store=kind, nodes=counts["nodes"],
                  relationships=counts["relationships"])


def _down(request: Request) -> JSONResponse:
    from tsunagari.settings import settings

    spec = getattr(request.app.state, "store_spec", None) or settings().store
    body = Health(status="unavailable", store=public_spec(spec))
    return JSONResponse(status_code=503, content=body.model_dump(), headers={"Retry-After": "5"})
