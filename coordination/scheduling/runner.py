"""The runner: every process may run one, exactly one of them (the lease holder) runs the jobs.

Each runner beats every ``heartbeat`` seconds: it renews the lease if it holds
it, or takes it if it is free or expired (its holder stopped renewing: killed,
hung, or cut off from the database). So with N web workers on several hosts
jobs run once, and when the holder dies another process takes over within
``lease + heartbeat`` seconds (50 s by default).

The holder starts an APScheduler 3 ``AsyncIOScheduler`` with an in-memory job
store (APScheduler's documentation forbids sharing a job store between
schedulers) and every job's trigger; it does the timing. What APScheduler
cannot know — what ran while this process was not running, here or anywhere —
is in ``job_run``: when it takes the lease, and at every heartbeat after, the
runner runs each job whose latest due time has no run yet (catching up once for
all the due times it missed, within the job's grace period, recording older
ones as missed), and tries again a failed or interrupted run (three attempts
in all). Which process runs a due time is settled by claiming its row
(``runs.claim``), never by timing, so a slow timer, a catch-up and a second
holder cannot run it twice.

Time comes from ``clock`` (UTC ``datetime``): tests pass their own and drive
``beat()``, ``run_due()`` and ``catch_up()`` directly.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from coordination.core.schemas import utc_now
from coordination.core.settings import Settings
from coordination.scheduling import lease, runs
from coordination.scheduling.enums import RunCause, RunOutcome
from coordination.scheduling.job import Clock, Job, RunContext
from coordination.scheduling.schemas import Claim, RunOut

logger = logging.getLogger("coordination.jobs")

# At shutdown, runs in progress get this long to finish before they are cancelled (and recorded interrupted).
STOP_TIMEOUT = 10.0


def process_name() -> str:
    """host:pid:random, unique to this process's lifetime."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class Due:
    """What a job owes at a moment: a due time to run, or one to record as missed."""

    scheduled_for: datetime
    missed: bool = False


def owed(job: Job, latest: RunOut | None, now: datetime) -> Due | None:
    """The due time ``job`` owes at ``now``, given its latest recorded run; None if nothing is owed.

    With no run recorded at all (a new job or a new database) only a due time
    within the grace period is owed: nothing is owed for the time before the
    job existed.
    """
    after = latest.scheduled_for if latest is not None else now - job.grace
    due = job.schedule.latest_due(now, after=after)
    if due is not None:
        return Due(due, missed=now - due > job.grace)
    if (
        latest is not None
        and latest.cause != RunCause.manual
        and latest.outcome in (RunOutcome.failed, RunOutcome.interrupted)
        and latest.attempts < runs.MAX_ATTEMPTS
        and now - latest.scheduled_for <= job.grace
    ):
        return Due(latest.scheduled_for)
    return None


class JobBusy(Exception):
    """A run of this job is in progress; a manual run waits for it to end."""


class UnknownJob(LookupError):
    pass


