"""The research entry point: graphs, filters and metrics checked against the
store's own Cypher answers, against small graphs computed by hand, and exports
read back with networkx."""

from __future__ import annotations

import json
import math

import networkx as nx
import pandas as pd
import pytest
from tsunagari.core.places import covered
from tsunagari.graph import GraphStore
from tsunagari.graph.counting import CountingStore
from tsunagari.loaders.records import Record

from tsunagari.cli import main
from tsunagari.compiled import clustering_and_constraint
from tsunagari.research import (
    DEFAULT_BETWEENNESS_K,
    METRIC_COLUMNS,
    MIN_BETWEENNESS_K,
    Research,
    assortativity,
    default_k,
    export,
    network_metrics,
    portable,
    sector_mixing,
)

MOJ = "org-2cd94f76ee9d9c39"  # 法務省, the best connected body of the shipped data
POKKOKOTAN = "org-e8b296b15075f21f"  # 札幌メンズ・シェッド ポックコタン, two spellings
R6_SCHEME = "scheme-cdc4eca77b82ac7f"  # 令和6年度 … NPO等の取組モデル調査


@pytest.fixture(scope="module")
def research(shipped_store: GraphStore) -> Research:
    return Research(shipped_store)


@pytest.fixture(scope="module")
def B(research: Research) -> nx.Graph:
    return research.bipartite_graph()


@pytest.fixture(scope="module")
def G(research: Research) -> nx.Graph:
    return research.organisation_graph()


# -- against the store ------------------------------------------------------------


def test_bipartite_degree_is_the_cypher_count_of_programmes(B, shipped_store):
    rows = shipped_store.run(
        "MATCH (o:Organisation)-[:LEADS|PARTNER_IN]->(p:Programme) WHERE o.kind <> 'generic' "
        "RETURN o.id AS id, count(DISTINCT p.id) AS n")
    assert rows and {r["id"]: r["n"] for r in rows} == {
        n: B.degree(n) for n, d in B.nodes(data=True) if d["node_type"] == "organisation"}
    # one edge per (organisation, programme), whatever the roles
    assert B.number_of_edges() == sum(r["n"] for r in rows)


def test_generic_bodies_only_when_asked(research, shipped_store):
    generic = shipped_store.run(
        "MATCH (o:Organisation) WHERE o.kind = 'generic' RETURN count(o) AS n")[0]["n"]
    B = research.bipartite_graph(include_generic=True)
    orgs = [n for n, d in B.nodes(data=True) if d["node_type"] == "organisation"]
    named = [n for n, d in research.bipartite_graph().nodes(data=True)
             if d["node_type"] == "organisation"]
    # kinds of bodies are participant categories now, rarely organisations: whatever
    # their number, they are added only when asked (Filters.keeps is tested alone)
    assert len(orgs) == len(named) + generic
    assert not [n for n, d in research.bipartite_graph().nodes(data=True)
                if d.get("kind") == "generic"]


def test_projection_is_the_stores_collaborates_with(G, shipped_store):
    rows = shipped_store.run(
        "MATCH (a:Organisation)-[c:COLLABORATES_WITH]->(b:Organisation) "
        "RETURN a.id AS a, b.id AS b, c.weight AS w, c.roles AS roles, c.programmes AS progs")
    assert len(rows) == G.number_of_edges() > 0
    for r in rows:
        e = G.edges[r["a"], r["b"]]
        assert (e["weight"], e["roles"], e["programmes"]) == (r["w"], r["roles"], r["progs"])
    assert G.degree(MOJ) == len(shipped_store.run(
        "MATCH (a:Organisation {id: $id})-[:COLLABORATES_WITH]-(b:Organisation) RETURN b.id AS b",
        {"id": MOJ}))
    assert G.nodes[MOJ]["name"] == "法務省"
    assert G.nodes[MOJ]["sector"] == "public"


