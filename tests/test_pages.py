"""The HTML pages and network exports, through the app (no browser).

Numbers for 八王子市 (13201) and 世田谷区 (13112) are hand-counted from the shipped
records: 八王子 has three programmes led by フードバンク八王子 (casebook line 389, the
R5 report, the R6 table), the casebook one listing 16 partners without roles (12
private bodies, 八王子市 with six departments = one body and one role, 東京都立大学,
八王子拓真高校, 法務省); 世田谷 has タノバ食堂 with four organisations and six roles.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from tsunagari.api.app import create_app
from tsunagari.graph import GraphStore, open_store
from tsunagari.loaders.records import Record
from tsunagari.viz.network import expand_payload

from tsunagari.loading import write_graph

XSS = "<img src=x onerror=alert(1)>"
XSS_TITLE = 'みんなの居場所"><script>alert(2)</script><a href="javascript:alert(3)">'


def xss_records() -> list[Record]:
    return [Record.model_validate({
        "id": "xss-0001", "title": XSS_TITLE,
        "lead": {"name": XSS},
        "areas": [{"text": "八王子市", "prefecture": "東京都", "municipality": "八王子市",
                   "code": "13201", "level": "municipality"}],
        "partners": [{"name": "NPO法人 </script><b>太字</b>", "roles": ["publicity"],
                      "role_text": "広報 <i onmouseover=alert(4)>"}],
        "source": {"document": "xss.txt", "line": 1, "format": "casebook"},
    })]


@pytest.fixture(scope="module")
def client(shipped_store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=shipped_store)) as c:
        yield c


def payload(page: str) -> dict:
    """The page's network, one object per node and edge (the block holds columns)."""
    m = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', page, re.DOTALL)
    assert m, "page has no network data block"
    return expand_payload(json.loads(m.group(1)))


def test_home_counts_and_prefecture_tiles(client: TestClient, shipped_store: GraphStore) -> None:
    r = client.get("/")
    assert r.status_code == 200
    counts = shipped_store.counts()
    assert f'id="count-organisations">{counts["nodes"]["Organisation"]}<' in r.text
    assert f'id="count-programmes">{counts["nodes"]["Programme"]}<' in r.text
    assert len(re.findall(r'href="/prefecture/\d\d"', r.text)) == 47
    assert "Content-Security-Policy" in r.headers
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]


def test_search_finds_the_municipality_and_the_food_bank(client: TestClient) -> None:
    r = client.get("/search", params={"q": "八王子"})
    assert 'href="/municipality/13201">東京都八王子市</a>' in r.text
    assert "一般社団法人 フードバンク八王子" in r.text or "一般社団法人フードバンク八王子" in r.text


def test_municipality_map_of_hachioji(client: TestClient) -> None:
    r = client.get("/municipality/13201")
    assert r.status_code == 200
    data = payload(r.text)
    assert (len(data["nodes"]), len(data["edges"])) == (20, 19)
    assert data["roles"]["lead"]["count"] == 3
    assert data["roles"]["unspecified"]["count"] == 16
    assert data["roles"]["publicity"]["count"] == 0
    assert data["physics"] is True
    assert r.text.count('href="/programme/') >= 3


def test_export_matches_the_filter(client: TestClient) -> None:
    r = client.get("/network/municipality/13112", params={"format": "csv", "role": "publicity"})
    assert r.status_code == 200
    rows = r.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert rows[1].startswith("org-631e900651dd1b83,野沢2丁目町内会,community,casebook-000-0002,")
    g = nx.read_graphml(io.BytesIO(client.get("/network/municipality/13112").content))
    assert (g.number_of_nodes(), g.number_of_edges()) == (5, 6)
    g = nx.read_gexf(io.BytesIO(client.get(
        "/network/municipality/13112", params={"format": "gexf", "role": ["venue", "lead"]}).content))
    assert (g.number_of_nodes(), g.number_of_edges()) == (3, 2)
    # no box ticked draws nothing, and exports nothing
    r = client.get("/network/municipality/13112", params={"format": "csv", "role": "-"})
    assert len(r.content.decode("utf-8-sig").splitlines()) == 1


def test_bad_requests_are_refused(client: TestClient) -> None:
    assert client.get("/network/municipality/13112", params={"role": "bogus"}).status_code == 422
    assert client.get("/network/municipality/13112", params={"format": "pdf"}).status_code == 422
    assert client.get("/network/nowhere/13112").status_code == 404
    assert client.get("/municipality/99999").status_code == 404
    assert client.get("/org/org-doesnotexist").status_code == 404
    assert client.get("/static/../routes_pages.py").status_code == 404
    assert client.get("/static/vendor/vis-network.min.js").status_code == 200


