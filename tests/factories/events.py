"""Events, built through the events service; bodies come from the activities factories."""

from __future__ import annotations

from typing import Any

import msgspec

from coordination.events import services as events
from coordination.events.schemas import EventCreate, EventOut


def datacites_payload(*, body: str, **overrides: Any) -> dict[str, Any]:
    """The DataCités 2 restitution: online, 8 December 2020, 9:30–11:30 in Paris, two round tables."""
    values: dict[str, Any] = {
        "title": "Restitution of the DataCités 2 programme",
        "body": body,
        "kind": "webinar",
        "timing": "timed",
        "start": "2020-12-08T09:30",
        "end": "2020-12-08T11:30",
        "timezone": "Europe/Paris",
        "online_url": "https://meet.example.org/datacites-2",
        "sessions": [
            {"title": "Data governance in cities", "start": "2020-12-08T09:45", "end": "2020-12-08T10:30"},
            {"title": "Open data and the commons", "start": "2020-12-08T10:40", "end": "2020-12-08T11:25"},
        ],
    }
    values.update(overrides)
    return values


def forum_payload(*, body: str, **overrides: Any) -> dict[str, Any]:
    """The Forum des Interconnectés: all day, 6–7 December 2021, in Lyon."""
    values: dict[str, Any] = {
        "title": "Forum des Interconnectés",
        "body": body,
        "kind": "forum",
        "timing": "all_day",
        "start_date": "2021-12-06",
        "end_date": "2021-12-07",
        "location": "Lyon",
    }
    values.update(overrides)
    return values


async def event(*, body: str, **overrides: Any) -> EventOut:
    """An all-day forum unless the overrides give another timing (then give all of its fields)."""
    values = forum_payload(body=body)
    if overrides.get("timing", "all_day") != "all_day":
        del values["start_date"], values["end_date"]
    elif "start_date" in overrides:
        del values["end_date"]  # a one-day event unless an end_date is given too
    values.update(overrides)
    # Converted as a request body is, so dates may be ISO text.
    return await events.create_event(data=msgspec.convert(values, EventCreate, strict=False))
