"""The ``coordination`` command line: serve, migrate, demo, backup."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from coordination.core import database
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
    from coordination.demo.loader import load_demo

    summary: dict[str, Any] = run_with_database(settings, lambda: load_demo(only_if_empty=not force))
    if summary.get("skipped"):
        click.echo("the database already holds a network; demo not loaded (use --force to merge it in)")
    elif not summary["counts"]:
        click.echo("the demo network is already complete; nothing to add")
    else:
        click.echo("demo network loaded: " + ", ".join(f"{count} {name}" for name, count in summary["counts"].items()))


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
