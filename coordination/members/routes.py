"""JSON API for members and their people. Handlers only translate HTTP to service calls.

Anyone reads members and their people, but people's email addresses only go
to the secretariat, the member's focal point and the leads of the bodies it
belongs to (empty for everyone else). The secretariat creates and deletes
members; the secretariat and the member's focal point change the member and
its people.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromQuery, JSONBody, QueryParameter

from coordination.accounts.guards import may_read_member_private, require_member_editor, secretariat_only, signed_in
from coordination.bodies import services as bodies
from coordination.core.pagination import Limit, Offset, Page
from coordination.core.params import IdPath, RevisionQuery, SlugPath
from coordination.members import services
from coordination.members.enums import MemberKind
from coordination.members.schemas import MemberCreate, MemberOut, MemberUpdate, PersonCreate, PersonOut, PersonUpdate


class MemberController(Controller):
    path = "/api/v1/members"
    tags = ("members",)

    @get("/")
    async def list_members(
        self,
        kind: FromQuery[MemberKind | None] = None,
        country: Annotated[str | None, QueryParameter(max_length=2, description="ISO 3166-1 alpha-2 code")] = None,
        q: Annotated[str | None, QueryParameter(max_length=200, description="Part of the name")] = None,
        body_slug: Annotated[
            str | None, QueryParameter(name="body", max_length=100, description="A body slug: its current members")
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[MemberOut]:
        member_ids = None if body_slug is None else await bodies.member_ids_in_body(body_slug=body_slug, field="body")
        return await services.list_members(
            kind=kind, country=country, member_ids_in=member_ids, search=q, limit=limit, offset=offset
        )

    @post("/", guards=[secretariat_only])
    async def create_member(self, data: JSONBody[MemberCreate]) -> MemberOut:
        return await services.create_member(data=data)

    @get("/{slug:str}")
    async def get_member(self, request: Request[Any, Any, Any], slug: SlugPath) -> MemberOut:
        """A member with its people; their email addresses only for those who work with the member."""
        private = await may_read_member_private(request, member_slug=slug)
        return await services.get_member(slug=slug, include_private=private)

    @patch("/{slug:str}", guards=[signed_in])
    async def update_member(
        self, request: Request[Any, Any, Any], slug: SlugPath, data: JSONBody[MemberUpdate]
    ) -> MemberOut:
        await require_member_editor(request, member_slug=slug)
        return await services.update_member(slug=slug, data=data)

    @delete("/{slug:str}", guards=[secretariat_only])
    async def delete_member(self, slug: SlugPath, revision: RevisionQuery = None) -> None:
        await services.delete_member(slug=slug, revision=revision)

    @post("/{slug:str}/people", guards=[signed_in])
    async def add_person(
        self, request: Request[Any, Any, Any], slug: SlugPath, data: JSONBody[PersonCreate]
    ) -> PersonOut:
        await require_member_editor(request, member_slug=slug)
        return await services.add_person(member_slug=slug, data=data)


class PersonController(Controller):
    path = "/api/v1/people"
    tags = ("members",)

    @get("/{person_id:int}")
    async def get_person(self, request: Request[Any, Any, Any], person_id: IdPath) -> PersonOut:
        """One person; the email address only for those who work with their member."""
        person = await services.get_person(person_id=person_id, include_private=False)
        if await may_read_member_private(request, member_slug=person.member):
            return await services.get_person(person_id=person_id)
        return person

    @patch("/{person_id:int}", guards=[signed_in])
    async def update_person(
        self, request: Request[Any, Any, Any], person_id: IdPath, data: JSONBody[PersonUpdate]
    ) -> PersonOut:
        await _require_editor(request, person_id)
        return await services.update_person(person_id=person_id, data=data)

    @delete("/{person_id:int}", guards=[signed_in])
    async def delete_person(
        self, request: Request[Any, Any, Any], person_id: IdPath, revision: RevisionQuery = None
    ) -> None:
        await _require_editor(request, person_id)
        await services.delete_person(person_id=person_id, revision=revision)


async def _require_editor(request: Request[Any, Any, Any], person_id: int) -> None:
    person = await services.get_person(person_id=person_id, include_private=False)
    await require_member_editor(request, member_slug=person.member)
