"""Activities, their deliverables, partners and participating members."""

from __future__ import annotations

from coordination.activities.tables import Activity
from coordination.core.errors import InvalidInput, NotFound


async def activity_exists(*, activity_id: int, field: str | None = None) -> int:
    """Check an activity id: 404 when it came from the path, 400 naming ``field`` when it came from a body."""
    if not await Activity.exists().where(Activity.id == activity_id):
        if field is not None:
            raise InvalidInput(f"no activity has the id {activity_id}", field=field)
        raise NotFound(f"activity {activity_id} not found")
    return activity_id
