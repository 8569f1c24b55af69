"""What a scheduled job is (``Job``), and what it is handed when it runs (``RunContext``).

A job is an async function taking a ``RunContext``. It reads the time from
``run.now``, never from the system clock, so tests run it at any moment. A job
whose effects are database writes makes them inside ``run.transaction()``: its
run is recorded as done in that same transaction, so the effects and the
record commit together or not at all, and a run taken over by another process
rolls back instead of being done twice. Any other job must be idempotent
(writing the same files again is): if its process dies half-way, the next
runner does it again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coordination.core.database import transaction
from coordination.core.settings import Settings
from coordination.scheduling import runs
from coordination.scheduling.enums import RunCause
from coordination.scheduling.schedules import Schedule
from coordination.scheduling.schemas import Claim

Clock = Callable[[], datetime]


@dataclass
class RunContext:
    job: str
    scheduled_for: datetime  # the due time this run is for (UTC)
    now: datetime  # the runner's clock when the run started
    cause: RunCause
    settings: Settings
    claim: Claim
    clock: Clock
    completed: bool = field(default=False, init=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """A write transaction that also records this run as done; use it once per run."""
        if self.completed:
            raise RuntimeError(f"the run of {self.job} is already recorded as done")
        async with transaction():
            yield
            await runs.complete(self.claim, now=self.clock())
            self.completed = True


JobFunction = Callable[[RunContext], Awaitable[object]]


@dataclass(frozen=True)
class Job:
    """A scheduled job: its name (the key of its runs), what it does (English, translated where shown), when.

    ``grace``: how late a due time may still be run when the runner comes back
    (after everything was down); older ones are recorded as missed, and the
    job runs at its next due time.
    """

    name: str
    description: str
    schedule: Schedule
    run: JobFunction
    grace: timedelta = timedelta(days=1)
