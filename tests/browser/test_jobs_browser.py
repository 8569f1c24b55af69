"""`coordination serve --workers 2`, each worker with its runner: one of them runs the jobs, once, and the
secretariat checks them on a phone, in French.

The server runs as in production, with a short lease so the test is quick.
"""

from __future__ import annotations

import pytest
from litestar import Litestar
from playwright.async_api import Browser, expect

from coordination.accounts.enums import Role
from coordination.core.schemas import utc_now
from coordination.scheduling import lease, runs
from coordination.scheduling.enums import RunOutcome
from tests.browser.conftest import ARTIFACTS
from tests.factories import accounts as account_factories
from tests.scheduling.conftest import eventually

pytestmark = [pytest.mark.browser]

SECRETARIAT = "secretariat@example.org"


@pytest.fixture
def server_env() -> dict[str, str]:
    return {
        "COORDINATION_SCHEDULER": "on",
        "COORDINATION_JOBS_LEASE_SECONDS": "6",
        "COORDINATION_JOBS_HEARTBEAT_SECONDS": "1",
    }


@pytest.fixture
def server_args() -> list[str]:
    return ["--workers", "2"]


async def test_two_workers_run_each_job_once_and_the_secretariat_checks_them_on_a_phone(
    db: Litestar, server_process: str, browser: Browser
) -> None:
    await account_factories.user(role=Role.secretariat, email=SECRETARIAT, name="Secretariat")

    async def all_jobs_ran() -> bool:
        latest = [await runs.latest_run(job=name) for name in ("calendar_files", "account_housekeeping")]
        return all(run is not None and run.outcome == RunOutcome.succeeded for run in latest)

    await eventually(all_jobs_ran, within=30)
    holder = (await lease.read_lease(now=utc_now())).holder
    assert {run.holder for run in await runs.list_runs(limit=1000)} == {holder}, "one worker ran them all"

    context = await browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = await context.new_page()
    try:
        await tab.goto(f"{server_process}/sign-in?next=/jobs")
        await tab.locator("#email").fill(SECRETARIAT)
        await tab.locator("#password").fill(account_factories.PASSWORD)
        await tab.locator("form button[type=submit]").click()
        await expect(tab.get_by_role("heading", level=1)).to_have_text("Tâches planifiées")
        await expect(tab.get_by_text(f"Les tâches sont exécutées par {holder} depuis le")).to_be_visible()
        feeds = tab.locator("#job-calendar_files")
        await expect(feeds).to_contain_text("Publier les fichiers des flux de calendrier")
        await expect(feeds).to_contain_text("réussie")
        await expect(feeds).to_contain_text("toutes les minutes")
        # Nothing wider than the phone: no sideways scrolling.
        overflow = await tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        wide = await tab.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className + ' ' + "
            "Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 60))"
        )
        assert overflow <= 0, wide
        ARTIFACTS.mkdir(exist_ok=True)
        await tab.screenshot(path=str(ARTIFACTS / "jobs-page-phone-fr.png"), full_page=True)
    finally:
        await context.close()
