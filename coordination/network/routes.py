"""JSON API for the network's settings and strategic priorities: anyone reads them, the secretariat changes them."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import JSONBody

from coordination.accounts.guards import secretariat_only
from coordination.core.params import RevisionQuery, SlugPath
from coordination.network import services
from coordination.network.schemas import NetworkOut, NetworkUpdate, PriorityCreate, PriorityOut, PriorityUpdate


class NetworkController(Controller):
    path = "/api/v1/network"
    tags = ("network",)

    @get("/")
    async def get_network(self) -> NetworkOut:
        return await services.get_network()

    @patch("/", guards=[secretariat_only])
    async def update_network(self, data: JSONBody[NetworkUpdate]) -> NetworkOut:
        return await services.update_network(data=data)


class PriorityController(Controller):
    path = "/api/v1/priorities"
    tags = ("network",)

    @get("/")
    async def list_priorities(self) -> list[PriorityOut]:
        return await services.list_priorities()

    @post("/", guards=[secretariat_only])
    async def create_priority(self, data: JSONBody[PriorityCreate]) -> PriorityOut:
        return await services.create_priority(data=data)

    @get("/{code:str}")
    async def get_priority(self, code: SlugPath) -> PriorityOut:
        return await services.get_priority(code=code)

    @patch("/{code:str}", guards=[secretariat_only])
    async def update_priority(self, code: SlugPath, data: JSONBody[PriorityUpdate]) -> PriorityOut:
        return await services.update_priority(code=code, data=data)

    @delete("/{code:str}", guards=[secretariat_only])
    async def delete_priority(self, code: SlugPath, revision: RevisionQuery = None) -> None:
        await services.delete_priority(code=code, revision=revision)
