"""The runner's lease and the record of every job run.

``job_run`` is unique on (job, scheduled_for): a due time is claimed once,
whichever process asks (the unique index is made in the migration, Piccolo
having no composite unique constraint).
"""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from coordination.scheduling.enums import RunCause, RunOutcome


class JobLease(Table, tablename="job_lease"):
    """Who runs the scheduled jobs: the holder renews ``expires_at`` every heartbeat; after it, anyone may take over.

    Every change bumps ``version`` and names the version it read, so two processes that both see the lease
    free cannot both take it (compare-and-swap, the same on SQLite and PostgreSQL).
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    name = Varchar(length=50, unique=True)
    holder = Varchar(length=200, default="")  # host:pid:random of the process; empty when released
    version = Integer(default=0)
    acquired_at = Timestamptz(null=True, default=None)
    renewed_at = Timestamptz(null=True, default=None)
    expires_at = Timestamptz(null=True, default=None)


class JobRun(Table, tablename="job_run"):
    """One due time of one job, and what became of it."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    job = Varchar(length=100)
    scheduled_for = Timestamptz()  # the due time (UTC), or the moment of a manual run
    cause = Varchar(length=20, choices=RunCause)
    outcome = Varchar(length=20, choices=RunOutcome)
    attempts = Integer(default=1)
    holder = Varchar(length=200, default="")  # the process that ran (or runs) it
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    error = Text(default="")
