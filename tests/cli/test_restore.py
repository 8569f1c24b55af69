"""``coordination restore BACKUP``: a round trip through ``coordination backup``, and every refusal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import msgspec
import pytest

from coordination.app import create_app
from coordination.core.settings import Settings
from coordination.members import services as members
from coordination.members.schemas import MemberCreate
from tests.cli.test_cli import run_cli


async def _member(slug: str) -> None:
    await members.create_member(
        data=msgspec.convert({"slug": slug, "name": slug.title(), "kind": "city", "country": "ES"}, MemberCreate)
    )


def _replaced(folder: Path) -> list[Path]:
    """The databases a restore kept aside in ``folder``."""
    return sorted(folder.glob("*.replaced-*"))


async def _slugs(settings: Settings) -> list[str]:
    application = create_app(settings)
    async with application.lifespan():
        return [member.slug for member in (await members.list_members()).items]


async def test_a_backup_is_restored_once_the_server_is_stopped_and_the_replaced_database_is_kept(
    settings: Settings, database_url: str, tmp_path: Path
) -> None:
    backup = tmp_path / "backups" / "monday.sqlite3"
    if not database_url.startswith("sqlite"):
        refused = run_cli("restore", str(backup), database_url=database_url)
        assert refused.returncode == 1
        assert "for PostgreSQL use pg_restore" in refused.stderr
        return
    application = create_app(settings)
    async with application.lifespan():  # a server is running
        await _member("bilbao")
        made = run_cli("backup", str(backup), database_url=database_url)
        assert made.returncode == 0, made.stderr
        await members.delete_member(slug="bilbao")
        await _member("cahors")
        refused = run_cli("restore", str(backup), database_url=database_url)
        assert refused.returncode == 1
        assert "a coordination server is using" in refused.stderr
        assert "stop it first" in refused.stderr
        assert [m.slug for m in (await members.list_members()).items] == ["cahors"]

    restored = run_cli("restore", str(backup), database_url=database_url)
    assert restored.returncode == 0, restored.stderr
    assert await _slugs(settings) == ["bilbao"]
    [aside] = _replaced(Path(database_url.removeprefix("sqlite:///")).parent)
    assert f"the database it replaced is kept as {aside}" in restored.stdout
    with sqlite3.connect(aside) as kept:
        assert kept.execute("SELECT slug FROM member").fetchall() == [("cahors",)]
    kept.close()


async def test_restore_refuses_a_file_that_is_not_a_coordination_backup_and_changes_nothing(
    settings: Settings, database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("restore replaces an SQLite database; PostgreSQL is refused as a whole (test above)")
    application = create_app(settings)
    async with application.lifespan():
        await _member("bilbao")
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE member (slug TEXT)")
    connection.close()
    for path, reason in [
        (text, "is not an SQLite database"),
        (other, "is an SQLite database, but not one of coordination's"),
        (tmp_path / "missing.sqlite3", "is not a file"),
        (Path(database_url.removeprefix("sqlite:///")), "is the database itself"),
    ]:
        refused = run_cli("restore", str(path), database_url=database_url)
        assert refused.returncode == 1, path
        assert reason in refused.stderr, refused.stderr
    assert await _slugs(settings) == ["bilbao"]
    assert _replaced(tmp_path) == []
