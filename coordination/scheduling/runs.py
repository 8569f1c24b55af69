"""The record of job runs: claiming a due time, finishing it, and reading what happened.

A due time is claimed by inserting its row (unique on job and due time): of
two processes asking, one gets the row, the other nothing. A failed or
interrupted run is claimed again by a conditional update that counts the
attempt. Every later write to the row names the holder and the attempt it
claimed, so a process that lost its claim (the lease was taken over while it
was stalled) changes nothing: inside a job's transaction that raises
``RunTakenOver`` and its effects roll back with it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coordination.core.database import transaction
from coordination.scheduling.enums import RunCause, RunOutcome
from coordination.scheduling.schemas import Claim, RunOut
from coordination.scheduling.tables import JobRun

# A due time whose run failed or was interrupted is tried this many times in all.
MAX_ATTEMPTS = 3
ERROR_LENGTH = 2000
# A manual run (`coordination jobs run`) is not the lease holder's: it is left alone by a take-over,
# unless it has been "running" this long (its process was killed).
MANUAL_RUN_TIMEOUT = timedelta(days=1)


class RunTakenOver(Exception):
    """This process no longer owns the run: another took it over (it is recorded there, not here)."""


def utc(value: datetime) -> datetime:
    # Due times are compared and stored in UTC, so the same instant is the same key on every database.
    return value.astimezone(UTC)


def _aware(value: datetime | None) -> datetime | None:
    return None if value is None else (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def _run_out(row: dict[str, Any]) -> RunOut:
    return RunOut(
        id=row["id"],
        job=row["job"],
        scheduled_for=_aware(row["scheduled_for"]) or row["scheduled_for"],
        cause=RunCause(row["cause"]),
        outcome=RunOutcome(row["outcome"]),
        attempts=row["attempts"],
        holder=row["holder"],
        started_at=_aware(row["started_at"]),
        finished_at=_aware(row["finished_at"]),
        error=row["error"],
    )


async def get_run(*, run_id: int) -> RunOut:
    row = await JobRun.select().where(JobRun.id == run_id).first()
    if row is None:
        raise LookupError(f"job run {run_id} not found")
    return _run_out(row)


async def latest_run(*, job: str, outcomes: tuple[RunOutcome, ...] = ()) -> RunOut | None:
    """The run of ``job`` with the latest due time (of those ``outcomes``, if given)."""
    query = JobRun.select().where(JobRun.job == job)
    if outcomes:
        query = query.where(JobRun.outcome.is_in([outcome.value for outcome in outcomes]))
    row = await query.order_by(JobRun.scheduled_for, ascending=False).first()
    return None if row is None else _run_out(row)


async def list_runs(*, job: str | None = None, limit: int = 50) -> list[RunOut]:
    """The latest runs, newest due time first."""
    query = JobRun.select()
    if job is not None:
        query = query.where(JobRun.job == job)
    rows = await query.order_by(JobRun.scheduled_for, ascending=False).limit(limit)
    return [_run_out(row) for row in rows]


async def running(*, job: str) -> list[RunOut]:
    rows = await JobRun.select().where((JobRun.job == job) & (JobRun.outcome == RunOutcome.running.value))
    return [_run_out(row) for row in rows]


async def claim(*, job: str, scheduled_for: datetime, cause: RunCause, holder: str, now: datetime) -> Claim | None:
    """Claim ``job``'s run for ``scheduled_for``; None if another process has it, or it is done."""
    scheduled_for = utc(scheduled_for)
    inserted = (
        await JobRun.insert(
            JobRun(
                job=job,
                scheduled_for=scheduled_for,
                cause=cause.value,
                outcome=RunOutcome.running.value,
                attempts=1,
                holder=holder,
                started_at=now,
            )
        )
        .on_conflict(target=(JobRun.job, JobRun.scheduled_for), action="DO NOTHING")
        .returning(JobRun.id, JobRun.attempts)
    )
    if not inserted:
        # Tried before and failed or was interrupted: try again, while attempts remain.
        inserted = (
            await JobRun.update(
                {
                    JobRun.outcome: RunOutcome.running.value,
                    JobRun.attempts: JobRun.attempts + 1,
                    JobRun.holder: holder,
                    JobRun.started_at: now,
                    JobRun.finished_at: None,
                    JobRun.error: "",
                }
            )
            .where(
                (JobRun.job == job)
                & (JobRun.scheduled_for == scheduled_for)
                & JobRun.outcome.is_in([RunOutcome.failed.value, RunOutcome.interrupted.value])
                & (JobRun.attempts < MAX_ATTEMPTS)
            )
            .returning(JobRun.id, JobRun.attempts)
        )
    if not inserted:
        return None
    row = inserted[0]
    return Claim(
        id=row["id"],
        job=job,
        scheduled_for=scheduled_for,
        cause=cause,
        attempts=row["attempts"],
        holder=holder,
        started_at=now,
    )


