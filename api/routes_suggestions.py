"""Suggestions: possible partners of an organisation, or for a need in an area; and the
place lookup the partner finder's area picker uses. The response models sit here,
beside the routes; the suggester (tsunagari/suggest) returns plain dataclasses."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict
from tsunagari.api.deps import with_store
from tsunagari.core.vocabulary import ASKABLE_ROLES
from tsunagari.graph import GraphStore

from tsunagari.suggest import (
    OrganisationNotFound,
    SuggestError,
    suggest_for_need,
    suggest_for_organisation,
)
from tsunagari.suggest.answers import to_body, unpack
from tsunagari.suggest.finder import stored_need_body
from tsunagari.suggest.scope import find_places

router = APIRouter(tags=["suggestions"])
log = logging.getLogger("tsunagari.api")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class EvidenceOut(_Out):
    programme: str
    organisation: str
    role: str
    document: str
    title: str
    line: int | None
    text: str
    url: str


class ReasonOut(_Out):
    kind: str
    text: str
    #: the first 10 programmes (by id) and source lines the reason rests on
    programmes: list[str] = []
    sources: list[str] = []
    evidence: list[EvidenceOut] = []
    #: how many programmes it rests on in all
    programme_count: int = 0


class SuggestionOut(_Out):
    id: str
    name: str
    sector: str | None = None
    score: float
    parts: dict[str, float]
    area_level: int
    distance_km: float | None = None
    area: dict[str, str] | None = None
    reasons: list[ReasonOut]
    also: list[dict[str, str]] = []


class ComplementaryOut(_Out):
    role: str
    label: str
    text: str
    suggestions: list[SuggestionOut]


class SuggestionResultOut(_Out):
    organisation: dict[str, str] | None = None
    need: str | None = None
    area: dict[str, str] | None = None
    reach: str
    reach_km: float
    weights: dict[str, float]
    suggestions: list[SuggestionOut]
    farther: list[SuggestionOut] = []
    complementary: list[ComplementaryOut] = []
    message: str | None = None
    around: dict[str, str] | None = None


class PlaceOut(_Out):
    code: str
    name: str
    full_name: str


RoleParam = Annotated[str | None, Query(title="Role wanted", description="venue, publicity, funding, …")]
AreaParam = Annotated[str | None, Query(title="Area code", pattern=r"^\d{2}(\d{3})?$",
                                        description="JIS X 0402 市区町村コード (5桁) または都道府県コード (2桁)")]
KParam = Annotated[int, Query(ge=1, le=100, title="How many suggestions")]


@router.get("/organisations/{org_id}/suggestions", response_model=SuggestionResultOut)
async def organisation_suggestions(
    request: Request, org_id: str,
    role: RoleParam = None, area: AreaParam = None, k: KParam = 10,
) -> SuggestionResultOut:
    """Organisations that are not yet partners of `org_id` (an id or a name), best first,
    within the reach of the role asked (locally when none is), each with its score, the
    score's parts, its distance and reasons pointing at evidence pages; `farther` lists
    those beyond reach apart, `complementary` the local roles its programmes lack."""
    def answer(store: GraphStore) -> str:
        try:
            result = suggest_for_organisation(store, org_id, role=role, area=area, k=k)
        except OrganisationNotFound as exc:
            raise HTTPException(status_code=404, detail={"message": str(exc),
                                                         "candidates": exc.candidates}) from exc
        except SuggestError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        # the suggester's dataclasses have the response model's very fields, in its order
        # (tests/test_api.py): encoded at once, a third of validating them field by field
        return to_body(result)

    # the model documents the answer; the route sends the body it encoded itself
    return Response(await with_store(request, answer),  # type: ignore[return-value]
                    media_type="application/json")


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header takes gzip: named (or ``*``) with a q above 0."""
    weights: dict[str, float] = {}
    for item in (accept_encoding or "").split(","):
        token, *params = item.split(";")
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[token.strip().lower()] = q
    for name in ("gzip", "x-gzip"):
        if name in weights:
            return weights[name] > 0
    return weights.get("*", 0.0) > 0


@router.get("/suggestions", response_model=SuggestionResultOut)
async def need_suggestions(
    request: Request,
    need: Annotated[str, Query(title="Role wanted", description="venue, publicity, funding, …")],
    area: AreaParam = None, k: KParam = 10,
) -> SuggestionResultOut:
    """Organisations that have played role `need`: for a local role only those within
    its reach of `area` (the same prefecture or 30 km between centroids; `farther` lists
    the rest apart, nearest first, and `message` says why when none is near); for a
    role that travels, from anywhere, nearer first."""
    gzip_ok = accepts_gzip(request.headers.get("accept-encoding"))

    def answer(store: GraphStore) -> Response:
        try:
            packed = stored_need_body(store, need, area=area, k=k)
            if packed is None:
                result = SuggestionResultOut.model_validate(suggest_for_need(store, need, area=area, k=k))
                return Response(result.model_dump_json(), media_type="application/json")
        except SuggestError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        # stored on load in this very shape, gzip-compressed (tests/test_answers.py):
        # sent as it is to a client that takes gzip, unpacked for any other
        headers = {"Vary": "Accept-Encoding"}
        if gzip_ok:
            headers["Content-Encoding"] = "gzip"
            return Response(packed, media_type="application/json", headers=headers)
        return Response(unpack(packed), media_type="application/json", headers=headers)

    return await with_store(request, answer)  # type: ignore[return-value]


def warm_suggester(store: GraphStore) -> None:
    """Build at the server's start what every suggestion reads and the first request
    would otherwise build (about 0.3 s of CPU at 100k organisations) while the others
    wait, or, concurrent, each build again (16 first requests took 46 ms of server CPU
    each instead of 20): the gazetteer and the centroids, what a request works out
    about each place (seeds.warm_areas), every organisation's features and every
    programme's title (fetch.preload), then, by asking for one organisation's
    partners in a role and without, the suggester's modules and reads."""
    from tsunagari.loaders.places import gazetteer

    from tsunagari.suggest.fetch import preload
    from tsunagari.suggest.scope import centroids
    from tsunagari.suggest.seeds import warm_areas

    gazetteer()
    centroids()
    warm_areas()
    preload(store)
    found = store.query("organisation_in_a_programme")
    if found:
        for role in (None, ASKABLE_ROLES[0]):
            suggest_for_organisation(store, found[0]["id"], role=role, k=10)


@router.get("/places", response_model=list[PlaceOut])
def places(q: Annotated[str, Query(min_length=1, max_length=40, title="Place name or code",
                                   description="「世田谷」→ 東京都世田谷区")]) -> list[PlaceOut]:
    """Municipalities and prefectures a name may mean, best match first."""
    return [PlaceOut.model_validate(p) for p in find_places(q)]
