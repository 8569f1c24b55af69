"""The data migration from one role per user to role assignments, run on a database that holds the old shape.

Each backend gets a database migrated only as far as the initial migration
(``piccolo migrations forwards coordination <id>``), rows of the old shape
written with SQL (users with each role, one whose member was deleted, a
disabled one, their sessions and tokens, a pending invitation), then the real
``coordination migrate``; the rows are then read through the services.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from coordination.accounts import invitations, rules
from coordination.accounts import services as accounts
from coordination.accounts.enums import Role
from coordination.app import create_app
from coordination.bodies import services as bodies
from coordination.core.settings import Settings
from coordination.members import services as members
from tests.conftest import migrate
from tests.migrating import database_at

INITIAL = "2026-12-01T05:42:42:570926"
CREATED = "2026-11-03 10:00:00+00:00"
_names = itertools.count()

# Written with the old columns: role, member and body on the user and on the invitation.
OLD_ROWS = [
    "INSERT INTO member (id, slug, name, kind, country, website, revision, created_at, updated_at) "
    f"VALUES (1, 'bilbao', 'Bilbao', 'city', 'ES', '', 1, '{CREATED}', '{CREATED}')",
    "INSERT INTO member (id, slug, name, kind, country, website, revision, created_at, updated_at) "
    f"VALUES (2, 'antony', 'Ville d’Antony', 'city', 'FR', '', 1, '{CREATED}', '{CREATED}')",
    "INSERT INTO body (id, slug, name, kind, mandate, status, revision, created_at, updated_at) "
    "VALUES (1, 'digital-cities', 'Digital Cities', 'community_of_practice', '', 'active', 1, "
    f"'{CREATED}', '{CREATED}')",
    *(
        "INSERT INTO account_user (id, email, name, role, member, body, password_hash, disabled, revision, "
        f"created_at, updated_at) VALUES ({user_id}, '{email}', '', '{role}', {member}, {body}, 'x', {disabled}, 1, "
        f"'{CREATED}', '{CREATED}')"
        for user_id, email, role, member, body, disabled in [
            (1, "secretariat@example.org", "secretariat", "NULL", "NULL", "false"),
            (2, "lead@example.org", "body_lead", "NULL", 1, "false"),
            (3, "focal@example.org", "focal_point", 1, "NULL", "false"),
            # Their member was deleted (the column was set to null): no role left to move.
            (4, "orphan@example.org", "focal_point", "NULL", "NULL", "false"),
            (5, "gone@example.org", "focal_point", 2, "NULL", "true"),
        ]
    ),
    "INSERT INTO account_session (user, token_hash, address, user_agent, created_at, last_seen_at, expires_at) "
    f"VALUES (3, 'session-hash', '', '', '{CREATED}', '{CREATED}', '2099-01-01 00:00:00+00:00')",
    "INSERT INTO account_api_token (user, name, token_hash, prefix, created_at) "
    f"VALUES (2, 'script', 'token-hash', 'coord_abc', '{CREATED}')",
    "INSERT INTO account_invitation (email, name, role, member, body, token_hash, invited_by, created_at, expires_at) "
    f"VALUES ('new@example.org', 'Newcomer', 'focal_point', 2, NULL, 'invitation-hash', 1, '{CREATED}', "
    "'2099-01-01 00:00:00+00:00')",
]


@pytest.fixture(params=["sqlite", "postgresql"])
async def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database at the initial migration, holding rows of the old shape."""
    async with database_at(
        request.param,
        tmp_path,
        INITIAL,
        OLD_ROWS,
        on_sqlite=lambda sql: sql.replace('"user"', "user"),
        on_postgres=lambda sql: sql.replace(" (user,", ' ("user",'),
    ) as url:
        yield url


async def test_each_users_single_role_becomes_an_assignment_and_the_old_columns_go(
    old_database: str, tmp_path: Path
) -> None:
    migrate(old_database)  # the real `coordination migrate`, as an upgrade runs it
    app = create_app(Settings.from_env(database_url=old_database, data_dir=tmp_path, scheduler_enabled=False))
    async with app.lifespan():
        users = {user.email: user for user in (await accounts.list_users()).items}
        held = {
            email: [(a.role, a.member, a.body, a.start_date, a.status) for a in user.assignments]
            for email, user in users.items()
        }
        since = date(2026, 11, 3)  # the day each account was created
        assert held == {
            "secretariat@example.org": [(Role.secretariat, None, None, since, "active")],
            "lead@example.org": [(Role.body_lead, None, "digital-cities", since, "active")],
            "focal@example.org": [(Role.focal_point, "bilbao", None, since, "active")],
            "orphan@example.org": [],
            "gone@example.org": [(Role.focal_point, "antony", None, since, "active")],
        }
        assert users["gone@example.org"].disabled
        assert {user.language for user in users.values()} == {"en"}
        # What the moved roles allow is what the single roles allowed.
        lead = await accounts.principal_of_user(user_id=users["lead@example.org"].id, via="test")
        focal = await accounts.principal_of_user(user_id=users["focal@example.org"].id, via="test")
        assert rules.can_edit_body(lead, body_id=await bodies.body_id(slug="digital-cities"))
        assert rules.can_edit_member(focal, member_id=await members.member_id(slug="bilbao"))
        assert not rules.can_edit_member(lead, member_id=await members.member_id(slug="bilbao"))
        # The pending invitation will give the role it named.
        [invitation] = (await invitations.list_invitations(pending_only=True)).items
        assert [(g.role, g.member) for g in invitation.assignments] == [(Role.focal_point, "antony")]
    # Nothing that pointed at the users was lost, and the old columns are gone.
    if old_database.startswith("sqlite"):
        with sqlite3.connect(old_database.removeprefix("sqlite:///")) as connection:
            columns = {row[1] for row in connection.execute("PRAGMA table_info(account_user)")}
            invitation_columns = {row[1] for row in connection.execute("PRAGMA table_info(account_invitation)")}
            counts = [connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in OWNED]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    else:
        connection = await asyncpg.connect(old_database)
        try:
            columns = await _columns(connection, "account_user")
            invitation_columns = await _columns(connection, "account_invitation")
            counts = [await connection.fetchval(f"SELECT count(*) FROM {table}") for table in OWNED]
        finally:
            await connection.close()
    assert not {"role", "member", "body"} & columns
    assert not {"role", "member", "body"} & invitation_columns
    assert "language" in columns
    assert counts == [1, 1, 1]


OWNED = ["account_session", "account_api_token", "account_invitation"]


async def _columns(connection: asyncpg.Connection, table: str) -> set[str]:
    rows = await connection.fetch("SELECT column_name FROM information_schema.columns WHERE table_name = $1", table)
    return {row["column_name"] for row in rows}
