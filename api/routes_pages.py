"""HTML pages for officials: home, search, organisation, municipality, prefecture,
programme, the map of Japan, network exports, and the static files they use.

Pages are server-rendered with autoescaping on; the network of a page travels
as JSON in a ``<script type="application/json">`` block (``tojson`` escapes
``<``, ``>``, ``&`` and ``'``), and ``static/network.js`` puts names only into
text nodes and the canvas. A Content-Security-Policy allowing only this origin
backs that up: nothing on a page can load or run code from elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from tsunagari.api.deps import get_store
from tsunagari.api.routes_organisations import organisation_profile, search_text
from tsunagari.core.places import covered, covering
from tsunagari.core.vocabulary import (
    LEAD,
    PROGRAMME_KINDS,
    ROLE_COLOURS,
    ROLE_LABELS,
    SECTOR_COLOURS,
    SECTOR_LABELS,
)
from tsunagari.graph import GraphStore
from tsunagari.viz.network import (
    EXPORT_FORMATS,
    Filters,
    Network,
    area_network,
    ego_network,
    export,
    filtered,
    programme_network,
    vis_payload,
)
from tsunagari.viz.tiles import TILES

from tsunagari import suggest

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
_env.globals.update(role_labels=ROLE_LABELS, role_colours=ROLE_COLOURS,
                    sector_labels=SECTOR_LABELS, sector_colours=SECTOR_COLOURS,
                    programme_kinds=PROGRAMME_KINDS, lead=LEAD)
templates = Jinja2Templates(env=_env)

# 'unsafe-inline' styles only: vis-network sets element styles and injects its CSS.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
NOTHING = "-"  # a filter sent with no box ticked: draw nothing, not everything

router = APIRouter(include_in_schema=False)
Store = Annotated[GraphStore, Depends(get_store)]


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _filters(role: list[str] | None, sector: list[str] | None,
             scheme: list[str] | None) -> Filters:
    def pick(values: list[str] | None) -> frozenset[str] | None:
        if values is None:
            return None
        return frozenset(v for v in values if v and v != NOTHING)

    try:
        return Filters.checked(pick(role), pick(sector), pick(scheme))
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


RoleQ = Annotated[list[str] | None, Query(title="Roles to draw (role codes)")]
SectorQ = Annotated[list[str] | None, Query(title="Sectors to draw")]
SchemeQ = Annotated[list[str] | None, Query(title="Schemes whose programmes to draw (ids)")]
DepthQ = Annotated[int, Query(ge=1, le=2, title="Steps out from the organisation")]


def _network_context(net: Network, f: Filters, export_base: str) -> dict[str, Any]:
    payload = vis_payload(net)
    return {
        "payload": payload,
        "filters": f,
        "schemes": sorted(net.schemes.items(), key=lambda kv: kv[1]),
        "export_base": export_base,
        "export_formats": EXPORT_FORMATS,
    }


def _place(store: GraphStore, code: str) -> dict[str, Any] | None:
    rows = store.query("place_by_code", code=code)
    return rows[0] if rows else None


def _activity(store: GraphStore) -> dict[str, set[str]]:
    """Programme ids by place code, each counted at every area that covers its target."""
    by_code: dict[str, set[str]] = {}
    for r in store.query("programme_targets"):
        for area in covering(r["code"]):
            by_code.setdefault(area, set()).add(r["programme_id"])
    return by_code


# Paths whose errors stay JSON: the API, exports and files.
_NOT_PAGES = ("/organisations", "/suggestions", "/health", "/docs", "/redoc", "/openapi.json",
              "/network/", "/static/")


def wants_page(request: Request) -> bool:
    """A browser asking for a page gets errors as a page, in Japanese."""
    return ("text/html" in request.headers.get("accept", "")
            and not request.url.path.startswith(_NOT_PAGES))


def error_page(request: Request, status: int, detail: Any) -> HTMLResponse:
    message = detail if isinstance(detail, str) else "入力の形式が正しくありません"
    response = render(request, "error.html", status=status, message=message)
    response.status_code = status
    return response


# -- pages ---------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: Store) -> HTMLResponse:
    counts = store.counts()
    activity = _activity(store)
    return render(request, "home.html", counts=counts, tiles=_tiles(store, activity),
                  active_municipalities=sum(1 for c in activity if len(c) == 5))


@router.get("/japan", response_class=HTMLResponse)
def japan(request: Request, store: Store) -> HTMLResponse:
    return render(request, "japan.html", tiles=_tiles(store, _activity(store)))


def _tiles(store: GraphStore, activity: dict[str, set[str]]) -> list[dict[str, Any]]:
    names = {r["code"]: r["name"] for r in store.query("prefectures")}
    most = max((len(activity.get(code, ())) for code in TILES), default=0) or 1
    out = []
    for code, (col, row) in sorted(TILES.items()):
        n = len(activity.get(code, ()))
        level = 0 if n == 0 else 1 + min(3, (4 * n - 1) // most)
        name = names.get(code, code)
        short = name[:-1] if name[-1:] in ("都", "府", "県") else name
        out.append({"code": code, "name": name, "short": short, "col": col + 1, "row": row + 1,
                    "count": n, "level": level})
    return out


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, store: Store,
           q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    text, key = search_text(q) if q.strip() else ("", "")
    orgs = programmes = places = []
    if text:
        orgs = store.query("search_organisations", q=text, key=key, limit=50)
        programmes = store.query("search_programmes", q=text, limit=50)
        places = store.query("search_places", q=text, limit=50)
    return render(request, "search.html", q=text, orgs=orgs, programmes=programmes, places=places)


@router.get("/org/{org_id}", response_class=HTMLResponse)
def organisation_page(request: Request, org_id: str, store: Store, depth: DepthQ = 1,
                      role: RoleQ = None, sector: SectorQ = None) -> HTMLResponse:
    profile = organisation_profile(store, org_id)
    if profile is None:
        raise HTTPException(status_code=404, detail=f"団体 {org_id!r} は見つかりません")
    f = _filters(role, sector, None)
    net = ego_network(store, org_id, depth)
    base = None
    if profile.municipality_code or profile.prefecture_code:
        base = _place(store, profile.municipality_code or profile.prefecture_code or "")
    led = [p for p in profile.programmes if "lead" in p.roles]
    joined = [p for p in profile.programmes if "lead" not in p.roles]
    return render(request, "organisation.html", org=profile, base=base, led=led, joined=joined,
                  suggestions=_suggestions(store, org_id), depth=depth,
                  **_network_context(net, f, f"/network/org/{quote(org_id)}?depth={depth}"))


def _suggestions(store: GraphStore, org_id: str) -> list[Any]:
    """The partner finder's best five."""
    try:
        return list(suggest.suggest_for_organisation(store, org_id, k=5).suggestions)
    except (suggest.SuggestError, suggest.OrganisationNotFound):
        return []


