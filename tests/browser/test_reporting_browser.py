"""Progress reporting in real browsers: the whole flow (a lead on a phone, the secretariat on a laptop), a stale
save from a second browser, and text typed while offline that reaches the server when the connection returns."""

from __future__ import annotations

import re
from datetime import date, timedelta

import msgspec
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from coordination.accounts.enums import Role
from coordination.activities import services as activities
from coordination.reporting import services as reporting
from coordination.reporting.rules import Scope
from coordination.reporting.schemas import PeriodCreate
from tests.browser.axe_check import page_problems
from tests.browser.conftest import ARTIFACTS
from tests.browser.engines import ON_SQLITE
from tests.factories import accounts as account_factories

pytestmark = [pytest.mark.browser, pytest.mark.demo]

LEAD = "lead@bilbao.example.org"
SECRETARIAT = "secretariat@example.org"
PHONE = {"width": 390, "height": 844}
EVERYTHING = Scope(everything=True, body_ids=frozenset(), member_ids=frozenset())


async def _current_period_slot() -> tuple[str, int]:
    """This year's period, due in the future (so a report sent now is on time), and Digital Cities' slot in it."""
    year = date.today().year
    due = date(year, 12, 31) + timedelta(days=30)
    period = await reporting.create_period(
        data=msgspec.convert({"kind": "year", "year": year, "due_date": due.isoformat(), "grace_days": 7}, PeriodCreate)
    )
    listed = await reporting.list_slots(scope=EVERYTHING, period=period.slug, body="digital-cities")
    return period.slug, listed.items[0].id


async def _people() -> None:
    await account_factories.user(role=Role.body_lead, body="digital-cities", email=LEAD, name="Ane (lead)")
    await account_factories.user(role=Role.secretariat, email=SECRETARIAT, name="Secretariat")


async def _signed_in(browser: Browser, server: str, email: str, *, phone: bool = False) -> tuple[BrowserContext, Page]:
    viewport = PHONE if phone else {"width": 1200, "height": 900}
    context = await browser.new_context(locale="en-GB", viewport=viewport, is_mobile=phone, has_touch=phone)
    tab = await context.new_page()
    await tab.goto(server + "/sign-in")
    await tab.get_by_label("Email").fill(email)
    await tab.get_by_label("Password").fill(account_factories.PASSWORD)
    await tab.get_by_role("button", name="Sign in").click()
    await expect(tab.get_by_role("link", name="Start", exact=True)).to_be_visible()
    return context, tab


def _activity(tab: Page, title: str):  # type: ignore[no-untyped-def]
    return tab.locator("fieldset.entry").filter(has_text=title)


async def _check(tab: Page, what: str) -> None:
    """No sideways scrolling, tap targets of at least 44 px, no serious or critical axe-core violation."""
    problems = await page_problems(tab, what)
    assert problems == [], "\n".join(problems)


