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


def _busiest(store):
    """The organisation with the most partnerships, and how many it has."""
    row = store.run("MATCH (o:Organisation)-[:LEADS|PARTNER_IN]->(p:Programme)<-[:LEADS|PARTNER_IN]-(x:Organisation) "
                    "WHERE x.id <> o.id RETURN o.id AS id, count(*) AS n ORDER BY n DESC, id LIMIT 1")[0]
    return row["id"], row["n"]


def _rows(profile):
    return [(role, p["id"], p["programme_id"], p["department"], p["role_text"], p["source"])
            for role, refs in profile["partners_by_role"].items() for p in refs]


@pytest.fixture(params=["cut from the whole list", "paged by the engine"])
def pager(request, monkeypatch):
    """Both ways a page (of partners or of programmes) is read: cut from an
    organisation's whole list (few collaborators) and by the engine, programmes with
    their counts and areas read apart (a hub's: here, any organisation's)."""
    from tsunagari.api import routes_organisations

    if request.param == "paged by the engine":
        monkeypatch.setattr(routes_organisations, "WHOLE_LIST_MAX", -1)
    return request.param


def test_an_organisation_s_partners_come_a_page_at_a_time_with_totals(client, shipped_store, pager):
    from tsunagari.api.routes_organisations import organisation_profile

    org, n = _busiest(shipped_store)
    whole = organisation_profile(shipped_store, org).model_dump(mode="json")
    assert n > 7
    first = client.get(f"/organisations/{org}", params={"limit": 3}).json()
    page = first["partner_page"]
    assert page == {"role": None, "offset": 0, "limit": 3, "listed": 3, "total": n, "next_offset": 3}
    # the totals by role are the whole list's, whichever page is asked for
    counts = {role: len(refs) for role, refs in whole["partners_by_role"].items()}
    assert first["partner_counts"] == counts and sum(counts.values()) == n
    # the programmes and the organisation's own fields are all there on every page
    assert first["programmes"] == whole["programmes"] and first["name"] == whole["name"]
    # walking next_offset lists each partnership once, in order of role then name
    got, offset = [], 0
    while offset is not None:
        body = client.get(f"/organisations/{org}", params={"limit": 3, "offset": offset}).json()
        assert body["partner_page"]["listed"] <= 3 and body["partner_page"]["total"] == n
        assert body["partner_counts"] == counts
        got.extend(_rows(body))
        names = [(role, p["name"]) for role, refs in body["partners_by_role"].items() for p in refs]
        assert names == sorted(names)
        offset = body["partner_page"]["next_offset"]
    assert len(got) == n and sorted(got) == sorted(_rows(whole))
    # in the order of one page holding them all
    assert got == _rows(client.get(f"/organisations/{org}", params={"limit": 1000}).json())
    assert [role for role, *_ in got] == sorted(role for role, *_ in got)
    # past the end: none listed, the totals still said
    past = client.get(f"/organisations/{org}", params={"offset": n + 5}).json()
    assert past["partners_by_role"] == {} and past["partner_page"]["next_offset"] is None
    assert past["partner_counts"] == counts


def test_a_page_of_one_role_and_the_default_page(client, shipped_store, pager):
    from tsunagari.api.routes_organisations import PARTNER_PAGE_DEFAULT, organisation_profile

    org, n = _busiest(shipped_store)
    whole = organisation_profile(shipped_store, org).model_dump(mode="json")
    role = max(whole["partners_by_role"], key=lambda r: len(whole["partners_by_role"][r]))
    one = client.get(f"/organisations/{org}", params={"role": role, "limit": 2}).json()
    assert list(one["partners_by_role"]) == [role]
    # the role's page and the next are the role's list in one page, cut in two
    all_of_role = client.get(f"/organisations/{org}", params={"role": role, "limit": 1000}).json()
    assert one["partners_by_role"][role] == all_of_role["partners_by_role"][role][:2]
    rest = client.get(f"/organisations/{org}", params={"role": role, "offset": 2}).json()
    assert rest["partners_by_role"][role] == all_of_role["partners_by_role"][role][2:]
    assert rest["partner_page"]["next_offset"] is None
    assert sorted(_rows(all_of_role)) == sorted(r for r in _rows(whole) if r[0] == role)
    assert one["partner_page"]["total"] == len(whole["partners_by_role"][role])
    assert one["partner_page"]["role"] == role and one["partner_counts"][role] == one["partner_page"]["total"]
    # without limit, a page of PARTNER_PAGE_DEFAULT: the shipped organisations have fewer
    assert n < PARTNER_PAGE_DEFAULT
    default = client.get(f"/organisations/{org}").json()
    assert default["partner_page"] == {"role": None, "offset": 0, "limit": PARTNER_PAGE_DEFAULT,
                                       "listed": n, "total": n, "next_offset": None}
    assert sorted(_rows(default)) == sorted(_rows(whole))
    assert default["partner_counts"] == whole["partner_counts"]


