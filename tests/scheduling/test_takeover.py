"""Two runner processes started at once on one database: one runs the jobs; killed with SIGKILL mid-work, the
other takes over within a lease and a heartbeat, catches up once, and no due time's effects commit twice.

Real processes (``tests/scheduling/runner_process.py``: the real runner, lease and APScheduler timer, with a
lease of 3 s and a heartbeat of 0.5 s so the test is quick), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from litestar import Litestar

from coordination.core.schemas import utc_now
from coordination.scheduling import lease, runs
from coordination.scheduling.enums import RunCause, RunOutcome
from coordination.scheduling.schemas import RunOut
from tests.scheduling.conftest import effects, eventually
from tests.scheduling.runner_process import HEARTBEAT_SECONDS, LEASE_SECONDS

ROOT = Path(__file__).resolve().parents[2]


async def start(url: str, holder: str, folder: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "COORDINATION_CALENDARS_DIR": str(folder / f"calendars-{holder}")}
    with (folder / f"runner-{holder}.log").open("wb") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.scheduling.runner_process",
            url,
            holder,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )


async def ticks(holder: str | None = None) -> list[RunOut]:
    done = [run for run in await runs.list_runs(job="tick", limit=1000) if holder is None or run.holder == holder]
    return sorted(done, key=lambda run: run.scheduled_for)


async def test_the_lease_holder_killed_is_replaced_within_a_minute_and_nothing_is_done_twice(
    db: Litestar, database_url: str, tmp_path: Path
) -> None:
    processes = {name: await start(database_url, name, tmp_path) for name in ("A", "B")}  # at once
    try:

        async def someone_holds_the_lease() -> bool:
            return (await lease.read_lease(now=utc_now())).holder in processes

        await eventually(someone_holds_the_lease, within=30)
        first = (await lease.read_lease(now=utc_now())).holder
        second = next(name for name in processes if name != first)

        async def first_ticked_twice() -> bool:
            return len([run for run in await ticks(first) if run.outcome == RunOutcome.succeeded]) >= 2

        await eventually(first_ticked_twice, within=15)
        assert await ticks(second) == [], "the other process waits; it runs nothing"
        assert [run for run in await runs.list_runs(limit=1000) if run.holder == second] == []

        processes[first].kill()  # SIGKILL: no clean-up, no release; maybe in the middle of a tick
        killed_at = time.monotonic()
        await processes[first].wait()

        async def second_holds_the_lease() -> bool:
            return (await lease.read_lease(now=utc_now())).holder == second

        await eventually(second_holds_the_lease, within=60, every=0.1)
        took = time.monotonic() - killed_at
        assert took <= LEASE_SECONDS + HEARTBEAT_SECONDS + 1.5, f"taken over after {took:.1f} s"

        async def second_ticked_twice() -> bool:
            return len([run for run in await ticks(second) if run.outcome == RunOutcome.succeeded]) >= 2

        await eventually(second_ticked_twice, within=15)
        processes[second].send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(processes[second].wait(), 30) == 0
    finally:
        for process in processes.values():
            if process.returncode is None:
                process.kill()
                await process.wait()

    assert (await lease.read_lease(now=utc_now())).holder == "", "given up at a clean shutdown"
    done = await ticks()
    by_first, by_second = [run for run in done if run.holder == first], [run for run in done if run.holder == second]
    assert by_first
    assert by_second
    assert len(by_first) + len(by_second) == len(done)
    assert max(run.scheduled_for for run in by_first) < min(run.scheduled_for for run in by_second)
    # Whatever the killed process was doing is not left "running": it rolled back, and is marked interrupted.
    assert {run.outcome for run in done} <= {RunOutcome.succeeded, RunOutcome.interrupted}
    assert [run for run in await runs.list_runs(limit=1000) if run.outcome == RunOutcome.running] == []
    # Exactly once: every committed effect has its succeeded run, and no more.
    assert await effects("tick") == len([run for run in done if run.outcome == RunOutcome.succeeded])
    # The seconds nobody ran were caught up by one run, for the latest of them, as soon as the second took over.
    resumed = by_second[0]
    assert resumed.cause == RunCause.catch_up
    assert (resumed.scheduled_for - by_first[-1].scheduled_for).total_seconds() >= LEASE_SECONDS - 1