def test_weighted_degree_in_metrics_is_the_cypher_sum_of_weights(research, G, shipped_store):
    table = research.metrics(G)
    rows = shipped_store.run(
        "MATCH (a:Organisation)-[c:COLLABORATES_WITH]-(b:Organisation) "
        "RETURN a.id AS id, count(c) AS degree, sum(c.weight) AS strength")
    by_id = {r["id"]: r for r in rows}
    for org, row in table.iterrows():
        expected = by_id.get(org, {"degree": 0, "strength": 0})
        assert (row["degree"], row["weighted_degree"]) == (expected["degree"], expected["strength"])
    assert table.attrs["betweenness"] == "exact"
    assert table.attrs["betweenness_k"] == G.number_of_nodes()


def test_node_attributes_come_from_the_store(B):
    node = B.nodes[POKKOKOTAN]
    assert node["aliases"] == ["札幌メンズ・シェッド ポックコタン", "札幌メンズ・シェッド ポツケコタン"]
    assert node["sources"] == ["004_fd6cbdb65fe8003b.txt:34", "004_fd6cbdb65fe8003b.txt:65"]
    assert node["legal_form"] is None
    assert node["kind"] == "volunteer_group"
    edge = B.edges[POKKOKOTAN, "adopted_list-004-0065"]
    assert edge["roles"] == ["lead"] and edge["lead"] is True
    assert edge["sources"] == ["004_fd6cbdb65fe8003b.txt:65"]
    tanoba = B.edges["org-11d0df7d4cb83552", "casebook-000-0002"]
    assert tanoba["roles"] == ["venue"]
    assert tanoba["role_texts"] == ["タノバ食堂の会場提供パートナー"]
    assert tanoba["mentions"] == ["宗教法人 龍雲寺"]
    prog = B.nodes["adopted_list-004-0065"]
    assert prog["node_type"] == "programme"
    assert prog["target_codes"] == ["01100"] and prog["part_of"] == [R6_SCHEME]


def test_area_filter_matches_the_area_network_query(research, shipped_store):
    G = research.organisation_graph(area="13")
    pairs = {(r["a_id"], r["b_id"]): len(r["programmes"])
             for r in shipped_store.query("area_network", codes=covered("13"))}
    assert pairs and {tuple(sorted(e)): d["weight"] for *e, d in G.edges(data=True)} == pairs


def test_role_filter_keeps_those_memberships(research, shipped_store):
    B = research.bipartite_graph(role="venue")
    n = shipped_store.run(
        "MATCH (o:Organisation)-[r:PARTNER_IN]->(p:Programme) "
        "WHERE r.role = 'venue' AND o.kind <> 'generic' RETURN count(r) AS n")[0]["n"]
    assert B.number_of_edges() == n
    assert all(d["roles"] == ["venue"] for *_, d in B.edges(data=True))


def test_sector_filter(research, G):
    kept = research.organisation_graph(sector=["public", "nonprofit"])
    assert {d["sector"] for _, d in kept.nodes(data=True)} == {"public", "nonprofit"}
    # two such organisations share the same programmes as without the filter
    among = G.subgraph(n for n, d in G.nodes(data=True) if d["sector"] in ("public", "nonprofit"))
    weights = {tuple(sorted((a, b))): d["weight"] for a, b, d in among.edges(data=True)}
    assert weights and {tuple(sorted((a, b))): d["weight"]
                        for a, b, d in kept.edges(data=True)} == weights


def test_scheme_filter_by_id_or_title(research, shipped_store):
    adopted = {r["id"] for r in shipped_store.run(
        "MATCH (p:Programme)-[:PART_OF]->(s:Programme) WHERE s.id = $id RETURN p.id AS id",
        {"id": R6_SCHEME})}
    B = research.bipartite_graph(scheme=R6_SCHEME)
    progs = {n for n, d in B.nodes(data=True) if d["node_type"] == "programme"}
    assert progs == adopted and len(progs) == 77
    by_title = research.bipartite_graph(
        scheme="令和6年度 地域における孤独・孤立対策に関するNPO等の取組モデル調査")
    assert set(by_title) == set(B)
    with pytest.raises(ValueError, match="no programme has the id or title"):
        research.bipartite_graph(scheme="令和9年度")


