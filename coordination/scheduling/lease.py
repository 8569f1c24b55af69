"""The lease that says which process runs the scheduled jobs: one row, renewed by its holder's heartbeat.

A row rather than a PostgreSQL advisory lock, so that it works the same on
SQLite (several workers on one machine) and on PostgreSQL (several hosts),
and so that the jobs page can say who holds it and since when. Every write
is a compare-and-swap on ``version``: a process changes the row only if it is
still the one it read, so two processes that see it free at the same moment
cannot both take it. Times come from the caller's clock; hosts sharing a
database keep their clocks in sync (NTP), a skew of s seconds moving a
take-over by s.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coordination.scheduling.schemas import LeaseOut
from coordination.scheduling.tables import JobLease

LEASE_NAME = "jobs"


def _aware(value: datetime | None) -> datetime | None:
    return None if value is None else (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


async def _row() -> dict[str, Any]:
    row = await JobLease.select().where(JobLease.name == LEASE_NAME).first()
    if row is None:
        await JobLease.insert(JobLease(name=LEASE_NAME, holder="", version=0)).on_conflict(
            target=JobLease.name, action="DO NOTHING"
        )
        row = await JobLease.select().where(JobLease.name == LEASE_NAME).first()
        assert row is not None
    return row


def _is_free(row: dict[str, Any], now: datetime) -> bool:
    expires_at = _aware(row["expires_at"])
    return not row["holder"] or expires_at is None or expires_at <= now


async def take_or_renew(*, holder: str, now: datetime, duration: timedelta) -> bool:
    """Renew the lease if ``holder`` has it, take it if it is free or expired; True if ``holder`` now holds it."""
    row = await _row()
    mine = row["holder"] == holder
    if not mine and not _is_free(row, now):
        return False
    values: dict[Any, Any] = {
        JobLease.holder: holder,
        JobLease.version: row["version"] + 1,
        JobLease.renewed_at: now,
        JobLease.expires_at: now + duration,
    }
    if not mine:
        values[JobLease.acquired_at] = now
    changed = (
        await JobLease.update(values)
        .where((JobLease.name == LEASE_NAME) & (JobLease.version == row["version"]))
        .returning(JobLease.id)
    )
    return bool(changed)


async def release(*, holder: str, now: datetime) -> bool:
    """Give the lease up (at shutdown), so another process takes over at its next heartbeat."""
    changed = (
        await JobLease.update({JobLease.holder: "", JobLease.expires_at: now, JobLease.version: JobLease.version + 1})
        .where((JobLease.name == LEASE_NAME) & (JobLease.holder == holder))
        .returning(JobLease.id)
    )
    return bool(changed)


async def read_lease(*, now: datetime) -> LeaseOut:
    row = await JobLease.select().where(JobLease.name == LEASE_NAME).first()
    if row is None:
        return LeaseOut(holder="", acquired_at=None, renewed_at=None, expires_at=None, alive=False)
    return LeaseOut(
        holder=row["holder"],
        acquired_at=_aware(row["acquired_at"]),
        renewed_at=_aware(row["renewed_at"]),
        expires_at=_aware(row["expires_at"]),
        alive=not _is_free(row, now),
    )
