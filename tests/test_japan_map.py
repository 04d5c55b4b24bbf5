"""The map of Japan: outline data, geometry of the view, and the pages that draw it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.graph import GraphStore
from tsunagari.viz import japan_map as jm


@pytest.fixture(scope="module")
def client(shipped_store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=shipped_store)) as c:
        yield c


def test_outline_data_is_47_closed_rings_in_japan():
    data = json.loads(jm.DATA.read_text(encoding="utf-8"))
    rings = data["prefectures"]
    assert sorted(rings) == [f"{i:02d}" for i in range(1, 48)]
    for code, flat in rings.items():
        assert len(flat) % 2 == 0 and len(flat) >= 8, code
        lons, lats = flat[0::2], flat[1::2]
        assert 122 < min(lons) and max(lons) < 146.5 and 24 < min(lats) and max(lats) < 46, code
    assert "Apache-2.0" in data["source"]
    assert (jm.DATA.parent / "LICENSE-japanmap-Apache-2.0.txt").exists()


def view(m: jm.JapanMap) -> tuple[float, float, float, float]:
    x, y, w, h = map(float, m.view_box.split())
    return x, y, x + w, y + h


NAMES = {f"{i:02d}": f"県{i:02d}" for i in range(1, 48)}


def test_circles_sit_in_the_view_sized_by_activity_and_okinawa_in_its_frame():
    counts = {"13201": 1, "13112": 9, "47201": 2, "13": 10, "47": 2}
    m = jm.japan_map(NAMES, counts, {"13201": "東京都八王子市"})
    x0, y0, x1, y1 = view(m)
    by_code = {c.code: c for c in m.circles}
    assert set(by_code) == {"13201", "13112", "47201"} and m.outside == []
    for c in m.circles:
        assert x0 <= c.x <= x1 and y0 <= c.y <= y1
    assert by_code["13112"].r > by_code["13201"].r
    assert by_code["13201"].label == "東京都八王子市" and by_code["13112"].label == "13112"
    assert [c.code for c in m.circles][0] == "13112"  # largest first, small ones on top
    fx, fy, fw, fh = m.inset
    naha = by_code["47201"]
    assert fx < naha.x < fx + fw and fy < naha.y < fy + fh
    levels = {p.code: p.level for p in m.prefectures}
    assert levels["13"] == 4 and levels["47"] == 1 and levels["01"] == 0


def test_a_focused_prefecture_fills_the_view_and_lists_far_islands_outside():
    counts = {"13201": 1, "13421": 1, "14100": 3}  # 八王子市, 小笠原村, 横浜市
    whole = jm.japan_map(NAMES, counts, {})
    tokyo = jm.japan_map(NAMES, counts, {}, focus="13")
    assert tokyo.width < whole.width / 5
    assert [c.code for c in tokyo.circles] == ["13201"]
    assert [c.code for c in tokyo.outside] == ["13421"]
    assert tokyo.inset is None
    with pytest.raises(KeyError):
        jm.japan_map(NAMES, counts, {}, focus="48")


def test_japan_page_draws_prefectures_and_municipality_circles(client: TestClient):
    html = client.get("/japan").text
    assert len(re.findall(r'<a href="/prefecture/\d\d" class="prefecture', html)) == 47
    circle = re.search(r'<a href="/municipality/13201" class="municipality"[^>]*>'
                       r'<title>([^<]*)</title><circle cx="[\d.]+" cy="[\d.]+" r="[\d.]+"/>', html)
    assert circle and circle.group(1).startswith("東京都八王子市: 取組 ")
    # a designated city's wards are one circle for the city
    assert 'href="/municipality/14101" class="municipality"' not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_prefecture_page_shows_its_municipalities_on_the_map(client: TestClient):
    html = client.get("/prefecture/13").text
    figure = html.split('id="japan-map"', 1)[1].split("</figure>", 1)[0]
    codes = re.findall(r'href="/municipality/(\d{5})" class="municipality"', figure)
    assert "13201" in codes and all(c.startswith("13") for c in codes)
    assert 'class="prefecture lvl' in figure and " current" in figure
    assert "管内の市区町村を含む" in html and "県内" not in html
