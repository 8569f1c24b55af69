"""``make bench``, third part: how long an import takes to preview and to apply, and how that grows.

Informational: exits 0. In a temporary SQLite database migrated by
``coordination migrate``, for members (1,000 then 5,000 rows) and events
(1,000, 5,000 then 20,000 rows, all-day events of one body): the time to
preview a CSV that adds every row, the time to apply it, then the time to
preview the same file again (every row matched and unchanged). Each time is
printed with its time per 1,000 rows and the ratio to the smallest size:
linear growth keeps the time per 1,000 rows about constant.

``BENCH_SPREADSHEET_SCALE`` (default 1) divides the sizes, for a quick run
(``BENCH_SPREADSHEET_SCALE=10`` runs 100/500 members and 100/500/2,000 events).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCALE = max(1, int(os.environ.get("BENCH_SPREADSHEET_SCALE", "1")))
MEMBER_SIZES = tuple(size // SCALE for size in (1_000, 5_000))
EVENT_SIZES = tuple(size // SCALE for size in (1_000, 5_000, 20_000))


def _migrate(url: str) -> None:
    env = {**os.environ, "COORDINATION_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "coordination.cli", "migrate"], env=env, check=True, capture_output=True)


def _members_csv(count: int, prefix: str) -> bytes:
    lines = ["slug,name,kind,country,website"]
    lines += [f"{prefix}-{n},City number {n},city,FR,https://example.org/{n}" for n in range(count)]
    return ("\r\n".join(lines) + "\r\n").encode()


def _events_csv(count: int, body: str) -> bytes:
    lines = ["id,title,body,kind,timing,start_date,end_date,location,status,visibility"]
    lines += [
        f",Meeting {n},{body},forum,all_day,2021-{1 + n % 12:02d}-{1 + n % 28:02d},,Lyon,confirmed,public"
        for n in range(count)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


async def _timed(work: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = await work()
    return time.perf_counter() - started, result


async def _measure(kind: str, sizes: tuple[int, ...], make: Callable[[int, str], bytes], prefix: str) -> None:
    from coordination.accounts.schemas import Principal
    from coordination.spreadsheets import services

    operator = Principal(is_secretariat=True, via="bench")
    first: dict[str, float] = {}
    for size in sizes:
        content = make(size, prefix) if kind == "events" else make(size, f"{prefix}{size}")

        async def preview(content: bytes = content) -> Any:
            return await services.preview_content(
                kind=kind, principal=operator, file_name="bench.csv", content=content, language="en"
            )

        async def apply(content: bytes = content) -> Any:
            return await services.apply_content(
                kind=kind, principal=operator, file_name="bench.csv", content=content, language="en"
            )

        preview_time, (_, previewed) = await _timed(preview)
        assert (previewed.errors, previewed.created) == (0, size), previewed.rows[:3]
        apply_time, applied = await _timed(apply)
        assert (applied.applied, applied.created) == (True, size)
        results = {"preview": preview_time, "apply": apply_time}
        if kind == "members":
            again = make(size, f"{prefix}{size}")
            results["preview unchanged"], (_, unchanged) = await _timed(lambda again=again: preview(again))
            assert unchanged.created == 0, unchanged.rows[:3]
        for step, seconds in results.items():
            first.setdefault(step, seconds / size)
            ratio = (seconds / size) / first[step]
            print(
                f"{kind:<8} {size:>6,} rows  {step:<18} {seconds:8.2f} s  "
                f"{1000 * seconds / size:6.2f} s per 1,000 rows  (×{ratio:.2f} per row vs the smallest)",
                flush=True,
            )


async def _run(url: str) -> None:
    from coordination.core import database
    from coordination.piccolo_app import TABLES
    from tests.factories import bodies as body_factories

    engine = database.engine_from_url(url)
    database.bind_tables(engine, TABLES)
    await database.open_engine(engine)
    try:
        await _measure("members", MEMBER_SIZES, _members_csv, "city")
        await body_factories.body(slug="bench-body", name="Bench body")
        await _measure("events", EVENT_SIZES, _events_csv, "bench-body")
    finally:
        await database.close_engine(engine)


def main() -> int:
    print(f"spreadsheet imports (SQLite), sizes {MEMBER_SIZES} members and {EVENT_SIZES} events", flush=True)
    with tempfile.TemporaryDirectory(prefix="coordination-bench-sheets-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        _migrate(url)
        asyncio.run(_run(url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
