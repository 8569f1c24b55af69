"""What the jobs page and `coordination jobs list` show: each job's last run, outcome, next run, last error."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from coordination.scheduling import lease, runs
from coordination.scheduling.enums import RunOutcome
from coordination.scheduling.job import Job
from coordination.scheduling.schedules import Schedule
from coordination.scheduling.schemas import JobStatus, LeaseOut, RunOut, ScheduleOut

# A due time not run after this long means no runner is running (a live one runs it within a heartbeat).
OVERDUE_AFTER = timedelta(minutes=1)


def schedule_out(schedule: Schedule) -> ScheduleOut:
    return ScheduleOut(
        kind=schedule.kind,
        seconds=schedule.seconds,
        at=schedule.at,
        weekday=schedule.weekday,
        timezone=schedule.timezone,
        summary=schedule.summary(),
    )


def overdue_since(job: Job, last_run: RunOut | None, now: datetime) -> datetime | None:
    """The first due time after the last run, if it passed more than a minute ago without a run."""
    if last_run is None:
        return None
    first = job.schedule.next_due(last_run.scheduled_for)
    return first if first is not None and now - first > OVERDUE_AFTER else None


async def job_status(job: Job, *, now: datetime) -> JobStatus:
    last_run = await runs.latest_run(job=job.name)
    return JobStatus(
        name=job.name,
        description=job.description,
        schedule=schedule_out(job.schedule),
        last_run=last_run,
        last_success=await runs.latest_run(job=job.name, outcomes=(RunOutcome.succeeded,)),
        last_failure=await runs.latest_run(job=job.name, outcomes=(RunOutcome.failed, RunOutcome.interrupted)),
        next_due=job.schedule.next_due(now),
        overdue_since=overdue_since(job, last_run, now),
    )


async def job_statuses(jobs: Sequence[Job], *, now: datetime) -> list[JobStatus]:
    """Every job, in the order they are registered."""
    return [await job_status(job, now=now) for job in jobs]


async def runner_lease(*, now: datetime) -> LeaseOut:
    """Which process runs the jobs, since when, and whether it is still renewing its lease."""
    return await lease.read_lease(now=now)