def _most_programmes(store):
    """The organisation in the most programmes (led and joined both), and how many."""
    row = store.run("MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p:Programme) "
                    "WITH o, p, max(CASE WHEN r.role IS NULL THEN 1 ELSE 0 END) AS led "
                    "WITH o, count(p) AS n, sum(led) AS led WHERE led > 0 AND led < n "
                    "RETURN o.id AS id, n ORDER BY n DESC, id LIMIT 1")[0]
    return row["id"], row["n"]


def _programmes(body):
    return [(p["title"], p["id"]) for p in body["programmes"]]


def _walk(client, org, **params):
    """Every page of an organisation's programmes by following programme_page.next_offset."""
    got, offset, pages = [], 0, []
    while offset is not None:
        body = client.get(f"/organisations/{org}", params={**params, "programme_offset": offset}).json()
        pages.append(body)
        got.extend(_programmes(body))
        offset = body["programme_page"]["next_offset"]
    return got, pages


def test_an_organisation_s_programmes_come_a_page_at_a_time_with_totals(client, shipped_store, pager):
    from tsunagari.api.routes_organisations import organisation_profile

    org, n = _most_programmes(shipped_store)
    whole = organisation_profile(shipped_store, org).model_dump(mode="json")
    assert n == len(whole["programmes"]) > 3
    led = [p for p in whole["programmes"] if "lead" in p["roles"]]
    counts = {"led": len(led), "joined": n - len(led), "total": n}
    assert whole["programme_counts"] == counts and whole["programme_page"] is None
    first = client.get(f"/organisations/{org}", params={"programme_limit": 2}).json()
    assert first["programme_page"] == {"part": None, "offset": 0, "limit": 2, "listed": 2, "total": n,
                                       "next_offset": 2}
    # walking next_offset lists each programme once, in order of title then id
    got, pages = _walk(client, org, programme_limit=2)
    assert got == _programmes(whole) == sorted(got) and len(set(got)) == n
    assert [p["programme_page"]["offset"] for p in pages] == list(range(0, n, 2))
    for body in pages:
        # the totals, the areas of all its programmes and the partners, whatever the page
        assert body["programme_counts"] == counts and body["programme_page"]["total"] == n
        assert body["areas"] == whole["areas"] and body["partners_by_role"] == first["partners_by_role"]
        listed = {p["id"]: p for p in whole["programmes"]}
        assert all(p == listed[p["id"]] for p in body["programmes"])
    assert pages[-1]["programme_page"]["next_offset"] is None
    # the areas are those its programmes target, each once, in code order
    codes = [a["code"] for a in whole["areas"]]
    assert codes == sorted(set(codes)) == sorted({a["code"] for p in whole["programmes"] for a in p["areas"]})
    # past the end: none listed, the totals and areas still said
    past = client.get(f"/organisations/{org}", params={"programme_offset": n + 3}).json()
    assert past["programmes"] == [] and past["programme_page"]["next_offset"] is None
    assert past["programme_counts"] == counts and past["areas"] == whole["areas"]


def test_a_page_of_the_programmes_it_leads_or_joins_and_the_default_page(client, shipped_store, pager):
    from tsunagari.api.routes_organisations import PROGRAMME_PAGE_DEFAULT, organisation_profile

    org, n = _most_programmes(shipped_store)
    whole = organisation_profile(shipped_store, org).model_dump(mode="json")
    for part, kept in (("led", lambda p: "lead" in p["roles"]), ("joined", lambda p: "lead" not in p["roles"])):
        expected = [(p["title"], p["id"]) for p in whole["programmes"] if kept(p)]
        got, pages = _walk(client, org, programme_part=part, programme_limit=1)
        assert got == expected and expected
        assert {b["programme_page"]["total"] for b in pages} == {len(expected)}
        assert len(expected) == whole["programme_counts"][part]
        assert all(b["programme_page"]["part"] == part for b in pages)
    # without programme_limit, a page of PROGRAMME_PAGE_DEFAULT: the shipped organisations
    # are in fewer, so their answer lists them all, as before programmes were paged
    assert n < PROGRAMME_PAGE_DEFAULT
    default = client.get(f"/organisations/{org}").json()
    assert default["programme_page"] == {"part": None, "offset": 0, "limit": PROGRAMME_PAGE_DEFAULT,
                                         "listed": n, "total": n, "next_offset": None}
    assert default["programmes"] == whole["programmes"] and default["areas"] == whole["areas"]


