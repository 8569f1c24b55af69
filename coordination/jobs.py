"""Every scheduled job, registered in one place: one line each in ``scheduled_jobs``.

A job is ``Job(name, description, schedule, function)``: the name keys its
runs (never rename a job lightly: its history and catch-up follow the name),
the description is shown (translated) on the jobs page, the schedule is
``every(...)``, ``daily(...)`` or ``weekly(...)`` from
``coordination.scheduling.schedules``, and the function is an async call
taking a ``RunContext`` (see ``coordination/scheduling/job.py``: read the time
from ``run.now``; put database writes inside ``run.transaction()``). The
runner (``coordination/scheduling/runner.py``) runs each once per due time,
in one process, catching up after downtime.
"""

from __future__ import annotations

from datetime import time, timedelta

from coordination.accounts import invitations, sessions
from coordination.annual_report import jobs as annual_report_jobs
from coordination.core import database
from coordination.core.i18n import N_
from coordination.core.settings import Settings
from coordination.feeds.jobs import FeedFilesJob
from coordination.mail import services as outbox
from coordination.reporting import services as reporting
from coordination.scheduling import runs
from coordination.scheduling.job import Job, RunContext
from coordination.scheduling.schedules import daily, every, weekly

# Runs of scheduled jobs are kept this long (each job's latest run is always kept).
JOB_HISTORY_KEPT = timedelta(days=30)


async def database_housekeeping(run: RunContext) -> None:
    """Fold SQLite's write-ahead log back into the database file."""
    await database.checkpoint()


async def reporting_slots(run: RunContext) -> None:
    """Keep every period's slots in step with the bodies (added, closed, reopened); idempotent."""
    await reporting.reconcile_slots()


async def account_housekeeping(run: RunContext) -> None:
    """Forget expired sessions, sign-in attempts whose window is over, long-ended invitations and expired
    password reset links."""
    async with run.transaction():
        await sessions.purge_expired_sessions(now=run.now)
        await sessions.forget_old_attempts(now=run.now)
        await invitations.purge_ended_links(now=run.now)


async def mail_housekeeping(run: RunContext) -> None:
    """Forget mail sent more than a month ago."""
    await outbox.purge(now=run.now)


async def annual_report_drafts(run: RunContext) -> None:
    """Draft each year's annual report once its last reporting period has closed."""
    await annual_report_jobs.draft_closed_years(today=run.now.date())


async def job_history(run: RunContext) -> None:
    """Forget job runs older than 30 days, keeping each job's latest."""
    async with run.transaction():
        await runs.prune(before=run.now - JOB_HISTORY_KEPT)


async def reporting_reminders(run: RunContext) -> None:
    """Decide the reporting reminders due and queue their mail (each once: see reporting/reminders.py), then
    send it at once, as a request that queued mail does (the outbox's claims keep it to one copy)."""
    if await reporting.run_due(run.settings, now=run.now):
        await outbox.send_due(run.settings)


async def reporting_digest(run: RunContext) -> None:
    """The weekly digest to the secretariat, queued in the transaction that records the run: sent once."""
    async with run.transaction():
        await reporting.send_digest(run.settings, now=run.now)


def scheduled_jobs(settings: Settings) -> list[Job]:
    feed_files = FeedFilesJob(settings)

    async def calendar_files(run: RunContext) -> None:
        """Rewrite the published .ics files when events changed; prune expired tombstones of deleted events."""
        await feed_files.run(now=run.now)

    async def mail_outbox(run: RunContext) -> None:
        """Send the mail that is due. Safe to run beside another sender (the CLI, the send after a request):
        each message is claimed by one of them; the claims and marks are the sender's own transactions."""
        await outbox.send_due(run.settings, now=run.now)

    return [
        Job("calendar_files", N_("Publish the calendar feed files"), every(minutes=1), calendar_files),
        Job("database_housekeeping", N_("Tidy the database file"), every(hours=1), database_housekeeping),
        Job(
            "account_housekeeping",
            N_("Forget expired sessions, invitations and password reset links"),
            every(hours=1),
            account_housekeeping,
        ),
        Job("job_history", N_("Forget job runs older than 30 days"), daily(time(3, 15)), job_history),
        # Requests that queue mail send it right after their answer; this sends the retries and anything left over.
        Job("mail_outbox", N_("Send the mail that is due"), every(minutes=1), mail_outbox),
        Job("mail_housekeeping", N_("Forget mail sent more than a month ago"), every(hours=1), mail_housekeeping),
        Job(
            "reporting_slots",
            N_("Keep the reporting slots in step with the bodies"),
            every(minutes=1),
            reporting_slots,
        ),
        Job(
            "reporting_reminders",
            N_("Remind reporters of the reports they owe"),
            every(seconds=settings.reminders_check_seconds),
            reporting_reminders,
        ),
        Job(
            "reporting_digest",
            N_("Send the secretariat the weekly reporting digest"),
            weekly(0, time(settings.reminder_hour, 0), timezone=settings.timezone),
            reporting_digest,
        ),
        # Starts a year's annual report once its last reporting period has closed (idempotent).
        Job(
            "annual_report_drafts",
            N_("Draft the annual report once the year's last reporting period has closed"),
            daily(time(4, 0)),
            annual_report_drafts,
        ),
    ]
