"""The ``coordination`` command line: serve, migrate, demo, backup, restore, feeds, user."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from coordination.core import database
from coordination.core.errors import ServiceError
from coordination.core.settings import Settings

T = TypeVar("T")


def run_with_database(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work`` with every table bound to the configured database."""
    from coordination.piccolo_app import TABLES

    async def main() -> T:
        engine = database.engine_from_url(settings.database_url)
        database.bind_tables(engine, TABLES)
        await database.open_engine(engine)
        try:
            return await work()
        finally:
            await database.close_engine(engine)

    return asyncio.run(main())


def migrate_database(settings: Settings) -> None:
    # Piccolo finds its engine through PICCOLO_CONF, which reads the same URL as the app.
    os.environ["COORDINATION_DATABASE_URL"] = settings.database_url
    os.environ["PICCOLO_CONF"] = "coordination.piccolo_conf"
    database.engine_from_url(settings.database_url)  # creates the SQLite folder and turns WAL on
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = asyncio.run(run_forwards(app_name="all"))
    if not result.success:
        raise click.ClickException(f"migration failed: {result.message}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(context: click.Context) -> None:
    """Run the secretariat of a network of cities.

    The database is chosen by COORDINATION_DATABASE_URL (sqlite:///path or
    postgresql://user@host/db); by default an SQLite file under ./data.
    """
    context.obj = Settings.from_env()


@main.command()
@click.pass_obj
def migrate(settings: Settings) -> None:
    """Create or upgrade the database schema (Piccolo migrations)."""
    migrate_database(settings)
    click.echo(f"database is up to date ({settings.database_url})")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option("--no-migrate", is_flag=True, help="Do not migrate the database before serving.")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, workers: int, no_migrate: bool) -> None:
    """Serve the pages and the API (migrating the database first)."""
    import uvicorn

    if not no_migrate:
        migrate_database(settings)
    click.echo(f"serving on http://{host}:{port}")
    uvicorn.run("coordination.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


@main.command()
@click.option("--force", is_flag=True, help="Load the demo even if the database already holds members.")
@click.pass_obj
def demo(settings: Settings, force: bool) -> None:
    """Load the demo network (Digital Cities, Bilbao, DataCités…); safe to run twice."""
    from coordination.accounts.demo import load_demo_users
    from coordination.demo.loader import load_demo

    async def load() -> tuple[dict[str, Any], list[tuple[str, str]]]:
        summary = await load_demo(only_if_empty=not force)
        # Demo accounts have published passwords: only ever create them beside the demo network.
        users = [] if summary.get("skipped") else await load_demo_users()
        return summary, users

    summary, users = run_with_database(settings, load)
    if summary.get("skipped"):
        click.echo("the database already holds a network; demo not loaded (use --force to merge it in)")
        return
    if not summary["counts"]:
        click.echo("the demo network is already complete; nothing to add")
    else:
        click.echo("demo network loaded: " + ", ".join(f"{count} {name}" for name, count in summary["counts"].items()))
    if users:
        click.echo("demo accounts (for the demo only; sign in at /sign-in):")
        for email, password in users:
            click.echo(f"  {email:<34} {password}")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(settings: Settings, path: Path) -> None:
    """Write a consistent copy of the SQLite database to PATH, even while it is in use."""
    source = database.sqlite_path(settings.database_url)
    if source is None:
        raise click.ClickException("backup copies the embedded SQLite database; for PostgreSQL use pg_dump")
    if not source.exists():
        raise click.ClickException(f"no database at {source}; run `coordination migrate` first")
    database.backup_sqlite(source=source, destination=path)
    click.echo(f"backed up {source} to {path}")


@main.command()
@click.argument("backup_file", metavar="BACKUP", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def restore(settings: Settings, backup_file: Path) -> None:
    """Replace the SQLite database by BACKUP, a file written by `coordination backup`.

    Stop the server first: restore refuses while one is using the database.
    BACKUP must be a sound SQLite database written by coordination (this
    version or an older one). The database it replaces is kept beside it as
    <name>.replaced-<date and time>; the restored one is then migrated.
    """
    from datetime import datetime

    from coordination.core import maintenance
    from coordination.core.settings import PACKAGE_ROOT

    target = database.sqlite_path(settings.database_url)
    if target is None:
        raise click.ClickException("restore replaces the embedded SQLite database; for PostgreSQL use pg_restore")
    if target.exists() and backup_file.exists() and backup_file.resolve() == target.resolve():
        raise click.ClickException(f"{backup_file} is the database itself, not a backup of it")
    known = maintenance.migration_ids(PACKAGE_ROOT / "migrations")
    try:
        aside = maintenance.restore_sqlite(
            backup=backup_file, database=target, known_migrations=known, now=datetime.now()
        )
    except (maintenance.NotABackup, maintenance.ServerRunning) as exc:
        raise click.ClickException(str(exc)) from exc
    migrate_database(settings)
    if aside is not None:
        click.echo(f"restored {backup_file} into {target}; the database it replaced is kept as {aside}")
    else:
        click.echo(f"restored {backup_file} into {target}")


@main.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the .ics files  [default: COORDINATION_CALENDARS_DIR, or ./calendars]",
)
@click.pass_obj
def feeds(settings: Settings, output: Path | None) -> None:
    """Write the public calendar feeds as .ics files for any web server or CDN to publish.

    network.ics, bodies/<slug>.ics, members/<slug>.ics, priorities/<code>.ics
    and kinds/<kind>.ics; each is replaced atomically, and only if it changed.
    """
    from datetime import timedelta

    from coordination.feeds import services as feed_services

    target = output or settings.calendars_dir
    retention = timedelta(days=settings.feeds_retention_days)
    result = run_with_database(
        settings,
        lambda: feed_services.write_feed_files(output=target, base_url=settings.base_url, retention=retention),
    )
    click.echo(
        f"calendar feeds in {target}: {len(result.written)} written, {result.unchanged} unchanged, "
        f"{len(result.removed)} removed"
    )


# ------------------------------------------------------------------ users


def run_as_cli(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work`` against the database, recorded in the audit trail as done from the command line."""
    import getpass

    from coordination.core.actor import Actor, acting_as

    async def as_cli() -> T:
        with acting_as(Actor(user_id=None, label=f"cli:{getpass.getuser()}", via="cli")):
            return await work()

    return run_with_database(settings, as_cli)


def _fail(exc: ServiceError) -> click.ClickException:
    field = f"{exc.errors[0].field}: " if exc.errors else ""
    return click.ClickException(f"{field}{exc.detail}")


ROLE_CHOICES = ["secretariat", "body_lead", "focal_point"]


@main.group()
def user() -> None:
    """Manage the people who sign in: create, invite, list, disable, reset a password."""


@user.command("create")
@click.option("--email", required=True, help="Their email address, used to sign in.")
@click.option("--role", required=True, type=click.Choice(ROLE_CHOICES), help="What they may do.")
@click.option("--member", metavar="SLUG", help="The member a focal point speaks for.")
@click.option("--body", metavar="SLUG", help="The body a body lead leads.")
@click.option("--name", default="", help="Their name.")
@click.option("--password", help="Their password (at least 10 characters); asked for, or generated and printed.")
@click.pass_obj
def user_create(
    settings: Settings, email: str, role: str, member: str | None, body: str | None, name: str, password: str | None
) -> None:
    """Create a user who can sign in at once with a password."""
    import secrets

    from coordination.accounts import services as accounts
    from coordination.accounts.enums import Role
    from coordination.accounts.schemas import UserCreate

    generated = False
    if password is None and sys.stdin.isatty():
        password = click.prompt(
            "Password (empty to generate one)",
            default="",
            hide_input=True,
            confirmation_prompt=True,
            show_default=False,
        )
    if not password:
        password, generated = secrets.token_urlsafe(15), True
    data = UserCreate(email=email, role=Role(role), name=name, member=member, body=body)
    try:
        created = run_as_cli(settings, lambda: accounts.create_user(data=data, password=password))
    except ServiceError as exc:
        raise _fail(exc) from exc
    attached = f" of {created.member or created.body}" if created.member or created.body else ""
    click.echo(f"created {created.email} ({created.role.value}{attached})")
    if generated:
        click.echo(f"password: {password}")


@user.command("list")
@click.pass_obj
def user_list(settings: Settings) -> None:
    """List every user: email, role, what they are attached to, and whether they are disabled."""
    from coordination.accounts import services as accounts

    listed = run_as_cli(settings, lambda: accounts.list_users(limit=500))
    if not listed.items:
        click.echo("no users yet; create one with `coordination user create`")
    for item in listed.items:
        attached = item.member or item.body or ""
        status = "disabled" if item.disabled else ("active" if item.has_password else "no password yet")
        click.echo(f"{item.email}\t{item.role.value}\t{attached}\t{status}")


@user.command("disable")
@click.argument("email")
@click.pass_obj
def user_disable(settings: Settings, email: str) -> None:
    """Disable EMAIL's account: their sessions and API tokens stop working at once."""
    from coordination.accounts import services as accounts

    try:
        disabled = run_as_cli(settings, lambda: accounts.disable_user(email=email))
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"disabled {disabled.email}")


@user.command("invite")
@click.option("--email", required=True, help="Who to invite.")
@click.option("--role", required=True, type=click.Choice(ROLE_CHOICES), help="What they will be allowed to do.")
@click.option("--member", metavar="SLUG", help="The member a focal point speaks for.")
@click.option("--body", metavar="SLUG", help="The body a body lead leads.")
@click.option("--name", default="", help="Their name.")
@click.pass_obj
def user_invite(settings: Settings, email: str, role: str, member: str | None, body: str | None, name: str) -> None:
    """Mail EMAIL a link to set their password (valid 7 days); printed here when no SMTP server is configured."""
    from coordination.accounts import invitations
    from coordination.accounts.enums import Role
    from coordination.accounts.schemas import InvitationCreate

    data = InvitationCreate(email=email, role=Role(role), name=name, member=member, body=body)
    try:
        invitation, link = run_as_cli(settings, lambda: invitations.create_invitation(data=data, settings=settings))
    except ServiceError as exc:
        raise _fail(exc) from exc
    if invitation.mail_sent:
        click.echo(f"invited {invitation.email}; the link was mailed")
    else:
        click.echo(f"invited {invitation.email}; no mail was sent, give them this link yourself:\n{link}")


@user.command("reset-password")
@click.argument("email")
@click.pass_obj
def user_reset_password(settings: Settings, email: str) -> None:
    """Mail EMAIL a link to choose a new password (valid 2 hours); printed here when no SMTP server is configured."""
    from coordination.accounts import invitations

    link = run_as_cli(settings, lambda: invitations.request_password_reset(email=email, settings=settings))
    if link is None:
        raise click.ClickException(f"no active account for {email} (or too many links asked for in the last hour)")
    if settings.smtp_host:
        click.echo(f"a password reset link was mailed to {email}")
    else:
        click.echo(f"no mail was sent; give {email} this link yourself:\n{link}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
