"""The public calendar feeds: scopes, loading, rendering, and the published files.

Every feed is chosen (``selection``) from one snapshot, ``FeedData``, loaded
in a handful of queries and cached per change (``DATA_KEY`` in the app's
``FeedCache``), then built (``builder``) and serialised (``exporter``). What
a feed says (dates to be confirmed left out, cancelled and deleted events
kept as CANCELLED during the retention period…) is explained in ``builder``.

Public feeds hold public events only: the snapshot is loaded with
``list_events(include_members_only=False)``. Personal feeds (``feeds.private``,
behind a secret link) load a second snapshot with members-only events
(``load_feed_data(include_members_only=True)``, under its own cache key) and
are served with ``Cache-Control: private`` (``http.prepare(cache_control=…)``).
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar

import anyio.to_thread

from coordination.activities import services as activities
from coordination.bodies import leadership, memberships
from coordination.bodies import services as bodies
from coordination.bodies.schemas import BodyOut, LeadershipTermOut, MembershipOut
from coordination.core import changes
from coordination.core.engines import bulk_reads
from coordination.core.errors import NotFound
from coordination.core.pagination import MAX_LIMIT
from coordination.core.schemas import utc_now
from coordination.events import services as events
from coordination.events.enums import EventKind, EventStatus
from coordination.events.schemas import EventOut
from coordination.feeds import builder, exporter, selection
from coordination.feeds.links import SubscribeLinks, subscribe_links
from coordination.feeds.schemas import FeedFiles, FeedScope, RenderedFeed
from coordination.feeds.selection import EPOCH, FeedData, FeedRow, next_midnight
from coordination.members import services as members
from coordination.members.schemas import MemberOut
from coordination.network import services as network

T = TypeVar("T")


# --------------------------------------------------------------------------- scopes


def network_scope(
    *,
    body: str | None = None,
    member: str | None = None,
    priority: str | None = None,
    kind: EventKind | None = None,
    status: EventStatus | None = None,
    date_from: date | None = None,
) -> FeedScope:
    """The whole network's public events, optionally narrowed (all filters combine)."""
    return FeedScope(
        path="network", body=body, member=member, priority=priority, kind=kind, status=status, date_from=date_from
    )


def body_scope(*, slug: str) -> FeedScope:
    return FeedScope(path=f"bodies/{slug}", body=slug)


def member_scope(*, slug: str) -> FeedScope:
    """The events of the bodies the member belongs to (or leads) today."""
    return FeedScope(path=f"members/{slug}", member=slug)


def priority_scope(*, code: str) -> FeedScope:
    return FeedScope(path=f"priorities/{code}", priority=code)


def kind_scope(*, kind: str) -> FeedScope:
    try:
        known = EventKind(kind)
    except ValueError as exc:
        raise NotFound(f"no event kind {kind!r}; the kinds are {', '.join(k.value for k in EventKind)}") from exc
    return FeedScope(path=f"kinds/{known.value}", kind=known)


def event_scope(*, event_id: int) -> FeedScope:
    return FeedScope(path=f"events/{event_id}", event_id=event_id)


# --------------------------------------------------------------------------- loading and rendering

DATA_KEY = "feed-data"  # the cache key of the public FeedData, beside the feeds' own FeedScope keys


