"""The runner, driven by a clock the test moves: one holder runs the jobs, each due time once, and nothing
due while everything was down is silently skipped.

Each runner here stands for a process (its own holder name, its own memory), all on one real database.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

import pytest
from litestar import Litestar

from coordination.core import changes, database
from coordination.core.settings import Settings
from coordination.scheduling import lease, runs
from coordination.scheduling.enums import RunCause, RunOutcome
from coordination.scheduling.job import Job, RunContext
from coordination.scheduling.runner import JobBusy, Runner
from coordination.scheduling.schedules import daily, every, weekly
from tests.scheduling.conftest import Clock, counting_job, effects, eventually

# A Monday, in the morning.
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LEASE = 40.0


def runner(jobs: list[Job], settings: Settings, clock: Clock, holder: str) -> Runner:
    return Runner(jobs, settings=settings, clock=clock, holder=holder, lease_seconds=LEASE, heartbeat_seconds=10)


def nightly() -> Job:
    return counting_job("nightly", daily(time(3, 30)))


async def test_only_the_lease_holder_runs_jobs(db: Litestar, settings: Settings) -> None:
    clock = Clock(MONDAY)
    jobs = [counting_job("hourly", every(hours=1))]
    first, second = runner(jobs, settings, clock, "A"), runner(jobs, settings, clock, "B")
    assert await first.beat() is True
    assert await second.beat() is False
    assert await second.catch_up() == []
    assert await second.run_due("hourly") is None
    [ran] = await first.catch_up()
    assert (ran.job, ran.scheduled_for, ran.outcome, ran.holder) == ("hourly", MONDAY, RunOutcome.succeeded, "A")
    # Its timer firing late, or the other process's, finds the due time done.
    assert await first.run_due("hourly") is None
    assert await effects("hourly") == 1


async def test_a_holder_that_stops_renewing_is_replaced_once_its_lease_expires(
    db: Litestar, settings: Settings
) -> None:
    clock = Clock(MONDAY)
    first, second = runner([], settings, clock, "A"), runner([], settings, clock, "B")
    assert await first.beat()
    clock.advance(seconds=LEASE - 0.001)  # A stopped beating (killed, hung, cut off) just after taking the lease
    assert not await second.beat()
    clock.advance(seconds=0.001)
    assert await second.beat()
    assert (await lease.read_lease(now=clock())).holder == "B"
    # A wakes up: it learns it lost the lease and runs nothing any more.
    assert not await first.beat()
    assert not first.holding


async def test_a_holder_that_gives_the_lease_up_is_replaced_at_the_next_heartbeat(
    db: Litestar, settings: Settings
) -> None:
    clock = Clock(MONDAY)
    first, second = runner([], settings, clock, "A"), runner([], settings, clock, "B")
    assert await first.beat()
    await first.stop()  # a clean shutdown
    clock.advance(seconds=1)
    assert await second.beat()


async def test_two_processes_asking_for_a_free_lease_at_once_get_it_once(db: Litestar, settings: Settings) -> None:
    clock = Clock(MONDAY)
    runners = [runner([], settings, clock, f"P{number}") for number in range(6)]
    held = await asyncio.gather(*(each.beat() for each in runners))
    assert sum(held) == 1
    assert (await lease.read_lease(now=clock())).holder == runners[held.index(True)].holder


async def test_a_daily_job_missed_overnight_runs_once_when_the_runner_comes_back(
    db: Litestar, settings: Settings
) -> None:
    clock = Clock(MONDAY.replace(hour=3, minute=30))
    night_one = runner([nightly()], settings, clock, "A")
    await night_one.beat()
    assert [run.scheduled_for for run in await night_one.catch_up()] == [clock()]
    await night_one.stop()

    # Everything was down from Monday 03:31 to Tuesday 08:00: Tuesday's 03:30 passed unseen.
    clock.set(MONDAY + timedelta(days=1))
    restarted = runner([nightly()], settings, clock, "B")
    await restarted.beat()
    [caught_up] = await restarted.catch_up()
    assert caught_up.scheduled_for == datetime(2026, 3, 3, 3, 30, tzinfo=UTC)
    assert (caught_up.cause, caught_up.outcome) == (RunCause.catch_up, RunOutcome.succeeded)
    assert await restarted.catch_up() == []
    await restarted.stop()

    # Restarting again the same morning runs nothing twice.
    clock.advance(hours=1)
    again = runner([nightly()], settings, clock, "C")
    await again.beat()
    assert await again.catch_up() == []
    assert await effects("nightly") == 2


async def test_days_of_downtime_are_caught_up_in_one_run_not_one_per_missed_due_time(
    db: Litestar, settings: Settings
) -> None:
    clock = Clock(MONDAY.replace(hour=3, minute=30))
    first = runner([nightly()], settings, clock, "A")
    await first.beat()
    await first.catch_up()
    await first.stop()
    clock.set(MONDAY + timedelta(days=3))  # back on Thursday morning
    back = runner([nightly()], settings, clock, "B")
    await back.beat()
    assert [run.scheduled_for for run in await back.catch_up()] == [datetime(2026, 3, 5, 3, 30, tzinfo=UTC)]
    assert await effects("nightly") == 2


async def test_a_due_time_older_than_the_grace_period_is_recorded_missed_and_not_run(
    db: Litestar, settings: Settings
) -> None:
    digest = counting_job("digest", weekly(0, time(7, 0)), grace=timedelta(days=1))
    clock = Clock(MONDAY.replace(hour=7))
    first = runner([digest], settings, clock, "A")
    await first.beat()
    await first.catch_up()
    await first.stop()

    clock.set(MONDAY + timedelta(days=9))  # back on the Wednesday after next Monday's 07:00: two days late
    back = runner([digest], settings, clock, "B")
    await back.beat()
    [missed] = await back.catch_up()
    assert (missed.scheduled_for, missed.outcome) == (datetime(2026, 3, 9, 7, 0, tzinfo=UTC), RunOutcome.missed)
    assert await back.catch_up() == []
    assert await effects("digest") == 1

    clock.set(datetime(2026, 3, 16, 7, 0, 1, tzinfo=UTC))  # the next Monday runs as usual
    [ran] = await back.catch_up()
    assert (ran.scheduled_for, ran.outcome) == (datetime(2026, 3, 16, 7, 0, tzinfo=UTC), RunOutcome.succeeded)
    assert await effects("digest") == 2


async def test_a_new_job_owes_nothing_from_before_it_existed(db: Litestar, settings: Settings) -> None:
    clock = Clock(MONDAY)  # 08:00; the job is due at 03:30 and may be up to an hour late
    job = counting_job("nightly", daily(time(3, 30)), grace=timedelta(hours=1))
    first = runner([job], settings, clock, "A")
    await first.beat()
    assert await first.catch_up() == []
    assert await runs.list_runs(job="nightly") == []
    clock.set(datetime(2026, 3, 3, 3, 30, 2, tzinfo=UTC))
    assert [run.scheduled_for for run in await first.catch_up()] == [datetime(2026, 3, 3, 3, 30, tzinfo=UTC)]


async def test_a_failed_run_rolls_back_and_is_tried_three_times_then_waits_for_its_next_due_time(
    db: Litestar, settings: Settings
) -> None:
    attempts: list[datetime] = []

    async def flaky(run: RunContext) -> None:
        async with run.transaction():
            await changes.bump("flaky")
            attempts.append(run.scheduled_for)
            raise ConnectionRefusedError("the mail server did not answer")

    clock = Clock(MONDAY)
    holder = runner([Job("flaky", "Flaky", every(hours=1), flaky)], settings, clock, "A")
    await holder.beat()
    [first] = await holder.catch_up()
    assert (first.outcome, first.attempts) == (RunOutcome.failed, 1)
    assert first.error == "ConnectionRefusedError: the mail server did not answer"
    for attempt in (2, 3):
        clock.advance(seconds=10)  # the next heartbeats
        [again] = await holder.catch_up()
        assert (again.outcome, again.attempts, again.scheduled_for) == (RunOutcome.failed, attempt, MONDAY)
    clock.advance(seconds=10)
    assert await holder.catch_up() == []
    assert await effects("flaky") == 0, "every attempt's writes rolled back"

    clock.set(MONDAY + timedelta(hours=1))
    [next_hour] = await holder.catch_up()
    assert (next_hour.scheduled_for, next_hour.attempts) == (MONDAY + timedelta(hours=1), 1)
    assert attempts == [MONDAY] * 3 + [MONDAY + timedelta(hours=1)]


async def test_a_run_left_running_by_a_dead_holder_is_interrupted_and_done_by_the_next(
    db: Litestar, settings: Settings
) -> None:
    """A holder stalls in the middle of a job; its lease expires; the next holder does the job; the stalled one,
    waking up, records nothing over it."""
    release = asyncio.Event()
    calls: list[str] = []

    async def publish(run: RunContext) -> None:
        calls.append(run.claim.holder)
        if len(calls) == 1:
            await release.wait()

    clock = Clock(MONDAY)
    job = Job("publish", "Publish", every(minutes=1), publish)
    stalled, next_holder = runner([job], settings, clock, "A"), runner([job], settings, clock, "B")
    await stalled.beat()
    stuck = asyncio.create_task(stalled.run_due("publish"))

    async def running() -> bool:
        return [run.outcome for run in await runs.list_runs(job="publish")] == [RunOutcome.running]

    await eventually(running)
    clock.advance(seconds=LEASE + 1)
    assert await next_holder.beat()
    assert [run.outcome for run in await runs.list_runs(job="publish")] == [RunOutcome.interrupted]
    [redone] = await next_holder.catch_up()
    # The same due time, tried a second time, by B.
    assert (redone.scheduled_for, redone.attempts, redone.holder, redone.outcome) == (
        MONDAY,
        2,
        "B",
        RunOutcome.succeeded,
    )
    release.set()
    assert await stuck is None, "A, finishing late, is told the run is not its own any more"
    [record] = await runs.list_runs(job="publish")
    assert (record.holder, record.attempts, record.outcome) == ("B", 2, RunOutcome.succeeded)
    assert calls == ["A", "B"]


async def test_a_transactional_run_taken_over_mid_transaction_commits_its_effects_once(
    db: Litestar, settings: Settings
) -> None:
    """PostgreSQL: A is inside its job's transaction when B takes over and runs the same due time. A's effects
    must roll back. (SQLite lets no second writer in while A's transaction is open, so the race cannot arise.)"""
    if database.is_sqlite():
        pytest.skip("SQLite queues writers: B could not even take over while A's transaction is open")
    inside = asyncio.Event()
    release = asyncio.Event()
    calls: list[str] = []

    async def queue_reminders(run: RunContext) -> None:
        calls.append(run.claim.holder)
        async with run.transaction():
            await changes.bump("reminders")
            if run.claim.holder == "A":
                inside.set()
                await release.wait()

    clock = Clock(MONDAY + timedelta(seconds=20))
    job = Job("reminders", "Reminders", every(hours=1), queue_reminders)
    stalled, next_holder = runner([job], settings, clock, "A"), runner([job], settings, clock, "B")
    await stalled.beat()
    stuck = asyncio.create_task(stalled.run_due("reminders"))
    await inside.wait()
    clock.advance(seconds=LEASE + 1)
    assert await next_holder.beat()
    taking_over = asyncio.create_task(next_holder.catch_up())

    async def claimed_by_b() -> bool:
        return [(run.holder, run.attempts) for run in await runs.list_runs(job="reminders")] == [("B", 2)]

    await eventually(claimed_by_b)  # B's run now waits for A's transaction (the counter's row is locked)
    release.set()
    assert await stuck is None, "A learns, at commit time, that the run is not its own any more"
    [done] = await taking_over
    assert (done.holder, done.attempts, done.outcome) == ("B", 2, RunOutcome.succeeded)
    assert calls == ["A", "B"]
    assert await effects("reminders") == 1


async def test_a_manual_run_is_recorded_and_refused_while_the_job_runs(db: Litestar, settings: Settings) -> None:
    release = asyncio.Event()

    async def slow(run: RunContext) -> None:
        await release.wait()

    clock = Clock(MONDAY + timedelta(minutes=10))
    job = Job("slow", "Slow", every(hours=1), slow)
    holder, operator = runner([job], settings, clock, "A"), runner([job], settings, clock, "cli")
    await holder.beat()
    busy = asyncio.create_task(holder.catch_up())

    async def running() -> bool:
        return bool(await runs.running(job="slow"))

    await eventually(running)
    with pytest.raises(JobBusy):
        await operator.run_now("slow")
    release.set()
    await busy
    manual = await operator.run_now("slow")
    assert (manual.cause, manual.outcome, manual.scheduled_for, manual.holder) == (
        RunCause.manual,
        RunOutcome.succeeded,
        clock(),
        "cli",
    )
    # A run by hand stands for the due times before it: the holder owes nothing until the next hour.
    assert await holder.catch_up() == []


async def test_the_timer_runs_the_job_at_its_due_times_while_the_process_holds_the_lease(
    db: Litestar, settings: Settings
) -> None:
    """Real time, real APScheduler: a job due every second runs at whole seconds, each once; at stop the run in
    progress finishes and the lease is given up."""
    job = counting_job("tick", every(seconds=1))
    live = Runner([job], settings=settings, holder="A", lease_seconds=4, heartbeat_seconds=1)
    async with live.running():

        async def three_runs() -> bool:
            return len(await runs.list_runs(job="tick")) >= 3

        await eventually(three_runs)
        assert live.scheduler is not None
        assert live.scheduler.running
    done = sorted(await runs.list_runs(job="tick"), key=lambda run: run.scheduled_for)
    due = [run.scheduled_for for run in done]
    assert all(moment.microsecond == 0 for moment in due)
    # Each due time once. (A loop held up for more than a second would coalesce due times into one run.)
    assert due == sorted(set(due))
    assert {run.outcome for run in done} == {RunOutcome.succeeded}
    assert RunCause.schedule in {run.cause for run in done}
    assert await effects("tick") == len(done)
    assert (await lease.read_lease(now=datetime.now(UTC))).holder == ""


async def test_a_run_in_progress_when_the_process_stops_finishes_and_is_recorded(
    db: Litestar, settings: Settings
) -> None:
    started = asyncio.Event()

    async def publish(run: RunContext) -> None:
        if run.cause == RunCause.schedule:  # started by the timer, not by catching up when the lease is taken
            started.set()
            await asyncio.sleep(0.5)
        async with run.transaction():
            await changes.bump("publish")

    live = Runner(
        [Job("publish", "Publish", every(seconds=1), publish)],
        settings=settings,
        holder="A",
        lease_seconds=4,
        heartbeat_seconds=1,
    )
    async with live.running():
        await started.wait()  # then the process is told to stop, in the middle of the run
    done = await runs.list_runs(job="publish")
    assert RunCause.schedule in {run.cause for run in done}
    assert {run.outcome for run in done} == {RunOutcome.succeeded}
    assert await effects("publish") == len(done)
