"""Reporting periods and reports, built through the reporting services."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from coordination.reporting import services as reporting
from coordination.reporting.schemas import PeriodCreate, PeriodOut, ReportOut, ReportSave, SlotOut


async def period(**overrides: Any) -> PeriodOut:
    """The 2020 annual period, due 31 March 2021 with 14 days' grace (every active body owes a report)."""
    values: dict[str, Any] = {"kind": "year", "year": 2020, "due_date": date(2021, 3, 31), "grace_days": 14}
    values.update(overrides)
    return await reporting.create_period(data=msgspec.convert(values, PeriodCreate))


async def slot_of(*, period: str, body: str | None = None, member: str | None = None) -> SlotOut:
    scope = reporting_scope_everything()
    listed = await reporting.list_slots(scope=scope, period=period, body=body, member=member)
    assert len(listed.items) == 1, listed
    return listed.items[0]


def reporting_scope_everything() -> Any:
    from coordination.reporting.rules import Scope

    return Scope(everything=True, body_ids=frozenset(), member_ids=frozenset())


def save_payload(report: ReportOut, **overrides: Any) -> dict[str, Any]:
    """The pre-filled (or saved) report as a save request, with ``overrides``."""
    content = report.content
    payload: dict[str, Any] = {
        "revision": report.revision,
        "language": content.language,
        "leadership_note": content.leadership_note,
        "translations": content.translations,
        "entries": [
            {
                "activity": entry.activity,
                "status": entry.status.value,
                "progress_percent": entry.progress_percent,
                "narrative": entry.narrative,
                "added_in_period": entry.added_in_period,
                "translations": entry.translations,
            }
            for entry in content.entries
        ],
        "highlights": [
            {"title": item.title, "summary": item.summary, "translations": item.translations}
            for item in content.highlights
        ],
    }
    payload.update(overrides)
    return payload


async def save(slot_id: int, **overrides: Any) -> ReportOut:
    report = await reporting.get_report(slot_id=slot_id, language=overrides.get("language", "en"))
    return await reporting.save_report(
        slot_id=slot_id, data=msgspec.convert(save_payload(report, **overrides), ReportSave)
    )
