"""viz.network's two views and the text alternative, on a small named dataset, and the
pages and exports that show them (no browser)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.api.routes_pages import normalise_period
from tsunagari.graph import GraphStore
from tsunagari.loaders.records import Record
from tsunagari.viz.network import (
    Filters,
    area_network,
    expand_payload,
    filtered,
    merged_edges,
    network_payload,
    organisation_graph,
    partners_by_role,
    vis_payload,
)

from tsunagari.loading import write_graph

AREA = {"text": "武蔵野市", "prefecture": "東京都", "municipality": "武蔵野市", "code": "13203",
        "level": "municipality"}


def records() -> list[Record]:
    """Two programmes in 武蔵野市: みどり食堂 led by NPO法人みどり, where 吉祥寺寺 lends
    its hall and does publicity and 武蔵野市 is named without a role; 見守り会 led by
    武蔵野市, where NPO法人みどり refers people."""
    def rec(i: int, title: str, lead: str, partners: list[dict]) -> Record:
        return Record.model_validate({
            "id": f"views-{i:04d}", "title": title, "lead": {"name": lead}, "areas": [AREA],
            "partners": partners, "source": {"document": "views.txt", "line": i, "format": "casebook"}})

    return [
        rec(1, "みどり食堂", "特定非営利活動法人みどり", [
            {"name": "宗教法人 吉祥寺寺", "roles": ["venue", "publicity"], "role_text": "本堂を会場に",
             "quote": "吉祥寺寺が本堂を会場に提供し、檀家に周知した。"},
            {"name": "武蔵野市"}]),
        rec(2, "見守り会", "武蔵野市", [
            {"name": "特定非営利活動法人みどり", "roles": ["referral"]}]),
    ]


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    write_graph(store, records(), mode="rebuild")
    return store


def names(g, nodes) -> set[str]:
    return {g.nodes[n]["label"] for n in nodes}


def test_one_line_per_partner_and_programme_with_all_its_roles(loaded: GraphStore) -> None:
    net, _ = area_network(loaded, ["13203"])
    ties = merged_edges(net.graph)
    by_name = {(net.graph.nodes[o]["label"], net.graph.nodes[p]["label"]): t for (o, p), t in ties.items()}
    assert len(ties) == 5
    temple = by_name[("宗教法人 吉祥寺寺", "みどり食堂")]
    assert temple["roles"] == ["venue", "publicity"] and temple["role_texts"] == ["本堂を会場に"]
    # the source line with the sentence that states the fact, once for both roles
    assert [ev["quote"] for ev in temple["evidence"]] == ["吉祥寺寺が本堂を会場に提供し、檀家に周知した。"]
    # cited as a reader reads it (title and line), not as a file name
    assert temple["evidence"][0]["source"].startswith("「views.txt」 ")
    assert by_name[("武蔵野市", "みどり食堂")]["roles"] == ["unspecified"]
    assert by_name[("武蔵野市", "見守り会")]["roles"] == ["lead"]


def test_the_page_payload_sends_each_fact_once_and_expands_to_the_ties(loaded: GraphStore) -> None:
    net, _ = area_network(loaded, ["13203"])
    packed = network_payload(net)
    assert len(packed["strings"]) == len(set(packed["strings"]))  # each text once
    assert packed["renderer"] == "canvas" and packed["roles"]["venue"]["count"] == 1
    page = expand_payload(json.loads(json.dumps(packed, ensure_ascii=False)))  # as the page reads it
    label = {n["id"]: n["label"] for n in page["nodes"]}
    drawn = {(label[e["from"]], label[e["to"]]): e for e in page["edges"]}
    ties = {(net.graph.nodes[o]["label"], net.graph.nodes[p]["label"]): t for (o, p), t in merged_edges(net.graph).items()}
    assert drawn.keys() == ties.keys()
    for key, tie in ties.items():
        assert {k: drawn[key][k] for k in tie} == tie
    temple = next(n for n in page["nodes"] if n["label"] == "宗教法人 吉祥寺寺")
    assert temple["url"] == "/org/" + temple["id"].removeprefix("org:") and temple["degree"] == 1
    assert temple["color"] == packed["sectors"][temple["sector"]]["color"]


def test_the_organisation_view_joins_organisations_of_one_programme(loaded: GraphStore) -> None:
    net, _ = area_network(loaded, ["13203"])
    h = organisation_graph(net.graph)
    assert names(h, h.nodes) == {"特定非営利活動法人みどり", "宗教法人 吉祥寺寺", "武蔵野市"}
    label = {n: h.nodes[n]["label"] for n in h.nodes}
    edges = {frozenset((label[a], label[b])): d for a, b, d in h.edges(data=True)}
    # みどり and 武蔵野市 share both programmes; the temple meets each of them once
    both = edges[frozenset(("特定非営利活動法人みどり", "武蔵野市"))]
    assert both["weight"] == 2
    sides = {t["programme"]: {label[both["a"]]: t["roles_a"], label[both["b"]]: t["roles_b"]}
             for t in both["ties"]}
    assert sides == {"みどり食堂": {"特定非営利活動法人みどり": ["lead"], "武蔵野市": ["unspecified"]},
                     "見守り会": {"特定非営利活動法人みどり": ["referral"], "武蔵野市": ["lead"]}}
    assert edges[frozenset(("宗教法人 吉祥寺寺", "武蔵野市"))]["weight"] == 1
    # filtered first: under publicity only the temple is left, alone
    only = organisation_graph(filtered(net, Filters.checked(roles=frozenset({"publicity"}))))
    assert names(only, only.nodes) == {"宗教法人 吉祥寺寺"} and only.number_of_edges() == 0


def test_partners_by_role_and_the_unstated_share(loaded: GraphStore) -> None:
    net, _ = area_network(loaded, ["13203"])
    by_role, share = partners_by_role(net.graph)
    assert [r for r, _ in by_role] == ["lead", "venue", "publicity", "referral", "unspecified"]
    assert share == {"ties": 4, "unspecified": 1}  # venue, publicity, referral, 武蔵野市's
    lead = dict(by_role)["lead"]
    assert [(e["name"], [t for _, t in e["programmes"]]) for e in lead] == [
        ("武蔵野市", ["見守り会"]), ("特定非営利活動法人みどり", ["みどり食堂"])]


@pytest.fixture
def client(loaded: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=loaded)) as c:
        yield c


def test_the_municipality_page_lists_partners_by_role_as_text(client: TestClient) -> None:
    page = client.get("/municipality/13203").text
    lists = page.split('id="partners-by-role"', 1)[1].split("</section>", 1)[0]
    assert "連携 4 件のうち、出典に役割の記載がないもの（役割不明）は 1 件（25%）" in lists
    venue = re.search(r'data-role="venue">(.*?)</ul>', lists, re.S).group(1)
    assert "宗教法人 吉祥寺寺" in venue and "みどり食堂" in venue and "武蔵野市" not in venue
    assert "1 団体" in lists
    assert client.get("/municipality/13203", params={"view": "organisations"}).status_code == 200
    assert client.get("/municipality/13203", params={"view": "cloud"}).status_code == 422


def test_the_organisation_view_exports_one_row_per_pair_and_programme(client: TestClient) -> None:
    r = client.get("/network/municipality/13203", params={"view": "organisations", "format": "csv"})
    assert r.status_code == 200 and "organisations.csv" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 4  # みどり–市 twice, 寺–みどり, 寺–市
    temple = [row for row in rows if "吉祥寺寺" in (row["organisation_a"], row["organisation_b"])]
    for row in temple:
        mine = row["roles_a"] if row["organisation_a"] == "宗教法人 吉祥寺寺" else row["roles_b"]
        assert mine == "会場提供、広報・周知"
    g = client.get("/network/municipality/13203",
                   params={"view": "organisations", "format": "graphml", "role": "referral"})
    assert g.status_code == 200 and b"<edge" not in g.content  # one organisation left


def test_periods_are_printed_in_one_style() -> None:
    assert normalise_period("10 月-:準備 2 月-:公開") == "10月〜：準備 2月〜：公開"
    assert normalise_period("2014年11月~") == "2014年11月〜"
    assert normalise_period("✓ 2/14:開催") == "2/14：開催"
    assert normalise_period("2023年7月〜2024年2月") == "2023年7月〜2024年2月"


def test_a_department_is_shown_with_its_body_wherever_the_tie_is_named(store: GraphStore) -> None:
    """000:399: フードバンク八王子's partner is 多摩少年院 of 法務省. The node stays 法務省;
    the tie carries the department, and the map, the lists by role and the
    organisation page name the partner 「法務省 多摩少年院」."""
    area = {"text": "八王子市", "prefecture": "東京都", "municipality": "八王子市", "code": "13201",
            "level": "municipality"}
    write_graph(store, [Record.model_validate({
        "id": "dept-0001", "title": "少年院と連携した食品提供", "lead": {"name": "フードバンク八王子"},
        "areas": [area], "source": {"document": "views.txt", "line": 399, "format": "casebook"},
        "partners": [{"name": "法務省", "department": "多摩少年院", "roles": ["in_kind"]}]})], mode="rebuild")
    net, _ = area_network(store, ["13201"])
    shown = {tuple(t["shown_as"]) for t in merged_edges(net.graph).values() if t["departments"]}
    assert shown == {("法務省 多摩少年院",)}
    by_role, _ = partners_by_role(net.graph)
    assert [e["name"] for e in dict(by_role)["in_kind"]] == ["法務省 多摩少年院"]
    payload = vis_payload(net)
    body = next(n for n in payload["nodes"] if n["label"] == "法務省")  # the body keeps its node
    assert [e["shown_as"] for e in payload["edges"] if e["from"] == body["id"]] == [["法務省 多摩少年院"]]
    with TestClient(create_app(store=store)) as c:
        lead = next(n for n in payload["nodes"] if n["label"] == "フードバンク八王子")
        profile = c.get(f"/organisations/{lead['url'].split('/')[-1]}").json()
        assert [p["shown_as"] for p in profile["partners_by_role"]["in_kind"]] == ["法務省 多摩少年院"]
        page = c.get(lead["url"]).text
        partners = page.split('data-role="in_kind">', 1)[1].split("</ul>", 1)[0]
        assert "法務省 多摩少年院" in partners


def test_memberships_read_one_programme_at_a_time_are_the_list_query_s_rows(shipped_store: GraphStore) -> None:
    from tsunagari.viz.network import memberships

    ids = [r["id"] for r in shipped_store.run(
        "MATCH (p:Programme)<-[:PARTNER_IN]-(:Organisation) RETURN DISTINCT p.id AS id ORDER BY id")]
    assert len(ids) > 3
    picked = [ids[-1], ids[0], ids[len(ids) // 2], ids[0], "no-such-programme"]
    rows = memberships(shipped_store, picked)
    assert rows == shipped_store.query("memberships_of_programmes", ids=picked)
    assert {r["programme_id"] for r in rows} == set(picked) - {"no-such-programme"}
    assert memberships(shipped_store, []) == []


def test_programmes_of_organisations_read_one_at_a_time_are_the_list_query_s_ids(shipped_store: GraphStore) -> None:
    from tsunagari.viz.network import programmes_of

    orgs = [r["id"] for r in shipped_store.run(
        "MATCH (o:Organisation)-[:PARTNER_IN]->(:Programme) RETURN DISTINCT o.id AS id ORDER BY id")]
    picked = [orgs[-1], orgs[0], orgs[len(orgs) // 2], orgs[0], "no-such-organisation"]
    ids = programmes_of(shipped_store, picked)
    assert ids and ids == [r["id"] for r in shipped_store.query("programmes_of_organisations", ids=picked)]



def test_depth_two_stays_within_its_budget_nearest_partners_first(
        shipped_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from tsunagari.viz import network
    from tsunagari.viz.network import (
        ego_network,
        memberships,
        network_from_memberships,
        programmes_of,
    )

    org = "gov-13201"  # 八王子市
    # with room for all, depth 2 is every programme of every partner, whole
    first = memberships(shipped_store, programmes_of(shipped_store, [org]))
    partners = sorted({r["org_id"] for r in first})
    every = network_from_memberships(memberships(shipped_store, programmes_of(shipped_store, partners)),
                                     focus=network.org_node(org))
    whole = ego_network(shipped_store, org, 2, budget=10**6)
    assert whole.programmes_drawn is None and whole.node_budget is None
    assert set(whole.graph.nodes) == set(every.graph.nodes)
    assert whole.graph.number_of_edges() == every.graph.number_of_edges()
    # with half the room: within it, the first step whole, and less of the second
    budget = whole.graph.number_of_nodes() // 2
    capped = ego_network(shipped_store, org, 2, budget=budget)
    assert capped.node_budget == budget and capped.programmes_drawn
    assert len(first) and capped.graph.number_of_nodes() <= budget
    assert {network.org_node(r["org_id"]) for r in first} <= set(capped.graph.nodes)
    assert {network.programme_node(r["programme_id"]) for r in first} <= set(capped.graph.nodes)
    assert set(capped.graph.nodes) < set(whole.graph.nodes)
    # the partner sharing the most of its programmes has its programmes drawn first
    shared = {o: sum(r["org_id"] == o for r in first) for o in partners if o != org}
    nearest = min(shared, key=lambda o: (-shared[o], o))
    assert {network.programme_node(p) for p in programmes_of(shipped_store, [nearest])} <= set(capped.graph.nodes)
    # the page says the map was cut short, and only then
    from tsunagari.api.app import create_app

    with TestClient(create_app(store=shipped_store)) as client:
        assert "network-capped" not in client.get(f"/org/{org}?depth=2").text
        monkeypatch.setattr(network, "EGO_NODE_BUDGET", budget)
        page = client.get(f"/org/{org}?depth=2").text
    assert 'id="network-capped"' in page and f"{budget} 点を超えない" in page
    # one step too: its own programmes in id order, while there is room
    own = programmes_of(shipped_store, [org])
    one = ego_network(shipped_store, org, 1, budget=3)
    assert one.node_budget == 3 and one.graph.number_of_nodes() <= 3
    assert {n for n in one.graph.nodes if n.startswith("programme:")} <= {network.programme_node(p) for p in own[:1]}
    assert ego_network(shipped_store, org, 1).node_budget is None


def test_an_organisation_page_lists_so_many_and_says_how_many_more(
        shipped_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from tsunagari.api import routes_pages
    from tsunagari.api.app import create_app
    from tsunagari.api.routes_organisations import organisation_profile

    org = "gov-13201"
    profile = organisation_profile(shipped_store, org)
    assert profile is not None
    monkeypatch.setattr(routes_pages, "PROFILE_LIST_CAP", 1)
    with TestClient(create_app(store=shipped_store)) as client:
        page = client.get(f"/org/{org}").text
    biggest = max(profile.partners_by_role.values(), key=len)
    assert len(biggest) > 1
    assert f"ほか {len(biggest) - 1} 件" in page
    # each list shows its first only
    assert biggest[0].shown_as in page and page.count('class="more"') >= 1
    # an organisation with many collaborators is pointed to the finder's role picker
    assert profile.collaborators > 1
    with TestClient(create_app(store=shipped_store)) as client:
        listed = client.get(f"/org/{org}").text
        monkeypatch.setattr(routes_pages, "PAGE_SUGGEST_MAX", profile.collaborators - 1)
        pointed = client.get(f"/org/{org}").text
    assert 'id="suggestions"' in listed and "suggestions-by-role" not in listed
    assert f"この団体は {profile.collaborators} 団体と連携している" in pointed
    assert 'id="partner-finder"' in pointed


def test_a_page_of_an_organisation_in_more_programmes_than_listed_reads_the_partners_of_those_listed(
        shipped_store: GraphStore) -> None:
    from tsunagari.api.routes_organisations import organisation_profile

    org = shipped_store.run("MATCH (o:Organisation)-[:LEADS|PARTNER_IN]->(p:Programme) "
                            "RETURN o.id AS id, count(p) AS n ORDER BY n DESC, id LIMIT 1")[0]["id"]
    whole = organisation_profile(shipped_store, org)
    assert whole is not None
    led = [p.id for p in whole.programmes if "lead" in p.roles]
    joined = [p.id for p in whole.programmes if "lead" not in p.roles]
    assert max(len(led), len(joined)) > 1
    some = organisation_profile(shipped_store, org, list_cap=1)
    assert some is not None
    # the first programme it leads and the first it joins, with how many there are in all;
    # the partners are those of these two
    assert some.programmes == sorted((p for p in whole.programmes if p.id in (led[:1] + joined[:1])),
                                     key=lambda p: (p.title, p.id))
    assert some.programme_counts == whole.programme_counts
    assert (some.programme_counts.led, some.programme_counts.joined) == (len(led), len(joined))
    assert some.areas == whole.areas
    listed = set(led[:1] + joined[:1])
    expected = sorted(((role, ref) for role, refs in whole.partners_by_role.items() for ref in refs
                       if ref.programme_id in listed), key=lambda x: (x[0], x[1].name, x[1].programme_id))
    got = [(role, ref) for role, refs in some.partners_by_role.items() for ref in refs]
    assert got == expected and got
    # with how many there are in all, role by role, as the whole profile counts them
    assert some.partner_counts == whole.partner_counts == {
        role: len(refs) for role, refs in whole.partners_by_role.items()}
    assert set(some.partners_by_role) == set(whole.partners_by_role)
    # a cap it is within reads them all
    assert organisation_profile(shipped_store, org, list_cap=10_000) == whole
    # its page says so where a list holds fewer than there are
    from tsunagari.api import routes_pages
    from tsunagari.api.app import create_app

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(routes_pages, "PROFILE_LIST_CAP", 1)
        with TestClient(create_app(store=shipped_store)) as client:
            page = client.get(f"/org/{org}").text
    short = [role for role, refs in some.partners_by_role.items() if min(len(refs), 1) < some.partner_counts[role]]
    assert short and "一覧は上の取組の連携先です" in page
    assert f"実施している取組 <small>{len(led)} 件</small>" in page and f"ほか {len(led) - 1} 件" in page
    # the same page whether its programmes were cut from the whole list or paged by the engine
    from tsunagari.api import routes_organisations

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(routes_pages, "PROFILE_LIST_CAP", 1)
        mp.setattr(routes_organisations, "WHOLE_LIST_MAX", -1)
        with TestClient(create_app(store=shipped_store)) as client:
            assert client.get(f"/org/{org}").text == page
    for role in short:
        assert f"ほか {some.partner_counts[role] - min(len(some.partners_by_role[role]), 1)} 件" in page
