"""``make bench``: pages, API and feeds against a bare Litestar app, on a small and a big network (issue 9).

Informational: always exits 0; each line prints its figure, the goal and PASS or MISS.

1. Two temporary SQLite databases (or PostgreSQL ones: when ``COORDINATION_DATABASE_URL``
   or ``BENCH_POSTGRES_URL`` is a postgresql:// address, e.g.
   postgresql://postgres@127.0.0.1:5432/postgres, the bench makes two databases on that
   server and drops them after), migrated and filled through the services: a small
   network (20 members, 5 bodies, 1,000 events: the feed the issue's feed goals
   were set with) and a big one (by default 1,000
   members, 200 bodies, one of them with 500 members, 400 activities and
   50,000 events over four years: the issue's full size; ``BENCH_EVENTS`` for
   another). Filling 50,000 events through the services takes four to six
   minutes: on SQLite the filled file is kept under ``.cache/bench/`` (named
   by the filling code, the sizes, the migrations and the month) and copied
   by the next runs; ``BENCH_REFILL=1`` fills it again. On PostgreSQL the filled
   databases are analyzed (``ANALYZE``), as autovacuum would soon after a bulk
   load: a server running without autovacuum would otherwise plan on no statistics.
2. For each, ``coordination serve`` (uvicorn, one worker, scheduler off,
   ``COORDINATION_ACCESS_LOG`` as set, default ``no-feeds``; on PostgreSQL a pool
   of ``BENCH_POOL_SIZE`` connections, default 4: twice the requests the one
   worker has in flight) and, in the same run, the yardstick: a bare Litestar app
   answering a constant JSON (``bench/reference.py``) with the same server.
   Measures start once the worker has rendered the network feed it renders as it
   starts (``COORDINATION_FEEDS_WARM``).
   ``wrk`` (2 threads, 2 connections, ``BENCH_SECONDS`` each, default 2) measures
   each URL; the ratio to the yardstick is compared with the goals: pages ≥ 0.08,
   API lists ≥ 0.15, cached gzip feed ≥ 0.6, 304 ≥ 0.8; and on the big network
   each page within 1.3× of its time on the small one (each time taken against
   the yardstick measured beside it, as the machine's speed may drift between). Pages and API lists are
   measured twice: rendered for every request (``COORDINATION_PAGE_CACHE_SECONDS=0``,
   what a signed-in person gets) and as a signed-out visitor gets them (kept by the
   worker, core/response_cache.py); the goals are judged on the visitor's figure.
3. The feed after an edit (big network): while a subscriber polls the network
   feed, one event is renamed through the service; printed: how long until the
   feed shows it (goal ≤ 1 s) and the slowest poll meanwhile (a poll that
   waited for the render would take as long as the render).
4. A cold render of the network feed against building the same events with
   ``icalendar`` directly (goal: no slower).
5. The server's memory (RSS) after 20 edits, each followed by a re-render of
   the network feed (goal < 250 MB, no growth from the 10th to the 20th;
   ``BENCH_MEMORY=0`` to skip it).

Everything stays on 127.0.0.1 and in a temporary folder (but the kept SQLite files). About 4 minutes with the
defaults on 2 cores once the big network is kept (longer when other work shares them); the first run fills it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from feeds import REFERENCE, SERVICE, _database, _free_port

SECONDS = int(os.environ.get("BENCH_SECONDS") or 2)
EVENTS = int(os.environ.get("BENCH_EVENTS") or 50_000)
MEMBERS = int(os.environ.get("BENCH_MEMBERS") or 1_000)
BODIES = int(os.environ.get("BENCH_BODIES") or 200)
BIG_BODY_MEMBERS = int(os.environ.get("BENCH_BIG_BODY_MEMBERS") or 500)
MEMORY = os.environ.get("BENCH_MEMORY", "1") != "0"
# Filled SQLite databases are kept here between runs (BENCH_REFILL=1 fills them again); see filled_database().
FILLED = Path(__file__).resolve().parents[1] / ".cache" / "bench"
REFILL = os.environ.get("BENCH_REFILL") == "1"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "") or (
    os.environ.get("COORDINATION_DATABASE_URL", "")
    if os.environ.get("COORDINATION_DATABASE_URL", "").startswith(("postgresql:", "postgres:"))
    else ""
)
POOL_SIZE = os.environ.get("BENCH_POOL_SIZE") or "4"
PAGE_GOAL, API_GOAL, GZIP_GOAL, NOT_MODIFIED_GOAL, GROWTH_GOAL = 0.08, 0.15, 0.6, 0.8, 1.3
TIMEZONES = ["Europe/Paris", "America/New_York", "Africa/Johannesburg", "Asia/Tokyo", "America/Sao_Paulo"]
BIG_BODY = "body-0"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# --------------------------------------------------------------------------- data


async def _fill(*, members: int, bodies: int, events: int, big_body_members: int) -> None:
    """A network built through the services, in batches of one transaction each."""
    import msgspec

    from coordination.activities import services as activities
    from coordination.activities.schemas import ActivityCreate
    from coordination.bodies import memberships
    from coordination.bodies import services as body_services
    from coordination.bodies.schemas import BodyCreate, MembershipCreate
    from coordination.core.database import transaction
    from coordination.events import services as event_services
    from coordination.events.schemas import EventCreate
    from coordination.members import services as member_services
    from coordination.members.schemas import MemberCreate
    from coordination.network import services as network
    from coordination.network.schemas import PriorityCreate

    async with transaction():
        for code, title in (("A", "Implementation"), ("B", "Advocacy")):
            await network.create_priority(data=PriorityCreate(code=code, title_en=title))
        for number in range(bodies):
            kind = "commission" if number % 3 == 0 else "working_group"
            await body_services.create_body(
                data=msgspec.convert({"slug": f"body-{number}", "name": f"Body {number}", "kind": kind}, BodyCreate)
            )
        for number in range(members):
            await member_services.create_member(
                data=msgspec.convert(
                    {"slug": f"city-{number}", "name": f"City {number:04d}", "kind": "city", "country": "FR"},
                    MemberCreate,
                )
            )
    async with transaction():
        for number in range(min(big_body_members, members)):
            await memberships.create_membership(
                data=MembershipCreate(body=BIG_BODY, member=f"city-{number}", start_date=date(2020, 1, 1))
            )
        for number in range(1, bodies):  # five members for every other body
            for offset in range(5):
                member = f"city-{(number * 5 + offset) % members}"
                await memberships.create_membership(
                    data=MembershipCreate(body=f"body-{number}", member=member, start_date=date(2021, 1, 1))
                )
        activity_ids = []
        for number in range(bodies * 2):
            made = await activities.create_activity(
                data=ActivityCreate(
                    body=f"body-{number % bodies}",
                    priority="A" if number % 2 else "B",
                    title=f"Activity {number}",
                    participants=[f"city-{(number + k) % members}" for k in range(3)],
                )
            )
            activity_ids.append(made.id)
    # Events over four years around today, a few a day across the network; the big body has its share and more.
    first_day = datetime.combine(date.today() - timedelta(days=730), datetime.min.time()) + timedelta(hours=9)
    for batch in range(0, events, 500):
        async with transaction():
            for number in range(batch, min(batch + 500, events)):
                begins = first_day + timedelta(days=number * 1461 // max(events, 1), hours=number % 7)
                body = BIG_BODY if number % 10 == 0 else f"body-{number % bodies}"
                payload = {
                    "title": f"Event {number}: cities, data; and the commons",
                    "body": body,
                    "kind": "webinar" if number % 2 else "forum",
                    "timing": "timed",
                    "start": begins.isoformat(timespec="minutes"),
                    "end": (begins + timedelta(minutes=90)).isoformat(timespec="minutes"),
                    "timezone": TIMEZONES[number % len(TIMEZONES)],
                    "description": "A benchmark event.\nSecond line, with a comma; and a semicolon.",
                    "location": "Lyon",
                }
                if number % 4 == 0 and body != BIG_BODY:
                    # Activities number n belongs to body n % bodies: one of this event's body.
                    payload["activity"] = activity_ids[number % bodies + bodies * ((number // 4) % 2)]
                await event_services.create_event(data=msgspec.convert(payload, EventCreate, strict=False))


async def _first_ids() -> tuple[int, int]:
    from coordination.activities.tables import Activity
    from coordination.events.tables import Event

    activity = await Activity.select(Activity.id).order_by(Activity.id).first()
    event = await Event.select(Event.id).order_by(Event.id).first()
    assert activity is not None
    assert event is not None
    return int(activity["id"]), int(event["id"])


# --------------------------------------------------------------------------- measuring


def wrk(url: str, headers: dict[str, str] | None = None) -> float:
    command = ["wrk", "-t2", "-c2", f"-d{SECONDS}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, timeout=SECONDS + 60).stdout
    match = re.search(r"Requests/sec:\s*([\d.]+)", output)
    if match is None or "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"wrk on {url}:\n{output}")
    return float(match.group(1))


def urls(base: str, activity: int, event: int) -> dict[str, tuple[str, float]]:
    return {
        "/ (home)": (f"{base}/", PAGE_GOAL),
        "/events": (f"{base}/events", PAGE_GOAL),
        f"/bodies/{BIG_BODY}": (f"{base}/bodies/{BIG_BODY}", PAGE_GOAL),
        "/members/city-1": (f"{base}/members/city-1", PAGE_GOAL),
        "/activities/<id>": (f"{base}/activities/{activity}", PAGE_GOAL),
        "/events/<id>": (f"{base}/events/{event}", PAGE_GOAL),
        "/api/v1/events?limit=50": (f"{base}/api/v1/events?limit=50", API_GOAL),
        "/api/v1/members?limit=50": (f"{base}/api/v1/members?limit=50", API_GOAL),
    }


def measure_pages(url: str, activity: int, event: int) -> dict[str, float]:
    rates: dict[str, float] = {}
    for name, (address, _goal) in urls(url, activity, event).items():
        assert httpx.get(address, timeout=60).status_code == 200, address
        rates[name] = wrk(address)
    return rates


def print_pages(
    rendered: dict[str, float], visitor: dict[str, float], activity: int, event: int, yardstick: float
) -> None:
    print(f"  {'':<28} {'rendered each time':>26}   {'as a visitor gets it':>26}")
    for name, (_address, goal) in urls("", activity, event).items():
        ratio = visitor[name] / yardstick
        print(
            f"  {name:<28} {rendered[name]:>8,.0f} req/s {rendered[name] / yardstick:6.3f} × bare   "
            f"{visitor[name]:>8,.0f} req/s {ratio:6.3f} × bare  goal ≥ {goal:.2f}  {verdict(ratio >= goal)}"
        )


# The feed size the goals for the cached gzip feed and the 304 were set with (its table's row).
FEED_GOAL_EVENTS = 1_000


def measure_feeds(url: str, yardstick: float) -> dict[str, float]:
    rates: dict[str, float] = {}
    feed = f"{url}/calendars/network.ics"
    gzipped = httpx.get(feed, headers={"Accept-Encoding": "gzip"}, timeout=300)
    assert gzipped.status_code == 200, gzipped
    events = gzipped.content.count(b"BEGIN:VEVENT")
    for name, headers, goal in (
        ("feed, gzip (cached)", {"Accept-Encoding": "gzip"}, GZIP_GOAL),
        ("feed, 304", {"Accept-Encoding": "gzip", "If-None-Match": gzipped.headers["etag"]}, NOT_MODIFIED_GOAL),
    ):
        rate = wrk(feed, headers)
        rates[name] = rate
        ratio = rate / yardstick
        # The issue sets the feed goals for a 1,000-event feed; a bigger one's rate is printed for information.
        judged = f"goal ≥ {goal:.2f}  {verdict(ratio >= goal)}" if events <= FEED_GOAL_EVENTS else "(information)"
        print(f"  {name:<28} {rate:>8,.0f} req/s  {ratio:6.3f} × bare  {judged}")
    size = int(gzipped.headers["content-length"])
    print(
        f"  (network feed: {events:,} events, {len(gzipped.content):,} bytes, "
        f"{size:,} gzipped; the issue sets the feed goals for 1,000 events: a larger answer is bounded by "
        f"moving its bytes)"
    )
    return rates


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def server_pid(port: int) -> int:
    """The uvicorn worker answering on ``port`` (one worker: the process itself)."""
    output = subprocess.run(["ss", "-ltnp", f"sport = :{port}"], capture_output=True, text=True).stdout
    match = re.search(r"pid=(\d+)", output)
    assert match, output
    return int(match.group(1))


def edit_event(database_url: str, event_id: int, title: str) -> None:
    """Rename one event through the service, in its own process (as an editor's request would)."""
    code = (
        "import asyncio, msgspec\n"
        "from coordination.cli import run_with_database\n"
        "from coordination.core.settings import Settings\n"
        "from coordination.events import services\n"
        "from coordination.events.schemas import EventUpdate\n"
        "async def edit():\n"
        f"    event = await services.get_event(event_id={event_id})\n"
        f"    data = msgspec.convert({{'revision': event.revision, 'title': {title!r}}}, EventUpdate)\n"
        f"    await services.update_event(event_id={event_id}, data=data)\n"
        "run_with_database(Settings.from_env(), edit)\n"
    )
    env = {**os.environ, "COORDINATION_DATABASE_URL": database_url}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)


