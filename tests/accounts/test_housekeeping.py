"""Account housekeeping: expired sessions, long-ended invitations and expired reset links are forgotten; what
still works, or says who invited whom, stays. It runs as the scheduled ``account_housekeeping`` job."""

from __future__ import annotations

from datetime import timedelta

from litestar import Litestar

from coordination import jobs
from coordination.accounts import invitations, sessions
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant, InvitationCreate
from coordination.accounts.tables import Invitation, PasswordReset, UserSession
from coordination.core.schemas import utc_now
from coordination.core.settings import Settings
from coordination.scheduling.enums import RunOutcome
from coordination.scheduling.runner import Runner
from tests.factories import accounts as factories
from tests.scheduling.conftest import Clock

PASSWORD = "a long enough password"


async def _invite(settings: Settings, email: str) -> tuple[int, str]:
    data = InvitationCreate(email=email, assignments=[Grant(role=Role.secretariat)])
    invitation, link = await invitations.create_invitation(data=data, settings=settings)
    return invitation.id, link.rsplit("/", 1)[1]


async def _left() -> tuple[int, set[str], int]:
    emails = {row["email"] for row in await Invitation.select(Invitation.email)}
    return await UserSession.count(), emails, await PasswordReset.count()


async def test_housekeeping_forgets_what_ended_and_keeps_what_still_counts(db: Litestar, settings: Settings) -> None:
    person = await factories.user(email="ana@example.org", password=factories.PASSWORD)
    await sessions.sign_in(email=person.email, password=factories.PASSWORD, address="192.0.2.1")  # 7 days
    await _invite(settings, "pending@example.org")  # expires in 7 days
    withdrawn, _ = await _invite(settings, "withdrawn@example.org")
    await invitations.withdraw_invitation(invitation_id=withdrawn)
    _, accepted_secret = await _invite(settings, "accepted@example.org")
    await invitations.accept_invitation(secret=accepted_secret, name="", password=PASSWORD, confirmation=PASSWORD)
    assert await invitations.request_password_reset(email=person.email, settings=settings)  # 2 hours
    start = utc_now()
    everyone = {"pending@example.org", "withdrawn@example.org", "accepted@example.org"}

    assert await sessions.purge_expired_sessions(now=start + timedelta(hours=3)) == 0
    assert await invitations.purge_ended_links(now=start + timedelta(hours=3)) == (0, 1)  # the reset link expired
    assert await _left() == (1, everyone, 0)

    await sessions.purge_expired_sessions(now=start + timedelta(days=8))
    await invitations.purge_ended_links(now=start + timedelta(days=8))
    assert await _left() == (0, everyone, 0), "ended invitations stay listed for 30 days"

    # 31 days after the withdrawal; the pending one expired only 24 days ago.
    assert await invitations.purge_ended_links(now=start + timedelta(days=31, minutes=1)) == (1, 0)
    assert await _left() == (0, {"pending@example.org", "accepted@example.org"}, 0)
    assert await invitations.purge_ended_links(now=start + timedelta(days=38, minutes=1)) == (1, 0)
    assert await _left() == (0, {"accepted@example.org"}, 0), "an accepted invitation says who invited whom"


async def test_account_housekeeping_runs_as_a_scheduled_job(db: Litestar, settings: Settings) -> None:
    person = await factories.user(email="ana@example.org", password=factories.PASSWORD)
    await sessions.sign_in(email=person.email, password=factories.PASSWORD, address="192.0.2.1")
    assert await invitations.request_password_reset(email=person.email, settings=settings)
    registered = [job for job in jobs.scheduled_jobs(settings) if job.name == "account_housekeeping"]
    runner = Runner(registered, settings=settings, clock=Clock(utc_now() + timedelta(days=8)), holder="A")
    await runner.beat()
    [ran] = await runner.catch_up()
    assert ran.outcome == RunOutcome.succeeded
    assert await _left() == (0, set(), 0)
