"""What the page layout needs from the domains, assembled once for ``core.pages`` (which imports no domain).

The app factory puts ``page_site()`` in the app's state; every page rendered
with ``core.pages.page()`` then has the network's settings, the labels of the
closed vocabularies and the display helpers bound to the page's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from babel import Locale
from babel.numbers import format_percent

from coordination.activities.enums import ACTIVITY_STATUS_LABELS, DatePrecision
from coordination.activities.periods import describe_period, describe_planned
from coordination.activities.schemas import PeriodOut
from coordination.bodies.enums import BODY_KIND_LABELS, BODY_STATUS_LABELS, LEADERSHIP_ROLE_LABELS
from coordination.core import i18n
from coordination.core.i18n import N_
from coordination.core.pages import PageSite, SiteContext
from coordination.events.enums import EVENT_KIND_LABELS, EVENT_STATUS_LABELS, VISIBILITY_LABELS
from coordination.members.enums import MEMBER_KIND_LABELS
from coordination.network import services as network
from coordination.reporting.enums import (
    ATTACHMENT_KIND_LABELS,
    PERIOD_KIND_LABELS,
    REPORT_ACTION_LABELS,
    SLOT_STATE_LABELS,
    TIMELINESS_LABELS,
)
from coordination.reporting.periods import (
    REASON_BODY_ACTIVE_AGAIN,
    REASON_BODY_ADDED,
    REASON_BODY_NOT_ACTIVE,
    REASON_PERIOD_DUE_DATE_MOVED,
)
from coordination.reporting.timing import describe_period as describe_reporting_period

# The English labels of every closed vocabulary, by value; templates translate them with ``_()``.
LABELS: dict[str, Mapping[Any, str]] = {
    "member_kind": MEMBER_KIND_LABELS,
    "body_kind": BODY_KIND_LABELS,
    "body_status": BODY_STATUS_LABELS,
    "role": LEADERSHIP_ROLE_LABELS,
    "activity_status": ACTIVITY_STATUS_LABELS,
    "event_kind": EVENT_KIND_LABELS,
    "event_status": EVENT_STATUS_LABELS,
    "visibility": VISIBILITY_LABELS,
    "slot_state": SLOT_STATE_LABELS,
    "timeliness": TIMELINESS_LABELS,
    "report_action": REPORT_ACTION_LABELS,
    "period_kind": PERIOD_KIND_LABELS,
    "attachment_kind": ATTACHMENT_KIND_LABELS,
}

# The reasons reporting gives itself for a change it made (stored as codes, said in the reader's language).
AUTOMATIC_REASONS = {
    REASON_BODY_NOT_ACTIVE: N_("The body is no longer active."),
    REASON_BODY_ACTIVE_AGAIN: N_("The body is active again."),
    REASON_BODY_ADDED: N_("The body was added after the period was set up."),
    REASON_PERIOD_DUE_DATE_MOVED: N_("The period's due date moved."),
}


def display_helpers(language: str) -> dict[str, Callable[..., str]]:
    """Formatting that needs the page language and more than a date: bound here, called from templates."""
    babel_locale = i18n.locale(language)
    territories = Locale.parse(babel_locale).territories

    def planned(period: PeriodOut | None) -> str:
        return describe_planned(period, language)

    def days(start: date, end: date) -> str:
        return describe_period(start, end, DatePrecision.day, language)

    def percent(value: int) -> str:
        return format_percent(value / 100, locale=babel_locale)

    def country_name(code: str) -> str:
        return str(territories.get(code.upper(), code))

    def reporting_period(period: Any) -> str:
        """A reporting period as people say it: "2020", "H1 2021" / "1ᵉʳ semestre 2021", or its own name."""
        return describe_reporting_period(
            kind=period.kind, name=period.name, start=period.start_date, end=period.end_date, language=language
        )

    def reason(text: str) -> str:
        """A reason as given, or one reporting gave itself, in the page's language."""
        return i18n.gettext(language, AUTOMATIC_REASONS[text]) if text in AUTOMATIC_REASONS else text

    return {
        "describe_planned": planned,
        "describe_days": days,
        "format_percent": percent,
        "country_name": country_name,
        "describe_reporting_period": reporting_period,
        "describe_reason": reason,
    }


async def load_site() -> SiteContext:
    settings = await network.get_network()
    return SiteContext(name=settings.name, context={"network": settings})


def page_site() -> PageSite:
    return PageSite(load=load_site, labels=LABELS, helpers=display_helpers)
