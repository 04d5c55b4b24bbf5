"""The web application: JSON API (and, beside it, the HTML pages)."""

from __future__ import annotations

import gc
import importlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tsunagari.api.cache import PageCache
from tsunagari.api.gate import StoreGate
from tsunagari.api.routes_pages import area_activity, error_page, wants_page
from tsunagari.api.routes_suggestions import warm_suggester
from tsunagari.graph import GraphStore, StoreError, StoreUnavailable, open_store

log = logging.getLogger("tsunagari.api")

# Each router module exposes `router`; the app includes them in this order.
ROUTERS = [
    "tsunagari.api.routes_health",
    "tsunagari.api.routes_organisations",
    "tsunagari.api.routes_suggestions",
    "tsunagari.api.routes_search",
    "tsunagari.api.routes_docs",
    "tsunagari.api.routes_partners",
    "tsunagari.api.routes_pages",
]

# Longer URLs (path and query) get 414: no page or query needs more.
MAX_URL_BYTES = 8 * 1024
ALLOW = "GET, HEAD, OPTIONS"

# What a client is told when the store fails: never the engine's words, a path or a query.
STORE_DOWN_PAGE = ("データベースに接続できないため、いまは表示できません。"
                   "しばらくしてからもう一度お試しください。")
STORE_DOWN_JSON = "the graph store is unavailable; try again shortly"
INTERNAL_PAGE = "サーバーで問題が起きたため表示できません。"
URL_TOO_LONG_PAGE = "URLが長すぎます。条件を減らしてもう一度お試しください。"


def _warm(gate: StoreGate, what: str, work: Callable[[GraphStore], object]) -> None:
    """``work(store)`` at start, so that the first requests do not do it while the
    others wait (nothing when the store is down; a warning when it fails), and how
    long it took in the log (a start on 100k organisations takes some seconds)."""
    from tsunagari.suggest import SuggestError

    started = time.perf_counter()
    try:
        with gate.held() as store:
            work(store)
    except StoreUnavailable:
        return
    except (StoreError, SuggestError) as exc:
        log.warning("%s not made at start: %s", what, exc)
        return
    log.info("%s ready at start in %.1f s", what, time.perf_counter() - started)


def settle_heap() -> None:
    """Leave what start-up built (modules, the gazetteer, the search index, the
    programme counts) out of the garbage collector's full passes from now on.

    A full pass walks every object that can hold others: a server started on 100k
    organisations holds about 94,000 (the search index among them), and a pass took
    about 60 ms on two shared cores (25–40 ms in a process without the index), one
    falling into every few dozen suggestion requests: their slowest tenth. Frozen objects are still freed when no longer referenced (a
    graph's old search index is, when a new version replaces it); only reference
    cycles among them would stay, until the app stops (it unfreezes them).
    benchmarks/suggest_bench.py settles its process the same way, to measure what
    the server serves."""
    gc.collect()
    gc.freeze()


def create_app(store_spec: str | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app on the store named by ``store_spec`` (or TSUNAGARI_STORE), or on ``store``.

    A store passed in stays the caller's to close. A store named by spec is
    opened read-only, lazily: the app starts while it is down and answers 503
    until it can be opened (see api/gate.py).
    """
    if store is not None:
        gate = StoreGate(store=store)
    else:
        from tsunagari.settings import settings

        timeout = settings().query_timeout
        gate = StoreGate(opener=lambda: open_store(store_spec, read_only=True,
                                                   query_timeout=timeout))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # What the first requests would otherwise build while the others wait on them:
        # the gazetteer (about a second) and the search's spelling tables.
        from tsunagari.core.places import place_table

        from tsunagari import search

        place_table()
        search.spellings(search.words("八王子 フードバンク")[0])
        if gate.owned:
            gate.try_open()
        # the search index of the graph's version (about a second at 100k organisations);
        # the programmes counted by area that the home page, the map of Japan and every
        # prefecture page share (a fifth of a second), kept for the version like the pages
        _warm(gate, "search index", search.indexes)
        _warm(gate, "programme counts", lambda store: app.state.cache.get(
            store, "activity", lambda: area_activity(store)))
        _warm(gate, "suggester", warm_suggester)
        settle_heap()
        try:
            yield
        finally:
            gate.close()
            gc.unfreeze()  # what the app held may be collected again once it is gone

    app = FastAPI(
        title="Tsunagari つながり",
        description="孤独・孤立対策に取り組む団体の連携グラフ: 誰が、誰と、どんな役割で連携しているか"
                    "（who works with whom, in which role）。",
        version="0.1.0",
        lifespan=lifespan,
        # /docs is served offline by routes_docs; ReDoc has no offline package
        docs_url=None,
        redoc_url=None,
    )
    app.state.gate = gate
    app.state.cache = PageCache()
    app.state.store_spec = store_spec

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_page(request):
            return error_page(request, exc.status_code, exc.detail)
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if wants_page(request):
            return error_page(request, 422, list(exc.errors()))
        return await request_validation_exception_handler(request, exc)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        # The details go to the log; the client hears only that the store is down.
        log.warning("%s %s: store error: %s", request.method, request.url.path, exc)
        if isinstance(exc, StoreUnavailable):
            gate.failed()
        headers = {"Retry-After": "5"}
        if wants_page(request):
            response = error_page(request, 503, STORE_DOWN_PAGE)
            response.headers.update(headers)
            return response
        return JSONResponse(status_code=503, content={"detail": STORE_DOWN_JSON}, headers=headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        if wants_page(request):
            return error_page(request, 500, INTERNAL_PAGE)
        return JSONResponse(status_code=500, content={"detail": "internal error"})

    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router)
    app.add_middleware(HttpHygiene)
    return app


class HttpHygiene:
    """What every route gets alike: 414 for over-long URLs, HEAD wherever GET
    is answered (the same status and headers, no body), OPTIONS answered with
    what is allowed. Every route of the app is a GET."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
        if len(raw) + len(scope.get("query_string", b"")) > MAX_URL_BYTES:
            await self._answer(scope, receive, send, 414)
            return
        method = scope["method"]
        if method == "OPTIONS":
            await send({"type": "http.response.start", "status": 204,
                        "headers": [(b"allow", ALLOW.encode())]})
            await send({"type": "http.response.body", "body": b""})
            return
        if method == "HEAD":
            async def headers_only(message: Message) -> None:
                if message["type"] == "http.response.body":
                    message = {**message, "body": b""}
                await send(message)

            await self.app({**scope, "method": "GET"}, receive, headers_only)
            return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send, status: int) -> None:
        request = Request({**scope, "path": "/", "raw_path": b"/", "query_string": b""}, receive)
        response: Any
        if "text/html" in request.headers.get("accept", ""):
            response = error_page(request, status, URL_TOO_LONG_PAGE)
        else:
            response = JSONResponse(status_code=status, content={"detail": "URL too long"})
        await response(scope, receive, send)
