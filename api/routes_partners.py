"""The partner finder's pages: `/partners` (who could play role R near area A, or work
with organisation O) and `/evidence/{programme}/{org}/{role}` (the passage a reason
rests on). The area is typed by name and resolved here: 「世田谷」 is 東京都世田谷区."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from tsunagari.api.deps import get_store
from tsunagari.api.routes_pages import render
from tsunagari.core.documents import citations
from tsunagari.core.vocabulary import ASKABLE_ROLES, LEAD, LOCAL_REACH_KM, ROLES, Reach, role_label
from tsunagari.graph import GraphStore

from tsunagari.suggest import (
    WEIGHTS,
    OrganisationNotFound,
    SuggestError,
    suggest_for_need,
    suggest_for_organisation,
)
from tsunagari.suggest.scope import PlaceChoice, find_places

router = APIRouter(include_in_schema=False)
Store = Annotated[GraphStore, Depends(get_store)]

#: what each part of the score means, for the page that explains it
SCORE_PARTS = {
    "role": "求める役割を担った実績がある",
    "area": "活動地域が近い（同じ市区町村が最も高く、距離とともに下がる）",
    "network": "あなたの連携先と協働している（共通の連携先が少数の団体ほど高い）",
    "theme": "対象（子ども・高齢者など）が重なる",
    "sector": "官と民の橋渡しになる",
    "activity": "多くの団体と連携してきた",
}


def role_choices() -> list[dict[str, str]]:
    return [{"code": r, "label": ROLES[r].label,
             "reach": "近隣" if ROLES[r].reach is Reach.LOCAL else "全国"} for r in ASKABLE_ROLES]


def _resolve_area(text: str) -> tuple[PlaceChoice | None, list[PlaceChoice]]:
    """The one place a text names, or the places it may mean."""
    found = find_places(text)
    if len(found) == 1:
        return found[0], []
    return None, found


@router.get("/partners", response_class=HTMLResponse)
def partners_page(request: Request, store: Store,
                  need: Annotated[str | None, Query(title="Role wanted")] = None,
                  area: Annotated[str | None, Query(max_length=40, title="Area name or code")] = None,
                  org: Annotated[str | None, Query(max_length=200, title="Organisation id")] = None,
                  ) -> HTMLResponse:
    """Ask who could play a role near an area (or work with an organisation)."""
    need = need or None
    if need is not None and need not in ASKABLE_ROLES:
        raise HTTPException(status_code=422, detail=f"役割 {need!r} は選べません")
    place, choices, error = None, [], None
    if area and area.strip():
        place, choices = _resolve_area(area)
        if place is None and not choices:
            error = f"「{area}」に当たる市区町村・都道府県が見つかりません"
    result = None
    if not choices and not error and (org or (need and place)):
        try:
            if org:
                result = suggest_for_organisation(store, org, role=need,
                                                  area=place.code if place else None, k=10)
            elif need and place:
                result = suggest_for_need(store, need, area=place.code, k=10)
        except OrganisationNotFound as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc
        except SuggestError as exc:
            error = str(exc)
    elif need and not area and not org:
        error = "地域を入力してください（例: 世田谷）"
    return render(request, "partners.html", need=need, area_text=area or "", place=place,
                  choices=choices, org=org, result=result, error=error, roles=role_choices(),
                  reach_km=LOCAL_REACH_KM, parts=SCORE_PARTS, weights=WEIGHTS)


@router.get("/evidence/{programme_id}/{org_id}/{role}", response_class=HTMLResponse)
def evidence_page(request: Request, store: Store, programme_id: str, org_id: str,
                  role: str) -> HTMLResponse:
    """The fact that ``org_id`` played ``role`` in ``programme_id``, with the passage."""
    if role == LEAD:
        rows = store.query("lead_fact", programme=programme_id, org=org_id)
    elif role in ROLES:
        rows = store.query("partner_fact", programme=programme_id, org=org_id, role=role)
    else:
        raise HTTPException(status_code=404, detail=f"役割 {role!r} はありません")
    if not rows:
        raise HTTPException(status_code=404, detail="この連携の記録は見つかりません")
    fact: dict[str, Any] = rows[0]
    return render(request, "evidence.html", fact=fact, role=role, role_label=role_label(role),
                  cites=citations(fact["source"]),
                  programme_cites=citations(fact["programme_source"]))
