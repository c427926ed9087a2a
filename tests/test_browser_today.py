"""A person in a real browser: lands on Today after sign-in, follows a line to the case, is
asked to confirm before marking it submitted with materials missing, and reads the account
hub. Screenshots at 1366 px wide (kept in REINSTATE_SHOTS when set)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reinstate.cases.service import open_case
from reinstate.clock import FrozenClock
from reinstate.notices.service import store_notice
from reinstate.workbench import Workbench

from .conftest import PASSWORD, World
from .persona_world import NOTICE
from .test_browser import browser, page, server  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.browser


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("REINSTATE_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_day_starts_on_today_and_each_line_leads_to_its_fix(
    server: str,  # noqa: F811
    page: Page,  # noqa: F811
    world: World,
    wb: Workbench,
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    clock.set(datetime.now(UTC))  # the server runs on the real clock
    owner = world.actor(wb, "owner")
    # the day after tomorrow: ends 40 to 64 hours from now whatever the hour (tomorrow's end
    # in the platform's zone is under a day away in the evening, UTC, and it is then 'Act now')
    due = (datetime.now(UTC) + timedelta(days=2)).date()
    case = open_case(wb, owner, world.account_a, ["counterfeit"], deadline=due).id
    store_notice(wb, owner, world.account_a, NOTICE.read_bytes(), NOTICE.name)
    shots = _shots(tmp_path)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(f"{server}/")
    page.get_by_label("Email").fill(world.emails["owner"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    deadlines = page.locator("#today-deadlines")
    expect(deadlines).to_contain_text(f"Case #{case} of Blue Ocean Home: the appeal is due")
    expect(page.locator("#today-materials")).to_contain_text("Brand authorisation (missing)")
    expect(page.locator("#today-notices")).to_contain_text("New notice for Blue Ocean Home")
    page.screenshot(path=str(shots / "today-en.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the lines wrap
    widths = page.locator(".today-item").evaluate_all("items => items.map(i => i.scrollWidth)")
    assert widths and max(widths) <= 390, widths
    page.screenshot(path=str(shots / "today-390.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_role("heading", name="今日待办")).to_be_visible()
    expect(page.locator("#today-deadlines")).to_contain_text("申诉即将到期")
    page.screenshot(path=str(shots / "today-zh.png"), full_page=True)
    page.get_by_role("button", name="English").click()

    deadlines.get_by_role("link").first.click()
    expect(page).to_have_url(f"{server}/cases/{case}")
    page.get_by_role("button", name="Submitted", exact=True).click()
    confirm = page.locator("#confirm-missing")
    expect(confirm).to_contain_text("Brand authorisation")
    page.screenshot(path=str(shots / "submit-confirm.png"), full_page=True)
    confirm.get_by_label("Mark it submitted without them").check()
    page.get_by_role("button", name="Submitted", exact=True).click()
    expect(page).to_have_url(f"{server}/cases/{case}")
    expect(page.locator("#confirm-missing")).to_have_count(0)

    # two files dropped on the upload form are posted together, each with its line
    page.evaluate(
        """() => {
        const data = new DataTransfer();
        for (const name of ["one.txt", "two.txt"]) {
            data.items.add(new File(["not a pdf " + name], name, {type: "text/plain"}));
        }
        const zone = document.getElementById("dropzone");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
    }"""
    )
    files = page.locator("#dropzone input[type=file]")
    assert files.evaluate("input => input.files.length") == 2
    page.get_by_role("button", name="Upload").click()
    report = page.locator("#upload-report")
    expect(report).to_contain_text("one.txt: stored")
    expect(report).to_contain_text("two.txt: stored")
    page.screenshot(path=str(shots / "upload-report.png"), full_page=True)

    page.goto(f"{server}/accounts/{world.account_a}")
    expect(page.locator("#open-cases")).to_contain_text(f"#{case}")
    expect(page.locator("#hub")).to_contain_text("Blue Ocean Home")
    page.screenshot(path=str(shots / "account-hub.png"), full_page=True)
    page.get_by_role("link", name="All seller accounts").count()  # only on Today
    page.goto(f"{server}/today")
    page.get_by_role("link", name="All seller accounts (2)").click()
    expect(page.get_by_role("heading", name="Seller accounts")).to_be_visible()
