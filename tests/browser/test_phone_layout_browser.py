"""Every kind of page on a 390-pixel phone: the page never scrolls sideways (measured in the browser), the start
page of each demo person, French labels, and the "in French" note on content that has no translation."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from coordination.accounts.demo import DEMO_USERS, load_demo_users
from coordination.events import services as events

pytestmark = [pytest.mark.browser, pytest.mark.demo]

PHONE = {"width": 390, "height": 844}
PASSWORDS = {email: password for email, _name, _grants, password in DEMO_USERS}


async def _phone(browser: Browser, locale: str = "en-GB") -> BrowserContext:
    return await browser.new_context(locale=locale, viewport=PHONE, is_mobile=True, has_touch=True)


async def _sign_in(tab: Page, server: str, email: str) -> None:
    await tab.goto(server + "/sign-in")
    await tab.get_by_label("Email").fill(email)
    await tab.get_by_label("Password").fill(PASSWORDS[email])
    await tab.get_by_role("button", name="Sign in").click()
    await tab.wait_for_url("**/start")


async def _overflow(tab: Page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when nothing scrolls sideways)."""
    return int(await tab.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


async def _small_targets(tab: Page) -> list[str]:
    """Visible header links, buttons, selects and links standing alone (not inside a sentence, which WCAG exempts)
    whose tap area is under 44 px high."""
    return list(
        await tab.evaluate(
            """() => [...document.querySelectorAll('header a, header summary, main a, main button, main select')]
                .filter(e => e.offsetParent !== null && !e.closest('details:not([open]) > :not(summary)'))
                .filter(e => e.tagName !== 'A' || e.closest('header')
                             || e.parentElement.textContent.trim() === e.textContent.trim())
                .filter(e => e.getBoundingClientRect().height < 44)
                .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40))"""
        )
    )


async def test_every_page_type_fits_a_phone(browser: Browser, demo_server: str) -> None:
    await load_demo_users()
    event = (await events.list_events(limit=1)).items[0]
    public = [
        "/",
        "/bodies",
        "/bodies/digital-cities",
        "/members",
        "/members/bilbao",
        "/activities",
        "/partners",
        "/priorities/A",
        "/events",
        "/events?when=past",
        f"/events/{event.id}",
        "/sign-in",
    ]
    signed_in = ["/start", "/account", "/reporting", "/audit", "/users", "/network/settings", "/jobs"]
    context = await _phone(browser)
    tab = await context.new_page()
    try:
        for path in public:
            await tab.goto(demo_server + path)
            assert await _overflow(tab) <= 0, path
            assert await _small_targets(tab) == [], path
        await _sign_in(tab, demo_server, "secretariat@demo.example.org")
        for path in signed_in:
            await tab.goto(demo_server + path)
            assert await _overflow(tab) <= 0, path
        # The header's menu opens and still fits.
        await tab.locator("summary", has_text="Demo Secretariat").click()
        await expect(tab.get_by_role("link", name="Sign out")).to_be_visible()
        assert await _overflow(tab) <= 0
        await tab.screenshot(path="tests/browser/artifacts/phone-start-secretariat.png", full_page=True)
    finally:
        await context.close()


async def test_each_demo_person_lands_on_their_start_page(browser: Browser, demo_server: str) -> None:
    await load_demo_users()
    expected = {
        "secretariat@demo.example.org": "The network's open items",
        "lead@bilbao.demo.example.org": "Your body: Digital Cities Community of Practice",
        "focal@antony.demo.example.org": "Your member: Ville d’Antony",
    }
    for email, heading in expected.items():
        context = await _phone(browser)
        tab = await context.new_page()
        try:
            await _sign_in(tab, demo_server, email)
            await expect(tab.get_by_role("heading", name=heading)).to_be_visible()
            assert await _overflow(tab) <= 0, email
        finally:
            await context.close()
    # The lead may add to their body; the edit links point at the forms' addresses.
    context = await _phone(browser)
    tab = await context.new_page()
    try:
        await _sign_in(tab, demo_server, "lead@bilbao.demo.example.org")
        add = tab.get_by_role("link", name="Add an activity")
        await expect(add).to_have_attribute("href", "/activities/new?body=digital-cities")
    finally:
        await context.close()


async def test_french_labels_and_the_in_french_note(browser: Browser, demo_server: str) -> None:
    context = await _phone(browser, locale="fr-FR")
    tab = await context.new_page()
    try:
        await tab.goto(demo_server + "/bodies/villes-moyennes")
        await expect(tab.locator("html")).to_have_attribute("lang", "fr")
        await expect(tab.get_by_role("link", name="Organes", exact=True)).to_be_visible()
        # Written in French: no note for a French reader.
        heading = tab.get_by_role("heading", level=1)
        await expect(heading).to_have_text("Groupe de travail Villes moyennes intelligentes")
        await tab.goto(demo_server + "/bodies/villes-moyennes?lang=en")
        await expect(heading).to_contain_text("(in French)")
        await expect(heading.locator("span[lang=fr]")).to_have_text("Groupe de travail Villes moyennes intelligentes")
        assert await _overflow(tab) <= 0
    finally:
        await context.close()
