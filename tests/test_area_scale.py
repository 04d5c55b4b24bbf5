"""Area pages with more programmes than one map should draw: the cap, 「さらに
表示」, the paged list, exports that follow the cap, and the per-version cache.

A named dataset: 130 programmes in 世田谷区 (13112), programme i having
i % 7 partners, so which ones the map draws first is known. Speed at 20,000
records is measured by `make soak` / benchmarks, not asserted here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.graph import GraphStore, open_store
from tsunagari.loaders.records import Record
from tsunagari.viz.network import AREA_DRAW_STEP

from tests.test_pages import payload
from tsunagari.loading import write_graph

N = 130


def _record(i: int, partners: int, code: str = "13112") -> Record:
    return Record.model_validate({
        "id": f"scale-{i:04d}",
        "title": f"取組{i:04d}",
        "lead": {"name": f"実施団体{i:04d}"},
        "areas": [{"text": "東京都世田谷区", "code": code, "level": "municipality"}],
        "partners": [{"name": f"連携団体{i:04d}-{k}", "roles": ["venue"], "role_text": "会場"}
                     for k in range(partners)],
        "source": {"document": "scale.txt", "line": i + 1, "format": "synthetic"},
    })


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    path = tmp_path_factory.mktemp("scale") / "graph"
    s = open_store(f"embedded:{path}")
    write_graph(s, [_record(i, i % 7) for i in range(N)], mode="rebuild")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=store)) as c:
        yield c


def _programmes_drawn(data: dict) -> set[str]:
    return {n["label"] for n in data["nodes"] if n["type"] == "programme"}


def test_the_map_draws_the_programmes_with_most_partners_first(client: TestClient) -> None:
    for url in ("/municipality/13112", "/prefecture/13"):
        html = client.get(url).text
        drawn = _programmes_drawn(payload(html))
        assert len(drawn) == AREA_DRAW_STEP
        # 6 partners: i % 7 == 6, 18 programmes; then 5, 4 … : the 60 drawn are those with >= 4
        with_most = {f"取組{i:04d}" for i in range(N) if i % 7 >= 4}
        assert len(with_most) < AREA_DRAW_STEP and with_most <= drawn
        assert not drawn & {f"取組{i:04d}" for i in range(N) if i % 7 <= 1}
        assert f"全 {N} 件" in html and 'id="show-more"' in html


def test_show_more_draws_more_until_everything_is_drawn(client: TestClient) -> None:
    html = client.get("/municipality/13112").text
    more = re.search(r'<a id="show-more" href="([^"]+)"', html)
    assert more
    url = more.group(1).replace("&amp;", "&")
    assert f"draw={2 * AREA_DRAW_STEP}" in url
    html = client.get(url).text
    assert len(_programmes_drawn(payload(html))) == 2 * AREA_DRAW_STEP
    html = client.get(f"/municipality/13112?draw={3 * AREA_DRAW_STEP}").text
    everything = {f"取組{i:04d}" for i in range(N)}
    # Programmes with no partner still have their lead: every one is drawn now.
    assert _programmes_drawn(payload(html)) == everything
    assert 'id="show-more"' not in html


def _listed(html: str) -> list[str]:
    """The programme ids of the page's programme list (not of the lists by role)."""
    section = html.split('id="programmes"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="/programme/(scale-\d+)">', section)


def test_the_programme_list_is_paged(client: TestClient) -> None:
    first = client.get("/municipality/13112").text
    listed = _listed(first)
    assert len(listed) == 50 and "1 / 3 ページ" in first and 'rel="next"' in first
    last = client.get("/municipality/13112?page=3").text
    rest = _listed(last)
    assert len(rest) == N - 100 and 'rel="prev"' in last and 'rel="next"' not in last
    pages = [_listed(client.get(f"/municipality/13112?page={p}").text) for p in (1, 2, 3)]
    assert sorted(sum(pages, [])) == [f"scale-{i:04d}" for i in range(N)]
    assert client.get("/municipality/13112?page=0").status_code == 422


def test_exports_follow_what_the_map_draws(client: TestClient) -> None:
    html = client.get("/prefecture/13").text
    base = re.search(r'data-export-base="([^"]+)"', html)
    assert base and f"draw={AREA_DRAW_STEP}" in base.group(1)
    rows = list(csv.DictReader(io.StringIO(client.get(
        base.group(1).replace("&amp;", "&") + "&format=csv").content.decode("utf-8-sig"))))
    assert {r["programme"] for r in rows} == _programmes_drawn(payload(html))
    whole = list(csv.DictReader(io.StringIO(client.get(
        "/network/prefecture/13?format=csv").content.decode("utf-8-sig"))))
    assert len({r["programme"] for r in whole}) == N