def feed_after_edit(url: str, database_url: str, event_id: int, title: str) -> tuple[float, float]:
    """Seconds until the feed shows the edit, and the slowest poll meanwhile (polls run throughout)."""
    feed = f"{url}/calendars/network.ics"
    httpx.get(feed, timeout=300)
    slowest = [0.0]
    stop = threading.Event()

    def poll() -> None:
        with httpx.Client(timeout=300) as client:
            while not stop.is_set():
                began = time.perf_counter()
                client.get(feed, headers={"Accept-Encoding": "gzip"})
                slowest[0] = max(slowest[0], time.perf_counter() - began)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        edit_event(database_url, event_id, title)
        edited = time.perf_counter()
        marker = f"SUMMARY:{title}".encode()
        with httpx.Client(timeout=300) as client:
            while marker not in client.get(feed).content:
                if time.perf_counter() - edited > 120:
                    break
                time.sleep(0.02)
        visible = time.perf_counter() - edited
        time.sleep(0.5)
    finally:
        stop.set()
        poller.join()
    return visible, slowest[0]


async def cold_render_against_icalendar(base_url: str) -> tuple[float, float, int]:
    """Seconds for a cold render of the network feed (no kept bytes), and for the same events built with icalendar."""
    from icalendar import Calendar, Event

    from coordination.core.schemas import utc_now
    from coordination.events import services as events
    from coordination.feeds import builder, selection
    from coordination.feeds import services as feeds

    data = await feeds.load_feed_data(base_url=base_url)
    chosen = selection.select(
        data, feeds.network_scope(), base_url=base_url, retention=timedelta(days=30), now=utc_now()
    )
    # The network feed's events as the events service gives them; both sides start from these.
    ids = [row.id for row in chosen.events]
    listed = []
    for start in range(0, len(ids), 2_000):  # a query's parameters are bounded (SQLite: 32,766)
        listed += (await events.list_events(ids=ids[start : start + 2_000], limit=None)).items
    items = [builder.FeedEvent(event) for event in listed]
    began = time.perf_counter()
    ours = builder.serialise_calendar(chosen.info, items, chosen.deleted, base_url=base_url)
    render = time.perf_counter() - began
    began = time.perf_counter()
    calendar = Calendar()
    calendar.add("PRODID", "-//bench//EN")
    calendar.add("VERSION", "2.0")
    from zoneinfo import ZoneInfo

    for item in items:
        event = item.event
        vevent = Event()
        vevent.add("UID", event.uid)
        vevent.add("DTSTAMP", event.updated_at)
        vevent.add("SUMMARY", event.title)
        assert event.start is not None
        assert event.end is not None
        vevent.add("DTSTART", event.start.replace(tzinfo=ZoneInfo(event.timezone or "UTC")))
        vevent.add("DTEND", event.end.replace(tzinfo=ZoneInfo(event.timezone or "UTC")))
        vevent.add("DESCRIPTION", event.description)
        vevent.add("LOCATION", event.location)
        vevent.add("URL", f"{base_url}/events/{event.id}")
        calendar.add_component(vevent)
    calendar.to_ical()
    direct = time.perf_counter() - began
    return render, direct, len(ours)


