from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class AuditRecordOut(msgspec.Struct):
    id: int
    at: datetime
    actor: str  # the email of who acted, or "public", "cli:<login>", "system"
    actor_user_id: int | None
    via: str  # "session", "token", "anonymous", "cli" or "system"
    address: str
    action: str  # e.g. "user.created", "sign_in.failed", "member.updated"
    object_type: str
    object_id: str
    before: dict[str, Any] | None  # the changed fields before the write (None for a creation)
    after: dict[str, Any] | None  # the changed fields after it (None for a deletion)
