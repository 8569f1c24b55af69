"""Feeds tests: Mozilla's ical.js installed once from npm into .cache/, and a feed cache that always looks."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest

from coordination.core.settings import PROJECT_ROOT, Settings

ICALJS_VERSION = "ical.js@2"
ICALJS_PREFIX = PROJECT_ROOT / ".cache" / "icaljs"


@pytest.fixture(scope="session")
def icaljs() -> Path:
    """The ical.js package folder, installed with npm on first use (then reused across runs)."""
    package = ICALJS_PREFIX / "node_modules" / "ical.js"
    ICALJS_PREFIX.mkdir(parents=True, exist_ok=True)
    # Test workers run in parallel (pytest -n): one installs, the others wait for it.
    with (ICALJS_PREFIX.parent / "icaljs.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (package / "package.json").exists():
            npm = shutil.which("npm")
            assert npm, "npm is needed once to install ical.js (apt-get install npm)"
            subprocess.run(
                [npm, "install", "--prefix", str(ICALJS_PREFIX), ICALJS_VERSION, "--no-audit", "--no-fund"],
                check=True,
                capture_output=True,
                timeout=300,
            )
    return package


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    # Check the change counters on every request: a test that writes through the services (not
    # HTTP) then reads a feed must see its write. Tests of the one-second rhythm set their own.
    return Settings.from_env(
        database_url=database_url,
        data_dir=tmp_path,
        calendars_dir=tmp_path / "calendars",
        exports_dir=tmp_path / "exports",
        scheduler_enabled=False,
        base_url="https://coordination.example.org",
        feeds_check_seconds=0.0,
    )
