"""What an area page reads: its programmes once (``area_rows``), the members of those it
draws in one query from the area (``area_memberships``), and the prefecture-wide list.

A named dataset around 札幌市 (01100, a designated city with wards 01101 中央区 and 01102
北区): a programme targeting the city and one of its wards is one programme of the city,
not two; one targeting 北海道 and a ward is the city's own, not the prefecture's list;
an organisation partner in two roles is one partner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.api.routes_pages import area_programmes, area_rows, area_view, wider_programmes
from tsunagari.core.places import covered
from tsunagari.graph import GraphStore, open_store
from tsunagari.loaders.records import Record
from tsunagari.viz.network import area_memberships, memberships

from tests.test_pages import payload
from tsunagari.loading import write_graph

SAPPORO, CHUO, KITA, ASAHIKAWA = "01100", "01101", "01102", "01204"
AREAS = {SAPPORO: "札幌市", CHUO: "札幌市中央区", KITA: "札幌市北区", ASAHIKAWA: "旭川市"}


def _area(code: str) -> dict[str, str]:
    if len(code) == 2:
        return {"text": "北海道", "code": code, "level": "prefecture"}
    return {"text": AREAS[code], "code": code, "level": "municipality"}


def _record(pid: str, title: str, codes: list[str], lead: str,
            partners: list[tuple[str, list[str]]], schemes: tuple[str, ...] = ()) -> Record:
    return Record.model_validate({
        "id": pid, "title": title, "lead": {"name": lead}, "schemes": list(schemes),
        "areas": [_area(c) for c in codes],
        "partners": [{"name": name, "roles": roles, "role_text": "協力"} for name, roles in partners],
        "source": {"document": "sapporo.txt", "line": int(pid[-1]), "format": "synthetic"},
    })


RECORDS = [
    # the city and its ward; 北区ボランティアの会 in two roles
    _record("sap-1", "い:市と北区の見守り", [SAPPORO, KITA], "札幌市社会福祉協議会",
            [("北区ボランティアの会", ["venue", "publicity"]), ("さっぽろ銀行", ["funding"])],
            ("見守り推進事業", "地域共生モデル事業")),
    _record("sap-2", "あ:中央区の子ども食堂", [CHUO], "中央区子ども食堂ネット",
            [("中央区商店街振興組合", ["in_kind"])]),
    # 北海道 and a ward: the city's own
    _record("sap-3", "う:全道と北区の居場所", ["01", KITA], "北海道社会福祉協議会",
            [("北区ボランティアの会", ["volunteering"])], ("見守り推進事業",)),
    # 北海道 only: listed on the city's page as the prefecture's
    _record("sap-4", "え:全道の電話相談", ["01"], "北海道いのちの電話", []),
    _record("sap-5", "お:旭川の農園", [ASAHIKAWA], "旭川農園の会", [("旭川市民生委員協議会", ["referral"])]),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    s = open_store(f"embedded:{tmp_path_factory.mktemp('sapporo') / 'graph'}")
    write_graph(s, RECORDS, mode="rebuild")
    try:
        yield s
    finally:
        s.close()


def test_an_area_reads_each_programme_once_in_title_order(store: GraphStore) -> None:
    rows = area_rows(store, covered(SAPPORO))
    assert [r["id"] for r in rows] == ["sap-2", "sap-1", "sap-3"]  # あ, い, う
    by_id = {r["id"]: r for r in rows}
    assert by_id["sap-1"]["partners"] == 2  # one organisation in two roles is one partner
    assert by_id["sap-1"]["leads"] == ["札幌市社会福祉協議会"]
    assert by_id["sap-3"]["partners"] == 1 and by_id["sap-2"]["leads"] == ["中央区子ども食堂ネット"]
    # the prefecture's own list: its programmes, with their leads and no counts
    own = area_rows(store, ["01"], partners=False)
    assert [r["id"] for r in own] == ["sap-3", "sap-4"]
    assert own[1]["leads"] == ["北海道いのちの電話"] and "partners" not in own[1]
    assert [r["id"] for r in wider_programmes(own, {r["id"] for r in rows})] == ["sap-4"]
    # a page of them, sliced from the rows (a small area) or read as such (a big one)
    assert area_programmes(store, covered(SAPPORO), 1, rows) == rows
    assert area_programmes(store, covered(SAPPORO), page=1) == rows
    assert area_programmes(store, covered(SAPPORO), 2, rows) == []
    assert area_programmes(store, covered(SAPPORO), page=2) == []


def test_the_drawn_members_are_those_read_programme_by_programme(store: GraphStore) -> None:
    ids = ["sap-1", "sap-2", "sap-3"]
    rows = area_memberships(store, covered(SAPPORO), ids)
    assert rows == memberships(store, ids)
    # sap-1 is reached through the city and through 北区, and still met once per membership
    assert sorted((r["org_name"], r["role"]) for r in rows if r["programme_id"] == "sap-1") == [
        ("さっぽろ銀行", "funding"), ("北区ボランティアの会", "publicity"),
        ("北区ボランティアの会", "venue"), ("札幌市社会福祉協議会", "lead")]
    # a programme outside the area has no members here; no programme, no query
    assert area_memberships(store, covered(SAPPORO), ["sap-5"]) == []
    assert area_memberships(store, covered(SAPPORO), []) == []


def test_the_map_draws_the_members_of_the_areas_programmes(store: GraphStore) -> None:
    view = area_view(store, SAPPORO, rows=area_rows(store, covered(SAPPORO)))
    assert area_view(store, SAPPORO) == view  # a big area's reads: the same map
    assert view["total"] == 3 and view["drawn"] == 3
    # 3 leads and 3 partners (北区ボランティアの会 in two programmes); 旭川's are not here
    assert view["payload"]["nodes"]["orgs"] == 6
    roles = dict(view["by_role"])
    assert [e["name"] for e in roles["venue"]] == ["北区ボランティアの会"]
    assert [p for p, _ in roles["venue"][0]["programmes"]] == ["sap-1"]


def test_the_prefecture_list_leaves_out_what_the_city_lists(store: GraphStore) -> None:
    with TestClient(create_app(store=store)) as c:
        for _ in range(2):  # first view, then from the per-version cache
            html = c.get(f"/municipality/{SAPPORO}").text
            own = html.split('id="programmes"', 1)[1].split("</ul>", 1)[0]
            wider = html.split('id="wider-programmes"', 1)[1].split("</ul>", 1)[0]
            assert re.findall(r"/programme/(sap-\d)", own) == ["sap-2", "sap-1", "sap-3"]
            assert re.findall(r"/programme/(sap-\d)", wider) == ["sap-4"]
            assert "全体を対象とする取組 <small>1 件</small>" in html
            assert "実施: 北海道いのちの電話" in wider
            drawn = {n["label"] for n in payload(html)["nodes"] if n["type"] == "programme"}
            assert drawn == {"い:市と北区の見守り", "あ:中央区の子ども食堂", "う:全道と北区の居場所"}
        # 北区 alone: its two programmes; the prefecture's list holds the other one
        html = c.get(f"/municipality/{KITA}").text
        wider = html.split('id="wider-programmes"', 1)[1].split("</ul>", 1)[0]
        assert "取組 2 件" in html and re.findall(r"/programme/(sap-\d)", wider) == ["sap-4"]
        # the prefecture: every programme in it, each once
        html = c.get("/prefecture/01").text
        assert "取組 5 件" in html
        listed = html.split('id="programmes"', 1)[1].split("</ul>", 1)[0]
        assert re.findall(r"/programme/(sap-\d)", listed) == ["sap-2", "sap-1", "sap-3", "sap-4", "sap-5"]


def test_a_big_area_reads_its_few_drawn_programmes_one_by_one_to_the_same_map(
        store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Members and schemes read programme by programme (what a big area's map does with
    its few drawn programmes) draw what the one query from the area draws."""
    from tsunagari.api import routes_pages

    from_area = area_view(store, SAPPORO, rows=area_rows(store, covered(SAPPORO)))
    assert [title for _, title in from_area["schemes"]] == ["地域共生モデル事業", "見守り推進事業"]
    schemes = {pid: sorted(s) for pid, s in from_area["payload"]["nodes"]["schemes"].items()}
    assert sorted(len(s) for s in schemes.values()) == [1, 2]  # sap-1 in two, sap-3 in one
    monkeypatch.setattr(routes_pages, "WALK_PER_LOOKUP", 0)
    monkeypatch.setattr(routes_pages, "SCHEME_WALK_PER_LOOKUP", 0)
    assert area_view(store, SAPPORO, rows=area_rows(store, covered(SAPPORO))) == from_area
    assert area_view(store, SAPPORO) == from_area


def test_big_areas_pages_are_those_of_small_ones(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """An area above AREA_ROWS_MAX reads its busiest programmes and its list's page on
    their own: the same pages."""
    from tsunagari.api import routes_pages

    urls = [f"/municipality/{SAPPORO}", f"/municipality/{KITA}", "/prefecture/01",
            f"/municipality/{SAPPORO}?draw=1&page=2", "/prefecture/01?view=organisations"]
    with TestClient(create_app(store=store)) as c:
        small = [c.get(u).text for u in urls]
        assert any(key[-1][0] == "area_rows" for key in c.app.state.cache._entries)
    monkeypatch.setattr(routes_pages, "AREA_ROWS_MAX", 0)
    with TestClient(create_app(store=store)) as c:
        big = [c.get(u).text for u in urls]
        assert not any(key[-1][0] == "area_rows" for key in c.app.state.cache._entries)
    assert big == small
