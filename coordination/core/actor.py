"""Who is acting in the current request or command, for the audit trail.

The accounts middleware sets the actor once per request (the CLI sets one per
command); services never take it as an argument, so a write deep inside a
service is still recorded against the person who asked for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str  # the person's email, or "public", "cli:<login>", "system"
    via: str  # "session", "token", "anonymous", "cli", "system"
    address: str = ""


PUBLIC = Actor(user_id=None, label="public", via="anonymous")
SYSTEM = Actor(user_id=None, label="system", via="system")

_current: ContextVar[Actor | None] = ContextVar("coordination_actor", default=None)


def current_actor() -> Actor:
    """The actor of the running request or command; ``SYSTEM`` for scheduled jobs and tests that set none."""
    return _current.get() or SYSTEM


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