async def load_feed_data(
    *,
    base_url: str,
    counters: dict[str, changes.Counter] | None = None,
    include_members_only: bool = False,
    previous: FeedData | None = None,
) -> FeedData:
    """One snapshot of everything the public feeds show: a handful of queries, whatever the number of feeds.

    ``base_url``: the site's address, written in each event's VEVENT (``FeedRow``) as it is loaded.
    ``counters``: the change counters as last read (read now if not given);
    read them before loading, so the data is at least as new as they say.
    ``include_members_only``: the personal feeds' snapshot (``feeds.private``), never a public feed's.
    ``previous``: the snapshot this one replaces. When only events changed since (the labels' counter and the
    day are the same), its events are kept but for those whose revision moved, and only those are read again:
    an edit to one event of 50,000 reads one event (and every event's id and revision), not 50,000.
    """
    if counters is None:
        counters = await changes.read_counters(changes.FEED_COUNTERS)
    day = bodies.today()
    if (
        previous is not None
        and previous.day == day
        and previous.base_url == base_url
        and previous.counters.get(changes.FEED_LABELS) == counters.get(changes.FEED_LABELS)
    ):
        refreshed = await _events_refreshed(previous, counters, include_members_only=include_members_only)
        if refreshed is not None:
            return refreshed
    priorities = {priority.code: priority.title["en"] for priority in await network.list_priorities()}
    with bulk_reads():  # every event: off the event loop's thread on SQLite, so polls are answered meanwhile
        order = await events.event_revisions(include_members_only=include_members_only)
        deleted = await events.list_deleted_events(deleted_since=EPOCH, include_members_only=include_members_only)
    activity_priority: dict[int, str] = {}
    rows = await _rows(
        [number for number, _ in order],
        include_members_only=include_members_only,
        base_url=base_url,
        priorities=priorities,
        activity_priority=activity_priority,
    )
    await _add_priorities(activity_priority, {tombstone.activity_id for tombstone in deleted})
    periods: list[tuple[str, str, date | None, date | None]] = [
        (item.member, item.body, item.start_date, item.end_date) for item in await _all(_memberships)
    ]
    periods += [(term.member, term.body, term.start_date, term.end_date) for term in await _all(_terms)]
    member_bodies: dict[str, set[str]] = defaultdict(set)
    member_changed: dict[str, datetime] = {}
    for member, body, start, end in periods:
        if (start is None or start <= day) and (end is None or end >= day):
            member_bodies[member].add(body)
        for moment in (start, end + timedelta(days=1) if end else None):
            if moment is not None and moment <= day:
                at = datetime.combine(moment, time.min).astimezone(UTC)
                member_changed[member] = max(member_changed.get(member, EPOCH), at)
    return FeedData(
        day=day,
        valid_until=next_midnight(day),
        base_url=base_url,
        network_name=(await network.get_network()).name,
        # An event added between the two reads is left for the next change to bring in.
        events=tuple(rows[number] for number, _ in order if number in rows),
        deleted=tuple(deleted),
        bodies={body.slug: body.name for body in await _all(_bodies)},
        members={member.slug: member.name for member in await _all(_members)},
        priorities=priorities,
        activity_priority=activity_priority,
        member_bodies={member: frozenset(slugs) for member, slugs in member_bodies.items()},
        member_changed=member_changed,
        counters=counters,
    )


# Events are read and written (FeedRow.of) this many at a time: a worker never holds every EventOut at once.
LOAD_CHUNK = 2_000
# Beyond this many changed events, the snapshot is read whole.
MAX_CHANGED_EVENTS = 2_000


async def _rows(
    ids: list[int],
    *,
    include_members_only: bool,
    base_url: str,
    priorities: Mapping[str, str],
    activity_priority: dict[int, str],
) -> dict[int, FeedRow]:
    """The events ``ids`` as the feeds keep them, by id; ``activity_priority`` gains their activities'."""
    rows: dict[int, FeedRow] = {}
    for start in range(0, len(ids), LOAD_CHUNK):
        with bulk_reads():
            page = await events.list_events(
                include_members_only=include_members_only, ids=ids[start : start + LOAD_CHUNK], limit=None
            )
        await _add_priorities(activity_priority, {event.activity.id for event in page.items if event.activity})

        def write(items: list[EventOut] = page.items) -> list[FeedRow]:
            found = []
            for event in items:
                code = activity_priority.get(event.activity.id) if event.activity else None
                priority = priorities.get(code) if code else None
                found.append(FeedRow.of(event, priority=priority, base_url=base_url))
            return found

        # Writing 2,000 VEVENTs takes a tenth of a second: off the event loop, so polls are answered meanwhile.
        rows.update((row.id, row) for row in await anyio.to_thread.run_sync(write))
    return rows


