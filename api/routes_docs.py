"""The interactive API docs (/docs), offline: Swagger UI's files come from the
`swagger-ui-bundle-v2` package (Apache-2.0, its licence ships in the package's
metadata) and are served by the app itself, so the page needs no other host.
ReDoc ships in no such package and is switched off (``redoc_url=None``).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from swagger_ui_bundle import swagger_ui_path

router = APIRouter(include_in_schema=False)

ASSETS = "/docs/assets"
# Only what the page loads: nothing else under the package folder is served.
_FILES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
}


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    app = request.app
    return get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title=f"{app.title} — API（OpenAPI）",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        # no badge from the public validator service: it would call another host
        swagger_ui_parameters={"validatorUrl": None},
    )


@router.get(ASSETS + "/{name}")
def docs_asset(name: str) -> FileResponse:
    media = _FILES.get(name)
    if media is None:
        raise HTTPException(status_code=404, detail="not found")
    return FileResponse(str(swagger_ui_path / name), media_type=media,
                        headers={"Cache-Control": "public, max-age=86400"})
