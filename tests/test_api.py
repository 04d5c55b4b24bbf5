"""The JSON API over the shipped data on the real embedded engine."""

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app


@pytest.fixture(scope="module")
def client(shipped_store):
    with TestClient(create_app(store=shipped_store)) as c:
        yield c


def test_health_reports_store_and_counts(client):
    body = client.get("/health").json()
    # The kind of store, not where it lives: /health names no path and no credentials.
    assert body["status"] == "ok" and body["store"] == "embedded"
    assert body["nodes"]["Prefecture"] == 47
    assert body["relationships"]["LEADS"] > 150


def test_search_finds_hoboku_with_its_programme_and_city(client):
    found = client.get("/organisations", params={"q": "抱樸"}).json()
    assert [o["name"] for o in found] == ["特定非営利活動法人 抱樸"]
    assert found[0]["municipality_code"] == "40100" and found[0]["municipality"] == "福岡県北九州市"
    assert "多様な主体の「やりたい気持ち」を叶えることを通じた地域づくり" in [
        p["title"] for p in found[0]["programmes"]]
    profile = client.get(f"/organisations/{found[0]['id']}").json()
    assert profile["municipality_code"] == "40100"
    assert {"code": "40100", "name": "北九州市"} in profile["areas"]
    titles = [p["title"] for p in profile["programmes"]]
    assert "多様な主体の「やりたい気持ち」を叶えることを通じた地域づくり" in titles
    assert all(p["roles"] == ["lead"] for p in profile["programmes"])


def test_search_ignores_width_and_legal_form(client):
    a = client.get("/organisations", params={"q": "NPO法人 抱樸"}).json()
    b = client.get("/organisations", params={"q": "ＮＰＯ法人抱樸"}).json()
    assert [o["id"] for o in a] == [o["id"] for o in b] and len(a) == 1


def test_partners_are_grouped_by_role(client):
    found = client.get("/organisations", params={"q": "龍雲寺"}).json()
    assert len(found) == 1
    profile = client.get(f"/organisations/{found[0]['id']}").json()
    assert profile["programmes"][0]["roles"] == ["venue"]
    leads = profile["partners_by_role"]["lead"]
    assert [p["name"] for p in leads] == ["TanoBa合同会社"]
    assert leads[0]["programme_id"] == "casebook-000-0002"


def test_unknown_organisation_is_a_404_that_says_what_to_do(client):
    r = client.get("/organisations/org-doesnotexist")
    assert r.status_code == 404
    assert "q=" in r.json()["detail"]


def test_empty_search_is_rejected(client):
    assert client.get("/organisations", params={"q": ""}).status_code == 422


def test_a_running_app_leaves_its_start_up_out_of_full_collections(shipped_store):
    """What start-up built is frozen while the app runs (api/app.py settle_heap) and
    given back to the collector when it stops."""
    import gc

    gc.unfreeze()
    with TestClient(create_app(store=shipped_store)) as c:
        assert gc.get_freeze_count() > 1000
        assert c.get("/health").status_code == 200
    assert gc.get_freeze_count() == 0
