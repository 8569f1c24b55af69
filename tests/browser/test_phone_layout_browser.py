"""Every kind of page on a 390-pixel phone, as each demo person who can open it: the page never scrolls sideways
(measured in the browser), its tap targets are at least 44 px high, axe-core finds no serious or critical problem; the
start page of each demo person, French labels, and the "in French" note on content that has no translation."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from coordination.accounts import invitations
from coordination.accounts import services as accounts
from coordination.accounts.demo import DEMO_USERS, load_demo_users
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant, InvitationCreate
from coordination.activities import services as activities
from coordination.annual_report import services as annual_reports
from coordination.bodies import history
from coordination.bodies import services as bodies
from coordination.core.settings import Settings
from coordination.events import services as events
from coordination.reporting import services as reporting
from coordination.reporting.enums import SlotState
from coordination.reporting.rules import Scope
from tests.browser.axe_check import page_problems
from tests.browser.engines import ON_SQLITE

pytestmark = [pytest.mark.browser, pytest.mark.demo, ON_SQLITE]

PHONE = {"width": 390, "height": 844}
PASSWORDS = {email: password for email, _name, _grants, password in DEMO_USERS}
EVERYTHING = Scope(everything=True, body_ids=frozenset(), member_ids=frozenset())


async def _phone(browser: Browser, locale: str = "en-GB") -> BrowserContext:
    return await browser.new_context(locale=locale, viewport=PHONE, is_mobile=True, has_touch=True)


async def _sign_in(tab: Page, server: str, email: str) -> None:
    await tab.goto(server + "/sign-in")
    await tab.get_by_label("Email").fill(email)
    await tab.get_by_label("Password").fill(PASSWORDS[email])
    await tab.get_by_role("button", name="Sign in").click()
    await tab.wait_for_url("**/start")


async def _overflow(tab: Page) -> int:
    """How many CSS pixels the document is wider than the phone's screen (0 when nothing scrolls sideways).

    Measured against the screen, not ``innerWidth``: a mobile browser widens its layout viewport to a page that is
    too wide (and zooms out), so ``innerWidth`` grows with the page and hides the overflow."""
    return int(await tab.evaluate("document.documentElement.scrollWidth")) - PHONE["width"]


async def _every_page_type() -> dict[str | None, list[tuple[str, int]]]:
    """Per demo person (None: signed out), one page of each type they can open, and the status it answers with."""
    event = (await events.list_events(limit=1)).items[0]
    activity = (await activities.list_activities(body="digital-cities", limit=1)).items[0]
    past_name = history.past_namings(await history.chain(body_id=await bodies.body_id(slug="digital-cities")))[0]
    lead = await accounts.find_user(email="lead@bilbao.demo.example.org")
    assert lead is not None
    slots = (await reporting.list_slots(scope=EVERYTHING, period="2020", limit=100)).items
    approved = next(slot for slot in slots if slot.reporter.slug == "digital-cities")
    submitted = next(slot for slot in slots if slot.state == SlotState.submitted)
    antony = next(slot for slot in slots if slot.reporter.slug == "antony")
    campaign = "/maturity/campaigns/digital-maturity-2020"
    return {
        None: [
            ("/", 200),
            ("/bodies", 200),
            ("/bodies/digital-cities", 200),
            ("/members", 200),
            ("/members/bilbao", 200),
            ("/members?lang=fr", 200),  # the longest kind names of the filter's select
            ("/activities", 200),
            (f"/activities/{activity.id}", 200),
            ("/partners", 200),
            ("/priorities/A", 200),
            ("/events", 200),
            ("/events?when=past", 200),
            ("/events?when=all", 200),
            (f"/events/{event.id}", 200),
            ("/sign-in", 200),
            ("/password-reset", 200),
            ("/password-reset/no-such-link", 404),
            ("/no-such-page", 404),
        ],
        "secretariat@demo.example.org": [
            ("/start", 200),
            ("/account", 200),
            ("/account/tokens", 200),
            ("/account/feeds", 200),
            ("/users", 200),
            (f"/users/{lead.id}", 200),
            ("/outbox", 200),
            ("/audit", 200),
            ("/jobs", 200),
            ("/network/settings", 200),
            ("/priorities/new", 200),
            ("/priorities/A/edit", 200),
            ("/priorities/A/delete", 200),
            (f"/bodies/digital-cities/history/{past_name.id}/delete", 200),
            ("/reporting", 200),
            ("/reporting/periods/new", 200),
            ("/reporting/periods/2020", 200),
            ("/reporting/completeness", 200),
            (f"/reporting/slots/{submitted.id}", 200),
            (f"/reporting/slots/{submitted.id}/review", 200),
            (f"/reporting/slots/{approved.id}/versions", 200),
            ("/annual-report", 200),
            ("/annual-report/2020", 200),
            ("/annual-report/2020/edit", 200),
            ("/annual-report/2020/preview", 200),
            ("/maturity", 200),
            ("/maturity/frameworks", 200),
            ("/maturity/campaigns/new", 200),
            (campaign, 200),
            (f"{campaign}/members/grand-poitiers", 200),
            ("/maturity/members/grand-poitiers", 200),
            ("/import", 200),
            ("/import/members", 200),
        ],
        "lead@bilbao.demo.example.org": [
            ("/start", 200),
            ("/reporting", 200),
            (f"/reporting/slots/{approved.id}", 200),
            ("/maturity", 200),
            (campaign, 200),
            (f"{campaign}/members/bilbao", 200),
            (f"{campaign}/members/bilbao/themes/users", 200),
            ("/maturity/members/bilbao", 200),
            ("/import/activities", 200),
        ],
        "focal@antony.demo.example.org": [
            ("/start", 200),
            ("/account", 200),
            ("/reporting", 200),
            (f"/reporting/slots/{antony.id}", 200),
            (f"{campaign}/members/antony", 200),
            ("/users", 403),
        ],
    }


# Each demo person's start page: its heading.
START_HEADINGS = {
    "secretariat@demo.example.org": "The network's open items",
    "lead@bilbao.demo.example.org": "Your body: Digital Cities Community of Practice",
    "focal@antony.demo.example.org": "Your member: Ville d’Antony",
}


# axe-core takes about half a second a page; like this module's other tests, the walk runs on SQLite only (engines.py).
async def test_every_page_type_for_every_demo_person_on_a_phone(
    browser: Browser, demo_server: str, settings: Settings
) -> None:
    """Each page type, opened on a 390 px phone by the demo people who can see it: no serious or critical axe-core
    violation, no sideways scrolling, no tap target under 44 px; one line per problem, naming the page and the
    elements. Each person lands on their own start page."""
    await load_demo_users()
    await annual_reports.start_draft(year=2020)
    table = await _every_page_type()
    # A pending invitation and a password reset link, for the pages their mailed links open.
    cahors = [Grant(role=Role.focal_point, member="cahors")]
    invited = InvitationCreate(email="new@cahors.example.org", assignments=cahors)
    _invitation, invitation_link = await invitations.create_invitation(data=invited, settings=settings)
    reset_link = await invitations.request_password_reset(email="focal@antony.demo.example.org", settings=settings)
    assert reset_link is not None
    table[None] += [(urlsplit(invitation_link).path, 200), (urlsplit(reset_link).path, 200)]
    wrong: list[str] = []
    for email, pages in table.items():
        context = await _phone(browser)
        tab = await context.new_page()
        try:
            if email is not None:
                await _sign_in(tab, demo_server, email)
                await expect(tab.get_by_role("heading", name=START_HEADINGS[email])).to_be_visible()
            for path, status in pages:
                answer = await tab.goto(demo_server + path)
                what = f"{path} ({email or 'signed out'})"
                assert answer is not None, what
                if answer.status != status:
                    wrong.append(f"{what}: answered {answer.status}, not {status}")
                wrong += await page_problems(tab, what)
            if email == "lead@bilbao.demo.example.org":
                # The lead may add to their body; the edit links point at the forms' addresses.
                await tab.goto(demo_server + "/start")
                add = tab.get_by_role("link", name="Add an activity")
                await expect(add).to_have_attribute("href", "/activities/new?body=digital-cities")
            if email == "secretariat@demo.example.org":
                # The header's menu opens and still fits.
                await tab.goto(demo_server + "/start")
                await tab.locator("summary", has_text="Demo Secretariat").click()
                await expect(tab.get_by_role("link", name="Sign out")).to_be_visible()
                wrong += await page_problems(tab, "/start with the account menu open")
                await tab.screenshot(path="tests/browser/artifacts/phone-start-secretariat.png", full_page=True)
        finally:
            await context.close()
    assert wrong == [], "\n".join(wrong)


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
