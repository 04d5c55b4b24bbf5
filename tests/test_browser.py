"""The pages in a real browser: Debian's chromium driven by Playwright.

The app runs in a thread on the shipped records; each test checks that the page
made no request outside the app and logged no console error. Screenshots go to
test-output/screenshots/ (paths printed). Counts are the hand-checked ones of
tests/test_pages.py.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

import pytest
from tsunagari.api.app import create_app
from tsunagari.core.vocabulary import role_colour
from tsunagari.graph import GraphStore, open_store
from tsunagari.loaders.project import write_graph

playwright_sync = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"

if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium is not installed (make system-deps)", allow_module_level=True)


class Server:
    def __init__(self, store: GraphStore):
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(store=store), host="127.0.0.1", port=self.port,
                                log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def app_url(shipped_store: GraphStore) -> Iterator[str]:
    with Server(shipped_store) as s:
        yield s.base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Watch:
    """What a page did that it should not: console errors, uncaught errors, dialogs,
    requests leaving the app."""

    def __init__(self, page: Any, base: str):
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self._request(r.url, base))

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def _request(self, url: str, base: str) -> None:
        if not (url.startswith((base + "/", "data:", "blob:"))):
            self.outside.append(url)

    def check(self) -> None:
        assert self.errors == []
        assert self.outside == []
        assert self.dialogs == []


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def wait_drawn(page: Any) -> dict[str, int]:
    page.wait_for_function("() => window.tsunagariNetwork && window.tsunagariNetwork.ready === true",
                           timeout=15000)
    return drawn(page)


def drawn(page: Any) -> dict[str, int]:
    """What vis-network itself is drawing, not what the page meant to draw."""
    return page.evaluate("""() => { const b = window.tsunagariNetwork.network.body;
        return {nodes: b.nodeIndices.length, edges: b.edgeIndices.length}; }""")


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    print(f"screenshot: {path}")


def click_node(page: Any, node_id: str) -> None:
    pos = page.evaluate("id => window.tsunagariNetwork.positionOf(id)", node_id)
    assert pos is not None, f"{node_id} is not drawn"
    page.mouse.click(pos["x"], pos["y"])


PAGES = [
    ("home", "/", False),
    ("japan", "/japan", False),
    ("search", "/search?q=八王子", False),
    ("prefecture-tokyo", "/prefecture/13", True),
    ("municipality-hachioji", "/municipality/13201", True),
    ("programme-tanoba", "/programme/casebook-000-0002", True),
    ("organisation-hachioji-city", "/org/gov-13201?depth=2", True),
]


@pytest.mark.parametrize(("name", "path", "network"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_cleanly_and_offline(page: Any, app_url: str, name: str, path: str,
                                        network: bool) -> None:
    watch = Watch(page, app_url)
    page.goto(app_url + path)
    if network:
        counts = wait_drawn(page)
        assert counts["nodes"] > 0
    page.wait_for_load_state("networkidle")
    shot(page, name)
    watch.check()


def test_network_draws_the_expected_graph_and_the_role_filter_changes_it(
        page: Any, app_url: str) -> None:
    watch = Watch(page, app_url)
    page.goto(app_url + "/municipality/13112")
    assert wait_drawn(page) == {"nodes": 5, "edges": 6}
    page.click('button[data-only="role"][data-value="publicity"]')
    assert drawn(page) == {"nodes": 2, "edges": 1}
    assert "表示中: 団体 1・取組 1・連携 1" in page.inner_text("#network-counts")
    href = page.get_attribute('a.export[data-format="csv"]', "href")
    assert href == "/network/municipality/13112?role=publicity&format=csv"
    page.click('button[data-all="role"]')
    assert drawn(page) == {"nodes": 5, "edges": 6}
    page.uncheck('input[name="sector"][value="private"]')  # TanoBa合同会社: lead, operation
    assert drawn(page) == {"nodes": 4, "edges": 4}
    page.check('input[name="sector"][value="private"]')
    # the official then opens the one organisation doing publicity
    page.click('button[data-all="role"]')
    page.click('button[data-only="role"][data-value="publicity"]')
    with page.expect_navigation():
        click_node(page, "org:org-631e900651dd1b83")
    assert page.url == app_url + "/org/org-631e900651dd1b83"
    assert page.inner_text("h1") == "野沢2丁目町内会"
    watch.check()


def test_done_when_home_to_hachioji_platform_partners(page: Any, app_url: str) -> None:
    """Home → 東京都 → 八王子市 → the フードバンク八王子 platform → publicity → an organisation.

    The shipped records state no role for any partner of this platform (the casebook
    lists them under 連携先の実施機関 without roles), so the publicity filter shows an
    honest empty view; the official widens it again and opens 八王子市社会福祉協議会.
    """
    watch = Watch(page, app_url)
    page.goto(app_url + "/")
    page.click('a.tile[data-code="13"]')
    page.click('#municipalities a[href="/municipality/13201"]')
    assert wait_drawn(page) == {"nodes": 20, "edges": 19}
    page.click('#programmes a[href="/programme/casebook-000-0389"]')
    assert wait_drawn(page) == {"nodes": 18, "edges": 17}
    colours = page.evaluate("""() => [...new Set(window.tsunagariNetwork.network.body.data.edges
        .get().map(e => e.color.color))].sort()""")
    assert colours == sorted([role_colour("lead"), role_colour("unspecified")])
    shot(page, "flow-hachioji-platform")
    page.click('button[data-only="role"][data-value="publicity"]')
    assert drawn(page) == {"nodes": 1, "edges": 0}  # the programme itself stays
    assert page.is_visible("#network-empty")
    shot(page, "flow-hachioji-publicity")
    page.click('button[data-all="role"]')
    assert drawn(page) == {"nodes": 18, "edges": 17}
    council = page.evaluate("""() => window.tsunagariNetwork.network.body.data.nodes.get()
        .filter(n => n.label === '八王子市社会福祉協議会').map(n => n.id)""")
    assert len(council) == 1
    with page.expect_navigation():
        click_node(page, council[0])
    assert page.inner_text("h1") == "八王子市社会福祉協議会"
    shot(page, "flow-hachioji-council")
    watch.check()


@pytest.fixture(scope="module")
def xss_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.test_pages import xss_records

    store = open_store(f"embedded:{tmp_path_factory.mktemp('xss') / 'graph'}")
    write_graph(store, xss_records(), mode="rebuild")
    try:
        with Server(store) as s:
            yield s.base
    finally:
        store.close()


def test_xss_payload_in_names_executes_nothing(page: Any, xss_url: str) -> None:
    from tests.test_pages import XSS, XSS_TITLE

    watch = Watch(page, xss_url)
    page.goto(xss_url + "/programme/xss-0001")
    assert wait_drawn(page) == {"nodes": 3, "edges": 2}
    assert page.inner_text("#programme-title") == XSS_TITLE
    assert page.locator("img[src=x]").count() == 0
    assert page.locator('main script:not([type="application/json"])').count() == 0
    assert page.locator('main b, main i, main a[href^="javascript"]').count() == 0
    page.hover("#network")  # tooltips are built from the names too
    lead = page.evaluate("""() => window.tsunagariNetwork.network.body.data.nodes.get()
        .filter(n => n.label.startsWith('<img')).map(n => n.id)""")
    pos = page.evaluate("id => window.tsunagariNetwork.positionOf(id)", lead[0])
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert XSS in page.inner_text("div.vis-tooltip")
    shot(page, "xss-programme")
    with page.expect_navigation():
        page.mouse.click(pos["x"], pos["y"])
    assert page.inner_text("h1") == XSS
    page.goto(xss_url + "/municipality/13201")
    wait_drawn(page)
    page.wait_for_timeout(300)
    watch.check()


def scale_records(programmes: int = 500) -> list[Any]:
    """A synthetic 八王子 of 1,500 organisations and 500 programmes (2,000 nodes, 2,000
    edges): the shipped data is far smaller than the views officials of a big city need."""
    from tsunagari.loaders.records import Record

    roles = ["publicity", "venue", "in_kind", "co_organiser", "referral"]
    area = {"text": "八王子市", "prefecture": "東京都", "municipality": "八王子市",
            "code": "13201", "level": "municipality"}
    out = []
    for j in range(programmes):
        out.append(Record.model_validate({
            "id": f"scale-{j:04d}", "title": f"検証用の取組 {j:04d}",
            "lead": {"name": f"検証用団体{j:04d}"}, "areas": [area],
            "partners": [
                {"name": f"検証用団体{programmes + 2 * j:04d}", "roles": [roles[j % 5]]},
                {"name": f"検証用団体{programmes + 2 * j + 1:04d}", "roles": [roles[(j + 1) % 5]]},
                {"name": f"検証用団体{(j + 1) % programmes:04d}", "roles": ["networking"]},
            ],
            "source": {"document": "scale.txt", "line": j + 1, "format": "casebook"},
        }))
    return out


def test_two_thousand_nodes_are_drawn_and_filtered_within_seconds(
        page: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    store = open_store(f"embedded:{tmp_path_factory.mktemp('scale') / 'graph'}")
    try:
        write_graph(store, scale_records(), mode="rebuild")
        with Server(store) as s:
            watch = Watch(page, s.base)
            start = time.monotonic()
            page.goto(s.base + "/municipality/13201")
            assert wait_drawn(page) == {"nodes": 2000, "edges": 2000}
            loaded = time.monotonic() - start
            start = time.monotonic()
            page.click('button[data-only="role"][data-value="publicity"]')
            # publicity: first partner when j % 5 == 0, second when j % 5 == 4: 200 edges,
            # each to its own programme and its own organisation
            assert drawn(page) == {"nodes": 400, "edges": 200}
            filtered = time.monotonic() - start
            page.mouse.wheel(0, -300)  # zooming must not stall the page
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            shot(page, "scale-2000")
            watch.check()
    finally:
        store.close()
    print(f"2,000 nodes: page ready in {loaded:.1f} s, role filter in {filtered:.2f} s")
    assert loaded < 10 and filtered < 2
