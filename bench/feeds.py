"""``make bench``: how fast the calendar feeds are served and rendered. Informational: always exits 0.

1. A temporary SQLite database is migrated and filled, through the services,
   with one body and 1,000 public timed events in several timezones.
2. The service is started as in production (``coordination serve --no-migrate``,
   uvicorn, one worker) on 127.0.0.1, with the scheduler off so no background
   job competes with the measurements.
3. Requests per second, for about 5 s each with 2 connections (2 cores), of
   ``/health``, the network feed with ``Accept-Encoding: gzip``, the same feed
   uncompressed, and a 304 for it (``If-None-Match`` with its ETag); each with
   its ratio to ``/health`` against our goals. ``wrk`` when installed, else a
   Python load generator (httpx), which is itself slower than the server:
   its rates are a floor, its ratios rougher. The service's ``/health`` runs
   one query (which migrations ran); the ratios are also given against a plain Litestar
   ``/health`` touching nothing (``bench/reference.py``), the stricter yardstick.
4. The time to render the network feed from scratch (``load_feed_data`` +
   ``render_feed``, no cache) for 100, 1,000 and 10,000 events.

Everything stays on the loopback interface and in a temporary folder; the
whole run takes about two minutes.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import msgspec

DURATION_SECONDS = 5
CONNECTIONS = 2
GOALS = {"gzip": 0.6, "not_modified": 0.8}
TIMEZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Africa/Johannesburg", "America/Sao_Paulo"]
BODY = "bench-commission"
BASE_URL_HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((BASE_URL_HOST, 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- data


async def _add_events(first: int, last: int) -> None:
    """Events numbered ``first`` to ``last - 1``: timed, public, three every two days from 2026, in 5 timezones."""
    from coordination.events import services as events
    from coordination.events.schemas import EventCreate

    first_day = datetime(2026, 1, 5, 9, 0)
    for number in range(first, last):
        # Between 9:00 and 16:00 local time: never in an hour that daylight saving skips or repeats.
        begins = first_day + timedelta(days=number * 2 // 3, hours=number % 8)
        payload = {
            "title": f"Bench event {number}: cities, data; and the commons",
            "body": BODY,
            "kind": "webinar" if number % 2 else "forum",
            "timing": "timed",
            "start": begins.isoformat(timespec="minutes"),
            "end": (begins + timedelta(minutes=90)).isoformat(timespec="minutes"),
            "timezone": TIMEZONES[number % len(TIMEZONES)],
            "description": "A benchmark event.\nSecond line, with a comma; and a semicolon.",
            "online_url": f"https://meet.example.org/bench-{number}" if number % 3 == 0 else "",
            "location": "Lyon" if number % 3 else "",
        }
        await events.create_event(data=msgspec.convert(payload, EventCreate, strict=False))


async def _fill(first: int, last: int) -> None:
    """``_add_events`` in batches of one transaction each: a commit per event would make filling take minutes."""
    from coordination.core.database import transaction

    for batch in range(first, last, 500):
        async with transaction():
            await _add_events(batch, min(batch + 500, last))


async def _add_body() -> None:
    from coordination.bodies import services as bodies
    from coordination.bodies.enums import BodyKind
    from coordination.bodies.schemas import BodyCreate

    await bodies.create_body(data=BodyCreate(slug=BODY, name="Bench Commission", kind=BodyKind.commission))


async def _render_from_scratch(base_url: str, runs: int) -> tuple[float, float, int]:
    """The best of ``runs``: seconds loading the data, seconds rendering, and the feed's size in bytes."""
    from coordination.feeds import services as feeds

    best: tuple[float, float, int] | None = None
    for _ in range(runs):
        began = time.perf_counter()
        data = await feeds.load_feed_data(base_url=base_url)
        loaded = time.perf_counter()
        feed = await feeds.render_feed(
            scope=feeds.network_scope(), base_url=base_url, retention=timedelta(days=30), data=data
        )
        rendered = time.perf_counter()
        timing = (loaded - began, rendered - loaded, len(feed.body))
        if best is None or sum(timing[:2]) < sum(best[:2]):
            best = timing
    assert best is not None
    return best


