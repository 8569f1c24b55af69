"""A person opens the home page, switches to French and follows a link to the Digital Cities body."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.engines import ON_SQLITE

pytestmark = [pytest.mark.browser, pytest.mark.demo, ON_SQLITE]


async def test_home_page_switch_to_french_and_follow_link_to_digital_cities(page: Page, demo_server: str) -> None:
    await page.goto(demo_server + "/")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("United Cities and Local Governments")

    await page.get_by_role("link", name="Français").click()
    await expect(page.locator("html")).to_have_attribute("lang", "fr")
    await expect(page.get_by_role("link", name="Organes", exact=True)).to_be_visible()

    await page.get_by_role("link", name="Digital Cities Community of Practice").first.click()
    await expect(page).to_have_url(re.compile(r"/bodies/digital-cities$"))
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Digital Cities Community of Practice")
    # Still French without ?lang=: the switch was remembered.
    await expect(page.locator("html")).to_have_attribute("lang", "fr")
    await expect(page.get_by_text("Communauté de pratique").first).to_be_visible()
    await expect(page.get_by_text("Bilbao").first).to_be_visible()


async def test_keyboard_reaches_the_language_switch_and_skip_link(page: Page, demo_server: str) -> None:
    await page.goto(demo_server + "/")
    await page.keyboard.press("Tab")
    focused = page.locator(":focus")
    await expect(focused).to_have_attribute("href", "#content")
    await expect(focused).to_be_visible()
