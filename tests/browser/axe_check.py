"""axe-core in the browser tests: installed from the npm registry at the version pinned in ``axe/``, run in a page.

``npm ci`` installs it once (into ``tests/browser/axe/node_modules``) from the
lock file. The script is evaluated through the DevTools protocol, which the
pages' Content-Security-Policy does not apply to, so the pages keep theirs.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


@lru_cache(maxsize=1)
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is not installed (apt-get install npm); .ci/run installs it")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, check=True, timeout=300)
    return AXE_SCRIPT.read_text(encoding="utf-8")


async def serious_violations(page: Page) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line each (rule: elements)."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(axe_source())
    results: dict[str, Any] = await page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})"
    )
    return [
        f"{item['id']} ({item['impact']}): {[node['target'] for node in item['nodes']][:3]}"
        for item in results["violations"]
        if item.get("impact") in SERIOUS
    ]
