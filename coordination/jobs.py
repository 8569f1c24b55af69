"""Every scheduled job, registered in one place. Jobs are thin calls into services."""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from coordination.core import database


async def database_housekeeping() -> None:
    """Fold SQLite's write-ahead log back into the database file once an hour."""
    await database.checkpoint()


def register_jobs(scheduler: AsyncIOScheduler) -> None:
    scheduler.add_job(database_housekeeping, "interval", hours=1, id="database_housekeeping", replace_existing=True)
