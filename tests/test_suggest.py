"""The suggester on the named dataset: reach by role with real distances, farther
candidates apart, complementary roles, grouped departments, reasons with evidence,
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
    suggest_for_need,
    suggest_for_organisation,
)
from tsunagari.suggest.scope import find_places

P1 = "casebook-000-0002"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    path = tmp_path_factory.mktemp("suggest") / "graph"
    s = open_store(f"embedded:{path}")
    ids = load(s, extra=True)
    s.close()
    return path, ids


@pytest.fixture(scope="module")
def store_path(loaded):
    return loaded[0]


@pytest.fixture(scope="module")
def ids(loaded):
    return loaded[1]


@pytest.fixture(scope="module")
def store(store_path):
    s = open_store(f"embedded:{store_path}")
    yield s
    s.close()


def test_a_local_need_lists_only_those_within_reach_and_the_rest_apart(store):
    result = suggest_for_need(store, "venue", area="13112")
    near = [(s.name, s.area_level, s.distance_km) for s in result.suggestions]
    # the area itself, then a ward of 横浜市 22.6 km away (another prefecture), then
    # 八王子市 (the same prefecture, 30.6 km): nearer first among equals
    assert near == [("宗教法人 龍雲寺", 0, 0.0), ("宗教法人 總持寺", 2, 22.6),
                    ("株式会社 はちおうじ食品", 2, 30.6)]
    assert [(s.name, s.area["name"]) for s in result.farther] == [("JAわかやま", "和歌山市")]
    assert result.reach == "local" and result.message is None
    top = result.suggestions[0]
    assert set(top.parts) == {"role", "area", "network", "theme", "sector", "activity"}
    assert top.parts["role"] == 1.0 and top.parts["area"] == 1.0
    role = top.reasons[0]
    assert role.text == "世田谷区で会場を提供（タノバ食堂）"
    assert role.programmes == [P1] and role.sources == ["000_db7cee502450179d.txt:10"]
    (ev,) = role.evidence
    assert ev.text == "「孤独・孤立対策 官民・民民連携の取組事例集」 10行目"
    assert ev.url == f"/evidence/{P1}/{top.id}/venue"


def test_an_empty_local_answer_says_why_and_offers_the_nearest_farther(store):
    result = suggest_for_need(store, "volunteering", area="40100")  # 北九州市
    assert result.suggestions == []
    assert "北九州市から30km以内と福岡県には" in result.message and "ボランティア" in result.message
    assert [s.name for s in result.farther] == ["JAわかやま"]
    assert result.farther[0].distance_km > 300


def test_a_role_that_travels_comes_from_anywhere_nearer_first(store):
    result = suggest_for_need(store, "funding", area="13201")
    assert result.reach == "anywhere" and result.farther == []
    assert [s.name for s in result.suggestions] == ["東京都"]


def test_generic_participants_are_never_suggested(store):
    for need in ("referral", "volunteering"):
        result = suggest_for_need(store, need, area="13201")
        names = [s.name for s in result.suggestions + result.farther]
        assert "各地のハローワーク" not in names and "企業" not in names


def test_suggestions_for_an_organisation_leave_out_its_partners_and_lead_with_what_it_lacks(store):
    result = suggest_for_organisation(store, "TanoBa合同会社")
    names = [s.name for s in result.suggestions]
    assert "宗教法人 龍雲寺" not in names and "野沢2丁目町内会" not in names
    assert "TanoBa合同会社" not in names and "各地のハローワーク" not in names
    assert names[:2] == ["東京都", "特定非営利活動法人 せたがやネット"]
    # タノバ食堂 has venue and publicity partners: co-organising is the first local role it lacks
    first = result.complementary[0]
    assert first.role == "co_organiser"
    assert first.text == ("あなたの事業には共催・協働のパートナーがいません。"
                          "世田谷区の近くでは次の団体が共催・協働を担っています")
    assert [s.name for s in first.suggestions] == ["足立区"]
    # the departments of one body are one suggestion
    adachi = next(s for s in result.suggestions if s.name == "足立区")
    assert [o["name"] for o in adachi.also] == ["足立区教育委員会"]
    assert "足立区教育委員会" not in names
    by_id = suggest_for_organisation(store, result.organisation["id"])
    assert by_id.suggestions == result.suggestions


def test_a_department_is_named_with_its_body(store):
    result = suggest_for_need(store, "publicity", area="13121")
    adachi = next(s for s in result.suggestions if s.name == "足立区")
    assert adachi.reasons[0].text.startswith("足立区で足立区 こども家庭部として広報に協力")


def test_a_wanted_role_ranks_those_who_played_it_nearby_first(store):
    result = suggest_for_organisation(store, "TanoBa合同会社", role="venue", k=5)
    assert [s.name for s in result.suggestions][:2] == ["宗教法人 總持寺", "株式会社 はちおうじ食品"]
    assert result.suggestions[0].reasons[0].text == "横浜市鶴見区で会場を提供（横浜の会場ネットワーク）"
    assert [s.name for s in result.farther] == ["JAわかやま"]
    # an answer already full lists no farther candidates
    assert suggest_for_organisation(store, "TanoBa合同会社", role="venue", k=2).farther == []


def test_names_resolve_or_answer_with_the_closest_matches(store):
    assert resolve_organisation(store, "龍雲寺")["name"] == "宗教法人 龍雲寺"
    with pytest.raises(OrganisationNotFound) as ambiguous:
        resolve_organisation(store, "特定非営利活動法人")
    assert ambiguous.value.ambiguous
    assert "特定非営利活動法人 よこはまの輪" in [c["name"] for c in ambiguous.value.candidates]
    with pytest.raises(OrganisationNotFound) as unknown:
        resolve_organisation(store, "宗教法人 龍雲時")
    assert not unknown.value.ambiguous
    assert unknown.value.candidates[0]["name"] == "宗教法人 龍雲寺"


def test_bad_role_and_area_are_clear_errors(store):
    with pytest.raises(SuggestError, match="unknown role 'vnue'"):
        suggest_for_need(store, "vnue")
    with pytest.raises(SuggestError, match="unknown area code '99999'"):
        suggest_for_need(store, "venue", area="99999")


def test_area_levels_and_place_names():
    ward = area_scope("14102")  # 横浜市神奈川区
    assert (ward.city, ward.pref, ward.name) == ("14100", "14", "横浜市神奈川区")
    # the ward, another ward of its city, the city, the prefecture, 世田谷区 (within
    # 30 km of 横浜市), 八王子市 (farther, another prefecture), nothing
    assert [area_level(c, ward) for c in ("14102", "14101", "14100", "14201", "13112", "13201", None)] == [
        0, 1, 1, 2, 2, 3, 3]
    assert [area_level(c, area_scope("14100")) for c in ("14101", "14100", "14201")] == [0, 0, 2]
    assert [p.full_name for p in find_places("世田谷")] == ["東京都世田谷区"]
    assert find_places("北区")[0].full_name == "東京都北区" and len(find_places("北区")) > 1
    assert [p.code for p in find_places("13112")] == ["13112"]


def test_cli_prints_suggestions_with_citations_and_fails_on_an_ambiguous_name(store_path, capsys):
    spec = f"embedded:{store_path}"
    assert main(["--store", spec, "suggest", "--need", "venue", "--area", "13112", "--k", "5"]) == 0
    out = capsys.readouterr().out
    assert "宗教法人 龍雲寺" in out and "世田谷区で会場を提供（タノバ食堂）" in out
    assert "「孤独・孤立対策 官民・民民連携の取組事例集」 10行目" in out and "000_db7cee502450179d" not in out
    assert "範囲外の候補" in out and "JAわかやま" in out
    assert main(["--store", spec, "suggest", "特定非営利活動法人"]) == 1
    err = capsys.readouterr().err
    assert "複数の団体に一致します" in err and "特定非営利活動法人 よこはまの輪" in err


def test_api_routes_keep_their_shape(store):
    with TestClient(create_app(store=store)) as client:
        r = client.get("/suggestions", params={"need": "venue", "area": "13112", "k": 5})
        assert r.status_code == 200
        top = r.json()["suggestions"][0]
        assert top["name"] == "宗教法人 龍雲寺" and isinstance(top["score"], float)
        assert top["reasons"][0]["sources"] == ["000_db7cee502450179d.txt:10"]
        assert top["reasons"][0]["evidence"][0]["url"].startswith("/evidence/")
        assert r.json()["farther"][0]["name"] == "JAわかやま"
        r = client.get("/organisations/TanoBa合同会社/suggestions", params={"k": 1})
        assert r.status_code == 200 and r.json()["suggestions"][0]["name"] == "東京都"
        assert r.json()["complementary"][0]["role"] == "co_organiser"
        r = client.get("/organisations/宗教法人 龍雲時/suggestions")
        assert r.status_code == 404
        assert r.json()["detail"]["candidates"][0]["name"] == "宗教法人 龍雲寺"
        assert client.get("/suggestions", params={"need": "vnue"}).status_code == 422
        assert client.get("/places", params={"q": "世田谷"}).json() == [
            {"code": "13112", "name": "世田谷区", "full_name": "東京都世田谷区"}]


def test_the_organisation_route_sends_what_the_response_model_would(store):
    """The route encodes the suggester's dataclasses itself: the same JSON as the
    response model, field by field, with and without a role, area or k."""
    from tsunagari.api.routes_suggestions import SuggestionResultOut

    asks = [("TanoBa合同会社", {}), ("TanoBa合同会社", {"role": "venue"}),
            ("宗教法人 龍雲寺", {"role": "publicity", "k": 3}), ("TanoBa合同会社", {"area": "13112"})]
    with TestClient(create_app(store=store)) as client:
        for org, params in asks:
            got = client.get(f"/organisations/{org}/suggestions", params=params)
            assert got.status_code == 200 and got.headers["content-type"].startswith("application/json")
            result = suggest_for_organisation(store, org, **params)
            assert got.json() == SuggestionResultOut.model_validate(result).model_dump(mode="json"), params
            assert got.json()["suggestions"] or got.json()["complementary"], params


def test_partners_page_resolves_the_area_by_name_and_links_the_evidence(store, ids):
    with TestClient(create_app(store=store)) as client:
        page = client.get("/partners", params={"need": "venue", "area": "世田谷"})
        assert page.status_code == 200
        text = page.text
        assert text.index("宗教法人 龍雲寺") < text.index("宗教法人 總持寺") < text.index("範囲外の候補")
        url = f"/evidence/{P1}/{ids['宗教法人 龍雲寺']}/venue"
        assert f'href="{url}"' in text and "000_db7cee502450179d.txt" not in text
        evidence = client.get(url)
        assert evidence.status_code == 200
        assert "宗教法人 龍雲寺（タノバ食堂の会場提供パートナー）" in evidence.text
        assert "孤独・孤立対策 官民・民民連携の取組事例集" in evidence.text and "10行目" in evidence.text
        assert "自由価格制のコミュニティ「タノバ食堂」" in evidence.text
        assert client.get(f"/evidence/{P1}/{ids['宗教法人 龍雲寺']}/publicity").status_code == 404
        several = client.get("/partners", params={"need": "venue", "area": "北区"})
        assert "どの地域ですか" in several.text and "東京都北区" in several.text
        unknown = client.get("/partners", params={"need": "venue", "area": "ほげほげ"})
        assert "見つかりません" in unknown.text
        mine = client.get("/partners", params={"org": ids["TanoBa合同会社"]})
        assert "あなたの事業には共催・協働のパートナーがいません" in mine.text
        assert "スコアの意味" in mine.text
        org_page = client.get(f"/org/{ids['TanoBa合同会社']}")
        assert 'id="partner-finder"' in org_page.text
        # its sources are cited by document title and line, not by file name
        cited = org_page.text[org_page.text.index('<ul class="sources">'):]
        cited = cited[:cited.index("</ul>")]
        assert "「孤独・孤立対策 官民・民民連携の取組事例集」 2行目" in cited
        assert "000_db7cee502450179d.txt" not in cited


# -- the acceptance questions, on the shipped records ----------------------

FOOD_BANK = "一般社団法人 フードバンク八王子"


@pytest.mark.parametrize(("need", "area"), [("publicity", "13201"), ("volunteering", "40100"),
                                            ("venue", "13112")])
def test_shipped_local_needs_return_only_nearby_candidates(shipped_store, need, area):
    from tsunagari.core.vocabulary import LOCAL_REACH_KM

    from tsunagari.suggest.scope import centroids

    result = suggest_for_need(shipped_store, need, area=area)
    for s in result.suggestions:
        played = [r for r in s.reasons if r.kind == "role"]
        assert played and all(r.evidence for r in played), s.name
        assert s.area_level < 3 and (s.area["code"][:2] == area[:2]
                                     or centroids().distance_km(area, s.area["code"]) <= LOCAL_REACH_KM)
    assert all(s.area_level == 3 for s in result.farther)
    if not result.suggestions:
        assert result.message


def test_shipped_food_bank_gets_no_partner_no_category_and_nearby_first(shipped_store):
    from tsunagari.core.vocabulary import LOCAL_REACH_KM

    org = resolve_organisation(shipped_store, FOOD_BANK)
    partners = set(shipped_store.query("suggest_seed", id=org["id"])[0]["partners"] or [])
    result = suggest_for_organisation(shipped_store, org["id"])
    shown = result.suggestions + [s for c in result.complementary for s in c.suggestions]
    ids = {s.id for s in shown} | {o["id"] for s in shown for o in s.also}
    assert ids and not ids & partners and org["id"] not in ids
    named = {r["id"] for r in shipped_store.query("organisation_names")}
    assert ids <= named  # no participant category
    assert all(s.distance_km is not None and s.distance_km <= LOCAL_REACH_KM
               for s in result.suggestions[:5])


def test_shipped_venue_in_setagaya_shows_ryuunji_first_with_its_evidence(shipped_store):
    with TestClient(create_app(store=shipped_store)) as client:
        page = client.get("/partners", params={"need": "venue", "area": "13112"}).text
        first = page.index('class="suggestion"')
        assert page.index("宗教法人 龍雲寺", first) < page.index('class="suggestion"', first + 1)
        result = suggest_for_need(shipped_store, "venue", area="13112")
        assert result.suggestions[0].name == "宗教法人 龍雲寺"
        evidence = client.get(result.suggestions[0].reasons[0].evidence[0].url)
        assert evidence.status_code == 200 and "タノバ食堂の会場提供パートナー" in evidence.text


def test_a_role_that_travels_is_found_far_away_even_when_the_area_is_busy(store, monkeypatch):
    # 八王子市 has more active organisations than the nearby pool holds, none of them a
    # funder: 東京都, which funded in 世田谷区 (30.6 km away, outside the pools read) and
    # governs 八王子市 too, must still be offered (shipped data: 世田谷区 × 資金提供
    # answered nothing while 八王子市 × 資金提供 found eight)
    import tsunagari.suggest.finder as finder
    monkeypatch.setattr(finder, "AREA_CANDIDATES", 1)
    result = suggest_for_need(store, "funding", area="13201")
    assert [s.name for s in result.suggestions] == ["東京都"] and result.message is None


def test_an_empty_answer_promises_farther_candidates_only_when_it_has_some(store):
    # nobody played 研究・調査 anywhere in these records: nothing is shown below
    result = suggest_for_need(store, "research", area="13112")
    assert not result.suggestions and not result.farther
    assert "ほかの地域にも記録がありません" in result.message and "下に示します" not in result.message


@pytest.mark.parametrize("codes", [("14102",), ("13",), ("14100",), ("01100", "13112"),
                                   ("47201", "01101", "13", "43100", "26100")])
def test_a_placer_s_tables_say_what_the_rule_says(codes):
    """Placer looks the places of the place table up in per-scope tables: for every
    place they give the level and distance the rule itself (Placer._place) works out,
    alone or with other scopes, and codes outside the table are placed by the rule."""
    from tsunagari.core.places import place_table

    from tsunagari.suggest.scope import Placer

    placer = Placer([area_scope(c) for c in codes])
    every = [p.code for p in place_table().places()]
    assert [placer.place(c) for c in every] == [placer._place(c) for c in every]
    assert {placer.place(c)[0] for c in every} >= {0, 3}
    assert len({placer.place(c)[1] for c in every}) > 100  # distances, not one value
    assert placer.place("99999") == placer._place("99999") == (3, None)
    assert placer.place(None) == (3, None)
    assert placer.nearest(["99999", codes[0]], exact=True) == (0, 0.0, codes[0])
    assert placer.nearest(every, exact=True) == placer.nearest(every[::-1], exact=True)
    assert placer.least_km(["99999", None, *every]) == placer.least_km(every) == 0.0


def test_a_server_works_out_every_place_a_request_may_ask_about_at_its_start() -> None:
    """seeds.warm_areas: every place one may ask about has its scope table, its
    neighbours and its prefectures' bounds worked out, as a request would."""
    from tsunagari.core.places import place_table

    from tsunagari.suggest import scope, seeds

    scope._scope_table.cache_clear()
    scope.nearby.cache_clear()
    seeds._prefecture_bounds.cache_clear()
    askable = []
    for p in place_table().places():
        try:
            askable.append(scope.area_scope(p.code))
        except SuggestError:
            continue
    assert seeds.warm_areas() == len(askable) > 1700
    assert scope._scope_table.cache_info().currsize == len(askable)
    assert seeds._prefecture_bounds.cache_info().currsize == len(askable)
    hits = scope._scope_table.cache_info().hits
    scope.Placer(askable[:3])  # a request's placer finds them worked out
    assert scope._scope_table.cache_info().hits == hits + 3


