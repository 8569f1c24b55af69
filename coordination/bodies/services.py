"""Bodies, their history, memberships and leadership terms."""

from __future__ import annotations

from coordination.bodies.tables import Body
from coordination.core.errors import InvalidInput, NotFound


async def body_id(*, slug: str, field: str | None = None) -> int:
    """The id behind a body slug: 404 when it came from the path, 400 naming ``field`` when it came from a body."""
    row = await Body.select(Body.id).where(Body.slug == slug).first()
    if row is None:
        if field is not None:
            raise InvalidInput(f"no body has the slug {slug!r}", field=field)
        raise NotFound(f"body {slug!r} not found")
    return int(row["id"])
