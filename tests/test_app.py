from __future__ import annotations

import dataclasses

import httpx
from litestar import Litestar

from coordination.app import create_app
from coordination.core.schemas import utc_now
from coordination.core.settings import Settings
from coordination.scheduling import lease, runs
from coordination.scheduling.enums import RunOutcome
from coordination.scheduling.runner import Runner
from tests.scheduling.conftest import eventually


async def test_openapi_document_lists_every_domain(client: httpx.AsyncClient) -> None:
    answer = await client.get("/schema/openapi.json")
    assert answer.status_code == 200
    paths = answer.json()["paths"]
    for path in ["/health", "/api/v1/members", "/api/v1/priorities", "/api/v1/network"]:
        assert path in paths, path


async def test_unknown_api_path_answers_json_404(client: httpx.AsyncClient) -> None:
    answer = await client.get("/api/v1/members/nowhere")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "member 'nowhere' not found"


async def test_unknown_page_answers_an_html_404_page(client: httpx.AsyncClient) -> None:
    answer = await client.get("/no-such-page", headers={"Accept-Language": "fr"})
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>Page introuvable</h1>" in answer.text


async def test_the_app_runs_the_scheduled_jobs_under_the_lease_and_gives_it_up_when_it_stops(
    settings: Settings,
) -> None:
    fast = dataclasses.replace(settings, scheduler_enabled=True, jobs_lease_seconds=2, jobs_heartbeat_seconds=0.5)
    app: Litestar = create_app(fast)
    async with app.lifespan():
        runner: Runner = app.state.runner
        assert [job.name for job in app.state.jobs] == list(runner.jobs)

        async def published() -> bool:
            latest = await runs.latest_run(job="calendar_files")
            return latest is not None and latest.outcome == RunOutcome.succeeded

        await eventually(published)  # caught up at once: the feed files are written
        assert (settings.calendars_dir / "network.ics").exists()
        assert (await lease.read_lease(now=utc_now())).holder == runner.holder
        assert runner.scheduler is not None
        assert runner.scheduler.get_job("database_housekeeping") is not None
    assert (await lease.read_lease(now=utc_now())).holder == ""
