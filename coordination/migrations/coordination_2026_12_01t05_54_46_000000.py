"""Move each user's and each pending invitation's single role into role assignments, then drop the old columns.

Hand-written (the previous migration created the assignment tables). A user
who was a focal point of a member or lead of a body that no longer exists
(the old columns were set to null when it was deleted) gets no assignment:
there is nothing left for that role to be about.

SQLite cannot drop a column that a foreign key constraint names, and it
cannot turn foreign keys off inside the migration's transaction. So on
SQLite the constraints of the two old columns are first removed from the
stored schema (SQLite's documented procedure for removing a constraint:
``PRAGMA writable_schema``, then a new ``schema_version``); the rows are
untouched, and the columns are then dropped like on PostgreSQL.
"""

import re

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-01T05:54:46:000000"
VERSION = "1.38.0"
DESCRIPTION = "users' and invitations' single role into role assignments; drop role, member and body"

OLD_TABLES = ("account_user", "account_invitation")
# How Piccolo wrote the two foreign keys on SQLite, e.g.
# "member" INTEGER REFERENCES "member" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null
_REFERENCE = re.compile(r'("(?:member|body)" INTEGER) REFERENCES "\w+" \("id"\) ON DELETE (?:SET NULL|CASCADE) ON UPDATE CASCADE')

# A role's attachment is kept only where the role takes it: a member for a focal point, a body for a lead.
_ATTACHMENT = """
    role,
    CASE WHEN role = 'focal_point' THEN member END,
    CASE WHEN role = 'body_lead' THEN body END"""
_STILL_MEANINGFUL = """
    role = 'secretariat'
    OR (role = 'focal_point' AND member IS NOT NULL)
    OR (role = 'body_lead' AND body IS NOT NULL)"""


async def _run(engine, sql: str):
    return await engine.run_querystring(QueryString(sql))


async def move_roles_into_assignments():
    engine = engine_finder()
    sqlite = engine.engine_type == "sqlite"
    start_date = "date(created_at)" if sqlite else "CAST(created_at AS DATE)"
    await _run(
        engine,
        f"""
        INSERT INTO account_role_assignment
            ("user", role, member, body, start_date, end_date, revoked_at, revision, created_at, updated_at)
        SELECT id, {_ATTACHMENT}, {start_date}, NULL, NULL, 1, created_at, created_at
        FROM account_user
        WHERE {_STILL_MEANINGFUL}
        ORDER BY id
        """,
    )
    await _run(
        engine,
        f"""
        INSERT INTO account_invitation_assignment (invitation, role, member, body, start_date, end_date)
        SELECT id, {_ATTACHMENT}, NULL, NULL
        FROM account_invitation
        WHERE {_STILL_MEANINGFUL}
        ORDER BY id
        """,
    )
    if sqlite:
        await _remove_sqlite_references(engine)


async def _remove_sqlite_references(engine):
    """Take the foreign key constraints off the old member and body columns, so they can be dropped."""
    [version] = await _run(engine, "PRAGMA schema_version")
    await _run(engine, "PRAGMA writable_schema = ON")
    for table in OLD_TABLES:
        [row] = await _run(engine, f"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'")
        without, found = _REFERENCE.subn(r"\1", row["sql"])
        if found != 2:
            raise RuntimeError(f"{table}: expected the member and body foreign keys in {row['sql']!r}")
        await engine.run_querystring(
            QueryString("UPDATE sqlite_master SET sql = {} WHERE type = 'table' AND name = {}", without, table)
        )
    await _run(engine, f"PRAGMA schema_version = {int(version['schema_version']) + 1}")
    await _run(engine, "PRAGMA writable_schema = OFF")
    [check] = await _run(engine, "PRAGMA integrity_check")
    if check["integrity_check"] != "ok":
        raise RuntimeError(f"the schema change left the database inconsistent: {check}")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coordination", description=DESCRIPTION)
    # Runs before the column drops below (Piccolo runs raw steps first).
    manager.add_raw(move_roles_into_assignments)
    for class_name, tablename in (("User", "account_user"), ("Invitation", "account_invitation")):
        for column in ("body", "member", "role"):
            manager.drop_column(
                table_class_name=class_name,
                tablename=tablename,
                column_name=column,
                db_column_name=column,
                schema=None,
            )
    return manager
