"""The outbox: mail written in the transaction of the change that causes it, and sent later by a sender.

- ``enqueue`` renders a message from the Jinja templates ``<name>.txt`` and
  ``<name>.html`` in its reader's language (the subject is the ``subject``
  block of the text template), with the network's name and links built on
  ``COORDINATION_BASE_URL``, and writes it to the outbox inside the caller's
  transaction: if the change rolls back, so does its mail. No request ever
  talks to the SMTP server.
- ``send_due`` (the ``mail_outbox`` job every few seconds, ``coordination mail
  send-due``, and right after a request that queued mail) claims what is due
  in one statement (``UPDATE … WHERE status = 'pending' … RETURNING``; on
  PostgreSQL the candidates are also locked ``FOR UPDATE SKIP LOCKED``), so two
  senders never claim the same message; sends each; and marks it ``sent``, or
  retries it later with back-off (1, 2, 4… minutes), or gives up after
  ``MAX_ATTEMPTS`` (``failed``, shown to the secretariat on ``/outbox``).
- A sender that dies after claiming leaves its messages ``sending``; they are
  claimed again after ``CLAIM_LEASE``. Delivery is therefore at least once:
  only a sender dying between the SMTP server's acceptance and the mark could
  send a message twice (SMTP offers no way to make that exactly once).
- The bodies hold one-time links (invitations, password resets), and the
  database otherwise keeps only digests of those: they are blanked as soon as
  a message has gone (or been written to the log).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import aiosmtplib
from jinja2 import Environment
from piccolo.custom_types import Combinable

from coordination.audit import services as audit
from coordination.core.database import is_sqlite, transaction
from coordination.core.errors import Conflict, NotFound
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.settings import PACKAGE_ROOT, Settings
from coordination.core.templating import build_environment, package_template_dirs
from coordination.mail import smtp
from coordination.mail.enums import MessageStatus
from coordination.mail.schemas import Delivery, OutboxMessageOut
from coordination.mail.tables import OutboxMessage
from coordination.network import services as network

logger = logging.getLogger("coordination.mail")

MAX_ATTEMPTS = 8  # over about two hours, with the back-off below
LONGEST_WAIT = timedelta(hours=1)
CLAIM_LEASE = timedelta(minutes=10)  # well beyond smtp.SEND_TIMEOUT
BATCH = 50
KEEP_SENT = timedelta(days=30)  # sent and logged messages stay visible this long


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def _environment(templates_dir: Path) -> Environment:
    return build_environment(package_dirs=package_template_dirs(PACKAGE_ROOT), override_dir=templates_dir)


def render(*, template: str, language: str, context: Mapping[str, Any], settings: Settings) -> Rendered:
    """``template``.txt and .html rendered in ``language`` (``_()`` in them translates), and the subject."""
    environment = _environment(settings.templates_dir)
    values = {"lang": language, "base_url": settings.base_url, **context}
    text = environment.get_template(f"{template}.txt")
    html = environment.get_template(f"{template}.html")
    subject = "".join(text.blocks["subject"](text.new_context(values)))
    return Rendered(subject=" ".join(subject.split()), text=text.render(values), html=html.render(values))


async def enqueue(
    *, kind: str, to: str, language: str, template: str, context: Mapping[str, Any], settings: Settings
) -> int:
    """Render a message and put it in the outbox, inside the caller's transaction; returns its id.

    Templates get ``network`` (the network's settings, for its name),
    ``base_url`` and ``lang`` besides ``context``.
    """
    site = await network.get_network()
    rendered = render(template=template, language=language, context={"network": site, **context}, settings=settings)
    now = utc_now()
    async with transaction():
        rows = await OutboxMessage.insert(
            OutboxMessage(
                kind=kind,
                to_address=to,
                language=language,
                subject=rendered.subject[:300],
                text_body=rendered.text,
                html_body=rendered.html,
                status=MessageStatus.pending.value,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        ).returning(OutboxMessage.id)
    return int(rows[0]["id"])


async def cancel(*, message_ids: list[int]) -> list[int]:
    """Withdraw messages that no sender has claimed yet, inside the caller's transaction; those withdrawn.

    A message already claimed (being sent) or gone is left as it is: it was, or is being, delivered.
    """
    if not message_ids:
        return []
    rows = (
        await OutboxMessage.update(
            {
                OutboxMessage.status: MessageStatus.cancelled.value,
                OutboxMessage.text_body: "",
                OutboxMessage.html_body: "",
            }
        )
        .where(OutboxMessage.id.is_in(message_ids) & (OutboxMessage.status == MessageStatus.pending.value))
        .returning(OutboxMessage.id)
    )
    return sorted(int(row["id"]) for row in rows)


# ------------------------------------------------------------------ sending


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 1, 2, 4… minutes, at most an hour."""
    return min(timedelta(minutes=2 ** max(0, attempts - 1)), LONGEST_WAIT)


def _due(now: datetime) -> Combinable:
    waiting = (OutboxMessage.status == MessageStatus.pending.value) & (OutboxMessage.next_attempt_at <= now)
    abandoned = (OutboxMessage.status == MessageStatus.sending.value) & (OutboxMessage.claimed_at < now - CLAIM_LEASE)
    return waiting | abandoned


async def claim(*, now: datetime, limit: int = BATCH) -> list[dict[str, Any]]:
    """Take up to ``limit`` due messages for this sender, atomically: no other sender gets them."""
    if not await OutboxMessage.exists().where(_due(now)):
        return []  # the usual case, answered by a read: an idle sender takes no write lock
    candidates = OutboxMessage.select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(limit)
    if not is_sqlite():
        # Another sender's candidates are skipped rather than waited for (SQLite has one writer at a time).
        candidates = candidates.lock_rows(skip_locked=True)
    async with transaction():
        rows = (
            await OutboxMessage.update(
                {
                    OutboxMessage.status: MessageStatus.sending.value,
                    OutboxMessage.claimed_at: now,
                    OutboxMessage.attempts: OutboxMessage.attempts + 1,
                }
            )
            # The status is checked again here, in the statement that claims: a row claimed meanwhile no longer
            # matches, whichever candidates the sub-select saw.
            .where(OutboxMessage.id.is_in(candidates) & _due(now))
            .returning(*OutboxMessage.all_columns())
        )
    return sorted(rows, key=lambda row: row["id"])


async def _mark(row: dict[str, Any], values: dict[Any, Any]) -> None:
    # Only while this sender's claim holds: a claim taken over after the lease is not overwritten.
    async with transaction():
        await OutboxMessage.update(values).where(
            (OutboxMessage.id == row["id"])
            & (OutboxMessage.status == MessageStatus.sending.value)
            & (OutboxMessage.claimed_at == row["claimed_at"])
        )


def _gone(status: MessageStatus, now: datetime) -> dict[Any, Any]:
    return {
        OutboxMessage.status: status.value,
        OutboxMessage.sent_at: now,
        OutboxMessage.last_error: "",
        # The one-time links in the text are not kept once the message has gone.
        OutboxMessage.text_body: "",
        OutboxMessage.html_body: "",
    }


async def _send_one(row: dict[str, Any], *, settings: Settings, now: datetime, delivery: Delivery) -> None:
    if not settings.smtp_host:
        logger.warning(
            "no SMTP server is configured; not sent to %s: %s\n%s", row["to_address"], row["subject"], row["text_body"]
        )
        await _mark(row, _gone(MessageStatus.logged, now))
        delivery.logged.append(row["id"])
        return
    message = smtp.compose(
        settings=settings,
        to=row["to_address"],
        subject=row["subject"],
        text=row["text_body"],
        html=row["html_body"],
        language=row["language"],
    )
    try:
        await smtp.deliver(settings=settings, message=message)
    except (aiosmtplib.SMTPException, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}".strip()[:1000]
        attempts = int(row["attempts"])
        if attempts >= MAX_ATTEMPTS:
            logger.error(
                "gave up sending %r to %s after %d attempts: %s", row["subject"], row["to_address"], attempts, error
            )
            await _mark(row, {OutboxMessage.status: MessageStatus.failed.value, OutboxMessage.last_error: error})
            delivery.failed.append(row["id"])
        else:
            retry_at = now + backoff(attempts)
            logger.warning(
                "could not send %r to %s (attempt %d): %s", row["subject"], row["to_address"], attempts, error
            )
            await _mark(
                row,
                {
                    OutboxMessage.status: MessageStatus.pending.value,
                    OutboxMessage.next_attempt_at: retry_at,
                    OutboxMessage.last_error: error,
                },
            )
            delivery.retrying.append(row["id"])
        return
    logger.info("sent %r to %s", row["subject"], row["to_address"])
    await _mark(row, _gone(MessageStatus.sent, now))
    delivery.sent.append(row["id"])


async def send_due(settings: Settings, *, now: datetime | None = None, limit: int = BATCH) -> Delivery:
    """Send every message that is due; what happened to each. Safe to run in several processes at once."""
    delivery = Delivery()
    while True:
        moment = now or utc_now()
        claimed = await claim(now=moment, limit=limit)
        for row in claimed:
            await _send_one(row, settings=settings, now=moment, delivery=delivery)
        if len(claimed) < limit:
            return delivery


# ------------------------------------------------------------------ what the secretariat sees


def _out(row: dict[str, Any]) -> OutboxMessageOut:
    status = MessageStatus(row["status"])
    return OutboxMessageOut(
        id=row["id"],
        kind=row["kind"],
        to=row["to_address"],
        language=row["language"],
        subject=row["subject"],
        status=status.value,
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"] if status is MessageStatus.pending else None,
        last_error=row["last_error"],
        created_at=row["created_at"],
        sent_at=row["sent_at"],
    )


_LISTED = [column for column in OutboxMessage.all_columns() if column._meta.name not in {"text_body", "html_body"}]


def _troubled() -> Combinable:
    """Messages someone should look at: given up, or waiting after a failed attempt."""
    return (OutboxMessage.status == MessageStatus.failed.value) | (
        (OutboxMessage.status == MessageStatus.pending.value) & (OutboxMessage.last_error != "")
    )


async def list_messages(*, troubled_only: bool = False, limit: int = 50, offset: int = 0) -> Page[OutboxMessageOut]:
    """The outbox, newest first; ``troubled_only``: the failed ones and those waiting to be tried again."""
    query = OutboxMessage.select(*_LISTED).order_by(OutboxMessage.id, ascending=False).limit(limit).offset(offset)
    count = OutboxMessage.count()
    if troubled_only:
        query = query.where(_troubled())
        count = count.where(_troubled())
    return Page(items=[_out(row) for row in await query], total=await count, limit=limit, offset=offset)


async def count_troubled() -> int:
    return await OutboxMessage.count().where(_troubled())


async def get_message(*, message_id: int) -> OutboxMessageOut:
    row = await OutboxMessage.select(*_LISTED).where(OutboxMessage.id == message_id).first()
    if row is None:
        raise NotFound(N_("message %(id)s not found"), params={"id": message_id})
    return _out(row)


async def retry(*, message_id: int, now: datetime | None = None) -> OutboxMessageOut:
    """Give a message that failed for good one more try, at the sender's next run."""
    async with transaction():
        before = await get_message(message_id=message_id)
        if before.status != MessageStatus.failed.value:
            raise Conflict(N_("only a message that could not be sent can be sent again"), params={}, field="status")
        await OutboxMessage.update(
            {OutboxMessage.status: MessageStatus.pending.value, OutboxMessage.next_attempt_at: now or utc_now()}
        ).where(OutboxMessage.id == message_id)
        after = await get_message(message_id=message_id)
        await audit.record(
            action="mail.retried",
            object_type="mail",
            object_id=message_id,
            before={"status": before.status},
            after={"status": after.status, "to": after.to},
        )
    return after


async def purge(*, now: datetime | None = None) -> int:
    """Housekeeping: forget messages that went (or were logged) more than ``KEEP_SENT`` ago."""
    before = (now or utc_now()) - KEEP_SENT
    async with transaction():
        rows = (
            await OutboxMessage.delete()
            .where(
                (
                    OutboxMessage.status.is_in([MessageStatus.sent.value, MessageStatus.logged.value])
                    & (OutboxMessage.sent_at < before)
                )
                | ((OutboxMessage.status == MessageStatus.cancelled.value) & (OutboxMessage.created_at < before))
            )
            .returning(OutboxMessage.id)
        )
    return len(rows)
