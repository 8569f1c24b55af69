"""``coordination user …`` run as an operator runs it: real processes on a real (SQLite) database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from tests.conftest import Databases

SUBCOMMANDS = ["create", "list", "roles", "grant", "revoke", "disable", "invite", "reset-password"]


def run_cli(*args: str, database_url: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("COORDINATION_SMTP_")}
    env.update(
        COORDINATION_DATABASE_URL=database_url, COORDINATION_DATA_DIR=str(data_dir), COORDINATION_SCHEDULER="off"
    )
    return subprocess.run(
        [sys.executable, "-m", "coordination.cli", "user", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def database(databases: Databases, tmp_path: Path) -> tuple[str, Path]:
    url = databases.sqlite(tmp_path)
    return url, Path(url.removeprefix("sqlite:///"))


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


@pytest.mark.parametrize("command", [None, "create", "invite", "roles", "grant", "revoke"])
def test_every_user_command_explains_itself_with_help(command: str | None, tmp_path: Path) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = run_cli(*args, database_url=f"sqlite:///{tmp_path}/db.sqlite3", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: ")
    if command is None:
        for name in SUBCOMMANDS:
            assert f"  {name} " in result.stdout


def test_create_generates_and_prints_a_password_that_works(database: tuple[str, Path], tmp_path: Path) -> None:
    url, path = database
    result = run_cli(
        "create", "--email", "Admin@Example.org", "--assign", "secretariat", database_url=url, data_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "created admin@example.org (secretariat)"
    assert lines[1].startswith("password: ")
    password = lines[1].removeprefix("password: ")
    assert len(password) >= 20
    [(stored,)] = _rows(path, "SELECT password_hash FROM account_user WHERE email = 'admin@example.org'")
    assert PasswordHasher().verify(str(stored), password)
    operator = f"cli:{os.environ.get('USER') or __import__('getpass').getuser()}"
    assert _rows(path, "SELECT action, actor, via FROM audit_record") == [
        ("user.created", operator, "cli"),
        ("role_assignment.granted", operator, "cli"),
    ]


def test_create_with_a_password_list_and_disable(database: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = database
    created = run_cli(
        "create",
        "--email",
        "lead@example.org",
        "--assign",
        "secretariat",
        "--password",
        "a long enough password",
        database_url=url,
        data_dir=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    assert "password:" not in created.stdout
    second = run_cli(
        "create",
        "--email",
        "other@example.org",
        "--assign",
        "secretariat",
        "--password",
        "another long password",
        database_url=url,
        data_dir=tmp_path,
    )
    assert second.returncode == 0
    disabled = run_cli("disable", "lead@example.org", database_url=url, data_dir=tmp_path)
    assert disabled.returncode == 0, disabled.stderr
    assert disabled.stdout.strip() == "disabled lead@example.org"
    assert run_cli("list", database_url=url, data_dir=tmp_path).stdout.splitlines() == [
        "lead@example.org\tsecretariat\tdisabled",
        "other@example.org\tsecretariat\tactive",
    ]


def test_create_refuses_a_bad_attachment_and_writes_nothing(database: tuple[str, Path], tmp_path: Path) -> None:
    url, path = database
    for args, message in [
        (["--assign", "focal_point:antony"], "assignments[0].member: no member has the slug 'antony'"),
        (["--assign", "focal_point"], "assignments[0].member: a member focal point needs a member"),
        (
            ["--assign", "secretariat", "--assign", "body_lead"],
            "assignments[1].body: a body lead needs a body",
        ),
        (["--assign", "mayor"], "Invalid value: 'mayor': the role is one of secretariat, body_lead, focal_point"),
        (
            ["--assign", "secretariat", "--password", "short"],
            "password: the password must have at least 10 characters",
        ),
    ]:
        result = run_cli("create", "--email", "x@example.org", *args, database_url=url, data_dir=tmp_path)
        assert result.returncode in (1, 2), result.stdout
        assert message in result.stderr
    assert _rows(path, "SELECT count(*) FROM account_user") == [(0,)]
    assert run_cli("disable", "x@example.org", database_url=url, data_dir=tmp_path).returncode == 1


def test_invite_and_reset_print_the_link_without_smtp(database: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = database
    invited = run_cli(
        "invite", "--email", "new@example.org", "--assign", "secretariat", database_url=url, data_dir=tmp_path
    )
    assert invited.returncode == 0, invited.stderr
    assert invited.stdout.splitlines()[0] == "invited new@example.org; no mail was sent, give them this link yourself:"
    assert invited.stdout.splitlines()[1].startswith("http://127.0.0.1:8000/invitations/")
    # The log says the same, for a server where nobody watches the terminal.
    assert "http://127.0.0.1:8000/invitations/" in invited.stderr
    run_cli(
        "create",
        "--email",
        "ana@example.org",
        "--assign",
        "secretariat",
        "--password",
        "a long enough password",
        database_url=url,
        data_dir=tmp_path,
    )
    reset = run_cli("reset-password", "ana@example.org", database_url=url, data_dir=tmp_path)
    assert reset.returncode == 0, reset.stderr
    assert reset.stdout.splitlines()[1].startswith("http://127.0.0.1:8000/password-reset/")
    unknown = run_cli("reset-password", "nobody@example.org", database_url=url, data_dir=tmp_path)
    assert unknown.returncode == 1


def test_roles_are_listed_granted_and_revoked_one_by_one(database: tuple[str, Path], tmp_path: Path) -> None:
    url, path = database
    with sqlite3.connect(path) as connection:
        now = "2026-01-01T00:00:00+00:00"
        connection.execute(
            "INSERT INTO body (slug, name, kind, mandate, status, revision, created_at, updated_at) "
            "VALUES ('digital-cities', 'Digital Cities', 'community_of_practice', '', 'active', 1, ?, ?)",
            (now, now),
        )
        connection.execute(
            "INSERT INTO member (slug, name, kind, country, website, revision, created_at, updated_at) "
            "VALUES ('bilbao', 'Bilbao', 'city', 'ES', '', 1, ?, ?)",
            (now, now),
        )
    created = run_cli(
        "create",
        "--email",
        "ana@example.org",
        "--assign",
        "body_lead:digital-cities",
        "--password",
        "a long enough password",
        database_url=url,
        data_dir=tmp_path,
    )
    assert created.stdout.splitlines()[0] == "created ana@example.org (body_lead:digital-cities)", created.stderr
    granted = run_cli("grant", "ana@example.org", "focal_point:bilbao", database_url=url, data_dir=tmp_path)
    assert granted.returncode == 0, granted.stderr
    assert granted.stdout.startswith("ana@example.org is now focal_point:bilbao (role ")
    twice = run_cli("grant", "ana@example.org", "focal_point:bilbao", database_url=url, data_dir=tmp_path)
    assert (twice.returncode, "role: this person already holds this role over those days" in twice.stderr) == (1, True)
    later = run_cli(
        "grant", "ana@example.org", "secretariat", "--from", "2099-01-01", database_url=url, data_dir=tmp_path
    )
    assert later.returncode == 0, later.stderr
    listed = run_cli("list", database_url=url, data_dir=tmp_path).stdout.splitlines()
    # Only the roles that count today.
    assert listed == ["ana@example.org\tbody_lead:digital-cities, focal_point:bilbao\tactive"]
    roles = [
        line.split("\t")
        for line in run_cli("roles", "ana@example.org", database_url=url, data_dir=tmp_path).stdout.splitlines()
    ]
    assert [(role, status) for _, role, _, status in roles] == [
        ("body_lead:digital-cities", "active"),
        ("focal_point:bilbao", "active"),
        ("secretariat", "future"),
    ]
    lead_id = roles[0][0]
    revoked = run_cli("revoke", "ana@example.org", lead_id, database_url=url, data_dir=tmp_path)
    assert revoked.stdout.strip() == "revoked body_lead:digital-cities from ana@example.org", revoked.stderr
    assert run_cli("list", database_url=url, data_dir=tmp_path).stdout.splitlines() == [
        "ana@example.org\tfocal_point:bilbao\tactive"
    ]
    assert _rows(path, "SELECT role, revoked_at IS NOT NULL FROM account_role_assignment ORDER BY id") == [
        ("body_lead", 1),
        ("focal_point", 0),
        ("secretariat", 0),
    ]