def test_programme_and_organisation_pages(client: TestClient) -> None:
    r = client.get("/programme/casebook-000-0002")
    assert r.status_code == 200
    assert 'data-role="publicity"' in r.text and "野沢2丁目町内会" in r.text
    data = payload(r.text)
    # one line per (organisation, programme) carrying all its roles: TanoBa leads and
    # operates, the 町内会 does publicity and networking
    pairs = [(e["from"], e["to"]) for e in data["edges"]]
    assert len(pairs) == len(set(pairs))
    roles = {e["from"]: e["roles"] for e in data["edges"]}
    assert roles["org:org-631e900651dd1b83"] == ["publicity", "networking"]
    assert sorted(map(len, roles.values())) == [1, 1, 2, 2]
    r = client.get("/org/org-631e900651dd1b83")
    assert r.status_code == 200 and '<h1 id="org-name">野沢2丁目町内会</h1>' in r.text
    assert payload(r.text)["focus"] == "org:org-631e900651dd1b83"


def test_names_are_text_never_html(store: GraphStore) -> None:
    write_graph(store, xss_records(), mode="rebuild")
    with TestClient(create_app(store=store)) as c:
        pages = [c.get("/municipality/13201").text, c.get("/programme/xss-0001").text,
                 c.get("/search", params={"q": "img"}).text]
        lead_id = payload(pages[1])["nodes"][0]["id"].removeprefix("org:")
        pages.append(c.get(f"/org/{lead_id}").text)
    for page in pages:
        for raw in ("<img src=x", "<script>alert", "<b>太字", "<i onmouseover", 'href="javascript'):
            assert raw not in page
    assert f'<h1 id="programme-title">{escape(XSS_TITLE)}</h1>' in pages[1]
    data = payload(pages[1])
    assert {n["label"] for n in data["nodes"]} == {XSS, XSS_TITLE, "NPO法人 </script><b>太字</b>"}


def test_a_browser_gets_errors_as_a_japanese_page(client):
    html = {"accept": "text/html,application/xhtml+xml"}
    r = client.get("/org/org-doesnotexist", headers=html)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "ページが見つかりません" in r.text and "ホームへ戻る" in r.text
    bad = client.get("/org/x?depth=9", headers=html)
    assert bad.status_code == 422 and "入力内容を確認してください" in bad.text
    assert "「depth」（深さ）は 2 以下で指定してください" in bad.text
    assert client.get("/no/such/page", headers=html).status_code == 404
    # the API keeps answering in JSON, whoever asks
    api = client.get("/organisations/org-doesnotexist", headers=html)
    assert api.status_code == 404 and "detail" in api.json()


def test_a_municipality_lists_the_programmes_for_its_whole_prefecture(client):
    html = client.get("/municipality/31201").text  # 鳥取市
    wider = html.split('id="wider-programmes"', 1)[1].split("</ul>", 1)[0]
    assert "ひきこもりの状態にある方等の就労体験事業" in wider  # 004 row 53: 鳥取県全市町村
    assert "/programme/adopted_list-004-0123" in wider


def test_a_ward_is_named_with_its_city(tmp_path) -> None:
    """The organisation page names where a body is with core.places.label_of:
    北海道札幌市北区, not the prefecture and ward alone (北海道北区)."""
    ward = Record.model_validate({
        "id": "w-1", "title": "北区の居場所づくり", "lead": {"name": "札幌市北区役所"},
        "areas": [{"text": "札幌市北区", "code": "01102", "level": "municipality"}],
        "partners": [{"name": "ふれあい食堂きたの会", "roles": ["venue"], "role_text": "会場提供"}],
        "source": {"document": "wards.jsonl", "line": 1, "format": "test"}})
    s = open_store(f"embedded:{tmp_path / 'graph'}")
    try:
        write_graph(s, [ward], mode="rebuild")
        with TestClient(create_app(store=s)) as c:
            page = c.get("/org/gov-01102").text
        assert '<a href="/municipality/01102">北海道札幌市北区</a>' in page
    finally:
        s.close()


def test_quotes_show_the_documents_full_width_brackets_around_japanese() -> None:
    from tsunagari.api.routes_pages import japanese_brackets
    # records hold quotes NFKC-normalised, as the extractor writes them (000:10)
    assert japanese_brackets("宗教法人 龍雲寺(タノバ食堂の会場提供パートナー)") == "宗教法人 龍雲寺（タノバ食堂の会場提供パートナー）"
    assert japanese_brackets("バルビーほか(全 18 団体)") == "バルビーほか（全 18 団体）"
    assert japanese_brackets("see f(x) (ASCII only)") == "see f(x) (ASCII only)"
