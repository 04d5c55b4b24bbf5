"""Generic participants (企業, 住民, 各地のハローワーク) are categories of their programme,
not organisations; a department named alone belongs to its programme's municipality;
partner facts carry their line and quote."""

from __future__ import annotations

from tsunagari.loaders.records import Record

from tsunagari.loading import write_graph

ADACHI = {"text": "東京都足立区", "prefecture": "東京都", "municipality": "足立区",
          "code": "13121", "level": "municipality"}


def _record() -> Record:
    return Record.model_validate({
        "id": "casebook-000-0066", "title": "ママフェスタ", "lead": {"name": "特定非営利活動法人 子育てパレット"},
        "areas": [ADACHI],
        "partners": [
            {"name": "企業", "roles": ["funding", "in_kind"], "generic": True, "line": 70,
             "quote": "企業（協賛・物品提供）"},
            {"name": "こども家庭部", "roles": ["publicity"], "line": 74, "quote": "こども家庭部（周知）"},
            {"name": "宗教法人 龍雲寺", "roles": ["venue"], "line": 75,
             "quote": "宗教法人 龍雲寺（会場提供）"},
        ],
        "source": {"document": "000_db7cee502450179d.txt", "line": 66, "format": "casebook"}})


def test_generic_partner_is_a_category_of_its_programme(store):
    write_graph(store, [_record()])
    names = {r["name"] for r in store.run("MATCH (o:Organisation) RETURN o.name AS name")}
    assert "企業" not in names
    cats = store.run("MATCH (c:Category)-[r:PARTICIPATES_IN]->(p:Programme) "
                     "RETURN c.name AS name, r.role AS role, r.source AS source, r.quote AS quote, "
                     "p.id AS programme ORDER BY role")
    assert [(c["name"], c["role"], c["programme"]) for c in cats] == [
        ("企業", "funding", "casebook-000-0066"), ("企業", "in_kind", "casebook-000-0066")]
    assert cats[0]["source"] == "000_db7cee502450179d.txt:70" and cats[0]["quote"] == "企業（協賛・物品提供）"
    assert not store.query("search_organisations", q="企業", key="企業", limit=10)
    # and it takes no part in who collaborates with whom
    assert store.run("MATCH (o:Organisation)-[c:COLLABORATES_WITH]-(x) WHERE x.name = '企業' "
                     "RETURN count(c) AS n")[0]["n"] == 0


def test_a_bare_department_belongs_to_the_programmes_municipality(store):
    write_graph(store, [_record()])
    rows = store.run("MATCH (o:Organisation)-[r:PARTNER_IN]->(:Programme) WHERE r.role = 'publicity' "
                     "RETURN o.id AS id, o.name AS name, r.department AS dept")
    assert rows == [{"id": "gov-13121", "name": "足立区", "dept": "こども家庭部"}]


def test_partner_facts_keep_their_line_and_quote(store):
    write_graph(store, [_record()])
    rows = store.run("MATCH (o:Organisation)-[r:PARTNER_IN]->(:Programme) WHERE r.role = 'venue' "
                     "RETURN r.line AS line, r.quote AS quote")
    assert rows == [{"line": 75, "quote": "宗教法人 龍雲寺（会場提供）"}]


def test_the_programme_page_lists_categories_apart_from_organisations(store):
    from fastapi.testclient import TestClient
    from tsunagari.api.app import create_app

    write_graph(store, [_record()])
    with TestClient(create_app(store=store)) as client:
        page = client.get("/programme/casebook-000-0066").text
    section = page[page.index('id="categories"'):]
    section = section[:section.index("</section>")]
    assert "企業" in section and "資金提供・物品・サービス提供" in section and "団体ではありません" in section
    assert "/org/generic-" not in page