async def finish(claim: Claim, *, outcome: RunOutcome, now: datetime, error: str = "") -> bool:
    """Record how the claimed run ended; False (and nothing written) if the claim was taken over meanwhile."""
    updated = (
        await JobRun.update(
            {JobRun.outcome: outcome.value, JobRun.finished_at: now, JobRun.error: error[:ERROR_LENGTH]}
        )
        .where(
            (JobRun.id == claim.id)
            & (JobRun.holder == claim.holder)
            & (JobRun.attempts == claim.attempts)
            & (JobRun.outcome == RunOutcome.running.value)
        )
        .returning(JobRun.id)
    )
    return bool(updated)


async def complete(claim: Claim, *, now: datetime) -> None:
    """Record success inside the job's own transaction; raises ``RunTakenOver`` so its effects roll back."""
    if not await finish(claim, outcome=RunOutcome.succeeded, now=now):
        raise RunTakenOver(f"the run of {claim.job} due {claim.scheduled_for:%Y-%m-%d %H:%M:%S} was taken over")


async def abandon(*, job: str, scheduled_for: datetime, holder: str, now: datetime) -> None:
    """Mark interrupted the run of ``job`` due ``scheduled_for`` that ``holder`` claimed, if it did."""
    await JobRun.update({JobRun.outcome: RunOutcome.interrupted.value, JobRun.finished_at: now}).where(
        (JobRun.job == job)
        & (JobRun.scheduled_for == utc(scheduled_for))
        & (JobRun.holder == holder)
        & (JobRun.outcome == RunOutcome.running.value)
    )


async def record_missed(*, job: str, scheduled_for: datetime, holder: str, now: datetime) -> RunOut | None:
    """Record that ``job``'s due time passed beyond its grace period with no runner; None if already recorded."""
    inserted = (
        await JobRun.insert(
            JobRun(
                job=job,
                scheduled_for=utc(scheduled_for),
                cause=RunCause.catch_up.value,
                outcome=RunOutcome.missed.value,
                attempts=0,
                holder=holder,
                finished_at=now,
            )
        )
        .on_conflict(target=(JobRun.job, JobRun.scheduled_for), action="DO NOTHING")
        .returning(JobRun.id)
    )
    return await get_run(run_id=inserted[0]["id"]) if inserted else None


async def interrupt_orphans(*, holder: str, now: datetime) -> int:
    """Mark "interrupted" the runs left running by earlier lease holders (they were tried again if due)."""
    async with transaction():
        rows = (
            await JobRun.update({JobRun.outcome: RunOutcome.interrupted.value, JobRun.finished_at: now})
            .where(
                (JobRun.outcome == RunOutcome.running.value)
                & (JobRun.holder != holder)
                & ((JobRun.cause != RunCause.manual.value) | (JobRun.started_at < now - MANUAL_RUN_TIMEOUT))
            )
            .returning(JobRun.id)
        )
    return len(rows)


async def prune(*, before: datetime) -> int:
    """Forget runs due before ``before``, except each job's latest (what catching up starts from)."""
    deleted = 0
    jobs = [row["job"] for row in await JobRun.select(JobRun.job).distinct()]
    for job in jobs:
        latest = await latest_run(job=job)
        assert latest is not None
        limit = min(utc(before), latest.scheduled_for)
        rows = (
            await JobRun.delete()
            .where((JobRun.job == job) & (JobRun.scheduled_for < limit) & (JobRun.outcome != RunOutcome.running.value))
            .returning(JobRun.id)
        )
        deleted += len(rows)
    return deleted
