"""The association picture in a real browser (Debian's Chromium through Playwright): plotly.js,
served by the app, draws the group at desktop and phone widths under the strict CSP."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, expect

from reinstate.accounts.service import create_account
from reinstate.association.service import add_identifier
from reinstate.auth.actor import Actor
from reinstate.cases.service import open_case
from reinstate.settings import Settings
from reinstate.web import create_app
from reinstate.workbench import Workbench

from .conftest import PASSWORD, World
from .live import serving
from .test_browser import browser  # noqa: F401  (one Chromium for the module)

pytestmark = pytest.mark.browser


@pytest.fixture
def linked(settings: Settings, world: World) -> Iterator[tuple[str, int]]:
    """A served app with a group of four stores: one with an open case, linked strongly,
    by a device and by a network; the address and the store whose page is shown."""
    wb = Workbench.open(settings)  # a system clock: the browser's session runs in real time
    owner = Actor.command_line(world.org_a)
    ids = [
        create_account(wb, owner, {"platform": "joom", "store_name": name}).id
        for name in ("Blue Ocean UK", "Blue Ocean DE", "Red Sun 红日", "Green Leaf")
    ]
    add_identifier(wb, owner, ids[0], "bank_account", "6222 0212 3456 3021", "2026-03-02")
    add_identifier(wb, owner, ids[1], "bank_account", "6222021234563021", "2026-01-10")
    add_identifier(wb, owner, ids[1], "device", "PC-7F3A")
    add_identifier(wb, owner, ids[2], "device", "pc-7f3a")
    add_identifier(wb, owner, ids[2], "ip", "203.0.113.7")
    add_identifier(wb, owner, ids[3], "ip", "203.0.113.9")
    open_case(wb, owner, ids[0], ["related_accounts"])
    try:
        with serving(create_app(settings, workbench=wb)) as address:
            yield address, ids[2]
    finally:
        wb.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_the_group_is_drawn_without_a_csp_error(
    linked: tuple[str, int],
    browser: Browser,  # noqa: F811
    world: World,
    tmp_path: Path,
    width: int,
    height: int,
) -> None:
    address, store = linked
    shots = Path(os.environ.get("REINSTATE_SCREENSHOTS", tmp_path))
    problems: list[str] = []
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
    page = context.new_page()

    def console(message: ConsoleMessage) -> None:
        if "favicon.ico" in message.location.get("url", ""):
            return  # the browser asks for one on its own; no page of ours links it
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{message.text} at {message.location}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(f"{address}/signin")
    page.get_by_label("Email").fill(world.emails["owner"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{address}/accounts/{store}/association")
    picture = page.locator("#association-picture")
    expect(picture.locator("svg.main-svg").first).to_be_visible()
    # one trace per strength present, and the stores as points with their names
    expect(picture.locator("g.scatterlayer g.trace")).to_have_count(4)
    expect(picture.locator("g.scatterlayer")).to_contain_text("Red Sun 红日")
    expect(page.locator(".notice.danger")).to_contain_text("At risk by association")
    box = picture.bounding_box()
    assert box is not None and box["width"] <= width and box["height"] > 200
    # what this page adds fits the screen (the site's header is the layout's business)
    scroll = page.evaluate("document.querySelector('main').scrollWidth")
    assert scroll <= width, f"the content is wider than the screen: {scroll}px"
    page.screenshot(path=str(shots / f"association-{width}.png"), full_page=True)
    context.close()
    assert problems == [], "\n".join(problems)


def test_a_name_or_identifier_written_as_a_link_is_drawn_as_text(
    settings: Settings,
    world: World,
    browser: Browser,  # noqa: F811
) -> None:
    """plotly.js reads tags in the texts it draws: a store named in an intake form or an
    imported file as a link (or an address typed so) was drawn as a live link to that site
    in the picture. It is drawn as the text that was written."""
    wb = Workbench.open(settings)
    owner = Actor.command_line(world.org_a)
    hostile = '<a href="https://phish.example/login">Blue Ocean</a> <b>Shop</b>'
    address = '<a href="https://phish.example/x">Room 501</a>, Futian'
    ids = [
        create_account(wb, owner, {"platform": "joom", "store_name": name}).id
        for name in (hostile, "Red Sun 红日")
    ]
    for store in ids:
        add_identifier(wb, owner, store, "address", address)
    try:
        with serving(create_app(settings, workbench=wb)) as site:
            context = browser.new_context(locale="en-US")
            page = context.new_page()
            page.goto(f"{site}/signin")
            page.get_by_label("Email").fill(world.emails["owner"])
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.goto(f"{site}/accounts/{ids[1]}/association")
            picture = page.locator("#association-picture")
            expect(picture.locator("g.scatterlayer")).to_contain_text("Blue Ocean</a> <b>Shop</b>")
            assert picture.locator("a").count() == 0
            assert picture.locator("text tspan[style*=bold]").count() == 0
            # the link's words, as the reader hovers over it
            tips = page.evaluate(
                "JSON.stringify(document.getElementById('association-picture').data"
                ".map(t => t.text))"
            )
            assert "&lt;a href" in tips and "<a href" not in tips
            context.close()
    finally:
        wb.close()
