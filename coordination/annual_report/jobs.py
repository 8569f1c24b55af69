"""The annual report's scheduled job: draft a year's report once its last reporting period has closed."""

from __future__ import annotations

from datetime import date

from coordination.annual_report import services


async def draft_closed_years(*, today: date) -> None:
    """Daily. Does nothing until progress reporting gives the years' periods (see ``sources.py``)."""
    await services.draft_after_last_period_closed(today=today)
