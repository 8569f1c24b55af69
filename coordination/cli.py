"""The ``coordination`` command line: serve, scheduler, jobs, migrate, demo, backup, restore, feeds, report, user,
mail, reporting, reminders, maturity."""

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
@click.option(
    "--no-scheduler",
    is_flag=True,
    help="Run no scheduled jobs in these workers (as COORDINATION_SCHEDULER=off); see `coordination scheduler`.",
)
@click.pass_obj
def serve(settings: Settings, host: str, port: int, workers: int, no_migrate: bool, no_scheduler: bool) -> None:
    """Serve the pages and the API (migrating the database first).

    Each worker also runs the scheduled jobs' runner: the one holding the lease
    in the database runs the jobs, once, whatever the number of workers and hosts.
    """
    import uvicorn

    if not no_migrate:
        migrate_database(settings)
    if no_scheduler:
        os.environ["COORDINATION_SCHEDULER"] = "off"  # read by every worker's create_app()
    click.echo(f"serving on http://{host}:{port}")
    from coordination.core.access_log import uvicorn_options

    try:
        logging_options = uvicorn_options(settings.access_log)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    uvicorn.run(
        "coordination.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        **logging_options,
    )


@main.command()
@click.pass_obj
def scheduler(settings: Settings) -> None:
    """Run the scheduled jobs' runner alone, until stopped (SIGTERM or Ctrl-C).

    For deployments that serve with --no-scheduler. It holds the lease in the
    database while it runs the jobs; any number of them (and of serve workers)
    may run at once: one runs the jobs, another takes over within
    COORDINATION_JOBS_LEASE_SECONDS + COORDINATION_JOBS_HEARTBEAT_SECONDS if it dies.
    """
    import logging
    import signal

    from coordination import jobs as registry
    from coordination.scheduling.runner import Runner

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not a line per job run

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        runner = Runner(registry.scheduled_jobs(settings), settings=settings)
        click.echo(f"scheduler {runner.holder}: {len(runner.jobs)} jobs; waiting for the lease")
        async with runner.running():
            await stop.wait()
        click.echo(f"scheduler {runner.holder} stopped")

    run_with_database(settings, run)


@main.group()
def jobs() -> None:
    """The scheduled jobs: list them with their last and next runs, or run one now."""


def _when(value: Any) -> str:
    return "-" if value is None else f"{value:%Y-%m-%d %H:%M:%S}"


@jobs.command("list")
@click.pass_obj
def jobs_list(settings: Settings) -> None:
    """Each job: schedule, last run (due time, outcome, duration), next run, last error (times in UTC)."""
    from coordination import jobs as registry
    from coordination.core.schemas import utc_now
    from coordination.scheduling import services as scheduling
    from coordination.scheduling.schemas import JobStatus, LeaseOut

    async def read() -> tuple[LeaseOut, list[JobStatus]]:
        now = utc_now()
        return await scheduling.runner_lease(now=now), await scheduling.job_statuses(
            registry.scheduled_jobs(settings), now=now
        )

    lease, statuses = run_with_database(settings, read)
    if lease.alive:
        click.echo(f"runner: {lease.holder}, since {_when(lease.acquired_at)}, renewed {_when(lease.renewed_at)}")
    else:
        click.echo("runner: none is running; scheduled jobs wait for `coordination serve` or `coordination scheduler`")
    rows = [("JOB", "SCHEDULE", "LAST DUE", "OUTCOME", "DURATION", "NEXT DUE", "LAST ERROR")]
    for status in statuses:
        last = status.last_run
        duration = last.duration_seconds if last is not None else None
        failure = status.last_failure
        rows.append(
            (
                status.name,
                status.schedule.summary,
                _when(last.scheduled_for if last else None),
                last.outcome.value if last else "never run",
                "-" if duration is None else f"{duration:.2f} s",
                "overdue since " + _when(status.overdue_since) if status.overdue_since else _when(status.next_due),
                f"{_when(failure.scheduled_for)} {failure.error or failure.outcome.value}" if failure else "-",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1])


