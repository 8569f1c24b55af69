"""The audit trail said in sentences, in the reader's language, rather than as codes and field names.

"ana@example.org changed the end date of Bilbao's Lead term of Digital Cities
from 31 December 2021 to 30 June 2022." A record keeps the object's type, its
id or slug and the changed fields; the object is named here, through the
services of its domain (its name today, or the one the record kept when it is
gone), never by its slug when a name can be found.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from coordination.activities import services as activities
from coordination.audit.schemas import AuditRecordOut
from coordination.bodies import leadership, memberships
from coordination.bodies import services as bodies
from coordination.bodies.enums import LEADERSHIP_ROLE_LABELS, LeadershipRole
from coordination.core import i18n
from coordination.core.errors import ServiceError
from coordination.core.i18n import N_
from coordination.events import services as events
from coordination.members import services as members

VERBS = {
    "created": N_("%(who)s created %(object)s."),
    "deleted": N_("%(who)s deleted %(object)s."),
    "granted": N_("%(who)s granted %(object)s."),
    "revoked": N_("%(who)s revoked %(object)s."),
    "withdrawn": N_("%(who)s withdrew %(object)s."),
    "accepted": N_("%(who)s accepted %(object)s."),
    "disabled": N_("%(who)s disabled %(object)s."),
    "saved": N_("%(who)s saved %(object)s."),
    "frozen": N_("%(who)s froze %(object)s."),
    "started": N_("%(who)s started %(object)s."),
    "edited": N_("%(who)s edited %(object)s."),
    "succeeded": N_("%(who)s signed in."),
    "failed": N_("A sign-in as %(object)s failed."),
}
CHANGED = N_("%(who)s changed the %(field)s of %(object)s from %(before)s to %(after)s.")
SET = N_("%(who)s set the %(field)s of %(object)s to %(after)s.")
CLEARED = N_("%(who)s removed the %(field)s of %(object)s (it was %(before)s).")
UPDATED = N_("%(who)s updated %(object)s.")
NOTHING = N_("nothing")

FIELDS = {
    "name": N_("name"),
    "title": N_("title"),
    "description": N_("description"),
    "mandate": N_("mandate"),
    "kind": N_("kind"),
    "status": N_("status"),
    "start_date": N_("start date"),
    "end_date": N_("end date"),
    "role": N_("role"),
    "person": N_("person"),
    "email": N_("email"),
    "country": N_("country"),
    "website": N_("website"),
    "location": N_("place"),
    "progress_percent": N_("progress"),
    "due_date": N_("due date"),
    "language": N_("language"),
    "translations": N_("translations"),
    "logo_url": N_("logo"),
    "accent_color": N_("accent colour"),
}

OBJECTS = {
    "member": N_("the member %(name)s"),
    "body": N_("the body %(name)s"),
    "event": N_("the event “%(name)s”"),
    "activity": N_("the activity “%(name)s”"),
    "person": N_("the person %(name)s"),
    "priority": N_("the strategic priority %(name)s"),
    "partner": N_("the partner %(name)s"),
    "user": N_("the account %(name)s"),
    "network": N_("the network's settings"),
    "reporting_period": N_("the reporting period %(name)s"),
    "reporting_slot": N_("a progress report"),
    "role_assignment": N_("a role"),
    "leadership_term": N_("a leadership term"),
    "membership": N_("a membership"),
}
TERM = N_("%(member)s's %(role)s term of %(body)s")
MEMBERSHIP = N_("%(member)s's membership of %(body)s")
OTHER = N_("%(kind)s %(name)s")


def _value(value: Any, language: str) -> str:
    if value is None or value == "":
        return i18n.gettext(language, NOTHING)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return i18n.format_date(date.fromisoformat(value), language, "long")
        except ValueError:
            return value
    if isinstance(value, dict | list):
        return "…"
    return str(value)


class _Names:
    """Names of the objects records point at, looked up once per page."""

    def __init__(self) -> None:
        self.members: dict[str, str] = {}
        self.bodies: dict[str, str] = {}

    async def member(self, slug: str) -> str:
        if slug not in self.members:
            try:
                self.members[slug] = (await members.get_member(slug=slug, include_private=False)).name
            except ServiceError:
                self.members[slug] = slug
        return self.members[slug]

    async def body(self, slug: str) -> str:
        if slug not in self.bodies:
            try:
                self.bodies[slug] = (await bodies.get_body(slug=slug)).name
            except ServiceError:
                self.bodies[slug] = slug
        return self.bodies[slug]


async def _object(record: AuditRecordOut, names: _Names, language: str) -> str:
    kept = {**(record.before or {}), **(record.after or {})}
    kind, ident = record.object_type, record.object_id
    say = i18n.gettext
    if kind in ("leadership_term", "membership"):
        body_slug, member_slug, role = kept.get("body"), kept.get("member"), kept.get("role")
        if not (body_slug and member_slug) and ident.isdigit():
            try:
                found: Any = await (
                    leadership.get_term(term_id=int(ident))
                    if kind == "leadership_term"
                    else memberships.get_membership(membership_id=int(ident))
                )
                body_slug, member_slug = found.body, found.member
                role = role or getattr(found, "role", None)
            except ServiceError:
                pass
        if body_slug and member_slug:
            params = {"member": await names.member(member_slug), "body": await names.body(body_slug)}
            if kind == "membership":
                return say(language, MEMBERSHIP) % params
            label = LEADERSHIP_ROLE_LABELS.get(LeadershipRole(role)) if role in set(LeadershipRole) else None
            # A role in the middle of a sentence: "Bilbao's lead term", "le mandat de chef de file".
            return say(language, TERM) % {**params, "role": (say(language, label) if label else role or "").lower()}
        return say(language, OBJECTS[kind])
    name = str(kept.get("name") or kept.get("title") or kept.get("email") or "")
    if not name:
        name = await _current_name(kind, ident, names)
    pattern = OBJECTS.get(kind)
    if pattern is None:
        return say(language, OTHER) % {"kind": kind.replace("_", " "), "name": name or ident}
    return say(language, pattern) % {"name": name or ident}


async def _current_name(kind: str, ident: str, names: _Names) -> str:
    try:
        if kind == "member":
            return await names.member(ident)
        if kind == "body":
            return await names.body(ident)
        if kind == "event" and ident.isdigit():
            return (await events.get_event(event_id=int(ident))).title
        if kind == "activity" and ident.isdigit():
            return (await activities.get_activity(activity_id=int(ident))).title
    except ServiceError:
        return ""
    return ""


async def describe(records: list[AuditRecordOut], language: str) -> dict[int, list[str]]:
    """Each record's sentences (one per changed field for an update), by record id."""
    names = _Names()
    said: dict[int, list[str]] = {}
    for record in records:
        who = record.actor
        what = await _object(record, names, language)
        verb = record.action.rsplit(".", 1)[-1]
        if verb in ("updated", "status_changed") and (record.before or record.after):
            before, after = record.before or {}, record.after or {}
            lines = []
            for field in sorted(set(before) | set(after)):
                params = {
                    "who": who,
                    "object": what,
                    "field": i18n.gettext(language, FIELDS[field]) if field in FIELDS else field.replace("_", " "),
                    "before": _value(before.get(field), language),
                    "after": _value(after.get(field), language),
                }
                if before.get(field) in (None, ""):
                    lines.append(i18n.gettext(language, SET) % params)
                elif after.get(field) in (None, ""):
                    lines.append(i18n.gettext(language, CLEARED) % params)
                else:
                    lines.append(i18n.gettext(language, CHANGED) % params)
            said[record.id] = lines
        elif verb in VERBS:
            said[record.id] = [i18n.gettext(language, VERBS[verb]) % {"who": who, "object": what}]
        else:
            said[record.id] = [i18n.gettext(language, UPDATED) % {"who": who, "object": what}]
    return said
