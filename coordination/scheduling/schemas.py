"""What the runner's services return: runs, the lease, and each job's status for the page and the CLI."""

from __future__ import annotations

from datetime import datetime

import msgspec

from coordination.scheduling.enums import RunCause, RunOutcome


class RunOut(msgspec.Struct, frozen=True):
    id: int
    job: str
    scheduled_for: datetime
    cause: RunCause
    outcome: RunOutcome
    attempts: int
    holder: str
    started_at: datetime | None
    finished_at: datetime | None
    error: str

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class Claim(msgspec.Struct, frozen=True):
    """A run this process may execute: its row, and the attempt it claimed (the fence against a take-over)."""

    id: int
    job: str
    scheduled_for: datetime
    cause: RunCause
    attempts: int
    holder: str
    started_at: datetime


class LeaseOut(msgspec.Struct, frozen=True):
    holder: str  # empty: nobody holds it
    acquired_at: datetime | None
    renewed_at: datetime | None
    expires_at: datetime | None
    alive: bool  # held and not expired at the moment it was read


class ScheduleOut(msgspec.Struct, frozen=True):
    kind: str  # interval | daily | weekly
    seconds: int
    at: str
    weekday: int
    timezone: str
    summary: str  # in English, for the command line


class JobStatus(msgspec.Struct, frozen=True):
    name: str
    description: str  # English; translated where it is shown
    schedule: ScheduleOut
    last_run: RunOut | None
    last_success: RunOut | None
    last_failure: RunOut | None
    next_due: datetime | None
    overdue_since: datetime | None  # a due time passed more than a heartbeat ago without a run