@jobs.command("run")
@click.argument("name")
@click.pass_obj
def jobs_run(settings: Settings, name: str) -> None:
    """Run job NAME now, in this process (recorded as run by hand); exits 1 if it fails."""
    from coordination import jobs as registry
    from coordination.scheduling.runner import JobBusy, Runner, UnknownJob, process_name

    runner = Runner(registry.scheduled_jobs(settings), settings=settings, holder=f"cli:{process_name()}")
    try:
        result = run_as_cli(settings, lambda: runner.run_now(name))
    except (UnknownJob, JobBusy) as exc:
        raise click.ClickException(str(exc.args[0])) from exc
    duration = result.duration_seconds or 0.0
    click.echo(f"{name}: {result.outcome.value} in {duration:.2f} s")
    if result.error:
        click.echo(result.error, err=True)
        sys.exit(1)


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


# ------------------------------------------------------------------ the annual report

REPORT_FORMATS = ["html", "pdf", "docx", "md", "json"]


@main.command()
@click.argument("year", type=click.IntRange(1900, 2200))
@click.option("--format", "format_", type=click.Choice(REPORT_FORMATS), default="pdf", show_default=True)
@click.option("--lang", "language", type=click.Choice(["en", "fr", "es"]), default="en", show_default=True)
@click.option("--body", metavar="SLUG", help="Only this body's chapter and events (the overview stays the network's).")
@click.option("--edition", type=click.IntRange(1), metavar="N", help="A frozen edition, as it was frozen.")
@click.option(
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="The file to write, or an existing folder to write it in under its usual name.",
)
@click.pass_obj
def report(
    settings: Settings,
    year: int,
    format_: str,
    language: str,
    body: str | None,
    edition: int | None,
    output: Path,
) -> None:
    """Write the annual report of YEAR: the draft as it reads now (with its texts, if started), or an edition.

    \b
    coordination report 2020 --format docx --lang fr --output report.docx
    coordination report 2020 --edition 1 --format pdf --lang es --output exports/
    """
    from coordination.annual_report import services as reports
    from coordination.annual_report.exporters import export

    async def build() -> Any:
        if edition is not None:
            return await reports.edition_model(year=year, number=edition, language=language, body=body)
        return await reports.draft_model(year=year, language=language, body=body, require_draft=False)

    steps = ["reading the data", "rendering", "writing"]
    with click.progressbar(
        length=len(steps),
        label=f"annual report {year} ({format_}, {language})",
        item_show_func=lambda step: step,
        file=sys.stderr,
    ) as progress:
        progress.update(0, steps[0])
        try:
            model = run_as_cli(settings, build)
        except ServiceError as exc:
            raise _fail(exc) from exc
        progress.update(1, steps[1])
        exported = export(model, format_)  # type: ignore[arg-type]
        progress.update(1, steps[2])
        target = output / exported.filename if output.is_dir() else output
        target.parent.mkdir(parents=True, exist_ok=True)
        draft = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        draft.write_bytes(exported.content)
        draft.replace(target)
        progress.update(1, "done")
    click.echo(f"wrote {target} ({len(exported.content):,} bytes)")


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


ASSIGN_HELP = "A role to give: secretariat, body_lead:BODY_SLUG or focal_point:MEMBER_SLUG (repeat for several)."


