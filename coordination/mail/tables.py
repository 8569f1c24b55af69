"""The outbox: every message the service sends, written in the transaction of the change that causes it."""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class OutboxMessage(Table, tablename="mail_outbox"):
    """One message to one address, rendered in its reader's language when it was queued.

    ``status``: ``pending`` (waiting for its next attempt), ``sending`` (claimed
    by a sender), ``sent``, ``failed`` (given up after the last attempt) or
    ``logged`` (no SMTP server is configured: written to the log instead). The
    bodies hold one-time links, so they are blanked once the message has gone.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    kind = Varchar(length=50)  # "invitation", "password_reset", "reminder"…: what caused it
    to_address = Varchar(length=254)
    language = Varchar(length=5, default="en")
    subject = Varchar(length=300)
    text_body = Text(default="")
    html_body = Text(default="")
    status = Varchar(length=10, default="pending", index=True)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(index=True)
    claimed_at = Timestamptz(null=True, default=None)
    last_error = Text(default="")
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)
