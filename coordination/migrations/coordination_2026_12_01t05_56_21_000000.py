"""Hand-written: one run per job and due time (Piccolo has no composite unique constraint).

Apart from the table migration before it because Piccolo runs a migration's
raw steps before creating its tables.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T05:56:21:000000"
VERSION = "1.38.0"
DESCRIPTION = "job_run: unique on (job, scheduled_for)"


class JobRun(Table, tablename="job_run"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coordination", description=DESCRIPTION)

    async def create_index():
        await JobRun.raw("CREATE UNIQUE INDEX job_run_job_scheduled_for ON job_run (job, scheduled_for)")

    async def drop_index():
        await JobRun.raw("DROP INDEX job_run_job_scheduled_for")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
