"""A clock the tests move by hand, and small jobs whose effects a test can count."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from coordination.core import changes
from coordination.scheduling.job import Job, RunContext
from coordination.scheduling.schedules import Schedule


class Clock:
    """What the runner reads as "now": set and moved by the test, never by time passing."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, now: datetime) -> datetime:
        self.now = now
        return now


def counting_job(name: str, schedule: Schedule, *, grace: timedelta = timedelta(days=1)) -> Job:
    """A transactional job whose effect is one step of the change counter named after it."""

    async def run(run: RunContext) -> None:
        async with run.transaction():
            await changes.bump(name)

    return Job(name, "Count", schedule, run, grace=grace)


async def effects(name: str) -> int:
    """How many times ``counting_job(name)``'s effect was committed."""
    counters = await changes.read_counters()
    return counters[name].value if name in counters else 0


async def eventually(check: Callable[[], Awaitable[bool]], *, within: float = 10.0, every: float = 0.05) -> None:
    """Wait until ``check()`` is true; fail after ``within`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"still not true after {within} s: {check.__doc__ or check}")
        await asyncio.sleep(every)
