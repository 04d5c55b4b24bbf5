"""/docs without network, and error pages in Japanese (the page counterparts of the API)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.api.messages import validation_message
from tsunagari.graph import GraphStore

HTML = {"accept": "text/html,application/xhtml+xml"}


@pytest.fixture(scope="module")
def client(shipped_store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=shipped_store)) as c:
        yield c


def test_docs_load_swagger_ui_from_the_app_only(client: TestClient):
    html = client.get("/docs").text
    assert 'src="/docs/assets/swagger-ui-bundle.js"' in html
    assert 'href="/docs/assets/swagger-ui.css"' in html
    assert "https://" not in html and "http://" not in html
    js = client.get("/docs/assets/swagger-ui-bundle.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert len(js.content) > 100_000 and b"SwaggerUIBundle" in js.content
    assert client.get("/docs/assets/swagger-ui.css").status_code == 200
    assert client.get("/docs/assets/index.html").status_code == 404
    assert client.get("/docs/assets/..%2F..%2F__init__.py").status_code == 404
    assert client.get("/redoc").status_code == 404
    assert "/complete" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(("path", "words"), [
    ("/org/x?depth=0", "「depth」（深さ）は 1 以上で指定してください（指定された値:「0」）"),
    ("/org/x?depth=two", "「depth」（深さ）は整数で指定してください（指定された値:「two」）"),
    ("/search?q=" + "あ" * 201, "「q」（検索語）は 200 文字以内で指定してください"),
    ("/municipality/13201?role=bogus&sector=nonprofit",
     "絞り込みに不明な値があります: 「role」（役割）の「bogus」"),
])
def test_a_browser_gets_a_japanese_page_naming_the_parameter(client: TestClient, path: str,
                                                             words: str):
    r = client.get(path, headers=HTML)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert words in r.text and "入力内容を確認してください" in r.text


def test_starlette_english_phrases_never_reach_a_page(client: TestClient):
    r = client.get("/no/such/page", headers=HTML)
    assert r.status_code == 404 and "Not Found" not in r.text
    assert "お探しのページは見つかりませんでした" in r.text
    missing = client.get("/programme/nope", headers=HTML).text
    assert "取組「nope」は見つかりません" in missing
    # the JSON API keeps its structured errors
    api = client.get("/organisations", params={"q": ""}, headers=HTML)
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "q"]


def test_validation_message_names_each_parameter_once():
    errors = [{"type": "missing", "loc": ("query", "need")},
              {"type": "missing", "loc": ("query", "need")},
              {"type": "something_new", "loc": ("query", "colour"), "input": "x"}]
    assert validation_message(errors) == (
        "「need」（役割）を指定してください。「colour」の値が正しくありません（指定された値:「x」）。")

