"""The APScheduler 3 wiring: one scheduler, started and stopped with the app.

Jobs are registered in one place (``coordination.jobs``); this module only
knows how to run them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from apscheduler.schedulers.asyncio import AsyncIOScheduler

JobRegistrar = Callable[[AsyncIOScheduler], None]


def build_scheduler(register: JobRegistrar) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
    register(scheduler)
    return scheduler


@asynccontextmanager
async def running(scheduler: AsyncIOScheduler) -> AsyncIterator[AsyncIOScheduler]:
    scheduler.start()
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)