def test_period_filter_keeps_overlapping_programmes(research):
    def programmes(**kw):
        B = research.bipartite_graph(**kw)
        return {n for n, d in B.nodes(data=True) if d["node_type"] == "programme"}

    june = programmes(period="2024-06")
    assert "casebook-000-0180" in june  # 2024-06-26 .. 2024-07-25
    assert "casebook-000-0066" not in june  # 2024-01 .. 2024-05
    assert "casebook-000-0389" not in june  # 2023-07 .. 2024-02
    assert "casebook-000-0002" in june  # from 2023-05, no end
    assert "platform-0968d17c4ac78612" not in june  # from 2025
    assert "adopted_list-004-0065" not in june  # no period stated
    assert "platform-0968d17c4ac78612" in programmes(period=("2025", None))
    assert "casebook-000-0066" in programmes(period=(None, "2024-01-15"))


@pytest.mark.parametrize("kw, message", [
    ({"role": "cooking"}, "unknown role 'cooking'"),
    ({"sector": "government"}, "unknown sector 'government'"),
    ({"area": "131"}, "area must be"),
    ({"period": "2024/06"}, "period start must be"),
    ({"period": ("2025", "2024")}, "starts after it ends"),
])
def test_bad_filters_are_refused(research, kw, message):
    with pytest.raises(ValueError, match=message):
        research.organisation_graph(**kw)


def test_prefecture_table(research):
    table = research.prefecture_table()
    hokkaido = table.loc["01"]
    assert hokkaido["prefecture"] == "北海道"
    G = research.organisation_graph(area="01")
    assert (hokkaido["organisations"], hokkaido["ties"]) == (G.number_of_nodes(),
                                                            G.number_of_edges())
    assert hokkaido[["public", "private", "nonprofit", "academic", "community"]].sum() == \
        hokkaido["organisations"]


# -- a designated city includes its wards -------------------------------------------


def _record(rid: str, lead: str, partner: str, code: str, text: str, line: int) -> Record:
    return Record.model_validate({
        "id": rid, "title": f"{text}の居場所づくり", "lead": {"name": lead},
        "areas": [{"text": text, "code": code, "level": "municipality"}],
        "partners": [{"name": partner, "roles": ["venue"], "role_text": "会場提供"}],
        "source": {"document": "test_research.jsonl", "line": line, "format": "test"},
    })


WARD_RECORDS = [
    _record("t-1", "特定非営利活動法人北区つながり", "ふれあい食堂きたの会", "01102",
            "札幌市北区", 1),
    _record("t-2", "札幌メンズ・シェッド ポックコタン", "一般社団法人札幌ともに", "01100",
            "札幌市", 2),
    _record("t-3", "特定非営利活動法人函館よりそい", "函館ふれあいカフェ", "01202", "函館市", 3),
]


