"""The published .ics files: the `coordination feeds` command and the job that keeps them current."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import msgspec
from litestar import Litestar

from coordination.bodies import services as bodies
from coordination.core.schemas import utc_now
from coordination.core.settings import Settings
from coordination.events import services as events
from coordination.events.enums import EventKind
from coordination.events.schemas import EventUpdate
from coordination.feeds.jobs import FeedFilesJob
from coordination.feeds.services import write_feed_files
from coordination.members import services as members
from coordination.network import services as network
from tests.factories import activities as activity_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories


def published(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def run_feeds_command(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COORDINATION_DATABASE_URL": settings.database_url,
        "COORDINATION_BASE_URL": settings.base_url,
        "COORDINATION_SCHEDULER": "off",
    }
    return subprocess.run(
        [sys.executable, "-m", "coordination.cli", "feeds", *args], env=env, capture_output=True, text=True, timeout=120
    )


async def test_feeds_command_publishes_every_public_feed_as_files_the_app_would_serve(
    client: httpx.AsyncClient, settings: Settings, tmp_path: Path
) -> None:
    await activity_factories.priority(code="A")
    for slug in ("digital-cities", "urban-innovation"):
        await body_factories.body(slug=slug)
        await event_factories.event(body=slug, title=f"Forum of {slug}")
    for slug in ("bilbao", "lyon"):
        await member_factories.member(slug=slug)
        await body_factories.membership(body_slug="digital-cities", member_slug=slug)
    output = tmp_path / "public"
    first = run_feeds_command(settings, "--output", str(output))
    assert first.returncode == 0, first.stderr
    body_slugs = [body.slug for body in (await bodies.list_bodies(limit=500)).items]
    member_slugs = [member.slug for member in (await members.list_members(limit=500)).items]
    expected = sorted(
        [
            "network.ics",
            *[f"bodies/{slug}.ics" for slug in body_slugs],
            *[f"members/{slug}.ics" for slug in member_slugs],
            *[f"priorities/{priority.code}.ics" for priority in await network.list_priorities()],
            *[f"kinds/{kind.value}.ics" for kind in EventKind],
        ]
    )
    assert published(output) == expected
    assert first.stdout == f"calendar feeds in {output}: {len(expected)} written, 0 unchanged, 0 removed\n"
    for name in ("network.ics", f"bodies/{body_slugs[0]}.ics", f"members/{member_slugs[0]}.ics"):
        served = await client.get(f"/calendars/{name}", headers={"Accept-Encoding": "identity"})
        assert (output / name).read_bytes() == served.content, name
        assert (output / name).stat().st_mode & 0o777 == 0o644
    again = await write_feed_files(output=output, base_url=settings.base_url, retention=timedelta(days=30))
    assert (again.written, again.unchanged, again.removed) == ([], len(expected), [])


def test_feeds_command_explains_itself(tmp_path: Path) -> None:
    settings = Settings.from_env(database_url=f"sqlite:///{tmp_path}/db.sqlite3")
    result = run_feeds_command(settings, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: ")
    assert "--output DIRECTORY" in result.stdout
    assert "Write the public calendar feeds as .ics files" in result.stdout


async def test_the_job_rewrites_only_changed_files_removes_gone_ones_and_prunes_tombstones(
    db: Litestar, settings: Settings
) -> None:
    await body_factories.body(slug="digital-cities")
    await body_factories.body(slug="closed-group")
    forum = await event_factories.event(body="digital-cities")
    folder = settings.calendars_dir
    job = FeedFilesJob(settings)

    first = await job.run()
    assert first is not None
    assert sorted(first.written) == published(folder)
    assert "bodies/closed-group.ics" in first.written
    assert await job.run() is None, "nothing changed: one small query, no file touched"

    renamed = msgspec.convert({"revision": 1, "title": "Forum 2021"}, EventUpdate)
    await events.update_event(event_id=forum.id, data=renamed)
    await bodies.delete_body(slug="closed-group")
    second = await job.run()
    assert second is not None
    assert (second.written, second.removed) == (
        ["network.ics", "bodies/digital-cities.ics", "kinds/forum.ics"],
        ["bodies/closed-group.ics"],
    )
    assert not list(folder.rglob(".*")), "no temporary file left behind"

    await events.delete_event(event_id=forum.id)
    await job.run()
    assert b"STATUS:CANCELLED" in (folder / "network.ics").read_bytes()
    assert len(await events.list_deleted_events(deleted_since=utc_now() - timedelta(days=1))) == 1
    after_retention = await job.run(now=utc_now() + timedelta(days=31))
    assert after_retention is not None
    assert await events.list_deleted_events(deleted_since=utc_now() - timedelta(days=365)) == []
    assert b"BEGIN:VEVENT" not in (folder / "network.ics").read_bytes()
