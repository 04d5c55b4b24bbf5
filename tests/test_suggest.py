"""The suggester on the named dataset: ranking, score parts, reasons with evidence,
name resolution, and the CLI and API surfaces."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.graph import open_store

from tests.suggest_data import load
from tsunagari.cli import main
from tsunagari.suggest import (
    OrganisationNotFound,
    SuggestError,
    area_level,
    area_scope,
    resolve_organisation,
    source_label,
    suggest_for_need,
    suggest_for_organisation,
)

P1 = "casebook-000-0002"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("suggest") / "graph"
    s = open_store(f"embedded:{path}")
    load(s)
    s.close()
    return path


@pytest.fixture(scope="module")
def store(store_path):
    s = open_store(f"embedded:{store_path}")
    yield s
    s.close()


def test_need_for_a_venue_in_setagaya_falls_back_to_the_prefecture_then_nationwide(store):
    result = suggest_for_need(store, "venue", area="13112")
    assert [(s.name, s.area_level, s.score) for s in result.suggestions] == [
        ("宗教法人 龍雲寺", 0, 6.2794), ("株式会社 はちおうじ食品", 2, 5.2794), ("宗教法人 總持寺", 3, 4.2794)]
    top = result.suggestions[0]
    assert top.parts == {"role": 1.0, "area": 1.0, "network": 0.0, "theme": 0.0, "sector": 0.0,
                         "activity": 0.2794}
    role = top.reasons[0]
    assert role.text == "世田谷区で会場を提供（タノバ食堂, 000 行10）"
    assert role.programmes == [P1] and role.sources == ["000_db7cee502450179d.txt:10"]


def test_suggestions_for_an_organisation_leave_out_its_partners_and_explain_themselves(store):
    result = suggest_for_organisation(store, "TanoBa合同会社")
    names = [s.name for s in result.suggestions]
    assert names[:2] == ["東京都", "特定非営利活動法人 せたがやネット"]
    assert "宗教法人 龍雲寺" not in names and "野沢2丁目町内会" not in names
    assert "各地のハローワーク" not in names
    tokyo = result.suggestions[0]
    assert tokyo.score == 3.7508
    assert [r.text for r in tokyo.reasons] == [
        "世田谷区で活動: 資金を提供（世田谷区の居場所づくり, 000 行22）",
        "あなたの連携先1団体と協働（野沢2丁目町内会）",
        "対象が近い（高齢者）",
        "官民の橋渡し（企業×行政・公的機関）",
        "2団体との連携実績",
    ]
    by_id = suggest_for_organisation(store, result.organisation["id"])
    assert by_id.suggestions == result.suggestions


def test_a_wanted_role_ranks_those_who_played_it_first(store):
    result = suggest_for_organisation(store, "TanoBa合同会社", role="venue", k=2)
    assert [s.name for s in result.suggestions] == ["株式会社 はちおうじ食品", "宗教法人 總持寺"]
    assert result.suggestions[0].reasons[0].text == "八王子市で会場を提供（八王子の食堂, 000 行41）"


def test_names_resolve_or_answer_with_the_closest_matches(store):
    assert resolve_organisation(store, "龍雲寺")["name"] == "宗教法人 龍雲寺"
    with pytest.raises(OrganisationNotFound) as ambiguous:
        resolve_organisation(store, "特定非営利活動法人")
    assert ambiguous.value.ambiguous
    assert sorted(c["name"] for c in ambiguous.value.candidates) == [
        "特定非営利活動法人 せたがやネット", "特定非営利活動法人 よこはまの輪", "特定非営利活動法人 全国つながりセンター"]
    with pytest.raises(OrganisationNotFound) as unknown:
        resolve_organisation(store, "宗教法人 龍雲時")
    assert not unknown.value.ambiguous
    assert unknown.value.candidates[0]["name"] == "宗教法人 龍雲寺"


def test_bad_role_and_area_are_clear_errors(store):
    with pytest.raises(SuggestError, match="unknown role 'vnue'"):
        suggest_for_need(store, "vnue")
    with pytest.raises(SuggestError, match="unknown area code '99999'"):
        suggest_for_need(store, "venue", area="99999")


def test_area_levels_and_source_labels():
    ward = area_scope("14102")  # 横浜市神奈川区
    assert (ward.city, ward.pref) == ("14100", "14")
    assert [area_level(c, ward) for c in ("14102", "14101", "14100", "14201", "13112", None)] == [
        0, 1, 1, 2, 3, 3]
    assert [area_level(c, area_scope("14100")) for c in ("14101", "14100", "14201")] == [0, 0, 2]
    assert source_label("000_db7cee502450179d.txt:10;000_db7cee502450179d.txt:12") == "000 行10"


def test_cli_prints_suggestions_and_fails_on_an_ambiguous_name(store_path, capsys):
    spec = f"embedded:{store_path}"
    assert main(["--store", spec, "suggest", "--need", "venue", "--area", "13112", "--k", "1"]) == 0
    out = capsys.readouterr().out
    assert "宗教法人 龍雲寺" in out and "世田谷区で会場を提供（タノバ食堂, 000 行10）" in out
    assert main(["--store", spec, "suggest", "特定非営利活動法人"]) == 1
    err = capsys.readouterr().err
    assert "複数の団体に一致します" in err and "特定非営利活動法人 よこはまの輪" in err


def test_api_routes(store):
    with TestClient(create_app(store=store)) as client:
        r = client.get("/suggestions", params={"need": "venue", "area": "13112", "k": 1})
        assert r.status_code == 200
        assert r.json()["suggestions"][0]["name"] == "宗教法人 龍雲寺"
        r = client.get("/organisations/TanoBa合同会社/suggestions", params={"k": 1})
        assert r.status_code == 200 and r.json()["suggestions"][0]["name"] == "東京都"
        r = client.get("/organisations/宗教法人 龍雲時/suggestions")
        assert r.status_code == 404
        assert r.json()["detail"]["candidates"][0]["name"] == "宗教法人 龍雲寺"
        assert client.get("/suggestions", params={"need": "vnue"}).status_code == 422
