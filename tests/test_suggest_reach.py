"""Reach rules of the partner finder on a named dataset (tests/suggest_data.py plus a few
funders): a government's funding or endorsement stays within the areas it governs,
candidates found nationwide carry their place and distance and the nearer ranks first
among equals, and the rule report counts empty answers that had someone within reach."""

from __future__ import annotations

import pytest
from tsunagari.graph import open_store

from tests.suggest_data import EXTRA, HACHIOJI, RECORDS, SETAGAYA, WAKAYAMA, _rec
from tsunagari.loading import write_graph
from tsunagari.suggest import suggest_for_need
from tsunagari.suggest.finder import SuggestionResult
from tsunagari.suggest.rules import RuleReport, _Facts, check_empty, rule_report
from tsunagari.suggest.scope import area_scope, home_allows, public_home

FUNDERS = [
    _rec("casebook-000-0080", "和歌山の見守り", 80, "特定非営利活動法人 わかやまの会", [WAKAYAMA], [
        {"name": "公益財団法人 わかやま基金", "roles": ["funding"], "line": 81},
    ]),
    _rec("casebook-000-0090", "八王子の見守り", 90, "特定非営利活動法人 はちおうじの会", [HACHIOJI], [
        {"name": "公益財団法人 はちおうじ基金", "roles": ["funding"], "line": 91},
    ]),
    _rec("casebook-000-0100", "世田谷の見守り", 100, "特定非営利活動法人 せたがや見守りの会", [SETAGAYA], [
        {"name": "世田谷区", "roles": ["endorsement"], "line": 101},
        {"name": "厚生労働省", "roles": ["funding"], "line": 102},
    ]),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(f"embedded:{tmp_path_factory.mktemp('reach') / 'graph'}")
    write_graph(s, RECORDS + EXTRA + FUNDERS)
    yield s
    s.close()


def test_a_local_government_funds_only_where_it_governs(store):
    # 東京都 funded a programme in 世田谷区: offered there, not in 和歌山市
    setagaya = [s.name for s in suggest_for_need(store, "funding", area="13112").suggestions]
    assert "東京都" in setagaya
    wakayama = suggest_for_need(store, "funding", area="30201")
    names = [s.name for s in wakayama.suggestions]
    assert "東京都" not in names and "東京都" not in [s.name for s in wakayama.farther]
    # a foundation and a national ministry still travel
    assert {"公益財団法人 わかやま基金", "公益財団法人 はちおうじ基金", "厚生労働省"} <= set(names)


def test_a_ward_endorses_only_in_its_own_ward(store):
    assert "世田谷区" in [s.name for s in suggest_for_need(store, "endorsement", area="13112").suggestions]
    other = suggest_for_need(store, "endorsement", area="13201")  # 八王子市, the same prefecture
    assert "世田谷区" not in [s.name for s in other.suggestions]
    assert not other.suggestions and "自治体による後援" in other.message


def test_the_rule_names_the_governed_area():
    assert public_home("gov-43100", "熊本市", "public", "government") == "43100"
    assert public_home("org-x", "和歌山県教育委員会", "public", "government") == "30"
    assert public_home("org-y", "推定: 岡山市教育委員会（文字化けから復元）", "public", "government") == "33100"
    assert public_home("org-z", "厚生労働省", "public", "government") is None
    assert public_home("org-w", "公益財団法人 わかやま基金", "nonprofit", None) is None
    ward = [area_scope("14101")]  # 横浜市鶴見区: 横浜市 and 神奈川県 govern it
    assert home_allows("funding", "14100", ward) and home_allows("funding", "14", ward)
    assert not home_allows("funding", "13112", ward)
    assert home_allows("venue", "13112", ward)  # a local role keeps its own reach rule


def test_candidates_found_far_away_have_a_place_and_the_nearer_comes_first(store):
    # 北九州市: both foundations are far (和歌山市 ~330 km, 八王子市 ~870 km) and score
    # alike; by name alone はちおうじ would come first
    result = suggest_for_need(store, "funding", area="40100")
    found = {s.name: s for s in result.suggestions}
    waka, hachi = found["公益財団法人 わかやま基金"], found["公益財団法人 はちおうじ基金"]
    assert waka.area == {"code": "30201", "name": "和歌山市"}
    assert hachi.area == {"code": "13201", "name": "八王子市"}
    assert waka.distance_km is not None and hachi.distance_km is not None
    assert waka.distance_km < hachi.distance_km
    assert waka.score == hachi.score
    names = [s.name for s in result.suggestions]
    assert names.index(waka.name) < names.index(hachi.name)


def test_the_rule_report_counts_an_empty_answer_with_someone_within_reach(store):
    facts = _Facts(store)
    report = RuleReport()
    nothing = SuggestionResult(None, "venue", None, "local", 30.0, {}, [])
    # 龍雲寺 gave a venue in 世田谷区: answering nothing there is broken
    check_empty(report, facts, "venue", "13112", [s.id for s in nothing.farther])
    # nobody did research anywhere; and 東京都's funding does not reach 和歌山県's 海南市
    check_empty(report, facts, "research", "13112", [])
    assert report.empty == 1 and report.empty_examples[0].startswith("venue@13112")
    assert "gov-13" not in facts.reachable("funding", "30202")
    assert "gov-13" in facts.reachable("funding", "13112")


def test_the_suggester_leaves_no_empty_answer_within_reach(store):
    report = rule_report(store, organisations=False)
    assert report.area_questions > 0 and report.empty == 0, report.empty_examples