def test_a_server_reads_every_feature_and_title_at_its_start_for_the_graph_it_serves(
        store, monkeypatch: pytest.MonkeyPatch) -> None:
    """fetch.preload: what requests then read of the features and titles is what a
    read by key gives, for every organisation and programme (and for ids the graph
    lacks), until a load changes the graph; a store that may write keeps nothing."""
    from tsunagari.loaders.records import read_records

    from tests.conftest import RECORDS
    from tsunagari.loading import write_graph
    from tsunagari.suggest import fetch

    records = read_records([RECORDS]).records
    write_graph(store, records, mode="rebuild")
    assert fetch.preload(store) == {}  # the writer's own reads must see its writes
    server = open_store(store.describe(), read_only=True)
    try:
        ids = [r["id"] for r in server.run("MATCH (o:Organisation) RETURN o.id AS id ORDER BY id")]
        progs = [r["id"] for r in server.run("MATCH (p:Programme) RETURN p.id AS id ORDER BY id")]
        counts = fetch.preload(server)
        assert counts["features"] > 100 and counts["titles"] == len(progs)

        def titles(ids: list[str]) -> dict[str, object]:
            return fetch.read_kept(server, "titles", fetch.TITLE_CACHE_SIZE, ids, lambda _: None) or {}

        held = fetch.read_features(server, [*ids, "org-none"])
        held_titles = titles([*progs, "prog-none"])
        assert held_titles["prog-none"] == "" and any(held_titles.values())
        monkeypatch.setattr(fetch, "FEATURE_CACHE_SIZE", 0)
        assert held == fetch.read_features(server, [*ids, "org-none"])
        assert "org-none" not in held
        monkeypatch.undo()
        assert held_titles == {p: (t or "") for p, t in (
            (r["id"], r["title"]) for r in server.query("suggest_programme_titles", ids=progs))} | {
            "prog-none": ""}
        # a load that changes the graph: read by key again, as it is now
        write_graph(store, records[: len(records) // 2], mode="rebuild")
        after = fetch.read_features(server, ids)
        assert set(after) < set(held)
        # no title held: the read by key is asked
        assert fetch.read_kept(server, "titles", fetch.TITLE_CACHE_SIZE, progs[-1:], lambda _: None) is None
    finally:
        server.close()


def test_features_read_lately_are_those_of_the_graph_as_it_is_now(
        store, monkeypatch: pytest.MonkeyPatch) -> None:
    from tsunagari.loaders.records import read_records

    from tests.conftest import RECORDS
    from tsunagari.loading import write_graph
    from tsunagari.suggest import fetch

    records = read_records([RECORDS]).records
    write_graph(store, records, mode="rebuild")
    # a server's store: read-only, while loads write through another
    server = open_store(store.describe(), read_only=True)
    try:
        ids = [r["id"] for r in server.run(
            "MATCH (o:Organisation) WHERE o.kind <> 'generic' RETURN o.id AS id ORDER BY id")]
        first = fetch.read_features(server, ids)
        assert len(first) > 100
        again = fetch.read_features(server, ids)
        assert again == first and all(again[i] is not first[i] for i in again)
        # what a caller does to its candidates stays its own
        c = again[ids[0]]
        c.roles.add("no-such-role")
        c.area_codes.append("99999")
        c.life_stages.add("no-such-stage")
        assert fetch.read_features(server, [c.id])[c.id] == first[c.id]
        # a rebuild with half the records: the graph as it is now, as a read with no cache gives it
        write_graph(store, records[: len(records) // 2], mode="rebuild")
        after = fetch.read_features(server, ids)
        monkeypatch.setattr(fetch, "FEATURE_CACHE_SIZE", 0)
        assert after == fetch.read_features(server, ids)
        assert set(after) < set(first)
        assert any(after[i] != first[i] for i in after)
    finally:
        server.close()
