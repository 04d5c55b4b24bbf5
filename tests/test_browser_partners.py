"""The partner finder in a real browser (Debian's chromium via Playwright): pick a role,
type 「世田谷」, see 宗教法人 龍雲寺 first, open its evidence page. Screenshots at a
desktop (1440×900) and a phone (390×844) size go to test-output/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tsunagari.graph import open_store

from tests.suggest_data import load
from tests.test_browser import Server, Watch, shot

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = open_store(f"embedded:{tmp_path_factory.mktemp('partners') / 'graph'}")
    load(store, extra=True)
    try:
        with Server(store) as s:
            yield s.base
    finally:
        store.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_find_a_venue_near_setagaya_and_open_the_evidence(browser: Any, app_url: str, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    page = context.new_page()
    try:
        watch = Watch(page, app_url)
        page.goto(app_url + "/partners")
        page.select_option("#need", "venue")
        page.fill("#area", "世田谷")
        page.click("#finder button[type=submit]")
        page.wait_for_selector("#results li.suggestion")
        names = page.locator("#results li.suggestion > a.name").all_inner_texts()
        assert names[0] == "宗教法人 龍雲寺"
        assert "宗教法人 總持寺" in names and "JAわかやま" not in names
        assert page.locator("#area").input_value() == "東京都世田谷区"
        assert "JAわかやま" in page.locator("#farther").inner_text()
        first = page.locator("#results li.suggestion").first
        assert "世田谷区で会場を提供（タノバ食堂）" in first.inner_text()
        shot(page, f"partners-venue-setagaya-{size}")
        first.locator("a.evidence").first.click()
        page.wait_for_selector("#quote")
        assert page.locator("#quote").inner_text() == "宗教法人 龍雲寺（タノバ食堂の会場提供パートナー）"
        assert page.locator("#document").inner_text() == "「孤独・孤立対策 官民・民民連携の取組事例集」 10行目"
        shot(page, f"evidence-ryuunji-{size}")
        watch.check()
    finally:
        context.close()


def test_an_ambiguous_area_asks_which_one(browser: Any, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="ja-JP")
    page = context.new_page()
    try:
        watch = Watch(page, app_url)
        page.goto(app_url + "/partners?need=volunteering&area=北区")
        page.click("#choices a >> text=東京都北区")
        page.wait_for_selector("#answer")
        assert "ボランティア" in page.locator("#answer h2").inner_text()
        assert page.locator("#why-empty").count() == 1
        shot(page, "partners-empty-kita")
        watch.check()
    finally:
        context.close()
