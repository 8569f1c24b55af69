"""The upgrade that adds ``span_days`` works out the span of every event already stored, on both engines.

A database is migrated as far as the migration that adds the column (where every event gets 0), events of
several lengths are written with SQL, then the real ``coordination migrate`` runs: an event that began before
today and is still going on must then be listed from today, as it was before the upgrade.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from coordination.app import create_app
from coordination.core.settings import Settings
from coordination.events import services as events
from tests.conftest import migrate
from tests.migrating import database_at

COLUMN_ADDED = "2026-12-02T15:01:04:679161"
CREATED = "2026-11-03 10:00:00+00:00"
TODAY = date.today()

# (title, first day, last day) relative to today.
EVENTS = [("Exhibition", -30, 10), ("Summer school", -10, 10), ("Workshop", 1, 1), ("Old visit", -40, -35)]


def _rows() -> list[str]:
    rows = [
        "INSERT INTO body (id, slug, name, kind, mandate, status, revision, created_at, updated_at, language, "
        f"translations) VALUES (1, 'festivals', 'Festivals', 'community_of_practice', '', 'active', 1, '{CREATED}', "
        f"'{CREATED}', 'en', '{{}}')"
    ]
    for number, (title, first, last) in enumerate(EVENTS, start=1):
        first_day, last_day = TODAY + timedelta(days=first), TODAY + timedelta(days=last)
        rows.append(
            "INSERT INTO event (id, uid, body, title, description, language, translations, kind, timing, start_date, "
            "end_date, first_day, last_day, location, online_url, status, visibility, revision, created_at, "
            f"updated_at) VALUES ({number}, 'uid-{number}', 1, '{title}', '', 'en', '{{}}', 'forum', 'all_day', "
            f"'{first_day}', '{last_day}', '{first_day}', '{last_day}', '', '', 'confirmed', 'public', 1, "
            f"'{CREATED}', '{CREATED}')"
        )
    return rows


@pytest.fixture(params=["sqlite", "postgresql"])
async def stored_before(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database_at(request.param, tmp_path, COLUMN_ADDED, _rows()) as url:
        yield url


async def test_the_upgrade_works_out_each_stored_events_span(stored_before: str, tmp_path: Path) -> None:
    migrate(stored_before)
    app = create_app(Settings.from_env(database_url=stored_before, data_dir=tmp_path, scheduler_enabled=False))
    async with app.lifespan():
        # The exhibition: 30 days ago to 10 days ahead.
        assert await events.longest_span() == 40
        listed = await events.list_events(date_from=TODAY)
        assert [event.title for event in listed.items] == ["Exhibition", "Summer school", "Workshop"]
        assert listed.total == 3
