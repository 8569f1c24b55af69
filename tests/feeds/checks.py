"""What every feed must pass: three independent parsers, and the byte rules no parser checks."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar
import vobject

NODE = "/usr/bin/node"
SCRIPT = Path(__file__).with_name("icaljs_parse.cjs")
_PROPERTY_START = re.compile(rb"^[A-Z][A-Z0-9-]*[;:]")
_TZID = re.compile(rb";TZID=([^;:]+)[;:]")


def check_bytes(body: bytes) -> None:
    """RFC 5545 content lines: CRLF ends, 75 octets at most, folds start with a space, UTF-8 whole per line."""
    assert body.endswith(b"\r\n"), "the last line must end with CRLF"
    lines = body[:-2].split(b"\r\n")
    for number, line in enumerate(lines, start=1):
        where = f"line {number}: {line[:80]!r}"
        assert b"\r" not in line, f"bare CR on {where}"
        assert b"\n" not in line, f"bare LF on {where}"
        assert len(line) <= 75, f"{len(line)} octets on {where}"
        assert line, f"empty line at {number}"
        line.decode("utf-8")  # raises if a character was split by a fold
        if line.startswith(b" "):
            assert number > 1, "the first line cannot be a continuation"
        else:
            assert _PROPERTY_START.match(line), f"neither a property nor a continuation: {where}"
        assert not line.startswith(b"\t"), f"fold with a tab on {where}"


def unfolded(body: bytes) -> list[bytes]:
    return body.replace(b"\r\n ", b"").split(b"\r\n")[:-1]


def check_timezones(body: bytes) -> None:
    """A VTIMEZONE for every TZID used, whose observances start within the feed's own years."""
    lines = unfolded(body)
    used = {match.decode() for line in lines for match in _TZID.findall(line)}
    calendar = icalendar.Calendar.from_ical(body)
    defined = {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}
    assert used <= defined.keys(), f"TZIDs without a VTIMEZONE: {used - defined.keys()}"
    years = [event.decoded(name).year for event in calendar.walk("VEVENT") for name in ("DTSTART", "DTEND")]
    for tzid, timezone in defined.items():
        assert tzid in used, f"VTIMEZONE {tzid} is used by no event"
        for observance in timezone.subcomponents:
            assert "RRULE" not in observance, f"{tzid}: an open-ended RRULE instead of dated transitions"
            start = observance.decoded("DTSTART")
            assert min(years) <= start.year <= max(years), f"{tzid}: a transition in {start.year}, outside {years}"


def parse_icalendar(body: bytes) -> list[dict[str, Any]]:
    calendar = icalendar.Calendar.from_ical(body)
    return [
        {
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "status": str(event["STATUS"]),
            "sequence": int(event["SEQUENCE"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
        }
        for event in calendar.walk("VEVENT")
    ]


def parse_vobject(body: bytes) -> list[dict[str, Any]]:
    calendars = list(vobject.readComponents(body.decode("utf-8"), validate=True))
    assert len(calendars) == 1
    return [
        {
            "uid": event.uid.value,
            "summary": event.summary.value,
            "start": event.dtstart.value,
            "end": event.dtend.value,
            "sequence": int(event.sequence.value),
            "status": event.status.value,
        }
        for event in getattr(calendars[0], "vevent_list", [])
    ]


def parse_icaljs(files: list[Path], icaljs: Path) -> list[dict[str, Any]]:
    """Every file through ical.js in one node process."""
    if not files:
        return []
    result = subprocess.run(
        [NODE, str(SCRIPT), *map(str, files)],
        env={**os.environ, "ICALJS": str(icaljs)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    errors = [item for item in parsed if "error" in item]
    assert not errors, errors
    return parsed


def check_feeds(files: list[Path], icaljs: Path) -> dict[str, dict[str, Any]]:
    """All checks on every file; what ical.js understood, by file path."""
    for file in files:
        body = file.read_bytes()
        check_bytes(body)
        check_timezones(body)
        from_icalendar = parse_icalendar(body)
        from_vobject = parse_vobject(body)
        # The three parsers must agree on which events there are and when they start.
        assert [e["uid"] for e in from_vobject] == [e["uid"] for e in from_icalendar], file
        assert [e["summary"] for e in from_vobject] == [e["summary"] for e in from_icalendar], file
        assert [_instant(e["start"]) for e in from_vobject] == [_instant(e["start"]) for e in from_icalendar], file
    by_file = {item["file"]: item for item in parse_icaljs(files, icaljs)}
    assert len(by_file) == len(files)
    for file in files:
        from_icalendar = parse_icalendar(file.read_bytes())
        from_icaljs = by_file[str(file)]["events"]
        assert [e["uid"] for e in from_icaljs] == [e["uid"] for e in from_icalendar], file
        assert [e["summary"] for e in from_icaljs] == [e["summary"] for e in from_icalendar], file
        assert [e["start"]["utc"] or e["start"]["local"] for e in from_icaljs] == [
            _instant(e["start"]) for e in from_icalendar
        ], file
    return by_file


def _instant(value: date | datetime) -> str:
    """As ical.js reports it: the UTC instant of a time, the date of a date."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return value.isoformat()
