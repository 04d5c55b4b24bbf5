"""Large network views: the server's grid layout and the 2D-canvas renderer in chromium."""

from __future__ import annotations

import math
import random
from pathlib import Path

import networkx as nx
import pytest
from tsunagari.viz.network import GRID_LAYOUT_FROM, layout

STATIC = Path(__file__).resolve().parents[1] / "api" / "static"


def _big_graph(n: int) -> nx.MultiGraph:
    g = nx.MultiGraph(nx.barabasi_albert_graph(n, 2, seed=3))
    return nx.relabel_nodes(g, {i: f"n{i:05d}" for i in g})


def test_grid_layout_above_the_threshold_is_deterministic_and_keeps_ties_close() -> None:
    g = _big_graph(GRID_LAYOUT_FROM + 500)
    pos = layout(g)
    assert pos == layout(g)
    assert set(pos) == set(g)
    assert len(set(pos.values())) > 0.99 * len(pos)  # nodes are spread, not stacked

    def dist(a: str, b: str) -> float:
        return math.dist(pos[a], pos[b])

    rng = random.Random(1)
    nodes = list(g)
    tied = sum(dist(a, b) for a, b in list(g.edges())[:2000]) / 2000
    anyone = sum(dist(rng.choice(nodes), rng.choice(nodes)) for _ in range(2000)) / 2000
    assert tied < 0.5 * anyone


def test_the_large_view_renderer_writes_names_as_text_and_loads_nothing_from_elsewhere() -> None:
    text = (STATIC / "network-large.js").read_text(encoding="utf-8")
    assert "innerHTML" not in text  # names reach the page through textContent only
    assert "http" not in text.replace("https://", "")  # no CDN: every file from /static


#: How many pixels of the view's canvases (lines below, nodes and names above) are drawn on.
LIT = ("(() => { let k = 0; for (const c of document.querySelectorAll('#network canvas')) {"
       " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
       " for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 230 || d[i + 1] < 230)) k++; } }"
       " return k; })()")