def _grant(spec: str, *, start: str | None = None, end: str | None = None) -> Any:
    """``secretariat``, ``body_lead:digital-cities`` or ``focal_point:bilbao`` as a grant."""
    from datetime import date

    from coordination.accounts.enums import Role
    from coordination.accounts.schemas import Grant

    role_name, _, given = spec.partition(":")
    try:
        role = Role(role_name.strip())
    except ValueError:
        raise click.BadParameter(f"{spec!r}: the role is one of secretariat, body_lead, focal_point") from None
    try:
        start_date = date.fromisoformat(start) if start else None
        end_date = date.fromisoformat(end) if end else None
    except ValueError as exc:
        raise click.BadParameter(f"dates are YYYY-MM-DD: {exc}") from None
    slug = given.strip() or None
    if role is Role.secretariat and slug is not None:
        raise click.BadParameter(f"{spec!r}: the secretariat is attached to no member or body")
    return Grant(
        role=role,
        member=slug if role is Role.focal_point else None,
        body=slug if role is Role.body_lead else None,
        start_date=start_date,
        end_date=end_date,
    )


def _describe(assignments: Any) -> str:
    """Roles as the ``--assign`` option spells them: "body_lead:digital-cities, focal_point:bilbao"."""
    return ", ".join(
        item.role.value + (f":{item.member or item.body}" if (item.member or item.body) else "") for item in assignments
    )


@main.group()
def user() -> None:
    """Manage the people who sign in and their roles: create, invite, list, roles, grant, revoke, disable,
    reset a password."""


@user.command("create")
@click.option("--email", required=True, help="Their email address, used to sign in.")
@click.option("--assign", "assign", multiple=True, required=True, metavar="ROLE[:SLUG]", help=ASSIGN_HELP)
@click.option("--name", default="", help="Their name.")
@click.option(
    "--language", type=click.Choice(["en", "fr", "es"]), default="en", show_default=True, help="Of their mail."
)
@click.option("--password", help="Their password (at least 10 characters); asked for, or generated and printed.")
@click.pass_obj
def user_create(
    settings: Settings, email: str, assign: tuple[str, ...], name: str, language: str, password: str | None
) -> None:
    """Create a user who can sign in at once with a password."""
    import secrets

    from coordination.accounts import services as accounts
    from coordination.accounts.schemas import UserCreate, as_language

    grants = [_grant(spec) for spec in assign]
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
    data = UserCreate(email=email, assignments=grants, name=name, language=as_language(language) or "en")
    try:
        created = run_as_cli(settings, lambda: accounts.create_user(data=data, password=password))
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"created {created.email} ({_describe(created.assignments)})")
    if generated:
        click.echo(f"password: {password}")


@user.command("list")
@click.pass_obj
def user_list(settings: Settings) -> None:
    """List every user: email, the roles that count today, and whether they are active or disabled."""
    from coordination.accounts import services as accounts

    listed = run_as_cli(settings, lambda: accounts.list_users(limit=500))
    if not listed.items:
        click.echo("no users yet; create one with `coordination user create`")
    for item in listed.items:
        roles = _describe(a for a in item.assignments if a.status == "active") or "no role"
        status = "disabled" if item.disabled else ("active" if item.has_password else "no password yet")
        click.echo(f"{item.email}\t{roles}\t{status}")


@user.command("roles")
@click.argument("email")
@click.pass_obj
def user_roles(settings: Settings, email: str) -> None:
    """List every role EMAIL holds or held, with its id (for `revoke`), its dates and whether it counts today."""
    from coordination.accounts import services as accounts

    found = run_as_cli(settings, lambda: accounts.find_user(email=email))
    if found is None:
        raise click.ClickException(f"no account for {email}")
    if not found.assignments:
        click.echo(f"{found.email} holds no role")
    for item in found.assignments:
        period = f"{item.start_date.isoformat()}..{item.end_date.isoformat() if item.end_date else ''}"
        click.echo(f"{item.id}\t{_describe([item])}\t{period}\t{item.status}")


