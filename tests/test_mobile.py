"""Every page at a phone's width (390 px) in a real browser: nothing scrolls sideways, in English
and in Chinese, and the navigation folds behind a menu button that opens it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .conftest import PASSWORD
from .live import serving
from .pages import html_pages
from .test_browser import CHROMIUM, FLAGS
from .test_persona_matrix import Setup

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
# set to a folder to keep a screenshot of every page, for a person to look at
SHOTS = os.environ.get("REINSTATE_SCREENSHOTS")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"Chromium is missing at {CHROMIUM}: run make test"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(site: Setup) -> dict[str, list[str]]:
    """Every HTML page the owner and the client may see: the same in either language."""
    return {persona: html_pages(site, persona) for persona in ("owner", "client")}


def _signed_in(browser: Browser, server: str, email: str, locale: str) -> Page:
    page = browser.new_context(viewport=PHONE, locale=locale).new_page()
    page.goto(f"{server}/signin")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action='/signin'] button[type=submit]").click()
    page.wait_for_load_state()
    return page


# One round trip to the browser per page: how many <main> it has, its width, and when it is too
# wide, the widest elements sticking out (not inside a table or pre, which scroll on their own).
LAYOUT = """limit => {
    const width = document.documentElement.scrollWidth;
    const culprits = width <= limit ? [] : [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > limit + 0.5)
        .filter(e => !e.closest("table, pre"))
        .slice(0, 4)
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
             + ' ' + Math.round(e.getBoundingClientRect().right));
    return {mains: document.querySelectorAll('main').length, width, culprits};
}"""


def _layout(page: Page) -> tuple[int, str]:
    """The number of <main> elements, and '' if the page fits the viewport; else its width and
    the widest elements sticking out."""
    found = page.evaluate(LAYOUT, PHONE["width"])
    problem = f"{found['width']} px: {found['culprits']}" if found["width"] > PHONE["width"] else ""
    return int(found["mains"]), problem


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_no_page_scrolls_sideways_on_a_phone(
    site: Setup, pages: dict[str, list[str]], browser: Browser, locale: str, tmp_path: Path
) -> None:
    world = site.matrix.world
    assert len(pages["owner"]) > 20, pages
    wrong = []
    with serving(site.app) as server:
        for persona, urls in pages.items():
            page = _signed_in(browser, server, world.emails[persona], locale)
            page.on(  # a refused inline style or script, a missing file: on any page
                "console",
                lambda m, p=persona, tab=page: (
                    m.type == "error"
                    and wrong.append(f"{p} {tab.url}: console error {m.text[:160]}")
                ),
            )
            language = "zh_CN" if locale == "zh-CN" else "en"
            page.context.add_cookies([{"name": "reinstate_lang", "value": language, "url": server}])
            for url in urls:
                page.goto(server + url)
                mains, problem = _layout(page)
                assert mains == 1, url
                if problem:
                    wrong.append(f"{persona} {url}: {problem}")
                if problem or SHOTS:
                    name = f"{persona}-{locale}-{url.strip('/').replace('/', '_')}.png"
                    page.screenshot(path=str(Path(SHOTS or tmp_path) / name), full_page=True)
                if SHOTS:  # and as on a laptop, for a person to compare
                    page.set_viewport_size({"width": 1366, "height": 900})
                    page.screenshot(path=f"{SHOTS}/1366-{name}", full_page=True)
                    page.set_viewport_size(PHONE)
            page.context.close()
        page = browser.new_context(viewport=PHONE, locale=locale).new_page()
        for url in ("/signin", "/signup"):  # before signing in
            page.goto(server + url)
            problem = _layout(page)[1]
            if problem:
                wrong.append(f"anonymous {url}: {problem}")
        page.context.close()
    assert wrong == [], "\n".join(wrong)


def test_the_menu_folds_on_a_phone_and_opens_with_its_button(site: Setup, browser: Browser) -> None:
    world = site.matrix.world
    with serving(site.app) as server:
        page = _signed_in(browser, server, world.emails["owner"], "en-US")
        page.goto(f"{server}/cases")
        nav = page.locator("header nav")
        expect(nav).to_be_hidden()
        page.get_by_role("button", name="Menu").click()
        expect(nav).to_be_visible()
        page.get_by_role("link", name="Notices").click()
        expect(page).to_have_url(f"{server}/notices")
        expect(page.locator("header nav")).to_be_hidden()
        page.set_viewport_size({"width": 1366, "height": 900})
        expect(page.locator("header nav")).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        page.context.close()
