"""Written by hand: the annual report's unique pairs, as indexes (SQLite cannot add table constraints)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T05:59:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "The annual report: one edition number per year, one summary per body of a draft"


class RawSql(Table):
    """Only used to run raw SQL on the migration's engine."""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coordination", description=DESCRIPTION)

    async def create_indexes():
        await RawSql.raw(
            "CREATE UNIQUE INDEX annual_report_edition_year_number ON annual_report_edition (year, number)"
        )
        await RawSql.raw(
            "CREATE UNIQUE INDEX annual_report_summary_draft_body ON annual_report_summary (draft, body_slug)"
        )

    async def drop_indexes():
        await RawSql.raw("DROP INDEX annual_report_edition_year_number")
        await RawSql.raw("DROP INDEX annual_report_summary_draft_body")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
