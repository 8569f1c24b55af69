"""The scheduled upkeep of the published feed files (registered in ``coordination.jobs``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from coordination.core import changes
from coordination.core.schemas import utc_now
from coordination.core.settings import Settings
from coordination.feeds import services
from coordination.feeds.schemas import FeedFiles


class FeedFilesJob:
    """Keeps ``settings.calendars_dir`` current, run every minute.

    The files are rewritten when a change counter moved since the last run,
    or when time alone changed a feed (a retention period ended, a new day
    began); otherwise a run costs one small query. Expired tombstones are
    pruned on every run. It runs in the one process holding the jobs' lease
    (``coordination.scheduling``); after a take-over the new holder starts
    with no memory of the last run and rewrites the files once. The writes
    are atomic renames, so running it twice would only be duplicated work.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._generation: tuple[tuple[str, int], ...] | None = None
        self._valid_until: datetime | None = None

    async def run(self, *, now: datetime | None = None) -> FeedFiles | None:
        """The files written, or None when nothing could have changed since the last run."""
        now = now or utc_now()
        retention = timedelta(days=self.settings.feeds_retention_days)
        await services.prune_deleted_events(retention=retention, now=now)
        generation = changes.generation(await changes.read_counters(changes.FEED_COUNTERS))
        if generation == self._generation and self._valid_until is not None and now < self._valid_until:
            return None
        result = await services.write_feed_files(
            output=self.settings.calendars_dir, base_url=self.settings.base_url, retention=retention, now=now
        )
        self._generation, self._valid_until = generation, result.valid_until
        return result
