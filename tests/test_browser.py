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

from tests.conftest import CHROMIUM
from tsunagari.loading import write_graph

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

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
    # one line per partner and programme: TanoBa leads and operates, the 町内会 does
    # publicity and networking, each on one line
    assert wait_drawn(page) == {"nodes": 5, "edges": 4}
    page.click('button[data-only="role"][data-value="publicity"]')
    assert drawn(page) == {"nodes": 2, "edges": 1}
    assert "表示中: 1 団体・取組 1 件・連携 1 本" in page.inner_text("#network-counts")
    href = page.get_attribute('a.export[data-format="csv"]', "href")
    assert href == "/network/municipality/13112?role=publicity&format=csv"
    assert page.url == app_url + "/municipality/13112?role=publicity"
    page.click('button[data-all="role"]')
    assert drawn(page) == {"nodes": 5, "edges": 4}
    assert page.url == app_url + "/municipality/13112"
    page.uncheck('input[name="sector"][value="private"]')  # TanoBa合同会社: lead, operation
    assert drawn(page) == {"nodes": 4, "edges": 3}
    page.check('input[name="sector"][value="private"]')
    # the official then inspects the one organisation doing publicity, and opens its page
    page.click('button[data-all="role"]')
    page.click('button[data-only="role"][data-value="publicity"]')
    click_node(page, "org:org-631e900651dd1b83")
    assert page.is_visible("#inspector")
    assert page.inner_text("#inspector-title") == "野沢2丁目町内会"
    assert page.url == app_url + "/municipality/13112?role=publicity"  # still on the map
    with page.expect_navigation():
        page.click("#inspector a.open-page")
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
    council = page.evaluate("() => window.tsunagariNetwork.idsNamed('八王子市社会福祉協議会')")
    assert len(council) == 1
    click_node(page, council[0])
    assert page.inner_text("#inspector-title") == "八王子市社会福祉協議会"
    with page.expect_navigation():
        page.click("#inspector a.open-page")
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
    lead = page.evaluate(f"() => window.tsunagariNetwork.idsNamed({XSS!r})")
    pos = page.evaluate("id => window.tsunagariNetwork.positionOf(id)", lead[0])
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert XSS in page.inner_text("div.vis-tooltip")
    shot(page, "xss-programme")
    page.mouse.click(pos["x"], pos["y"])
    assert page.inner_text("#inspector-title") == XSS
    assert XSS_TITLE in page.inner_text("#inspector-body")
    assert page.locator("img[src=x]").count() == 0
    page.click('label:has(input[name="view"][value="organisations"])')
    wait_drawn(page)
    page.click("#node-list-box summary")
    page.click(f'#node-list button:has-text("{XSS[:8]}")')
    assert page.inner_text("#inspector-title") == XSS
    assert page.locator("img[src=x], main b, main i").count() == 0
    with page.expect_navigation():
        page.click("#inspector a.open-page")
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


