"""GET /health: is the store there, and what does it hold."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from tsunagari.api.deps import get_store
from tsunagari.graph import GraphStore

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store: str
    nodes: dict[str, int]
    relationships: dict[str, int]


@router.get("/health", response_model=Health)
def health(store: Annotated[GraphStore, Depends(get_store)]) -> Health:
    """The store in use and its node and relationship counts."""
    counts = store.counts()
    return Health(status="ok", store=store.describe(), nodes=counts["nodes"],
                  relationships=counts["relationships"])
