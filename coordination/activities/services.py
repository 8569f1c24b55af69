"""Activities, their deliverables, partners and participating members.

With ``queries`` (reading) and ``partners``, the only code that queries the
activity tables; both are re-exported here, so other domains and the pages
import ``activities.services`` alone. Bodies, priorities and members are
reached through their own services.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from msgspec import UNSET

from coordination.activities.enums import ActivityStatus, DatePrecision
from coordination.activities.partners import (
    create_partner,
    delete_partner,
    get_partner,
    list_partners,
    partner_ids,
    partner_summaries,
    update_partner,
)
from coordination.activities.periods import normalise_period
from coordination.activities.queries import (
    activities_by_priority,
    activity_summaries,
    activity_titles,
    count_by_status,
    get_activity,
    list_activities,
)
from coordination.activities.schemas import ActivityCreate, ActivityOut, ActivityUpdate, DeliverableIn, Period
from coordination.activities.tables import Activity, ActivityParticipant, ActivityPartner, Deliverable
from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.bodies import services as bodies
from coordination.core import changes as counters
from coordination.core import translated
from coordination.core.database import transaction
from coordination.core.errors import InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.schemas import utc_now
from coordination.members import services as members
from coordination.network import services as network

__all__ = [
    "activities_by_priority",
    "activity_body_id",
    "activity_exists",
    "activity_summaries",
    "activity_titles",
    "count_by_status",
    "create_activity",
    "create_partner",
    "delete_activity",
    "delete_partner",
    "get_activity",
    "get_partner",
    "list_activities",
    "list_partners",
    "partner_ids",
    "partner_summaries",
    "update_activity",
    "update_partner",
]


async def activity_exists(*, activity_id: int, field: str | None = None) -> int:
    """Check an activity id: 404 when it came from the path, 400 naming ``field`` when it came from a body."""
    if not await Activity.exists().where(Activity.id == activity_id):
        if field is not None:
            raise InvalidInput(N_("no activity has the id %(id)s"), field=field, params={"id": activity_id})
        raise NotFound(N_("activity %(id)s not found"), params={"id": activity_id})
    return activity_id


async def activity_body_id(*, activity_id: int, field: str) -> int:
    """The id of the body an activity belongs to; 400 naming ``field`` when there is no such activity."""
    row = await Activity.select(Activity.body).where(Activity.id == activity_id).first()
    if row is None:
        raise InvalidInput(N_("no activity has the id %(id)s"), field=field, params={"id": activity_id})
    return int(row["body"])


# Rules --------------------------------------------------------------------------------------------


def _planned_columns(planned: Period | None) -> dict[str, Any]:
    if planned is None:
        return {"planned_start": None, "planned_end": None, "planned_precision": DatePrecision.day.value}
    start, end = normalise_period(start=planned.start, end=planned.end, precision=planned.precision)
    return {"planned_start": start, "planned_end": end, "planned_precision": planned.precision.value}


def _check_actual(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidInput(
            N_("the activity cannot end (%(end)s) before it started (%(start)s)"),
            field="actual_end",
            params={"end": end.isoformat(), "start": start.isoformat()},
        )


def _check_progress(status: ActivityStatus, progress: int) -> None:
    # A completed activity reads as done everywhere (pages, annual report); rather
    # than silently raising the figure, the caller is asked to say 100.
    if status is ActivityStatus.completed and progress != 100:
        raise InvalidInput(
            N_("a completed activity is 100%% done, not %(progress)s%%: send progress_percent 100 or another status"),
            field="progress_percent",
            params={"progress": progress},
        )


async def _resolve_links(
    *, partners: list[str] | None, participants: list[str] | None
) -> tuple[list[int] | None, list[int] | None]:
    partner_list = member_list = None
    if partners is not None:
        slugs = list(dict.fromkeys(partners))
        found = await partner_ids(slugs=slugs, field="partners")
        partner_list = [found[slug] for slug in slugs]
    if participants is not None:
        slugs = list(dict.fromkeys(participants))
        found = await members.member_ids(slugs=slugs, field="participants")
        member_list = [found[slug] for slug in slugs]
    return partner_list, member_list


async def _replace_children(
    *,
    activity_id: int,
    deliverables: list[DeliverableIn] | None,
    partner_list: list[int] | None,
    member_list: list[int] | None,
) -> None:
    """Replace each list that was given (None leaves it alone)."""
    if deliverables is not None:
        await Deliverable.delete().where(Deliverable.activity == activity_id)
        if deliverables:
            await Deliverable.insert(
                *(
                    Deliverable(
                        activity=activity_id,
                        position=position,
                        title=item.title.strip(),
                        description=item.description,
                        url=item.url,
                        delivered_on=item.delivered_on,
                    )
                    for position, item in enumerate(deliverables)
                )
            )
    if partner_list is not None:
        await ActivityPartner.delete().where(ActivityPartner.activity == activity_id)
        if partner_list:
            await ActivityPartner.insert(
                *(ActivityPartner(activity=activity_id, partner=partner) for partner in partner_list)
            )
    if member_list is not None:
        await ActivityParticipant.delete().where(ActivityParticipant.activity == activity_id)
        if member_list:
            await ActivityParticipant.insert(
                *(ActivityParticipant(activity=activity_id, member=member) for member in member_list)
            )


def _audited(activity: ActivityOut) -> dict[str, Any]:
    """The activity as a request states it: what it points at by slug or code."""
    return snapshot(
        activity,
        leave_out=["id"],
        body=activity.body.slug,
        priority=activity.priority.code,
        partners=[partner.slug for partner in activity.partners],
        participants=[member.slug for member in activity.participants],
    )


# Writing ------------------------------------------------------------------------------------------


# The texts of an activity that can be given in several languages (core/translated.py).
TRANSLATABLE = ("title", "description")


async def create_activity(*, data: ActivityCreate) -> ActivityOut:
    async with transaction():
        body_pk = await bodies.body_id(slug=data.body, field="body")
        priority_pk = await network.priority_id(code=data.priority, field="priority")
        planned = _planned_columns(data.planned)
        _check_actual(data.actual_start, data.actual_end)
        _check_progress(data.status, data.progress_percent)
        partner_list, member_list = await _resolve_links(partners=data.partners, participants=data.participants)
        now = utc_now()
        rows = await Activity.insert(
            Activity(
                body=body_pk,
                priority=priority_pk,
                title=data.title.strip(),
                description=data.description,
                actual_start=data.actual_start,
                actual_end=data.actual_end,
                status=data.status.value,
                progress_percent=data.progress_percent,
                language=data.language,
                translations=translated.dump(
                    translated.clean_translations(
                        data.translations, fields=TRANSLATABLE, one_line=("title",), original_language=data.language
                    )
                ),
                created_at=now,
                updated_at=now,
                **planned,
            )
        ).returning(Activity.id)
        activity_id = int(rows[0]["id"])
        await _replace_children(
            activity_id=activity_id, deliverables=data.deliverables, partner_list=partner_list, member_list=member_list
        )
        created = await get_activity(activity_id=activity_id)
        await audit.record(
            action="activity.created", object_type="activity", object_id=activity_id, after=_audited(created)
        )
    return created


async def update_activity(*, activity_id: int, data: ActivityUpdate) -> ActivityOut:
    """Apply the fields given; every rule is checked on the activity as it would be after the change."""
    async with transaction():
        current = await Activity.select().where(Activity.id == activity_id).first()
        if current is None:
            raise NotFound(N_("activity %(id)s not found"), params={"id": activity_id})
        values: dict[str, Any] = {}
        if data.body is not UNSET:
            values["body"] = await bodies.body_id(slug=data.body, field="body")
        if data.priority is not UNSET:
            values["priority"] = await network.priority_id(code=data.priority, field="priority")
        if data.title is not UNSET:
            values["title"] = data.title.strip()
        if data.description is not UNSET:
            values["description"] = data.description
        if data.planned is not UNSET:
            values.update(_planned_columns(data.planned))
        for name in ("actual_start", "actual_end", "progress_percent"):
            if (value := getattr(data, name)) is not UNSET:
                values[name] = value
        if data.status is not UNSET:
            values["status"] = data.status.value
        if data.language is not UNSET:
            values["language"] = data.language
        if data.translations is not UNSET:
            values["translations"] = data.translations
        translated.prepare_columns(
            values, fields=TRANSLATABLE, one_line=("title",), current_language=current["language"]
        )
        after = {**current, **values}
        _check_actual(after["actual_start"], after["actual_end"])
        _check_progress(ActivityStatus(after["status"]), after["progress_percent"])
        partner_list, member_list = await _resolve_links(
            partners=None if data.partners is UNSET else data.partners,
            participants=None if data.participants is UNSET else data.participants,
        )
        # Deliverables, partners and participants are the activity's own lists: their changes are in this record.
        return await writes.update(
            _target(activity_id, current),
            revision=data.revision,
            values=values,
            read=lambda: get_activity(activity_id=activity_id),
            audited=_audited,
            action=lambda old, new: "activity.status_changed" if new.status is not old.status else "activity.updated",
            counter=counters.FEED_LABELS,
            then=lambda: _replace_children(
                activity_id=activity_id,
                deliverables=None if data.deliverables is UNSET else data.deliverables,
                partner_list=partner_list,
                member_list=member_list,
            ),
        )


def _target(activity_id: int, row: dict[str, Any] | None) -> writes.Target:
    """The activity a write is about, named by its title in the reader's language (its id when gone)."""
    return writes.Target(
        table=Activity,
        row_id=activity_id,
        what=_named(activity_id, row),
        object_type="activity",
        object_id=activity_id,
    )


def _named(activity_id: int, row: dict[str, Any] | None) -> Phrase:
    """ "the activity “Smart Cities Study”" (its title as the reader reads it), or "activity 12"."""
    if row is None:
        return Phrase(N_("activity %(id)s"), {"id": activity_id})
    title = translated.Text.of_row(row, "title")
    return Phrase(N_("the activity “%(title)s”"), {"title": title})


async def delete_activity(*, activity_id: int, revision: int | None = None) -> None:
    # Deliverables and links go with it (ON DELETE CASCADE).
    row = (
        await Activity.select(Activity.title, Activity.language, Activity.translations)
        .where(Activity.id == activity_id)
        .first()
    )
    await writes.delete(
        _target(activity_id, row),
        revision=revision,
        read=lambda: get_activity(activity_id=activity_id),
        audited=_audited,
        action="activity.deleted",
        counter=counters.FEED_LABELS,
    )
