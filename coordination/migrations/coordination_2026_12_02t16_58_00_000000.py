"""Hand-written: every existing event's ``span_days`` worked out; indexes on (first_day, last_day) and on
(body, first_day, last_day).

The column came with 0 (the previous migration); the real span is the days from ``first_day`` to ``last_day``,
which each engine subtracts its own way (SQLite keeps dates as ISO text). "From today on" reads events by
first_day from the longest span before today (``events.services.list_events``); with last_day in the same index
the events of that window that are over are passed over in the index, without reading their rows (one event to
be confirmed "in 2026" makes the window a year long). The body's index does the same for one body's events (its
page and its upcoming events). Piccolo declares single-column indexes only; CREATE INDEX works on both engines.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-02T16:58:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Events: span_days of existing events; indexes on (first_day, last_day) and (body, first_day, last_day)"

SPANS = {
    "sqlite": 'UPDATE event SET span_days = CAST(julianday("last_day") - julianday("first_day") AS INTEGER)',
    "postgres": 'UPDATE event SET span_days = "last_day" - "first_day"',
}
INDEXES = [
    'CREATE INDEX IF NOT EXISTS event_body_first_last ON event ("body", "first_day", "last_day")',
    'CREATE INDEX IF NOT EXISTS event_first_last ON event ("first_day", "last_day")',
]
DROPS = ["DROP INDEX IF EXISTS event_body_first_last", "DROP INDEX IF EXISTS event_first_last"]


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
