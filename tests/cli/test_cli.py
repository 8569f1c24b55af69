"""The ``coordination`` command, run as a user runs it: a real process on a real database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    "serve",
    "scheduler",
    "jobs",
    "migrate",
    "demo",
    "backup",
    "restore",
    "feeds",
    "user",
    "mail",
    "reporting",
    "maturity",
    "export",
    "import",
]


def run_cli(*args: str, database_url: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COORDINATION_DATABASE_URL": database_url, "COORDINATION_SCHEDULER": "off"}
    return subprocess.run(
        [sys.executable, "-m", "coordination.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_explains_itself_with_help(command: str | None, tmp_path: Path) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = run_cli(*args, database_url=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: ")
    if command is None:
        for name in COMMANDS:
            assert f"  {name} " in result.stdout


def test_migrate_creates_the_schema_in_wal_mode_and_is_repeatable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/data/db.sqlite3"
    first = run_cli("migrate", database_url=url)
    assert first.returncode == 0, first.stderr
    second = run_cli("migrate", database_url=url)
    assert second.returncode == 0, second.stderr
    with sqlite3.connect(tmp_path / "data" / "db.sqlite3") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"member", "body", "leadership_term", "activity", "event", "event_session"} <= tables
    assert journal == "wal"


def test_backup_copies_a_database_while_another_connection_writes(tmp_path: Path) -> None:
    source = tmp_path / "db.sqlite3"
    url = f"sqlite:///{source}"
    assert run_cli("migrate", database_url=url).returncode == 0
    writer = sqlite3.connect(source, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO member (slug, name, kind, country, website, revision, created_at, updated_at) "
        "VALUES ('bilbao', 'Bilbao', 'city', 'ES', '', 1, '2020-01-01T00:00:00+00:00', '2020-01-01T00:00:00+00:00')"
    )
    # The writer's transaction is still open: the backup must see the last committed state, consistently.
    result = run_cli("backup", str(tmp_path / "copy.sqlite3"), database_url=url)
    writer.execute("COMMIT")
    writer.close()
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM member").fetchone()[0] == 0
    result = run_cli("backup", str(tmp_path / "copy2.sqlite3"), database_url=url)
    with sqlite3.connect(tmp_path / "copy2.sqlite3") as copy:
        assert copy.execute("SELECT name FROM member").fetchall() == [("Bilbao",)]


def test_backup_of_postgresql_points_to_pg_dump(tmp_path: Path) -> None:
    result = run_cli("backup", str(tmp_path / "x"), database_url="postgresql://postgres@127.0.0.1:5432/test")
    assert result.returncode != 0
    assert "pg_dump" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        *(("user", name) for name in ("create", "list", "roles", "grant", "revoke", "disable", "invite")),
        ("user", "reset-password"),
        ("mail", "send-due"),
        ("mail", "list"),
    ],
)
def test_every_user_and_mail_subcommand_explains_itself_with_help(command: tuple[str, str], tmp_path: Path) -> None:
    result = run_cli(*command, "--help", database_url=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: ")


def test_demo_loads_the_network_and_prints_demo_accounts_then_adds_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/db.sqlite3"
    assert run_cli("migrate", database_url=url).returncode == 0
    first = run_cli("demo", database_url=url)
    assert first.returncode == 0, first.stderr
    assert "demo network loaded: 5 priorities, 41 members" in first.stdout
    assert "secretariat@demo.example.org" in first.stdout
    second = run_cli("demo", "--force", database_url=url)
    assert second.returncode == 0, second.stderr
    assert "the demo network is already complete; nothing to add" in second.stdout
