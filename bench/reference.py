"""A plain Litestar app for ``bench/feeds.py``: a ``/health`` that touches no database, as a yardstick.

The service's own ``/health`` runs ``SELECT 1`` (on SQLite, a new connection
per query), so it is slower than a feed served from the cache; this one
shows what one uvicorn worker serves when a route does nothing at all.
"""

from __future__ import annotations

from litestar import Litestar, get


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar(route_handlers=[health])
