"""Organisations: search by name, and one organisation's profile."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field, TypeAdapter
from tsunagari.api.deps import with_store
from tsunagari.core.text import with_department
from tsunagari.core.vocabulary import LEAD, ROLE_CODES
from tsunagari.graph import GraphStore
from tsunagari.graph.store import Row

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


class PartnerPage(BaseModel):
    """Which partnerships ``partners_by_role`` lists: the API lists them a page at a
    time, in order of role, then name (a national hub has over 100,000)."""

    role: str | None = Field(None, description="the role asked for (`role=`), or null for every role")
    offset: int = Field(description="how many partnerships come before this page")
    limit: int = Field(description="the most a page lists")
    listed: int = Field(description="how many this page lists")
    total: int = Field(description="how many there are in all (in `role`, when one is asked for)")
    next_offset: int | None = Field(description="`offset` of the next page; null on the last")


class OrganisationProfile(OrganisationBase):
    sources: list[str] = []
    #: how many organisations it shares a programme with
    collaborators: int = 0
    prefecture_code: str | None = None
    programmes: list[ProgrammeRef]
    areas: list[PlaceRef]
    partners_by_role: dict[str, list[PartnerRef]] = Field(description=(
        "its partnerships, by the role the partner played: the API's page of them "
        "(`partner_page`); on an organisation page, all, except for one in more "
        "programmes than the page lists (there, those of the programmes listed)"))
    partner_counts: dict[str, int] = Field({}, description=(
        "how many partnerships there are in each role in all, whatever a page lists"))
    partner_page: PartnerPage | None = Field(None, description=(
        "which of them `partners_by_role` lists (the API pages them; null on an organisation page)"))


@dataclass(frozen=True)
class PartnerWindow:
    """A page of partnerships asked for: of one role (None: every role), ``limit``
    of them after the first ``offset``."""

    role: str | None
    offset: int
    limit: int


#: partnerships GET /organisations/{id} lists unless ``limit`` asks for another number
#: (a national hub at 100k synthetic organisations has 118,945: a 31 MB answer)
PARTNER_PAGE_DEFAULT = 200
PARTNER_PAGE_MAX = 1000
#: a page of an organisation with at most this many collaborators is cut from its whole
#: list, read in one query; of one with more, or whose collaborators are not counted,
#: the engine reads that page alone (a national hub's, 1.4 s at 100k, was 2.7 s whole)
WHOLE_LIST_MAX = 1000
#: what ``role`` may be: the vocabulary's roles and the implementing body
PARTNER_ROLES: tuple[str, ...] = (LEAD, *ROLE_CODES)


#: a list of summaries as JSON (what FastAPI would make of the route's model, made at once)
SUMMARIES = TypeAdapter(list[OrganisationSummary])


@router.get("", response_model=list[OrganisationSummary])
async def search_organisations(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, title="Words of a name or place",
                            description="空白で区切った語をすべて含む団体（名称・別名・活動地域）。"
                                        "全角半角・ひらがなカタカナ・法人格の有無は問わない")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[OrganisationSummary]:
    """Organisations matching every word of `q` in their name, an alias or a place where
    they are active (「八王子 フードバンク」, 「世田谷」)."""
    fields = set(OrganisationSummary.model_fields)

    def answer(store: GraphStore) -> bytes:
        return SUMMARIES.dump_json([
            OrganisationSummary(**{k: v for k, v in r.items() if k in fields and v is not None})
            for r in search.search_organisations(store, q, limit)])

    # the model documents the answer; the route sends the JSON it made of it itself
    return Response(await with_store(request, answer),  # type: ignore[return-value]
                    media_type="application/json")


def organisation_profile(store: GraphStore, org_id: str, list_cap: int | None = None,
                         window: PartnerWindow | None = None) -> OrganisationProfile | None:
    """One organisation with all its programmes and its partners: with ``window``, that
    page of them (the API); else all of them, or with ``list_cap`` (a page listing
    that many programmes it leads and that many it joins) the partners of the
    programmes listed only when it is in more (a national hub shares programmes
    118,901 times: reading them all took seconds). ``partner_counts`` counts them all."""
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
    some = window is None and list_cap is not None and max(len(led), len(joined)) > list_cap
    counts: dict[str, int] | None = None  # None: all are listed, counted as listed
    if window is not None:
        rows, counts = _partner_page(store, org_id, org.get("collaborators"), window)
    elif some:
        rows = sorted((r for pid in led[:list_cap] + joined[:list_cap]
                       for r in store.query("co_partners_in_programme", id=org_id, programme=pid)),
                      key=lambda r: (r["role"], r["name"] or "", r["programme_id"]))
        counts = _partner_counts(store, org_id)
    else:
        rows = store.query("co_partners_of_organisation", id=org_id)
    by_role: dict[str, list[PartnerRef]] = {}
    for r in rows:
        by_role.setdefault(r["role"] or "unspecified", []).append(PartnerRef(
            id=r["id"], name=r["name"], sector=r["sector"], role_text=r["role_text"],
            department=r["department"], shown_as=with_department(r["name"], r["department"]),
            programme_id=r["programme_id"], programme_title=r["programme_title"],
            source=r["source"]))
    if counts is None:
        counts = {role: len(refs) for role, refs in by_role.items()}
    if some:
        for role in counts:
            by_role.setdefault(role, [])
    page = None
    if window is not None:
        total = counts.get(window.role, 0) if window.role else sum(counts.values())
        end = window.offset + len(rows)
        page = PartnerPage(role=window.role, offset=window.offset, limit=window.limit,
                           listed=len(rows), total=total, next_offset=end if end < total else None)
    return OrganisationProfile(
        id=org["id"], name=org["name"], legal_form=org["legal_form"], sector=org["sector"],
        kind=org["kind"], aliases=org["aliases"] or [], sources=org["sources"] or [],
        municipality_code=org["municipality_code"], prefecture_code=org["prefecture_code"],
        name_status=org["name_status"], raw_name=org["raw_name"],
        name_confidence=org["name_confidence"], collaborators=org.get("collaborators") or 0,
        programmes=programmes, areas=sorted(areas.values(), key=lambda a: a.code or ""),
        partners_by_role=dict(sorted(by_role.items())), partner_counts=dict(sorted(counts.items())),
        partner_page=page,
    )


def _partner_counts(store: GraphStore, org_id: str) -> dict[str, int]:
    return {r["role"] or "unspecified": int(r["partnerships"])
            for r in store.query("co_partner_counts_of_organisation", id=org_id)}


def _partner_page(store: GraphStore, org_id: str, collaborators: int | None,
                  window: PartnerWindow) -> tuple[list[Row], dict[str, int]]:
    """One page of an organisation's partnerships, and how many there are in each role.
    Of one with few collaborators, cut from its whole list (one query: the engine's
    paged form costs 2 ms more, as it plans its SKIP and LIMIT again each time)."""
    if collaborators is not None and collaborators <= WHOLE_LIST_MAX:
        rows = store.query("co_partners_in_order_of_organisation", id=org_id)
        counts = Counter(r["role"] or "unspecified" for r in rows)
        asked = [r for r in rows if window.role in (None, r["role"])]
        return asked[window.offset:window.offset + window.limit], dict(counts)
    rows = store.query("co_partners_page_of_organisation", id=org_id, role=window.role or "",
                       offset=window.offset, limit=window.limit)
    return rows, _partner_counts(store, org_id)


@router.get("/{org_id}", response_model=OrganisationProfile)
async def get_organisation(
    request: Request, org_id: str,
    limit: Annotated[int, Query(ge=1, le=PARTNER_PAGE_MAX, title="Partnerships a page lists",
                                description="連携先（役割・取組ごと）を一度に返す件数")] = PARTNER_PAGE_DEFAULT,
    offset: Annotated[int, Query(ge=0, title="Partnerships to skip",
                                 description="前のページまでの件数（partner_page.next_offset）")] = 0,
    role: Annotated[Literal[PARTNER_ROLES] | None,  # type: ignore[valid-type]
                    Query(title="Only partnerships in this role",
                          description="lead, venue, publicity, funding, …")] = None,
) -> OrganisationProfile:
    """One organisation: its programmes (led and joined), their areas, and its partners
    by role, `limit` partnerships at a time after the first `offset` (in order of role,
    then name; of one `role` if asked), with how many there are in each role
    (`partner_counts`) and where the next page begins (`partner_page.next_offset`)."""
    window = PartnerWindow(role, offset, limit)

    def answer(store: GraphStore) -> str:
        profile = organisation_profile(store, org_id, window=window)
        if profile is None:
            raise HTTPException(status_code=404, detail=f"no organisation with id {org_id!r}; "
                                "search with GET /organisations?q=NAME")
        return profile.model_dump_json()

    # the model documents the answer; the route sends the JSON it made of it itself
    return Response(await with_store(request, answer),  # type: ignore[return-value]
                    media_type="application/json")
