"""JSON API for the audit trail: read-only, for the secretariat."""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromQuery

from coordination.accounts.guards import secretariat_only
from coordination.audit import services
from coordination.audit.schemas import AuditRecordOut
from coordination.core.pagination import Limit, Offset, Page


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ("audit",)
    guards = [secretariat_only]  # noqa: RUF012

    @get("/")
    async def list_records(
        self,
        object_type: FromQuery[str | None] = None,
        object_id: FromQuery[str | None] = None,
        action: FromQuery[str | None] = None,
        actor_user_id: FromQuery[int | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[AuditRecordOut]:
        """Newest first; filter by object (``object_type=member&object_id=bilbao``), action, or who acted."""
        return await services.list_records(
            object_type=object_type,
            object_id=object_id,
            action=action,
            actor_user_id=actor_user_id,
            limit=limit,
            offset=offset,
        )
