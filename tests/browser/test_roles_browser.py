"""On a phone, in French: the secretariat gives Bilbao's lead a second role and revokes it; the person's account
page lists both roles. Screenshots in test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant
from tests.browser.conftest import ARTIFACTS
from tests.browser.engines import ON_SQLITE
from tests.factories import accounts as account_factories

pytestmark = [pytest.mark.browser, pytest.mark.demo, ON_SQLITE]

PHONE = {"width": 390, "height": 844}


async def _fits_the_screen(page: Page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px screen"


async def _sign_in(page: Page, base: str, email: str) -> None:
    await page.goto(f"{base}/sign-in?lang=fr")
    await page.get_by_label("Courriel").fill(email)
    await page.get_by_label("Mot de passe").fill(account_factories.PASSWORD)
    await page.get_by_role("button", name="Se connecter").click()


async def test_the_secretariat_gives_and_revokes_a_second_role_on_a_phone(browser: Browser, demo_server: str) -> None:
    await account_factories.user(role=Role.secretariat, email="secretariat@example.org", name="Secrétariat")
    lead = await account_factories.user(
        role=Role.body_lead, body="digital-cities", email="leire@bilbao.example.org", name="Leire"
    )
    context = await browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True)
    page = await context.new_page()
    try:
        await _sign_in(page, demo_server, "secretariat@example.org")
        await page.goto(f"{demo_server}/users")
        await _fits_the_screen(page)
        await page.get_by_role("link", name="leire@bilbao.example.org").click()
        await expect(page).to_have_url(re.compile(rf"/users/{lead.id}$"))
        await expect(page.get_by_role("heading", level=1)).to_have_text("Leire")
        await page.get_by_label("Rôle", exact=True).select_option(label="Point focal de membre")
        await page.get_by_label("Membre (pour un point focal de membre)").select_option(label="Bilbao")
        await page.get_by_role("button", name="Attribuer le rôle").click()
        await expect(page.get_by_role("status")).to_have_text("Le rôle a été attribué.")
        await expect(page.get_by_text("Point focal de Bilbao")).to_be_visible()
        await expect(page.get_by_text("Chef de file de Digital Cities")).to_be_visible()
        await _fits_the_screen(page)
        await page.screenshot(path=str(ARTIFACTS / "roles-phone-fr-given.png"), full_page=True)
        await page.get_by_role("button", name="Révoquer : Point focal de Bilbao").click()
        await expect(page.get_by_role("status")).to_have_text("Le rôle a été révoqué : il ne compte plus.")
        await expect(page.get_by_role("button", name="Révoquer : Point focal de Bilbao")).to_have_count(0)
        await expect(page.get_by_role("button", name="Révoquer : Chef de file de Digital Cities")).to_be_visible()
        await page.screenshot(path=str(ARTIFACTS / "roles-phone-fr-revoked.png"), full_page=True)
    finally:
        await context.close()


async def test_a_person_with_two_roles_sees_both_on_their_account_page_on_a_phone(
    browser: Browser, demo_server: str
) -> None:
    await account_factories.user(
        email="leire@bilbao.example.org",
        name="Leire",
        assignments=[Grant(role=Role.body_lead, body="digital-cities"), Grant(role=Role.focal_point, member="bilbao")],
    )
    context = await browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True)
    page = await context.new_page()
    try:
        await _sign_in(page, demo_server, "leire@bilbao.example.org")
        await page.goto(f"{demo_server}/account")
        await expect(page.get_by_text("Chef de file de Digital Cities")).to_be_visible()
        await expect(page.get_by_text("Point focal de Bilbao")).to_be_visible()
        await expect(page.get_by_role("heading", level=2, name="Votre organe : Digital Cities")).to_be_visible()
        await expect(page.get_by_role("heading", level=2, name="Votre membre : Bilbao")).to_be_visible()
        await _fits_the_screen(page)
        await page.screenshot(path=str(ARTIFACTS / "account-two-roles-phone-fr.png"), full_page=True)
    finally:
        await context.close()
