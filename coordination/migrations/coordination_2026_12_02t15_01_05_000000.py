"""Hand-written: every existing event's ``span_days`` worked out, and an index on (body, first_day).

The column came with 0 (the previous migration); the real span is the days from ``first_day`` to ``last_day``,
which each engine subtracts its own way (SQLite keeps dates as ISO text). The (body, first_day) index lets a
body's events be read in date order from a given day without reading every event of the body first (the body
page and a body's upcoming events). Piccolo declares single-column indexes only; CREATE INDEX works on both.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-02T15:01:05:000000"
VERSION = "1.38.0"
DESCRIPTION = "Events: span_days of existing events; index on (body, first_day)"

SPANS = {
    "sqlite": 'UPDATE event SET span_days = CAST(julianday("last_day") - julianday("first_day") AS INTEGER)',
    "postgres": 'UPDATE event SET span_days = "last_day" - "first_day"',
}
INDEXES = ['CREATE INDEX IF NOT EXISTS event_body_first_day ON event ("body", "first_day")']
DROPS = ["DROP INDEX IF EXISTS event_body_first_day"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coordination", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl(SPANS[engine.engine_type])
        for statement in INDEXES:
            await engine.run_ddl(statement)

    async def drop() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in DROPS:
            await engine.run_ddl(statement)

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
