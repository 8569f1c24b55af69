"""Reminders of reports owed, as the people reminded see them: in the real SMTP sink (aiosmtpd), on the right
days of the network's time zone, once each, whatever runs them and however often.

The clock is the ``now`` every entry point takes (``run_due(now=…)``, ``coordination reminders run-due
--now …``). The network is in Mexico City (UTC−6), reminders go out from 08:00 local time, 7 days before the
due date, on it, and every 7 days while overdue (at most 3, and not after the 14 days' grace): for the 2020
period (due Wednesday 31 March 2021) that is 24 March, 31 March, 7 April and 14 April.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.core.settings import Settings
from coordination.mail import services as outbox
from coordination.mail.enums import MessageStatus
from coordination.mail.tables import OutboxMessage
from coordination.reporting import services as reporting
from coordination.reporting.enums import ReportAction, SlotState
from coordination.reporting.schemas import SlotUpdate
from coordination.reporting.tables import ReportingReminder
from tests.conftest import Mailbox
from tests.factories import accounts
from tests.factories import reporting as reporting_factories
from tests.reporting.conftest import World

ROOT = Path(__file__).resolve().parents[2]
ZONE = ZoneInfo("America/Mexico_City")
LEAD = "lead@bilbao.example.org"  # leads Digital Cities, reads French
FOCAL = "focal@antony.example.org"  # speaks for Antony, reads Spanish


@pytest.fixture
def settings(settings: Settings, mailbox: Mailbox) -> Settings:
    return dataclasses.replace(
        settings,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        smtp_from="secretariat@example.org",
        timezone="America/Mexico_City",
        reminder_hour=8,
        reminder_days_before=7,
        reminder_overdue_every_days=7,
        reminder_overdue_count=3,
    )


@pytest.fixture
async def people(world: World) -> None:
    await accounts.user(role=Role.body_lead, body="digital-cities", email=LEAD, name="Ane", language="fr")
    await accounts.user(role=Role.focal_point, member="antony", email=FOCAL, name="Lucía", language="es")


def local(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in Mexico City, as the aware datetime the services take."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


async def run(settings: Settings, when: datetime) -> list[str]:
    """One run of the reminders at ``when``, then the outbox sent: the kinds decided, as "slot:kind"."""
    decided = await reporting.run_due(settings, now=when)
    await outbox.send_due(settings)  # the outbox runs on the real clock
    return sorted(f"{item.reporter}:{item.kind}" for item in decided)


def subjects(mailbox: Mailbox, address: str) -> list[str]:
    return [Mailbox.subject(message) for message in mailbox.to(address)]


async def reminders_of(slot_id: int) -> list[tuple[str, date]]:
    rows = await ReportingReminder.select().where(ReportingReminder.slot == slot_id).order_by(ReportingReminder.id)
    return [(row["kind"], row["due_date"]) for row in rows]


# ------------------------------------------------------------------ the right days


async def test_reminders_come_before_on_and_after_the_due_date_on_the_networks_days(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    assert await run(settings, local(date(2021, 3, 23), 23, 59)) == []
    # 07:30 in Mexico City on the 24th is already 13:30 UTC on the 24th, but before the reminders' hour.
    assert await run(settings, local(date(2021, 3, 24), 7, 30)) == []
    assert mailbox.messages == []
    # 18:30 on the 24th in Mexico City is 00:30 UTC on the 25th: still the network's 24th.
    decided = await run(settings, local(date(2021, 3, 24), 18, 30))
    assert "Digital Cities Community of Practice:before" in decided
    assert "Ville d’Antony:before" in decided
    [before] = mailbox.to(LEAD)
    assert Mailbox.subject(before).endswith("votre rapport 2020 est attendu le 31 mars 2021")
    text = Mailbox.text(before)
    assert "Bonjour Ane," in text
    assert f"http://127.0.0.1:8000/reporting/slots/{world.digital_cities_slot}" in text
    assert f'href="http://127.0.0.1:8000/reporting/slots/{world.digital_cities_slot}"' in Mailbox.html(before)
    [antony] = mailbox.to(FOCAL)
    assert Mailbox.subject(antony).endswith("su informe 2020 debe entregarse el 31 de marzo de 2021")

    # Nothing new until the due date, whatever the number of runs.
    for day in (25, 28, 30):
        assert await run(settings, local(date(2021, 3, day), 12)) == []
    await run(settings, local(date(2021, 3, 31), 8, 1))
    await run(settings, local(date(2021, 4, 7), 10))
    await run(settings, local(date(2021, 4, 14), 10))
    # The grace period ended on 14 April: no more, though a third overdue reminder was allowed.
    for day in (date(2021, 4, 21), date(2021, 4, 28), date(2021, 5, 31)):
        assert await run(settings, local(day, 10)) == []
    assert [subject.split(": ", 1)[1] for subject in subjects(mailbox, LEAD)] == [
        "votre rapport 2020 est attendu le 31 mars 2021",
        "votre rapport 2020 est attendu aujourd’hui",
        "votre rapport 2020 est en retard",
        "votre rapport 2020 est en retard",
    ]
    assert len(mailbox.to(FOCAL)) == 4
    assert await reminders_of(world.digital_cities_slot) == [
        ("before", date(2021, 3, 31)),
        ("due", date(2021, 3, 31)),
        ("overdue-1", date(2021, 3, 31)),
        ("overdue-2", date(2021, 3, 31)),
    ]
    # Villes moyennes has no lead with an account: its reminders are decided, and say nobody got them.
    villes = await reporting.list_reminders(slot_id=world.villes_moyennes_slot)
    assert [(item.kind, item.status, item.recipients) for item in villes][:1] == [("before", "nobody", [])]


async def test_a_reminder_missed_while_nothing_ran_goes_out_once_late_unless_a_later_one_replaced_it(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    # Nothing ran from 20 March to 2 April: the "due" reminder (31 March) is still the current one.
    await run(settings, local(date(2021, 4, 2), 9))
    await run(settings, local(date(2021, 4, 3), 9))
    assert [subject.split(": ", 1)[1] for subject in subjects(mailbox, LEAD)] == [
        "votre rapport 2020 est attendu aujourd’hui"
    ]


async def test_a_returned_report_is_reminded_with_the_secretariats_reason(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    await reporting_factories.save(world.digital_cities_slot)
    await reporting.transition(slot_id=world.digital_cities_slot, action=ReportAction.submit)
    decided = await run(settings, local(date(2021, 3, 31), 9))
    assert "Ville d’Antony:due" in decided
    assert "Digital Cities Community of Practice:due" not in decided  # submitted: nothing to remind
    await reporting.transition(
        slot_id=world.digital_cities_slot, action=ReportAction.return_, reason="Il manque les chiffres de 2020."
    )
    assert "Digital Cities Community of Practice:overdue-1" in await run(settings, local(date(2021, 4, 7), 9))
    [returned] = mailbox.to(LEAD)
    assert Mailbox.subject(returned).endswith("votre rapport 2020 a été renvoyé ; merci de le corriger")
    assert "Il manque les chiffres de 2020." in Mailbox.text(returned)


# ------------------------------------------------------------------ once


def environment(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "COORDINATION_DATABASE_URL": settings.database_url,
        "COORDINATION_DATA_DIR": str(settings.data_dir),
        "COORDINATION_SCHEDULER": "off",
        "COORDINATION_SMTP_HOST": "127.0.0.1",
        "COORDINATION_SMTP_PORT": str(settings.smtp_port),
        "COORDINATION_TIMEZONE": settings.timezone,
    }


async def run_due_process(settings: Settings, *arguments: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "coordination.cli",
        "reminders",
        "run-due",
        *arguments,
        cwd=ROOT,
        env=environment(settings),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finished(process: asyncio.subprocess.Process) -> str:
    out, err = await asyncio.wait_for(process.communicate(), 180)
    assert process.returncode == 0, out.decode() + err.decode()
    return out.decode()


def copies(mailbox: Mailbox) -> dict[tuple[str, str], int]:
    counted: dict[tuple[str, str], int] = {}
    for message in mailbox.messages:
        key = (str(message["To"]), Mailbox.subject(message))
        counted[key] = counted.get(key, 0) + 1
    return counted


async def test_a_restart_sends_nothing_twice(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    await run(settings, local(date(2021, 3, 31), 9))
    assert len(mailbox.messages) == 2
    # Another process (a restart, or the command line) at the same moment and later the same day.
    moment = local(date(2021, 3, 31), 9).isoformat()
    output = await finished(await run_due_process(settings, "--now", moment))
    assert output.strip() == "0 reminder(s) decided"
    later = local(date(2021, 3, 31), 23).isoformat()
    assert (await finished(await run_due_process(settings, "--now", later))).strip() == "0 reminder(s) decided"
    assert len(mailbox.messages) == 2


async def test_two_processes_started_at_once_send_each_reminder_once(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    """Fails without the unique key: each process would then decide and send every reminder."""
    moment = local(date(2021, 3, 31), 9).isoformat()
    first, second = [await run_due_process(settings, "--now", moment) for _ in range(2)]
    outputs = await asyncio.gather(finished(first), finished(second))
    assert sorted(copies(mailbox).values()) == [1, 1], copies(mailbox)
    assert sorted(str(message["To"]) for message in mailbox.messages) == [FOCAL, LEAD]
    decided = [line for output in outputs for line in output.splitlines() if line.startswith("sent\t")]
    assert len(decided) == 4, outputs  # 4 slots' "due" reminders, each decided by one process or the other
    rows = await ReportingReminder.select().where(ReportingReminder.kind == "due")
    assert len(rows) == 4


async def test_a_crash_between_deciding_and_sending_still_delivers_after_the_restart(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    # The job decides and queues in one transaction; the process dies before the outbox is sent.
    await reporting.run_due(settings, now=local(date(2021, 3, 31), 9))
    assert mailbox.messages == []
    pending = await OutboxMessage.select().where(OutboxMessage.status == MessageStatus.pending.value)
    assert sorted(row["to_address"] for row in pending) == [FOCAL, LEAD]
    # Restarted, the next run decides nothing new and its sender delivers what was queued, once.
    output = await finished(await run_due_process(settings, "--now", local(date(2021, 3, 31), 10).isoformat()))
    assert output.strip() == "0 reminder(s) decided"
    assert sorted(str(message["To"]) for message in mailbox.messages) == [FOCAL, LEAD]


# ------------------------------------------------------------------ re-planned, cancelled


async def _move(slot_id: int, due: date) -> None:
    slot = await reporting.get_slot(slot_id=slot_id)
    await reporting.update_slot(
        slot_id=slot_id, data=SlotUpdate(revision=slot.revision, reason="Moved for the test.", due_date=due)
    )


async def test_a_due_date_moved_later_is_replanned_and_moved_back_sends_nothing_twice(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    await run(settings, local(date(2021, 3, 24), 9))
    assert len(mailbox.to(LEAD)) == 1  # "before", for 31 March
    await _move(world.digital_cities_slot, date(2021, 4, 30))
    await run(settings, local(date(2021, 3, 31), 9))
    assert len(mailbox.to(LEAD)) == 1, "no longer due on 31 March"
    await run(settings, local(date(2021, 4, 23), 9))
    assert subjects(mailbox, LEAD)[-1].endswith("votre rapport 2020 est attendu le 30 avril 2021")
    # Moved back to 31 March on 26 March (as seen from then): its "before" already went; nothing again.
    await _move(world.digital_cities_slot, date(2021, 3, 31))
    await run(settings, local(date(2021, 3, 26), 9))
    assert len(mailbox.to(LEAD)) == 2
    assert await reminders_of(world.digital_cities_slot) == [
        ("before", date(2021, 3, 31)),
        ("before", date(2021, 4, 30)),
    ]


async def test_approving_a_report_withdraws_its_reminder_not_yet_sent(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    await reporting.run_due(settings, now=local(date(2021, 3, 31), 9))  # queued, not sent yet
    await reporting_factories.save(world.digital_cities_slot)
    await reporting.transition(slot_id=world.digital_cities_slot, action=ReportAction.submit)
    await outbox.send_due(settings)  # the outbox runs on the real clock
    assert mailbox.to(LEAD) == [], "the report came in before its reminder went: the reminder is withdrawn"
    assert len(mailbox.to(FOCAL)) == 1
    [reminder] = await reporting.list_reminders(slot_id=world.digital_cities_slot)
    assert reminder.status == "cancelled"
    await reporting.transition(slot_id=world.digital_cities_slot, action=ReportAction.approve)
    await run(settings, local(date(2021, 4, 7), 9))
    assert mailbox.to(LEAD) == []


async def test_an_exempted_reporter_is_not_reminded(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    slot = await reporting.get_slot(slot_id=world.antony_slot)
    await reporting.update_slot(
        slot_id=slot.id, data=SlotUpdate(revision=slot.revision, reason="Antony left the network.", exempt=True)
    )
    assert (await reporting.get_slot(slot_id=slot.id)).state is SlotState.exempt
    await run(settings, local(date(2021, 3, 31), 9))
    assert mailbox.to(FOCAL) == []
    assert len(mailbox.to(LEAD)) == 1


# ------------------------------------------------------------------ the command line


async def test_the_dry_run_lists_what_would_be_sent_and_sends_nothing(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    output = await finished(await run_due_process(settings, "--dry-run", "--now", "2021-03-31T15:00:00+00:00"))
    lines = output.splitlines()
    assert lines[-1] == "4 reminder(s) would be sent"
    assert (
        f"would send\t2020\tDigital Cities Community of Practice\tnot_started\tdue\tdue 2021-03-31\tto {LEAD}" in lines
    )
    assert f"would send\t2020\tVille d’Antony\tnot_started\tdue\tdue 2021-03-31\tto {FOCAL}" in lines
    assert mailbox.messages == []
    assert await ReportingReminder.count() == 0
    help_text = await finished(await run_due_process(settings, "--help"))
    assert "--dry-run" in help_text
    assert "--now" in help_text


async def test_a_bad_moment_is_refused_naming_the_option(db: Litestar, settings: Settings) -> None:
    process = await run_due_process(settings, "--now", "next tuesday")
    _, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 2
    assert "'next tuesday' is not a date and time" in err.decode()


# ------------------------------------------------------------------ the digest


async def test_the_weekly_digest_tells_the_secretariat_what_is_missing_late_and_waiting(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    await accounts.user(role=Role.secretariat, email="secretariat@example.org", name="Marta", language="en")
    await reporting_factories.save(world.digital_cities_slot)
    await reporting.transition(slot_id=world.digital_cities_slot, action=ReportAction.submit)
    moment = local(date(2021, 4, 19), 8)  # a Monday, grace over
    await reporting.send_digest(settings, now=moment)
    await outbox.send_due(settings)  # the outbox runs on the real clock
    [digest] = mailbox.to("secretariat@example.org")
    assert Mailbox.subject(digest).endswith("reporting this week — 0 missing, 3 late, 1 waiting for review")
    text = Mailbox.text(digest)
    late = text[text.index("Late (the grace period is over):") : text.index("Waiting for review:")]
    assert "Committee on Culture" in late
    assert "Ville d’Antony" in late
    assert "Groupe de travail" in late
    waiting = text[text.index("Waiting for review:") :]
    assert (
        f"Digital Cities Community of Practice http://127.0.0.1:8000/reporting/slots/{world.digital_cities_slot}/review"
        in waiting
    )
    assert mailbox.to(LEAD) == []


# ------------------------------------------------------------------ chasing from the completeness page


async def test_the_secretariat_chases_a_report_and_sees_every_reminder_with_its_day(
    app: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    import httpx

    await accounts.user(role=Role.secretariat, email="secretariat@example.org", name="Marta", language="en")
    await reporting.run_due(settings, now=local(date(2021, 3, 24), 9))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        assert (await accounts.sign_in(http, email="secretariat@example.org")).status_code == 303
        chased = await accounts.post_form(
            http,
            "/reporting/completeness",
            f"/reporting/slots/{world.antony_slot}/chase",
            {"back": "completeness"},
        )
        assert chased.status_code == 303
        assert (
            chased.headers["location"] == f"/reporting/completeness?chased={world.antony_slot}#slot-{world.antony_slot}"
        )
        matrix = (await http.get(chased.headers["location"])).text
        assert "A reminder is on its way to the people who owe this report." in matrix
        assert "2 reminders" in matrix
        report = (await http.get(f"/reporting/slots/{world.antony_slot}")).text
        assert "Before the due date" in report
        assert "Chased by hand (1)" in report
        assert f"to {FOCAL}" in report
        assert "(by Marta" in report or "(by secretariat@example.org" in report
        again = await accounts.post_form(
            http,
            f"/reporting/slots/{world.antony_slot}",
            f"/reporting/slots/{world.antony_slot}/chase",
            {"back": "slot"},
        )
        assert again.status_code == 409
        assert "this report was chased a moment ago" in again.text
    await outbox.send_due(settings)
    subjects_sent = subjects(mailbox, FOCAL)
    assert subjects_sent[-1].endswith("un recordatorio sobre su informe 2020")
    assert "La secretaría solicita el informe 2020 de Ville d’Antony" in Mailbox.text(mailbox.to(FOCAL)[-1])


# ------------------------------------------------------------------ deployed: two web workers and a runner


async def test_with_two_web_workers_and_a_scheduler_each_reminder_arrives_once(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox, tmp_path: Path
) -> None:
    """`serve --workers 2` (each worker runs the runner) beside `coordination scheduler`, on the real clock,
    with the reminders job due every second: the reminders due today arrive once each."""
    import httpx

    from coordination.core.schemas import utc_now
    from coordination.reporting.reminders import reminder_day
    from tests.conftest import free_port

    today = reminder_day(settings, utc_now())
    await reporting_factories.period(
        kind="custom",
        year=None,
        name="Quarter just ended",
        slug="just-ended",
        start_date=today - timedelta(days=60),
        end_date=today - timedelta(days=1),
        due_date=today,
        grace_days=0,
        members=["antony"],
    )
    env = {
        **environment(settings),
        "COORDINATION_SCHEDULER": "on",
        "COORDINATION_REMINDERS_CHECK_SECONDS": "1",
        "COORDINATION_JOBS_HEARTBEAT_SECONDS": "0.5",
        "COORDINATION_CALENDARS_DIR": str(tmp_path / "calendars"),
    }
    port = free_port()
    logs = [(tmp_path / f"{name}.log").open("wb") for name in ("serve", "scheduler")]
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "coordination.cli", *command, cwd=ROOT, env=env, stdout=log, stderr=log
        )
        for command, log in (
            (["serve", "--no-migrate", "--workers", "2", "--port", str(port)], logs[0]),
            (["scheduler"], logs[1]),
        )
    ]
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 90
        async with httpx.AsyncClient() as http:
            while True:  # the web workers are up (each running a runner that waits for the lease)
                assert loop.time() < deadline, f"not served: {(tmp_path / 'serve.log').read_text()}"
                try:
                    if (await http.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                        break
                except httpx.HTTPError:
                    await asyncio.sleep(0.2)
        while len(mailbox.messages) < 2:
            assert loop.time() < deadline, f"no reminder arrived: {(tmp_path / 'scheduler.log').read_text()}"
            await asyncio.sleep(0.2)
        await asyncio.sleep(5)  # some more runs of the reminders job, in whichever process holds the lease
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            await asyncio.wait_for(process.wait(), 30)
        for log in logs:
            log.close()
    assert sorted(str(message["To"]) for message in mailbox.messages) == [FOCAL, LEAD]
    assert all("Quarter just ended" in Mailbox.subject(message) for message in mailbox.messages)
    due = await ReportingReminder.select().where(ReportingReminder.kind == "due")
    assert len(due) == 4  # the three bodies' and Antony's, each decided once


async def test_a_second_chase_within_minutes_is_refused_and_sends_nothing_more(
    db: Litestar, settings: Settings, world: World, people: None, mailbox: Mailbox
) -> None:
    from coordination.core.errors import Conflict
    from coordination.core.schemas import utc_now

    first = await reporting.chase(settings, slot_id=world.antony_slot)
    assert (first.kind, first.recipients) == ("chase-1", [FOCAL])
    with pytest.raises(Conflict, match="chased a moment ago"):
        await reporting.chase(settings, slot_id=world.antony_slot)
    later = await reporting.chase(settings, slot_id=world.antony_slot, now=utc_now() + timedelta(minutes=11))
    assert later.kind == "chase-2"
    await outbox.send_due(settings)
    assert len(mailbox.to(FOCAL)) == 2
    approved = world.digital_cities_slot
    await reporting_factories.save(approved)
    await reporting.transition(slot_id=approved, action=ReportAction.submit)
    with pytest.raises(Conflict, match="only a report still to be written or corrected can be chased"):
        await reporting.chase(settings, slot_id=approved)