def test_two_thousand_nodes_are_drawn_and_filtered(
        page: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    store = open_store(f"embedded:{tmp_path_factory.mktemp('scale') / 'graph'}")
    try:
        write_graph(store, scale_records(), mode="rebuild")
        with Server(store) as s:
            watch = Watch(page, s.base)
            start = time.monotonic()
            # the map draws the first AREA_DRAW_STEP programmes unless asked for more
            page.goto(s.base + "/municipality/13201?draw=500")
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
    # A figure, not a limit: the machine's load decides wall-clock times (see benchmarks/).
    print(f"2,000 nodes: page ready in {loaded:.1f} s, role filter in {filtered:.2f} s")


# -- two screen sizes: an office screen and a phone ------------------------------------

SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=sorted(SIZES))
def sized(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    context = browser.new_context(viewport=SIZES[request.param], locale="ja-JP",
                                  device_scale_factor=1)
    pg = context.new_page()
    try:
        yield request.param, pg
    finally:
        context.close()


# Every visible control must be at least 24 × 24 CSS px (WCAG 2.2, 2.5.8).
SMALL_TARGETS = """() => [...document.querySelectorAll(
      'button, summary, .opt label, fieldset.views label, a.tile, header.site a, input[type=search]')]
    .filter(e => e.offsetParent !== null)
    .map(e => [e.textContent.trim().slice(0, 20), e.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
    .map(([t, r]) => `${t}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""


@pytest.mark.parametrize(("name", "path", "network"), PAGES, ids=[p[0] for p in PAGES])
def test_page_fits_the_screen(sized: tuple[str, Any], app_url: str, name: str, path: str,
                              network: bool) -> None:
    size, page = sized
    watch = Watch(page, app_url)
    page.goto(app_url + path)
    if network:
        wait_drawn(page)
    page.wait_for_load_state("networkidle")
    shot(page, f"{size}-{name}")
    width = SIZES[size]["width"]
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= width
    assert page.evaluate("() => innerWidth") == width
    # the search button reads 検索 on one line, never 検／索
    for button in page.locator("form.search button").all():
        if button.is_visible():
            lines = button.evaluate("b => { const r = document.createRange(); r.selectNodeContents(b); "
                                    "return r.getClientRects().length; }")
            assert lines == 1
    assert page.evaluate(SMALL_TARGETS) == []
    if network:
        canvas = page.locator("#network canvas").bounding_box()
        assert canvas is not None
        if size == "phone":
            assert canvas["width"] >= 0.9 * width
            assert not page.is_visible("#network-panel")  # folded into the drawer
            assert page.is_visible("#filters-toggle")
        else:
            assert page.is_visible("#network-panel")
            assert not page.is_visible("#filters-toggle")
    watch.check()


def test_the_filter_drawer_on_a_phone(browser: Any, app_url: str) -> None:
    context = browser.new_context(viewport=SIZES["phone"], locale="ja-JP")
    page = context.new_page()
    try:
        watch = Watch(page, app_url)
        page.goto(app_url + "/municipality/13112")
        wait_drawn(page)
        assert page.get_attribute("#filters-toggle", "aria-expanded") == "false"
        page.click("#filters-toggle")
        page.wait_for_selector("#network-panel", state="visible")
        page.wait_for_function("() => document.getElementById('network-panel').getBoundingClientRect().x >= 0")
        assert page.get_attribute("#filters-toggle", "aria-expanded") == "true"
        box = page.locator("#network-panel").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.click('button[data-only="role"][data-value="venue"]')
        assert drawn(page) == {"nodes": 2, "edges": 1}
        shot(page, "phone-drawer-open")
        page.click("#filters-close")
        page.wait_for_selector("#network-panel", state="hidden")
        assert page.evaluate("() => document.activeElement.id") == "filters-toggle"
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 390
        # the inspector is a sheet over the bottom of the screen
        page.locator("#network").scroll_into_view_if_needed()
        click_node(page, "org:org-11d0df7d4cb83552")  # 宗教法人 龍雲寺, the venue
        sheet = page.locator("#inspector").bounding_box()
        assert sheet is not None and sheet["x"] >= 0 and sheet["x"] + sheet["width"] <= 390
        assert sheet["y"] + sheet["height"] <= 844 + 1
        assert page.inner_text("#inspector-title") == "宗教法人 龍雲寺"
        body = page.inner_text("#inspector-body")
        # the role, the source line and the sentence it quotes
        assert "会場提供" in body and "「孤独・孤立対策 官民・民民連携の取組事例集」 10行目" in body
        assert "000_db7cee502450179d.txt" not in body  # a title for the reader, not a file name
        assert "宗教法人 龍雲寺(タノバ食堂の会場提供パートナー)" in body  # in 「」 (CSS quotes)
        shot(page, "phone-inspector")
        watch.check()
    finally:
        context.close()


def overlaps(labels: list[dict[str, float]]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                    and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]):
                out.append((a["text"], b["text"]))
    return out


def test_tokyo_opens_fitted_with_readable_labels_that_never_overlap(
        sized: tuple[str, Any], app_url: str) -> None:
    size, page = sized
    watch = Watch(page, app_url)
    page.goto(app_url + "/prefecture/13")
    counts = wait_drawn(page)
    labels = page.evaluate("() => window.tsunagariNetwork.labels")
    node_labels = [lb for lb in labels if not lb.get("edge")]
    # readable at load: a real font size, and a good share of the 100-odd names shown
    assert all(lb["size"] >= 12 for lb in labels)
    assert len(node_labels) >= min(20, counts["nodes"]) // (2 if size == "phone" else 1)
    assert overlaps(labels) == []
    # fitted: every drawn node is inside the canvas
    box = page.locator("#network").bounding_box()
    outside = page.evaluate("""([w, h]) => { const t = window.tsunagariNetwork;
        return t.nodes.filter(id => { const p = t.network.canvasToDOM(t.network.getPositions([id])[id]);
            return p.x < 0 || p.y < 0 || p.x > w || p.y > h; }).length; }""",
                            [box["width"], box["height"]])
    assert outside == 0
    # zooming in shows more names, still without overlaps
    page.evaluate("() => { const n = window.tsunagariNetwork.network; n.moveTo({scale: n.getScale() * 2.5}); }")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    zoomed = page.evaluate("() => window.tsunagariNetwork.labels")
    assert overlaps(zoomed) == []
    shot(page, f"{size}-tokyo-zoomed")
    watch.check()


def test_hachioji_organisation_view_inspector_filter_and_reload(page: Any, app_url: str) -> None:
    """The issue's flow: 八王子市 → organisation-to-organisation view → a click opens the
    inspector → filter to 広報 → reload keeps the filter (and the view)."""
    watch = Watch(page, app_url)
    page.goto(app_url + "/municipality/13201")
    bipartite = wait_drawn(page)
    page.click('label:has(input[name="view"][value="organisations"])')
    assert page.url == app_url + "/municipality/13201?view=organisations"
    view = wait_drawn(page)
    types = page.evaluate("""() => [...new Set(window.tsunagariNetwork.nodes.map(id => id.split(':')[0]))]""")
    assert types == ["org"]
    assert view["nodes"] < bipartite["nodes"] and view["edges"] > 0
    # the platform's 16 partners all meet フードバンク八王子 and each other: the lead is
    # joined to every one of them
    bank = page.evaluate("() => window.tsunagariNetwork.idsNamed('一般社団法人 フードバンク八王子')")
    assert len(bank) == 1
    degree = page.evaluate("id => window.tsunagariNetwork.network.getConnectedNodes(id).length", bank[0])
    assert degree == view["nodes"] - 1
    council = page.evaluate("() => window.tsunagariNetwork.idsNamed('八王子市社会福祉協議会')")[0]
    click_node(page, council)
    assert page.is_visible("#inspector")
    assert page.inner_text("#inspector-title") == "八王子市社会福祉協議会"
    body = page.inner_text("#inspector-body")
    assert "連携先" in body and "一般社団法人 フードバンク八王子" in body and "出典" in body
    assert page.get_attribute("#inspector a.open-page", "href") == "/org/" + council.removeprefix("org:")
    shot(page, "flow-hachioji-organisations-inspector")
    page.click('button[data-only="role"][data-value="publicity"]')
    assert page.url == app_url + "/municipality/13201?role=publicity&view=organisations"
    after = drawn(page)
    page.reload()
    wait_drawn(page)
    assert drawn(page) == after
    assert page.is_checked('input[name="view"][value="organisations"]')
    ticked = page.evaluate("""() => [...document.querySelectorAll('input[name=role]:checked')]
        .map(i => i.value)""")
    assert ticked == ["publicity"]
    assert "役割: 広報・周知" in page.inner_text("#network-filters")
    csv = page.get_attribute('a.export[data-format="csv"]', "href")
    assert csv == "/network/municipality/13201?role=publicity&view=organisations&format=csv"
    watch.check()


def test_keyboard_users_reach_the_inspector_through_the_list(page: Any, app_url: str) -> None:
    watch = Watch(page, app_url)
    page.goto(app_url + "/programme/casebook-000-0002")
    counts = wait_drawn(page)
    page.focus("#node-list-box summary")
    page.keyboard.press("Enter")
    buttons = page.locator("#node-list button")
    assert buttons.count() == counts["nodes"]
    buttons.first.focus()
    name = buttons.first.evaluate("b => b.firstChild.textContent")
    page.keyboard.press("Enter")
    assert page.inner_text("#inspector-title") == name
    assert page.evaluate("() => document.activeElement.id") == "inspector"
    page.keyboard.press("Escape")
    assert not page.is_visible("#inspector")
    assert page.evaluate("() => document.activeElement.dataset.node") is not None
    watch.check()


def test_the_organisation_page_keeps_filters_across_depths(page: Any, app_url: str) -> None:
    watch = Watch(page, app_url)
    page.goto(app_url + "/org/gov-13201")
    wait_drawn(page)
    page.click('label:has(input[name="view"][value="organisations"])')
    wait_drawn(page)
    page.uncheck('input[name="sector"][value="private"]')
    href = page.get_attribute("#depth-2", "href")
    with page.expect_navigation():
        page.click("#depth-2")
    assert page.url == app_url + href
    assert "depth=2" in href and "view=organisations" in href and "sector=" in href
    wait_drawn(page)
    assert page.is_checked('input[name="view"][value="organisations"]')
    assert not page.is_checked('input[name="sector"][value="private"]')
    assert page.inner_text(".depth strong") == "2段階"
    watch.check()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_png_export_carries_title_legend_filters_and_source(page: Any, app_url: str) -> None:
    watch = Watch(page, app_url)
    page.goto(app_url + "/municipality/13112")
    wait_drawn(page)
    page.click('button[data-only="role"][data-value="venue"]')
    with page.expect_download() as info:
        page.click("#export-png")
    data = Path(info.value.path()).read_bytes()
    width, height = png_size(data)
    canvas = page.evaluate("() => { const c = document.querySelector('#network canvas'); return [c.width, c.height]; }")
    assert width == canvas[0] and height > canvas[1] + 80  # room above and below the map
    # ink where the title, the filter line, the legend and the source line are written
    rows = page.evaluate("""() => { const c = window.tsunagariNetwork.pngOfView();
        const ctx = c.getContext('2d'); const map = document.querySelector('#network canvas').height;
        const inked = (y0, y1) => { const d = ctx.getImageData(0, y0, c.width, y1 - y0).data;
            for (let i = 0; i < d.length; i += 4) { if (d[i] < 128 && d[i + 1] < 128) { return true; } }
            return false; };
        return { title: inked(10, 40), filters: inked(40, 76), below: inked(c.height - 60, c.height) }; }""")
    assert rows == {"title": True, "filters": True, "below": True}
    assert "役割: 会場提供" in page.inner_text("#network-filters")
    watch.check()


def test_print_shows_the_map_and_the_lists_without_controls(page: Any, app_url: str) -> None:
    watch = Watch(page, app_url)
    page.goto(app_url + "/municipality/13201")
    wait_drawn(page)
    page.emulate_media(media="print")
    assert not page.is_visible("header.site form.search")
    assert not page.is_visible(".exports")
    assert not page.is_visible("button.only >> nth=0")
    assert page.is_visible("#network canvas")
    assert page.is_visible("#partners-by-role")
    assert page.is_visible("#filter-roles")  # the legend prints
    watch.check()
