"""``COORDINATION_ACCESS_LOG``: the feeds, polled all day long, can be left out of the access log, or everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port, migrate


def serve_and_poll(tmp_path: Path, mode: str) -> str:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    port = free_port()
    env = {
        **os.environ,
        "COORDINATION_DATABASE_URL": url,
        "COORDINATION_DATA_DIR": str(tmp_path),
        "COORDINATION_SCHEDULER": "off",
        "COORDINATION_ACCESS_LOG": mode,
    }
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "coordination.cli", "serve", "--no-migrate", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            assert httpx.get(f"http://127.0.0.1:{port}/calendars/network.ics", timeout=30).status_code == 200
            assert httpx.get(f"http://127.0.0.1:{port}/events", timeout=30).status_code == 200
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return log.read_text()


@pytest.mark.parametrize(
    ("mode", "feed_logged", "page_logged"), [("all", True, True), ("no-feeds", False, True), ("off", False, False)]
)
def test_the_access_log_writes_what_the_setting_says(
    tmp_path: Path, mode: str, feed_logged: bool, page_logged: bool
) -> None:
    written = serve_and_poll(tmp_path, mode)
    assert ('"GET /calendars/network.ics HTTP/1.1" 200' in written) is feed_logged, written
    assert ('"GET /events HTTP/1.1" 200' in written) is page_logged, written


def test_an_unknown_access_log_setting_is_refused_by_name(tmp_path: Path) -> None:
    env = {**os.environ, "COORDINATION_DATA_DIR": str(tmp_path), "COORDINATION_ACCESS_LOG": "some"}
    result = subprocess.run(
        [sys.executable, "-m", "coordination.cli", "serve", "--no-migrate", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "COORDINATION_ACCESS_LOG must be one of all, no-feeds, off, not 'some'" in result.stderr
