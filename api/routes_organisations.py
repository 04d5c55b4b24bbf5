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


class ProgrammeCounts(BaseModel):
    """How many programmes an organisation is in, whichever page lists them."""

    led: int = Field(description="the programmes it leads (実施)")
    joined: int = Field(description="those it takes part in without leading (参加)")
    total: int = Field(description="all of them: led + joined")


class ProgrammePage(BaseModel):
    """Which programmes ``programmes`` lists: the API lists them a page at a time, in
    order of title, then id (a national hub at 100k organisations is in 9,086)."""

    part: Literal["led", "joined"] | None = Field(
        None, description="those it leads or joins asked for (`programme_part=`), or null for all")
    offset: int = Field(description="how many programmes come before this page")
    limit: int = Field(description="the most a page lists")
    listed: int = Field(description="how many this page lists")
    total: int = Field(description="how many there are in all (in `part`, when one is asked for)")
    next_offset: int | None = Field(description="`programme_offset` of the next page; null on the last")


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
    programmes: list[ProgrammeRef] = Field(description=(
        "the programmes it leads or joins, in order of title, then id: the API's page of "
        "them (`programme_page`); on an organisation page, all, except for one in more "
        "programmes than the page lists (there, the first so many it leads and the first so "
        "many it joins)"))
    programme_counts: ProgrammeCounts = Field(description=(
        "how many programmes it leads and joins in all, whatever a page lists"))
    programme_page: ProgrammePage | None = Field(None, description=(
        "which of them `programmes` lists (the API pages them; null on an organisation page)"))
    areas: list[PlaceRef] = Field(description=(
        "every place its programmes target, in code order: those of all its programmes, "
        "whichever page of them is listed"))
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


@dataclass(frozen=True)
class ProgrammeWindow:
    """A page of programmes asked for: those it leads (``part`` "led"), joins without
    leading ("joined") or all (None), ``limit`` of them after the first ``offset``
    (``limit`` None: all after it)."""

    part: Literal["led", "joined"] | None
    offset: int
    limit: int | None