@contextmanager
def _database(url: str) -> Iterator[asyncio.Runner]:
    """An event loop with every table bound to ``url`` (as the command line does), kept for several steps."""
    from coordination.core import database
    from coordination.piccolo_app import TABLES

    engine = database.engine_from_url(url)
    database.bind_tables(engine, TABLES)
    with asyncio.Runner() as runner:
        runner.run(database.open_engine(engine))
        try:
            yield runner
        finally:
            runner.run(database.close_engine(engine))


# --------------------------------------------------------------------------- load


def _wrk(url: str, headers: dict[str, str]) -> float:
    command = ["wrk", f"-t{CONNECTIONS}", f"-c{CONNECTIONS}", f"-d{DURATION_SECONDS}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=DURATION_SECONDS + 30
    ).stdout
    match = re.search(r"Requests/sec:\s*([\d.]+)", output)
    if match is None:
        raise RuntimeError(f"wrk printed no rate:\n{output}")
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"errors while measuring {url}:\n{output}")
    return float(match.group(1))


async def _python_load(url: str, headers: dict[str, str], expected: int) -> float:
    done = 0
    deadline = time.perf_counter() + DURATION_SECONDS

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            answer = await client.get(url, headers=headers)
            if answer.status_code != expected:
                raise RuntimeError(f"{url} answered {answer.status_code}, expected {expected}")
            done += 1

    began = time.perf_counter()
    # One client per connection, without decompression work beyond what httpx does by itself.
    clients = [httpx.AsyncClient(timeout=10) for _ in range(CONNECTIONS)]
    try:
        await asyncio.gather(*(worker(client) for client in clients))
    finally:
        for client in clients:
            await client.aclose()
    return done / (time.perf_counter() - began)


def _rate(url: str, headers: dict[str, str], expected: int) -> float:
    if shutil.which("wrk"):
        return _wrk(url, headers)
    return asyncio.run(_python_load(url, headers, expected))


# --------------------------------------------------------------------------- server


SERVICE = ["-m", "coordination.cli", "serve", "--no-migrate", "--workers", "1", "--host", BASE_URL_HOST, "--port"]
# The same server and logging as ``coordination serve`` (uvicorn, access log on), for the plain app.
REFERENCE = ["-m", "uvicorn", "bench.reference:app", "--workers", "1", "--host", BASE_URL_HOST, "--port"]


@contextmanager
def _server(env: dict[str, str], port: int, log: Path, command: list[str] = SERVICE) -> Iterator[str]:
    url = f"http://{BASE_URL_HOST}:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, *command, str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the server exited with {process.returncode}; see {log}")
                try:
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not answer /health within 30 s")
                time.sleep(0.1)
            yield url
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _measure_http(url: str, plain_health: float) -> None:
    feed = f"{url}/calendars/network.ics"
    # Render once (and check) before measuring: the measurements are of the cached feed.
    plain = httpx.get(feed, headers={"Accept-Encoding": "identity"}, timeout=60)
    gzipped = httpx.get(feed, headers={"Accept-Encoding": "gzip"}, timeout=60)
    assert plain.status_code == 200, plain
    assert plain.headers["content-type"].startswith("text/calendar"), plain.headers
    assert gzipped.headers.get("content-encoding") == "gzip", gzipped.headers
    events = plain.content.count(b"BEGIN:VEVENT")
    etag = plain.headers["etag"]
    revalidated = httpx.get(feed, headers={"Accept-Encoding": "identity", "If-None-Match": etag}, timeout=10)
    assert revalidated.status_code == 304, revalidated
    size_plain = len(plain.content)
    size_gzip = int(gzipped.headers["content-length"])
    print(f"network feed: {events} events, {size_plain:,} bytes, {size_gzip:,} gzipped; ETag {etag}")
    tool = "wrk" if shutil.which("wrk") else "python httpx (wrk not installed: rates are a floor)"
    print(f"load: {tool}, {CONNECTIONS} connections, {DURATION_SECONDS} s each, 127.0.0.1")
    print()

    health = _rate(f"{url}/health", {}, 200)
    rates = {
        "gzip": _rate(feed, {"Accept-Encoding": "gzip"}, 200),
        "plain": _rate(feed, {"Accept-Encoding": "identity"}, 200),
        "not_modified": _rate(feed, {"Accept-Encoding": "identity", "If-None-Match": etag}, 304),
    }
    labels = {
        "gzip": "feed, Accept-Encoding: gzip",
        "plain": "feed, uncompressed",
        "not_modified": "feed, 304 (If-None-Match)",
    }
    print(f"{'/health (one query on SQLite)':<32} {health:>9,.0f} req/s")
    for key, rate in rates.items():
        ratio = rate / health
        goal = GOALS.get(key)
        verdict = f"goal ≥ {goal:.1f}: {'PASS' if ratio >= goal else 'MISS'}" if goal else "(no goal)"
        print(f"{labels[key]:<32} {rate:>9,.0f} req/s   {ratio:.2f} × /health   {verdict}")
    print()
    print(f"yardstick: a plain Litestar /health (no database), same uvicorn: {plain_health:,.0f} req/s")
    for key, rate in rates.items():
        ratio = rate / plain_health
        goal = GOALS.get(key)
        verdict = f"goal ≥ {goal:.1f}: {'PASS' if ratio >= goal else 'MISS'}" if goal else "(no goal)"
        print(f"{labels[key]:<32} {ratio:.2f} × plain /health   {verdict}")


