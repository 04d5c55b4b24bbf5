"""The map of Japan, search suggestions and /docs in Debian's chromium, at a desktop and a
phone size: no horizontal overflow, no console error, no request to another host.

Reuses the server and watchers of tests/test_browser.py; screenshots go to
test-output/screenshots/ (paths printed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tsunagari.graph import open_store

from tests.test_browser import SHOTS, Server, Watch, app_url  # noqa: F401 (fixture)
from tests.test_pages import XSS, xss_records
from tsunagari.loading import write_graph

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
FOOD_BANK = "一般社団法人 フードバンク八王子"


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP",
                                  is_mobile=request.param == "phone",
                                  has_touch=request.param == "phone")
    try:
        yield request.param, context.new_page()
    finally:
        context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    print(f"screenshot: {path}")


def overflow(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# A circle whose centre is not covered by another one, to click as a person would.
TOPMOST_CIRCLE = """() => {
  for (const a of document.querySelectorAll('#japan-map a.municipality')) {
    const r = a.querySelector('circle').getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.closest('a') === a) return {href: a.getAttribute('href'), x, y, w: r.width};
  }
  return null;
}"""


def test_japan_map_fits_the_screen_and_a_circle_opens_its_municipality(
        sized: tuple[str, Any], app_url: str) -> None:  # noqa: F811
    size, page = sized
    watch = Watch(page, app_url)
    page.goto(app_url + "/japan")
    page.wait_for_load_state("networkidle")
    assert overflow(page) == 0
    svg = page.locator("#japan-map > svg").bounding_box()
    viewport = page.viewport_size
    assert svg["width"] >= 0.9 * viewport["width"] if size == "phone" else svg["width"] > 600
    assert page.locator("#japan-map a.prefecture").count() == 47
    assert page.locator("#japan-map a.municipality").count() > 0
    shot(page, f"japan-map-{size}")
    target = page.evaluate(TOPMOST_CIRCLE)
    assert target is not None, "every circle is covered by another"
    assert target["w"] >= 6  # visible on a phone too
    hits = page.evaluate("""() => [...document.querySelectorAll('#japan-map .hits circle')]
        .map(c => c.getBoundingClientRect().width)""")
    assert hits and min(hits) >= 24  # tap targets, under the visible circles
    with page.expect_navigation():
        page.mouse.click(target["x"], target["y"])
    assert page.url == app_url + target["href"]
    assert page.locator("h1").inner_text().endswith("の連携マップ")
    watch.check()


def test_prefecture_page_map_opens_hachioji(sized: tuple[str, Any], app_url: str) -> None:  # noqa: F811
    size, page = sized
    watch = Watch(page, app_url)
    page.goto(app_url + "/prefecture/13")
    page.wait_for_load_state("networkidle")
    assert overflow(page) == 0
    hachioji = page.locator('#japan-map a.municipality[href="/municipality/13201"] circle')
    hachioji.scroll_into_view_if_needed()
    shot(page, f"prefecture-map-tokyo-{size}")
    with page.expect_navigation():
        hachioji.click()
    assert page.url == app_url + "/municipality/13201"
    watch.check()


def test_search_box_suggests_as_you_type_with_and_and_kana(
        sized: tuple[str, Any], app_url: str) -> None:  # noqa: F811
    size, page = sized
    watch = Watch(page, app_url)
    page.goto(app_url + "/japan")
    box = page.locator("header.site input[data-complete]")
    assert box.get_attribute("role") == "combobox"
    box.click()
    box.press_sequentially("ふーどばんく　八王子", delay=20)  # hiragana, ideographic space
    listbox = page.locator("header.site ul[role=listbox]")
    listbox.locator("[role=option]").first.wait_for(timeout=5000)
    assert box.get_attribute("aria-expanded") == "true"
    labels = listbox.locator("[role=option] .label").all_inner_texts()
    assert labels == [FOOD_BANK]  # both words, kana folded: only the food bank of 八王子
    shot(page, f"search-suggestions-{size}")
    assert overflow(page) == 0
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == listbox.locator(
        "[role=option]").first.get_attribute("id")
    with page.expect_navigation():
        box.press("Enter")
    assert page.locator("h1").inner_text() == FOOD_BANK
    # the full results page: the same AND search, places with their prefecture
    page.goto(app_url + "/search?q=" + "八王子")
    assert "東京都八王子市" in page.locator("#results-places").inner_text()
    assert overflow(page) == 0
    watch.check()


def test_docs_render_offline(browser: Any, app_url: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        watch = Watch(page, app_url)
        page.goto(app_url + "/docs")
        page.locator(".opblock").first.wait_for(timeout=15000)
        assert page.locator(".opblock-summary-path", has_text="/complete").count() == 1
        page.wait_for_load_state("networkidle")
        shot(page, "docs-offline")
        watch.check()
    finally:
        context.close()


def test_suggestions_show_hostile_names_as_text(browser: Any, tmp_path: Any) -> None:  # noqa: F811
    store = open_store(f"embedded:{tmp_path / 'graph'}")
    try:
        write_graph(store, xss_records(), mode="rebuild")
        with Server(store) as server:
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            watch = Watch(page, server.base)
            page.goto(server.base + "/japan")
            box = page.locator("header.site input[data-complete]")
            box.click()
            box.press_sequentially("img", delay=20)
            option = page.locator("header.site [role=option] .label").first
            option.wait_for(timeout=5000)
            assert option.inner_text() == XSS
            assert page.locator("header.site [role=listbox] img").count() == 0
            watch.check()  # no alert dialog ran
            context.close()
    finally:
        store.close()
