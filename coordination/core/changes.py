"""Named change counters: how a worker process notices a change made through any other.

A service whose write changes something that is cached elsewhere calls
``await bump(NAME)`` inside its write transaction, so the counter moves if and
only if the change commits. A cache reads every counter in one small query
(``read_counters``) and throws away what it rendered when a value moved.

Core imports no domain: a counter is a plain name, and the names in use are
listed here with what moves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from coordination.core.schemas import utc_now
from coordination.core.tables import ChangeCounter

FEED_EVENTS = "feed_events"
"""An event was created, changed or deleted: what the calendar feeds list."""

FEED_LABELS = "feed_labels"
"""Something the calendar feeds show around their events, or use to choose them, changed: a body's or a
member's name or slug, a membership or leadership term (a member's feed follows its bodies), a priority,
an activity (its priority), the network's name."""

CONTENT = "content"
"""Anything the pages or the API show may have changed: every audited write (``audit.services.record``).
The public pages' cache (``core.response_cache``) is dropped when any counter moves."""


@dataclass(frozen=True)
class Counter:
    value: int
    changed_at: datetime


async def bump(name: str) -> None:
    """Count one change under ``name``; call it inside the transaction that makes the change.

    Every bump takes the ``CONTENT`` row first: its lock is held to the end of the transaction, so transactions
    that bump several counters (an approved report updating an activity) always lock them in the same order and
    cannot deadlock one another on PostgreSQL.
    """
    if name != CONTENT:
        await bump(CONTENT)
    now = utc_now()
    if await _increment(name, now):
        return
    inserted = (
        await ChangeCounter.insert(ChangeCounter(name=name, value=1, changed_at=now))
        .on_conflict(target=ChangeCounter.name, action="DO NOTHING")
        .returning(ChangeCounter.id)
    )
    # Someone else created the row in the meantime: count on it.
    if not inserted and not await _increment(name, now):
        raise RuntimeError(f"change counter {name!r} could be neither created nor incremented")


async def _increment(name: str, now: datetime) -> bool:
    rows = (
        await ChangeCounter.update({ChangeCounter.value: ChangeCounter.value + 1, ChangeCounter.changed_at: now})
        .where(ChangeCounter.name == name)
        .returning(ChangeCounter.id)
    )
    return bool(rows)


FEED_COUNTERS = frozenset({FEED_EVENTS, FEED_LABELS})
"""What the calendar feeds follow (not ``CONTENT``: most writes change nothing a feed shows)."""


def generation(counters: dict[str, Counter]) -> tuple[tuple[str, int], ...]:
    """The counters' values in a comparable form: equal generations, nothing changed in between."""
    return tuple(sorted((name, counter.value) for name, counter in counters.items()))


async def read_counters(names: frozenset[str] | None = None) -> dict[str, Counter]:
    """Every counter (of ``names``, or all) by name (a name never bumped is absent)."""
    rows = await ChangeCounter.select(ChangeCounter.name, ChangeCounter.value, ChangeCounter.changed_at)
    return {
        row["name"]: Counter(value=row["value"], changed_at=row["changed_at"].astimezone(UTC))
        for row in rows
        if names is None or row["name"] in names
    }
