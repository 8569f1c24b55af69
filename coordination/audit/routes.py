"""JSON API for the audit trail: read-only, for the secretariat."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from coordination.accounts.guards import secretariat_only
from coordination.audit import services
from coordination.audit.schemas import AuditRecordOut
from coordination.core.pagination import Limit, Offset, Page
from coordination.core.schemas import MAX_INT


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ("audit",)
    guards = [secretariat_only]  # noqa: RUF012

    @get("/")
    async def list_records(
        self,
        object_type: Annotated[str | None, QueryParameter(max_length=60, description="e.g. `event`")] = None,
        object_id: Annotated[str | None, QueryParameter(max_length=200, description="An id or a slug")] = None,
        action: Annotated[str | None, QueryParameter(max_length=60, description="e.g. `event.updated`")] = None,
        actor_user_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_INT, description="Who acted")] = None,
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
