"""On a phone, the secretariat drafts the 2020 report, writes its introduction, freezes edition 1; an activity
changes; edition 1 still reads as it was frozen, and edition 2 can be frozen from the new data."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from coordination.accounts.enums import Role
from coordination.activities import services as activities
from tests.browser.axe_check import page_problems
from tests.browser.conftest import ARTIFACTS
from tests.browser.engines import ON_SQLITE
from tests.factories import accounts as account_factories

pytestmark = [pytest.mark.browser, pytest.mark.demo, ON_SQLITE]

SECRETARIAT = "secretariat@example.org"
INTRODUCTION = "2020 was the year the third Smart Cities Study went out to the world."
PROMOTION = "Promotion and dissemination of the Smart Cities Study"


@pytest.fixture
async def phone(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield await context.new_page()
    await context.close()


async def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"annual-report-{name}.png"), full_page=True)


async def _check(page: Page, what: str) -> None:
    """No sideways scrolling on the 390 px phone, tap targets of at least 44 px, no serious or critical axe-core
    violation."""
    problems = await page_problems(page, what)
    assert problems == [], "\n".join(problems)


async def test_secretariat_freezes_an_edition_that_later_data_does_not_change(phone: Page, demo_server: str) -> None:
    secretariat = await account_factories.user(role=Role.secretariat, email=SECRETARIAT, name="Secretariat")
    token = await account_factories.api_token(user_id=secretariat.id)
    page = phone

    await page.goto(demo_server + "/annual-report")
    await page.get_by_label("Email").fill(SECRETARIAT)
    await page.get_by_label("Password").fill(account_factories.PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Annual reports")

    # Draft the 2020 report.
    await page.get_by_label("Year").fill("2020")
    await page.get_by_role("button", name="Start the report").click()
    await expect(page).to_have_url(re.compile(r"/annual-report/2020\?done=started$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Annual report 2020")
    await _check(page, "the year's report, just started")

    # Write the introduction.
    await page.get_by_role("link", name="Edit the introduction and summaries").click()
    await page.get_by_label("Introduction", exact=True).fill(INTRODUCTION)
    await page.get_by_role("button", name="Save").click()
    await expect(page.get_by_role("status")).to_have_text("Your changes are saved.")

    # Preview it: the report as the PDF will show it.
    await page.get_by_role("link", name="Preview").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Annual report 2020")
    await expect(page.get_by_text(INTRODUCTION)).to_be_visible()
    await _shot(page, "preview")
    await page.get_by_role("link", name="Back to the 2020 report").click()

    # Freeze edition 1.
    await page.get_by_role("button", name="Freeze edition 1").click()
    await expect(page.get_by_role("status")).to_contain_text("Edition 1 is frozen.")
    await expect(page.get_by_text("Nothing has changed since edition 1.")).to_be_visible()
    await expect(page.get_by_role("button", name=re.compile("Freeze edition"))).to_have_count(0)
    await _check(page, "the year's report with edition 1 frozen")
    await _shot(page, "frozen")

    # An activity changes (a script of the secretariat's, through the API).
    listed = await activities.list_activities(body="digital-cities")
    promotion = next(activity for activity in listed.items if activity.title == PROMOTION)
    async with httpx.AsyncClient(base_url=demo_server, headers=account_factories.bearer(token)) as api:
        changed = await api.patch(
            f"/api/v1/activities/{promotion.id}",
            json={"revision": promotion.revision, "status": "completed", "progress_percent": 100},
        )
        assert changed.status_code == 200, changed.text

    # The page says the report now reads differently, and offers edition 2.
    await page.reload()
    await expect(page.get_by_text("The report reads differently from edition 1")).to_be_visible()
    await expect(page.get_by_role("button", name="Freeze edition 2")).to_be_visible()

    # Edition 1 still reads as it was frozen.
    edition_1 = page.get_by_role("region", name="Edition 1")
    await edition_1.get_by_role("row", name=re.compile("English")).get_by_role("link", name="Web page").click()
    await expect(page.get_by_text(re.compile(r"Edition 1, frozen on"))).to_be_visible()
    await expect(page.get_by_text(INTRODUCTION)).to_be_visible()
    frozen_activity = page.locator("article.activity", has_text=PROMOTION)
    await expect(frozen_activity.locator("dd").nth(1)).to_have_text("Ongoing")
    # 60%: what Digital Cities' approved 2020 report (the demo's) set it to.
    await expect(frozen_activity.locator("dd").nth(2)).to_have_text("60%")
    await _check(page, "edition 1's web page")
    await _shot(page, "edition-1")

    # Edition 2 is frozen from the new data.
    await page.go_back()
    await page.get_by_role("button", name="Freeze edition 2").click()
    await expect(page.get_by_role("status")).to_contain_text("Edition 2 is frozen.")
    edition_2 = page.get_by_role("region", name="Edition 2")
    await edition_2.get_by_role("row", name=re.compile("English")).get_by_role("link", name="Web page").click()
    changed_activity = page.locator("article.activity", has_text=PROMOTION)
    await expect(changed_activity.locator("dd").nth(1)).to_have_text("Completed")
    await expect(changed_activity.locator("dd").nth(2)).to_have_text("100%")
