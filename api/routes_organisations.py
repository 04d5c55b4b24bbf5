"""Organisations: search by name, and one organisation's profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from tsunagari.api.deps import get_store
from tsunagari.core.text import with_department
from tsunagari.graph import GraphStore

from tsunagari import search

router = APIRouter(prefix="/organisations", tags=["organisations"])


class ProgrammeTitle(BaseModel):
    id: str
    title: str


class OrganisationBase(BaseModel):
    id: str
    name: str
    legal_form: str | None = None
    sector: str | None = None
    kind: str | None = None
    aliases: list[str] = []
    municipality_code: str | None = None
    # known only from garbled text: "recovered" (name is 「推定: …」) or "unreadable"
    name_status: str | None = None
    raw_name: str | None = None  # the garbled text as the source has it
    name_confidence: float | None = None


class OrganisationSummary(OrganisationBase):
    municipality: str | None = None  # where it is based, with its prefecture: 東京都八王子市
    areas: list[str] = []  # where it is shown to be: its base, else places its programmes target
    programmes: list[ProgrammeTitle] = []


class PlaceRef(BaseModel):
    code: str | None = None
    name: str | None = None


class ProgrammeRef(BaseModel):
    id: str
    title: str
    kind: str | None = None
    roles: list[str]
    areas: list[PlaceRef]
    sources: list[str]


class PartnerRef(BaseModel):
    id: str
    name: str
    sector: str | None = None
    role_text: str | None = None
    department: str | None = None
    shown_as: str = Field(description="名称に部署を添えた表示名（法務省 多摩少年院）")
    programme_id: str
    programme_title: str
    source: str | None = None


class OrganisationProfile(OrganisationBase):
    sources: list[str] = []
    #: how many organisations it shares a programme with
    collaborators: int = 0
    prefecture_code: str | None = None
    programmes: list[ProgrammeRef]
    areas: list[PlaceRef]
    partners_by_role: dict[str, list[PartnerRef]]
    #: how many partnerships there are in each role in all: partners_by_role lists them
    #: all, except on an organisation page of one in more programmes than the page lists
    #: (there, only those of the programmes listed)
    partner_counts: dict[str, int] = {}


@router.get("", response_model=list[OrganisationSummary])
def search_organisations(
    store: Annotated[GraphStore, Depends(get_store)],
    q: Annotated[str, Query(min_length=1, max_length=200, title="Words of a name or place",
                            description="空白で区切った語をすべて含む団体（名称・別名・活動地域）。"
                                        "全角半角・ひらがなカタカナ・法人格の有無は問わない")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[OrganisationSummary]:
    """Organisations matching every word of `q` in their name, an alias or a place where
    they are active (「八王子 フードバンク」, 「世田谷」)."""
    fields = set(OrganisationSummary.model_fields)
    return [OrganisationSummary(**{k: v for k, v in r.items() if k in fields and v is not None})
            for r in search.search_organisations(store, q, limit)]


def organisation_profile(store: GraphStore, org_id: str, list_cap: int | None = None
                         ) -> OrganisationProfile | None:
    """One organisation with all its programmes and partners; with ``list_cap`` (a page
    listing that many programmes it leads and that many it joins), the partners of the
    programmes listed only when it is in more, and how many there are in all (a
    national hub shares programmes 118,901 times: reading them all took seconds)."""
    found = store.query("organisation_by_id", id=org_id)
    if not found:
        return None
    org = found[0]
    programmes = []
    areas: dict[str, PlaceRef] = {}
    for p in store.query("programmes_of_organisation", id=org_id):
        refs = [PlaceRef(**a) for a in p["areas"] if a and a.get("code")]
        for a in refs:
            areas.setdefault(a.code or "", a)
        programmes.append(ProgrammeRef(id=p["id"], title=p["title"], kind=p["kind"],
                                       roles=sorted(r for r in p["roles"] if r),
                                       areas=refs, sources=sorted(s for s in p["sources"] if s)))
    led = [p.id for p in programmes if "lead" in p.roles]
    joined = [p.id for p in programmes if "lead" not in p.roles]
    some = list_cap is not None and max(len(led), len(joined)) > list_cap
    if some:
        rows = sorted((r for pid in led[:list_cap] + joined[:list_cap]
                       for r in store.query("co_partners_in_programme", id=org_id, programme=pid)),
                      key=lambda r: (r["role"], r["name"] or "", r["programme_id"]))
    else:
        rows = store.query("co_partners_of_organisation", id=org_id)
    by_role: dict[str, list[PartnerRef]] = {}
    for r in rows:
        by_role.setdefault(r["role"] or "unspecified", []).append(PartnerRef(
            id=r["id"], name=r["name"], sector=r["sector"], role_text=r["role_text"],
            department=r["department"], shown_as=with_department(r["name"], r["department"]),
            programme_id=r["programme_id"], programme_title=r["programme_title"],
            source=r["source"]))
    if some:
        counts = {r["role"] or "unspecified": int(r["partnerships"])
                  for r in store.query("co_partner_counts_of_organisation", id=org_id)}
        for role in counts:
            by_role.setdefault(role, [])
    else:
        counts = {role: len(refs) for role, refs in by_role.items()}
    return OrganisationProfile(
        id=org["id"], name=org["name"], legal_form=org["legal_form"], sector=org["sector"],
        kind=org["kind"], aliases=org["aliases"] or [], sources=org["sources"] or [],
        municipality_code=org["municipality_code"], prefecture_code=org["prefecture_code"],
        name_status=org["name_status"], raw_name=org["raw_name"],
        name_confidence=org["name_confidence"], collaborators=org.get("collaborators") or 0,
        programmes=programmes, areas=sorted(areas.values(), key=lambda a: a.code or ""),
        partners_by_role=dict(sorted(by_role.items())), partner_counts=dict(sorted(counts.items())),
    )


@router.get("/{org_id}", response_model=OrganisationProfile)
def get_organisation(
    org_id: str, store: Annotated[GraphStore, Depends(get_store)]
) -> OrganisationProfile:
    """One organisation: its programmes (led and joined), their areas, and its partners by role."""
    profile = organisation_profile(store, org_id)
    if profile is None:
        raise HTTPException(status_code=404, detail=f"no organisation with id {org_id!r}; "
                            "search with GET /organisations?q=NAME")
    return profile
