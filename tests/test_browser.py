"""A person in a real browser: sign in, add a seller account, switch to Chinese.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against a real uvicorn server
on 127.0.0.1. No browser is downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from reinstate.settings import Settings
from reinstate.web import create_app
from reinstate.workbench import Workbench

from .conftest import PASSWORD, World
from .live import serving

CHROMIUM = os.environ.get("REINSTATE_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.browser


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    # A system clock here: the browser's session must be valid in real time.
    wb = Workbench.open(settings)
    try:
        with serving(create_app(settings, workbench=wb)) as address:
            yield address
    finally:
        wb.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for a module's tests; each test browses in a new context of its own (no
    cookies, storage or cache of another test)."""
    assert Path(CHROMIUM).exists(), f"Chromium is missing at {CHROMIUM}: run make test"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-US")
    yield context.new_page()
    context.close()


def test_it_signs_in_adds_an_account_and_switches_to_chinese(
    server: str, page: Page, world: World, tmp_path: Path
) -> None:
    page.goto(f"{server}/accounts")
    expect(page).to_have_url(f"{server}/signin?next=%2Faccounts")
    page.get_by_label("Email").fill(world.emails["teammate"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Seller accounts")).to_be_visible()

    page.get_by_role("link", name="Add a seller account").click()
    page.get_by_label("Platform").select_option("shopee")
    page.get_by_label("Store name").fill("blueocean.ph")
    page.get_by_label("Marketplace / site").fill("PH")
    page.get_by_label("Legal representative's ID number").fill("11010519491231002X")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="blueocean.ph")).to_be_visible()
    expect(page.locator("#business-profile")).to_contain_text("110***********002X")
    expect(page.locator("body")).not_to_contain_text("11010519491231002X")
    page.screenshot(path=str(tmp_path / "account-en.png"), full_page=True)

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("link", name="店铺", exact=True)).to_be_visible()
    expect(page.locator("#business-profile")).to_contain_text("法定代表人身份证号码")
    expect(page.get_by_role("heading", name="blueocean.ph")).to_be_visible()
    page.screenshot(path=str(tmp_path / "account-zh.png"), full_page=True)

    # the choice is kept: the account list is Chinese too
    page.goto(f"{server}/accounts")
    expect(page.get_by_role("heading", name="店铺")).to_be_visible()
    expect(page.get_by_role("link", name="blueocean.ph")).to_be_visible()


def test_the_letter_and_its_review_follow_what_the_agent_types(
    server: str, page: Page, world: World, wb: Workbench, tmp_path: Path
) -> None:
    from .test_letter_cases import notice_case

    case = notice_case(wb, world)
    page.goto(f"{server}/signin?next=/cases/{case}/letter")
    page.get_by_label("Email").fill(world.emails["teammate"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Appeal letter · Blue Ocean Home")).to_be_visible()
    expect(page.locator("#letter-problems")).to_contain_text("No root cause")

    page.get_by_role("button", name="+ Goods bought from an unverified supplier").click()
    expect(page.get_by_label("Root causes, one per line")).to_have_value(
        "Goods bought from an unverified supplier"
    )
    page.get_by_label("Root causes, one per line").fill(
        "Two phone-case models came from a wholesaler the brand had not authorised"
    )
    page.get_by_label("Action", exact=True).first.fill(
        "Removed SKU JOOM-12345 and JOOM-67890 from sale"
    )
    page.get_by_label("Exhibit").first.fill("B")
    page.get_by_label("Page").first.fill("9")
    expect(page.locator("#letter-problems")).to_contain_text("Exhibit B has no page 9")
    page.get_by_label("Page").first.fill("4")
    page.get_by_label("Measure (the mechanism)").first.fill(
        "Brand authorisation is checked before any listing goes live"
    )
    page.get_by_label("Owner").first.fill("purchasing lead")
    expect(page.locator("#letter-score")).to_have_text("100")
    expect(page.locator("#letter-clean")).to_be_visible()
    expect(page.locator("#letter-text")).to_contain_text(
        "Removed SKU JOOM-12345 and JOOM-67890 from sale (see Exhibit B, p. 4)"
    )
    page.screenshot(path=str(tmp_path / "letter.png"), full_page=True)
    # what was written is not saved yet: the page says so, and leaving it asks first
    expect(page.locator("#letter-unsaved")).to_be_visible()
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))  # stay
    page.locator("#site-nav").get_by_role("link", name="Today").click(no_wait_after=True)
    expect(page.get_by_role("heading", name="Appeal letter · Blue Ocean Home")).to_be_visible()
    assert asked == ["beforeunload"]
    expect(page.get_by_label("Owner").first).to_have_value("purchasing lead")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Saved as version 1.")).to_be_visible()
    expect(page.locator("#letter-unsaved")).to_be_hidden()
