"""tsunagari.viz.notebook: the research graphs drawn offline and escaped, checked as
text and in Debian's chromium (the document a notebook's iframe shows)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from tsunagari.core.vocabulary import ROLE_COLOURS, SECTOR_COLOURS
from tsunagari.graph import GraphStore
from tsunagari.viz import notebook

from tsunagari.research import Research

HOSTILE = '</script><img src=x onerror="window.pwned=1">&amp;'
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def research(shipped_store: GraphStore) -> Iterator[Research]:
    yield Research(shipped_store)


def hostile_graph() -> nx.Graph:
    g = nx.Graph(kind="organisations")
    g.add_node("a", name=HOSTILE, node_type="organisation", sector="nonprofit")
    g.add_node("b", name="八王子市", node_type="organisation", sector="public")
    g.add_node("p", name="<b>取組</b>", node_type="programme", kind="initiative")
    g.add_edge("a", "b", weight=2, roles=["publicity"], programmes=["p1", "p2"])
    g.add_edge("a", "p", roles=["venue", "lead"], role_texts=[HOSTILE])
    return g


def test_the_document_is_self_contained_and_names_are_escaped() -> None:
    view = notebook.show(hostile_graph(), title=HOSTILE)
    doc = view.html
    # nothing to fetch: no external script, style or frame, and a policy that forbids it
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", doc, re.IGNORECASE)
    assert "default-src 'none'" in doc
    assert doc.count("<script") == 3  # the data, vis-network, the drawing script
    # the hostile name is data: escaped in the JSON block and in the title
    assert HOSTILE not in doc and "<img" not in doc
    assert "\\u003c/script\\u003e" in doc
    assert "innerHTML" not in doc.split("<script>", 1)[1].rsplit("<script>", 1)[1]
    # Jupyter shows an iframe whose srcdoc is the escaped document
    frame = view._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    assert html.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1)) == doc


def test_the_research_graphs_draw_with_the_vocabulary(research: Research) -> None:
    bipartite = notebook.graph_payload(research.bipartite_graph(area="13112"))
    kinds = {n["label"]: n for n in bipartite["nodes"]}
    assert kinds["野沢2丁目町内会"]["colour"] == SECTOR_COLOURS["community"]
    assert any(n["programme"] for n in bipartite["nodes"])
    venue = [e for e in bipartite["edges"] if e["roles"] == "会場提供"]
    assert venue and venue[0]["colour"] == ROLE_COLOURS["venue"]
    organisations = notebook.graph_payload(research.organisation_graph(area="13201"))
    assert not any(n["programme"] for n in organisations["nodes"])
    assert all(e["weight"] >= 1 for e in organisations["edges"])
    with pytest.raises(ValueError, match="at most"):
        big = nx.path_graph(notebook.NODE_LIMIT + 1)
        notebook.graph_payload(big)


@pytest.mark.browser
def test_the_view_runs_offline_in_chromium(research: Research, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make system-deps)")
    graph = research.organisation_graph(area="13201")
    graph.add_node("x", name=HOSTILE, node_type="organisation", sector="private")
    graph.add_edge("x", next(iter(graph.nodes)), weight=1, roles=["publicity"])
    path = notebook.show(graph, title="八王子市").save(tmp_path / "view.html")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            page.wait_for_function("() => window.ready === true", timeout=15000)
            drawn: dict[str, Any] = page.evaluate(
                "() => ({nodes: window.network.body.nodeIndices.length,"
                " edges: window.network.body.edgeIndices.length})")
            assert drawn == {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
            pos = page.evaluate("""() => { const p = window.network.getPositions(['%s'])['%s'];
                return window.network.canvasToDOM(p); }""" % ((str(len(graph) - 1),) * 2))
            page.mouse.click(pos["x"], pos["y"])
            assert page.inner_text("#panel h3") == HOSTILE
            assert page.evaluate("() => window.pwned") is None
            assert page.locator("img").count() == 0
            assert [u for u in requests if u != path.as_uri()] == []
            assert errors == []
        finally:
            browser.close()
