"""The secretariat invites Antony's focal point from the Users page; the focal point follows the mailed link,
sets a password, signs in and sees their member, and nothing that is not theirs.

The server sends its mail to a real SMTP sink (``mailbox``, in tests/conftest.py)
named by the environment, as in production.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from playwright.async_api import Browser, Page, expect

from coordination.accounts.enums import Role
from tests.browser.conftest import ARTIFACTS
from tests.browser.engines import ON_SQLITE
from tests.conftest import Mailbox
from tests.factories import accounts as account_factories

pytestmark = [pytest.mark.browser, pytest.mark.demo, ON_SQLITE]

SECRETARIAT = "secretariat@example.org"
FOCAL_POINT = "focal@antony.example.org"
NEW_PASSWORD = "une phrase de passe assez longue"
_LINK = re.compile(r"https?://\S+/invitations/\S+")


@pytest.fixture
def server_env(mailbox: Mailbox) -> dict[str, str]:
    return {
        "COORDINATION_SMTP_HOST": "127.0.0.1",
        "COORDINATION_SMTP_PORT": str(mailbox.port),
        "COORDINATION_SMTP_FROM": SECRETARIAT,
    }


async def _mailed_link(mailbox: Mailbox, address: str) -> str:
    for _ in range(50):  # the mail is sent while the page answers; give the sink a moment
        if mailbox.to(address):
            break
        await asyncio.sleep(0.1)
    [message] = mailbox.to(address)
    found = _LINK.search(Mailbox.text(message))
    assert found is not None, Mailbox.text(message)
    return found.group(0)


async def _sign_in(page: Page, email: str, password: str) -> None:
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()


async def test_secretariat_invites_a_focal_point_who_signs_in_and_sees_their_member(
    page: Page, browser: Browser, demo_server: str, mailbox: Mailbox
) -> None:
    await account_factories.user(role=Role.secretariat, email=SECRETARIAT, name="Secretariat")

    # The secretariat signs in and invites Antony's focal point from the Users page.
    await page.goto(demo_server + "/sign-in")
    await _sign_in(page, SECRETARIAT, account_factories.PASSWORD)
    await page.get_by_role("link", name="Users").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    await page.get_by_label("Email").fill(FOCAL_POINT)
    await page.get_by_label("Name", exact=True).fill("Jean Dupont")
    await page.get_by_label("Focal point of (a member)").select_option(label="Ville d’Antony")
    await page.get_by_role("button", name="Send the invitation").click()
    await expect(page.get_by_role("status")).to_contain_text(
        f"{FOCAL_POINT} is invited; the invitation mail is on its way."
    )
    await expect(page.get_by_text(f"{FOCAL_POINT} — Focal point of Ville d’Antony")).to_be_visible()

    link = await _mailed_link(mailbox, FOCAL_POINT)
    assert link.startswith(demo_server + "/invitations/")

    # The focal point, in a browser of their own, follows the link and sets a password.
    context = await browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
    focal = await context.new_page()
    try:
        await focal.goto(link)
        await expect(focal.get_by_text("You are invited to work as:")).to_be_visible()
        await expect(focal.get_by_role("listitem").filter(has_text="Focal point of Ville d’Antony")).to_be_visible()
        await expect(focal.get_by_label("Your name")).to_have_value("Jean Dupont")
        await focal.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
        await focal.get_by_label("Password again").fill(NEW_PASSWORD)
        await focal.get_by_role("button", name="Set my password").click()
        await expect(focal).to_have_url(re.compile(r"/sign-in\?done=invitation$"))

        await _sign_in(focal, FOCAL_POINT, NEW_PASSWORD)
        # Signed in, they land on their start page; their account is in the header's menu, under their name.
        await expect(focal).to_have_url(re.compile(r"/start$"))
        await focal.locator("summary", has_text="Jean Dupont").click()
        await focal.get_by_role("link", name="Your account").click()
        await expect(focal).to_have_url(re.compile(r"/account$"))
        await expect(focal.get_by_role("heading", level=2, name="Your member: Ville d’Antony")).to_be_visible()
        # Their member's people, with the email addresses the public never sees.
        await expect(focal.get_by_role("link", name="numerique@antony.example.org")).to_be_visible()
        # The bodies Antony belongs to today.
        await expect(
            focal.get_by_role("link", name="Commission Développement économique, numérique et innovation")
        ).to_be_visible()
        await expect(focal.get_by_role("link", name="Users")).to_have_count(0)
        await focal.screenshot(path=str(ARTIFACTS / "invitation-focal-point-account.png"), full_page=True)

        # Another member's page shows no email; the users page is not theirs.
        await focal.goto(demo_server + "/members/bilbao")
        await expect(focal.get_by_role("heading", level=1)).to_have_text("Bilbao")
        await expect(focal.locator("a[href^='mailto:']")).to_have_count(0)
        answer = await focal.goto(demo_server + "/users")
        assert answer is not None
        assert answer.status == 403
        await expect(focal.get_by_text("Your account may not see or change this.")).to_be_visible()
        await focal.screenshot(path=str(ARTIFACTS / "invitation-focal-point-users-refused.png"), full_page=True)
    finally:
        await context.close()