@user.command("grant")
@click.argument("email")
@click.argument("role", metavar="ROLE[:SLUG]")
@click.option("--from", "start", metavar="YYYY-MM-DD", help="The first day it counts  [default: today]")
@click.option("--until", "end", metavar="YYYY-MM-DD", help="The last day it counts  [default: no end]")
@click.pass_obj
def user_grant(settings: Settings, email: str, role: str, start: str | None, end: str | None) -> None:
    """Give EMAIL one more role (secretariat, body_lead:BODY_SLUG or focal_point:MEMBER_SLUG); the others stay."""
    from coordination.accounts import services as accounts

    data = _grant(role, start=start, end=end)

    async def work() -> Any:
        found = await accounts.find_user(email=email)
        if found is None:
            raise click.ClickException(f"no account for {email}")
        return await accounts.grant(user_id=found.id, data=data)

    try:
        granted = run_as_cli(settings, work)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"{email} is now {_describe([granted])} (role {granted.id}, {granted.status})")


@user.command("revoke")
@click.argument("email")
@click.argument("assignment_id", type=int)
@click.pass_obj
def user_revoke(settings: Settings, email: str, assignment_id: int) -> None:
    """Revoke one of EMAIL's roles (its id from `coordination user roles EMAIL`); the others stay."""
    from coordination.accounts import services as accounts

    async def work() -> Any:
        found = await accounts.find_user(email=email)
        if found is None:
            raise click.ClickException(f"no account for {email}")
        return await accounts.revoke(user_id=found.id, assignment_id=assignment_id)

    try:
        revoked = run_as_cli(settings, work)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"revoked {_describe([revoked])} from {email}")


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
@click.option("--assign", "assign", multiple=True, required=True, metavar="ROLE[:SLUG]", help=ASSIGN_HELP)
@click.option("--name", default="", help="Their name.")
@click.option("--language", type=click.Choice(["en", "fr", "es"]), help="Of their mail  [default: the network's]")
@click.pass_obj
def user_invite(settings: Settings, email: str, assign: tuple[str, ...], name: str, language: str | None) -> None:
    """Mail EMAIL a link to set their password (valid 7 days); printed here when no SMTP server is configured."""
    from coordination.accounts import invitations
    from coordination.accounts.schemas import InvitationCreate, as_language
    from coordination.mail import services as outbox

    data = InvitationCreate(
        email=email,
        assignments=[_grant(spec) for spec in assign],
        name=name,
        language=as_language(language),
    )

    async def work() -> tuple[Any, str, Any]:
        invitation, link = await invitations.create_invitation(data=data, settings=settings)
        return invitation, link, await outbox.send_due(settings)

    try:
        invitation, link, delivery = run_as_cli(settings, work)
    except ServiceError as exc:
        raise _fail(exc) from exc
    if invitation.mail_id in delivery.sent:
        click.echo(f"invited {invitation.email}; the link was mailed")
    elif invitation.mail_id in delivery.retrying:
        click.echo(
            f"invited {invitation.email}; the mail server refused the mail for now (it is tried again later, "
            f"see /outbox); the link:\n{link}"
        )
    else:
        click.echo(f"invited {invitation.email}; no mail was sent, give them this link yourself:\n{link}")


@user.command("reset-password")
@click.argument("email")
@click.pass_obj
def user_reset_password(settings: Settings, email: str) -> None:
    """Mail EMAIL a link to choose a new password (valid 2 hours); printed here when no SMTP server is configured."""
    from coordination.accounts import invitations
    from coordination.mail import services as outbox

    async def work() -> tuple[str | None, Any]:
        made = await invitations.request_password_reset(email=email, settings=settings)
        return made, await outbox.send_due(settings)

    link, delivery = run_as_cli(settings, work)
    if link is None:
        raise click.ClickException(f"no active account for {email} (or too many links asked for in the last hour)")
    if delivery.sent:
        click.echo(f"a password reset link was mailed to {email}")
    else:
        click.echo(f"no mail was sent; give {email} this link yourself:\n{link}")


# ------------------------------------------------------------------ mail


@main.group()
def mail() -> None:
    """The outbox: mail waiting to be sent, sent, or refused."""


