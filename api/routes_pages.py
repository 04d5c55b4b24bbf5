"""HTML pages for officials: home, search, organisation, municipality, prefecture,
programme, the map of Japan, network exports, and the static files they use.

Pages are server-rendered with autoescaping on; the network of a page travels
as JSON in a ``<script type="application/json">`` block (``script_json`` escapes
``<``, ``>``, ``&`` and ``'``), and ``static/network.js`` puts names only into
text nodes and the canvas. A Content-Security-Policy allowing only this origin
backs that up: nothing on a page can load or run code from elsewhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from tsunagari.api.deps import get_store
from tsunagari.api.messages import status_message, validation_message
from tsunagari.api.routes_organisations import organisation_profile
from tsunagari.core.documents import citation_text
from tsunagari.core.places import covered, label_of, place_table
from tsunagari.core.vocabulary import (
    LEAD,
    PROGRAMME_KINDS,
    ROLE_COLOURS,
    ROLE_LABELS,
    SECTOR_COLOURS,
    SECTOR_LABELS,
)
from tsunagari.graph import GraphStore
from tsunagari.loaders.garbled import is_damaged
from tsunagari.viz.japan_map import JapanMap, japan_map, level
from tsunagari.viz.network import (
    AREA_DRAW_STEP,
    EXPORT_FORMATS,
    VIEWS,
    Filters,
    Network,
    area_memberships,
    ego_network,
    export,
    filtered,
    memberships,
    network_from_memberships,
    network_payload,
    partners_by_role,
    programme_network,
)
from tsunagari.viz.tiles import TILES

from tsunagari import search as search_service
from tsunagari import suggest

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
_env.globals.update(role_labels=ROLE_LABELS, role_colours=ROLE_COLOURS,
                    sector_labels=SECTOR_LABELS, sector_colours=SECTOR_COLOURS,
                    programme_kinds=PROGRAMME_KINDS, lead=LEAD)
# 「…取組事例集」 10行目, never 000_db7cee502450179d.txt:10 alone
_env.filters["cite"] = citation_text
# text a broken PDF font garbled: shown in small print as the source's, never as a name
_env.filters["damaged"] = is_damaged


def normalise_period(text: str) -> str:
    """A period as printed in the sources, in one house style: 〜 for ranges, no space
    inside 10 月, full-width colons, no check marks (「10 月-:準備」→「10月〜：準備」)."""
    out = re.sub(r"\s*[~～〜]\s*", "〜", text.replace("✓", " "))
    out = re.sub(r"(\d)\s+(年度|年|月|日)", r"\1\2", out)
    out = re.sub(r"(年|月|日|頃)\s*-\s*(?=[:：\s]|$)", r"\1〜", out)
    out = re.sub(r"\s*[:：]\s*", "：", out)
    return re.sub(r"\s+", " ", out).strip()


_env.filters["period"] = normalise_period

_JA = r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
_BRACKETED = re.compile(r"(?P<before>.?)\((?P<inner>[^()]*)\)")


def japanese_brackets(text: str) -> str:
    """Records keep quotes NFKC-normalised (half-width brackets); a reader of Japanese
    expects the document's （）: brackets that follow or hold Japanese are shown full-width
    (「龍雲寺(タノバ食堂…)」→「龍雲寺（タノバ食堂…）」), ASCII-only ones stay as they are."""
    def full(m: re.Match[str]) -> str:
        if re.search(_JA, m["before"] + m["inner"]):
            return f"{m['before']}（{m['inner']}）"
        return m[0]
    return _BRACKETED.sub(full, text)


_env.filters["ja"] = japanese_brackets


def script_json(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` block: UTF-8 rather than
    \\u escapes (a big map's payload is a third smaller), with the characters that
    could end the block or start markup escaped, as ``tojson`` does."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


_env.filters["script_json"] = script_json
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
    except ValueError:
        unknown = [f"「{name}」（{label}）の「{v}」"
                   for name, label, values, known in (
                       ("role", "役割", role, {*ROLE_LABELS, LEAD}),
                       ("sector", "セクター", sector, set(SECTOR_LABELS)))
                   for v in sorted(pick(values) or ()) if v not in known]
        raise HTTPException(status_code=422, detail="絞り込みに不明な値があります: "
                            + ("、".join(unknown) or "役割・セクター・支援事業の指定")) from None


RoleQ = Annotated[list[str] | None, Query(title="Roles to draw (role codes)")]
SectorQ = Annotated[list[str] | None, Query(title="Sectors to draw")]
SchemeQ = Annotated[list[str] | None, Query(title="Schemes whose programmes to draw (ids)")]
DepthQ = Annotated[int, Query(ge=1, le=2, title="Steps out from the organisation")]
ViewQ = Annotated[Literal["programmes", "organisations"],
                  Query(title="programmes: organisations and programmes; organisations: "
                              "organisation to organisation")]
assert set(VIEWS) == {"programmes", "organisations"}


def _network_context(net: Network, f: Filters, export_base: str,
                     view: str = "programmes") -> dict[str, Any]:
    """What _network.html needs of a network (organisation and programme pages)."""
    payload = network_payload(net, view)
    return {
        "payload": payload,
        "filters": f,
        "view": view,
        "schemes": sorted(net.schemes.items(), key=lambda kv: kv[1]),
        "export_base": export_base,
        "export_formats": EXPORT_FORMATS,
    }


def _place(store: GraphStore, code: str) -> dict[str, Any] | None:
    rows = store.query("place_by_code", code=code)
    return rows[0] if rows else None


def area_activity(store: GraphStore) -> dict[str, int]:
    """Programmes by place code, each counted once at every area that covers its target
    (itself, its prefecture, a ward's designated city): one aggregate in the store."""
    return {r["code"]: r["programmes"] for r in store.query("programme_counts_by_area")}


# Paths whose errors stay JSON: the API, exports and files.
_NOT_PAGES = ("/organisations", "/suggestions", "/complete", "/places", "/health", "/docs",
              "/redoc", "/openapi.json",
              "/network/", "/static/")


def wants_page(request: Request) -> bool:
    """A browser asking for a page gets errors as a page, in Japanese."""
    return ("text/html" in request.headers.get("accept", "")
            and not request.url.path.startswith(_NOT_PAGES))


def error_page(request: Request, status: int, detail: Any) -> HTMLResponse:
    """``detail``: a route's own message, or a validation error's list of errors."""
    if isinstance(detail, list):
        message = validation_message(detail)
    else:
        message = status_message(status, detail)
    response = render(request, "error.html", status=status, message=message)
    response.status_code = status
    return response


# -- pages ---------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: Store) -> HTMLResponse:
    cache = request.app.state.cache
    counts = cache.get(store, "counts", store.counts)
    activity = cache.get(store, "activity", lambda: area_activity(store))
    return render(request, "home.html", counts=counts, tiles=_tiles(store, activity),
                  active_municipalities=sum(1 for c, n in activity.items() if len(c) == 5 and n))


@router.get("/japan", response_class=HTMLResponse)
def japan(request: Request, store: Store) -> HTMLResponse:
    cache = request.app.state.cache
    activity = cache.get(store, "activity", lambda: area_activity(store))
    return render(request, "japan.html",
                  map=cache.get(store, "japan_map", lambda: _japan_map(store, activity)))


def _japan_map(store: GraphStore, activity: dict[str, int],
               focus: str | None = None) -> JapanMap:
    """The map's numbers: programmes per prefecture and per municipality. A designated
    city's wards are counted with the city (``area_activity`` does so) and get no circle of
    their own: one circle per city, as its page shows them."""
    names = {r["code"]: r["name"] for r in store.query("prefectures")}
    counts = {code: n for code, n in activity.items()
              if not place_table().designated_city(code)}
    labels = {code: label_of(code) for code in counts if len(code) == 5}
    return japan_map(names, counts, labels, focus)


def _tiles(store: GraphStore, activity: dict[str, int]) -> list[dict[str, Any]]:
    names = {r["code"]: r["name"] for r in store.query("prefectures")}
    most = max((activity.get(code, 0) for code in TILES), default=0) or 1
    out = []
    for code, (col, row) in sorted(TILES.items()):
        n = activity.get(code, 0)
        name = names.get(code, code)
        short = name[:-1] if name[-1:] in ("都", "府", "県") else name
        out.append({"code": code, "name": name, "short": short, "col": col + 1, "row": row + 1,
                    "count": n, "level": level(n, most)})
    return out


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, store: Store,
           q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    found = search_service.search(store, q, limit=50)
    return render(request, "search.html", q=" ".join(found.words), words=found.words,
                  orgs=found.organisations, programmes=found.programmes, places=found.places)


@router.get("/org/{org_id}", response_class=HTMLResponse)
def organisation_page(request: Request, org_id: str, store: Store, depth: DepthQ = 1,
                      role: RoleQ = None, sector: SectorQ = None,
                      view: ViewQ = "programmes") -> HTMLResponse:
    profile = organisation_profile(store, org_id, list_cap=PROFILE_LIST_CAP)
    if profile is None:
        raise HTTPException(status_code=404, detail=f"団体「{org_id}」は見つかりません")
    f = _filters(role, sector, None)
    net = ego_network(store, org_id, depth)
    base = None
    if profile.municipality_code or profile.prefecture_code:
        base = _place(store, profile.municipality_code or profile.prefecture_code or "")
        if base is not None:  # 北海道札幌市北区, not 北海道北区
            base["label"] = label_of(base["code"])
    led = [p for p in profile.programmes if "lead" in p.roles]
    joined = [p for p in profile.programmes if "lead" not in p.roles]
    return render(request, "organisation.html", org=profile, base=base, led=led, joined=joined,
                  suggestions=(_suggestions(store, org_id) if profile.collaborators <= PAGE_SUGGEST_MAX
                               else None),
                  depth=depth,
                  ego_drawn=net.programmes_drawn, ego_budget=net.node_budget, list_cap=PROFILE_LIST_CAP,
                  **_network_context(net, f, f"/network/org/{quote(org_id)}?depth={depth}", view))


#: An organisation page suggests partners itself (with no role: the local roles its
#: programmes lack, and friends of friends read live) for an organisation with at most
#: this many collaborators; one with more (a national hub with 49,784 at 100k synthetic
#: organisations took 11.6 s) is pointed to the partner finder, where a role picked is
#: answered from stored data.
PAGE_SUGGEST_MAX = 2000

#: An organisation page lists this many of its programmes, and of its partners in each
#: role, and says how many more there are (a national hub at 100k synthetic
#: organisations is in 9,086 programmes beside 118,913 partners: a 27 MB page).
PROFILE_LIST_CAP = 200


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
        raise HTTPException(status_code=404, detail=f"{kind}「{code}」は見つかりません")
    return place


DrawQ = Annotated[int, Query(ge=1, le=5000,
                             title="How many programmes the map draws at most (most partners first)")]
PageQ = Annotated[int, Query(ge=1, le=100_000, title="Page of the programme list")]
PER_PAGE = 50  # programmes listed per page of an area


# An area page lists at most this many organisations per role as text (a big
# prefecture has thousands); the map's role filter shows the rest.
ROLE_LIST_CAP = 30
# The map of an area draws its busiest programmes (most partners first) up to
# ``draw`` of them, and no more than this many organisations and programmes for
# every AREA_DRAW_STEP asked: at 100,000 organisations the 60 busiest programmes
# of a prefecture have over 2,000 members, whose layout took seconds and whose
# JSON weighed 1.3 MB. 「さらに表示」 raises both.
AREA_NODE_BUDGET = 500


def _drawn(busiest: list[dict[str, Any]], draw: int) -> list[dict[str, Any]]:
    """The busiest programmes the map draws: in order, while the nodes they may add
    (each programme and its lead and partners) fit the budget; at least one."""
    budget = AREA_NODE_BUDGET * max(1, draw) / AREA_DRAW_STEP
    out: list[dict[str, Any]] = []
    nodes = 0
    for p in busiest[:draw]:
        cost = p["partners"] + 2
        if out and nodes + cost > budget:
            break
        out.append(p)
        nodes += cost
    return out


#: An area with at most this many programmes reads them all at once (``area_rows``: one
#: query, kept per graph version), and takes its count, its list's pages and its map's
#: busiest programmes from them; a bigger one reads only what a page shows, its busiest
#: programmes and one page of its list, each with a query of its own (a prefecture at
#: 100k has up to 10,413 programmes: ~80 ms to read them all, ~50 ms of which making rows).
AREA_ROWS_MAX = 1000


def reads_whole(programmes: int) -> bool:
    """Whether an area of this many programmes reads them all at once (``area_rows``)."""
    return programmes <= AREA_ROWS_MAX


def area_rows(store: GraphStore, codes: Sequence[str], partners: bool = True) -> list[dict[str, Any]]:
    """Every programme targeting one of ``codes`` in title order (then id), with its
    leads and how many partner organisations it has: one query, from which a small area's
    page takes its count, its list a page at a time and the busiest programmes its map
    draws. Without ``partners``, no counts: a list that is not drawn (a prefecture's own
    programmes)."""
    rows = store.query("area_programme_rows" if partners else "area_programme_list", codes=list(codes))
    rows.sort(key=lambda r: (r["title"] is None, r["title"] or "", r["id"]))
    return rows


def _busiest(rows: list[dict[str, Any]], draw: int) -> list[dict[str, Any]]:
    """The ``draw`` programmes with the most partners, then by title and id."""
    return sorted(rows, key=lambda r: -r["partners"])[:draw]  # stable: title order within


#: What a small area's map reads of the programmes it draws, their members and schemes,
#: is read in one query from the area while the area is small beside what is drawn, else
#: programme by programme through its key (about a millisecond each on the embedded
#: engine, which walks some 400 memberships, or 100 programmes for their schemes, in
#: that time: at 100k an area's 10 drawn programmes of 3,489 took 43 ms from the area and
#: 9 ms one by one; a municipality's 38 of 120, 6 ms and 19 ms).
WALK_PER_LOOKUP = 400
SCHEME_WALK_PER_LOOKUP = 100


def _drawn_schemes(store: GraphStore, codes: list[str], ids: list[str],
                   programmes: int) -> dict[str, list[tuple[str, str]]]:
    """The schemes (id, title) of the drawn programmes ``ids`` of an area of
    ``programmes`` programmes."""
    out: dict[str, list[tuple[str, str]]] = {}
    if not ids:
        return out
    if programmes <= SCHEME_WALK_PER_LOOKUP * len(ids):
        wanted = set(ids)
        for r in store.query("area_programme_schemes", codes=codes):
            if r["id"] in wanted and r["scheme_id"]:
                out.setdefault(r["id"], []).append((r["scheme_id"], r["scheme_title"]))
        return out
    for pid in ids:
        found = [(r["scheme_id"], r["scheme_title"])
                 for r in store.query("schemes_of_programme", programme=pid) if r["scheme_id"]]
        if found:
            out[pid] = found
    return out


def _area_network(store: GraphStore, code: str, draw: int,
                  rows: list[dict[str, Any]] | None = None) -> tuple[Network, int, int]:
    """The network the map of an area draws, how many programmes it draws, and how
    many the area has. ``rows``: a small area's ``area_rows``; without them, the busiest
    programmes and the count are read on their own (a big area, or an export)."""
    codes = covered(code)
    if rows is None:
        total = store.query("area_programme_count", codes=codes)[0]["programmes"]
        drawn = _drawn(store.query("area_busiest_programmes", codes=codes, limit=draw), draw)
        ids = [p["id"] for p in drawn]
        programme_schemes = {p["id"]: [s for s in p["scheme_ids"] if s] for p in drawn}
        titles = {sid: title for p in drawn
                  for sid, title in zip(p["scheme_ids"], p["scheme_titles"], strict=False) if sid}
        members = memberships(store, ids)
    else:
        total = len(rows)
        drawn = _drawn(_busiest(rows, draw), draw)
        ids = [p["id"] for p in drawn]
        schemes = _drawn_schemes(store, codes, ids, total)
        programme_schemes = {pid: [sid for sid, _ in schemes.get(pid, [])] for pid in ids}
        titles = {sid: title for pid in ids for sid, title in sorted(schemes.get(pid, []))}
        # the area query walks every membership of the area's programmes (partners and a lead each)
        walked = sum(r["partners"] + 1 for r in rows)
        members = (area_memberships(store, codes, ids) if walked <= WALK_PER_LOOKUP * len(ids)
                   else memberships(store, ids))
    net = network_from_memberships(members, programme_schemes=programme_schemes, scheme_titles=titles)
    net.programmes_total, net.programmes_drawn = total, len(drawn)
    return net, len(drawn), total


def area_view(store: GraphStore, code: str, draw: int = AREA_DRAW_STEP,
              view: str = "programmes", rows: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What an area page computes of its map: the network it draws (its busiest
    programmes, laid out, as the page embeds it), their partners by role, and how many
    programmes the area has (``rows``: a small area's ``area_rows``). The programme list
    is read a page at a time (``area_programmes``)."""
    net, drawn, total = _area_network(store, code, draw, rows)
    by_role, share = partners_by_role(net.graph)
    return {"payload": network_payload(net, view), "by_role": by_role, "share": share,
            "schemes": sorted(net.schemes.items(), key=lambda kv: kv[1]),
            "drawn": drawn, "total": total}


def area_programmes(store: GraphStore, codes: list[str], page: int = 1,
                    rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One page of an area's programmes in title order: a slice of a small area's
    ``area_rows``, or read as such from the store."""
    if rows is not None:
        return rows[(page - 1) * PER_PAGE:page * PER_PAGE]
    return store.query("area_programmes_page", codes=codes, except_codes=[],
                       skip=(page - 1) * PER_PAGE, limit=PER_PAGE)


def _area_rows(request: Request, store: GraphStore, code: str) -> list[dict[str, Any]] | None:
    """A small area's ``area_rows``, read once per graph version (every view, page and
    ``draw`` of it reads them); None for a big one."""
    cache = request.app.state.cache
    activity = cache.get(store, "activity", lambda: area_activity(store))
    if not reads_whole(activity.get(code, 0)):
        return None
    return cache.get(  # type: ignore[no-any-return]
        store, ("area_rows", code), lambda: area_rows(store, covered(code)))


def _area(request: Request, store: GraphStore, code: str, draw: int,
          view: str) -> dict[str, Any]:
    """``area_view``, computed once per graph version."""
    return request.app.state.cache.get(  # type: ignore[no-any-return]
        store, ("area", code, draw, view),
        lambda: area_view(store, code, draw, view, _area_rows(request, store, code)))


def _area_page(request: Request, store: GraphStore, code: str, page: int) -> list[dict[str, Any]]:
    rows = _area_rows(request, store, code)
    if rows is not None:
        return area_programmes(store, covered(code), page, rows)
    return request.app.state.cache.get(  # type: ignore[no-any-return]
        store, ("area_page", code, page), lambda: area_programmes(store, covered(code), page))


def wider_programmes(own: list[dict[str, Any]], mine: set[str]) -> list[dict[str, Any]]:
    """A prefecture's own programmes (``area_rows(store, [prefecture], partners=False)``)
    that a municipality's page lists as its prefecture's: all but the municipality's own
    (``mine``: the ids of the programmes targeting a place it covers)."""
    return [r for r in own if r["id"] not in mine]


def _own_ids(request: Request, store: GraphStore, code: str) -> set[str]:
    """The ids of an area's programmes: from a small area's rows, else read."""
    rows = _area_rows(request, store, code)
    if rows is not None:
        return {r["id"] for r in rows}
    return request.app.state.cache.get(  # type: ignore[no-any-return]
        store, ("area_ids", code),
        lambda: {r["id"] for r in store.query("area_programme_ids", codes=covered(code))})


def _area_context(request: Request, store: GraphStore, area: dict[str, Any], f: Filters,
                  level: str, code: str, draw: int, page: int, view: str) -> dict[str, Any]:
    total = area["total"]
    pages = max(1, -(-total // PER_PAGE))
    page = min(page, pages)
    capped = area["drawn"] < total
    export_base = f"/network/{level}/{code}?" + (f"draw={draw}" if capped else "")
    return {
        "payload": area["payload"], "filters": f, "view": view, "schemes": area["schemes"],
        "by_role": area["by_role"], "share": area["share"], "role_list_cap": ROLE_LIST_CAP,
        "export_base": export_base, "export_formats": EXPORT_FORMATS,
        "total": total, "listed": _area_page(request, store, code, page) if total else [],
        "page": page, "pages": pages, "per_page": PER_PAGE,
        "drawn": area["drawn"], "draw": draw,
        "more_url": (str(request.url.include_query_params(draw=draw + AREA_DRAW_STEP))
                     if capped else None),
    }


@router.get("/municipality/{code}", response_class=HTMLResponse)
def municipality_page(request: Request, code: str, store: Store, role: RoleQ = None,
                      sector: SectorQ = None, scheme: SchemeQ = None,
                      view: ViewQ = "programmes",
                      draw: DrawQ = AREA_DRAW_STEP, page: PageQ = 1) -> HTMLResponse:
    place = _place_or_404(store, code, 5, "市区町村")
    f = _filters(role, sector, scheme)
    area = _area(request, store, code, draw, view)
    # Programmes for the whole prefecture reach this municipality too; they are
    # listed (the first page of them), not drawn, so the map stays the city's own.
    # The prefecture's own programmes are read once for all its municipalities.
    pref = place["prefecture_code"]
    own = request.app.state.cache.get(store, ("prefecture_own", pref),
                                      lambda: area_rows(store, [pref], partners=False))
    wider_all = wider_programmes(own, _own_ids(request, store, code))
    return render(request, "area.html", place=place, level="municipality",
                  municipalities=[], wider=wider_all[:PER_PAGE], wider_total=len(wider_all),
                  **_area_context(request, store, area, f, "municipality", code, draw, page, view))


@router.get("/prefecture/{code}", response_class=HTMLResponse)
def prefecture_page(request: Request, code: str, store: Store, role: RoleQ = None,
                    sector: SectorQ = None, scheme: SchemeQ = None,
                    view: ViewQ = "programmes",
                    draw: DrawQ = AREA_DRAW_STEP, page: PageQ = 1) -> HTMLResponse:
    place = _place_or_404(store, code, 2, "都道府県")
    f = _filters(role, sector, scheme)
    area = _area(request, store, code, draw, view)
    cache = request.app.state.cache
    activity = cache.get(store, "activity", lambda: area_activity(store))

    def active() -> list[dict[str, Any]]:
        munis = store.query("municipalities_of_prefecture", code=code)
        counts = {r["code"]: r["programmes"] for r in
                  store.query("programme_counts_by_place", codes=[m["code"] for m in munis])}
        return [{**m, "count": counts[m["code"]]} for m in munis if counts.get(m["code"])]

    municipalities = cache.get(store, ("active", code), active)
    japan = cache.get(store, ("japan_map", code), lambda: _japan_map(store, activity, code))
    return render(request, "area.html", place=place, level="prefecture",
                  municipalities=municipalities, map=japan,
                  **_area_context(request, store, area, f, "prefecture", code, draw, page, view))


@router.get("/programme/{programme_id}", response_class=HTMLResponse)
def programme_page(request: Request, programme_id: str, store: Store, role: RoleQ = None,
                   sector: SectorQ = None, view: ViewQ = "programmes") -> HTMLResponse:
    rows = store.query("programme_by_id", id=programme_id)
    if not rows:
        raise HTTPException(status_code=404, detail=f"取組「{programme_id}」は見つかりません")
    prog = rows[0]
    members = memberships(store, [programme_id])
    leads = [m for m in members if m["role"] == "lead"]
    by_role: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        if m["role"] != "lead":
            by_role.setdefault(m["role"] or "unspecified", []).append(m)
    ordered = [(r, by_role[r]) for r in ROLE_LABELS if r in by_role]
    sources = sorted({m["source"] for m in members if m["source"]})
    f = _filters(role, sector, None)
    net = programme_network(store, programme_id)
    _, share = partners_by_role(net.graph)
    return render(request, "programme.html", prog=prog, leads=leads, partners_by_role=ordered,
                  categories=_categories(store, programme_id),
                  share=share,
                  areas=[a for a in prog["areas"] if a.get("code")],
                  parents=[p for p in prog["parents"] if p.get("id")],
                  children=[c for c in prog["children"] if c.get("id")], sources=sources,
                  **_network_context(net, f, f"/network/programme/{quote(programme_id)}?", view))


def _categories(store: GraphStore, programme_id: str) -> list[dict[str, Any]]:
    """The participant categories of a programme, one entry per category with its roles."""
    out: dict[str, dict[str, Any]] = {}
    for r in store.query("categories_of_programme", id=programme_id):
        entry = out.setdefault(r["id"], {"name": r["name"], "labels": [], "role_text": r["role_text"]})
        entry["labels"].append(ROLE_LABELS.get(r["role"], r["role"]))
    return list(out.values())


# -- exports ---------------------------------------------------------------------

SCOPES = ("org", "municipality", "prefecture", "programme")


@router.get("/network/{scope}/{key}")
def network_export(scope: str, key: str, store: Store,
                   format: Annotated[str, Query(title="graphml, gexf or csv")] = "graphml",
                   depth: DepthQ = 1, role: RoleQ = None, sector: SectorQ = None,
                   scheme: SchemeQ = None, view: ViewQ = "programmes",
                   draw: Annotated[int | None, Query(ge=1)] = None) -> Response:
    """The filtered subgraph a page draws, as GraphML, GEXF or CSV (``draw``: as
    many programmes as the area page drew; all of them without it)."""
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
        if draw is not None:
            net = _area_network(store, key, draw)[0]
        else:
            return _whole_area_export(store, scope, key, format, f, view)
    body, media = export(filtered(net, f), format, view)
    return Response(body, media_type=media, headers=_attachment(scope, key, format, view))


def _attachment(scope: str, key: str, format: str, view: str) -> dict[str, str]:
    safe_key = re.sub(r"[^A-Za-z0-9_.-]", "_", key)
    suffix = "" if view == "programmes" else f"-{view}"
    return {"Content-Disposition":
            f'attachment; filename="tsunagari-{scope}-{safe_key}{suffix}.{format}"'}


#: A whole area (no ``draw``) is exported as CSV a batch of programmes at a time, streamed:
#: the first rows leave within a second whatever the area's size. GraphML and GEXF are
#: one document each and are made whole, for areas of at most AREA_XML_LIMIT programmes;
#: a bigger area answers 413 and names the ways out (CSV, or ``draw`` as the map does).
EXPORT_BATCH = 100
AREA_XML_LIMIT = 1000


def _batch_network(store: GraphStore, ids: list[str], f: Filters) -> Network:
    """The network of these programmes' members (with their schemes when the filter
    asks for some)."""
    if not ids:
        return network_from_memberships([])
    schemes = ({r["id"]: r["scheme_ids"] for r in store.query("schemes_of_programmes", ids=ids)}
               if f.schemes is not None else None)
    return network_from_memberships(memberships(store, ids),
                                    programme_schemes=schemes)


def _whole_area_export(store: GraphStore, scope: str, key: str, format: str, f: Filters,
                       view: str) -> Response:
    ids = [r["id"] for r in store.query("area_programme_ids", codes=covered(key))]
    headers = _attachment(scope, key, format, view)
    if format != "csv":
        if len(ids) > AREA_XML_LIMIT:
            raise HTTPException(status_code=413, detail=(
                f"この地域の取組は {len(ids)} 件あり、{format} で一度に書き出せる "
                f"{AREA_XML_LIMIT} 件を超えています。format=csv（全件を順に送ります）か、"
                f"draw={AREA_DRAW_STEP} のように件数を指定してください"))
        body, media = export(filtered(_batch_network(store, ids, f), f), format, view)
        return Response(body, media_type=media, headers=headers)

    def batches() -> Iterator[bytes]:
        for i in range(0, max(len(ids), 1), EXPORT_BATCH):
            batch = ids[i:i + EXPORT_BATCH]
            body, _ = export(filtered(_batch_network(store, batch, f), f), "csv", view)
            if i:  # the BOM and the header line once, at the start
                body = body.split(b"\r\n", 1)[1]
            yield body

    return StreamingResponse(batches(), media_type="text/csv; charset=utf-8", headers=headers)


# -- static files ------------------------------------------------------------------

_MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".png": "image/png", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8"}


# No file under api/static has a longer path or name; longer ones are 404 before any disk access.
_STATIC_PATH_MAX = 255


@router.get("/static/{path:path}")
def static(path: str) -> FileResponse:
    """Files under api/static only: no path may leave that folder, and no path
    (a NUL byte, a name too long for the disk) makes an error of the server's."""
    if len(path) > _STATIC_PATH_MAX or "\x00" in path or "\\" in path:
        raise HTTPException(status_code=404, detail="not found")
    try:
        target = (STATIC / path).resolve()
        found = target.is_relative_to(STATIC) and target.is_file()
    except (OSError, ValueError):
        found = False
    if not found:
        raise HTTPException(status_code=404, detail="not found")
    media = _MEDIA.get(target.suffix, "application/octet-stream")
    return FileResponse(target, media_type=media, headers={"Cache-Control": "public, max-age=3600"})
