"""JSON API for activities and partner organisations. Handlers only translate HTTP to service calls.

Anyone reads them. The secretariat and a body's lead create, change and
delete that body's activities; partner organisations are the secretariat's.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.openapi.spec.enums import OpenAPIFormat
from litestar.params import FromQuery, JSONBody, QueryParameter
from msgspec import UNSET

from coordination.accounts.guards import require_body_editor, secretariat_only, signed_in
from coordination.activities import services
from coordination.activities.enums import ActivityStatus
from coordination.activities.schemas import (
    ActivityCreate,
    ActivityOut,
    ActivityUpdate,
    PartnerCreate,
    PartnerOut,
    PartnerUpdate,
)
from coordination.core.errors import InvalidInput
from coordination.core.pagination import Limit, Offset, Page
from coordination.core.params import IdPath, RevisionQuery, SlugPath


def _query_date(value: str | None, *, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"expected a date such as 2020-04-01, not {value!r}", field=name) from None


class PartnerController(Controller):
    path = "/api/v1/partners"
    tags = ("activities",)

    @get("/")
    async def list_partners(
        self,
        q: Annotated[str | None, QueryParameter(max_length=200, description="Part of the name")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[PartnerOut]:
        return await services.list_partners(search=q, limit=limit, offset=offset)

    @post("/", guards=[secretariat_only])
    async def create_partner(self, data: JSONBody[PartnerCreate]) -> PartnerOut:
        return await services.create_partner(data=data)

    @get("/{slug:str}")
    async def get_partner(self, slug: SlugPath) -> PartnerOut:
        return await services.get_partner(slug=slug)

    @patch("/{slug:str}", guards=[secretariat_only])
    async def update_partner(self, slug: SlugPath, data: JSONBody[PartnerUpdate]) -> PartnerOut:
        return await services.update_partner(slug=slug, data=data)

    @delete("/{slug:str}", guards=[secretariat_only])
    async def delete_partner(self, slug: SlugPath, revision: RevisionQuery = None) -> None:
        await services.delete_partner(slug=slug, revision=revision)


class ActivityController(Controller):
    path = "/api/v1/activities"
    tags = ("activities",)

    @get("/")
    async def list_activities(
        self,
        # "body" is reserved by Litestar for the raw request body, hence the alias.
        body_slug: Annotated[
            str | None, QueryParameter(name="body", max_length=100, description="A body's slug")
        ] = None,
        member: Annotated[
            str | None, QueryParameter(max_length=100, description="Activities this member takes part in")
        ] = None,
        priority: Annotated[
            str | None, QueryParameter(max_length=100, description="A strategic priority's code")
        ] = None,
        status: FromQuery[ActivityStatus | None] = None,
        # Parsed here rather than typed as dates, so a bad one is reported as "from"/"to", not the Python name.
        from_date: Annotated[
            str | None,
            QueryParameter(
                name="from",
                max_length=10,
                format=OpenAPIFormat.DATE,
                description="Planned or actual period ends on or after",
            ),
        ] = None,
        to_date: Annotated[
            str | None,
            QueryParameter(
                name="to",
                max_length=10,
                format=OpenAPIFormat.DATE,
                description="Planned or actual period starts on or before",
            ),
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ActivityOut]:
        return await services.list_activities(
            body=body_slug,
            member=member,
            priority=priority,
            status=status,
            from_date=_query_date(from_date, name="from"),
            to_date=_query_date(to_date, name="to"),
            limit=limit,
            offset=offset,
        )

    @post("/", guards=[signed_in])
    async def create_activity(self, request: Request[Any, Any, Any], data: JSONBody[ActivityCreate]) -> ActivityOut:
        await require_body_editor(request, body_slug=data.body, field="body", detail="not your body's activity")
        return await services.create_activity(data=data)

    @get("/{activity_id:int}")
    async def get_activity(self, activity_id: IdPath) -> ActivityOut:
        return await services.get_activity(activity_id=activity_id)

    @patch("/{activity_id:int}", guards=[signed_in])
    async def update_activity(
        self, request: Request[Any, Any, Any], activity_id: IdPath, data: JSONBody[ActivityUpdate]
    ) -> ActivityOut:
        await _require_editor(request, activity_id)
        if data.body is not UNSET:
            await require_body_editor(request, body_slug=data.body, field="body", detail="not your body's activity")
        return await services.update_activity(activity_id=activity_id, data=data)

    @delete("/{activity_id:int}", guards=[signed_in])
    async def delete_activity(
        self, request: Request[Any, Any, Any], activity_id: IdPath, revision: RevisionQuery = None
    ) -> None:
        await _require_editor(request, activity_id)
        await services.delete_activity(activity_id=activity_id, revision=revision)


async def _require_editor(request: Request[Any, Any, Any], activity_id: int) -> None:
    activity = await services.get_activity(activity_id=activity_id)
    await require_body_editor(request, body_slug=activity.body.slug, detail="not your body's activity")