def memory_after_edits(url: str, database_url: str, event_id: int, port: int) -> list[float]:
    pid = server_pid(port)
    feed = f"{url}/calendars/network.ics"
    samples = []
    for number in range(20):
        edit_event(database_url, event_id, f"Memory edit {number}")
        marker = f"SUMMARY:Memory edit {number}".encode()
        deadline = time.monotonic() + 300
        while marker not in httpx.get(feed, timeout=300).content and time.monotonic() < deadline:
            time.sleep(0.05)
        samples.append(rss_mb(pid))
    return samples


# --------------------------------------------------------------------------- main


@contextlib.contextmanager
def _server(env: dict[str, str], port: int, log: Path, command: list[str]) -> Iterator[str]:
    """A server on 127.0.0.1:``port``, ready (its /health answers 200) within two minutes, stopped afterwards."""
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, *command, str(port)], env=env, stdout=output, stderr=output)
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer /health within 120 s:\n{log.read_text()}")
                time.sleep(0.2)
            if command == SERVICE:
                # The worker renders the network feed as it starts (COORDINATION_FEEDS_WARM): measuring pages while
                # it does would measure the two together. This request waits for that render to be done.
                httpx.get(f"{url}/calendars/network.ics", timeout=300).raise_for_status()
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def database_url(work: Path, name: str) -> Iterator[str]:
    if not POSTGRES:
        yield f"sqlite:///{work / (name + '.sqlite3')}"
        return
    import asyncpg

    database = f"bench_{name}_{os.getpid()}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{database}"'))
    try:
        yield urlparse(POSTGRES)._replace(path=f"/{database}").geturl()
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