@pytest.fixture(scope="module")
def ward_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The ward records rebuilt by the command line; tests open it one at a time."""
    folder = tmp_path_factory.mktemp("wards")
    records = folder / "records.jsonl"
    records.write_text("".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n"
                               for r in WARD_RECORDS), encoding="utf-8")
    spec = f"embedded:{folder / 'graph'}"
    assert main(["--store", spec, "rebuild", str(records), "--quiet"]) == 0
    return spec


def test_designated_city_includes_its_wards(ward_store):
    with Research.open(ward_store) as r:
        names = {a: sorted(d["name"] for _, d in r.organisation_graph(area=a).nodes(data=True))
                 for a in ("01100", "01102", "01202", "01", "13")}
    assert names["01102"] == sorted(["ふれあい食堂きたの会", "特定非営利活動法人北区つながり"])
    assert names["01100"] == sorted(names["01102"] + ["一般社団法人札幌ともに",
                                                      "札幌メンズ・シェッド ポックコタン"])
    assert names["01202"] == sorted(["函館ふれあいカフェ", "特定非営利活動法人函館よりそい"])
    assert len(names["01"]) == 6 and names["13"] == []


# -- small graphs computed by hand ------------------------------------------------


def _star() -> nx.Graph:
    G = nx.Graph()
    G.add_node("c", sector="public", name="市役所")
    G.add_node("x", sector="private")
    G.add_node("y", sector="nonprofit")
    G.add_node("z", sector="public")
    G.add_edge("c", "x", weight=2)
    G.add_edge("c", "y", weight=1)
    G.add_edge("c", "z", weight=1)
    return G


def test_star_metrics_by_hand():
    t = network_metrics(_star())
    assert t.loc["c", "degree"] == 3 and t.loc["c", "weighted_degree"] == 4
    assert t.loc["c", "betweenness"] == 1.0 and t.loc["x", "betweenness"] == 0.0
    # Burt: p_cx = 2/4, p_cy = p_cz = 1/4 and no indirect paths: .25 + .0625 + .0625
    assert t.loc["c", "constraint"] == pytest.approx(0.375)
    assert t.loc["x", "constraint"] == pytest.approx(1.0)
    assert t.loc["c", "cross_sector_ties"] == 2
    assert t.loc["c", "cross_sector_share"] == pytest.approx(2 / 3)
    assert t.loc["x", "cross_sector_share"] == 1.0 and t.loc["z", "cross_sector_share"] == 0.0
    assert t["clustering"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert t["pagerank"].sum() == pytest.approx(1.0)
    assert t.loc["y", "pagerank"] == pytest.approx(t.loc["z", "pagerank"])
    assert t.loc["c", "name"] == "市役所"


def _two_triangles() -> nx.Graph:
    G = nx.Graph()
    for n in "abc":
        G.add_node(n, sector="public", prefecture_code="13" if n in "ab" else None)
    for n in "def":
        G.add_node(n, sector="nonprofit", prefecture_code="14" if n in "ef" else None)
    G.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"),
                      ("c", "d")])
    G.add_node("lonely", sector=None)
    return G


def test_bridge_communities_and_clustering_by_hand():
    t = network_metrics(_two_triangles(), seed=7)
    assert t.loc[list("abc"), "community"].tolist() == [0, 0, 0]
    assert t.loc[list("def"), "community"].tolist() == [1, 1, 1]
    assert t.loc["lonely", "community"] == 2
    # c lies on the shortest paths between {a, b} and {d, e, f}: 6 of the 21 pairs
    # of seven nodes; normalised by (n-1)(n-2)/2 = 15
    assert t.loc["c", "betweenness"] == pytest.approx(6 / 15)
    assert t.loc["a", "clustering"] == 1.0 and t.loc["c", "clustering"] == pytest.approx(1 / 3)
    assert math.isnan(t.loc["lonely", "constraint"])
    assert math.isnan(t.loc["lonely", "cross_sector_share"])
    assert t.loc["c", "cross_sector_share"] == pytest.approx(1 / 3)


def test_sampled_betweenness_states_its_sample():
    G = nx.les_miserables_graph()
    exact = network_metrics(G)
    sampled = network_metrics(G, k=20, seed=3)
    assert exact.attrs["betweenness"] == "exact" and exact.attrs["betweenness_k"] == 77
    assert sampled.attrs["betweenness"] == "sampled" and sampled.attrs["betweenness_k"] == 20
    assert sampled["betweenness"].equals(network_metrics(G, k=20, seed=3)["betweenness"])
    # above the limit, DEFAULT_BETWEENNESS_K = 500 sources: of 77 nodes that is all
    # of them, which is exact
    assert DEFAULT_BETWEENNESS_K == 500
    assert network_metrics(G, exact_limit=50).attrs["betweenness"] == "exact"
    above_limit = network_metrics(G, exact_limit=50, k=30)
    assert (above_limit.attrs["betweenness"], above_limit.attrs["betweenness_k"]) == ("sampled", 30)


def test_assortativity_by_hand():
    a = assortativity(_two_triangles())
    # six ties within a sector, one across: e = [[6, 1], [1, 6]] / 14, a = b = 1/2,
    # r = (12/14 - 1/2) / (1 - 1/2) = 5/7
    assert a.loc["sector", "assortativity"] == pytest.approx(5 / 7)
    assert (a.loc["sector", "nodes"], a.loc["sector", "edges"]) == (6, 7)
    # only a, b (13) and e, f (14) have a prefecture: two ties, both within one
    assert a.loc["prefecture", "assortativity"] == pytest.approx(1.0)
    assert (a.loc["prefecture", "nodes"], a.loc["prefecture", "edges"]) == (4, 2)


def test_sector_mixing_by_hand():
    m = sector_mixing(_star())
    assert m.loc["public", "private"] == m.loc["private", "public"] == 2
    assert m.loc["public", "public"] == 1 and m.loc["public", "nonprofit"] == 1
    assert sector_mixing(_star(), weight=None).loc["public", "private"] == 1


def test_shipped_assortativity_uses_known_values_only(research, G):
    a = research.assortativity(G)
    with_sector = [n for n, d in G.nodes(data=True) if d["sector"] not in (None, "", "unknown")]
    assert a.loc["sector", "nodes"] == len(with_sector)
    known = [n for n, d in G.nodes(data=True) if d["prefecture_code"]]
    assert a.loc["prefecture", "nodes"] == len(known)


# -- exports ---------------------------------------------------------------------


def _same_graph(original: nx.Graph, read: nx.Graph, gexf: bool) -> None:
    expected = portable(original)
    assert (read.number_of_nodes(), read.number_of_edges()) == \
        (expected.number_of_nodes(), expected.number_of_edges())
    for n, d in expected.nodes(data=True):
        assert read.nodes[n] == d
    for a, b, d in expected.edges(data=True):
        got = dict(read.edges[a, b])
        if gexf:
            got.pop("id")  # the GEXF reader numbers edges
        assert got == d


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("kind", ["bipartite", "organisations"])
def test_exports_read_back_with_networkx(B, G, tmp_path, fmt, kind):
    graph = B if kind == "bipartite" else G
    path = export(graph, tmp_path / f"graph.{fmt}")
    read = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    _same_graph(graph, read, gexf=fmt == "gexf")
    node = read.nodes[POKKOKOTAN]
    assert node["aliases"] == "札幌メンズ・シェッド ポックコタン;札幌メンズ・シェッド ポツケコタン"
    assert "legal_form" not in node  # None is left out
    if kind == "organisations":
        e = read.edges[MOJ, next(iter(graph[MOJ]))]
        assert e["weight"] >= 1 and isinstance(e["programmes"], str)


def test_csv_export(research, tmp_path):
    G = research.organisation_graph(area="13")
    folder = export(G, tmp_path / "tokyo", "csv")
    nodes = pd.read_csv(folder / "nodes.csv", index_col="id")
    edges = pd.read_csv(folder / "edges.csv")
    assert (len(nodes), len(edges)) == (G.number_of_nodes(), G.number_of_edges()) != (0, 0)
    assert set(nodes.index) == set(G.nodes)
    assert edges["weight"].sum() == sum(d["weight"] for *_, d in G.edges(data=True))


def test_export_command(ward_store, tmp_path):
    out = tmp_path / "sapporo.graphml"
    assert main(["--store", ward_store, "export", "--format", "graphml", "--out", str(out),
                 "--graph", "organisations", "--area", "01100", "--metrics"]) == 0
    G = nx.read_graphml(out)
    assert sorted(d["name"] for _, d in G.nodes(data=True)) == sorted([
        "一般社団法人札幌ともに", "ふれあい食堂きたの会", "札幌メンズ・シェッド ポックコタン",
        "特定非営利活動法人北区つながり"])
    assert G.number_of_edges() == 2
    assert all(d["degree"] == 1 for _, d in G.nodes(data=True))
    assert main(["--store", ward_store, "export", "--format", "gexf", "--out", str(out),
                 "--role", "cooking"]) == 2


# -- the igraph engine against networkx ------------------------------------------------


def _random_graph(n: int, m: int, seed: int) -> nx.Graph:
    import random

    rng = random.Random(seed)
    G = nx.gnm_random_graph(n, m, seed=seed)
    G = nx.relabel_nodes(G, {i: f"org-{i:03d}" for i in G})
    sectors = ["public", "private", "nonprofit", None]
    for node in G:
        G.nodes[node].update(name=node, sector=rng.choice(sectors), kind="npo", prefecture_code="13")
    for a, b in G.edges():
        G[a][b]["weight"] = rng.randint(1, 4)
    G.add_node("org-isolated", name="ひとり", sector="public", kind="npo")
    return G


@pytest.mark.parametrize("k", [None, 15])
def test_igraph_engine_gives_networkx_figures(k) -> None:
    G = _random_graph(80, 260, seed=5)
    a = network_metrics(G, seed=2, k=k, engine="networkx")
    b = network_metrics(G, seed=2, k=k, engine="igraph")
    assert a.attrs["engine"] == "networkx" and b.attrs["engine"] == "igraph"
    assert a.attrs["betweenness"] == b.attrs["betweenness"] == ("exact" if k is None else "sampled")
    _same_metrics(a, b)
    # Louvain differs by implementation; the partitions are of like quality
    def quality(t):
        groups = t.groupby("community").groups.values()
        return nx.community.modularity(G, [set(g) for g in groups], weight="weight")
    assert quality(b) >= 0.9 * quality(a)


def test_engine_auto_picks_igraph_for_large_graphs_only() -> None:
    from tsunagari.research import IGRAPH_FROM

    small = _random_graph(30, 60, seed=1)
    assert network_metrics(small).attrs["engine"] == "networkx"
    large = nx.path_graph(IGRAPH_FROM)
    assert network_metrics(large, k=5).attrs["engine"] == "igraph"
    with pytest.raises(ValueError, match="engine"):
        network_metrics(small, engine="gephi")


def _same_metrics(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """The same rows and columns, counts equal, measures within their tolerance."""
    assert list(a.index) == list(b.index) and list(a.columns) == list(b.columns)
    for col in ("degree", "weighted_degree", "cross_sector_ties"):
        assert (a[col].astype(float) == b[col].astype(float)).all(), col
    for col, tol in (("betweenness", 1e-12), ("clustering", 1e-12), ("pagerank", 1e-12),
                     ("constraint", 1e-9), ("cross_sector_share", 1e-12)):
        diff = (a[col] - b[col]).abs()
        assert (diff.fillna(0) <= tol).all(), (col, diff.max())
        assert a[col].isna().equals(b[col].isna()), col


def _same_tables(a: pd.DataFrame, b: pd.DataFrame) -> None:
    _same_metrics(a, b)
    for col in ("name", "sector", "kind", "prefecture_code"):
        assert a[col].fillna("").tolist() == b[col].fillna("").tolist(), col


@pytest.mark.parametrize("kw", [{}, {"area": "13"}, {"role": ["funding", "lead"], "sector": ["public", "nonprofit"]},
                                {"include_generic": True}])
@pytest.mark.parametrize("k", [None, 15])
def test_metrics_from_arrays_are_networkxs_on_the_store(research, kw, k):
    """Research.metrics without a graph (ties from B·Bᵀ, no networkx graph) gives the
    table networkx gives on organisation_graph, sampled sources included."""
    expected = network_metrics(research.organisation_graph(**kw), seed=3, k=k, engine="networkx")
    table = research.metrics(seed=3, k=k, engine="igraph", **kw)
    assert table.attrs["engine"] == "igraph" and len(table) > 0
    assert (table.attrs["nodes"], table.attrs["edges"]) == (expected.attrs["nodes"], expected.attrs["edges"])
    assert table.attrs["betweenness_k"] == expected.attrs["betweenness_k"]
    assert table.attrs["filters"] == expected.attrs["filters"]
    _same_tables(expected, table)
    assert set(table.attrs["seconds"]) >= {"read", "ties", "compiled", "communities"}


def test_metrics_on_an_empty_selection(research):
    table = research.metrics(engine="igraph", area="47", period=("1900", "1901"))
    assert len(table) == 0 and table.attrs["nodes"] == 0 and list(table.columns) == METRIC_COLUMNS[1:]


def test_columns_are_the_rows(shipped_store):
    """The store's answer as columns holds what its answer as rows holds."""
    rows = shipped_store.query("research_ties")
    columns = shipped_store.query_columns("research_ties")
    assert columns.column_names == ["org_id", "programme_id", "role"]
    key = lambda r: (r["programme_id"], r["org_id"], r["role"])  # noqa: E731
    assert sorted(columns.to_pylist(), key=key) == sorted(rows, key=key)
    # the default, built from run()'s rows (what the Neo4j store uses)
    counted = CountingStore(shipped_store)
    assert sorted(counted.query_columns("research_ties").to_pylist(), key=key) == sorted(rows, key=key)


