from __future__ import annotations

from datetime import datetime

import msgspec


class OutboxMessageOut(msgspec.Struct):
    """A message of the outbox as the secretariat sees it: never its text, which may hold a one-time link."""

    id: int
    kind: str
    to: str
    language: str
    subject: str
    status: str  # "pending", "sending", "sent", "failed" or "logged"
    attempts: int
    next_attempt_at: datetime | None  # for a pending message
    last_error: str
    created_at: datetime
    sent_at: datetime | None


class Delivery(msgspec.Struct):
    """What one run of the sender did, by message id."""

    sent: list[int] = msgspec.field(default_factory=list)
    retrying: list[int] = msgspec.field(default_factory=list)  # failed this time; tried again later
    failed: list[int] = msgspec.field(default_factory=list)  # failed for the last time
    logged: list[int] = msgspec.field(default_factory=list)  # no SMTP server: written to the log

    @property
    def handled(self) -> int:
        return len(self.sent) + len(self.retrying) + len(self.failed) + len(self.logged)
