"""Suggestions while typing in the search box (the page /search shows the full results)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from tsunagari.api.deps import get_store
from tsunagari.graph import GraphStore

from tsunagari import search

router = APIRouter(tags=["search"])


class Completion(BaseModel):
    kind: Literal["place", "organisation", "programme"]
    label: str
    detail: str
    url: str


@router.get("/complete", response_model=list[Completion])
def complete(
    store: Annotated[GraphStore, Depends(get_store)],
    q: Annotated[str, Query(max_length=200, title="What has been typed so far",
                            description="空白で区切った語をすべて含むもの。全角半角・ひらがなカタカナは問わない")] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> list[Completion]:
    """Places (with their prefecture), organisations and programmes matching every word of
    `q`, a few of each, each with the address of its page."""
    return [Completion(kind=c.kind, label=c.label, detail=c.detail, url=c.url)
            for c in search.complete(store, q, limit)]