def test_clustering_and_constraint_match_networkx():
    import random

    import numpy as np

    rng = random.Random(4)
    G = nx.gnm_random_graph(120, 700, seed=4)
    G.add_edges_from((a, b) for a in range(120, 135) for b in range(a + 1, 135))  # a clique
    G.add_nodes_from([135, 136])  # isolated
    for a, b in G.edges():
        G[a][b]["weight"] = rng.randint(1, 5)
    edges = list(G.edges(data="weight"))
    a = np.array([e[0] for e in edges])
    b = np.array([e[1] for e in edges])
    w = np.array([e[2] for e in edges], dtype=float)
    clustering, constraint = clustering_and_constraint(G.number_of_nodes(), a, b, w)
    expected_clustering = nx.clustering(G)
    expected_constraint = nx.constraint(G, weight="weight")
    for node in G:
        assert clustering[node] == pytest.approx(expected_clustering[node], abs=1e-12)
        if G.degree(node):
            assert constraint[node] == pytest.approx(expected_constraint[node], abs=1e-12)
        else:
            assert math.isnan(constraint[node])
    with pytest.raises(ValueError, match="self-loops"):
        clustering_and_constraint(2, np.array([0, 1]), np.array([1, 1]), np.array([1.0, 1.0]))


def test_fewer_sources_on_large_graphs_and_said_so():
    assert default_k(10_000) == DEFAULT_BETWEENNESS_K
    assert default_k(5_737_586) == MIN_BETWEENNESS_K  # the 100k benchmark graph
    assert MIN_BETWEENNESS_K < default_k(2_000_000) < DEFAULT_BETWEENNESS_K
    G = nx.gnm_random_graph(3000, 9000, seed=1)
    t = network_metrics(G, seed=5)
    assert (t.attrs["betweenness"], t.attrs["betweenness_k"], t.attrs["seed"]) == ("sampled", 500, 5)