@mail.command("send-due")
@click.pass_obj
def mail_send_due(settings: Settings) -> None:
    """Send the mail that is due now (the scheduled job does the same every few seconds)."""
    from coordination.mail import services as outbox

    delivery = run_as_cli(settings, lambda: outbox.send_due(settings))
    click.echo(
        f"{len(delivery.sent)} sent, {len(delivery.retrying)} to try again later, {len(delivery.failed)} given up, "
        f"{len(delivery.logged)} written to the log (no SMTP server)"
    )


@mail.command("list")
@click.option("--troubled", is_flag=True, help="Only what failed or waits to be tried again.")
@click.pass_obj
def mail_list(settings: Settings, troubled: bool) -> None:
    """List the outbox, newest first: id, status, attempts, recipient, subject, last error."""
    from coordination.mail import services as outbox

    listed = run_as_cli(settings, lambda: outbox.list_messages(troubled_only=troubled, limit=200))
    for item in listed.items:
        click.echo(f"{item.id}\t{item.status}\t{item.attempts}\t{item.to}\t{item.subject}\t{item.last_error}")


# ------------------------------------------------------------------ reporting


@main.group()
def reporting() -> None:
    """Progress reporting: list the periods, print a period's completeness."""


@reporting.command("periods")
@click.pass_obj
def reporting_periods(settings: Settings) -> None:
    """List the reporting periods: slug, dates, due date, grace days, number of slots."""
    from coordination.reporting import services as reports

    listed = run_as_cli(settings, lambda: reports.list_periods(limit=500))
    if not listed.items:
        click.echo("no reporting period yet")
    for period in listed.items:
        click.echo(
            f"{period.slug}\t{period.start_date.isoformat()}..{period.end_date.isoformat()}\t"
            f"due {period.due_date.isoformat()}\tgrace {period.grace_days} days\t{period.slots} slots"
        )


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@reporting.command("status")
@click.argument("period")
@click.option("--format", "output", type=click.Choice(["text", "csv"]), default="text", show_default=True)
@click.pass_obj
def reporting_status(settings: Settings, period: str, output: str) -> None:
    """Print PERIOD's completeness: each reporter's state and timeliness, then the reporting and timeliness rates."""
    from coordination.reporting import exports
    from coordination.reporting import services as reports

    try:
        matrix = run_as_cli(settings, lambda: reports.completeness(period_slugs=[period]))
    except ServiceError as exc:
        raise _fail(exc) from exc
    if output == "csv":
        click.echo(exports.to_csv(matrix, language="en").content.decode("utf-8-sig"), nl=False)
        return
    rates = matrix.rates[0]
    width = min(40, max([len(row.reporter.name) for row in matrix.rows] + [8]))
    for row in matrix.rows:
        cell = row.cells[0]
        assert cell is not None
        submitted = cell.first_submitted_at.date().isoformat() if cell.first_submitted_at else "-"
        click.echo(
            f"{_shorten(row.reporter.name, width):<{width}}  {row.reporter.kind.value:<6}  {cell.state.value:<11}  "
            f"{cell.timeliness.value:<12}  due {cell.due_date.isoformat()}  submitted {submitted}"
        )

    def percent(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1f}%"

    click.echo(
        f"expected {rates.expected}, received {rates.received} (on time {rates.on_time}, in grace {rates.in_grace}, "
        f"late {rates.late}), approved {rates.approved}, awaiting review {rates.awaiting_review}, "
        f"exempt {rates.exempt}"
    )
    click.echo(f"reporting rate {percent(rates.reporting_rate)}, timeliness rate {percent(rates.timeliness_rate)}")


# ------------------------------------------------------------------ reminders


@main.group()
def reminders() -> None:
    """Reporting reminders: run the ones due now (the scheduled job does the same)."""


def _moment(value: str | None) -> Any:
    from datetime import UTC, datetime

    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date and time such as 2021-03-31T09:00+02:00") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@reminders.command("run-due")