# --------------------------------------------------------------------------- main


def main() -> int:
    began = time.monotonic()
    project = Path(__file__).resolve().parents[1]
    os.chdir(project)  # piccolo_conf and the templates are found from the project root
    with tempfile.TemporaryDirectory(prefix="coordination-bench-") as folder:
        work = Path(folder)
        port = _free_port()
        base_url = f"http://{BASE_URL_HOST}:{port}"
        env = {
            **os.environ,
            "COORDINATION_DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
            "COORDINATION_DATA_DIR": str(work),
            "COORDINATION_CALENDARS_DIR": str(work / "calendars"),
            "COORDINATION_EXPORTS_DIR": str(work / "exports"),
            "COORDINATION_BASE_URL": base_url,
            "COORDINATION_SCHEDULER": "off",
        }
        os.environ.update(env)
        subprocess.run(
            [sys.executable, "-m", "coordination.cli", "migrate"], env=env, check=True, capture_output=True, timeout=120
        )
        renders: dict[int, tuple[float, float, int]] = {}
        with _database(env["COORDINATION_DATABASE_URL"]) as runner:
            runner.run(_add_body())
            runner.run(_fill(0, 100))
            renders[100] = runner.run(_render_from_scratch(base_url, runs=5))
            filling = time.monotonic()
            runner.run(_fill(100, 1_000))
            per_event = (time.monotonic() - filling) / 900
            renders[1_000] = runner.run(_render_from_scratch(base_url, runs=3))
        print(f"coordination feeds benchmark ({date.today().isoformat()}, {os.cpu_count()} cores)")
        print(f"database: temporary SQLite, filled through the services ({per_event * 1000:.1f} ms per event)")
        print()
        with _server(env, _free_port(), work / "reference.log", REFERENCE) as url:
            plain_health = _rate(f"{url}/health", {}, 200)
        with _server(env, port, work / "server.log") as url:
            _measure_http(url, plain_health)
        with _database(env["COORDINATION_DATABASE_URL"]) as runner:
            runner.run(_fill(1_000, 10_000))
            renders[10_000] = runner.run(_render_from_scratch(base_url, runs=1))
        print()
        print("render of the network feed from scratch (load_feed_data + render_feed, no cache):")
        for count, (load, render, size) in renders.items():
            total = load + render
            print(
                f"  {count:>6,} events: {total * 1000:>7,.0f} ms"
                f"  (load {load * 1000:,.0f} ms, render {render * 1000:,.0f} ms; {size:,} bytes)"
            )
        totals = {count: load + render for count, (load, render, _) in renders.items()}
        print(
            f"  growth: 1,000/100 = {totals[1_000] / totals[100]:.1f}×, "
            f"10,000/1,000 = {totals[10_000] / totals[1_000]:.1f}× (10× more events each step)"
        )
    print()
    print(f"bench finished in {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
