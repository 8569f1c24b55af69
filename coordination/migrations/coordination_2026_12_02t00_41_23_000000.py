"""Hand-written: the key that makes each reporting reminder decided once (slot, kind, due date it was
computed from).

CREATE UNIQUE INDEX works on SQLite and PostgreSQL alike (Piccolo's ``Unique`` is added with ALTER TABLE,
which SQLite lacks).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-02T00:41:23:000000"
VERSION = "1.38.0"
DESCRIPTION = "Reporting: one reminder per slot, kind and due date"

INDEXES = [
    "CREATE UNIQUE INDEX IF NOT EXISTS reporting_reminder_key "
    'ON reporting_reminder ("slot", "kind", "due_date")',
]
DROPS = ["DROP INDEX IF EXISTS reporting_reminder_key"]


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
