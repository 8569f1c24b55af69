"""The timezones an event form offers, and the one it starts with.

The list is the IANA zones people pick from (``zoneinfo``'s
``available_timezones()`` less the legacy aliases such as ``US/Pacific`` and
the machine's own ``localtime``), shown in a ``<datalist>`` so a browser
filters it as one types ("Paris" finds ``Europe/Paris``). A new event starts
in the zone of its body's latest timed event, else the network's latest,
else UTC (``events.services.latest_timezone``).
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

DEFAULT_ZONE = "UTC"
# The areas of the tz database's canonical names; the rest are aliases kept for old systems.
_AREAS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")


@lru_cache(maxsize=1)
def zone_names() -> list[str]:
    """Canonical IANA zone names, sorted, with UTC first."""
    return [DEFAULT_ZONE, *sorted(name for name in available_timezones() if name.startswith(_AREAS))]
