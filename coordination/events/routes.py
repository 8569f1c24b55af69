"""JSON API for events. Handlers only translate HTTP to service calls."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.openapi.spec import OpenAPIFormat
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from coordination.core.errors import InvalidInput
from coordination.core.pagination import Limit, Offset, Page
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
        # Litestar keeps the name `body` for the raw request body, hence the alias.
        body_slug: Annotated[str | None, QueryParameter(name="body", description="A body's slug")] = None,
        member: Annotated[
            str | None, QueryParameter(description="A member's slug: events of the bodies it belongs to today")
        ] = None,
        priority: Annotated[
            str | None, QueryParameter(description="A strategic priority's code: events of its activities")
        ] = None,
        status: FromQuery[EventStatus | None] = None,
        kind: FromQuery[EventKind | None] = None,
        visibility: FromQuery[Visibility | None] = None,
        # Taken as text so that a bad date is reported as `from`/`to`, not under the Python names.
        date_from: Annotated[
            str | None,
            QueryParameter(name="from", format=OpenAPIFormat.DATE, description="Events not over before that day"),
        ] = None,
        date_to: Annotated[
            str | None,
            QueryParameter(name="to", format=OpenAPIFormat.DATE, description="Events begun that day or earlier"),
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
            limit=limit,
            offset=offset,
        )

    @post("/")
    async def create_event(self, data: JSONBody[EventCreate]) -> EventOut:
        return await services.create_event(data=data)

    @get("/{event_id:int}")
    async def get_event(self, event_id: FromPath[int]) -> EventOut:
        return await services.get_event(event_id=event_id)

    @patch("/{event_id:int}")
    async def update_event(self, event_id: FromPath[int], data: JSONBody[EventUpdate]) -> EventOut:
        return await services.update_event(event_id=event_id, data=data)

    @delete("/{event_id:int}")
    async def delete_event(self, event_id: FromPath[int], revision: FromQuery[int | None] = None) -> None:
        await services.delete_event(event_id=event_id, revision=revision)
