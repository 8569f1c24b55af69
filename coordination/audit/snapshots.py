"""What the audit trail keeps of an object: its own fields, as plain JSON values.

Services pass the output struct they already return; nested lists and
references (a member's people, a body's leadership) are left out or reduced
to slugs by the caller, so a record says what changed on that object only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

# Bookkeeping that every write changes; it says nothing about what was changed.
BOOKKEEPING_FIELDS = frozenset({"revision", "created_at", "updated_at"})


def snapshot(value: Any, *, leave_out: Iterable[str] = (), **extra: Any) -> dict[str, Any]:
    """``value``'s fields (dates as ISO strings, enums as values) but bookkeeping and ``leave_out``; plus ``extra``."""
    plain = msgspec.to_builtins(value, str_keys=True)
    assert isinstance(plain, dict), "a snapshot is taken of a struct or a mapping"
    dropped = BOOKKEEPING_FIELDS | set(leave_out)
    kept = {key: item for key, item in plain.items() if key not in dropped}
    kept.update(msgspec.to_builtins(extra, str_keys=True))
    return kept