@ON_SQLITE
async def test_the_whole_flow_from_a_phone_to_approval(browser: Browser, demo_server: str) -> None:
    await _people()
    period, slot = await _current_period_slot()
    year = date.today().year
    promotion = next(
        a
        for a in (await activities.list_activities(body="digital-cities", limit=50)).items
        if a.title.startswith("Promotion and dissemination")
    )
    assert promotion.progress_percent == 60  # as the demo's approved 2020 report left it

    lead_context, lead = await _signed_in(browser, demo_server, LEAD, phone=True)
    secretariat_context, secretariat = await _signed_in(browser, demo_server, SECRETARIAT)
    try:
        # The lead, on a phone, sees what they owe and opens the report, pre-filled from the network's data.
        await lead.goto(demo_server + "/account")
        await expect(lead.get_by_role("heading", name="Progress reports you owe")).to_be_visible()
        await lead.get_by_role("link", name=f"Digital Cities Community of Practice — {year}").click()
        await expect(lead.get_by_role("heading", level=1)).to_contain_text("Progress report")
        await _check(lead, "the report form on a phone")
        entry = _activity(lead, "Promotion and dissemination of the Smart Cities Study")
        await expect(entry.get_by_label("Percent done")).to_have_value("60")
        await entry.get_by_label("Percent done").fill("80")
        await entry.get_by_label("What happened in the period").fill("Presented at three international forums.")
        await lead.get_by_label("Title", exact=True).first.fill("Smart Cities Study")
        await lead.get_by_label("Summary (at most two paragraphs)").first.fill("The study reached 40 cities.")
        await expect(lead.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)
        await lead.screenshot(path=str(ARTIFACTS / "reporting-lead-phone-form.png"), full_page=True)
        await lead.get_by_role("button", name="Save and submit to the secretariat").click()
        await expect(lead.locator("p.notice")).to_contain_text("Your report is submitted")

        # The secretariat sees it awaiting review, and returns it with a reason.
        await secretariat.goto(demo_server + "/account")
        awaiting = secretariat.locator(
            "section", has=secretariat.get_by_role("heading", name="Reports awaiting review")
        )
        await awaiting.get_by_role("link", name=f"Digital Cities Community of Practice — {year}").click()
        await secretariat.get_by_role("link", name="Review this submission beside the previous one").click()
        await secretariat.get_by_label("Reason for returning it (the reporter will read this)").fill(
            "Please say which forums."
        )
        await secretariat.get_by_role("button", name="Return with this reason").click()
        await expect(secretariat.locator("p.notice")).to_contain_text("returned to its reporter")

        # The lead sees the reason on their start page and on the report, edits and resubmits.
        await lead.goto(demo_server + "/account")
        await expect(lead.get_by_text("Returned: Please say which forums.")).to_be_visible()
        await lead.get_by_role("link", name=f"Digital Cities Community of Practice — {year}").click()
        await expect(lead.get_by_role("alert")).to_contain_text("Returned by the secretariat: Please say which forums.")
        await _check(lead, "the returned report on a phone")
        entry = _activity(lead, "Promotion and dissemination of the Smart Cities Study")
        await entry.get_by_label("Percent done").fill("90")
        await entry.get_by_label("What happened in the period").fill(
            "Presented at the Uraía forum, the Smart City Expo and the UCLG Congress."
        )
        await lead.get_by_role("button", name="Save and submit to the secretariat").click()
        await expect(lead.locator("p.notice")).to_contain_text("Your report is submitted")
        await _check(lead, "the resubmitted report on a phone")

        # The secretariat reviews the resubmission beside the first one and approves it.
        await secretariat.goto(f"{demo_server}/reporting/slots/{slot}/review")
        changes = secretariat.get_by_role("table")
        await expect(changes).to_contain_text("Version 1 beside version 2")
        changed = changes.locator("tr.changed", has_text="Percent done")
        await expect(changed).to_contain_text("80 %")
        await expect(changed).to_contain_text("90 %")
        await _check(secretariat, "the review of a resubmission")
        await secretariat.screenshot(path=str(ARTIFACTS / "reporting-review.png"), full_page=True)
        await secretariat.get_by_role("button", name="Approve").click()
        await expect(secretariat.locator("p.notice")).to_contain_text("The report is approved")

        # Completeness: approved and on time.
        await secretariat.goto(demo_server + "/reporting/completeness")
        row = secretariat.get_by_role("row", name=re.compile(r"^Digital Cities Community of Practice"))
        cells = row.get_by_role("cell")
        await expect(cells.last).to_contain_text("Approved")
        await expect(cells.last).to_contain_text("On time")
        await secretariat.screenshot(path=str(ARTIFACTS / "reporting-completeness.png"), full_page=True)

        # The body's page shows the approved progress.
        await lead.goto(demo_server + "/bodies/digital-cities")
        line = lead.get_by_role("row", name=re.compile(r"Promotion and dissemination of the Smart Cities Study"))
        await expect(line).to_contain_text("90")
        await expect(lead.get_by_text(f"Progress as approved in the report for {year}")).to_be_visible()
    finally:
        await lead_context.close()
        await secretariat_context.close()
    assert (await activities.get_activity(activity_id=promotion.id)).progress_percent == 90
    assert period == str(year)


async def test_a_stale_save_from_a_second_browser_overwrites_nothing(browser: Browser, demo_server: str) -> None:
    await _people()
    _, slot = await _current_period_slot()
    first_context, first = await _signed_in(browser, demo_server, LEAD)
    second_context, second = await _signed_in(browser, demo_server, SECRETARIAT)
    try:
        await first.goto(f"{demo_server}/reporting/slots/{slot}")
        await second.goto(f"{demo_server}/reporting/slots/{slot}")
        await first.get_by_label("Anything else about leadership").fill("Written in the first browser.")
        await expect(first.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)

        await second.get_by_label("Anything else about leadership").fill("Written in the second browser.")
        await expect(second.locator("#save-status")).to_contain_text("Someone else saved this report", timeout=15_000)
        await second.screenshot(path=str(ARTIFACTS / "reporting-stale-save.png"), full_page=True)
        report = await reporting.get_report(slot_id=slot)
        assert report.content.leadership_note == "Written in the first browser."

        # Reloading shows the other person's text; the second browser still has its own, unsent, to put back.
        await second.reload()
        await expect(second.get_by_label("Anything else about leadership")).to_have_value(
            "Written in the first browser."
        )
        await expect(second.get_by_role("button", name="Put my unsent text back")).to_be_visible()
        await _check(second, "the report after a stale save")
    finally:
        await first_context.close()
        await second_context.close()


@ON_SQLITE
async def test_text_typed_offline_is_kept_and_sent_when_the_connection_returns(
    browser: Browser, demo_server: str
) -> None:
    await _people()
    _, slot = await _current_period_slot()
    context, tab = await _signed_in(browser, demo_server, LEAD, phone=True)
    try:
        await tab.goto(f"{demo_server}/reporting/slots/{slot}")
        await context.set_offline(True)
        await tab.get_by_label("Anything else about leadership").fill("Typed on the train, without a connection.")
        await expect(tab.locator("#save-status")).to_contain_text("no connection", timeout=15_000)
        # The tab is closed before the connection returns: the text waits in this browser's storage.
        await tab.close()
        assert (await reporting.get_report(slot_id=slot)).saved is False

        await context.set_offline(False)
        again = await context.new_page()
        await again.goto(f"{demo_server}/reporting/slots/{slot}")
        await expect(again.get_by_label("Anything else about leadership")).to_have_value(
            "Typed on the train, without a connection."
        )
        await expect(again.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)
        assert (await reporting.get_report(slot_id=slot)).content.leadership_note == (
            "Typed on the train, without a connection."
        )
    finally:
        await context.close()
