"""Reporting's services, gathered: periods and slots (``periods``), report content and versions
(``reports``), the workflow (``workflow``), attachments (``attachments``), completeness and the approved
content (``completeness``). Routes, pages, the CLI and other domains import this module alone.

Reminders (``reminders``): ``run_due`` (the job and the CLI), ``chase`` (the secretariat's button),
``list_reminders`` and ``send_digest`` (the weekly job).

The start pages (``/account`` today) call ``owed_by`` (what a reporter has to do, returned reports first with
their reason), ``awaiting_review`` and ``overdue_slots`` (the secretariat's).
"""

from __future__ import annotations

from coordination.reporting.attachments import (
    MAX_ATTACHMENT_BYTES,
    accepted_extensions,
    add_attachment,
    attachment_file,
    list_attachments,
    remove_attachment,
)
from coordination.reporting.completeness import approved_entries, approved_highlights, completeness, latest_approval
from coordination.reporting.periods import (
    AUTOMATIC_REASONS,
    add_slot,
    awaiting_review,
    create_period,
    delete_period,
    get_period,
    get_slot,
    list_periods,
    list_slots,
    overdue_slots,
    owed_by,
    reconcile_slots,
    slot_owner,
    update_period,
    update_slot,
)
from coordination.reporting.reminder_log import list_for_slots as reminders_for_slots
from coordination.reporting.reminders import chase, list_reminders, run_due, send_digest
from coordination.reporting.reports import (
    StaleReport,
    compare_versions,
    get_report,
    get_version,
    list_versions,
    reporter_activities,
    save_report,
)
from coordination.reporting.workflow import list_transitions, transition

__all__ = [
    "AUTOMATIC_REASONS",
    "MAX_ATTACHMENT_BYTES",
    "StaleReport",
    "accepted_extensions",
    "add_attachment",
    "add_slot",
    "approved_entries",
    "approved_highlights",
    "attachment_file",
    "awaiting_review",
    "chase",
    "compare_versions",
    "completeness",
    "create_period",
    "delete_period",
    "get_period",
    "get_report",
    "get_slot",
    "get_version",
    "latest_approval",
    "list_attachments",
    "list_periods",
    "list_reminders",
    "list_slots",
    "list_transitions",
    "list_versions",
    "overdue_slots",
    "owed_by",
    "reconcile_slots",
    "reminders_for_slots",
    "remove_attachment",
    "reporter_activities",
    "run_due",
    "save_report",
    "send_digest",
    "slot_owner",
    "transition",
    "update_period",
    "update_slot",
]
