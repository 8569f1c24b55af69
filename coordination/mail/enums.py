from __future__ import annotations

from enum import StrEnum

from coordination.core.i18n import N_


class MessageStatus(StrEnum):
    pending = "pending"  # waiting for its next attempt
    sending = "sending"  # claimed by a sender
    sent = "sent"
    failed = "failed"  # given up after the last attempt
    logged = "logged"  # no SMTP server is configured: written to the log instead
    cancelled = "cancelled"  # withdrawn before it went (a reminder whose report was approved meanwhile)


STATUS_LABELS = {
    MessageStatus.pending: N_("Waiting"),
    MessageStatus.sending: N_("Being sent"),
    MessageStatus.sent: N_("Sent"),
    MessageStatus.failed: N_("Not sent (gave up)"),
    MessageStatus.logged: N_("Not sent: no mail server (written to the log)"),
    MessageStatus.cancelled: N_("Withdrawn before it was sent"),
}
