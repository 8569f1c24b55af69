"""The jobs page: for the secretariat, what each scheduled job did last, when it runs next, what went wrong."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import get_day_names
from babel.numbers import format_decimal
from litestar import Request, get
from litestar.response import Template

from coordination.accounts.guards import secretariat_only
from coordination.core import i18n
from coordination.core.pages import page, page_language
from coordination.core.schemas import utc_now
from coordination.scheduling import services
from coordination.scheduling.enums import RUN_CAUSE_LABELS, RUN_OUTCOME_LABELS
from coordination.scheduling.runs import MAX_ATTEMPTS


@get("/jobs", include_in_schema=False, guards=[secretariat_only])
async def job_list(request: Request[Any, Any, Any]) -> Template:
    language = page_language(request)
    now = utc_now()
    locale = i18n.locale(language)

    def when(value: datetime | None) -> str:
        # Times in UTC, as the page says: the jobs' schedules are in UTC unless they name a zone.
        return "" if value is None else i18n.format_datetime(value, language, "medium")

    def seconds(value: float | None) -> str:
        return "" if value is None else format_decimal(value, format="#,##0.##", locale=locale)

    def weekday_name(weekday: int) -> str:
        return str(get_day_names("wide", locale=locale)[weekday])

    return await page(
        request,
        "scheduling/jobs.html",
        lease=await services.runner_lease(now=now),
        statuses=await services.job_statuses(request.app.state.jobs, now=now),
        outcome_labels=RUN_OUTCOME_LABELS,
        cause_labels=RUN_CAUSE_LABELS,
        max_attempts=MAX_ATTEMPTS,
        when=when,
        seconds=seconds,
        weekday_name=weekday_name,
    )
