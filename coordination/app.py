"""The Litestar application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import msgspec
from litestar import Litestar, Response, Router, get
from litestar.config.compression import CompressionConfig
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from coordination import display, jobs
from coordination.accounts import guards as accounts_guards
from coordination.accounts.middleware import accounts_middleware
from coordination.core import database, error_pages, maintenance
from coordination.core.edge import MAX_BODY_BYTES, edge_middleware, security_headers, strict_json_body
from coordination.core.pages import PAGE_SITE_KEY
from coordination.core.response_cache import STATE_KEY as RESPONSE_CACHE_KEY
from coordination.core.response_cache import ResponseCache, response_cache_middleware
from coordination.core.settings import PACKAGE_ROOT, Settings, served_over_https
from coordination.core.templating import build_environment, package_template_dirs
from coordination.feeds import routes as feed_routes
from coordination.feeds.cache import FeedCache, notice_writes
from coordination.feeds.http import serve_current_feeds
from coordination.feeds.routes import SKIP_COMPRESSION
from coordination.piccolo_app import TABLES
from coordination.routing import API_HANDLERS, FEED_HANDLERS, PAGE_HANDLERS
from coordination.scheduling.runner import Runner

# The migrations this version ships; /health says whether they have all run.
MIGRATIONS = maintenance.migration_ids(PACKAGE_ROOT / "migrations")


class Health(msgspec.Struct):
    status: str  # "ok", or "unavailable" (with the answer 503)
    database: str  # "sqlite" or "postgresql"
    migrated: bool  # every migration of this version has run
    detail: str = ""  # what is wrong, when something is


class Liveness(msgspec.Struct):
    status: str


@get(
    "/health",
    tags=["system"],
    responses={
        503: ResponseSpec(data_container=Health, description="The database does not answer, or is not migrated")
    },
)
async def health() -> Response[Health]:
    """Ready to serve: the database answers and every migration of this version has run (503 otherwise)."""
    state = await maintenance.database_state(MIGRATIONS)
    answer = Health(
        status="ok" if state.ready else "unavailable",
        database=database.backend_name(),
        migrated=state.reachable and not state.pending,
        detail=state.detail,
    )
    return Response(answer, status_code=200 if state.ready else 503)


@get("/health/live", tags=["system"])
async def liveness() -> Liveness:
    """The process answers; nothing else is asked (for a supervisor that restarts hung workers)."""
    return Liveness(status="ok")


@dataclass(frozen=True)
class AppShape:
    """The settings the Litestar object itself is built from; everything else is read at startup or per request.

    Building the app (registering ~300 handlers, compiling templates) takes about half a second. Keeping
    that apart from the database and directories lets a process that serves one deployment after another
    (the test suite: a fresh database per test) build the app once per shape and only re-attach settings.
    """

    base_url: str
    templates_dir: Path
    debug: bool

    @classmethod
    def of(cls, settings: Settings) -> AppShape:
        return cls(base_url=settings.base_url, templates_dir=settings.templates_dir, debug=settings.debug)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    app = build_app(AppShape.of(settings))
    attach_settings(app, settings)
    return app


def attach_settings(app: Litestar, settings: Settings) -> None:
    """Bind the tables to the settings' database and give the app fresh per-deployment state.

    Called before the app starts (its lifespan opens the engine chosen here); the app must have been
    built for the same shape.
    """
    if AppShape.of(settings) != app.state.shape:
        raise ValueError("these settings need an app built for another shape (base URL, templates, debug)")
    engine = database.engine_from_url(settings.database_url)
    database.bind_tables(engine, TABLES)
    # Nothing learnt from the previous database (the network's name, cached feeds) survives.
    app.state.clear()
    app.state.shape = AppShape.of(settings)
    app.state.settings = settings
    app.state.engine = engine
    app.state.jobs = jobs.scheduled_jobs(settings)  # what the jobs page lists, and what the runner runs
    app.state[PAGE_SITE_KEY] = display.page_site()
    app.state.feed_cache = FeedCache(
        check_seconds=settings.feeds_check_seconds, render_wait_seconds=settings.feeds_render_wait_seconds
    )
    app.state[RESPONSE_CACHE_KEY] = ResponseCache(
        seconds=settings.page_cache_seconds, check_seconds=settings.feeds_check_seconds
    )
    app.state.runner = None


@asynccontextmanager
async def _lifespan(app: Litestar) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    sqlite_file = database.sqlite_path(settings.database_url)
    with ExitStack() as held:
        if sqlite_file is not None:
            # `coordination restore` refuses to replace the database while a server holds this.
            held.enter_context(maintenance.server_lock(sqlite_file, exclusive=False))
        engine = app.state.engine
        await database.open_engine(engine, pool_size=settings.database_pool_size)
        # The first subscriber after a restart gets the network feed at once instead of waiting for its render.
        warming = asyncio.create_task(feed_routes.warm(app.state)) if settings.feeds_warm else None
        try:
            # Every worker runs a runner; the one holding the lease in the database runs the jobs (scheduling/).
            if settings.scheduler_enabled:
                async with Runner(app.state.jobs, settings=settings).running() as runner:
                    app.state.runner = runner
                    yield
            else:
                app.state.runner = None
                yield
        finally:
            if warming is not None:
                warming.cancel()
                with suppress(asyncio.CancelledError):
                    await warming
            await app.state.feed_cache.stop()
            await database.close_engine(engine)


def build_app(shape: AppShape) -> Litestar:
    """The Litestar object, without a database: `attach_settings` gives it one before it starts."""
    environment = build_environment(
        package_dirs=package_template_dirs(PACKAGE_ROOT),
        override_dir=shape.templates_dir,
        globals={"base_url": shape.base_url, **accounts_guards.template_globals()},
    )
    app = Litestar(
        # One router for all: Litestar rebuilds its routing trie on every top-level registration, so 300 handlers
        # given one by one made building the app take about a second (every test builds one); same routes, same schema.
        route_handlers=[
            Router(path="/", route_handlers=[health, liveness, *API_HANDLERS, *PAGE_HANDLERS, *FEED_HANDLERS])
        ],
        lifespan=[_lifespan],
        exception_handlers={
            # 4xx as JSON or as a page; a 500 logged with its request id (core/error_pages.py).
            **error_pages.EXCEPTION_HANDLERS,
            **accounts_guards.EXCEPTION_HANDLERS,  # sign-in redirects and 403 pages
        },
        # serve_current_feeds: a poll of a public feed held current is answered before the rest (feeds/http.py).
        # edge: the path, query string and form checked before anything reads them (core/edge.py).
        # Who is asking (session cookie or bearer token) and CSRF checks on every form; see accounts/middleware.py.
        # notice_writes: a feed requested right after an edit through this worker shows the edit.
        # response_cache_middleware: signed-out pages and API answers kept per worker (core/response_cache.py).
        middleware=[
            serve_current_feeds,
            edge_middleware,
            response_cache_middleware,
            accounts_middleware(),
            notice_writes,
        ],
        # JSON bodies decoded strictly against the handler's schema ("1" is not an integer).
        before_request=strict_json_body,
        # The request id and the security headers, on every answer (404s and errors included).
        before_send=[security_headers(https=served_over_https(shape.base_url))],
        request_max_body_size=MAX_BODY_BYTES,
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment)),
        openapi_config=OpenAPIConfig(
            title="coordination",
            version="1",
            description="The secretariat of a network of cities: members, bodies, leadership, activities and events.",
            path="/schema",
        ),
        # The feeds carry their own gzip copy, made once per render (exclude_opt_key).
        compression_config=CompressionConfig(backend="gzip", minimum_size=1024, exclude_opt_key=SKIP_COMPRESSION),
        debug=shape.debug,
    )
    app.state.shape = shape
    return app