class Runner:
    def __init__(
        self,
        jobs: Sequence[Job],
        *,
        settings: Settings,
        clock: Clock = utc_now,
        holder: str | None = None,
        lease_seconds: float | None = None,
        heartbeat_seconds: float | None = None,
    ) -> None:
        self.jobs = {job.name: job for job in jobs}
        if len(self.jobs) != len(jobs):
            raise ValueError("two scheduled jobs have the same name")
        self.settings = settings
        self.clock = clock
        self.holder = holder or process_name()
        self.lease = timedelta(seconds=lease_seconds or settings.jobs_lease_seconds)
        self.heartbeat = heartbeat_seconds or settings.jobs_heartbeat_seconds
        if self.heartbeat * 2 > self.lease.total_seconds():
            raise ValueError("the lease must last at least two heartbeats")
        self.holding = False
        self._stopping = False
        self._held_until: datetime | None = None
        self._locks = {name: asyncio.Lock() for name in self.jobs}
        self._scheduler: AsyncIOScheduler | None = None
        self._beating: asyncio.Task[None] | None = None
        self._catching_up: asyncio.Task[Any] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()  # runs in progress (and catching up), awaited at stop

    def job(self, name: str) -> Job:
        try:
            return self.jobs[name]
        except KeyError:
            raise UnknownJob(f"no job named {name!r}; the jobs are: {', '.join(self.jobs)}") from None

    # ------------------------------------------------------------------ the lease

    async def beat(self) -> bool:
        """One heartbeat: renew or take the lease. True if this process runs the jobs now."""
        now = self.clock()
        held = await lease.take_or_renew(holder=self.holder, now=now, duration=self.lease)
        if held:
            self._held_until = now + self.lease
            if not self.holding:
                interrupted = await runs.interrupt_orphans(holder=self.holder, now=now)
                logger.info(
                    "%s runs the scheduled jobs now (%d interrupted run(s) to try again)", self.holder, interrupted
                )
        elif self.holding:
            logger.warning("%s lost the lease: another process runs the scheduled jobs now", self.holder)
        self.holding = held
        return held

    # ------------------------------------------------------------------ running jobs

    async def run_due(self, name: str, *, cause: RunCause = RunCause.schedule) -> RunOut | None:
        """Run ``name`` for the due time it owes, if any, and if this process holds the lease.

        What APScheduler calls at each due time, and catching up calls for every
        job. Returns the run, or None when there was nothing to do here.
        """
        if not self.holding or self._stopping:
            return None
        job = self.job(name)
        lock = self._locks[name]
        if lock.locked():
            return None  # running here already; what it leaves owed is picked up at the next heartbeat
        async with lock:
            return await self._run_owed(job, cause)

    async def _run_owed(self, job: Job, cause: RunCause) -> RunOut | None:
        name = job.name
        now = self.clock()
        due = owed(job, await runs.latest_run(job=name), now)
        if due is None:
            return None
        if due.missed:
            missed = await runs.record_missed(job=name, scheduled_for=due.scheduled_for, holder=self.holder, now=now)
            if missed is not None:
                logger.warning("job %s missed its run due %s (beyond its grace period)", name, due.scheduled_for)
            return missed
        try:
            claim = await runs.claim(
                job=name, scheduled_for=due.scheduled_for, cause=cause, holder=self.holder, now=now
            )
        except asyncio.CancelledError:
            # Stopped while claiming: the row may be written without this process knowing its id.
            await asyncio.shield(
                runs.abandon(job=name, scheduled_for=due.scheduled_for, holder=self.holder, now=self.clock())
            )
            raise
        if claim is None:
            return None
        return await self._execute(job, claim)

    async def catch_up(self) -> list[RunOut]:
        """Run, one after the other, every job that owes a due time; what taking the lease and each heartbeat do."""
        done = []
        for name in self.jobs:
            result = await self.run_due(name, cause=RunCause.catch_up)
            if result is not None:
                done.append(result)
        return done

    async def run_now(self, name: str) -> RunOut:
        """Run ``name`` at once, whoever holds the lease (``coordination jobs run``); recorded as a manual run."""
        job = self.job(name)
        if await runs.running(job=name):
            raise JobBusy(f"{name} is running; wait for it to finish")
        now = self.clock()
        claim = await runs.claim(job=name, scheduled_for=now, cause=RunCause.manual, holder=self.holder, now=now)
        if claim is None:
            raise JobBusy(f"{name} was just run; try again")
        result = await self._execute(job, claim)
        assert result is not None
        return result

    async def _execute(self, job: Job, claim: Claim) -> RunOut | None:
        context = RunContext(
            job=job.name,
            scheduled_for=claim.scheduled_for,
            now=claim.started_at,
            cause=claim.cause,
            settings=self.settings,
            claim=claim,
            clock=self.clock,
        )
        try:
            await job.run(context)
        except runs.RunTakenOver:
            logger.warning("job %s (due %s) was taken over by another process", job.name, claim.scheduled_for)
            return None
        except asyncio.CancelledError:
            await asyncio.shield(runs.finish(claim, outcome=RunOutcome.interrupted, now=self.clock()))
            raise
        except Exception as exc:
            logger.exception("job %s (due %s) failed", job.name, claim.scheduled_for)
            await runs.finish(claim, outcome=RunOutcome.failed, now=self.clock(), error=f"{type(exc).__name__}: {exc}")
        else:
            if not context.completed and not await runs.finish(claim, outcome=RunOutcome.succeeded, now=self.clock()):
                logger.warning("job %s (due %s) finished after being taken over", job.name, claim.scheduled_for)
                return None
        return await runs.get_run(run_id=claim.id)

    # ------------------------------------------------------------------ in production

    async def start(self) -> None:
        """Beat in the background; while this process holds the lease, APScheduler runs the jobs on time."""
        self._beating = asyncio.create_task(self._beat_forever(), name="coordination jobs heartbeat")

    async def stop(self) -> None:
        """Stop the timer, let runs in progress finish (briefly), give the lease up."""
        self._stopping = True  # a run the timer starts from now on does nothing
        if self._beating is not None:
            self._beating.cancel()
            await asyncio.gather(self._beating, return_exceptions=True)
            self._beating = None
        self._stop_scheduler()
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=STOP_TIMEOUT)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        if self.holding:
            self.holding = False
            try:
                await lease.release(holder=self.holder, now=self.clock())
            except Exception:
                # The lease then simply expires: another process takes over a little later.
                logger.exception("%s could not give the lease up", self.holder)
            else:
                logger.info("%s gave the lease up", self.holder)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Runner]:
        await self.start()
        try:
            yield self
        finally:
            await self.stop()

    async def _beat_forever(self) -> None:
        while True:
            try:
                await self.beat()
            except Exception:
                logger.exception("%s could not reach the lease", self.holder)
                # Unable to renew: stop running jobs before another process may take over.
                if self.holding and (self._held_until is None or self.clock() >= self._held_until):
                    self.holding = False
            if self.holding:
                self._start_scheduler()
                if self._catching_up is None or self._catching_up.done():
                    self._catching_up = self._spawn(self.catch_up())
            else:
                self._stop_scheduler()
            await asyncio.sleep(self.heartbeat)

    async def _fire(self, name: str) -> None:
        """What APScheduler calls at a due time: the run goes on in a task of the runner's own.

        APScheduler's executor cancels the coroutines it is running when it shuts
        down (when the lease is lost, or at stop); the runner's own tasks are left
        to finish instead, for ``STOP_TIMEOUT`` seconds at stop.
        """
        self._spawn(self.run_due(name))

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("a scheduled job's run failed unexpectedly", exc_info=task.exception())

    def _start_scheduler(self) -> None:
        if self._scheduler is not None:
            return
        scheduler = AsyncIOScheduler(timezone=UTC)
        for job in self.jobs.values():
            scheduler.add_job(
                self._fire,
                trigger=job.schedule.trigger,
                args=[job.name],
                id=job.name,
                name=job.name,
                coalesce=True,  # late by several due times (a blocked loop): one call, for the latest
                misfire_grace_time=max(1, int(job.grace.total_seconds())),
            )
        scheduler.start()
        self._scheduler = scheduler

    def _stop_scheduler(self) -> None:
        if self._scheduler is not None:
            if self._scheduler.running:
                self._scheduler.shutdown(wait=False)
            self._scheduler = None

    @property
    def scheduler(self) -> AsyncIOScheduler | None:
        """The APScheduler timer while this process holds the lease."""
        return self._scheduler