def _place_or_404(store: GraphStore, code: str, digits: int, kind: str) -> dict[str, Any]:
    if not (code.isascii() and code.isdigit() and len(code) == digits):
        raise HTTPException(status_code=404, detail=f"{kind}コードは{digits}桁です")
    place = _place(store, code)
    if place is None:
        raise HTTPException(status_code=404, detail=f"{kind} {code} は見つかりません")
    return place


@router.get("/municipality/{code}", response_class=HTMLResponse)
def municipality_page(request: Request, code: str, store: Store, role: RoleQ = None,
                      sector: SectorQ = None, scheme: SchemeQ = None) -> HTMLResponse:
    place = _place_or_404(store, code, 5, "市区町村")
    f = _filters(role, sector, scheme)
    net, programmes = area_network(store, covered(code))
    # Programmes for the whole prefecture reach this municipality too; they are
    # listed, not drawn, so the map stays the city's own.
    shown = {p["id"] for p in programmes}
    wider = [p for p in store.query("programmes_targeting_places", codes=[place["prefecture_code"]])
             if p["id"] not in shown]
    return render(request, "area.html", place=place, level="municipality", programmes=programmes,
                  municipalities=[], wider=wider,
                  **_network_context(net, f, f"/network/municipality/{code}?"))


@router.get("/prefecture/{code}", response_class=HTMLResponse)
def prefecture_page(request: Request, code: str, store: Store, role: RoleQ = None,
                    sector: SectorQ = None, scheme: SchemeQ = None) -> HTMLResponse:
    place = _place_or_404(store, code, 2, "都道府県")
    munis = store.query("municipalities_of_prefecture", code=code)
    f = _filters(role, sector, scheme)
    net, programmes = area_network(store, covered(code))
    activity = _activity(store)
    active = [{**m, "count": len(activity[m["code"]])} for m in munis if m["code"] in activity]
    return render(request, "area.html", place=place, level="prefecture", programmes=programmes,
                  municipalities=active,
                  **_network_context(net, f, f"/network/prefecture/{code}?"))


