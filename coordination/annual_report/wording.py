"""The report's fixed text and formatting in one language, shared by the builder and every exporter.

Headings and phrases are Babel messages (``N_`` here, translated in the
catalogues); the HTML template, the Word and the Markdown exporters all take
them from ``Wording``, so a section has the same title in every format.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property

from babel.numbers import format_decimal, format_percent

from coordination.core import i18n
from coordination.core.i18n import N_


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural for extraction (Babel knows ``ngettext``); ``Wording.plural`` translates it."""
    return singular, plural


TITLE = N_("Annual report %(year)s")
CONTENTS = N_("Contents")
INTRODUCTION = N_("Introduction")
OVERVIEW = N_("Network overview")
MAIN_ACTIVITIES = N_("Main activities")
LEADERSHIP = N_("Leadership updates and other relevant information")
SUMMARY = N_("Summary of results")
ANNEX = N_("Annex: events of %(year)s")
DRAFT = N_("Draft")
EDITION = N_("Edition %(number)s, frozen on %(date)s")
DATA_AS_OF = N_("Data as of %(date)s")
IN_LANGUAGE = N_("in %(language)s")
NO_APPROVED_REPORT = N_("No approved report for this body yet.")
NO_ACTIVITY_UNDER_PRIORITY = N_("No activity under this priority in %(year)s.")
NO_ACTIVITY = N_("No activity recorded for %(year)s.")
NO_LEADERSHIP_CHANGE = N_("No change in leadership is foreseen for %(year)s.")
NO_LEADER = N_("No leadership role is recorded for this body.")
NO_EVENT = N_("No public event in %(year)s.")
NO_BODY = N_("No body to report on for %(year)s.")
REPORTING_NOT_AVAILABLE = N_("Reporting figures are not available for %(year)s.")
NARROWED = N_("This report covers one body: %(body)s. The overview is the whole network's.")
TOC_PLACEHOLDER = N_("The table of contents is filled in when the document is opened in a word processor.")

# The overview
OVERVIEW_SENTENCE = N_(
    "In %(year)s the network had %(bodies)s bodies reporting %(activities)s activities, "
    "with %(members)s members from %(countries)s countries taking part."
)
ACTIVITIES = N_("Activities")
ACTIVITIES_TABLE = N_("Activities by strategic priority and status")
STRATEGIC_PRIORITY = N_("Strategic priority")
TOTAL = N_("Total")
BODIES = N_("Bodies")
BODIES_TABLE = N_("Bodies by kind")
KIND = N_("Kind")
EVENTS = N_("Events")
EVENTS_TABLE = N_("Public events of %(year)s")
HELD = N_("Held")
IN_PERSON = N_("In person")
ONLINE = N_("Online")
HYBRID = N_("In person and online")
DATE_TBC = N_("Date to be confirmed")
CANCELLED = N_("Cancelled")
PLACES = N_("Where:")
REPORTING = N_("Progress reporting")
COMPLETENESS = N_("Completeness: %(received)s of %(expected)s reports received (%(percent)s).")
TIMELINESS = N_("Timeliness: %(on_time)s received on time (%(percent)s).")
REPORTING_TABLE = N_("Reporting by period")
PERIOD = N_("Period")
EXPECTED = N_("Expected")
RECEIVED = N_("Received")
ON_TIME = N_("On time")

# Digital maturity (optional: when a campaign ended in the year)
MATURITY = N_("Digital maturity")
MATURITY_SENTENCE = N_("%(count)s members assessed their digital maturity in “%(name)s” (%(period)s).")
MATURITY_WITHHELD = N_(
    "Fewer than three members took part: the figures are not shown, so that no member can be told apart."
)
MATURITY_TABLE = N_("Members at each level, per theme")
MATURITY_WEAKEST = N_("Where the network is weakest:")
MATURITY_SHARED = N_("Members that shared their answers")
THEME = N_("Theme")
LEVEL = N_("Level %(level)s")
MEDIAN = N_("Median")
CHART_MATURITY_TITLE = N_("Members at each level of maturity, per theme")
CHART_MATURITY_DESCRIPTION = N_(
    "For each theme of the campaign, how many members placed themselves at each level, from the lowest."
)
CHART_MATURITY_AXIS = N_("Members")

