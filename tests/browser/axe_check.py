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


# Tap targets: visible header links, menus and language links; buttons, selects, text fields and the summaries of
# folding boxes in the page; links standing alone (not inside a sentence, which WCAG 2.5.8 exempts); a checkbox or a
# radio button counts with its label, which taps it too. Each is named by tag, id or name, and text.
SMALL_TARGETS = """() => {
  const seen = e => e.offsetParent !== null && !e.closest('details:not([open]) > :not(summary)');
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : e.name ? '[name=' + e.name + ']' : '')
    + ' "' + (e.textContent || e.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
  const box = e => {
    if (e.type === 'checkbox' || e.type === 'radio') {
      const label = e.closest('label') || (e.labels && e.labels[0]);
      return (label || e).getBoundingClientRect();
    }
    return e.getBoundingClientRect();
  };
  return [...document.querySelectorAll(
      'header a, header summary, main a, main button, main select, main summary, main textarea,'
      + ' main input:not([type=hidden])')]
    .filter(seen)
    .filter(e => e.tagName !== 'A' || e.closest('header')
                 || e.parentElement.textContent.trim() === e.textContent.trim())
    .filter(e => box(e).height < 44)
    .map(e => name(e) + ' ' + Math.round(box(e).height) + 'px');
}"""


async def small_targets(page: Page) -> list[str]:
    """The tap targets on the page under 44 px high (see SMALL_TARGETS), one line each."""
    return list(await page.evaluate(SMALL_TARGETS))


async def page_problems(page: Page, what: str) -> list[str]:
    """Everything wrong with the page as it is now, each line naming ``what`` (the page): axe's serious and critical
    violations, a document wider than the viewport, tap targets under 44 px."""
    problems = [f"{what}: axe {line}" for line in await serious_violations(page)]
    viewport = page.viewport_size
    assert viewport is not None
    width = int(await page.evaluate("document.documentElement.scrollWidth"))
    if width > viewport["width"]:
        wide = await page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit && !e.closest('.table-wrap'))
                .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
            viewport["width"],
        )
        problems.append(f"{what}: {width}px wide on a {viewport['width']}px screen ({wide})")
    problems += [f"{what}: tap target under 44px: {line}" for line in await small_targets(page)]
    return problems