@click.option("--dry-run", is_flag=True, help="Decide and send nothing; list what would be sent.")
@click.option(
    "--now",
    "now_text",
    metavar="DATETIME",
    help="Run as at this moment (ISO 8601; UTC unless it says otherwise), e.g. 2021-03-31T09:00. Default: now.",
)
@click.pass_obj
def reminders_run_due(settings: Settings, dry_run: bool, now_text: str | None) -> None:
    """Decide the reminders due now, queue their mail and send it; print each one sent (or, with --dry-run,
    that would be sent). Each reminder is decided once, whatever runs it and however often."""
    from coordination.mail import services as outbox
    from coordination.reporting import services as reports

    moment = _moment(now_text)

    async def work() -> tuple[Any, Any]:
        planned = await reports.run_due(settings, now=moment, dry_run=dry_run)
        delivery = None if dry_run else await outbox.send_due(settings)
        return planned, delivery

    planned, delivery = run_as_cli(settings, work)
    verb = "would send" if dry_run else "sent"
    for item in planned:
        to = ", ".join(item.recipients) or "nobody holds the role"
        click.echo(
            f"{verb}\t{item.period}\t{item.reporter}\t{item.state.value}\t{item.kind}\t"
            f"due {item.due_date.isoformat()}\tto {to}"
        )
    click.echo(f"{len(planned)} reminder(s) {'would be sent' if dry_run else 'decided'}")
    if delivery is not None and (delivery.retrying or delivery.failed):
        click.echo(f"{len(delivery.retrying) + len(delivery.failed)} message(s) not delivered yet: see /outbox")


# ------------------------------------------------------------------ maturity


@main.group("maturity")
def maturity_group() -> None:
    """Digital-maturity self-assessments: list the campaigns, print a campaign's figures."""


@maturity_group.command("campaigns")
@click.pass_obj
def maturity_campaigns(settings: Settings) -> None:
    """List the campaigns: slug, dates, framework and version, whether the figures are published."""
    from coordination.maturity import services as maturity

    listed = run_as_cli(settings, maturity.list_campaigns)
    if not listed:
        click.echo("no maturity campaign yet")
    for campaign in listed:
        published = "published" if campaign.published else "not published"
        click.echo(
            f"{campaign.slug}\t{campaign.start_date.isoformat()}..{campaign.end_date.isoformat()}\t"
            f"{campaign.framework.slug} v{campaign.framework.version}\t{published}"
        )


@maturity_group.command("figures")
@click.argument("campaign")
@click.option("--format", "output", type=click.Choice(["text", "csv"]), default="text", show_default=True)
@click.option("--lang", "language", type=click.Choice(["en", "fr", "es"]), default="en", show_default=True)
@click.pass_obj
def maturity_figures(settings: Settings, campaign: str, output: str, language: str) -> None:
    """Print CAMPAIGN's figures: per theme the members at each level, the median and the mean."""
    from coordination.maturity import exports
    from coordination.maturity import services as maturity

    try:
        figures = run_as_cli(
            settings, lambda: maturity.campaign_figures(slug=campaign, language=language, with_progress=True)
        )
    except ServiceError as exc:
        raise _fail(exc) from exc
    if output == "csv":
        click.echo(exports.to_csv(figures, language=language).content.decode("utf-8-sig"), nl=False)
        return
    click.echo(f"{figures.campaign.name}: {figures.participants} submitted, {figures.members_invited} started")
    width = min(40, max([len(theme.title) for theme in figures.themes] + [8]))
    for theme in figures.themes:
        levels = " ".join(f"{count:>3}" for count in theme.distribution)
        median = "-" if theme.median is None else f"{theme.median:g}"
        mean = "-" if theme.mean is None else f"{theme.mean:g}"
        weakest = "  (weakest)" if theme.theme in figures.weakest else ""
        click.echo(f"{_shorten(theme.title, width):<{width}}  {levels}   median {median}  mean {mean}{weakest}")


# ------------------------------------------------------------------ spreadsheets