async def _add_priorities(activity_priority: dict[int, str], activity_ids: set[int | None]) -> None:
    missing = {number for number in activity_ids if number is not None} - set(activity_priority)
    if missing:
        summaries = await activities.activity_summaries(ids=sorted(missing))
        activity_priority.update({pk: summary.priority.code for pk, summary in summaries.items()})


async def _events_refreshed(
    previous: FeedData, counters: dict[str, changes.Counter], *, include_members_only: bool
) -> FeedData | None:
    """``previous`` with the events that changed read again, the deleted ones gone, in ``list_events``' order.

    None when too many changed: the snapshot is then better read whole.
    """
    with bulk_reads():
        revisions = await events.event_revisions(include_members_only=include_members_only)
        deleted = await events.list_deleted_events(deleted_since=EPOCH, include_members_only=include_members_only)
    known = {row.id: row for row in previous.events}
    changed = [number for number, revision in revisions if getattr(known.get(number), "revision", 0) != revision]
    if len(changed) > MAX_CHANGED_EVENTS:
        return None
    activity_priority = dict(previous.activity_priority)
    fresh = await _rows(
        changed,
        include_members_only=include_members_only,
        base_url=previous.base_url,
        priorities=previous.priorities,
        activity_priority=activity_priority,
    )
    await _add_priorities(activity_priority, {tombstone.activity_id for tombstone in deleted})
    # An event changed again between the two reads comes at its newer revision; the next change reads it again.
    merged = tuple(fresh.get(number) or known[number] for number, _ in revisions if number in fresh or number in known)
    return replace(
        previous, events=merged, deleted=tuple(deleted), activity_priority=activity_priority, counters=counters
    )


async def render_feed(
    *,
    scope: FeedScope,
    base_url: str,
    retention: timedelta,
    now: datetime | None = None,
    data: FeedData | None = None,
    previous: RenderedFeed | None = None,
) -> RenderedFeed:
    """Render one feed: 404 (``NotFound``) for a path naming nothing, 400 for an unknown filter value.

    ``data``: a snapshot already loaded (``load_feed_data``); loaded now if not given.
    ``previous``: the same feed as last rendered, whose unchanged compressed blocks are reused.
    """
    if scope.include_members_only:
        raise NotImplementedError("personal feeds (members-only events) are rendered by feeds.private")
    data = data or await load_feed_data(base_url=base_url)
    if data.base_url != base_url:
        raise ValueError("the snapshot was written for another site address")
    chosen = selection.select(data, scope, base_url=base_url, retention=retention, now=now or utc_now())
    return await render_selection(chosen, previous=previous)


async def render_selection(chosen: selection.Selection, *, previous: RenderedFeed | None = None) -> RenderedFeed:
    """Build and serialise the events a feed chose (``selection.select``), with a gzip copy and its validators.

    ``previous``: this feed as last rendered; its gzip copy's blocks that did not change are reused.
    """

    def work() -> RenderedFeed:
        parts = builder.calendar_parts(chosen.info, [row.vevent for row in chosen.events], chosen.deleted)
        kept = previous.gzip_blocks if previous else None
        exported = exporter.export(parts, filename=chosen.filename, previous_blocks=kept)
        tag = exported.digest[:40]
        return RenderedFeed(
            parts=exported.parts,
            size=exported.size,
            gzip_body=exported.gzip_body,  # the same feed always compresses to the same bytes, in every worker
            gzip_blocks=exported.gzip_blocks,
            content_type=exported.content_type,
            filename=exported.filename,
            etag=f'"{tag}"',
            gzip_etag=f'"{tag}-gzip"',
            last_modified=chosen.last_modified.astimezone(UTC).replace(microsecond=0),
            valid_until=chosen.valid_until,
            events=len(chosen.events) + len(chosen.deleted),
        )

    # Building and serialising 1,000 events takes a fifth of a second: off the event loop,
    # so the polls answered from the cache meanwhile are not held up.
    return await anyio.to_thread.run_sync(work)


