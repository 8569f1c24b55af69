"""`coordination jobs list`, `coordination jobs run NAME` and `coordination scheduler`, run as an operator runs
them: real processes on a real database."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def environment(database_url: str, calendars: Path, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        "COORDINATION_DATABASE_URL": database_url,
        "COORDINATION_CALENDARS_DIR": str(calendars),
        "COORDINATION_SCHEDULER": "off",
        **more,
    }


async def cli(*args: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "coordination.cli",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, output.decode()


def row(listing: str, job: str) -> str:
    [line] = [line for line in listing.splitlines() if line.startswith(f"{job} ")]
    return line


async def test_jobs_list_shows_every_job_and_that_no_runner_runs_them(database_url: str, tmp_path: Path) -> None:
    code, listing = await cli("jobs", "list", env=environment(database_url, tmp_path / "calendars"))
    assert code == 0, listing
    assert listing.startswith("runner: none is running")
    header = listing.splitlines()[1].split()
    assert header == ["JOB", "SCHEDULE", "LAST", "DUE", "OUTCOME", "DURATION", "NEXT", "DUE", "LAST", "ERROR"]
    for job, schedule in [
        ("calendar_files", "every 1 min"),
        ("database_housekeeping", "every 1 h"),
        ("account_housekeeping", "every 1 h"),
        ("job_history", "daily at 03:15 (UTC)"),
    ]:
        line = row(listing, job)
        assert schedule in line
        assert "never run" in line


async def test_an_operator_runs_a_job_by_hand_and_sees_how_it_went(database_url: str, tmp_path: Path) -> None:
    env = environment(database_url, tmp_path / "calendars")
    code, output = await cli("jobs", "run", "calendar_files", env=env)
    assert code == 0, output
    assert output.startswith("calendar_files: succeeded in ")
    assert (tmp_path / "calendars" / "network.ics").exists()
    _, listing = await cli("jobs", "list", env=env)
    assert "succeeded" in row(listing, "calendar_files")

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    code, output = await cli("jobs", "run", "calendar_files", env=environment(database_url, blocked))
    assert code == 1
    assert "calendar_files: failed in" in output
    assert "FileExistsError" in output
    _, listing = await cli("jobs", "list", env=env)
    assert "failed" in row(listing, "calendar_files")
    assert "FileExistsError" in row(listing, "calendar_files")

    code, output = await cli("jobs", "run", "no_such_job", env=env)
    assert code == 1
    assert "no job named 'no_such_job'; the jobs are: calendar_files, database_housekeeping" in output


@pytest.mark.parametrize("command", [["scheduler"], ["jobs"], ["jobs", "list"], ["jobs", "run"]])
async def test_the_scheduler_commands_explain_themselves(command: list[str], tmp_path: Path) -> None:
    code, output = await cli(*command, "--help", env=environment(f"sqlite:///{tmp_path}/db.sqlite3", tmp_path))
    assert code == 0
    assert output.startswith("Usage: ")


async def test_scheduler_processes_run_the_jobs_once_and_hand_over_at_a_clean_stop(
    database_url: str, tmp_path: Path
) -> None:
    calendars = tmp_path / "calendars"
    env = environment(
        database_url, calendars, COORDINATION_JOBS_LEASE_SECONDS="20", COORDINATION_JOBS_HEARTBEAT_SECONDS="0.5"
    )
    logs = {name: (tmp_path / f"scheduler-{name}.log").open("wb") for name in ("first", "second")}
    processes: dict[str, asyncio.subprocess.Process] = {}
    try:
        for name, log in logs.items():
            processes[name] = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "coordination.cli", "scheduler", cwd=ROOT, env=env, stdout=log, stderr=log
            )

        async def holder() -> str:
            _, listing = await cli("jobs", "list", env=env)
            first_line = listing.splitlines()[0]
            return "" if "none is running" in first_line else first_line.split()[1].rstrip(",")

        deadline = time.monotonic() + 60
        while not (held := await holder()) or not (calendars / "network.ics").exists():
            assert time.monotonic() < deadline, "no scheduler took the lease and published the feeds"
            await asyncio.sleep(0.2)
        pids = {name: process.pid for name, process in processes.items()}
        [running] = [name for name, pid in pids.items() if f":{pid}:" in held]
        waiting = next(name for name in processes if name != running)

        processes[running].send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(processes[running].wait(), 30) == 0
        stopped = time.monotonic()
        while f":{pids[waiting]}:" not in await holder():
            # Given up at a clean stop: taken over at the next heartbeat, not after the 20 s lease.
            assert time.monotonic() - stopped < 10, "the other scheduler did not take over"
            await asyncio.sleep(0.2)
    finally:
        for process in processes.values():
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 30)
        for log in logs.values():
            log.close()
    _, listing = await cli("jobs", "list", env=env)
    assert listing.startswith("runner: none is running")
    assert "succeeded" in row(listing, "calendar_files")


async def test_serve_with_no_scheduler_runs_no_jobs(database_url: str, tmp_path: Path) -> None:
    import httpx

    from tests.conftest import free_port

    port = free_port()
    env = environment(database_url, tmp_path / "calendars", COORDINATION_SCHEDULER="on")
    env["COORDINATION_JOBS_HEARTBEAT_SECONDS"] = "0.2"
    with (tmp_path / "serve.log").open("wb") as log:
        server = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "coordination.cli",
            "serve",
            "--no-migrate",
            "--no-scheduler",
            "--port",
            str(port),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        async with httpx.AsyncClient() as http:
            deadline = time.monotonic() + 30
            while True:
                assert time.monotonic() < deadline, "the server did not start"
                try:
                    if (await http.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                        break
                except httpx.HTTPError:
                    await asyncio.sleep(0.1)
        await asyncio.sleep(1)  # five heartbeats, had there been a runner
        _, listing = await cli("jobs", "list", env=env)
    finally:
        server.send_signal(signal.SIGTERM)
        await asyncio.wait_for(server.wait(), 30)
    assert listing.startswith("runner: none is running")
    assert "never run" in row(listing, "calendar_files")
    assert not (tmp_path / "calendars").exists()
