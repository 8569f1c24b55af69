"""JSON API for members and their people. Handlers only translate HTTP to service calls."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from coordination.bodies import services as bodies
from coordination.core.pagination import Limit, Offset, Page
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
        country: FromQuery[str | None] = None,
        q: Annotated[str | None, QueryParameter(description="Part of the name")] = None,
        body_slug: Annotated[
            str | None, QueryParameter(name="body", description="A body slug: its current members")
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[MemberOut]:
        member_ids = None if body_slug is None else await bodies.member_ids_in_body(body_slug=body_slug, field="body")
        return await services.list_members(
            kind=kind, country=country, member_ids_in=member_ids, search=q, limit=limit, offset=offset
        )

    @post("/")
    async def create_member(self, data: JSONBody[MemberCreate]) -> MemberOut:
        return await services.create_member(data=data)

    @get("/{slug:str}")
    async def get_member(self, slug: FromPath[str]) -> MemberOut:
        return await services.get_member(slug=slug)

    @patch("/{slug:str}")
    async def update_member(self, slug: FromPath[str], data: JSONBody[MemberUpdate]) -> MemberOut:
        return await services.update_member(slug=slug, data=data)

    @delete("/{slug:str}")
    async def delete_member(self, slug: FromPath[str], revision: FromQuery[int | None] = None) -> None:
        await services.delete_member(slug=slug, revision=revision)

    @post("/{slug:str}/people")
    async def add_person(self, slug: FromPath[str], data: JSONBody[PersonCreate]) -> PersonOut:
        return await services.add_person(member_slug=slug, data=data)


class PersonController(Controller):
    path = "/api/v1/people"
    tags = ("members",)

    @get("/{person_id:int}")
    async def get_person(self, person_id: FromPath[int]) -> PersonOut:
        return await services.get_person(person_id=person_id)

    @patch("/{person_id:int}")
    async def update_person(self, person_id: FromPath[int], data: JSONBody[PersonUpdate]) -> PersonOut:
        return await services.update_person(person_id=person_id, data=data)

    @delete("/{person_id:int}")
    async def delete_person(self, person_id: FromPath[int], revision: FromQuery[int | None] = None) -> None:
        await services.delete_person(person_id=person_id, revision=revision)
