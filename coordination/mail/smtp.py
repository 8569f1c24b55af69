"""Handing one message to the configured SMTP server (aiosmtplib).

Only the outbox's sender (``services.send_due``) calls this, never a request:
a slow or unreachable server delays the outbox, not a page.
"""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from coordination.core.settings import Settings

SEND_TIMEOUT = 30  # seconds


def compose(*, settings: Settings, to: str, subject: str, text: str, html: str, language: str) -> EmailMessage:
    """A multipart/alternative message: the plain text, and the same in HTML."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message["Content-Language"] = language
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


async def deliver(*, settings: Settings, message: EmailMessage) -> None:
    """Send ``message``; raises ``aiosmtplib.SMTPException`` or ``OSError`` when the server does not take it."""
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user or None,
        password=settings.smtp_password or None,
        use_tls=settings.smtp_tls,
        timeout=SEND_TIMEOUT,
    )
