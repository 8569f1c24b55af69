"""The jobs page: the secretariat sees, for each scheduled job, its last run and outcome, how long it took,
when it runs next, and what went wrong last; in English, French and Spanish.

The calendar folder of these tests is a file, so the real feed-file job really fails.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from coordination.core.schemas import utc_now
from coordination.core.settings import Settings
from coordination.scheduling import runs
from coordination.scheduling.enums import RunOutcome
from coordination.scheduling.runner import Runner
from tests.factories import accounts as factories
from tests.pages.html import Page
from tests.scheduling.conftest import Clock


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("the calendar files cannot be written here")
    return dataclasses.replace(settings, calendars_dir=blocked)


@pytest.fixture
async def secretariat(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    await factories.user(email="secretariat@example.org")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        signed = await factories.sign_in(http, email="secretariat@example.org")
        assert signed.status_code == 303
        yield http


def medium(moment: datetime) -> str:
    """A time as the English page writes it (en_GB, medium): ``1 Dec 2026, 06:03:00``."""
    return f"{moment.day} {moment:%b %Y, %H:%M:%S}"


def card(html: str, job: str) -> str:
    """The visible text of one job's card."""
    found = re.search(rf'<li class="card" id="job-{job}">(.*?)</li>', html, re.S)
    assert found is not None, f"no card for {job}"
    return Page(found.group(1)).text


async def test_each_job_shows_its_last_run_outcome_duration_next_run_and_last_error(
    app: Litestar, secretariat: httpx.AsyncClient
) -> None:
    runner = Runner(app.state.jobs, settings=app.state.settings, holder="web-1:4242")
    await runner.beat()
    await runner.catch_up()
    [failed] = await runs.list_runs(job="calendar_files")
    assert failed.outcome == RunOutcome.failed
    assert failed.error

    answer = await secretariat.get("/jobs")
    assert answer.status_code == 200
    page = Page(answer.text)
    assert page.lang == "en"
    assert "The jobs are run by web-1:4242 since" in page.text
    feeds = card(answer.text, "calendar_files")
    assert "Publish the calendar feed files" in feeds
    assert "Runs every minute" in feeds
    assert "Last run failed due" in feeds
    assert f"Last error due {medium(failed.scheduled_for)} · failed" in feeds
    assert Page(failed.error).text in feeds, "the error as the job raised it"
    housekeeping = card(answer.text, "account_housekeeping")
    assert "Last run succeeded due" in housekeeping
    assert "Duration" in housekeeping
    assert "Runs every hour" in housekeeping
    assert "Last error" not in housekeeping
    next_hour = (utc_now() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    assert f"Next run {medium(next_hour)}" in housekeeping
    assert "Runs every day at 03:15 (UTC)" in card(answer.text, "job_history")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Tâches planifiées", "Publier les fichiers des flux de calendrier", "toutes les minutes", "échouée"]),
        ("es", ["Tareas programadas", "Publicar los archivos de los calendarios", "cada minuto", "fallida"]),
    ],
)
async def test_the_jobs_page_speaks_the_secretariats_language(
    app: Litestar, secretariat: httpx.AsyncClient, language: str, expected: list[str]
) -> None:
    runner = Runner(app.state.jobs, settings=app.state.settings, holder="web-1:4242")
    await runner.beat()
    await runner.catch_up()
    answer = await secretariat.get("/jobs", params={"lang": language})
    page = Page(answer.text)
    assert page.lang == language
    for text in expected:
        assert text in page.text, text


async def test_without_a_runner_the_page_says_so_and_shows_what_is_overdue_or_was_missed(
    app: Litestar, secretariat: httpx.AsyncClient
) -> None:
    earlier = utc_now() - timedelta(minutes=5)
    gone = Runner(app.state.jobs, settings=app.state.settings, clock=Clock(earlier), holder="web-1:4242")
    await gone.beat()
    await gone.catch_up()
    await gone.stop()  # everything stopped five minutes ago
    await runs.record_missed(
        job="job_history", scheduled_for=earlier.replace(hour=3, minute=15), holder="web-2:77", now=earlier
    )

    answer = await secretariat.get("/jobs")
    page = Page(answer.text)
    assert "No process is running the scheduled jobs now." in page.text
    first_missed = (earlier + timedelta(minutes=1)).replace(second=0, microsecond=0)
    assert f"Next run overdue since {medium(first_missed)}" in card(answer.text, "calendar_files")
    assert "missed (no runner was running within its grace period)" in card(answer.text, "job_history")
