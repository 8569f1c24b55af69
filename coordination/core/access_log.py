"""How much the server's access log writes: ``COORDINATION_ACCESS_LOG=all|no-feeds|off``.

Calendar apps poll the feeds all day long, and a log line cost 13–14 % of a
cached feed or a 304 answer. ``no-feeds`` keeps a line for every page and API
call but none for ``/calendars/`` (their number shows in the feed cache's
counters instead); ``off`` writes none (a proxy in front usually logs anyway).
Given to uvicorn as its logging configuration, so every worker process it
starts applies it.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

MODES = ("all", "no-feeds", "off")
FEEDS_PREFIX = "/calendars/"


class SkipFeeds(logging.Filter):
    """Drops uvicorn's access-log records of the calendar feeds (its arguments: client, method, path, …)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        return not (isinstance(args, tuple) and len(args) > 2 and str(args[2]).startswith(FEEDS_PREFIX))


def uvicorn_options(mode: str) -> dict[str, Any]:
    """The ``access_log`` and ``log_config`` arguments of ``uvicorn.run`` for ``mode``."""
    from uvicorn.config import LOGGING_CONFIG

    if mode not in MODES:
        raise ValueError(f"COORDINATION_ACCESS_LOG must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "off":
        return {"access_log": False}
    if mode == "all":
        return {"access_log": True}
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["skip_feeds"] = {"()": "coordination.core.access_log.SkipFeeds"}
    config["handlers"]["access"]["filters"] = ["skip_feeds"]
    return {"access_log": True, "log_config": config}
