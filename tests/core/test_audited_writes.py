"""The one audited write path (``audit/writes.py``): the revision check and the write are one statement.

SQLite queues writers, which would hide a race: the race is staged on
PostgreSQL, with real requests. An edit is held, after it has written the
member but before it commits, by a lock the test takes on the change counter
the edit bumps next; a delete sent meanwhile with the revision it read (the
one before the edit) then waits for the edit's row lock. When the edit
commits, a delete that had checked the revision apart from deleting would go
ahead and destroy the edit; the one-statement check refuses it with 409.
"""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
import pytest

from coordination.audit import services as audit
from coordination.core import changes as counters
from coordination.core.database import transaction
from coordination.members import services as members
from tests.factories import members as member_factories


async def _wait_for_waiters(monitor: asyncpg.Connection, count: int) -> None:
    """Until ``count`` sessions of this database wait for a lock (the requests reached the point staged)."""
    for _ in range(500):
        waiting = await monitor.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        if waiting >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{count} request(s) never got to wait for the lock; the stage is wrong")


@pytest.fixture
def postgres_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite runs one writer at a time, which hides this race: it is staged on PostgreSQL")
    return database_url


async def test_a_delete_based_on_a_stale_revision_never_slips_in_after_a_concurrent_edit(
    client: httpx.AsyncClient, postgres_url: str
) -> None:
    await member_factories.member(slug="cahors", name="Cahors")
    async with transaction():
        await counters.bump(counters.FEED_LABELS)  # the counter row the edit will have to lock
    holder = await asyncpg.connect(postgres_url)
    monitor = await asyncpg.connect(postgres_url)
    try:
        await holder.execute("BEGIN")
        await holder.execute("SELECT value FROM change_counter WHERE name = $1 FOR UPDATE", counters.FEED_LABELS)
        edit = asyncio.create_task(
            client.patch("/api/v1/members/cahors", json={"revision": 1, "name": "Ville de Cahors"})
        )
        await _wait_for_waiters(monitor, 1)  # the edit wrote the member (revision 2, not committed) and waits
        delete = asyncio.create_task(client.delete("/api/v1/members/cahors?revision=1"))
        await _wait_for_waiters(monitor, 2)  # the delete, which read revision 1, waits for the edit's row lock
        await holder.execute("ROLLBACK")
        edited, deleted = await asyncio.wait_for(asyncio.gather(edit, delete), timeout=30)
    finally:
        await holder.close()
        await monitor.close()
    assert edited.status_code == 200, edited.text
    assert deleted.status_code == 409, deleted.text
    assert deleted.json()["errors"][0]["field"] == "revision"
    kept = await members.get_member(slug="cahors")
    assert (kept.name, kept.revision) == ("Ville de Cahors", 2)
    actions = [record.action for record in (await audit.list_records(object_type="member")).items]
    assert actions == ["member.updated", "member.created"]


async def test_without_a_revision_a_delete_after_a_concurrent_edit_is_refused_not_recorded_stale(
    client: httpx.AsyncClient, postgres_url: str
) -> None:
    """Deleting without naming a revision still deletes only what was read: the record it leaves is true."""
    await member_factories.member(slug="cahors", name="Cahors")
    async with transaction():
        await counters.bump(counters.FEED_LABELS)
    holder = await asyncpg.connect(postgres_url)
    monitor = await asyncpg.connect(postgres_url)
    try:
        await holder.execute("BEGIN")
        await holder.execute("SELECT value FROM change_counter WHERE name = $1 FOR UPDATE", counters.FEED_LABELS)
        edit = asyncio.create_task(client.patch("/api/v1/members/cahors", json={"revision": 1, "country": "IT"}))
        await _wait_for_waiters(monitor, 1)
        delete = asyncio.create_task(client.delete("/api/v1/members/cahors"))
        await _wait_for_waiters(monitor, 2)
        await holder.execute("ROLLBACK")
        edited, deleted = await asyncio.wait_for(asyncio.gather(edit, delete), timeout=30)
    finally:
        await holder.close()
        await monitor.close()
    assert (edited.status_code, deleted.status_code) == (200, 409)
    assert (await members.get_member(slug="cahors")).country == "IT"
    # Asked again, it goes, and the audit trail holds the member as it was when deleted.
    assert (await client.delete("/api/v1/members/cahors")).status_code == 204
    [deleted_record] = (await audit.list_records(action="member.deleted")).items
    assert deleted_record.before is not None
    assert deleted_record.before["country"] == "IT"
