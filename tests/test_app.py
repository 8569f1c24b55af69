from __future__ import annotations

import dataclasses

import httpx
from litestar import Litestar

from coordination import jobs
from coordination.app import create_app
from coordination.core.settings import Settings


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


async def test_scheduler_runs_with_the_app_and_its_housekeeping_job_works(settings: Settings) -> None:
    app: Litestar = create_app(dataclasses.replace(settings, scheduler_enabled=True))
    async with app.lifespan():
        scheduler = app.state.scheduler
        assert scheduler.running
        job = scheduler.get_job("database_housekeeping")
        assert job is not None
        assert job.trigger.interval.total_seconds() == 3600
        await jobs.database_housekeeping()  # what the scheduler will call, on the real database
    assert not scheduler.running
