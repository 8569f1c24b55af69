"""Load the demo network through the services, so it obeys every rule real data does.

Loading is idempotent: each item is looked up by its natural key (a slug, a
code, a body and a title) and only what is missing is created, so running
``coordination demo --force`` twice never duplicates anything.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import msgspec

from coordination.activities import services as activities
from coordination.activities.schemas import ActivityCreate, PartnerCreate
from coordination.bodies import leadership, memberships
from coordination.bodies import services as bodies
from coordination.bodies.schemas import BodyCreate, BodyHistoryCreate, LeadershipTermCreate, MembershipCreate
from coordination.core.errors import NotFound
from coordination.demo import data
from coordination.demo.maturity import load_maturity
from coordination.demo.reports import load_reports
from coordination.events import services as events
from coordination.events.schemas import EventCreate
from coordination.members import services as members
from coordination.members.schemas import MemberCreate, PersonCreate
from coordination.network import services as network
from coordination.network.schemas import NetworkUpdate, PriorityCreate

ALL = 10_000  # larger than any demo list


async def load_demo(*, only_if_empty: bool = True) -> dict[str, Any]:
    """Load the demo network; with ``only_if_empty`` do nothing if members already exist."""
    if only_if_empty and (await members.list_members(limit=1)).total > 0:
        return {"skipped": True, "counts": {}}
    created: Counter[str] = Counter()
    await _network(created)
    await _members(created)
    await _partners(created)
    await _bodies(created)
    activity_ids = await _activities(created)
    await _events(created, activity_ids)
    await load_reports(created, activity_ids)
    await load_maturity(created)
    return {"skipped": False, "counts": dict(created)}


async def _network(created: Counter[str]) -> None:
    current = await network.get_network()
    if current.name != data.NETWORK["name"]:
        await network.update_network(data=NetworkUpdate(revision=current.revision, **data.NETWORK))
    known = {priority.code for priority in await network.list_priorities()}
    for position, priority in enumerate(data.PRIORITIES):
        if priority["code"] not in known:
            await network.create_priority(data=PriorityCreate(position=position, **priority))
            created["priorities"] += 1


async def _members(created: Counter[str]) -> None:
    for slug, name, kind, country in data.MEMBERS:
        try:
            member = await members.get_member(slug=slug)
        except NotFound:
            member = await members.create_member(
                data=msgspec.convert({"slug": slug, "name": name, "kind": kind, "country": country}, MemberCreate)
            )
            created["members"] += 1
        names = {person.name for person in member.people}
        for person_name, title, email, is_focal_point in data.PEOPLE.get(slug, []):
            if person_name not in names:
                await members.add_person(
                    member_slug=slug,
                    data=PersonCreate(name=person_name, title=title, email=email, is_focal_point=is_focal_point),
                )
                created["people"] += 1


async def _partners(created: Counter[str]) -> None:
    for slug, name, website in data.PARTNERS:
        try:
            await activities.get_partner(slug=slug)
        except NotFound:
            await activities.create_partner(data=PartnerCreate(slug=slug, name=name, website=website))
            created["partners"] += 1


async def _bodies(created: Counter[str]) -> None:
    for spec in data.BODIES:
        slug = spec["slug"]
        try:
            body = await bodies.get_body(slug=slug)
        except NotFound:
            body = await bodies.create_body(
                data=msgspec.convert(
                    {k: spec[k] for k in ("slug", "name", "kind", "mandate", "language", "translations") if k in spec},
                    BodyCreate,
                )
            )
            created["bodies"] += 1
        past_names = {entry.name for entry in body.history}
        for entry in spec.get("history", []):
            if entry["name"] not in past_names:
                await bodies.add_history_entry(
                    slug=slug,
                    data=msgspec.convert(
                        {
                            "name": entry["name"],
                            "kind": entry["kind"],
                            "valid_from": entry["valid_from"],
                            "valid_until": entry["changed_on"],
                            "note": entry["note"],
                        },
                        BodyHistoryCreate,
                    ),
                )
                created["past names"] += 1
        existing = {m.member for m in (await memberships.list_memberships(body_slug=slug, limit=ALL)).items}
        for member_slug in spec["members"]:
            if member_slug not in existing:
                await memberships.create_membership(data=MembershipCreate(body=slug, member=member_slug))
                created["memberships"] += 1
        terms = {(t.member, t.role.value) for t in (await leadership.list_terms(body_slug=slug, limit=ALL)).items}
        for member_slug, person_name, role, start, end in spec["leadership"]:
            if (member_slug, role) in terms:
                continue
            person_id = None
            if person_name is not None:
                people = (await members.get_member(slug=member_slug)).people
                person_id = next(p.id for p in people if p.name == person_name)
            await leadership.create_term(
                data=msgspec.convert(
                    {
                        "body": slug,
                        "member": member_slug,
                        "person": person_id,
                        "role": role,
                        "start_date": start,
                        "end_date": end,
                    },
                    LeadershipTermCreate,
                )
            )
            created["leadership terms"] += 1


async def _activities(created: Counter[str]) -> dict[str, int]:
    """Create the activities; return their ids by the demo's key, for the events."""
    ids: dict[str, int] = {}
    for spec in data.ACTIVITIES:
        existing = await activities.list_activities(body=spec["body"], limit=ALL)
        match = next((a for a in existing.items if a.title == spec["title"]), None)
        if match is None:
            precision, start, end = spec["planned"]
            payload = {key: value for key, value in spec.items() if key not in ("key", "planned")}
            payload["planned"] = {"precision": precision, "start": start, "end": end}
            match = await activities.create_activity(data=msgspec.convert(payload, ActivityCreate))
            created["activities"] += 1
        ids[spec["key"]] = match.id
    return ids


async def _events(created: Counter[str], activity_ids: dict[str, int]) -> None:
    for spec in data.EVENTS:
        existing = await events.list_events(body_slug=spec["body"], limit=None)
        if any(event.title == spec["title"] for event in existing.items):
            continue
        payload: dict[str, Any] = {
            key: value for key, value in spec.items() if key not in ("key", "timing", "activity")
        }
        payload["activity"] = activity_ids[spec["activity"]] if spec["activity"] else None
        timing = spec["timing"]
        payload["timing"] = timing[0]
        if timing[0] == "timed":
            payload.update(start=timing[1], end=timing[2], timezone=timing[3])
        elif timing[0] == "all_day":
            payload.update(start_date=timing[1], end_date=timing[2])
        else:
            payload.update(year=timing[1], month=timing[2])
        await events.create_event(data=msgspec.convert(payload, EventCreate))
        created["events"] += 1
