"""The event form: every timing (in an IANA zone, all day, date to be confirmed), with its sessions; deletion.

Who may: the secretariat and the leads of the event's body (``accounts.rules.can_edit_body``), as in the API;
the body list offers only the bodies the person may edit.

Times are typed as the event's local wall-clock time (``datetime-local``
inputs) in the zone chosen from a searchable list (``events/zones.py``); a
local time that a daylight-saving change skips or repeats is refused by
``events.timing`` with a message saying so, next to the field. The form
shows the three timing forms' fields in groups; a few lines of script show
only the chosen group and add session rows, and without script every group
is shown and two blank session rows are offered on each save.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from coordination.accounts import rules
from coordination.accounts.guards import Forbidden, principal_of, require, signed_in
from coordination.activities import services as activities
from coordination.bodies import services as bodies
from coordination.core import forms
from coordination.core.form_pages import DeleteView, FormView, confirm_delete, delete, save_form, show_form
from coordination.core.forms import Choice, Field, FormState, text
from coordination.core.i18n import N_
from coordination.core.pages import found, page_language
from coordination.core.pagination import MAX_LIMIT
from coordination.core.params import IdPath
from coordination.events import services as events
from coordination.events.enums import (
    EVENT_KIND_LABELS,
    EVENT_STATUS_LABELS,
    VISIBILITY_LABELS,
    EventTiming,
)
from coordination.events.schemas import EventCreate, EventOut, EventUpdate
from coordination.events.timing import FORM_FIELDS
from coordination.events.zones import DEFAULT_ZONE, zone_names

__all__ = ["event_delete", "event_delete_form", "event_edit", "event_edit_form", "event_new", "event_new_form"]

TIMING_LABELS = {
    EventTiming.timed: N_("At set times, in a timezone"),
    EventTiming.all_day: N_("All day, on one or more days"),
    EventTiming.to_be_confirmed: N_("Date to be confirmed (a month or a year)"),
}
BLANK_SESSIONS = 2
SESSION_PARTS = ("title", "start", "end", "kind", "description")
NOT_YOUR_BODY = N_("not your body's event")

COMMON = [
    Field("title", N_("Title"), required=True, maxlength=200),
    Field(
        "kind",
        N_("Kind"),
        kind="select",
        required=True,
        choices=[Choice(k.value, v) for k, v in EVENT_KIND_LABELS.items()],
    ),
    Field(
        "timing",
        N_("When"),
        kind="select",
        required=True,
        choices=[Choice(k.value, v) for k, v in TIMING_LABELS.items()],
    ),
]
TIMED = [
    Field("start", N_("Starts (local time)"), kind="datetime-local", group="timed"),
    Field("end", N_("Ends (local time)"), kind="datetime-local", group="timed"),
    Field(
        "timezone",
        N_("Timezone"),
        datalist="zones",
        group="timed",
        hint=N_("Type a city such as Paris or Bogota and choose its zone from the list."),
    ),
]
ALL_DAY = [
    Field("start_date", N_("First day"), kind="date", group="all_day"),
    Field("end_date", N_("Last day"), kind="date", group="all_day", hint=N_("Leave empty for a one-day event.")),
]
TBC = [
    Field("year", N_("Year"), kind="number", group="to_be_confirmed"),
    Field("month", N_("Month (if known)"), kind="number", group="to_be_confirmed", hint=N_("1 to 12.")),
]
DETAILS = [
    Field("location", N_("Place"), maxlength=200),
    Field("online_url", N_("Online link"), kind="url", hint=N_("An address starting with https://, or empty.")),
    Field("description", N_("Description"), kind="textarea", maxlength=20000),
    Field(
        "status",
        N_("Status"),
        kind="select",
        required=True,
        choices=[Choice(k.value, v) for k, v in EVENT_STATUS_LABELS.items()],
    ),
    Field(
        "visibility",
        N_("Who may see it"),
        kind="select",
        required=True,
        choices=[Choice(k.value, v) for k, v in VISIBILITY_LABELS.items()],
    ),
]
SESSION_KINDS = [Choice(k.value, v) for k, v in EVENT_KIND_LABELS.items()]


async def _editable_bodies(request: Request[Any, Any, Any]) -> list[Choice]:
    principal = principal_of(request)
    summaries = await bodies.all_body_summaries()
    allowed = [body for body_id, body in summaries.items() if rules.can_edit_body(principal, body_id=body_id)]
    return [Choice(body.slug, body.name) for body in sorted(allowed, key=lambda body: body.name.casefold())]


async def _fields(request: Request[Any, Any, Any], body_slug: str | None) -> list[Field]:
    body_choices = await _editable_bodies(request)
    activity_choices: list[Choice] = []
    if body_slug:
        listed = await activities.list_activities(body=body_slug, limit=MAX_LIMIT)
        activity_choices = [Choice(str(item.id), item.title) for item in listed.items]
    body = Field("body", N_("Body"), kind="select", required=True, choices=body_choices, translate=False)
    activity = Field(
        "activity",
        N_("Activity it belongs to (optional)"),
        kind="select",
        choices=activity_choices,
        translate=False,
        empty_is_null=True,
    )
    fields = [COMMON[0], body, *COMMON[1:], *TIMED, *ALL_DAY, *TBC, *DETAILS, activity]
    return forms.translatable(fields, events.TRANSLATABLE)


def _session_rows(values: dict[str, Any]) -> list[dict[str, str]]:
    return list(values.get("sessions", []))


def _read(fields: list[Field], form: Any, written: list[int]) -> tuple[dict[str, Any], dict[str, Any]]:
    """What was typed (session rows included) and the event's payload: only the chosen timing's fields."""
    values = forms.values_from(fields, form)
    rows: list[dict[str, str]] = []
    indices = sorted(
        {int(match.group(1)) for key in form for match in [re.match(r"^session-(\d+)-title$", key)] if match}
    )
    for index in indices:
        row = {part: _text(form.get(f"session-{index}-{part}")) for part in SESSION_PARTS}
        rows.append(row)
    values["sessions"] = rows
    data = forms.payload(fields, values)
    try:
        timing = EventTiming(values.get("timing", ""))
    except ValueError:
        timing = None
    others = {name for own in FORM_FIELDS.values() for name in own}
    for name in others - set(FORM_FIELDS.get(timing, ())) if timing else others:
        data.pop(name, None)
    written.clear()
    sessions = []
    for position, row in enumerate(rows):
        if not any(row[part].strip() for part in ("title", "start", "end", "description")):
            continue
        written.append(position)
        sessions.append(
            {
                "title": row["title"].strip(),
                "start": row["start"].strip(),
                "end": row["end"].strip(),
                "kind": row["kind"] or "round_table",
                "description": row["description"].strip(),
            }
        )
    data["sessions"] = sessions if timing is EventTiming.timed else []
    return values, data


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _renamer(written: list[int]) -> Any:
    def rename(path: str) -> str:
        match = re.match(r"^sessions\[(\d+)\]\.?(\w*)", path)
        if match is None:
            return path
        position = int(match.group(1))
        if position >= len(written):
            return "sessions"
        return f"session-{written[position]}-{match.group(2) or 'title'}"

    return rename


def _with_blank_sessions(values: dict[str, Any]) -> dict[str, Any]:
    rows = [row for row in values.get("sessions", []) if any(str(v).strip() for k, v in row.items() if k != "kind")]
    rows += [dict.fromkeys(SESSION_PARTS, "") for _ in range(BLANK_SESSIONS)]
    return {**values, "sessions": rows}


def _minutes(value: datetime | None) -> str:
    return value.isoformat(timespec="minutes") if value else ""


def event_values(event: EventOut) -> dict[str, Any]:
    return {
        "title": event.title,
        "body": event.body.slug,
        "kind": event.kind.value,
        "timing": event.timing.value,
        "start": _minutes(event.start),
        "end": _minutes(event.end),
        "timezone": event.timezone or "",
        "start_date": text(event.start_date),
        "end_date": text(event.end_date),
        "year": text(event.year),
        "month": text(event.month),
        "location": event.location,
        "online_url": event.online_url,
        "description": event.description,
        "status": event.status.value,
        "visibility": event.visibility.value,
        "activity": text(event.activity.id if event.activity else None),
        "sessions": [
            {
                "title": session.title,
                "start": _minutes(session.start),
                "end": _minutes(session.end),
                "kind": session.kind.value,
                "description": session.description,
            }
            for session in event.sessions
        ],
        **forms.translation_values(event, events.TRANSLATABLE),
    }


def _view(**kwargs: Any) -> FormView:
    context = {
        "zones": [(name, name) for name in zone_names()],
        "session_kinds": SESSION_KINDS,
        "timing_groups": [(timing.value, label) for timing, label in TIMING_LABELS.items()],
    }
    return FormView(template="events/form.html", context=context, **kwargs)


async def _save(
    request: Request[Any, Any, Any],
    view: FormView,
    fields: list[Field],
    schema: type[Any],
    save: Any,
    current: Any = None,
) -> Redirect | Template:
    written: list[int] = []

    def read(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        values, data = _read(fields, form, written)
        return _with_blank_sessions(values), data

    return await save_form(
        request,
        view,
        fields=fields,
        schema=schema,
        save=save,
        current=current,
        read=read,
        rename=_renamer(written),
        extra_names=[f"session-{index}-{part}" for index in range(MAX_ROWS) for part in SESSION_PARTS] + ["sessions"],
    )


MAX_ROWS = 110  # the schema allows 100 sessions; rows beyond are refused by it


async def _require_body(request: Request[Any, Any, Any], body_slug: str) -> None:
    body_id = await found(request, bodies.body_id(slug=body_slug))
    require(rules.can_edit_body(principal_of(request), body_id=body_id), detail=NOT_YOUR_BODY)


# ------------------------------------------------------------------ new


def _new_view(body_slug: str | None) -> FormView:
    return _view(
        title=N_("New event"),
        action=f"/events/new?body={body_slug}" if body_slug else "/events/new",
        cancel=f"/bodies/{body_slug}" if body_slug else "/events",
        submit=N_("Create"),
    )


@get("/events/new", include_in_schema=False, guards=[signed_in])
async def event_new_form(
    request: Request[Any, Any, Any], body_slug: Annotated[str | None, QueryParameter(name="body")] = None
) -> Template:
    fields = await _fields(request, body_slug)
    choices = next(spec for spec in fields if spec.name == "body").choices
    if not choices:
        raise Forbidden(NOT_YOUR_BODY)
    chosen = body_slug if any(choice.value == body_slug for choice in choices) else choices[0].value
    zone = await events.latest_timezone(body_slug=chosen) or DEFAULT_ZONE
    values: dict[str, Any] = {
        "body": chosen,
        "kind": "workshop",
        "timing": "timed",
        "timezone": zone,
        "status": "confirmed",
        "visibility": "public",
        "language": page_language(request),
    }
    return await show_form(request, _new_view(chosen), FormState(fields=fields, values=_with_blank_sessions(values)))


@post("/events/new", include_in_schema=False, guards=[signed_in], status_code=303)
async def event_new(
    request: Request[Any, Any, Any], body_slug: Annotated[str | None, QueryParameter(name="body")] = None
) -> Redirect | Template:
    fields = await _fields(request, body_slug)

    async def save(data: EventCreate) -> str:
        await _require_body(request, data.body)
        return f"/events/{(await events.create_event(data=data)).id}"

    return await _save(request, _new_view(body_slug), fields, EventCreate, save)


# ------------------------------------------------------------------ edit


async def _event_for_editor(request: Request[Any, Any, Any], event_id: int) -> EventOut:
    event = await found(request, events.get_event(event_id=event_id))
    await _require_body(request, event.body.slug)
    return event


def _edit_view(event: EventOut) -> FormView:
    return _view(
        title=N_("Edit %(name)s"),
        title_params={"name": event.title},
        action=f"/events/{event.id}/edit",
        cancel=f"/events/{event.id}",
        submit=N_("Save"),
        delete_url=f"/events/{event.id}/delete",
        intro=N_("To call an event off, set its status to Cancelled: calendars then show it as cancelled."),
    )


@get("/events/{event_id:int}/edit", include_in_schema=False, guards=[signed_in])
async def event_edit_form(request: Request[Any, Any, Any], event_id: IdPath) -> Template:
    event = await _event_for_editor(request, event_id)
    fields = await _fields(request, event.body.slug)
    state = FormState(fields=fields, values=_with_blank_sessions(event_values(event)), revision=event.revision)
    return await show_form(request, _edit_view(event), state)


@post("/events/{event_id:int}/edit", include_in_schema=False, guards=[signed_in], status_code=303)
async def event_edit(request: Request[Any, Any, Any], event_id: IdPath) -> Redirect | Template:
    event = await _event_for_editor(request, event_id)
    fields = await _fields(request, event.body.slug)

    async def save(data: EventUpdate) -> str:
        if isinstance(data.body, str) and data.body != event.body.slug:
            await _require_body(request, data.body)
        await events.update_event(event_id=event_id, data=data)
        return f"/events/{event_id}"

    async def current() -> tuple[dict[str, Any], int]:
        now = await events.get_event(event_id=event_id)
        return event_values(now), now.revision

    return await _save(request, _edit_view(event), fields, EventUpdate, save, current)


# ------------------------------------------------------------------ delete


def _delete_view(event: EventOut) -> DeleteView:
    return DeleteView(
        what=N_("the event %(name)s"),
        what_params={"name": event.title},
        named=event,
        named_field="title",
        action=f"/events/{event.id}/delete",
        cancel=f"/events/{event.id}",
        revision=event.revision,
        consequences=N_(
            "Calendars that show it will show it as cancelled. If the event was called off, set its status to "
            "Cancelled instead: its record stays."
        ),
        alternative=(f"/events/{event.id}/edit", N_("Edit the event instead")),
    )


@get("/events/{event_id:int}/delete", include_in_schema=False, guards=[signed_in])
async def event_delete_form(request: Request[Any, Any, Any], event_id: IdPath) -> Template:
    return await confirm_delete(request, _delete_view(await _event_for_editor(request, event_id)))


@post("/events/{event_id:int}/delete", include_in_schema=False, guards=[signed_in], status_code=303)
async def event_delete(request: Request[Any, Any, Any], event_id: IdPath) -> Redirect | Template:
    event = await _event_for_editor(request, event_id)

    async def remove(revision: int | None) -> None:
        await events.delete_event(event_id=event_id, revision=revision)

    return await delete(request, _delete_view(event), remove=remove, done=f"/bodies/{event.body.slug}")
