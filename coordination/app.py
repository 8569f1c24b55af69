"""The Litestar application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import msgspec
from litestar import Litestar, Request, Response, get
from litestar.config.compression import CompressionConfig
from litestar.exceptions import HTTPException, NotFoundException
from litestar.openapi.config import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from coordination import display, jobs
from coordination.accounts import guards as accounts_guards
from coordination.accounts.middleware import accounts_middleware
from coordination.core import database
from coordination.core.errors import EXCEPTION_HANDLERS, http_error_handler
from coordination.core.pages import PAGE_SITE_KEY, render, site_name_for_errors
from coordination.core.settings import PACKAGE_ROOT, Settings
from coordination.core.templating import build_environment, package_template_dirs
from coordination.feeds.cache import FeedCache, notice_writes
from coordination.feeds.routes import SKIP_COMPRESSION
from coordination.piccolo_app import TABLES
from coordination.routing import API_HANDLERS, FEED_HANDLERS, PAGE_HANDLERS
from coordination.scheduling.runner import Runner


class Health(msgspec.Struct):
    status: str
    database: str


@get("/health", tags=["system"])
async def health() -> Health:
    await database.ping()
    return Health(status="ok", database=database.backend_name())


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    # Pages get a page; the API and everything else gets JSON.
    if request.url.path.startswith(("/api/", "/schema", "/health")) or not isinstance(exc, NotFoundException):
        return http_error_handler(request, exc)
    # Litestar calls this synchronously, so the page shows the network's name without asking the database.
    return render(request, "errors/not_found.html", status_code=404, site_name=site_name_for_errors(request))


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    engine = database.engine_from_url(settings.database_url)
    database.bind_tables(engine, TABLES)
    scheduled_jobs = jobs.scheduled_jobs(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await database.open_engine(engine)
        try:
            # Every worker runs a runner; the one holding the lease in the database runs the jobs (scheduling/).
            if settings.scheduler_enabled:
                async with Runner(scheduled_jobs, settings=settings).running() as runner:
                    app.state.runner = runner
                    yield
            else:
                app.state.runner = None
                yield
        finally:
            await database.close_engine(engine)

    environment = build_environment(
        package_dirs=package_template_dirs(PACKAGE_ROOT),
        override_dir=settings.templates_dir,
        globals={"base_url": settings.base_url, **accounts_guards.template_globals()},
    )
    app = Litestar(
        route_handlers=[health, *API_HANDLERS, *PAGE_HANDLERS, *FEED_HANDLERS],
        lifespan=[lifespan],
        exception_handlers={
            **EXCEPTION_HANDLERS,  # type: ignore[dict-item]
            HTTPException: _http_error,
            **accounts_guards.EXCEPTION_HANDLERS,  # sign-in redirects and 403 pages
        },
        # Who is asking (session cookie or bearer token) and CSRF checks on every form; see accounts/middleware.py.
        # notice_writes: a feed requested right after an edit through this worker shows the edit.
        middleware=[accounts_middleware(settings), notice_writes],
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment)),
        openapi_config=OpenAPIConfig(
            title="coordination",
            version="1",
            description="The secretariat of a network of cities: members, bodies, leadership, activities and events.",
            path="/schema",
        ),
        # The feeds carry their own gzip copy, made once per render (exclude_opt_key).
        compression_config=CompressionConfig(backend="gzip", minimum_size=1024, exclude_opt_key=SKIP_COMPRESSION),
        debug=settings.debug,
    )
    app.state.settings = settings
    app.state.jobs = scheduled_jobs  # what the jobs page lists
    app.state[PAGE_SITE_KEY] = display.page_site()
    app.state.feed_cache = FeedCache(check_seconds=settings.feeds_check_seconds)
    return app
