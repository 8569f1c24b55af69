from __future__ import annotations

from piccolo.columns import JSON, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from coordination.bodies.enums import BodyKind, BodyStatus, LeadershipRole
from coordination.members.tables import Member, Person


class Body(Table, tablename="body"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    slug = Varchar(length=100, unique=True)
    name = Varchar(length=200)
    kind = Varchar(length=40, choices=BodyKind)
    mandate = Text(default="")
    language = Varchar(length=5, default="en")  # the language its texts were written in (core/translated.py)
    translations = JSON(default="{}")  # {"fr": {"name": "…"}}
    status = Varchar(length=20, choices=BodyStatus, default=BodyStatus.active)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class BodyHistoryEntry(Table, tablename="body_history_entry"):
    """From ``valid_from`` the body was called ``name`` and was of kind ``kind``.

    The current name and kind live on the body; entries keep what it was
    before (the Digital Cities and Knowledge Commission became a community of
    practice) and are appended whenever a change of name or kind is saved.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    body = ForeignKey(references=Body, on_delete=OnDelete.cascade, null=False, index=True)
    valid_from = Date(null=True, default=None)
    name = Varchar(length=200)
    kind = Varchar(length=40, choices=BodyKind)
    note = Text(default="")
    created_at = Timestamptz()


class BodyMembership(Table, tablename="body_membership"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    body = ForeignKey(references=Body, on_delete=OnDelete.cascade, null=False, index=True)
    member = ForeignKey(references=Member, on_delete=OnDelete.cascade, null=False, index=True)
    start_date = Date(null=True, default=None)
    end_date = Date(null=True, default=None)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class LeadershipTerm(Table, tablename="leadership_term"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    body = ForeignKey(references=Body, on_delete=OnDelete.cascade, null=False, index=True)
    # Restrict: a member's past leadership is part of the network's record.
    member = ForeignKey(references=Member, on_delete=OnDelete.restrict, null=False, index=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.set_null, null=True)
    role = Varchar(length=20, choices=LeadershipRole)
    start_date = Date()
    end_date = Date(null=True, default=None)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
