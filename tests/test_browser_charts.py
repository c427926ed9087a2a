"""Metric charts and the API docs in a real browser, offline: plotly.js and Swagger UI come from
the app itself, draw under the page's Content-Security-Policy without a console error, and the
charts speak the reader's language."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from reinstate.i18n import gettext_for

from .conftest import PASSWORD
from .live import serving
from .test_mobile import SHOTS, _signed_in, browser  # noqa: F401  (fixtures)
from .test_persona_matrix import Setup

DESK = {"width": 1366, "height": 900}


def _offline(page: Page, server: str, problems: list[str]) -> None:
    """Anything not from the app fails, and every console error or CSP refusal is kept."""
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(server) else route.abort(),
    )
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            where = message.location
            problems.append(f"console {message.type}: {message.text} at {where}")

    page.on("console", console)
    page.add_init_script(  # names the script and column that broke the CSP
        "document.addEventListener('securitypolicyviolation', e => console.warn('CSP', "
        "e.violatedDirective, e.sourceFile, e.lineNumber, e.columnNumber))"
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))


def test_the_metric_charts_have_axes_dates_values_and_the_target(
    site: Setup,
    browser: Browser,  # noqa: F811
) -> None:
    world = site.matrix.world
    with serving(site.app) as server:
        page = _signed_in(browser, server, world.emails["owner"], "en-US")
        problems: list[str] = []
        _offline(page, server, problems)
        page.set_viewport_size(DESK)
        page.goto(f"{server}/accounts/{world.account_a}/metrics")
        chart = page.locator("figure.chart").first
        expect(chart.locator(".main-svg").first).to_be_visible()
        # a dated x axis, a y axis in percent, the legend names the rate and the target
        ticks = chart.locator(".xtick text").all_text_contents()
        assert ticks and all(t[:2].isdigit() and "-" in t for t in ticks), ticks
        assert any(t.endswith("%") for t in chart.locator(".ytick text").all_text_contents())
        expect(chart.locator(".legend")).to_contain_text("Target line")
        expect(chart.locator(".legend")).to_contain_text("Rate")
        expect(chart.locator(".ytitle")).to_have_text("Rate (%)")
        # hovering the line shows a day's date and value
        box = chart.locator(".nsewdrag").first.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] * 0.97, box["y"] + box["height"] / 2)
        for step in range(1, 40):  # along the plot's right edge until a point answers
            if page.locator(".hoverlayer .hovertext").count():
                break
            page.mouse.move(box["x"] + box["width"] * 0.97, box["y"] + box["height"] * step / 40)
        expect(page.locator(".hoverlayer .hovertext").first).to_contain_text("2026-11-")
        expect(page.locator(".hoverlayer .hovertext").first).to_contain_text("%")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/chart-en.png", full_page=True)

        page.context.add_cookies([{"name": "reinstate_lang", "value": "zh_CN", "url": server}])
        page.goto(f"{server}/accounts/{world.account_a}/metrics")
        chart = page.locator("figure.chart").first
        zh = gettext_for("zh_CN")
        expect(chart.locator(".legend")).to_contain_text(zh("Target line"))
        expect(chart.locator(".ytitle")).to_have_text(zh("Rate (%)"))
        assert zh("Rate (%)") != "Rate (%)"
        if SHOTS:
            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path=f"{SHOTS}/chart-zh-390.png", full_page=True)
        assert problems == [], "\n".join(problems)
        page.context.close()


def test_the_api_docs_render_offline(site: Setup, browser: Browser) -> None:  # noqa: F811
    with serving(site.app) as server:
        page = browser.new_context(viewport=DESK).new_page()
        problems: list[str] = []
        _offline(page, server, problems)
        page.goto(f"{server}/docs")
        # Swagger UI builds the page from the whole schema in the browser: on a loaded
        # machine that takes longer than expect's five seconds
        title = page.locator(".swagger-ui .info .title")
        expect(title).to_contain_text("Reinstate", timeout=30_000)
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        assert page.locator(".opblock").count() > 30
        assert problems == [], "\n".join(problems)
        page.context.close()


def test_the_first_sign_in_takes_the_browsers_time_zone(
    site: Setup,
    browser: Browser,  # noqa: F811
) -> None:
    world = site.matrix.world
    with serving(site.app) as server:
        context = browser.new_context(viewport=DESK, timezone_id="Asia/Kathmandu")
        page = context.new_page()
        page.goto(f"{server}/signin")
        page.get_by_label("Email").fill(world.emails["viewer"])
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{server}/settings")
        # Chromium names it by the tz database's older alias, Asia/Katmandu: both are zones
        expect(page.get_by_label("My time zone")).to_have_value(re.compile(r"Asia/Kath?mandu"))
        expect(page.locator("#time-zone")).to_contain_text("UTC+5:45")
        page.goto(f"{server}/activity")
        expect(page.locator("main time").first).to_contain_text("UTC+5:45")
        context.close()
