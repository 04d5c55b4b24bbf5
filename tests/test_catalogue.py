"""Every partner-finder query of the catalogue, on the real embedded engine, with
values checked by hand against the named dataset of tests/suggest_data.py."""

from __future__ import annotations

import pytest
from tsunagari.core.places import covered, prefecture_of
from tsunagari.graph import open_store

from tests.suggest_data import load
from tsunagari.suggest.fetch import friends_of_friends, read_pools

P1, P2, P3, P4, P5 = (f"casebook-000-00{n}" for n in ("02", "20", "30", "40", "50"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    # read-only tests share one load: the gazetteer makes each load take a second
    s = open_store(f"embedded:{tmp_path_factory.mktemp('catalogue') / 'graph'}")
    yield s
    s.close()


@pytest.fixture(scope="module")
def ids(store):
    return load(store)


def test_organisation_profile(store, ids):
    (row,) = store.query("organisation_profile", id=ids["野沢2丁目町内会"])
    assert row["led"] == [P2]
    assert row["joined"] == [P1]
    assert row["roles_played"] == ["publicity"]
    assert row["programme_areas"] == ["13112"]
    assert row["sector"] == "community"
    assert sorted(row["partners"]) == sorted(ids[n] for n in (
        "TanoBa合同会社", "宗教法人 龍雲寺", "特定非営利活動法人 せたがやネット", "東京都"))
    assert row["sources"] == ["000_db7cee502450179d.txt:11", "000_db7cee502450179d.txt:20"]
    assert store.query("organisation_profile", id="no-such-org") == []


def test_partners_of_organisation_by_role(store, ids):
    rows = store.query("partners_of_organisation", id=ids["宗教法人 龍雲寺"], role="")
    assert [(r["name"], r["role"], r["programmes"], r["sources"]) for r in rows] == [
        ("TanoBa合同会社", "lead", [P1], ["000_db7cee502450179d.txt:2"]),
        ("野沢2丁目町内会", "publicity", [P1], ["000_db7cee502450179d.txt:11"]),
    ]
    only = store.query("partners_of_organisation", id=ids["宗教法人 龍雲寺"], role="publicity")
    assert [r["name"] for r in only] == ["野沢2丁目町内会"]


def test_partners_of_organisation_leaves_out_generic_bodies(store, ids):
    rows = store.query("partners_of_organisation", id=ids["八王子市社会福祉協議会"], role="")
    assert [(r["name"], r["role"]) for r in rows] == [("株式会社 はちおうじ食品", "venue")]


def players(store, role: str, area: str, city: str = "", limit: int = 10) -> list[dict]:
    return store.query("role_players_in_area", role=role, area_codes=covered(area),
                       city_codes=covered(city) if city else [],
                       prefecture_codes=covered(prefecture_of(area) or area), limit=limit)


def test_role_players_fall_back_from_ward_to_prefecture_to_nationwide(store, ids):
    rows = players(store, "venue", "13112")
    assert [(r["name"], r["level"], r["programmes"]) for r in rows] == [
        ("宗教法人 龍雲寺", 0, 1), ("株式会社 はちおうじ食品", 2, 1), ("宗教法人 總持寺", 3, 1)]
    assert rows[0]["evidence"] == [{"programme": P1, "title": "自由価格制のコミュニティ「タノバ食堂」",
                                    "role": "venue", "source": "000_db7cee502450179d.txt:10",
                                    "area": "世田谷区"}]


def test_role_players_in_a_designated_city_and_its_other_wards(store, ids):
    city = players(store, "venue", "14100", city="14100")
    assert [(r["name"], r["level"]) for r in city][0] == ("宗教法人 總持寺", 0)
    ward = players(store, "venue", "14102", city="14100")
    assert [(r["name"], r["level"]) for r in ward][0] == ("宗教法人 總持寺", 1)
    pref = players(store, "venue", "13")
    assert [(r["name"], r["level"]) for r in pref] == [
        ("宗教法人 龍雲寺", 0), ("株式会社 はちおうじ食品", 0), ("宗教法人 總持寺", 3)]
    anyone = players(store, "", "13112", limit=2)
    assert [(r["name"], r["level"]) for r in anyone] == [
        ("特定非営利活動法人 せたがやネット", 0), ("宗教法人 龍雲寺", 0)]  # 2 programmes first


def test_collaboration_path_names_who_can_introduce(store, ids):
    (row,) = store.query("collaboration_path", from_id=ids["宗教法人 龍雲寺"],
                         to_id=ids["特定非営利活動法人 よこはまの輪"])
    assert row["names"] == ["宗教法人 龍雲寺", "野沢2丁目町内会", "特定非営利活動法人 せたがやネット",
                            "特定非営利活動法人 よこはまの輪"]
    assert row["programmes"] == [[P1], [P2], [P3]]
    assert store.query("collaboration_path", from_id=ids["宗教法人 龍雲寺"],
                       to_id=ids["八王子市社会福祉協議会"]) == []


def test_area_network_of_a_ward_and_of_its_prefecture(store, ids):
    rows = store.query("area_network", codes=covered("13112"))
    pairs = sorted((tuple(sorted((r["a_name"], r["b_name"]))), tuple(r["programmes"])) for r in rows)
    assert pairs == sorted([
        (tuple(sorted(("TanoBa合同会社", "宗教法人 龍雲寺"))), (P1,)),
        (tuple(sorted(("TanoBa合同会社", "野沢2丁目町内会"))), (P1,)),
        (tuple(sorted(("宗教法人 龍雲寺", "野沢2丁目町内会"))), (P1,)),
        (tuple(sorted(("野沢2丁目町内会", "特定非営利活動法人 せたがやネット"))), (P2,)),
        (tuple(sorted(("野沢2丁目町内会", "東京都"))), (P2,)),
        (tuple(sorted(("特定非営利活動法人 せたがやネット", "東京都"))), (P2,)),
    ])
    tanoba = next(r for r in rows if {r["a_name"], r["b_name"]} == {"TanoBa合同会社", "宗教法人 龍雲寺"})
    roles = {tanoba["a_name"]: tanoba["a_roles"], tanoba["b_name"]: tanoba["b_roles"]}
    assert roles == {"TanoBa合同会社": ["lead"], "宗教法人 龍雲寺": ["venue"]}
    assert len(store.query("area_network", codes=covered("13"))) == 7  # + 八王子: 社協 and はちおうじ食品


def test_counts_by_role_sector_prefecture(store, ids):
    # 各地のハローワーク (referral) is a participant category, not an organisation
    rows = store.query("counts_by_role_sector_prefecture")
    got = sorted((r["role"], r["sector"], r["prefecture"] or "", r["edges"]) for r in rows)
    assert got == [
        ("funding", "public", "13", 1), ("in_kind", "private", "", 1),
        ("networking", "nonprofit", "14", 1), ("publicity", "community", "13", 1),
        ("publicity", "nonprofit", "13", 1),
        ("venue", "nonprofit", "13", 1), ("venue", "nonprofit", "14", 1),
        ("venue", "private", "13", 1)]


def test_suggester_bulk_queries(store, ids):
    net = store.query("suggest_network_candidates", id=ids["TanoBa合同会社"], limit=10)
    got = {r["id"]: (sorted(r["via_names"]), r["via_degrees"]) for r in net}
    assert got == {ids["特定非営利活動法人 せたがやネット"]: (["野沢2丁目町内会"], [4]),
                   ids["東京都"]: (["野沢2丁目町内会"], [4])}
    food, tokyo = ids["株式会社 はちおうじ食品"], ids["東京都"]
    # P5 is nationwide: no target area
    feats = store.query("suggest_candidate_features", ids=[food, tokyo])
    assert sorted((r["name"], r["degree"], r["roles"], r["life_stages"], r["area_codes"]) for r in feats) == [
        ("東京都", 2, ["funding"], ["子ども", "高齢者"], ["13112"]),
        ("株式会社 はちおうじ食品", 2, ["in_kind", "venue"], [], ["13201"])]
    # The seed and its partners' lists, from which friends of friends are counted
    tanoba, nozawa, ryuun = ids["TanoBa合同会社"], ids["野沢2丁目町内会"], ids["宗教法人 龍雲寺"]
    (seed,) = store.query("suggest_seed", id=tanoba)
    assert (seed["name"], sorted(seed["partners"]), seed["life_stages"], seed["programme_areas"],
            seed["home_areas"]) == ("TanoBa合同会社", sorted([nozawa, ryuun]), ["高齢者"], ["13112"], [])
    # せたがやネット joins P2 (世田谷区) and P3 (鶴見区): one programme each, so by code
    (net_seed,) = store.query("suggest_seed", id=ids["特定非営利活動法人 せたがやネット"])
    assert net_seed["programme_areas"] == ["13112", "14101"]
    assert store.query("suggest_seed", id="no-such-org") == []
    lists = store.query("suggest_partner_lists", ids=sorted(seed["partners"]))
    assert sorted((r["name"], r["degree"], r["partners"]) for r in lists) == [
        ("宗教法人 龍雲寺", 2, sorted([tanoba, nozawa])),
        ("野沢2丁目町内会", 4, sorted([tanoba, ryuun, ids["特定非営利活動法人 せたがやネット"], tokyo]))]
    assert {c: [n for _, n, _ in via] for c, via in friends_of_friends(tanoba, lists)} == {
        ids["特定非営利活動法人 せたがやネット"]: ["野沢2丁目町内会"], tokyo: ["野沢2丁目町内会"]}
    assert friends_of_friends(tanoba, lists, limit=1) == [
        (min(ids["特定非営利活動法人 せたがやネット"], tokyo), [(nozawa, "野沢2丁目町内会", 4)])]
    evidence = store.query("suggest_candidate_evidence", ids=[food], roles=["venue"])
    assert [(r["programme"], r["role"], r["area_code"], r["source"]) for r in evidence] == [
        (P4, "venue", "13201", "000_db7cee502450179d.txt:41")]
    # a candidate that never played the role: one row, no programme
    assert [(r["id"], r["programme"], r["area_code"]) for r in store.query(
        "suggest_candidate_evidence", ids=[food], roles=["funding"])] == [(food, None, None)]
    evidence = (store.query("suggest_candidate_evidence", ids=[food], roles=["in_kind"])
                + store.query("suggest_candidate_area_evidence", ids=[food], codes=["13201"]))
    assert sorted((r["programme"], r["role"], r["area_code"]) for r in evidence) == [
        (P4, "venue", "13201"), (P5, "in_kind", None)]
    assert [(r["id"], r["programme"]) for r in store.query(
        "suggest_candidate_area_evidence", ids=[food], codes=[])] == [(food, None)]
    names = store.query("organisation_names")
    assert "各地のハローワーク" not in [r["name"] for r in names] and len(names) == 10


def test_suggester_candidate_pools(store, ids):
    names = {v: k for k, v in ids.items()}

    def pools(*codes):
        return {names[org]: sorted(a.roles) for org, a in read_pools(store, codes).items()}

    # a ward's pool: who took part there, leading included, with the roles played there
    assert pools("13112") == {"TanoBa合同会社": [], "宗教法人 龍雲寺": ["venue"],
                              "野沢2丁目町内会": ["publicity"], "特定非営利活動法人 せたがやネット": ["publicity"],
                              "東京都": ["funding"]}
    # a designated city holds its wards' pools; a prefecture all of its places'
    assert pools("14100") == pools("14101") == {
        "特定非営利活動法人 よこはまの輪": [], "宗教法人 總持寺": ["venue"],
        "特定非営利活動法人 せたがやネット": ["networking"]}
    assert pools("13")["株式会社 はちおうじ食品"] == ["venue"]
    # several places at once: the roles add up
    assert pools("13112", "14101")["特定非営利活動法人 せたがやネット"] == ["networking", "publicity"]
    assert pools() == {}
    anywhere = store.query("suggest_role_candidates", role="venue", limit=10)
    assert [names[r["id"]] for r in anywhere] == ["宗教法人 總持寺", "宗教法人 龍雲寺", "株式会社 はちおうじ食品"]
    anyone = store.query("suggest_role_candidates", role="", limit=3)
    assert [names[r["id"]] for r in anyone] == ["特定非営利活動法人 せたがやネット", "野沢2丁目町内会", "TanoBa合同会社"]