SHEET_KINDS = [
    "members",
    "people",
    "bodies",
    "memberships",
    "leadership-terms",
    "activities",
    "events",
    "reporting-slots",
]


def _operator() -> Any:
    """Whoever runs the command line may do anything the secretariat may (they hold the database itself)."""
    from coordination.accounts.schemas import Principal

    return Principal(is_secretariat=True, via="cli", language="en")


@main.command("export")
@click.argument("kind", type=click.Choice(SHEET_KINDS))
@click.option("--format", "format_", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write."
)
@click.option("--filter", "filters", multiple=True, metavar="NAME=VALUE", help="A list filter, e.g. kind=city.")
@click.pass_obj
def export_sheet(settings: Settings, kind: str, format_: str, output: Path, filters: tuple[str, ...]) -> None:
    """Write every row of KIND as a CSV or XLSX file (columns in docs/SPREADSHEETS.md)."""
    from coordination.spreadsheets import services as spreadsheets

    chosen = dict(item.partition("=")[::2] for item in filters)
    try:
        exported = run_as_cli(
            settings,
            lambda: spreadsheets.export(kind=kind, principal=_operator(), format=format_, filters=chosen),
        )
    except ServiceError as exc:
        raise _fail(exc) from exc
    output.parent.mkdir(parents=True, exist_ok=True)
    draft = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    draft.write_bytes(exported.content)
    draft.replace(output)
    click.echo(f"wrote {output} ({len(exported.content):,} bytes)")


@main.command("import")
@click.argument("kind", type=click.Choice([name for name in SHEET_KINDS if name != "reporting-slots"]))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Write the changes (all or nothing); without it, only preview.")
@click.option(
    "--lang", type=click.Choice(["en", "fr", "es"]), default="en", show_default=True, help="The problems' language."
)
@click.pass_obj
def import_sheet(settings: Settings, kind: str, path: Path, apply_: bool, lang: str) -> None:
    """Preview importing PATH (CSV or XLSX) into KIND: what it adds, changes field by field, and every problem.

    With --apply, write it in one transaction; any problem and nothing is written (exit status 1)."""
    from coordination.spreadsheets import services as spreadsheets
    from coordination.spreadsheets.schemas import RowPreview

    content = path.read_bytes()

    async def work() -> tuple[Any, Any]:
        planned, preview = await spreadsheets.preview_content(
            kind=kind, principal=_operator(), file_name=path.name, content=content, language=lang
        )
        if not apply_ or not preview.can_apply:
            return preview, None
        expected = {item.row: (item.action, item.old.revision if item.old else None) for item in planned}
        applied = await spreadsheets.apply_content(
            kind=kind, principal=_operator(), file_name=path.name, content=content, language=lang, expected=expected
        )
        return preview, applied

    try:
        preview, applied = run_as_cli(settings, work)
    except ServiceError as exc:
        raise _fail(exc) from exc

    def show(rows: list[RowPreview]) -> None:
        for row in rows:
            label = f"row {row.row}" + (f" ({row.key})" if row.key else "")
            if row.errors:
                for problem in row.errors:
                    click.echo(f"{label}: error in {problem.column}: {problem.message}")
            elif row.action == "create":
                click.echo(f"{label}: add")
            else:
                for change in row.changes:
                    click.echo(f"{label}: {change.column}: {change.before!r} -> {change.after!r}")

    show(preview.rows)
    click.echo(
        f"{preview.created} to add, {preview.updated} to change, {preview.unchanged} unchanged, "
        f"{preview.errors} with problems"
    )
    if preview.errors:
        raise click.ClickException("nothing was written: fix the problems above and try again")
    if applied is not None:
        if not applied.applied:
            show(applied.rows)
            raise click.ClickException("nothing was written: the rows above stopped the import")
        click.echo(f"imported: {applied.created} added, {applied.updated} changed")
    elif apply_:
        click.echo("nothing to import")
    else:
        click.echo("preview only: run again with --apply to write it")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
