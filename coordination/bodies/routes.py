"""JSON API for bodies, their history, memberships and leadership terms. Handlers only call services.

Anyone reads them; only the secretariat changes them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.params import FromQuery, JSONBody, QueryParameter

from coordination.accounts.guards import secretariat_only
from coordination.bodies import leadership, memberships, services
from coordination.bodies.enums import BodyKind, BodyStatus, LeadershipRole
from coordination.bodies.schemas import (
    BodyCreate,
    BodyHistoryCreate,
    BodyHistoryEntryOut,
    BodyOut,
    BodyUpdate,
    LeadershipTermCreate,
    LeadershipTermOut,
    LeadershipTermUpdate,
    MembershipCreate,
    MembershipOut,
    MembershipUpdate,
)
from coordination.core.pagination import Limit, Offset, Page
from coordination.core.params import IdPath, RevisionQuery, SlugPath

ActiveOn = Annotated[date | None, QueryParameter(description="Only those running on this day (YYYY-MM-DD)")]


class BodyController(Controller):
    path = "/api/v1/bodies"
    tags = ("bodies",)

    @get("/")
    async def list_bodies(
        self,
        kind: FromQuery[BodyKind | None] = None,
        status: FromQuery[BodyStatus | None] = None,
        member: Annotated[
            str | None, QueryParameter(max_length=100, description="A member slug: bodies it belongs to or leads")
        ] = None,
        q: Annotated[str | None, QueryParameter(max_length=200, description="Part of the name")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[BodyOut]:
        return await services.list_bodies(
            kind=kind, status=status, member_slug=member, search=q, limit=limit, offset=offset
        )

    @post("/", guards=[secretariat_only])
    async def create_body(self, data: JSONBody[BodyCreate]) -> BodyOut:
        return await services.create_body(data=data)

    @get("/{slug:str}")
    async def get_body(self, slug: SlugPath) -> BodyOut:
        return await services.get_body(slug=slug)

    @patch("/{slug:str}", guards=[secretariat_only])
    async def update_body(self, slug: SlugPath, data: JSONBody[BodyUpdate]) -> BodyOut:
        return await services.update_body(slug=slug, data=data)

    @delete("/{slug:str}", guards=[secretariat_only])
    async def delete_body(self, slug: SlugPath, revision: RevisionQuery = None) -> None:
        await services.delete_body(slug=slug, revision=revision)

    @get("/{slug:str}/history")
    async def body_history(self, slug: SlugPath) -> list[BodyHistoryEntryOut]:
        return await services.body_history(slug=slug)

    @post("/{slug:str}/history", guards=[secretariat_only])
    async def add_history_entry(self, slug: SlugPath, data: JSONBody[BodyHistoryCreate]) -> BodyHistoryEntryOut:
        return await services.add_history_entry(slug=slug, data=data)

    @delete("/{slug:str}/history/{entry_id:int}", guards=[secretariat_only])
    async def delete_history_entry(self, slug: SlugPath, entry_id: IdPath) -> None:
        await services.delete_history_entry(slug=slug, entry_id=entry_id)


class MembershipController(Controller):
    path = "/api/v1/memberships"
    tags = ("bodies",)

    @get("/")
    async def list_memberships(
        self,
        body_slug: Annotated[str | None, QueryParameter(name="body", max_length=100, description="A body slug")] = None,
        member: Annotated[str | None, QueryParameter(max_length=100, description="A member slug")] = None,
        active_on: ActiveOn = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[MembershipOut]:
        return await memberships.list_memberships(
            body_slug=body_slug, member_slug=member, on=active_on, limit=limit, offset=offset
        )

    @post("/", guards=[secretariat_only])
    async def create_membership(self, data: JSONBody[MembershipCreate]) -> MembershipOut:
        return await memberships.create_membership(data=data)

    @get("/{membership_id:int}")
    async def get_membership(self, membership_id: IdPath) -> MembershipOut:
        return await memberships.get_membership(membership_id=membership_id)

    @patch("/{membership_id:int}", guards=[secretariat_only])
    async def update_membership(self, membership_id: IdPath, data: JSONBody[MembershipUpdate]) -> MembershipOut:
        return await memberships.update_membership(membership_id=membership_id, data=data)

    @delete("/{membership_id:int}", guards=[secretariat_only])
    async def delete_membership(self, membership_id: IdPath, revision: RevisionQuery = None) -> None:
        await memberships.delete_membership(membership_id=membership_id, revision=revision)


class LeadershipTermController(Controller):
    path = "/api/v1/leadership-terms"
    tags = ("bodies",)

    @get("/")
    async def list_terms(
        self,
        body_slug: Annotated[str | None, QueryParameter(name="body", max_length=100, description="A body slug")] = None,
        member: Annotated[str | None, QueryParameter(max_length=100, description="A member slug")] = None,
        role: FromQuery[LeadershipRole | None] = None,
        current: Annotated[bool | None, QueryParameter(description="Running today (true) or not (false)")] = None,
        active_on: ActiveOn = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[LeadershipTermOut]:
        return await leadership.list_terms(
            body_slug=body_slug,
            member_slug=member,
            role=role,
            current=current,
            on=active_on,
            limit=limit,
            offset=offset,
        )

    @post("/", guards=[secretariat_only])
    async def create_term(self, data: JSONBody[LeadershipTermCreate]) -> LeadershipTermOut:
        return await leadership.create_term(data=data)

    @get("/{term_id:int}")
    async def get_term(self, term_id: IdPath) -> LeadershipTermOut:
        return await leadership.get_term(term_id=term_id)

    @patch("/{term_id:int}", guards=[secretariat_only])
    async def update_term(self, term_id: IdPath, data: JSONBody[LeadershipTermUpdate]) -> LeadershipTermOut:
        return await leadership.update_term(term_id=term_id, data=data)

    @delete("/{term_id:int}", guards=[secretariat_only])
    async def delete_term(self, term_id: IdPath, revision: RevisionQuery = None) -> None:
        await leadership.delete_term(term_id=term_id, revision=revision)