@pytest.mark.browser
def test_a_ten_thousand_node_view_draws_filters_and_opens_details_in_chromium() -> None:
    from benchmarks.view_bench import ARGS, CHROMIUM, ORIGIN

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make system-deps)")
    from playwright.sync_api import sync_playwright
    from tsunagari.api.routes_pages import CSP, _env
    from tsunagari.viz.network import (
        EXPORT_FORMATS,
        LARGE_FROM,
        Filters,
        expand_payload,
        network_from_memberships,
        network_payload,
    )

    rng = random.Random(5)
    rows = []
    for p in range(4000):
        for o in rng.sample(range(12000), 4):
            rows.append({"org_id": f"org-{o}", "org_name": f"団体{o}<b>", "sector": rng.choice(["public", "private"]),
                         "org_kind": "npo", "programme_id": f"p{p}", "programme_title": f"取組{p}",
                         "programme_kind": "initiative", "role": rng.choice(["venue", "publicity"]),
                         "role_text": "会場の提供" if o % 5 == 0 else "", "department": "", "source": "x:1"})
    net = network_from_memberships(rows)
    packed = network_payload(net)
    payload = expand_payload(packed)
    assert len(payload["nodes"]) >= 10_000 > LARGE_FROM and packed["renderer"] == "large"
    partial = _env.get_template("_network.html").render(
        payload=packed, filters=Filters(), schemes=[], export_base="/network/prefecture/13?",
        export_formats=EXPORT_FORMATS)
    scripts = _env.get_template("_network_scripts.html").render(payload=packed)
    assert "vis-network" not in scripts and "network-large.js" in scripts
    html = ("<!doctype html><html><head><meta charset='utf-8'><link rel='stylesheet' href='/static/site.css'>"
            "</head><body>" + partial + scripts + "</body></html>")
    asked: list[str] = []

    def serve(route) -> None:
        path = route.request.url[len(ORIGIN):].split("?")[0]
        asked.append(path)
        if path == "/view.html":  # with the pages' content security policy
            route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8",
                          headers={"Content-Security-Policy": CSP})
        elif path.startswith("/static/") and (STATIC / path[8:]).is_file():
            kind = "text/css" if path.endswith(".css") else "text/javascript"
            route.fulfill(status=200, body=(STATIC / path[8:]).read_bytes(), content_type=kind)
        else:
            route.fulfill(status=404, body="")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.route(f"{ORIGIN}/**", serve)
            page.goto(f"{ORIGIN}/view.html")
            try:
                page.wait_for_function("() => window.tsunagariNetwork && window.tsunagariNetwork.ready", timeout=120_000)
            finally:
                assert not errors, errors
            assert not any("vis-network" in a for a in asked)
            state = page.evaluate("({r: window.tsunagariNetwork.renderer, n: window.tsunagariNetwork.nodes.length,"
                                  " e: window.tsunagariNetwork.edges.length, canvases: document.querySelectorAll("
                                  "'#network canvas').length, vis: !!document.querySelector('#network .vis-network'),"
                                  " lit: " + LIT + "})")
            assert state["r"] == "large" and state["canvases"] == 2 and not state["vis"]
            assert state["lit"] > 10_000  # the nodes and lines are on the canvas
            assert state["n"] == len(payload["nodes"]) and state["e"] == len(payload["edges"])
            # only one role: fewer edges, counts and the address say so
            page.click('[data-only="role"][data-value="venue"]')
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            assert 0 < page.evaluate(LIT) < state["lit"]  # fewer lines are drawn
            venue = sum(1 for e in payload["edges"] if "venue" in e["roles"])
            assert page.evaluate("window.tsunagariNetwork.edges.length") == venue
            assert f"連携 {venue}" in page.text_content("#network-counts")
            assert "role=venue" in page.url
            # a click on a node opens its details in the inspector, with a link to its page
            page.click('[data-all="role"]')
            target = max(payload["nodes"], key=lambda n: (n["size"], n["id"]))
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            pos = page.evaluate(f"window.tsunagariNetwork.positionOf({target['id']!r})")
            page.mouse.move(pos["x"], pos["y"])
            # the node under the pointer (the target, or one drawn over it) says what it is
            page.wait_for_function("() => !!window.tsunagariNetwork.hovered", timeout=10_000)
            hovered = next(n for n in payload["nodes"] if n["id"] == page.evaluate("window.tsunagariNetwork.hovered"))
            assert not page.is_hidden(".network-tip")
            assert hovered["label"] in page.text_content(".network-tip")
            page.mouse.click(pos["x"], pos["y"])
            page.wait_for_selector("#inspector:not([hidden])", timeout=10_000)
            assert page.inner_text("#inspector-title") == hovered["label"]
            assert page.get_attribute("#inspector a.open-page", "href") == hovered["url"]
            ties = [e for e in payload["edges"] if hovered["id"] in (e["from"], e["to"])]
            body = page.inner_text("#inspector-body")
            assert f"（{len(ties)} " in body
            for e in ties:
                other = next(n for n in payload["nodes"] if n["id"] == (e["to"] if e["from"] == hovered["id"] else e["from"]))
                assert (other["label"] if hovered["type"] == "organisation" else e["shown_as"][0]) in body
            page.keyboard.press("Escape")
            assert page.is_hidden("#inspector")
            # the wheel zooms around the pointer: the node moves away from it
            page.mouse.move(pos["x"] + 40, pos["y"] + 30)
            page.mouse.wheel(0, -300)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            moved = page.evaluate(f"window.tsunagariNetwork.positionOf({hovered['id']!r})")
            assert moved["x"] < pos["x"] - 5 and moved["y"] < pos["y"] - 5
            # keyboard users reach the same details through the list of nodes
            page.click("#node-list-box summary")
            first = min((n for n in payload["nodes"] if n["type"] == "organisation"), key=lambda n: n["label"])
            assert page.inner_text("#node-list li:first-child button").startswith(first["label"])
            page.click("#node-list li:first-child button")
            assert page.inner_text("#inspector-title") == first["label"]
            assert page.evaluate("document.activeElement.id") == "inspector"
            assert not errors
        finally:
            browser.close()
