"""Suggestions: possible partners of an organisation, or for a need in an area."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from tsunagari.api.deps import get_store
from tsunagari.graph import GraphStore

from tsunagari.suggest import (
    OrganisationNotFound,
    SuggestError,
    SuggestionResult,
    suggest_for_need,
    suggest_for_organisation,
)

router = APIRouter(tags=["suggestions"])

RoleParam = Annotated[str | None, Query(title="Role wanted", description="venue, publicity, funding, …")]
AreaParam = Annotated[str | None, Query(title="Area code", pattern=r"^\d{2}(\d{3})?$",
                                        description="JIS X 0402 市区町村コード (5桁) または都道府県コード (2桁)")]
KParam = Annotated[int, Query(ge=1, le=100, title="How many suggestions")]


@router.get("/organisations/{org_id}/suggestions", response_model=SuggestionResult)
def organisation_suggestions(
    org_id: str, store: Annotated[GraphStore, Depends(get_store)],
    role: RoleParam = None, area: AreaParam = None, k: KParam = 10,
) -> SuggestionResult:
    """Organisations that are not yet partners of `org_id` (an id or a name), best first, each
    with its score, the score's parts and reasons pointing at programmes and source lines."""
    try:
        return suggest_for_organisation(store, org_id, role=role, area=area, k=k)
    except OrganisationNotFound as exc:
        raise HTTPException(status_code=404, detail={"message": str(exc),
                                                     "candidates": exc.candidates}) from exc
    except SuggestError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.get("/suggestions", response_model=SuggestionResult)
def need_suggestions(
    store: Annotated[GraphStore, Depends(get_store)],
    need: Annotated[str, Query(title="Role wanted", description="venue, publicity, funding, …")],
    area: AreaParam = None, k: KParam = 10,
) -> SuggestionResult:
    """Organisations that have played role `need`, nearest to `area` first (municipality, then
    designated city, prefecture, nationwide)."""
    try:
        return suggest_for_need(store, need, area=area, k=k)
    except SuggestError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
