"""The web application: JSON API (and, beside it, the HTML pages)."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from tsunagari.api.routes_pages import error_page, wants_page
from tsunagari.graph import GraphStore, StoreError, open_store

# Each router module exposes `router`; the app includes them in this order.
ROUTERS = [
    "tsunagari.api.routes_health",
    "tsunagari.api.routes_organisations",
    "tsunagari.api.routes_suggestions",
    "tsunagari.api.routes_search",
    "tsunagari.api.routes_docs",
    "tsunagari.api.routes_pages",
]


def create_app(store_spec: str | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app on the store named by ``store_spec`` (or TSUNAGARI_STORE), or on ``store``.

    A store passed in stays the caller's to close.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store if store is not None else open_store(store_spec)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

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
    if store is not None:
        app.state.store = store

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
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": f"graph store error: {exc}"})

    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router)
    return app
