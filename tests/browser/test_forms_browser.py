"""The work done in the pages, in a real browser: the secretariat, a body's lead and a member's focal point each
use the forms; two people edit one event at once; French labels and errors; every form page fits a 390 px phone
(tap targets of at least 44 px) and passes axe-core's
serious and critical checks. Screenshots in test-artifacts/.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import icalendar
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from coordination.accounts.enums import Role
from coordination.activities import services as activities
from coordination.bodies import leadership, memberships
from coordination.events import services as events
from coordination.members import services as members
from tests.browser.axe_check import page_problems
from tests.browser.conftest import ARTIFACTS
from tests.browser.engines import ON_SQLITE
from tests.factories import accounts as account_factories

pytestmark = [pytest.mark.browser, pytest.mark.demo]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 900}


async def _signed_in(browser: Browser, base: str, email: str, *, language: str = "en", phone: bool = False) -> Page:
    locale = {"en": "en-GB", "fr": "fr-FR"}[language]
    context: BrowserContext = await browser.new_context(
        locale=locale, viewport=PHONE if phone else DESKTOP, is_mobile=phone
    )
    page = await context.new_page()
    await page.goto(f"{base}/sign-in?lang={language}")
    await page.locator("#email").fill(email)
    await page.locator("#password").fill(account_factories.PASSWORD)
    await page.locator("form button[type=submit]").click()
    await page.wait_for_url(re.compile(r"^(?!.*sign-in).*$"))
    return page


async def _check(page: Page, what: str) -> None:
    """No serious or critical accessibility problem, no tap target under 44 px, and on a phone no page wider than the
    screen."""
    problems = await page_problems(page, what)
    assert problems == [], "\n".join(problems)


async def test_the_secretariat_creates_a_city_a_body_a_term_and_an_event_in_paris_time(
    browser: Browser, demo_server: str
) -> None:
    await account_factories.user(role=Role.secretariat, email="secretariat@example.org", name="Secretariat")
    page = await _signed_in(browser, demo_server, "secretariat@example.org")

    await page.goto(f"{demo_server}/members")
    await page.get_by_role("link", name="Add a member").click()
    await page.get_by_label("Short name in addresses").fill("figeac")
    await page.locator("#name").fill("Ville de Figeac")
    await page.get_by_label("Kind").select_option("city")
    await page.get_by_label("Country").fill("FR")
    await _check(page, "new member form")
    await page.get_by_role("button", name="Create").click()
    await expect(page).to_have_url(f"{demo_server}/members/figeac")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Ville de Figeac")

    await page.goto(f"{demo_server}/bodies")
    await page.get_by_role("link", name="Add a body").click()
    await page.get_by_label("Short name in addresses").fill("water-cities")
    await page.locator("#name").fill("Water and Cities")
    await page.get_by_label("Kind").select_option("working_group")
    spanish = page.locator('[name="translations.es.name"]')
    await expect(spanish).to_be_hidden()  # an empty translation's box starts closed
    await page.locator("#translations-es > summary").click()
    await spanish.fill("Agua y ciudades")
    await _check(page, "new body form with a translation")
    await page.get_by_role("button", name="Create").click()
    await expect(page).to_have_url(f"{demo_server}/bodies/water-cities")
    await page.get_by_role("link", name="Edit", exact=True).first.click()
    await expect(page.locator('[name="translations.es.name"]')).to_have_value("Agua y ciudades")
    await page.goto(f"{demo_server}/bodies/water-cities")

    await page.get_by_role("link", name="Add a leadership term").click()
    await page.locator("#member").fill("figeac")
    await page.locator("#role").select_option("lead")
    await page.locator("#start_date").fill("2026-01-01")
    await _check(page, "new leadership term form")
    await page.get_by_role("button", name="Add").click()
    await expect(page).to_have_url(f"{demo_server}/bodies/water-cities")
    leadership_section = page.get_by_role("region", name="Leadership", exact=True)
    await expect(leadership_section.get_by_role("link", name="Ville de Figeac")).to_be_visible()

    await page.get_by_role("link", name="Add an event").first.click()
    await page.locator("#title").fill("Water summit")
    await page.locator("#kind").select_option("workshop")
    await expect(page.locator("#start_date")).to_be_hidden()  # only the chosen timing's fields are shown
    await page.locator("#start").fill("2026-10-15T09:30")
    await page.locator("#end").fill("2026-10-15T12:00")
    await page.get_by_label("Timezone").fill("Europe/Paris")
    await page.locator("#session-0-title").fill("Opening")
    await page.locator("#session-0-start").fill("2026-10-15T09:30")
    await page.locator("#session-0-end").fill("2026-10-15T10:00")
    await page.locator("#session-1-title").fill("Leaks and meters")
    await page.locator("#session-1-start").fill("2026-10-15T10:30")
    await page.locator("#session-1-end").fill("2026-10-15T12:00")
    await page.get_by_role("button", name="Add a session").click()
    await expect(page.locator("#session-2-title")).to_be_visible()
    await _check(page, "new event form")
    await page.get_by_role("button", name="Create").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Water summit")
    await page.screenshot(path=str(ARTIFACTS / "forms-event-created.png"), full_page=True)

    async with httpx.AsyncClient(timeout=10) as http:
        feed = await http.get(f"{demo_server}/calendars/bodies/water-cities.ics")
    calendar = icalendar.Calendar.from_ical(feed.content)
    summit = next(item for item in calendar.walk("VEVENT") if str(item["SUMMARY"]) == "Water summit")
    # 09:30 in Paris on 15 October 2026 (summer time, UTC+2) is 07:30 UTC.
    assert summit.decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 15, 7, 30, tzinfo=UTC)
    assert summit.decoded("DTEND").astimezone(UTC) == datetime(2026, 10, 15, 10, 0, tzinfo=UTC)
    assert "Leaks and meters" in str(summit["DESCRIPTION"])
    await page.context.close()


@ON_SQLITE
async def test_a_lead_edits_their_bodys_activity_and_not_another_bodys(browser: Browser, demo_server: str) -> None:
    await account_factories.user(role=Role.body_lead, body="digital-cities", email="lead@example.org", name="Lead")
    mine = (await activities.list_activities(body="digital-cities", limit=1)).items[0]
    listed = (await activities.list_activities(limit=500)).items
    theirs = next(item for item in listed if item.body.slug != "digital-cities")
    page = await _signed_in(browser, demo_server, "lead@example.org")
    await page.goto(f"{demo_server}/activities/{mine.id}")
    await page.get_by_role("link", name="Edit", exact=True).click()
    await page.get_by_label("Progress, in percent (0 to 100)").fill("65")
    await page.locator("#status").select_option("ongoing")
    await _check(page, "activity form")
    await page.get_by_role("button", name="Save").click()
    await expect(page).to_have_url(f"{demo_server}/activities/{mine.id}")
    assert (await activities.get_activity(activity_id=mine.id)).progress_percent == 65
    answer = await page.goto(f"{demo_server}/activities/{theirs.id}/edit")
    assert answer is not None
    assert answer.status == 403
    await page.goto(f"{demo_server}/activities/{theirs.id}")
    await expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    await page.context.close()


@ON_SQLITE
async def test_a_focal_point_adds_a_person_to_their_member(browser: Browser, demo_server: str) -> None:
    await account_factories.user(role=Role.focal_point, member="bilbao", email="focal@example.org", name="Focal")
    page = await _signed_in(browser, demo_server, "focal@example.org", phone=True)
    await page.goto(f"{demo_server}/members/bilbao")
    await page.get_by_role("link", name="Add a person").click()
    await page.locator("#name").fill("Ane Zubiaurre")
    await page.get_by_label("Title or role").fill("Open data officer")
    await page.get_by_label("Email address").fill("ane@bilbao.example.org")
    await _check(page, "new person form on a phone")
    await page.get_by_role("button", name="Add").click()
    await expect(page).to_have_url(f"{demo_server}/members/bilbao")
    await expect(page.get_by_text("Ane Zubiaurre")).to_be_visible()
    assert "Ane Zubiaurre" in [person.name for person in (await members.get_member(slug="bilbao")).people]
    await page.context.close()


async def test_two_people_edit_the_same_event_and_the_second_is_told(browser: Browser, demo_server: str) -> None:
    event = (await events.list_events(limit=1)).items[0]
    await account_factories.user(role=Role.secretariat, email="one@example.org", name="One")
    await account_factories.user(role=Role.body_lead, body=event.body.slug, email="two@example.org", name="Two")
    first = await _signed_in(browser, demo_server, "one@example.org")
    second = await _signed_in(browser, demo_server, "two@example.org")
    await first.goto(f"{demo_server}/events/{event.id}/edit")
    await second.goto(f"{demo_server}/events/{event.id}/edit")
    await first.get_by_label("Place").fill("Lyon, Hôtel de Ville")
    await first.get_by_role("button", name="Save").click()
    await expect(first).to_have_url(f"{demo_server}/events/{event.id}")
    await second.get_by_label("Place").fill("Bilbao, Azkuna Zentroa")
    await second.get_by_role("button", name="Save").click()
    await expect(second.get_by_role("alert")).to_contain_text("Someone else changed this since you opened it")
    await expect(second.get_by_role("alert")).to_contain_text("Lyon, Hôtel de Ville")
    await expect(second.get_by_label("Place")).to_have_value("Bilbao, Azkuna Zentroa")
    await _check(second, "stale event form")
    await second.screenshot(path=str(ARTIFACTS / "forms-event-conflict.png"), full_page=True)
    assert (await events.get_event(event_id=event.id)).location == "Lyon, Hôtel de Ville"
    await first.context.close()
    await second.context.close()


@ON_SQLITE
async def test_french_labels_and_errors(browser: Browser, demo_server: str) -> None:
    await account_factories.user(role=Role.secretariat, email="fr@example.org", name="Secrétariat")
    page = await _signed_in(browser, demo_server, "fr@example.org", language="fr", phone=True)
    await page.goto(f"{demo_server}/members/new")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau membre")
    await page.get_by_label("Nom court dans les adresses").fill("Cahors Ville")
    await page.get_by_label("Pays").fill("FR")
    await page.get_by_role("button", name="Créer").click()
    await expect(page.get_by_role("alert")).to_contain_text("Rien n’a été enregistré")
    await expect(page.locator("#slug-error")).to_contain_text("lettres minuscules")
    await expect(page.get_by_label("Nom court dans les adresses")).to_have_value("Cahors Ville")
    await _check(page, "refused member form in French")
    await page.screenshot(path=str(ARTIFACTS / "forms-errors-fr.png"), full_page=True)
    await page.context.close()


@ON_SQLITE
async def test_every_form_page_fits_a_phone_and_passes_axe(browser: Browser, demo_server: str) -> None:
    await account_factories.user(role=Role.secretariat, email="phone@example.org", name="Phone")
    activity = (await activities.list_activities(body="digital-cities", limit=1)).items[0]
    event = (await events.list_events(limit=1)).items[0]
    person = (await members.get_member(slug="bilbao")).people[0]
    term = (await leadership.list_terms(body_slug="digital-cities", limit=1)).items[0]
    membership = (await memberships.list_memberships(body_slug="digital-cities", limit=1)).items[0]
    paths = [
        "/members/new",
        "/members/bilbao/edit",
        "/members/bilbao/delete",
        "/members/bilbao/people/new",
        f"/people/{person.id}/edit",
        f"/people/{person.id}/delete",
        "/bodies/new",
        "/bodies/digital-cities/edit",
        "/bodies/digital-cities/delete",
        "/bodies/digital-cities/history/new",
        "/bodies/digital-cities/memberships/new",
        "/bodies/digital-cities/terms/new",
        f"/leadership-terms/{term.id}/edit",
        f"/leadership-terms/{term.id}/delete",
        f"/memberships/{membership.id}/edit",
        f"/memberships/{membership.id}/delete",
        "/events/new?body=digital-cities",
        f"/events/{event.id}/edit",
        f"/events/{event.id}/delete",
        "/activities/new?body=digital-cities",
        f"/activities/{activity.id}/edit",
        f"/activities/{activity.id}/delete",
        "/network/settings",
        "/priorities/new",
        "/partners",
        "/partners/new",
        "/partners/un-habitat/edit",
        "/partners/un-habitat/delete",
        "/bodies/digital-cities",
        "/members/bilbao",
    ]
    page = await _signed_in(browser, demo_server, "phone@example.org", phone=True)
    wrong: list[str] = []
    for path in paths:
        answer = await page.goto(f"{demo_server}{path}")
        assert answer is not None, path
        assert answer.status == 200, path
        try:
            await _check(page, path)
        except AssertionError as exc:
            wrong.append(str(exc))
    assert wrong == []
    await page.context.close()