def test_pages_follow_a_new_graph_version(tmp_path: Path) -> None:
    s = open_store(f"embedded:{tmp_path / 'graph'}")
    try:
        write_graph(s, [_record(i, 2) for i in range(3)], mode="rebuild")
        with TestClient(create_app(store=s)) as c:
            assert "取組 3 件" in c.get("/municipality/13112").text
            assert "取組 3 件" in c.get("/municipality/13112").text  # from the cache
            assert c.app.state.cache.hits >= 1
            write_graph(s, [_record(i, 2) for i in range(3, 5)], mode="load")
            assert "取組 5 件" in c.get("/municipality/13112").text
            home = c.get("/").text
            assert "取組0004" not in home  # the home page counts; it lists nothing
    finally:
        s.close()


def test_whole_area_csv_is_streamed_in_batches_with_one_header(client: TestClient) -> None:
    from tsunagari.api.routes_pages import EXPORT_BATCH

    assert N > EXPORT_BATCH  # the fixture spans more than one batch
    text = client.get("/network/municipality/13112?format=csv").content.decode("utf-8")
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert "organisation_id" not in {r["organisation_id"] for r in rows}
    assert len({r["programme_id"] for r in rows}) == N
    # the organisations view streams too
    pairs = list(csv.DictReader(io.StringIO(client.get(
        "/network/municipality/13112?format=csv&view=organisations").content.decode("utf-8-sig"))))
    assert pairs and all(r["organisation_a_id"] != r["organisation_b_id"] for r in pairs)


def test_a_whole_area_too_big_for_one_xml_document_is_refused_with_the_ways_out(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from tsunagari.api import routes_pages

    monkeypatch.setattr(routes_pages, "AREA_XML_LIMIT", N - 1)
    r = client.get("/network/municipality/13112?format=graphml")
    assert r.status_code == 413 and "format=csv" in r.json()["detail"]
    assert client.get(f"/network/municipality/13112?format=graphml&draw={AREA_DRAW_STEP}").status_code == 200
    monkeypatch.setattr(routes_pages, "AREA_XML_LIMIT", N)
    assert client.get("/network/municipality/13112?format=gexf").status_code == 200


def test_busy_programmes_are_drawn_within_a_node_budget(tmp_path: Path) -> None:
    from tsunagari.api.routes_pages import AREA_NODE_BUDGET

    big = AREA_NODE_BUDGET // 4  # partners each: only a few such programmes fit the map
    s = open_store(f"embedded:{tmp_path / 'graph'}")
    try:
        write_graph(s, [_record(i, big + i) for i in range(12)], mode="rebuild")
        with TestClient(create_app(store=s)) as c:
            html = c.get("/municipality/13112").text
            drawn = _programmes_drawn(payload(html))
            assert 1 <= len(drawn) < 12
            # the busiest first: programme i has big + i partners
            assert drawn == {f"取組{i:04d}" for i in range(12 - len(drawn), 12)}
            assert f"上位 {len(drawn)} 件" in html and "全 12 件" in html
            assert len(payload(html)["nodes"]) <= AREA_NODE_BUDGET
            more = re.search(r'<a id="show-more" href="([^"]+)"', html)
            assert more
            wider = _programmes_drawn(payload(c.get(more.group(1).replace("&amp;", "&")).text))
            assert wider > drawn
            # the export of what the map draws has the same programmes
            base = re.search(r'data-export-base="([^"]+)"', html)
            assert base
            rows = list(csv.DictReader(io.StringIO(c.get(
                base.group(1).replace("&amp;", "&") + "&format=csv").content.decode("utf-8-sig"))))
            assert {r["programme"] for r in rows} == drawn
    finally:
        s.close()


def test_the_map_counts_are_each_programme_once_per_area_that_covers_its_target(
        store: GraphStore, tmp_path: Path) -> None:
    from tsunagari.api.routes_pages import area_activity
    from tsunagari.core.places import covering

    def by_pairs(s: GraphStore) -> dict[str, int]:
        ids: dict[str, set[str]] = {}
        for r in s.query("programme_targets"):
            for area in covering(r["code"]):
                ids.setdefault(area, set()).add(r["programme_id"])
        return {code: len(v) for code, v in ids.items()}

    assert area_activity(store) == by_pairs(store)
    # a ward of a designated city (横浜市鶴見区) counts for the city and the prefecture too,
    # and a programme targeting two wards counts once for each
    s = open_store(f"embedded:{tmp_path / 'graph'}")
    try:
        two = _record(1, 1, "14101")
        two.areas.append(two.areas[0].model_copy(update={"code": "14102", "text": "神奈川県横浜市神奈川区"}))
        write_graph(s, [_record(0, 1, "14101"), two, _record(2, 1, "13112")], mode="rebuild")
        counts = area_activity(s)
        assert counts == by_pairs(s)
        assert counts["14100"] == 2 and counts["14"] == 2 and counts["14101"] == 2 and counts["13"] == 1
    finally:
        s.close()
