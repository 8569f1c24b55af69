"""Never give a deleted event's or activity's id to a new one on SQLite (hand-written).

SQLite gives a new row the largest id in the table plus one, so deleting the
latest event and creating another gave the new one the old id: a saved link
(`/events/9`, `/calendars/events/9.ics`) silently showed another event.
With AUTOINCREMENT, SQLite remembers the largest id ever used
(`sqlite_sequence`). A column cannot be changed in place in SQLite, so each
table is rebuilt the way SQLite's documentation prescribes: foreign keys off,
a new table with the same definition plus AUTOINCREMENT, rows copied, the
old table dropped, the new one renamed, its indexes recreated, foreign keys
checked, all in one transaction. The ids deleted before this migration are
remembered from the audit trail. PostgreSQL's sequences never reuse an id:
nothing to do there.
"""

import re
import sqlite3

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-01T06:19:32:130990"
VERSION = "1.38.0"
DESCRIPTION = "never reuse the id of a deleted event or activity on SQLite"

# Table, and the object_type its deletions have in the audit trail.
TABLES = [("event", "event"), ("activity", "activity")]
_PRIMARY_KEY = re.compile(r'"id" INTEGER PRIMARY KEY(?! AUTOINCREMENT)', re.IGNORECASE)


def _rebuild(connection: sqlite3.Connection, table: str, audited_as: str) -> None:
    (definition,) = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if "AUTOINCREMENT" in definition.upper():
        return
    indexes = [
        sql
        for (sql,) in connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
        )
    ]
    rebuilt = f"{table}__autoincrement"
    new_definition, replaced = _PRIMARY_KEY.subn('"id" INTEGER PRIMARY KEY AUTOINCREMENT', definition, count=1)
    if replaced != 1:
        raise RuntimeError(f"cannot find the primary key of {table!r} in {definition!r}")
    new_definition = new_definition.replace(f'CREATE TABLE "{table}"', f'CREATE TABLE "{rebuilt}"', 1)
    connection.execute(new_definition)
    connection.execute(f'INSERT INTO "{rebuilt}" SELECT * FROM "{table}"')
    connection.execute(f'DROP TABLE "{table}"')
    connection.execute(f'ALTER TABLE "{rebuilt}" RENAME TO "{table}"')
    for sql in indexes:
        connection.execute(sql)
    # Ids deleted before today are not in the table any more, but the audit trail names them.
    (highest,) = connection.execute(
        "SELECT MAX(id) FROM (SELECT MAX(id) AS id FROM \"" + table + "\" UNION ALL "
        "SELECT MAX(CAST(object_id AS INTEGER)) FROM audit_record "
        "WHERE object_type = ? AND object_id GLOB '[0-9]*')",
        (audited_as,),
    ).fetchone()
    connection.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    connection.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, highest or 0))


def autoincrement() -> None:
    engine = engine_finder()
    if not isinstance(engine, SQLiteEngine):
        return  # PostgreSQL: sequences never give an id twice
    connection = sqlite3.connect(engine.path, timeout=30, isolation_level=None)
    try:
        # Outside a transaction, or SQLite ignores it; dropping a table must not cascade to its children.
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("BEGIN IMMEDIATE")
        try:
            for table, audited_as in TABLES:
                _rebuild(connection, table, audited_as)
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    finally:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.close()


async def forwards():
    # Not in Piccolo's transaction: SQLite only turns foreign keys off outside one, and this runs its own.
    manager = MigrationManager(
        migration_id=ID, app_name="coordination", description=DESCRIPTION, wrap_in_transaction=False
    )
    manager.add_raw(autoincrement)
    return manager
