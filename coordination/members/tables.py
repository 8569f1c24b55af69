from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from coordination.members.enums import MemberKind


class Member(Table, tablename="member"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    slug = Varchar(length=100, unique=True)
    name = Varchar(length=200)
    kind = Varchar(length=40, choices=MemberKind)
    country = Varchar(length=2)  # ISO 3166-1 alpha-2
    website = Varchar(length=300, default="")
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Person(Table, tablename="person"):
    """Someone who speaks for a member: its mayor, its focal point…"""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    member = ForeignKey(references=Member, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=200)
    title = Varchar(length=200, default="")
    email = Varchar(length=254, default="")
    is_focal_point = Boolean(default=False)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