# A body's chapter
MEMBER_COUNT = ngettext("%(num)d member", "%(num)d members")
EVENT_COUNT = ngettext("%(num)d public event", "%(num)d public events")
MANDATE = N_("Mandate:")
PLANNED = N_("Planned")
STATUS = N_("Status")
PROGRESS = N_("Progress")
PARTNERS = N_("Partners")
DELIVERABLES = N_("Deliverables")
PARTICIPANTS = N_("Participating members")
DELIVERED_ON = N_("delivered on %(date)s")
NARRATIVE_SOURCE = N_("From the approved report for %(period)s")
LEADER = N_("%(role)s: %(member)s, since %(date)s")
REPRESENTED_BY = N_("represented by %(person)s")
STARTED = N_("%(date)s: %(member)s became %(role)s.")
ENDED = N_("%(date)s: the term of %(member)s as %(role)s ended.")
RENAMED = N_("On %(date)s the body took its current name and form: %(name)s (%(kind)s).")
OTHER_ROLES = N_("Other roles of its leadership in the network:")
OTHER_ROLE = N_("%(member)s: %(role)s of %(body)s")

# The annex
DATE = N_("Date")
EVENT = N_("Event")
BODY = N_("Body")
WHERE = N_("Where")
PLACE_AND_ONLINE = N_("%(place)s and online")


class Wording:
    """Fixed text, dates and numbers for a report in ``language``."""

    def __init__(self, language: str) -> None:
        self.language = language if language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
        self.locale = i18n.locale(self.language)

    def __call__(self, message: str, **values: object) -> str:
        """The message in the report's language, with ``%(name)s`` filled in."""
        translated = i18n.gettext(self.language, message)
        return translated % values if values else translated

    def plural(self, message: tuple[str, str], n: int, **values: object) -> str:
        """A ``%(num)d`` message with a plural, in the form for ``n`` in the report's language."""
        return i18n.ngettext(self.language, message[0], message[1], n) % {"num": n, **values}

    def members(self, n: int) -> str:
        return self.plural(MEMBER_COUNT, n)

    def events(self, n: int) -> str:
        return self.plural(EVENT_COUNT, n)

    # -------------------------------------------------------------- numbers and dates

    def number(self, value: int | float) -> str:
        return str(format_decimal(value, locale=self.locale))

    def percent(self, value: int) -> str:
        """``40 %`` from 40."""
        return str(format_percent(value / 100, locale=self.locale))

    def date(self, value: date | None) -> str:
        return i18n.format_date(value, self.language) if value is not None else ""

    def datetime(self, value: datetime | None) -> str:
        return i18n.format_date(value.date(), self.language) if value is not None else ""

    def language_name(self, code: str | None) -> str:
        return i18n.language_name(code, self.language) if code else ""

    # -------------------------------------------------------------- headings

    def title(self, year: int) -> str:
        return self(TITLE, year=year)

    def annex(self, year: int) -> str:
        return self(ANNEX, year=year)

    @cached_property
    def headings(self) -> dict[str, str]:
        """The section headings without parameters, by key (the template reads ``words.headings.summary``)."""
        return {
            "contents": self(CONTENTS),
            "introduction": self(INTRODUCTION),
            "overview": self(OVERVIEW),
            "main_activities": self(MAIN_ACTIVITIES),
            "leadership": self(LEADERSHIP),
            "summary": self(SUMMARY),
            "maturity": self(MATURITY),
        }

    def where(self, place: str, online: bool) -> str:
        """Where an event takes place: "Lyon", "Lyon and online", "Online"."""
        if place and online:
            return self(PLACE_AND_ONLINE, place=place)
        return place or (self(ONLINE) if online else "")

    def in_language(self, code: str | None) -> str:
        """ "(in French)": said after a text shown in its original language."""
        return f"({self(IN_LANGUAGE, language=self.language_name(code))})" if code else ""
