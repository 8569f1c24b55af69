"""The closed vocabularies of reporting, with their translatable labels."""

from __future__ import annotations

from enum import StrEnum

from coordination.core.i18n import N_


class PeriodKind(StrEnum):
    year = "year"
    half = "half"
    quarter = "quarter"
    custom = "custom"  # any first and last day


PERIOD_KIND_LABELS = {
    PeriodKind.year: N_("Year"),
    PeriodKind.half: N_("Half-year"),
    PeriodKind.quarter: N_("Quarter"),
    PeriodKind.custom: N_("Other dates"),
}


class ReporterKind(StrEnum):
    body = "body"  # written by the body's lead
    member = "member"  # written by the member's focal point


class SlotState(StrEnum):
    not_started = "not_started"
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    resubmitted = "resubmitted"
    approved = "approved"
    exempt = "exempt"  # not expected, with a reason (a closed body, an exemption): reported apart from the rates


SLOT_STATE_LABELS = {
    SlotState.not_started: N_("Not started"),
    SlotState.draft: N_("Draft"),
    SlotState.submitted: N_("Submitted"),
    SlotState.returned: N_("Returned"),
    SlotState.resubmitted: N_("Resubmitted"),
    SlotState.approved: N_("Approved"),
    SlotState.exempt: N_("Exempt"),
}

# The reporter may change the report in these states; submitted and approved reports are read-only to everyone.
EDITABLE_STATES = frozenset({SlotState.not_started, SlotState.draft, SlotState.returned})
# Received (DHIS2's "actual reports"): submitted at least once and still expected.
RECEIVED_STATES = frozenset({SlotState.submitted, SlotState.returned, SlotState.resubmitted, SlotState.approved})
AWAITING_REVIEW_STATES = frozenset({SlotState.submitted, SlotState.resubmitted})


class Timeliness(StrEnum):
    """When a report came, frozen at its first submission; or, while none came, where the slot stands today."""

    on_time = "on_time"  # first submitted by the due date
    in_grace = "in_grace"  # after the due date, within the grace period
    late = "late"  # after the grace period
    not_due = "not_due"  # nothing yet, the due date has not passed
    due_in_grace = "due_in_grace"  # nothing yet, the due date passed, still within the grace period
    overdue = "overdue"  # nothing yet, the grace period is over


TIMELINESS_LABELS = {
    Timeliness.on_time: N_("On time"),
    Timeliness.in_grace: N_("In the grace period"),
    Timeliness.late: N_("Late"),
    Timeliness.not_due: N_("Not yet due"),
    Timeliness.due_in_grace: N_("Due date passed, in the grace period"),
    Timeliness.overdue: N_("Overdue"),
}


class ReportAction(StrEnum):
    """What moves a slot: the reporter submits; the secretariat returns, approves, reopens, exempts, extends."""

    start = "start"  # the first save of a report: not started -> draft
    submit = "submit"
    return_ = "return"
    approve = "approve"
    reopen = "reopen"
    exempt = "exempt"
    restore = "restore"  # an exemption lifted
    extend = "extend"  # the slot's due date moved (for this slot, or with its period)
    add = "add"  # the slot was added after the period was set up


REPORT_ACTION_LABELS = {
    ReportAction.start: N_("Started"),
    ReportAction.submit: N_("Submitted"),
    ReportAction.return_: N_("Returned"),
    ReportAction.approve: N_("Approved"),
    ReportAction.reopen: N_("Reopened"),
    ReportAction.exempt: N_("Exempted"),
    ReportAction.restore: N_("Expected again"),
    ReportAction.extend: N_("Due date moved"),
    ReportAction.add: N_("Added to the period"),
}

# Actions that need a reason, and who takes them.
ACTIONS_NEEDING_A_REASON = frozenset(
    {ReportAction.return_, ReportAction.reopen, ReportAction.exempt, ReportAction.extend}
)
REVIEW_ACTIONS = frozenset({ReportAction.return_, ReportAction.approve, ReportAction.reopen})


class AttachmentKind(StrEnum):
    pdf = "pdf"
    word = "word"
    spreadsheet = "spreadsheet"
    image = "image"


ATTACHMENT_KIND_LABELS = {
    AttachmentKind.pdf: N_("PDF document"),
    AttachmentKind.word: N_("Word document"),
    AttachmentKind.spreadsheet: N_("Spreadsheet"),
    AttachmentKind.image: N_("Image"),
}
