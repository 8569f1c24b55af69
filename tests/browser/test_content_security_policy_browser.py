"""A real browser enforces the Content-Security-Policy on every kind of page, and nothing of ours breaks it."""

from __future__ import annotations

import pytest
from playwright.async_api import ConsoleMessage, Page, expect

from tests.browser.engines import ON_SQLITE

pytestmark = [pytest.mark.browser, pytest.mark.demo, ON_SQLITE]

PAGES = ["/", "/events", "/bodies/digital-cities", "/members/bilbao", "/sign-in", "/password-reset", "/no-such-page"]


async def test_no_page_breaks_the_policy_and_a_script_without_the_nonce_is_blocked(
    page: Page, demo_server: str
) -> None:
    violations: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", watch)
    for path in PAGES:
        await page.goto(demo_server + path)
    assert violations == []
    # The subscribe block's script carries the nonce and runs: its Copy button shows.
    await page.goto(demo_server + "/bodies/digital-cities")
    await expect(page.get_by_role("button", name="Copy")).to_be_visible()
    # A script injected without the nonce, as stored XSS would be, does not run.
    ran = await page.evaluate(
        """() => new Promise(resolve => {
            window.injected = false;
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
            setTimeout(() => resolve(window.injected), 100);
        })"""
    )
    assert ran is False
    assert any("script-src" in violation for violation in violations)
