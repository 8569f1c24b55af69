"""Digital maturity in a real browser: a focal point fills in their city's self-assessment on a phone, theme by
theme, and submits it; the secretariat, on a laptop, sees it counted in the network's distribution."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from coordination.accounts.enums import Role
from tests.browser.axe_check import page_problems
from tests.browser.conftest import ARTIFACTS
from tests.browser.engines import ON_SQLITE
from tests.factories import accounts as account_factories

pytestmark = [pytest.mark.browser, pytest.mark.demo, ON_SQLITE]

FOCAL = "focal@cahors.example.org"
SECRETARIAT = "secretariat@example.org"
PHONE = {"width": 390, "height": 844}
CAMPAIGN = "/maturity/campaigns/digital-maturity-2020"


async def _signed_in(browser: Browser, server: str, email: str, *, phone: bool = False) -> tuple[BrowserContext, Page]:
    viewport = PHONE if phone else {"width": 1200, "height": 900}
    context = await browser.new_context(locale="en-GB", viewport=viewport, is_mobile=phone, has_touch=phone)
    tab = await context.new_page()
    await tab.goto(server + "/sign-in")
    await tab.get_by_label("Email").fill(email)
    await tab.get_by_label("Password").fill(account_factories.PASSWORD)
    await tab.get_by_role("button", name="Sign in").click()
    # Signed in: the start page ("Sign out" waits in the header's menu under the person's name).
    await tab.wait_for_url("**/start")
    return context, tab


async def _fits_the_phone(tab: Page) -> None:
    width = await tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"


async def _check(tab: Page, what: str) -> None:
    """No sideways scrolling, tap targets of at least 44 px, no serious or critical axe-core violation."""
    problems = await page_problems(tab, what)
    assert problems == [], "\n".join(problems)


async def test_a_focal_point_fills_in_on_a_phone_and_the_secretariat_sees_it_counted(
    browser: Browser, demo_server: str
) -> None:
    await account_factories.user(role=Role.focal_point, member="cahors", email=FOCAL, name="Cahors (focal)")
    await account_factories.user(role=Role.secretariat, email=SECRETARIAT, name="Secretariat")
    focal_context, focal = await _signed_in(browser, demo_server, FOCAL, phone=True)
    secretariat_context, secretariat = await _signed_in(browser, demo_server, SECRETARIAT)
    try:
        # Before: the five DataCités 2 territories; "Relationship with users" has 2 members at level 3.
        await secretariat.goto(demo_server + CAMPAIGN)
        await expect(secretariat.locator("#participation")).to_contain_text("5 members submitted")
        users_row = secretariat.locator('#distribution tr[data-theme="users"] td')
        await expect(users_row.nth(2)).to_have_text("2")

        await focal.goto(demo_server + "/maturity")
        await focal.get_by_role("link", name="Cahors · Digital maturity 2020 (DataCités 2)").click()
        await expect(focal.get_by_role("heading", level=1)).to_have_text("Cahors")
        await _check(focal, "an assessment not started")
        await focal.get_by_role("link", name="Answer — Relationship with users").click()
        for number in range(1, 8):
            await expect(focal.get_by_text(f"Theme {number} of 7")).to_be_visible()
            await focal.get_by_label("3. Structuring (demo)").check()
            await focal.get_by_label("Why this level (a short justification)").fill(
                f"Self-assessed in a workshop ({number})"
            )
            await _fits_the_phone(focal)
            if number == 1:
                await _check(focal, "a theme, answered")
                await focal.screenshot(path=str(ARTIFACTS / "maturity-question-phone.png"), full_page=True)
            last = number == 7
            button = "Save and see all answers" if last else "Save and go to the next theme"
            await focal.get_by_role("button", name=button).click()
            await expect(focal.get_by_text("Saved as a draft.")).to_be_visible()
        await expect(focal.get_by_text("Level 3").first).to_be_visible()
        await focal.get_by_role("button", name="Submit the assessment").click()
        await expect(focal.get_by_text("Submitted: the secretariat can see it.")).to_be_visible()
        await _check(focal, "a submitted assessment")
        await focal.screenshot(path=str(ARTIFACTS / "maturity-submitted-phone.png"), full_page=True)

        # After: six members, and Cahors' level 3 counted in every theme's distribution.
        await secretariat.reload()
        await expect(secretariat.locator("#participation")).to_contain_text("6 members submitted")
        await expect(users_row.nth(2)).to_have_text("3")
        await expect(secretariat.locator("#members")).to_contain_text("Cahors")
        await secretariat.screenshot(path=str(ARTIFACTS / "maturity-network.png"), full_page=True)
    finally:
        await focal_context.close()
        await secretariat_context.close()