async def _analyze() -> None:
    from coordination.core.database import current_engine

    await current_engine().run_ddl("ANALYZE")


def filled_database(url: str, env: dict[str, str], shape: dict[str, int]) -> str:
    """Migrate ``url`` and fill it through the services; on SQLite, from a copy kept by an earlier run if any.

    Filling 50,000 events through the services takes four to six minutes; the copy is kept under ``.cache/bench/``,
    named by what makes it (the filling code, the sizes, the migrations), so a change to any of them fills anew.
    Says how the data came.
    """
    sqlite_file = None if POSTGRES else Path(urlparse(url).path.removeprefix("/"))
    recipe = hashlib.sha256(inspect.getsource(_fill).encode())
    recipe.update(repr(sorted(shape.items())).encode())
    recipe.update(date.today().strftime("%Y-%m").encode())  # the events lie around today
    for migration in sorted((Path(__file__).resolve().parents[1] / "coordination" / "migrations").glob("*.py")):
        recipe.update(migration.name.encode())
    kept = FILLED / f"network-{recipe.hexdigest()[:16]}.sqlite3"
    if sqlite_file is not None and kept.exists() and not REFILL:
        shutil.copyfile(kept, sqlite_file)
        return f"filled through the services by an earlier run, kept in {kept.relative_to(Path.cwd())}"
    subprocess.run([sys.executable, "-m", "coordination.cli", "migrate"], env=env, check=True, capture_output=True)
    filling = time.monotonic()
    with _database(url) as runner:
        runner.run(_fill(**shape))
    took = time.monotonic() - filling
    if sqlite_file is None:
        # What autovacuum does on its own a little after a bulk load (this machine's PostgreSQL runs without it):
        # without statistics, PostgreSQL guesses a few rows match "from today on" and sorts 25,000 of them.
        with _database(url) as runner:
            runner.run(_analyze())
    if sqlite_file is not None:  # the engine is closed: the file is whole (its write-ahead log folded back)
        FILLED.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sqlite_file, kept)
    return f"filled through the services in {took:.0f} s"