async def _memberships(offset: int) -> tuple[list[MembershipOut], int]:
    page = await memberships.list_memberships(limit=MAX_LIMIT, offset=offset)
    return page.items, page.total


async def _terms(offset: int) -> tuple[list[LeadershipTermOut], int]:
    page = await leadership.list_terms(limit=MAX_LIMIT, offset=offset)
    return page.items, page.total


async def _bodies(offset: int) -> tuple[list[BodyOut], int]:
    page = await bodies.list_bodies(limit=MAX_LIMIT, offset=offset)
    return page.items, page.total


async def _members(offset: int) -> tuple[list[MemberOut], int]:
    page = await members.list_members(limit=MAX_LIMIT, offset=offset)
    return page.items, page.total


async def _all(fetch: Callable[[int], Awaitable[tuple[list[T], int]]]) -> list[T]:
    found: list[T] = []
    while True:
        items, total = await fetch(len(found))
        found += items
        if not items or len(found) >= total:
            return found


# --------------------------------------------------------------------------- published files


def public_scopes(data: FeedData) -> list[FeedScope]:
    """Every public feed published as a file: the network, each body, member, priority and event kind."""
    return [
        network_scope(),
        *[body_scope(slug=slug) for slug in sorted(data.bodies)],
        *[member_scope(slug=slug) for slug in sorted(data.members)],
        *[priority_scope(code=code) for code in data.priorities],
        *[kind_scope(kind=kind.value) for kind in EventKind],
    ]


async def write_feed_files(
    *, output: Path, base_url: str, retention: timedelta, now: datetime | None = None
) -> FeedFiles:
    """Write every public feed under ``output`` (``network.ics``, ``bodies/<slug>.ics``…).

    Each file is written to a temporary name and renamed over the old one, so
    a web server never serves half a file; a file whose content did not change
    is left alone (its date and ETag stay). Files of bodies, members,
    priorities or kinds that no longer exist are removed.
    """
    now = now or utc_now()
    data = await load_feed_data(base_url=base_url)
    written: list[str] = []
    unchanged = 0
    valid_until = data.valid_until
    expected: set[Path] = set()
    for scope in public_scopes(data):
        feed = await render_feed(scope=scope, base_url=base_url, retention=retention, now=now, data=data)
        target = output / f"{scope.path}.ics"
        expected.add(target)
        valid_until = min(valid_until, feed.valid_until)
        if _write_if_changed(target, feed.body):
            written.append(f"{scope.path}.ics")
        else:
            unchanged += 1
    removed = []
    for path in _published(output):
        if path not in expected:
            path.unlink()
            removed.append(str(path.relative_to(output)))
    return FeedFiles(written=written, unchanged=unchanged, removed=removed, valid_until=valid_until)


def _published(output: Path) -> Iterable[Path]:
    for folder in ("bodies", "members", "priorities", "kinds"):
        yield from sorted((output / folder).glob("*.ics"))


def _write_if_changed(target: Path, content: bytes) -> bool:
    if target.exists() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a web server must read it
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


async def prune_deleted_events(*, retention: timedelta, now: datetime | None = None) -> int:
    """Forget the tombstones whose retention is over (no feed shows them any more)."""
    return await events.prune_deleted_events(deleted_before=(now or utc_now()) - retention)


async def subscribe_links_for(scope: FeedScope, *, base_url: str, title: str | None = None) -> SubscribeLinks:
    """The subscribe buttons of the public feed ``scope``; ``title`` names it (the network's name is added)."""
    network_name = (await network.get_network()).name
    name = f"{title} ({network_name})" if title else network_name
    return subscribe_links(selection.feed_url(scope, base_url=base_url), name)