@router.get("/programme/{programme_id}", response_class=HTMLResponse)
def programme_page(request: Request, programme_id: str, store: Store, role: RoleQ = None,
                   sector: SectorQ = None) -> HTMLResponse:
    rows = store.query("programme_by_id", id=programme_id)
    if not rows:
        raise HTTPException(status_code=404, detail=f"取組 {programme_id!r} は見つかりません")
    prog = rows[0]
    members = store.query("memberships_of_programmes", ids=[programme_id])
    leads = [m for m in members if m["role"] == "lead"]
    by_role: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        if m["role"] != "lead":
            by_role.setdefault(m["role"] or "unspecified", []).append(m)
    ordered = [(r, by_role[r]) for r in ROLE_LABELS if r in by_role]
    sources = sorted({m["source"] for m in members if m["source"]})
    f = _filters(role, sector, None)
    net = programme_network(store, programme_id)
    return render(request, "programme.html", prog=prog, leads=leads, partners_by_role=ordered,
                  areas=[a for a in prog["areas"] if a.get("code")],
                  parents=[p for p in prog["parents"] if p.get("id")],
                  children=[c for c in prog["children"] if c.get("id")], sources=sources,
                  **_network_context(net, f, f"/network/programme/{quote(programme_id)}?"))


# -- exports ---------------------------------------------------------------------

SCOPES = ("org", "municipality", "prefecture", "programme")


@router.get("/network/{scope}/{key}")
def network_export(scope: str, key: str, store: Store,
                   format: Annotated[str, Query(title="graphml, gexf or csv")] = "graphml",
                   depth: DepthQ = 1, role: RoleQ = None, sector: SectorQ = None,
                   scheme: SchemeQ = None) -> Response:
    """The filtered subgraph a page draws, as GraphML, GEXF or CSV."""
    if scope not in SCOPES:
        raise HTTPException(status_code=404, detail=f"scope must be one of {', '.join(SCOPES)}")
    if format not in EXPORT_FORMATS:
        raise HTTPException(status_code=422,
                            detail=f"format must be one of {', '.join(EXPORT_FORMATS)}")
    f = _filters(role, sector, scheme)
    if scope == "org":
        if not store.query("organisation_by_id", id=key):
            raise HTTPException(status_code=404, detail=f"no organisation {key!r}")
        net = ego_network(store, key, depth)
    elif scope == "programme":
        if not store.query("programme_by_id", id=key):
            raise HTTPException(status_code=404, detail=f"no programme {key!r}")
        net = programme_network(store, key)
    else:
        place = _place(store, key) if re.fullmatch(r"\d{2}|\d{5}", key) else None
        if place is None:
            raise HTTPException(status_code=404, detail=f"no place {key!r}")
        net, _ = area_network(store, covered(key))
    body, media = export(filtered(net, f), format)
    safe_key = re.sub(r"[^A-Za-z0-9_.-]", "_", key)
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="tsunagari-{scope}-{safe_key}.{format}"'})


# -- static files ------------------------------------------------------------------

_MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".png": "image/png", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8"}


@router.get("/static/{path:path}")
def static(path: str) -> FileResponse:
    """Files under api/static only: no path may leave that folder."""
    target = (STATIC / path).resolve()
    if not target.is_relative_to(STATIC) or not target.is_file():
        raise HTTPException(status_code=404, detail="not found")
    media = _MEDIA.get(target.suffix, "application/octet-stream")
    return FileResponse(target, media_type=media, headers={"Cache-Control": "public, max-age=3600"})
