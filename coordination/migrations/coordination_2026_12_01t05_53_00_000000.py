"""Hand-written: the unique indexes of reporting (one slot per period and reporter, one version per number).

Piccolo's ``Unique`` constraint is added with ALTER TABLE … ADD CONSTRAINT, which SQLite does not have;
CREATE UNIQUE INDEX works on both. NULLs are distinct in both, so a body's slot (member NULL) and a
member's slot (body NULL) never clash.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T05:53:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Reporting: unique indexes on slots and report versions"

INDEXES = [
    'CREATE UNIQUE INDEX IF NOT EXISTS reporting_slot_period_body ON reporting_slot ("period", "body")',
    'CREATE UNIQUE INDEX IF NOT EXISTS reporting_slot_period_member ON reporting_slot ("period", "member")',
    'CREATE UNIQUE INDEX IF NOT EXISTS report_version_slot_number ON report_version ("slot", "number")',
    'CREATE INDEX IF NOT EXISTS reporting_slot_state ON reporting_slot ("state")',
    'CREATE INDEX IF NOT EXISTS report_entry_version ON report_entry ("version")',
    'CREATE INDEX IF NOT EXISTS report_transition_slot ON report_transition ("slot")',
]
DROPS = [
    "DROP INDEX IF EXISTS reporting_slot_period_body",
    "DROP INDEX IF EXISTS reporting_slot_period_member",
    "DROP INDEX IF EXISTS report_version_slot_number",
    "DROP INDEX IF EXISTS reporting_slot_state",
    "DROP INDEX IF EXISTS report_entry_version",
    "DROP INDEX IF EXISTS report_transition_slot",
]


async def _run(statements: list[str]) -> None:
    engine = engine_finder()
    assert engine is not None
    for statement in statements:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coordination", description=DESCRIPTION)

    async def create() -> None:
        await _run(INDEXES)

    async def drop() -> None:
        await _run(DROPS)

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
