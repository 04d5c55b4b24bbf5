"""Search as people type it: words mean AND, width and kana do not matter, places carry
their prefecture. Runs on the shipped records in the real embedded engine."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.graph import GraphStore
from tsunagari.loaders.records import Record

from tsunagari import search
from tsunagari.loading import write_graph

FOOD_BANK = "一般社団法人 フードバンク八王子"


@pytest.fixture(scope="module")
def client(shipped_store: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=shipped_store)) as c:
        yield c


def names(results: search.Results) -> list[str]:
    return [o["name"] for o in results.organisations]


def test_words_fold_width_case_and_spaces():
    assert search.words("ﾌｰﾄﾞﾊﾞﾝｸ\u3000八王子  ＮＰＯ") == ["フードバンク", "八王子", "npo"]
    assert search.words("八王子 八王子") == ["八王子"]
    assert search.words("   ") == []


def test_each_word_is_tried_in_katakana_hiragana_and_as_an_organisation_key():
    assert search.katakana("ふーどばんく") == "フードバンク"
    assert search.hiragana("フードバンク") == "ふーどばんく"
    forms = search.spellings("npo法人抱樸")
    assert "抱樸" in forms and "npo法人抱樸" in forms
    assert "" not in search.spellings("npo法人")


def test_several_words_mean_and_in_any_order(shipped_store: GraphStore):
    both = search.search(shipped_store, "八王子 フードバンク")
    assert FOOD_BANK in names(both)
    assert names(search.search(shipped_store, "フードバンク 八王子")) == names(both)
    # AND, not OR: each word alone finds more, a word nothing holds finds nothing
    assert set(names(both)) < set(names(search.search(shipped_store, "フードバンク")))
    assert set(names(both)) < set(names(search.search(shipped_store, "八王子")))
    assert search.search(shipped_store, "八王子 ぜったいにない語").organisations == []


def test_kana_and_width_do_not_matter(shipped_store: GraphStore):
    katakana = names(search.search(shipped_store, "フードバンク"))
    assert FOOD_BANK in katakana
    assert names(search.search(shipped_store, "ふーどばんく")) == katakana
    assert names(search.search(shipped_store, "ﾌｰﾄﾞﾊﾞﾝｸ")) == katakana
    # and the other way round: hiragana in a name is found from katakana
    assert "島田療育センターはちおうじ" in names(search.search(shipped_store, "ハチオウジ"))


def test_a_place_word_finds_the_place_with_its_prefecture_and_what_is_active_there(
        shipped_store: GraphStore):
    found = search.search(shipped_store, "世田谷")
    assert [p["full_name"] for p in found.places] == ["東京都世田谷区"]
    assert found.organisations, "「世田谷」 finds the organisations active in 世田谷区"
    assert all("東京都世田谷区" in o["areas"] for o in found.organisations)
    assert any("タノバ食堂" in p["title"] for p in found.programmes)
    # a prefecture name and a city name together narrow to the city
    assert [p["full_name"] for p in search.search(shipped_store, "東京 八王子").places] == [
        "東京都八王子市"]


def test_search_page_shows_places_with_their_prefecture_never_a_bare_code(client: TestClient):
    html = client.get("/search", params={"q": "八王子 フードバンク"}).text
    assert FOOD_BANK in html
    assert "「八王子」「フードバンク」をすべて含むもの" in html
    assert ">13201<" not in html and "東京都八王子市" in html
    places = client.get("/search", params={"q": "八王子"}).text
    assert 'href="/municipality/13201">東京都八王子市</a>' in places


def test_complete_offers_places_organisations_and_programmes_with_their_pages(
        client: TestClient):
    got = client.get("/complete", params={"q": "世田谷"}).json()
    assert got[0] == {"kind": "place", "label": "東京都世田谷区", "detail": "地域",
                      "url": "/municipality/13112"}
    kinds = [c["kind"] for c in got]
    assert kinds == sorted(kinds, key=["place", "organisation", "programme"].index)
    assert {"organisation", "programme"} <= set(kinds) and len(got) <= 8
    for c in got:
        assert client.get(c["url"]).status_code == 200
    assert client.get("/complete", params={"q": ""}).json() == []
    assert len(client.get("/complete", params={"q": "市", "limit": 3}).json()) == 3


def record(rid: str, lead: str, partners: list[str], code: str, municipality: str) -> Record:
    return Record.model_validate({
        "id": rid, "title": f"{municipality}の居場所づくり", "lead": {"name": lead},
        "areas": [{"text": municipality, "prefecture": "東京都", "municipality": municipality,
                   "code": code, "level": "municipality"}],
        "partners": [{"name": p, "roles": ["venue"], "role_text": "会場提供"} for p in partners],
        "source": {"document": "test.txt", "line": 1, "format": "casebook"},
    })


def test_a_word_may_hold_by_name_and_another_by_place(store: GraphStore):
    write_graph(store, [
        record("t-1", "八王子ふれあい会", ["みどりの会"], "13112", "世田谷区"),
        record("t-2", "フードバンク八王子テスト", [], "13201", "八王子市"),
    ], mode="rebuild")
    # 八王子 by its name, 世田谷 by where it works; みどりの会 works there but lacks 八王子
    assert names(search.search(store, "八王子 世田谷")) == ["八王子ふれあい会"]
    assert set(names(search.search(store, "世田谷"))) == {"八王子ふれあい会", "みどりの会"}
    assert names(search.search(store, "テスト 八王子")) == ["フードバンク八王子テスト"]
    progs = search.search(store, "居場所 世田谷").programmes
    assert [p["id"] for p in progs] == ["t-1"]


# What the search queries matched before the search text was derived on load: every
# spelling folded row by row over names, keys and aliases, titles and area texts.
# Kept here as the reference the derived column must agree with.
FOLDED_PER_ROW = {
    "organisations": """
        UNWIND $terms AS t
        MATCH (o:Organisation)
        WHERE coalesce(o.kind, '') <> 'generic'
          AND (toLower(o.name) CONTAINS t.text OR o.key CONTAINS t.text
               OR any(a IN o.aliases WHERE toLower(a) CONTAINS t.text))
        WITH o, count(DISTINCT t.word) AS matched
        WHERE matched = $words
        RETURN o.id AS id, o.name AS name
        ORDER BY size(o.name), o.name, o.id
        LIMIT $limit""",
    "programmes": """
        UNWIND $terms AS t
        MATCH (p:Programme)
        WHERE toLower(p.title) CONTAINS t.text OR any(a IN p.area_texts WHERE a CONTAINS t.text)
        WITH p, count(DISTINCT t.word) AS matched
        WHERE matched = $words
        RETURN p.id AS id, p.title AS title, p.kind AS kind
        ORDER BY size(p.title), p.title, p.id
        LIMIT $limit""",
}
ALIKE = ["フードバンク", "ふーどばんく", "ﾌｰﾄﾞﾊﾞﾝｸ", "ＮＰＯ", "npo法人抱樸", "抱樸", "八王子 フードバンク",
         "子ども 食堂", "こども", "居場所", "東京都", "八王子", "世田谷", "社会福祉協議会", "ひきこもり",
         "孤独 孤立", "ハチオウジ", "大学", "center"]


@pytest.mark.parametrize("q", ALIKE)
def test_the_derived_search_text_finds_what_folding_row_by_row_found(shipped_store: GraphStore, q: str):
    ws = search.words(q)
    terms = search._text_terms(ws)
    for name, query in (("organisations", "search_organisations_by_words"), ("programmes", "search_programmes")):
        before = shipped_store.run(FOLDED_PER_ROW[name], {"terms": terms, "words": len(ws), "limit": 500})
        assert shipped_store.query(query, terms=terms, words=len(ws), limit=500) == before, name
        index = getattr(search.indexes(shipped_store), name)
        columns = ("id", "name") if name == "organisations" else ("id", "title", "kind")
        assert [{k: r[k] for k in columns} for r in index.matching(ws, 500)] == before, name


def test_the_shipped_data_is_found_by_alias_programme_title_and_place(shipped_store: GraphStore):
    aliased = shipped_store.run(
        "MATCH (o:Organisation) WHERE size(o.aliases) > 0 AND coalesce(o.kind, '') <> 'generic' "
        "RETURN o.id AS id, o.name AS name, o.aliases AS aliases ORDER BY o.id LIMIT 1")
    assert aliased, "the shipped records name some organisation by an alias"
    alias = aliased[0]["aliases"][0]
    assert aliased[0]["id"] in {o["id"] for o in search.search(shipped_store, alias, limit=500).organisations}
    title = shipped_store.run("MATCH (p:Programme) RETURN p.id AS id, p.title AS title ORDER BY p.id LIMIT 1")[0]
    found = search.search(shipped_store, title["title"], limit=500).programmes
    assert title["id"] in {p["id"] for p in found}


def test_a_load_refreshes_the_search_text(store: GraphStore):
    write_graph(store, [record("t-1", "八王子ふれあい会", ["みどりの会"], "13112", "世田谷区")], mode="rebuild")
    assert search.search(store, "ひだまりクラブ").organisations == []
    again = record("t-2", "八王子ふれあい会", ["みどりの会"], "13201", "八王子市")
    again.partners[0].aliases = ["ひだまりクラブ"]
    write_graph(store, [again], mode="load")
    assert names(search.search(store, "ひだまりクラブ")) == ["みどりの会"]
    assert names(search.search(store, "ヒダマリ")) == ["みどりの会"]  # kana folded too
    assert [p["id"] for p in search.search(store, "八王子市の居場所").programmes] == ["t-2"]


def test_the_index_follows_the_graph_version(store: GraphStore):
    write_graph(store, [record("t-1", "八王子ふれあい会", ["みどりの会"], "13112", "世田谷区")], mode="rebuild")
    first = search.indexes(store)
    assert first is not None and search.indexes(store) is first
    assert names(search.search(store, "こもれび")) == []
    write_graph(store, [record("t-2", "こもれびの会", ["みどりの会"], "13201", "八王子市")], mode="load")
    assert search.indexes(store) is not first
    assert names(search.search(store, "こもれび")) == ["こもれびの会"]


def test_a_new_graph_version_is_searched_while_its_index_is_built(store: GraphStore):
    write_graph(store, [record("t-1", "八王子ふれあい会", ["みどりの会"], "13112", "世田谷区")], mode="rebuild")
    first = search.indexes(store)
    assert first is not None
    write_graph(store, [record("t-2", "こもれびの会", ["みどりの会"], "13201", "八王子市")], mode="load")
    # The old index is never used for the new graph: until the new one is built,
    # search reads the graph through the named queries and already finds the new name.
    assert search.indexes(store) is not first
    assert names(search.search(store, "こもれび")) == ["こもれびの会"]
    for thread in [t for t in threading.enumerate() if t.name == "search-index"]:
        thread.join(timeout=60)
    rebuilt = search.indexes(store)
    assert rebuilt is not None and rebuilt is not first and rebuilt.version == store.version()
    assert [r["name"] for r in rebuilt.organisations.matching(["こもれび"], 10)] == ["こもれびの会"]


@pytest.mark.parametrize("q", ["' OR 1=1 //", "\") RETURN 1 //", "} MATCH (n) DETACH DELETE n //"])
def test_search_words_are_parameters_never_cypher(shipped_store: GraphStore, q: str):
    before = shipped_store.run("MATCH (o:Organisation) RETURN count(o) AS n")
    res = search.search(shipped_store, q)
    assert res.organisations == [] and res.programmes == []
    assert shipped_store.run("MATCH (o:Organisation) RETURN count(o) AS n") == before