def test_programmes_of_the_same_title_are_paged_in_order_of_id(client, shipped_store, pager):
    rows = shipped_store.run("MATCH (o:Organisation)-[:LEADS|PARTNER_IN]->(p:Programme) "
                             "WITH o, p.title AS title, count(DISTINCT p) AS n WHERE n > 1 "
                             "RETURN o.id AS id, title ORDER BY id LIMIT 5")
    assert rows
    for row in rows:
        got, _ = _walk(client, row["id"], programme_limit=1)
        same = [pid for title, pid in got if title == row["title"]]
        assert len(same) > 1 and same == sorted(same)
        assert got == _walk(client, row["id"], programme_limit=1000)[0]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"offset": -1}, {"role": "nonsense"},
                                    {"programme_limit": 0}, {"programme_limit": 1001},
                                    {"programme_offset": -1}, {"programme_part": "lead"},
                                    {"programme_limit": "many"}])
def test_a_bad_page_is_a_422_naming_the_parameter(client, shipped_store, params):
    org, _ = _busiest(shipped_store)
    r = client.get(f"/organisations/{org}", params=params)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", next(iter(params))]


def test_the_openapi_schema_documents_the_pages(client):
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/organisations/{org_id}"]["get"]
    assert {p["name"] for p in op["parameters"]} >= {"limit", "offset", "role", "programme_limit",
                                                     "programme_offset", "programme_part"}
    assert op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/OrganisationProfile")
    page = spec["components"]["schemas"]["PartnerPage"]["properties"]
    assert set(page) == {"role", "offset", "limit", "listed", "total", "next_offset"}
    programmes = spec["components"]["schemas"]["ProgrammePage"]["properties"]
    assert set(programmes) == {"part", "offset", "limit", "listed", "total", "next_offset"}
    assert programmes["part"]["anyOf"][0]["enum"] == ["led", "joined"]
    assert set(spec["components"]["schemas"]["ProgrammeCounts"]["properties"]) == {"led", "joined", "total"}
    suggest = spec["paths"]["/organisations/{org_id}/suggestions"]["get"]
    assert suggest["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/SuggestionResultOut")


def test_the_server_builds_what_every_suggestion_reads_at_start(shipped_store):
    """The first suggestion requests would each build the centroids (and the gazetteer,
    the suggester's modules) while the others wait: the server builds them at start."""
    from tsunagari.loaders.places import gazetteer

    from tsunagari.suggest.scope import centroids

    centroids.cache_clear()
    gazetteer.cache_clear()
    with TestClient(create_app(store=shipped_store)):
        assert centroids.cache_info().currsize == 1 and gazetteer.cache_info().currsize == 1


def test_the_server_says_what_it_made_at_start_and_how_long_it_took(shipped_store, caplog, capsys):
    """Each warm-up is logged with its time; `tsunagari serve` shows those notes on
    standard error beside uvicorn's (once, however often it is set up)."""
    import logging

    from tsunagari.commands.serve import show_progress

    with caplog.at_level(logging.INFO, logger="tsunagari.api"):
        with TestClient(create_app(store=shipped_store)):
            pass
    ready = [r.getMessage() for r in caplog.records if "ready at start in" in r.getMessage()]
    assert [m.split(" ready")[0] for m in ready] == ["search index", "programme counts", "suggester"]
    logger = logging.getLogger("tsunagari")
    handlers, level = list(logger.handlers), logger.level
    try:
        show_progress()
        show_progress()
        logging.getLogger("tsunagari.api").info("graph store open: test")
        assert capsys.readouterr().err.count("INFO:     graph store open: test") == 1
    finally:
        logger.handlers[:] = handlers
        logger.setLevel(level)


def test_a_running_app_leaves_its_start_up_out_of_full_collections(shipped_store):
    """What start-up built is frozen while the app runs (api/app.py settle_heap) and
    given back to the collector when it stops."""
    import gc

    gc.unfreeze()
    with TestClient(create_app(store=shipped_store)) as c:
        assert gc.get_freeze_count() > 1000
        assert c.get("/health").status_code == 200
    assert gc.get_freeze_count() == 0
