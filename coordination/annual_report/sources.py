"""What the annual report takes from progress reporting, through one narrow interface.

The report needs four things from the progress-reporting domain
(``coordination/reporting/``): the narratives of the year's *approved*
reports, per activity; the highlights of those reports, per body (the
"summary of results"); the reporting completeness and timeliness per period;
and when the year's last reporting period closes (for the job that drafts
the report). They come through ``ReportingSource``, as the plain structs
below, and nothing else in this domain knows where they come from.

``reporting_source()`` is the one place to wire them. Until progress
reporting is merged it returns ``NOT_AVAILABLE``: no narratives, no
highlights, figures marked "not available", no last period. The report is
complete without them ("No approved report for this body yet."; "Reporting
figures are not available for 2020.").

Wiring (at the merge): write a ``ReportingServices`` class here whose four
methods call ``coordination.reporting.services`` (a fixed number of queries
each, whatever the number of bodies: the report's query count must not grow
with them) and convert their answers to these structs; return it from
``reporting_source()``. As the reporting branch stands (December 2026):

- ``approved_narratives``: ``approved_entries(scope=<everything>, year=year)``,
  one ``ApprovedNarrative`` per entry with an ``activity``: ``activity_id``,
  ``period_label`` ← ``period`` (its name), ``text`` ← ``narrative``,
  ``language``, ``translations``, ``approved_on`` ← ``approved_at.date()``;
- ``highlights``: ``approved_highlights(scope=<everything>, year=year)``, for
  reporters of kind body: ``body_slug`` ← ``reporter.slug``, ``title``,
  ``text`` ← ``summary``, ``language``, ``translations``;
- ``completeness``: ``completeness(year=year)``; one ``PeriodFigures`` per
  ``rates`` row (``body_slug=None``) with the dates of the matching
  ``periods`` entry; ``available`` when there is at least one period;
- ``last_period_end``: the latest ``end_date`` of the year's periods.

``tests/annual_report/test_sources.py`` checks that a source's data reaches
every format, through ``StaticSource``; the wiring deserves one more test
there, with reports approved through the reporting services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import msgspec

from coordination.core.translated import Translations


class ApprovedNarrative(msgspec.Struct, frozen=True, kw_only=True):
    """What an approved progress report says about one activity, in the language it was written in."""

    activity_id: int
    period_label: str  # the reporting period as people name it: "2020, first half"
    text: str
    language: str | None = None  # None: not recorded
    translations: Translations = {}
    approved_on: date | None = None


class Highlight(msgspec.Struct, frozen=True, kw_only=True):
    """A result a body's approved reports put forward for the year."""

    body_slug: str
    title: str
    text: str
    language: str | None = None
    translations: Translations = {}


class PeriodFigures(msgspec.Struct, frozen=True, kw_only=True):
    """Reports expected in one period, received (approved or submitted), and received by the due date."""

    label: str
    start: date
    end: date
    expected: int
    received: int
    on_time: int
    body_slug: str | None = None  # None: the whole network


class Completeness(msgspec.Struct, frozen=True, kw_only=True):
    available: bool
    periods: list[PeriodFigures] = []


class ReportingSource(Protocol):
    async def approved_narratives(self, year: int) -> list[ApprovedNarrative]: ...

    async def highlights(self, year: int) -> list[Highlight]: ...

    async def completeness(self, year: int) -> Completeness: ...

    async def last_period_end(self, year: int) -> date | None:
        """The last day of the year's last reporting period; None when the year has no period."""
        ...


class NotAvailable:
    """Progress reporting is not there (yet): nothing approved, no figures, no periods."""

    async def approved_narratives(self, year: int) -> list[ApprovedNarrative]:
        return []

    async def highlights(self, year: int) -> list[Highlight]:
        return []

    async def completeness(self, year: int) -> Completeness:
        return Completeness(available=False)

    async def last_period_end(self, year: int) -> date | None:
        return None


NOT_AVAILABLE = NotAvailable()


@dataclass(frozen=True)
class StaticSource:
    """Fixed figures: for tests, the benchmark, and a network that keeps its reporting elsewhere."""

    narratives: list[ApprovedNarrative] = field(default_factory=list)
    highlight_list: list[Highlight] = field(default_factory=list)
    figures: Completeness = field(default_factory=lambda: Completeness(available=False))
    last_end: date | None = None  # the last day of the last reporting period, for its year only

    async def approved_narratives(self, year: int) -> list[ApprovedNarrative]:
        return list(self.narratives)

    async def highlights(self, year: int) -> list[Highlight]:
        return list(self.highlight_list)

    async def completeness(self, year: int) -> Completeness:
        return self.figures

    async def last_period_end(self, year: int) -> date | None:
        return self.last_end if self.last_end is not None and self.last_end.year == year else None


def reporting_source() -> ReportingSource:
    """The source the application uses. The one line to change when progress reporting is merged."""
    return NOT_AVAILABLE
