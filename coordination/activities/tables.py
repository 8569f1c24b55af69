from __future__ import annotations

from piccolo.columns import JSON, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from coordination.activities.enums import ActivityStatus, DatePrecision
from coordination.bodies.tables import Body
from coordination.members.tables import Member
from coordination.network.tables import StrategicPriority


class PartnerOrganisation(Table, tablename="partner_organisation"):
    """An organisation outside the network that works with it (UN-Habitat, Uraía…)."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    slug = Varchar(length=100, unique=True)
    name = Varchar(length=200)
    website = Varchar(length=300, default="")
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Activity(Table, tablename="activity"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    # Restrict: deleting a body must not silently take its activities (and the report's history) with it.
    body = ForeignKey(references=Body, on_delete=OnDelete.restrict, null=False, index=True)
    priority = ForeignKey(references=StrategicPriority, on_delete=OnDelete.restrict, null=False, index=True)
    title = Varchar(length=300)
    description = Text(default="")
    language = Varchar(length=5, default="en")  # the language its texts were written in (core/translated.py)
    translations = JSON(default="{}")  # {"fr": {"title": "…"}}
    # The planned period: first and last day it covers, and how precisely it is known.
    planned_start = Date(null=True, default=None)
    planned_end = Date(null=True, default=None)
    planned_precision = Varchar(length=20, choices=DatePrecision, default=DatePrecision.day)
    actual_start = Date(null=True, default=None)
    actual_end = Date(null=True, default=None)
    status = Varchar(length=20, choices=ActivityStatus, default=ActivityStatus.planned)
    progress_percent = Integer(default=0)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Deliverable(Table, tablename="deliverable"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    activity = ForeignKey(references=Activity, on_delete=OnDelete.cascade, null=False, index=True)
    position = Integer(default=0)
    title = Varchar(length=300)
    description = Text(default="")
    url = Varchar(length=500, default="")
    delivered_on = Date(null=True, default=None)


class ActivityPartner(Table, tablename="activity_partner"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    activity = ForeignKey(references=Activity, on_delete=OnDelete.cascade, null=False, index=True)
    partner = ForeignKey(references=PartnerOrganisation, on_delete=OnDelete.restrict, null=False)


class ActivityParticipant(Table, tablename="activity_participant"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    activity = ForeignKey(references=Activity, on_delete=OnDelete.cascade, null=False, index=True)
    member = ForeignKey(references=Member, on_delete=OnDelete.restrict, null=False, index=True)
