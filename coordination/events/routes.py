"""JSON API for events. Handlers only translate HTTP to service calls.

Who may do what: anyone reads the public events; a signed-in person also
reads the members-only events of the bodies they have access to (the others
are "not found", in lists, counts and by id). The secretariat and a body's
lead create, change and delete that body's events.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.openapi.spec import OpenAPIFormat
from litestar.params import FromQuery, JSONBody, QueryParameter
from msgspec import UNSET

from coordination.accounts.guards import require_body_editor, signed_in, visible_body_ids
from coordination.core.errors import InvalidInput
from coordination.core.pagination import Limit, Offset, Page
from coordination.core.params import IdPath, RevisionQuery
from coordination.events import services
from coordination.events.enums import EventKind, EventStatus, Visibility
from coordination.events.schemas import EventCreate, EventOut, EventUpdate


def query_date(value: str | None, *, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{value!r} is not a date such as 2021-12-06", field=field) from exc


class EventController(Controller):
    path = "/api/v1/events"
    tags = ("events",)

    @get("/")
    async def list_events(
        self,
        request: Request[Any, Any, Any],
        # Litestar keeps the name `body` for the raw request body, hence the alias.
        body_slug: Annotated[
            str | None, QueryParameter(name="body", max_length=100, description="A body's slug")
        ] = None,
        member: Annotated[
            str | None,
            QueryParameter(max_length=100, description="A member's slug: events of the bodies it belongs to today"),
        ] = None,
        priority: Annotated[
            str | None,
            QueryParameter(max_length=100, description="A strategic priority's code: events of its activities"),
        ] = None,
        status: FromQuery[EventStatus | None] = None,
        kind: FromQuery[EventKind | None] = None,
        visibility: FromQuery[Visibility | None] = None,
        # Taken as text so that a bad date is reported as `from`/`to`, not under the Python names.
        date_from: Annotated[
            str | None,
            QueryParameter(
                name="from", max_length=10, format=OpenAPIFormat.DATE, description="Events not over before that day"
            ),
        ] = None,
        date_to: Annotated[
            str | None,
            QueryParameter(
                name="to", max_length=10, format=OpenAPIFormat.DATE, description="Events begun that day or earlier"
            ),
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[EventOut]:
        return await services.list_events(
            body_slug=body_slug,
            member_slug=member,
            priority_code=priority,
            status=status,
            kind=kind,
            visibility=visibility,
            date_from=query_date(date_from, field="from"),
            date_to=query_date(date_to, field="to"),
            visible_body_ids=await visible_body_ids(request),
            limit=limit,
            offset=offset,
        )

    @post("/", guards=[signed_in])
    async def create_event(self, request: Request[Any, Any, Any], data: JSONBody[EventCreate]) -> EventOut:
        await require_body_editor(request, body_slug=data.body, field="body", detail="not your body's event")
        return await services.create_event(data=data)

    @get("/{event_id:int}")
    async def get_event(self, request: Request[Any, Any, Any], event_id: IdPath) -> EventOut:
        return await services.get_event(event_id=event_id, visible_body_ids=await visible_body_ids(request))

    @patch("/{event_id:int}", guards=[signed_in])
    async def update_event(
        self, request: Request[Any, Any, Any], event_id: IdPath, data: JSONBody[EventUpdate]
    ) -> EventOut:
        await _require_editor(request, event_id)
        if data.body is not UNSET:
            await require_body_editor(request, body_slug=data.body, field="body", detail="not your body's event")
        return await services.update_event(event_id=event_id, data=data)

    @delete("/{event_id:int}", guards=[signed_in])
    async def delete_event(
        self, request: Request[Any, Any, Any], event_id: IdPath, revision: RevisionQuery = None
    ) -> None:
        await _require_editor(request, event_id)
        await services.delete_event(event_id=event_id, revision=revision)


async def _require_editor(request: Request[Any, Any, Any], event_id: int) -> None:
    """404 for an event the person may not even read (members-only elsewhere); 403 for one they may not change."""
    event = await services.get_event(event_id=event_id, visible_body_ids=await visible_body_ids(request))
    await require_body_editor(request, body_slug=event.body.slug, detail="not your body's event")
