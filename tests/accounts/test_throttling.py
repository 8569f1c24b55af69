"""Sign-in throttling that cannot be raced, and that slows the guesser without locking the real person out.

The race test must fail without the atomic count (``sessions._count``): with
the count read by one query and the failure written by another, thirty
attempts sent at once all read "no failures yet" and all reach the password
check (as they did before, on PostgreSQL and SQLite alike).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator

import anyio
import httpx
import pytest
from litestar import Litestar

from coordination.accounts import sessions
from coordination.accounts.tables import SignInCounter, UserSession
from coordination.audit import services as audit
from tests.factories import accounts as factories

ATTACKER = ("198.51.100.66", 40000)
REAL_PERSON = ("203.0.113.7", 50000)


@pytest.fixture
async def from_elsewhere(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A browser at another address than ``client``'s."""
    transport = httpx.ASGITransport(app=app, client=REAL_PERSON)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def attacker(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=ATTACKER)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_thirty_wrong_passwords_sent_at_once_reach_the_password_check_only_five_times(
    attacker: httpx.AsyncClient,
) -> None:
    person = await factories.user(email="target@example.org")
    token = factories.csrf_token((await attacker.get("/sign-in")).text)
    answers: list[int] = []

    async def guess(number: int) -> None:
        data = {"email": person.email, "password": f"guess number {number}", "_csrf_token": token}
        answers.append((await attacker.post("/sign-in", data=data)).status_code)

    async with anyio.create_task_group() as group:
        for number in range(30):
            group.start_soon(guess, number)
    assert Counter(answers) == {401: sessions.MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS, 429: 25}
    failed = await audit.list_records(action="sign_in.failed")
    assert failed.total == sessions.MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS  # only five passwords were tried
    assert await UserSession.count() == 0


async def test_the_real_person_signs_in_from_elsewhere_while_an_attacker_is_refused(
    attacker: httpx.AsyncClient, from_elsewhere: httpx.AsyncClient
) -> None:
    secretariat = await factories.user(email="secretariat@example.org")  # the most valuable account
    for _ in range(sessions.MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS):
        assert (await factories.sign_in(attacker, email=secretariat.email, password="guess guess")).status_code == 401
    refused = await factories.sign_in(attacker, email=secretariat.email)  # even with the right password
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    answer = await factories.sign_in(from_elsewhere, email=secretariat.email)
    assert answer.status_code == 303, answer.text
    assert await UserSession.count() == 1
    # The attacker's address stays refused for that account: the success elsewhere forgave nothing of theirs.
    assert (await factories.sign_in(attacker, email=secretariat.email)).status_code == 429


async def test_a_guesser_on_many_addresses_is_delayed_past_the_ceiling_and_the_real_person_still_gets_in(
    from_elsewhere: httpx.AsyncClient,
) -> None:
    person = await factories.user(email="target@example.org")
    # Guesses from many addresses, each under its own limit, straight to the service to keep the test quick.
    for number in range(sessions.ACCOUNT_CEILING):
        address = f"192.0.2.{number // (sessions.MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS - 1)}"
        with pytest.raises(sessions.SignInRefused):
            await sessions.sign_in(email=person.email, password=f"guess {number}", address=address)
    started = time.monotonic()
    answer = await factories.sign_in(from_elsewhere, email=person.email)
    waited = time.monotonic() - started
    assert answer.status_code == 303, answer.text  # delayed, never locked out
    assert waited >= sessions.account_delay(sessions.ACCOUNT_CEILING + 1) == 1.0
    # The delay grows with the guessing, up to a bound.
    assert [sessions.account_delay(sessions.ACCOUNT_CEILING + n) for n in (0, 1, 5, 500)] == [0, 1, 5, 10]


async def test_attempts_are_forgotten_once_their_window_is_over(client: httpx.AsyncClient) -> None:
    person = await factories.user()
    for _ in range(sessions.MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS):
        assert (await factories.sign_in(client, email=person.email, password="guess guess")).status_code == 401
    assert (await factories.sign_in(client, email=person.email)).status_code == 429
    # The window began a quarter of an hour ago (as if the clock had moved on).
    late = int(time.time()) - int(sessions.WINDOW.total_seconds())
    await SignInCounter.update({SignInCounter.window_started: late}, force=True)
    assert (await factories.sign_in(client, email=person.email)).status_code == 303
    # Housekeeping forgets the counters of windows that are over.
    await SignInCounter.update({SignInCounter.window_started: late}, force=True)
    assert await sessions.forget_old_attempts() == 2  # the address's and the account's
    assert await SignInCounter.count() == 0
