from __future__ import annotations

from enum import StrEnum

from coordination.core.i18n import N_


class ActivityStatus(StrEnum):
    planned = "planned"
    ongoing = "ongoing"
    completed = "completed"
    postponed = "postponed"
    cancelled = "cancelled"


ACTIVITY_STATUS_LABELS = {
    ActivityStatus.planned: N_("Planned"),
    ActivityStatus.ongoing: N_("Ongoing"),
    ActivityStatus.completed: N_("Completed"),
    ActivityStatus.postponed: N_("Postponed"),
    ActivityStatus.cancelled: N_("Cancelled"),
}


class DatePrecision(StrEnum):
    """How precisely a planned date is known: the seed plans "end 2019" and "2020"."""

    day = "day"
    month = "month"
    quarter = "quarter"
    year = "year"
    end_of_year = "end_of_year"
