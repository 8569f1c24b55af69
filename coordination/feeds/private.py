"""Personal calendar feeds: a signed-in person's events, members-only ones included, behind a secret link.

A personal feed holds every event (public and members-only) of the bodies
whose members-only events its owner may read, as
``accounts.rules.body_ids_with_members_only_access`` says *when the feed is
fetched*: the secretariat gets every body, a body lead the bodies they lead,
a focal point the bodies their members belong to today (someone with several
roles, the union). So a focal point whose member
leaves a body stops seeing that body's events at the next poll, and a
disabled account's links answer 404 at once.

Calendar apps cannot send headers, so the secret is in the address
(``/calendars/private/<token>.ics``). It has 256 random bits, is shown once
and stored only as its SHA-256; links are revoked one by one or all at once.
An unknown, malformed or revoked link, or one whose owner is disabled, is the
same 404: nothing tells them apart.

Members-only events are only ever loaded into a second snapshot
(``load_feed_data(include_members_only=True)`` under ``DATA_KEY``), read by
this module alone; public feeds never see it.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

from piccolo.custom_types import Combinable

from coordination.accounts import credentials, rules
from coordination.accounts import services as accounts
from coordination.accounts.rules import body_ids_with_members_only_access
from coordination.accounts.schemas import Principal, UserOut
from coordination.audit import services as audit
from coordination.bodies import services as bodies
from coordination.core import changes
from coordination.core.collation import sort_key
from coordination.core.database import transaction
from coordination.core.errors import InvalidInput, NotFound
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.feeds import selection, services
from coordination.feeds.builder import CalendarInfo
from coordination.feeds.schemas import (
    FeedScope,
    PersonalFeedCreate,
    PersonalFeedCreated,
    PersonalFeedOut,
    PersonalFeedsRevoked,
    RenderedFeed,
)
from coordination.feeds.selection import EPOCH, FeedData
from coordination.feeds.tables import PersonalFeed

DATA_KEY = "personal-feed-data"  # the cache key of the snapshot with members-only events
TOKEN_PREFIX = "cal_"
PREFIX_SHOWN = 10  # "cal_" and six characters: enough to tell links apart, useless for guessing
# credentials.new_secret(): 32 random bytes as URL-safe base64, 43 characters.
_TOKEN = re.compile(rf"^{TOKEN_PREFIX}[A-Za-z0-9_-]{{43}}$")
# last_used_at is written at most this often, so hourly polls from several devices do not each write.
TOUCH_INTERVAL = timedelta(minutes=1)
PATH = "/calendars/private"


@dataclasses.dataclass(frozen=True)
class FeedAccess:
    """What a valid link gives, worked out from its owner's rights at this moment."""

    feed_id: int
    name: str
    body_slugs: frozenset[str] | None  # None: every body (the secretariat)
    member_slugs: frozenset[str]  # a focal point's members: their joining or leaving a body changes the feed
    user_changed_at: datetime  # a change of roles changes the feed too

    @property
    def cache_key(self) -> tuple[Any, ...]:
        # Namespaced apart from the public feeds' FeedScope keys; the rights are part of it, so a
        # change of rights renders afresh rather than serving what the old rights allowed.
        return ("personal", self.feed_id, self.body_slugs, self.user_changed_at)


def feed_urls(*, token: str, base_url: str) -> tuple[str, str]:
    """The feed's address, and the same as ``webcal://`` (which opens a calendar app on most systems)."""
    url = f"{base_url}{PATH}/{token}.ics"
    return url, "webcal://" + url.split("://", 1)[1]


