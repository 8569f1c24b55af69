"""Every scheduled job, registered in one place. Jobs are thin calls into services."""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from coordination.accounts import sessions
from coordination.core import database
from coordination.core.settings import Settings
from coordination.feeds.jobs import FeedFilesJob


async def database_housekeeping() -> None:
    """Fold SQLite's write-ahead log back into the database file once an hour."""
    await database.checkpoint()


async def account_housekeeping() -> None:
    """Forget expired sign-in sessions, and sign-in attempts whose window is over."""
    await sessions.purge_expired_sessions()
    await sessions.forget_old_attempts()


def register_jobs(scheduler: AsyncIOScheduler, settings: Settings | None = None) -> None:
    settings = settings or Settings.from_env()
    scheduler.add_job(database_housekeeping, "interval", hours=1, id="database_housekeeping", replace_existing=True)
    scheduler.add_job(account_housekeeping, "interval", hours=1, id="account_housekeeping", replace_existing=True)
    # Rewrites the published .ics files when events changed; prunes expired tombstones of deleted events.
    scheduler.add_job(FeedFilesJob(settings).run, "interval", minutes=1, id="calendar_files", replace_existing=True)
