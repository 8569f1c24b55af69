"""A built calendar → the bytes served or written, with their content type and file name."""

from __future__ import annotations

from dataclasses import dataclass

from icalendar import Calendar

CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class ExportedCalendar:
    body: bytes
    content_type: str
    filename: str


def export(calendar: Calendar, *, filename: str) -> ExportedCalendar:
    """Serialise ``calendar``: UTF-8, CRLF line ends, lines folded at 75 octets (icalendar does the folding)."""
    return ExportedCalendar(body=calendar.to_ical(), content_type=CONTENT_TYPE, filename=filename)