def _out(row: dict[str, Any]) -> PersonalFeedOut:
    return PersonalFeedOut(
        id=row["id"],
        name=row["name"],
        prefix=row["prefix"],
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


def _aware(value: datetime) -> datetime:
    # SQLite hands back what was stored; compare aware datetimes only.
    return value if value.tzinfo is not None else value.replace(tzinfo=utc_now().tzinfo)


# --------------------------------------------------------------------------- managing the links


async def create_personal_feed(*, user_id: int, data: PersonalFeedCreate, base_url: str) -> PersonalFeedCreated:
    """A new personal feed for ``user_id``; the answer holds its secret, shown this once."""
    name = data.name.strip()
    if not name:
        raise InvalidInput(N_("give the feed a name, such as “My bodies”"), field="name")
    token = TOKEN_PREFIX + credentials.new_secret()
    prefix = token[:PREFIX_SHOWN]
    now = utc_now()
    async with transaction():
        rows = await PersonalFeed.insert(
            PersonalFeed(user=user_id, name=name, token_hash=credentials.digest(token), prefix=prefix, created_at=now)
        ).returning(PersonalFeed.id)
        feed_id = int(rows[0]["id"])
        await audit.record(
            action="personal_feed.created",
            object_type="personal_feed",
            object_id=feed_id,
            after={"user": user_id, "name": name, "prefix": prefix},
        )
    url, webcal_url = feed_urls(token=token, base_url=base_url)
    return PersonalFeedCreated(
        id=feed_id, name=name, prefix=prefix, created_at=now, token=token, url=url, webcal_url=webcal_url
    )


async def list_personal_feeds(
    *, user_id: int, include_revoked: bool = False, limit: int = 50, offset: int = 0
) -> Page[PersonalFeedOut]:
    """Someone's own feed links, newest first (never their secrets)."""
    condition: Combinable = PersonalFeed.user == user_id
    if not include_revoked:
        condition = condition & PersonalFeed.revoked_at.is_null()
    rows = (
        await PersonalFeed.select(*_COLUMNS)
        .where(condition)
        .order_by(PersonalFeed.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    total = await PersonalFeed.count().where(condition)
    return Page(items=[_out(row) for row in rows], total=total, limit=limit, offset=offset)


_COLUMNS = (
    PersonalFeed.id,
    PersonalFeed.user,
    PersonalFeed.name,
    PersonalFeed.prefix,
    PersonalFeed.created_at,
    PersonalFeed.last_used_at,
    PersonalFeed.revoked_at,
)


async def revoke_personal_feed(*, feed_id: int, principal: Principal) -> PersonalFeedOut:
    """Revoke one link: it answers 404 from now on. Its owner may, so may the secretariat; to anyone else
    it does not exist."""
    async with transaction():
        row = await PersonalFeed.select(*_COLUMNS).where(PersonalFeed.id == feed_id).first()
        if row is None or not rules.can_manage_credentials_of(principal, user_id=row["user"]):
            raise NotFound(N_("personal feed %(id)s not found"), params={"id": feed_id})
        if row["revoked_at"] is None:
            now = utc_now()
            await PersonalFeed.update({PersonalFeed.revoked_at: now}).where(PersonalFeed.id == feed_id)
            await audit.record(
                action="personal_feed.revoked",
                object_type="personal_feed",
                object_id=feed_id,
                before={"revoked_at": None},
                after={"revoked_at": now, "user": row["user"], "name": row["name"]},
            )
            row = {**row, "revoked_at": now}
    return _out(row)


async def revoke_all_personal_feeds(*, user_id: int) -> PersonalFeedsRevoked:
    """Revoke every link of ``user_id`` at once (a lost phone, a shared calendar gone wrong)."""
    now = utc_now()
    async with transaction():
        rows = (
            await PersonalFeed.update({PersonalFeed.revoked_at: now})
            .where((PersonalFeed.user == user_id) & PersonalFeed.revoked_at.is_null())
            .returning(PersonalFeed.id)
        )
        ids = sorted(int(row["id"]) for row in rows)
        if ids:
            await audit.record(
                action="personal_feed.revoked_all",
                object_type="user",
                object_id=user_id,
                after={"revoked_at": now, "feeds": ids},
            )
    return PersonalFeedsRevoked(revoked=len(ids))


# --------------------------------------------------------------------------- what a link gives


async def body_names_covered(*, principal: Principal) -> list[str] | None:
    """The names of the bodies ``principal``'s personal feeds hold, sorted; None: every body."""
    readable = await body_ids_with_members_only_access(principal)
    if readable is None:
        return None
    return sorted(
        (summary.name for summary in (await bodies.body_summaries(ids=sorted(readable))).values()), key=sort_key
    )


async def feed_access(*, token: str) -> FeedAccess | None:
    """What the link ``token`` gives, or None when it is malformed, unknown, revoked, or its owner disabled.

    Records the use (at most once a minute per link).
    """
    if not _TOKEN.match(token):
        return None
    row = (
        await PersonalFeed.select(PersonalFeed.id, PersonalFeed.user, PersonalFeed.name, PersonalFeed.last_used_at)
        .where((PersonalFeed.token_hash == credentials.digest(token)) & PersonalFeed.revoked_at.is_null())
        .first()
    )
    if row is None:
        return None
    try:
        user = await accounts.get_user(user_id=row["user"])
    except NotFound:
        return None
    if user.disabled:
        return None
    principal = await accounts.principal_of_user(user_id=user.id, via="feed")
    readable = await body_ids_with_members_only_access(principal)
    body_slugs = (
        None
        if readable is None
        else frozenset(summary.slug for summary in (await bodies.body_summaries(ids=sorted(readable))).values())
    )
    now = utc_now()
    if row["last_used_at"] is None or now - _aware(row["last_used_at"]) >= TOUCH_INTERVAL:
        async with transaction():
            await PersonalFeed.update({PersonalFeed.last_used_at: now}).where(PersonalFeed.id == row["id"])
    return FeedAccess(
        feed_id=row["id"],
        name=row["name"],
        body_slugs=body_slugs,
        member_slugs=frozenset(
            assignment.member
            for assignment in user.assignments
            if assignment.status == "active" and assignment.member is not None
        ),
        user_changed_at=_rights_changed_at(user),
    )


def _rights_changed_at(user: UserOut) -> datetime:
    """When the owner's rights last changed: their account, or a role starting or ending with a new day."""
    changed = _aware(user.updated_at)
    today = utc_now().date()
    for assignment in user.assignments:
        for day in (assignment.start_date, assignment.end_date and assignment.end_date + timedelta(days=1)):
            if day is not None and day <= today:
                changed = max(changed, datetime.combine(day, time.min, tzinfo=UTC))
    return changed


async def load_personal_feed_data(*, base_url: str, counters: dict[str, changes.Counter] | None = None) -> FeedData:
    """The snapshot personal feeds are chosen from: the public one plus every members-only event."""
    return await services.load_feed_data(base_url=base_url, counters=counters, include_members_only=True)


async def render_personal_feed(
    *,
    access: FeedAccess,
    token: str,
    base_url: str,
    retention: timedelta,
    data: FeedData,
    now: datetime | None = None,
) -> RenderedFeed:
    """The feed ``access`` allows, chosen from ``data`` (``load_personal_feed_data``), rendered."""
    allowed = access.body_slugs
    if allowed is not None:
        data = dataclasses.replace(
            data,
            events=tuple(event for event in data.events if event.body in allowed),
            deleted=tuple(tombstone for tombstone in data.deleted if tombstone.body.slug in allowed),
        )
    scope = FeedScope(path="private", include_members_only=True)
    chosen = selection.select(data, scope, base_url=base_url, retention=retention, now=now or utc_now())
    url, _ = feed_urls(token=token, base_url=base_url)
    network = data.network_name
    if allowed is None:
        covered = f"every body of {network}"
    else:
        names = sorted(data.bodies[slug] for slug in allowed if slug in data.bodies)
        covered = ", ".join(names) if names else "no body yet"
    changed = [chosen.last_modified, access.user_changed_at]
    changed.extend(data.member_changed.get(slug, EPOCH) for slug in sorted(access.member_slugs))
    chosen = dataclasses.replace(
        chosen,
        info=CalendarInfo(
            name=f"{access.name} ({network})",
            description=f"Events of {covered}, members-only events included. This link is personal: keep it to "
            "yourself.",
            source=url,
        ),
        filename="personal.ics",
        last_modified=max(changed),
    )
    return await services.render_selection(chosen)
