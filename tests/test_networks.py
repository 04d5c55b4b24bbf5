"""tsunagari.networks: the one builder, Filters and export behind the pages and research."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from tsunagari.viz.network import export as page_export
from tsunagari.viz.network import network_from_memberships

from tsunagari.networks import Filters, bipartite, csv_cell, portable, ties, values, xml_text
from tsunagari.research import export as research_export

HOSTILE_TITLE = "居場所\x01づくり\x0b事業\ufffe"
FORMULAS = ["=HYPERLINK(\"http://127.0.0.1/\",\"x\")", "+81-3", "-1+1", "@SUM(A1)", "\tlead", "\rx"]


def _rows() -> list[dict]:
    base = {"org_id": "org-a", "org_name": "団体A", "sector": None, "org_kind": "npo",
            "programme_id": "p-1", "programme_title": HOSTILE_TITLE, "programme_kind": "initiative",
            "department": "", "source": "000.txt:1"}
    return [
        {**base, "role": "lead", "role_text": ""},
        *({**base, "org_id": f"org-{i}", "org_name": text, "role": "venue", "role_text": text}
          for i, text in enumerate(FORMULAS)),
    ]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_page_exports_drop_what_xml_cannot_hold(fmt: str) -> None:
    net = network_from_memberships(_rows())
    body, _ = page_export(net.graph, fmt)
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(body))
    titles = [d["label"] for _, d in g.nodes(data=True) if d.get("type") == "programme"]
    assert titles == ["居場所づくり事業"]
    assert g.number_of_edges() == 1 + len(FORMULAS)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_research_exports_drop_what_xml_cannot_hold(tmp_path: Path, fmt: str) -> None:
    G = nx.Graph(note="a\x02b")
    G.add_node("org-a", name="団\x1f体", aliases=["x\x01", "y"], sector=None)
    G.add_node("p-1", name=HOSTILE_TITLE)
    G.add_edge("org-a", "p-1", roles=["lead"], weight=1)
    path = research_export(G, tmp_path / f"g.{fmt}")
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
    assert back.nodes["org-a"]["label"] == "団体"
    assert back.nodes["org-a"]["aliases"] == "x;y"
    assert back.nodes["p-1"]["label"] == "居場所づくり事業"


def test_page_csv_cells_never_start_a_formula() -> None:
    body, media = page_export(network_from_memberships(_rows()).graph, "csv")
    assert media.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    names = sorted(r["organisation"] for r in rows if r["role"] == "venue")
    assert names == sorted("'" + f for f in FORMULAS)
    assert {r["role_text"] for r in rows if r["role"] == "venue"} == {"'" + f for f in FORMULAS}
    assert all(not r[k].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for k in r)


def test_research_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    G = nx.Graph()
    for i, text in enumerate(FORMULAS):
        G.add_node(f"org-{i}", name=text, sector="public")
    G.add_edge("org-0", "org-1", roles=["=1+1"], weight=2)
    folder = research_export(G, tmp_path / "csv", "csv")
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as f:
        names = [r["name"] for r in csv.DictReader(f)]
    assert sorted(names) == sorted("'" + t for t in FORMULAS)
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as f:
        (edge,) = list(csv.DictReader(f))
    assert edge["roles"] == "'=1+1" and edge["weight"] == "2"


def test_plain_values_pass_through_unchanged() -> None:
    assert csv_cell("世田谷区") == "世田谷区" and csv_cell(-3) == -3 and csv_cell("a=b") == "a=b"
    assert xml_text("改行\nと\tタブ") == "改行\nと\tタブ"


def test_filters_refuse_unknown_values_and_read_no_sector_as_unknown() -> None:
    with pytest.raises(ValueError, match="unknown role 'cooking'"):
        Filters.checked(roles=["cooking"])
    with pytest.raises(ValueError, match="unknown sector 'government'"):
        Filters.checked(sectors="government")
    f = Filters.checked(roles=["lead", "venue"], sectors=["unknown", "public"])
    assert f.keeps("venue", None) and f.keeps("lead", "public")
    assert not f.keeps("funding", "public") and not f.keeps("venue", "private")
    assert not Filters().keeps("venue", "public", "generic")
    assert Filters(include_generic=True).keeps("venue", "public", "generic")


def test_filters_period_overlap() -> None:
    f = Filters.checked(period=("2024-04", "2024-06"))
    assert f.keeps_period("2024-01", "2024-05") and f.keeps_period("2024-06-30", None)
    assert not f.keeps_period("2024-07", None) and not f.keeps_period(None, None)
    assert Filters().keeps_period(None, None)


def test_the_builder_keeps_a_second_membership_in_the_same_role() -> None:
    rows = [{"org_id": "o", "programme_id": "p", "role": "venue", "source": s}
            for s in ("000.txt:1", "001.txt:9")]
    g = bipartite(rows, lambda r: {}, lambda r: {}, lambda r: {"source": r["source"]})
    assert sorted(d["source"] for *_, d in g.edges(data=True)) == ["000.txt:1", "001.txt:9"]
    assert portable(g).is_multigraph()


def test_ties_merge_the_roles_of_one_organisation_in_one_programme() -> None:
    rows = [{"org_id": "o", "programme_id": "p", "role": role, "role_text": text}
            for role, text in (("venue", "会場"), ("lead", ""), ("co_organiser", "共催"))]
    rows.append({"org_id": "o2", "programme_id": "p", "role": None, "role_text": "協力"})
    g = bipartite(rows, lambda r: {}, lambda r: {}, lambda r: {"role_text": r["role_text"]})
    merged = ties(g)
    tie = merged[("org:o", "programme:p")]
    assert tie["roles"] == ["lead", "venue", "co_organiser"]  # the vocabulary's order
    assert values(tie["memberships"], "role_text") == ["会場", "共催"]
    other = merged[("org:o2", "programme:p")]
    assert other["roles"] == ["unspecified"] and len(other["memberships"]) == 1