def main() -> int:
    began = time.monotonic()
    project = Path(__file__).resolve().parents[1]
    os.chdir(project)
    sizes = {
        # 1,000 events: the feed the goals for the cached gzip feed and the 304 were set with.
        "small": {"members": 20, "bodies": 5, "events": 1_000, "big_body_members": 10},
        "big": {"members": MEMBERS, "bodies": BODIES, "events": EVENTS, "big_body_members": BIG_BODY_MEMBERS},
    }
    print(f"coordination speed bench ({date.today().isoformat()}, {os.cpu_count()} cores, {SECONDS} s per figure)")
    results: dict[str, dict[str, float]] = {}  # as a signed-out visitor gets them
    rendered: dict[str, dict[str, float]] = {}  # rendered for every request (the page cache off)
    yardsticks: dict[str, float] = {}  # the bare app's rate, measured beside each network
    with tempfile.TemporaryDirectory(prefix="coordination-bench-") as folder:
        work = Path(folder)
        for size, shape in sizes.items():
            with database_url(work, size) as url:
                port = _free_port()
                base = f"http://127.0.0.1:{port}"
                env = {
                    **os.environ,
                    "COORDINATION_DATABASE_URL": url,
                    "COORDINATION_DATA_DIR": str(work),
                    "COORDINATION_CALENDARS_DIR": str(work / "calendars"),
                    "COORDINATION_EXPORTS_DIR": str(work / "exports"),
                    "COORDINATION_BASE_URL": base,
                    "COORDINATION_SCHEDULER": "off",
                    "COORDINATION_ACCESS_LOG": os.environ.get("COORDINATION_ACCESS_LOG") or "no-feeds",
                    "COORDINATION_DATABASE_POOL_SIZE": POOL_SIZE,
                }
                os.environ.update(env)
                filled = filled_database(url, env, shape)
                with _database(url) as runner:
                    activity, event = runner.run(_first_ids())
                print()
                print(
                    f"{size} network: {shape['members']:,} members, {shape['bodies']:,} bodies "
                    f"(one with {shape['big_body_members']:,} members), {shape['events']:,} events "
                    f"on {f'PostgreSQL (pool of {POOL_SIZE})' if POSTGRES else 'SQLite'} ({filled})"
                )
                with _server(env, _free_port(), work / "reference.log", REFERENCE) as bare:
                    yardstick = wrk(f"{bare}/health")
                print(f"  bare Litestar app (constant JSON), same server: {yardstick:,.0f} req/s")
                yardsticks[size] = yardstick
                uncached = {**env, "COORDINATION_PAGE_CACHE_SECONDS": "0"}
                with _server(uncached, _free_port(), work / f"{size}-rendered.log", SERVICE) as service:
                    rendered[size] = measure_pages(service, activity, event)
                with _server(env, port, work / f"{size}.log", SERVICE) as service:
                    results[size] = measure_pages(service, activity, event)
                    print_pages(rendered[size], results[size], activity, event, yardstick)
                    results[size].update(measure_feeds(service, yardstick))
                    if size == "big":
                        visible, slowest = feed_after_edit(service, url, event, "Renamed during the bench")
                        print(f"  edit → in the feed: {visible:.2f} s  goal ≤ 1 s  {verdict(visible <= 1.0)}")
                        print(
                            f"  slowest poll during the re-render: {slowest:.2f} s "
                            f"(a poll waiting for the render would take the render's time)"
                        )
                        if MEMORY:
                            samples = memory_after_edits(service, url, event, port)
                            tenth, twentieth = samples[9], samples[-1]
                            print(
                                f"  server memory after 20 edits: {twentieth:.0f} MB (10th: {tenth:.0f} MB)  "
                                f"goal < 250 MB {verdict(twentieth < 250)}, no growth "
                                f"{verdict(twentieth <= tenth * 1.05)}"
                            )
                if size == "big":
                    with _database(url) as runner:
                        render, direct, length = runner.run(cold_render_against_icalendar(base))
                    print(
                        f"  cold render of the network feed: {render:.2f} s; the same events with icalendar directly: "
                        f"{direct:.2f} s ({length:,} bytes)  goal ≤ 1×  {verdict(render <= direct)}"
                    )
        print()
        # Each rate as a share of the bare app's measured beside it: this machine's speed can move by a third between
        # the two networks' runs, which a plain ratio of times would count as growth.
        print(
            f"big network against small (time per request, each against the bare app measured beside it; "
            f"goal ≤ {GROWTH_GOAL}× as a visitor gets it):"
        )
        drift = yardsticks["small"] / yardsticks["big"]
        for name in results["small"]:
            if name.startswith("/") and "api" not in name:
                growth = results["small"][name] / results["big"][name] / drift
                each_time = rendered["small"][name] / rendered["big"][name] / drift
                print(
                    f"  {name:<28} rendered each time {each_time:5.2f}×   as a visitor gets it {growth:5.2f}×  "
                    f"{verdict(growth <= GROWTH_GOAL)}"
                )
    print()
    print(f"bench finished in {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
