"""GET /health: is the store there, and what does it hold."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel
from tsunagari.api.deps import get_store
from tsunagari.graph import GraphStore, StoreError

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store: str
    graph: str = "complete"
    generation: str | None = None
    nodes: dict[str, int]
    relationships: dict[str, int]


@router.get("/health", response_model=Health)
def health(store: Annotated[GraphStore, Depends(get_store)], response: Response) -> Health:
    """The store in use, whether its graph is complete, and its node and
    relationship counts. A graph that a load or rebuild left incomplete (or
    that is not there yet) answers 503."""
    status = store.status()
    if status["ok"]:
        counts = store.counts()
    else:
        response.status_code = 503
        try:
            counts = store.counts()
        except StoreError:  # nothing readable: the status says why
            counts = {"nodes": {}, "relationships": {}}
    return Health(status="ok" if status["ok"] else status["state"], store=store.describe(),
                  graph=status["state"], generation=status["generation"],
                  nodes=counts["nodes"], relationships=counts["relationships"])
