from __future__ import annotations

from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class AuditRecord(Table, tablename="audit_record"):
    """One write: who, when, what object, and the changed fields before and after.

    Append-only: the audit service has no update or delete. The actor is kept
    as an id and a label (the email at the time) rather than a foreign key, so
    the record outlives any change to the account.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    at = Timestamptz(index=True)
    actor_user_id = Integer(null=True, default=None, index=True)
    actor = Varchar(length=254)
    via = Varchar(length=20)
    address = Varchar(length=45, default="")
    action = Varchar(length=60, index=True)
    object_type = Varchar(length=60, index=True)
    object_id = Varchar(length=200, index=True, default="")
    before = Text(default="")  # JSON of the changed fields, or empty
    after = Text(default="")
