"""A person in a real browser: sign in, add a seller account, switch to Chinese.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against a real uvicorn server
on 127.0.0.1. No browser is downloaded.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright

from reinstate.settings import Settings
from reinstate.web import create_app
from reinstate.workbench import Workbench

from .conftest import PASSWORD, World

CHROMIUM = os.environ.get("REINSTATE_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    # A system clock here: the browser's session must be valid in real time.
    wb = Workbench.open(settings)
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, workbench=wb),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)
    wb.close()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    assert Path(CHROMIUM).exists(), f"Chromium is missing at {CHROMIUM}: run make test"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(locale="en-US")
        yield context.new_page()
        context.close()
        browser.close()


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
