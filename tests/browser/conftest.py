"""A real server process and a real browser (Debian's chromium driven by Playwright).

The server runs as in production (``coordination serve``) on this test's
database, with the demo network loaded; screenshots land in
``test-artifacts/`` so a person can see what the test saw.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from playwright.async_api import Browser, Page, async_playwright

from coordination.demo.loader import load_demo

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not become healthy")


@pytest.fixture
def server_env() -> dict[str, str]:
    """More environment for the server; a test module overrides it (the SMTP sink, for one)."""
    return {}


@pytest.fixture
def server_args() -> list[str]:
    """More arguments for ``coordination serve``; a test module overrides it (``--workers 2``, for one)."""
    return []


@pytest.fixture
def server_process(
    database_url: str, tmp_path: Path, server_env: dict[str, str], server_args: list[str]
) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "COORDINATION_DATABASE_URL": database_url,
        "COORDINATION_SCHEDULER": "off",
        "COORDINATION_BASE_URL": f"http://127.0.0.1:{port}",
        "COORDINATION_CALENDARS_DIR": str(tmp_path / "calendars"),
        "COORDINATION_EXPORTS_DIR": str(tmp_path / "exports"),
        **server_env,
    }
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "coordination.cli", "serve", "--no-migrate", "--port", str(port), *server_args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
async def demo_server(db: Litestar, server_process: str) -> str:
    """The server, with the demo network loaded into its database."""
    await load_demo(only_if_empty=True)
    return server_process


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    async with async_playwright() as playwright:
        instance = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield instance
        await instance.close()


@pytest.fixture
async def page(browser: Browser, request: pytest.FixtureRequest) -> AsyncIterator[Page]:
    context = await browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
    tab = await context.new_page()
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    await tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    await context.close()