#: programmes GET /organisations/{id} lists unless ``programme_limit`` asks for another
#: number (a national hub at 100k synthetic organisations is in 9,086: a 2.2 MB answer)
PROGRAMME_PAGE_DEFAULT = 200
PROGRAMME_PAGE_MAX = 1000
PROGRAMME_PARTS: tuple[str, ...] = ("led", "joined")

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
                         window: PartnerWindow | None = None,
                         programmes: ProgrammeWindow | None = None) -> OrganisationProfile | None:
    """One organisation with its programmes and its partners: with ``programmes`` and
    ``window``, those pages of them (the API); else all of them, or with ``list_cap`` (a
    page listing that many programmes it leads and that many it joins) the first
    ``list_cap`` of each (a national hub is in 9,086), and the partners of the programmes
    listed only when it is in more (a national hub shares programmes 118,901 times:
    reading them all took seconds). ``programme_counts``, ``partner_counts`` and
    ``areas`` are those of all its programmes, whatever is listed."""
    found = store.query("organisation_by_id", id=org_id)
    if not found:
        return None
    org = found[0]
    if programmes is not None:
        windows = [programmes]
    elif list_cap is not None:
        windows = [ProgrammeWindow("led", 0, list_cap), ProgrammeWindow("joined", 0, list_cap)]
    else:
        windows = [ProgrammeWindow(None, 0, None)]
    lists, programme_counts, areas = _programme_lists(store, org_id, org.get("collaborators"), windows)
    listed = lists[0] if len(lists) == 1 else sorted(
        (p for some in lists for p in some), key=lambda p: (p.title, p.id))
    some = (window is None and list_cap is not None
            and max(programme_counts.led, programme_counts.joined) > list_cap)
    counts: dict[str, int] | None = None  # None: all are listed, counted as listed
    if window is not None:
        rows, counts = _partner_page(store, org_id, org.get("collaborators"), window)
    elif some:
        rows = sorted((r for p in listed
                       for r in store.query("co_partners_in_programme", id=org_id, programme=p.id)),
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
    programme_page = None
    if programmes is not None and programmes.limit is not None:
        total = {"led": programme_counts.led, "joined": programme_counts.joined}.get(
            programmes.part or "", programme_counts.total)
        end = programmes.offset + len(listed)
        programme_page = ProgrammePage(part=programmes.part, offset=programmes.offset,
                                       limit=programmes.limit, listed=len(listed), total=total,
                                       next_offset=end if end < total else None)
    return OrganisationProfile(
        id=org["id"], name=org["name"], legal_form=org["legal_form"], sector=org["sector"],
        kind=org["kind"], aliases=org["aliases"] or [], sources=org["sources"] or [],
        municipality_code=org["municipality_code"], prefecture_code=org["prefecture_code"],
        name_status=org["name_status"], raw_name=org["raw_name"],
        name_confidence=org["name_confidence"], collaborators=org.get("collaborators") or 0,
        programmes=listed, programme_counts=programme_counts, programme_page=programme_page,
        areas=areas, partners_by_role=dict(sorted(by_role.items())),
        partner_counts=dict(sorted(counts.items())), partner_page=page,
    )


def _programme_ref(row: Row) -> ProgrammeRef:
    return ProgrammeRef(id=row["id"], title=row["title"], kind=row["kind"],
                        roles=sorted(r for r in row["roles"] if r),
                        areas=[PlaceRef(**a) for a in row["areas"] if a and a.get("code")],
                        sources=sorted(s for s in row["sources"] if s))


def _led(programme: ProgrammeRef) -> bool:
    return LEAD in programme.roles


def _programme_lists(store: GraphStore, org_id: str, collaborators: int | None,
                     windows: list[ProgrammeWindow]
                     ) -> tuple[list[list[ProgrammeRef]], ProgrammeCounts, list[PlaceRef]]:
    """The programmes of each window, how many there are, and the places they all target.
    Of an organisation with few collaborators (or when a window asks for all), cut from
    its whole list, read in one query; of one with more, or whose collaborators are not
    counted, the engine reads each page alone and the areas of all by an aggregating
    query (a national hub's 9,086 programmes, each with its roles, areas and sources,
    took 0.25 s to read and 0.4 s more to build)."""
    if (any(w.limit is None for w in windows)
            or (collaborators is not None and collaborators <= WHOLE_LIST_MAX)):
        whole = [_programme_ref(r) for r in store.query("programmes_of_organisation", id=org_id)]
        led = sum(1 for p in whole if _led(p))
        areas: dict[str, PlaceRef] = {}
        for p in whole:
            for a in p.areas:
                areas.setdefault(a.code or "", a)
        lists = []
        for w in windows:
            asked = [p for p in whole if w.part is None or _led(p) == (w.part == "led")]
            lists.append(asked[w.offset:None if w.limit is None else w.offset + w.limit])
        return (lists, ProgrammeCounts(led=led, joined=len(whole) - led, total=len(whole)),
                sorted(areas.values(), key=lambda a: a.code or ""))
    row = next(iter(store.query("programme_counts_of_organisation", id=org_id)), {})
    total, led = int(row.get("programmes") or 0), int(row.get("led") or 0)
    lists = [[_programme_ref(r) for r in store.query(
        "programmes_page_of_organisation", id=org_id, part=w.part or "", offset=w.offset,
        limit=w.limit)] for w in windows]
    places: dict[str, PlaceRef] = {}
    for r in store.query("programme_areas_of_organisation", id=org_id):
        if r["code"]:
            places.setdefault(r["code"], PlaceRef(code=r["code"], name=r["name"]))
    return lists, ProgrammeCounts(led=led, joined=total - led, total=total), list(places.values())


def _partner_counts(store: GraphStore, org_id: str) -> dict[str, int]:
    return {r["role"] or "unspecified": int(r["partnerships"])
            for r in store.query("co_partner_counts_of_organisation", id=org_id)}


def _partner_page(store: GraphStore, org_id: str, collaborators: int | None,
                  window: PartnerWindow) -> tuple[list[Row], dict[str, int]]:
    """One page of an organisation's partnerships, and how many there are in each role.
    Of one with few collaborators, cut from its whole list (one query: the engine's
    paged form costs 2 ms more, as it plans its SKIP and LIMIT again each time). Of one
    with more, the engine reads the page role by role: the roles come first in the
    order, and their counts say which roles a page spans; the engine sorts only the
    partnerships of those (a national hub's first page of all roles sorted 118,945 in
    0.65 s at 100k, its first role's 7,538 in 0.22 s)."""
    if collaborators is not None and collaborators <= WHOLE_LIST_MAX:
        rows = store.query("co_partners_in_order_of_organisation", id=org_id)
        counts = Counter(r["role"] or "unspecified" for r in rows)
        asked = [r for r in rows if window.role in (None, r["role"])]
        return asked[window.offset:window.offset + window.limit], dict(counts)
    by_role = {r["role"]: int(r["partnerships"])
               for r in store.query("co_partner_counts_of_organisation", id=org_id)}
    counts = {role or "unspecified": n for role, n in by_role.items()}
    if window.role is not None or not all(by_role):  # a role of '' would read as all roles
        rows = store.query("co_partners_page_of_organisation", id=org_id, role=window.role or "",
                           offset=window.offset, limit=window.limit)
        return rows, counts
    rows, start = [], 0
    for role in sorted(by_role):  # the page query's order: role first
        end = start + by_role[role]
        if end > window.offset + len(rows) and len(rows) < window.limit:
            rows += store.query("co_partners_page_of_organisation", id=org_id, role=role,
                                offset=max(0, window.offset - start), limit=window.limit - len(rows))
        start = end
    return rows, counts


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
    programme_limit: Annotated[int, Query(ge=1, le=PROGRAMME_PAGE_MAX, title="Programmes a page lists",
                                          description="取組を一度に返す件数")] = PROGRAMME_PAGE_DEFAULT,
    programme_offset: Annotated[int, Query(ge=0, title="Programmes to skip",
                                           description="前のページまでの取組の件数"
                                                       "（programme_page.next_offset）")] = 0,
    programme_part: Annotated[Literal[PROGRAMME_PARTS] | None,  # type: ignore[valid-type]
                              Query(title="Only the programmes it leads, or only those it joins",
                                    description="led（実施している取組）、joined（参加している取組）")] = None,
) -> OrganisationProfile:
    """One organisation: its programmes, `programme_limit` at a time after the first
    `programme_offset` (in order of title, then id; only those it leads or joins if
    `programme_part` asks), with how many it leads and joins (`programme_counts`), the
    areas all of them target, and its partners by role, `limit` partnerships at a time
    after the first `offset` (in order of role, then name; of one `role` if asked), with
    how many there are in each role (`partner_counts`). `programme_page.next_offset` and
    `partner_page.next_offset` say where the next pages begin."""
    window = PartnerWindow(role, offset, limit)
    programmes = ProgrammeWindow(programme_part, programme_offset, programme_limit)

    def answer(store: GraphStore) -> str:
        profile = organisation_profile(store, org_id, window=window, programmes=programmes)
        if profile is None:
            raise HTTPException(status_code=404, detail=f"no organisation with id {org_id!r}; "
                                "search with GET /organisations?q=NAME")
        return profile.model_dump_json()

    # the model documents the answer; the route sends the JSON it made of it itself
    return Response(await with_store(request, answer),  # type: ignore[return-value]
                    media_type="application/json")
