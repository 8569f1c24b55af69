"""The one table core owns: named change counters (see ``changes.py``)."""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table


class ChangeCounter(Table, tablename="change_counter"):
    """How many times something was changed, and when last: one row per name.

    Worker processes compare ``value`` with what they saw last to know that
    what they cached is stale, without knowing which domain changed.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    name = Varchar(length=50, unique=True)
    value = Integer(default=0)
    changed_at = Timestamptz()
