"""The reporting tables.

- ``reporting_period``: what is reported on (a year, a half, a quarter or any dates), by when, with what grace.
- ``reporting_slot``: one reporter (a body, or a chosen member) × one period, with its state, its own due
  date (moved with the period, or extended for it alone) and its timeliness, frozen at the first submission.
- ``report_version``: a report's content. Number 0 is the working copy the reporter edits; every submission
  copies it into the next number (1, 2…), which never changes again.
- ``report_entry`` and ``report_highlight``: one row per activity reported on and per highlight ("summary of
  results"), per version, so the annual report asks for a body's, a priority's or a period's approved entries
  with SQL instead of parsing text.
- ``report_transition``: every change of state (and due date), with its reason, who and when.
- ``report_attachment``: uploaded files; the bytes live under the data folder by content hash, never here.
"""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from coordination.activities.enums import ActivityStatus
from coordination.activities.tables import Activity
from coordination.bodies.tables import Body
from coordination.members.tables import Member
from coordination.network.tables import StrategicPriority
from coordination.reporting.enums import PeriodKind, SlotState


class ReportingPeriod(Table, tablename="reporting_period"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    slug = Varchar(length=100, unique=True)
    kind = Varchar(length=20, choices=PeriodKind)
    name = Varchar(length=200, default="")  # empty: said from the kind and dates ("2020", "H1 2021")
    start_date = Date()
    end_date = Date()
    due_date = Date()
    grace_days = Integer(default=0)
    include_bodies = Boolean(default=True)  # every active body owes a report
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ReportingSlot(Table, tablename="reporting_slot"):
    """A report owed: by a body (its lead writes it) or a member (its focal point), for one period.

    One per (period, body) and per (period, member): unique indexes made by a hand-written migration
    (Piccolo's ``Unique`` constraint is added with ALTER TABLE, which SQLite lacks).
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    period = ForeignKey(references=ReportingPeriod, on_delete=OnDelete.cascade, null=False)
    # Cascade: a slot nobody wrote in goes with its body; a written report restricts the delete (report_version).
    body = ForeignKey(references=Body, on_delete=OnDelete.cascade, null=True)
    member = ForeignKey(references=Member, on_delete=OnDelete.cascade, null=True)
    state = Varchar(length=20, choices=SlotState, default=SlotState.not_started)
    due_date = Date()
    exempt_reason = Text(default="")
    exempt_automatic = Boolean(default=False)  # exempted because its body closed, lifted if it reopens
    first_submitted_at = Timestamptz(null=True, default=None)
    last_submitted_at = Timestamptz(null=True, default=None)
    timeliness = Varchar(length=20, default="")  # frozen at the first submission: on_time, in_grace, late
    approved_at = Timestamptz(null=True, default=None)
    approved_version = Integer(default=0)
    submissions = Integer(default=0)  # the number of the latest submitted version
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ReportVersion(Table, tablename="report_version"):
    """A report's content: number 0 is the working copy, 1, 2… the submissions (immutable); one per (slot, number)."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    # Restrict: a written report is the network's record; the slot (and its body) cannot vanish under it.
    slot = ForeignKey(references=ReportingSlot, on_delete=OnDelete.restrict, null=False)
    number = Integer(default=0)
    submitted_as = Varchar(length=20, default="")  # submitted or resubmitted; empty for the working copy
    language = Varchar(length=5, default="en")
    leadership_note = Text(default="")
    translations = JSON(default="{}")  # {"en": {"leadership_note": "…"}}
    leadership = JSON(default="{}")  # the leadership facts as shown when submitted
    attachment_ids = JSON(default="[]")  # the attachments present when submitted
    submitted_at = Timestamptz(null=True, default=None)
    submitted_by = Varchar(length=254, default="")
    submitted_by_user_id = Integer(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ReportEntry(Table, tablename="report_entry"):
    """What a report says about one activity: its status and progress at the end of the period, and a narrative."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    version = ForeignKey(references=ReportVersion, on_delete=OnDelete.cascade, null=False)
    # Set null: a report outlives an activity deleted later; the title as reported is kept beside it.
    activity = ForeignKey(references=Activity, on_delete=OnDelete.set_null, null=True)
    activity_title = Varchar(length=300)
    priority = ForeignKey(references=StrategicPriority, on_delete=OnDelete.set_null, null=True)
    priority_code = Varchar(length=10, default="")
    position = Integer(default=0)
    status = Varchar(length=20, choices=ActivityStatus)
    progress_percent = Integer(default=0)
    added_in_period = Boolean(default=False)
    narrative = Text(default="")
    language = Varchar(length=5, default="en")
    translations = JSON(default="{}")  # {"en": {"narrative": "…"}}


class ReportHighlight(Table, tablename="report_highlight"):
    """A "summary of results": a title and at most two paragraphs."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    version = ForeignKey(references=ReportVersion, on_delete=OnDelete.cascade, null=False)
    position = Integer(default=0)
    title = Varchar(length=300)
    summary = Text(default="")
    language = Varchar(length=5, default="en")
    translations = JSON(default="{}")  # {"en": {"title": "…", "summary": "…"}}


class ReportTransition(Table, tablename="report_transition"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    slot = ForeignKey(references=ReportingSlot, on_delete=OnDelete.cascade, null=False)
    action = Varchar(length=20)
    from_state = Varchar(length=20)
    to_state = Varchar(length=20)
    reason = Text(default="")
    version_number = Integer(default=0)
    due_date = Date(null=True, default=None)  # the new due date, for "extend"
    at = Timestamptz()
    actor_user_id = Integer(null=True, default=None)
    actor = Varchar(length=254)


class ReportAttachment(Table, tablename="report_attachment"):
    """An uploaded file: its name as uploaded, its type as read from its content, and its SHA-256.

    The bytes are in ``<data folder>/attachments/<sha256[:2]>/<sha256>``; a removed attachment keeps its row
    (``removed_at``) so the versions that listed it still can.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    slot = ForeignKey(references=ReportingSlot, on_delete=OnDelete.cascade, null=False)
    file_name = Varchar(length=255)
    kind = Varchar(length=20)
    content_type = Varchar(length=100)
    size = Integer()
    sha256 = Varchar(length=64, index=True)
    uploaded_at = Timestamptz()
    uploaded_by = Varchar(length=254)
    uploaded_by_user_id = Integer(null=True, default=None)
    removed_at = Timestamptz(null=True, default=None)


class ReportingReminder(Table, tablename="reporting_reminder"):
    """A reminder decided for a slot, once: unique on (slot, kind, due date it was computed from).

    Inserted in the transaction that queues its mail, so the decision and the mail commit together: a retry,
    a restart or a second process finds the key taken and sends nothing. ``kind``: ``before``, ``due``,
    ``overdue-1``, ``overdue-2``… or ``chase-1``, ``chase-2``… (the secretariat's, by hand). The unique index
    is made by a hand-written migration (as the slots').
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    slot = ForeignKey(references=ReportingSlot, on_delete=OnDelete.cascade, null=False)
    kind = Varchar(length=20)
    due_date = Date()
    planned_for = Date()  # the day it was planned for (in the network's time zone)
    status = Varchar(length=20, default="queued")  # queued, cancelled, nobody (no one holds the role)
    recipients = Text(default="")  # the addresses written to, comma-separated
    message_ids = JSON(default="[]")  # their outbox messages
    decided_at = Timestamptz()
    actor = Varchar(length=254, default="")
