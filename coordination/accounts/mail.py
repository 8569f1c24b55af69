"""Outgoing mail through the configured SMTP server (aiosmtplib).

Without ``COORDINATION_SMTP_HOST`` nothing is sent: the message, with its
link, is written to the ``coordination.mail`` log instead, so a laptop or the
demo still works (the CLI also prints the link it produced).
"""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib

from coordination.core.settings import Settings

logger = logging.getLogger("coordination.mail")

SEND_TIMEOUT = 30  # seconds


async def send_mail(*, settings: Settings, to: str, subject: str, text: str) -> bool:
    """Send a plain-text message; True if the SMTP server accepted it, False if it was only logged."""
    if not settings.smtp_host:
        logger.warning("no SMTP server is configured; not sent to %s: %s\n%s", to, subject, text)
        return False
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_user or None,
            password=settings.smtp_password or None,
            use_tls=settings.smtp_tls,
            timeout=SEND_TIMEOUT,
        )
    except (aiosmtplib.SMTPException, OSError) as exc:
        logger.error("could not send mail to %s through %s: %s\n%s", to, settings.smtp_host, exc, text)
        return False
    logger.info("sent %r to %s", subject, to)
    return True
