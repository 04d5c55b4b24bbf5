"""Large network views: the server's grid layout and the WebGL renderer in chromium."""

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


def test_vendored_webgl_libraries_keep_their_licences() -> None:
    vendor = STATIC / "vendor"
    for lib, licence in (("sigma.min.js", "LICENSE-sigma.txt"), ("graphology.umd.min.js", "LICENSE-graphology.txt")):
        assert (vendor / lib).stat().st_size > 10_000
        assert "Permission is hereby granted" in (vendor / licence).read_text(encoding="utf-8")
    text = (STATIC / "network-webgl.js").read_text(encoding="utf-8")
    assert "innerHTML" not in text  # names reach the page through textContent only
    assert "http" not in text.replace("https://", "")  # no CDN: every file from /static


@pytest.mark.browser
def test_webgl_view_draws_filters_and_opens_pages_in_chromium() -> None:
    from benchmarks.view_bench import ARGS, CHROMIUM, ORIGIN

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make system-deps)")
    from playwright.sync_api import sync_playwright
    from tsunagari.api.routes_pages import _env
    from tsunagari.viz.network import EXPORT_FORMATS, Filters, network_from_memberships, vis_payload

    rng = random.Random(5)
    rows = []
    for p in range(900):
        for o in rng.sample(range(2500), 3):
            rows.append({"org_id": f"org-{o}", "org_name": f"団体{o}<b>", "sector": rng.choice(["public", "private"]),
                         "org_kind": "npo", "programme_id": f"p{p}", "programme_title": f"取組{p}",
                         "programme_kind": "initiative", "role": rng.choice(["venue", "publicity"]),
                         "role_text": "", "department": "", "source": "x:1"})
    net = network_from_memberships(rows)
    payload = vis_payload(net)
    assert len(payload["nodes"]) > 2000
    partial = _env.get_template("_network.html").render(
        payload=payload, filters=Filters(), schemes=[], export_base="/network/prefecture/13?",
        export_formats=EXPORT_FORMATS)
    html = ("<!doctype html><html><head><meta charset='utf-8'><link rel='stylesheet' href='/static/site.css'>"
            "</head><body>" + partial +
            "<script src='/static/network-filters.js'></script><script src='/static/network-webgl.js'></script>"
            "<script src='/static/vendor/vis-network.min.js'></script><script src='/static/network.js'></script></body></html>")

    def serve(route) -> None:
        path = route.request.url[len(ORIGIN):].split("?")[0]
        if path == "/view.html":
            route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")
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
            page.route(f"{ORIGIN}/**", serve)
            page.goto(f"{ORIGIN}/view.html")
            try:
                page.wait_for_function("window.tsunagariNetwork && window.tsunagariNetwork.ready", timeout=120_000)
            finally:
                assert not errors, errors
            state = page.evaluate("({r: window.tsunagariNetwork.renderer, n: window.tsunagariNetwork.nodes.length,"
                                  " e: window.tsunagariNetwork.edges.length, canvases: document.querySelectorAll("
                                  "'#network canvas').length, vis: !!document.querySelector('#network .vis-network')})")
            assert state["r"] == "webgl" and state["canvases"] > 0 and not state["vis"]
            assert state["n"] == len(payload["nodes"]) and state["e"] == len(payload["edges"])
            # only one role: fewer edges, counts say so
            page.click('[data-only="role"][data-value="venue"]')
            venue = sum(1 for e in payload["edges"] if "venue" in e["roles"])
            assert page.evaluate("window.tsunagariNetwork.edges.length") == venue
            assert f"連携 {venue}" in page.text_content("#network-counts")
            # a click on a node opens its page
            page.click('[data-all="role"]')
            target = max(payload["nodes"], key=lambda n: (n["size"], n["id"]))
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            pos = page.evaluate(f"window.tsunagariNetwork.positionOf({target['id']!r})")
            page.mouse.move(pos["x"], pos["y"])
            # the node under the pointer (the target, or one drawn over it) says what it is
            page.wait_for_function("window.tsunagariNetwork.hovered", timeout=10_000)
            hovered = page.evaluate("window.tsunagariNetwork.hovered")
            assert not page.is_hidden(".webgl-tip")
            url = next(n["url"] for n in payload["nodes"] if n["id"] == hovered)
            with page.expect_request(lambda r: r.url.endswith(url)):
                page.mouse.click(pos["x"], pos["y"])
            assert not errors
        finally:
            browser.close()
