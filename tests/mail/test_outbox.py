"""The outbox: mail written with the change that causes it, sent by a sender that claims each message once,
retried with back-off when refused, visible to the secretariat, and never waited for by a request.

Every message goes to a real SMTP server (aiosmtpd, ``mailbox``); a refusing
server is a port nobody listens on.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from litestar import Litestar

from coordination import jobs
from coordination.core.database import transaction
from coordination.core.schemas import utc_now
from coordination.core.settings import Settings
from coordination.mail import services as outbox
from coordination.mail.tables import OutboxMessage
from coordination.scheduling.enums import RunOutcome
from coordination.scheduling.runner import Runner
from tests.conftest import Mailbox, free_port
from tests.factories import accounts as factories
from tests.scheduling.conftest import Clock

RESET = "accounts/mail/password_reset"
SECRET_PATH = "/password-reset/secret"


async def _queue(settings: Settings, *, to: str = "ana@example.org", language: str = "en", email: str = "") -> int:
    async with transaction():
        return await outbox.enqueue(
            kind="password_reset",
            to=to,
            language=language,
            template=RESET,
            context={"name": "", "email": email or to, "link": f"{settings.base_url}{SECRET_PATH}", "hours": 2},
            settings=settings,
        )


def _down(settings: Settings) -> Settings:
    """The same settings with an SMTP server that refuses every connection."""
    return dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=free_port())


async def _row(message_id: int) -> dict[str, Any]:
    row = await OutboxMessage.select().where(OutboxMessage.id == message_id).first()
    assert row is not None
    return row


async def test_mail_is_queued_in_the_transaction_of_its_change_and_goes_back_with_it(
    db: Litestar, settings: Settings, mailbox: Mailbox
) -> None:
    async def change_that_fails() -> None:
        async with transaction():
            await _queue(settings, to="lost@example.org")
            raise RuntimeError("the change that caused the mail failed")

    with pytest.raises(RuntimeError):
        await change_that_fails()
    kept = await _queue(settings, to="kept@example.org")
    assert [(m.id, m.to, m.status) for m in (await outbox.list_messages()).items] == [
        (kept, "kept@example.org", "pending")
    ]
    assert mailbox.messages == []  # queued, not sent: nothing talked to the SMTP server


async def test_the_sender_sends_each_due_message_once_in_text_and_html_and_forgets_the_links(
    db: Litestar, settings: Settings, mailbox: Mailbox
) -> None:
    ids = [await _queue(settings, to=f"person{number}@example.org") for number in range(3)]
    delivery = await outbox.send_due(settings)
    assert sorted(delivery.sent) == ids
    assert sorted(m["To"] for m in mailbox.messages) == [f"person{number}@example.org" for number in range(3)]
    message = mailbox.to("person0@example.org")[0]
    assert message.get_content_type() == "multipart/alternative"
    assert f"{settings.base_url}/password-reset/secret" in Mailbox.text(message)
    assert f'href="{settings.base_url}/password-reset/secret"' in Mailbox.html(message)
    for message_id in ids:
        row = await _row(message_id)
        assert (row["status"], row["attempts"], row["text_body"], row["html_body"]) == ("sent", 1, "", "")
    again = await outbox.send_due(settings)
    assert again.handled == 0
    assert len(mailbox.messages) == 3


async def test_two_senders_at_once_never_send_the_same_message(
    db: Litestar, settings: Settings, mailbox: Mailbox
) -> None:
    ids = [await _queue(settings, to=f"person{number}@example.org") for number in range(24)]
    # Four senders (four workers' jobs, or a job and the CLI) in small batches, all at once.
    deliveries = await asyncio.gather(*(outbox.send_due(settings, limit=3) for _ in range(4)))
    sent = [message_id for delivery in deliveries for message_id in delivery.sent]
    assert sorted(sent) == ids, "a message was sent by two senders, or by none"
    received = Counter(message["To"] for message in mailbox.messages)
    assert received == Counter({f"person{number}@example.org": 1 for number in range(24)})


async def test_a_refused_message_is_tried_again_later_and_given_up_after_the_last_attempt(
    db: Litestar, settings: Settings, mailbox: Mailbox
) -> None:
    down = _down(settings)
    message_id = await _queue(settings)
    start = utc_now()
    first = await outbox.send_due(down, now=start)
    assert first.retrying == [message_id]
    row = await _row(message_id)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["last_error"]
    assert row["next_attempt_at"] >= start + timedelta(minutes=1)
    # Not due again before its back-off has passed, even with the server back.
    assert (await outbox.send_due(settings, now=start + timedelta(seconds=30))).handled == 0
    assert mailbox.messages == []
    # Each failure waits longer than the last.
    waits = []
    moment = start
    for _ in range(2, outbox.MAX_ATTEMPTS + 1):
        moment = (await _row(message_id))["next_attempt_at"]
        waits.append(moment)
        await outbox.send_due(down, now=moment)
    gaps = [later - earlier for earlier, later in itertools.pairwise(waits)]
    assert all(later >= earlier for earlier, later in itertools.pairwise(gaps))
    row = await _row(message_id)
    assert (row["status"], row["attempts"]) == ("failed", outbox.MAX_ATTEMPTS)
    assert (await outbox.send_due(settings, now=moment + timedelta(days=1))).handled == 0
    assert mailbox.messages == []


async def test_a_message_that_went_later_arrives_once(db: Litestar, settings: Settings, mailbox: Mailbox) -> None:
    message_id = await _queue(settings)
    start = utc_now()
    await outbox.send_due(_down(settings), now=start)
    later = await outbox.send_due(settings, now=start + timedelta(minutes=2))
    assert later.sent == [message_id]
    assert len(mailbox.to("ana@example.org")) == 1
    row = await _row(message_id)
    assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 2, "")


async def test_a_sender_that_died_leaves_its_messages_to_the_next_one(
    db: Litestar, settings: Settings, mailbox: Mailbox
) -> None:
    message_id = await _queue(settings)
    start = utc_now()
    assert [row["id"] for row in await outbox.claim(now=start)] == [message_id]  # claimed, then the sender died
    assert (await outbox.send_due(settings, now=start + timedelta(minutes=1))).handled == 0
    taken_over = await outbox.send_due(settings, now=start + outbox.CLAIM_LEASE + timedelta(seconds=1))
    assert taken_over.sent == [message_id]
    assert len(mailbox.messages) == 1


async def test_without_an_smtp_server_mail_is_written_to_the_log(
    db: Litestar, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    quiet = dataclasses.replace(settings, smtp_host="")
    message_id = await _queue(settings)
    with caplog.at_level("WARNING", logger="coordination.mail"):
        delivery = await outbox.send_due(quiet)
    assert delivery.logged == [message_id]
    assert f"{settings.base_url}/password-reset/secret" in caplog.text
    assert (await _row(message_id))["status"] == "logged"


async def test_the_secretariat_sees_what_could_not_be_sent_and_sends_it_again_in_its_language(
    client: httpx.AsyncClient, settings: Settings, mailbox: Mailbox
) -> None:
    admin = await factories.user(email="admin@example.org")
    await factories.sign_in(client, email=admin.email)
    message_id = await _queue(settings, to="ana@example.org")
    start = utc_now()
    await outbox.send_due(_down(settings), now=start)
    for language, waiting, give_up in [
        ("fr", "Pas encore envoyés ou abandonnés (1)", "Renvoyer"),
        ("es", "Aún no enviados o abandonados (1)", "Volver a enviar"),
    ]:
        page = await client.get(f"/outbox?troubled=1&lang={language}")
        assert page.status_code == 200
        assert waiting in page.text
        assert "ana@example.org" in page.text
        assert give_up not in page.text  # it is still being tried: nothing to press yet
    moment = start
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        moment = (await _row(message_id))["next_attempt_at"]
        await outbox.send_due(_down(settings), now=moment)
    page = await client.get("/outbox?lang=fr")
    assert "Non envoyé (abandonné)" in page.text
    assert "Réponse du serveur de courriel :" in page.text
    users = await client.get("/users?lang=fr")
    assert "1 message n’a pas encore pu être envoyé." in users.text
    retried = await factories.post_form(client, "/outbox", f"/outbox/{message_id}/retry", {})
    assert retried.status_code == 303
    # Sent again once the answer had gone, to the server that now answers.
    assert len(mailbox.to("ana@example.org")) == 1
    assert (await _row(message_id))["status"] == "sent"


async def test_a_request_never_waits_on_the_smtp_server(app: Litestar, settings: Settings) -> None:
    """The answer to an invitation is complete before the (slow) SMTP server even gets the mail."""
    received: list[float] = []
    done = threading.Event()

    class SlowServer:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            await asyncio.sleep(1)
            received.append(time.monotonic())
            done.set()
            return "250 OK"

    controller = Controller(SlowServer(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.state.settings = dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=controller.port)
        admin = await factories.user(email="admin@example.org", password=None)
        token = await factories.api_token(user_id=admin.id)
        body = json.dumps({"email": "new@example.org", "assignments": [{"role": "secretariat"}]}).encode()
        answered: list[float] = []
        status: list[int] = []
        sent_body = False

        async def receive() -> dict[str, Any]:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # the client stays connected
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            if message["type"] == "http.response.body" and not message.get("more_body"):
                answered.append(time.monotonic())

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/api/v1/invitations",
            "raw_path": b"/api/v1/invitations",
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"testserver"),
                (b"content-type", b"application/json"),
                (b"authorization", f"Bearer {token}".encode()),
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        await asyncio.wait_for(app(scope, receive, send), timeout=30)  # type: ignore[arg-type]
        assert await asyncio.to_thread(done.wait, 10)
    finally:
        controller.stop()
    assert status == [201]
    assert answered
    assert received
    assert answered[0] < received[0] - 0.5, "the answer waited for the SMTP server"


async def test_the_scheduled_job_sends_what_is_due(db: Litestar, settings: Settings, mailbox: Mailbox) -> None:
    registered = {job.name: job for job in jobs.scheduled_jobs(settings)}
    assert registered["mail_outbox"].schedule.summary() == "every 1 min"
    assert "mail_housekeeping" in registered
    await _queue(settings, to="job@example.org")
    runner = Runner([registered["mail_outbox"]], settings=settings, clock=Clock(utc_now()), holder="A")
    await runner.beat()
    ran = await runner.run_now("mail_outbox")
    assert ran.outcome == RunOutcome.succeeded
    assert len(mailbox.to("job@example.org")) == 1


async def test_the_command_line_sends_what_is_due(db: Litestar, settings: Settings, mailbox: Mailbox) -> None:
    await _queue(settings, to="cli@example.org")
    env = {
        **os.environ,
        "COORDINATION_DATABASE_URL": settings.database_url,
        "COORDINATION_SCHEDULER": "off",
        "COORDINATION_SMTP_HOST": "127.0.0.1",
        "COORDINATION_SMTP_PORT": str(mailbox.port),
    }
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "coordination.cli", "mail", "send-due"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("1 sent, 0 to try again later")
    assert len(mailbox.to("cli@example.org")) == 1
    assert (await outbox.list_messages()).items[0].status == "sent"
