"""A runner process for the take-over tests: ``python -m tests.scheduling.runner_process URL HOLDER``.

The real runner, lease and APScheduler timer in a process of its own, with the
real jobs and one more: ``tick``, due every second, whose effect (a step of the
change counter ``tick``) commits in the same transaction as its run record. It
runs until SIGTERM; the tests also kill it with SIGKILL.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from coordination import jobs
from coordination.cli import run_with_database
from coordination.core.settings import Settings
from coordination.scheduling.runner import Runner
from coordination.scheduling.schedules import every
from tests.scheduling.conftest import counting_job

LEASE_SECONDS = 3.0
HEARTBEAT_SECONDS = 0.5


def main(url: str, holder: str) -> None:
    logging.basicConfig(level=logging.INFO, format=f"{holder} %(asctime)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    settings = Settings.from_env(database_url=url)

    async def run() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        # The tick first, so that catching up after a take-over looks at it first.
        scheduled = [counting_job("tick", every(seconds=1)), *jobs.scheduled_jobs(settings)]
        runner = Runner(
            scheduled,
            settings=settings,
            holder=holder,
            lease_seconds=LEASE_SECONDS,
            heartbeat_seconds=HEARTBEAT_SECONDS,
        )
        async with runner.running():
            await stop.wait()

    run_with_database(settings, run)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