def test_betweenness_searches_both_ways_as_networkx_counts():
    """The search grows a level from the frontier or finds it from the nodes not reached
    yet, whichever reads fewer ties: a dense core (found from the unreached), a long
    path leaving it (grown from the frontier again), another component and isolated
    nodes give networkx's exact betweenness from every source, and from a few."""
    import numpy as np

    from tsunagari.compiled import adjacency, dependencies

    G = nx.gnm_random_graph(60, 700, seed=7)
    nx.add_path(G, [5, *range(60, 90)])
    G.add_edges_from([(90, 91), (91, 92), (92, 90), (92, 93)])
    G.add_nodes_from([94, 95])
    n = G.number_of_nodes()
    edges = sorted(G.edges())
    graph = adjacency(n, np.array([e[0] for e in edges]), np.array([e[1] for e in edges]))
    everyone = dependencies(graph[0], graph[1], np.arange(n)) / 2
    expected = nx.betweenness_centrality(G, normalized=False)
    assert [everyone[v] for v in range(n)] == pytest.approx([expected[v] for v in range(n)], rel=1e-12, abs=1e-12)
    assert everyone[70] > 0 and everyone[5] > everyone[70]  # the path's nodes carry the core's paths to it
    few = [3, 75, 91, 94]
    partial = dependencies(graph[0], graph[1], np.array(few))
    expected = nx.betweenness_centrality_subset(G, sources=few, targets=list(G), normalized=False)
    # networkx's subset betweenness counts each (source, target) path once, halved for undirected graphs
    assert [partial[v] for v in range(n)] == pytest.approx([2 * expected[v] for v in range(n)], rel=1e-12, abs=1e-12)
