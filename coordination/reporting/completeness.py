"""Completeness: who reported what, period by period, with DHIS2's reporting and timeliness rates; and the
approved content, structured, for the annual report.

Definitions (DHIS2's, see docs/ARCHITECTURE.md): *expected* is every slot of the period that is not exempt
(exemptions are counted apart rather than hidden in the rate); *received* is every expected slot whose report
was submitted at least once (submitted, returned, resubmitted or approved); *on time* is a received report
first submitted by its due date. Reporting rate = received × 100 ÷ expected; timeliness rate = on time × 100
÷ expected; both capped at 100, with one decimal, and null when nothing is expected.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from piccolo.custom_types import Combinable

from coordination.activities.enums import ActivityStatus
from coordination.bodies import services as bodies
from coordination.core.collation import sort_key
from coordination.core.errors import InvalidInput
from coordination.core.i18n import N_
from coordination.core.translated import load
from coordination.members import services as members
from coordination.network import services as network
from coordination.reporting import periods
from coordination.reporting.enums import AWAITING_REVIEW_STATES, RECEIVED_STATES, ReporterKind, SlotState, Timeliness
from coordination.reporting.rules import Scope
from coordination.reporting.schemas import (
    ApprovedEntryOut,
    ApprovedHighlightOut,
    Completeness,
    CompletenessCell,
    CompletenessRow,
    LatestApproval,
    PeriodRates,
    ReporterRef,
)
from coordination.reporting.tables import ReportEntry, ReportHighlight, ReportingPeriod, ReportingSlot, ReportVersion


def rate(count: int, expected: int) -> float | None:
    if expected == 0:
        return None
    return round(min(100.0, count * 100 / expected), 1)


def period_rates(period_slug: str, cells: list[CompletenessCell]) -> PeriodRates:
    expected = [cell for cell in cells if cell.state is not SlotState.exempt]
    received = [cell for cell in expected if cell.state in RECEIVED_STATES]
    on_time = [cell for cell in received if cell.timeliness is Timeliness.on_time]
    return PeriodRates(
        period=period_slug,
        expected=len(expected),
        received=len(received),
        on_time=len(on_time),
        in_grace=len([cell for cell in received if cell.timeliness is Timeliness.in_grace]),
        late=len([cell for cell in received if cell.timeliness is Timeliness.late]),
        approved=len([cell for cell in received if cell.state is SlotState.approved]),
        awaiting_review=len([cell for cell in received if cell.state in AWAITING_REVIEW_STATES]),
        exempt=len(cells) - len(expected),
        reporting_rate=rate(len(received), len(expected)),
        timeliness_rate=rate(len(on_time), len(expected)),
    )


async def completeness(
    *,
    period_slugs: list[str] | None = None,
    year: int | None = None,
    now: datetime | None = None,
    reconcile: bool = True,
) -> Completeness:
    """Bodies then members × periods (oldest first); each cell the slot's state and timeliness.

    ``reconcile=False`` reads the slots as they are, without first bringing them in step with the bodies
    (a write): for readers that must not write, such as the annual report's builder.
    """
    if reconcile:
        await periods.reconcile_slots()
    query = ReportingPeriod.select().order_by(ReportingPeriod.start_date).order_by(ReportingPeriod.id)
    if period_slugs:
        for slug in period_slugs:
            await periods.period_row(slug=slug, field="period")
        query = query.where(ReportingPeriod.slug.is_in(period_slugs))
    if year is not None:
        query = query.where(
            (ReportingPeriod.start_date <= datetime(year, 12, 31).date())
            & (ReportingPeriod.end_date >= datetime(year, 1, 1).date())
        )
    chosen = list(await query)
    refs = [periods.period_ref(row) for row in chosen]
    column = {row["id"]: index for index, row in enumerate(chosen)}
    slots = await ReportingSlot.select().where(ReportingSlot.period.is_in(list(column) or [-1]))
    grace = {row["id"]: row["grace_days"] for row in chosen}
    body_names = await bodies.body_summaries(ids=sorted({s["body"] for s in slots if s["body"] is not None}))
    member_names = await members.summaries(ids=sorted({s["member"] for s in slots if s["member"] is not None}))
    rows: dict[tuple[str, int], list[CompletenessCell | None]] = {}
    per_period: dict[int, list[CompletenessCell]] = defaultdict(list)
    for slot in slots:
        key = ("body", slot["body"]) if slot["body"] is not None else ("member", slot["member"])
        cells = rows.setdefault(key, [None] * len(chosen))
        cell = CompletenessCell(
            period=chosen[column[slot["period"]]]["slug"],
            slot=slot["id"],
            state=SlotState(slot["state"]),
            timeliness=periods.slot_timeliness(slot, grace_days=grace[slot["period"]], now=now),
            due_date=slot["due_date"],
            first_submitted_at=slot["first_submitted_at"],
        )
        cells[column[slot["period"]]] = cell
        per_period[slot["period"]].append(cell)

    def reporter(key: tuple[str, int]) -> ReporterRef:
        if key[0] == "body":
            body = body_names[key[1]]
            return ReporterRef(kind=ReporterKind.body, slug=body.slug, name=body.name)
        member = member_names[key[1]]
        return ReporterRef(kind=ReporterKind.member, slug=member.slug, name=member.name)

    listed = [CompletenessRow(reporter=reporter(key), cells=cells) for key, cells in rows.items()]
    listed.sort(key=lambda row: (row.reporter.kind is not ReporterKind.body, sort_key(row.reporter.name)))
    rates = [period_rates(row["slug"], per_period[row["id"]]) for row in chosen]
    return Completeness(periods=refs, rates=rates, rows=listed)


# ------------------------------------------------------------------ approved content, structured


async def _approved_versions(
    *,
    scope: Scope,
    period: str | None,
    year: int | None,
    body: str | None,
    member: str | None,
) -> dict[int, dict[str, Any]]:
    """Approved versions by id, each with its slot, period and reporter."""
    where: list[Combinable] = [ReportingSlot.state == SlotState.approved.value]
    if not scope.everything:
        allowed: list[Combinable] = []
        if scope.body_ids:
            allowed.append(ReportingSlot.body.is_in(sorted(scope.body_ids)))
        if scope.member_ids:
            allowed.append(ReportingSlot.member.is_in(sorted(scope.member_ids)))
        if not allowed:
            return {}
        condition = allowed[0]
        for other in allowed[1:]:
            condition = condition | other
        where.append(condition)
    if period is not None:
        where.append(ReportingSlot.period == (await periods.period_row(slug=period, field="period"))["id"])
    if body is not None:
        where.append(ReportingSlot.body == await bodies.body_id(slug=body, field="body"))
    if member is not None:
        where.append(ReportingSlot.member == await members.member_id(slug=member, field="member"))
    query = ReportingSlot.select()
    for condition in where:
        query = query.where(condition)
    slots = {row["id"]: row for row in await query}
    if not slots:
        return {}
    chosen = {
        row["id"]: row
        for row in await ReportingPeriod.select().where(
            ReportingPeriod.id.is_in(sorted({slot["period"] for slot in slots.values()}))
        )
    }
    if year is not None:
        chosen = {key: row for key, row in chosen.items() if row["start_date"].year <= year <= row["end_date"].year}
    out = await periods.slots_out([slot for slot in slots.values() if slot["period"] in chosen])
    versions = await ReportVersion.select(ReportVersion.id, ReportVersion.slot, ReportVersion.number).where(
        ReportVersion.slot.is_in([slot.id for slot in out] or [-1])
    )
    by_slot = {slot.id: slot for slot in out}
    return {
        version["id"]: {"slot": by_slot[version["slot"]], "number": version["number"]}
        for version in versions
        if version["slot"] in by_slot and version["number"] == by_slot[version["slot"]].approved_version
    }


async def approved_entries(
    *,
    scope: Scope,
    period: str | None = None,
    year: int | None = None,
    body: str | None = None,
    member: str | None = None,
    priority: str | None = None,
) -> list[ApprovedEntryOut]:
    """What approved reports say about each activity, filtered by period, year, reporter and priority."""
    if priority is not None and priority not in {p.code for p in await network.list_priorities()}:
        raise InvalidInput(
            N_("no strategic priority has the code %(code)r"), field="priority", params={"code": priority}
        )
    versions = await _approved_versions(scope=scope, period=period, year=year, body=body, member=member)
    if not versions:
        return []
    query = ReportEntry.select().where(ReportEntry.version.is_in(list(versions))).order_by(ReportEntry.id)
    if priority is not None:
        query = query.where(ReportEntry.priority_code == priority)
    result = []
    for row in await query:
        version = versions[row["version"]]
        slot = version["slot"]
        result.append(
            ApprovedEntryOut(
                period=slot.period.slug,
                reporter=slot.reporter,
                version=version["number"],
                approved_at=slot.approved_at,
                priority=row["priority_code"],
                activity=row["activity"],
                activity_title=row["activity_title"],
                status=ActivityStatus(row["status"]),
                progress_percent=row["progress_percent"],
                added_in_period=row["added_in_period"],
                narrative=row["narrative"],
                language=row["language"],
                translations=load(row["translations"]),
            )
        )
    return result


async def approved_highlights(
    *,
    scope: Scope,
    period: str | None = None,
    year: int | None = None,
    body: str | None = None,
    member: str | None = None,
) -> list[ApprovedHighlightOut]:
    """The highlights ("summary of results") of approved reports."""
    versions = await _approved_versions(scope=scope, period=period, year=year, body=body, member=member)
    if not versions:
        return []
    rows = (
        await ReportHighlight.select()
        .where(ReportHighlight.version.is_in(list(versions)))
        .order_by(ReportHighlight.version)
        .order_by(ReportHighlight.position)
    )
    return [
        ApprovedHighlightOut(
            period=versions[row["version"]]["slot"].period.slug,
            reporter=versions[row["version"]]["slot"].reporter,
            version=versions[row["version"]]["number"],
            position=row["position"],
            title=row["title"],
            summary=row["summary"],
            language=row["language"],
            translations=load(row["translations"]),
        )
        for row in rows
    ]


async def latest_approval(*, body: str) -> LatestApproval | None:
    """The body's most recently approved report (None if none): its activities show that report's progress."""
    body_id = await bodies.body_id(slug=body)
    row = (
        await ReportingSlot.select()
        .where((ReportingSlot.body == body_id) & (ReportingSlot.state == SlotState.approved.value))
        .order_by(ReportingSlot.approved_at, ascending=False)
        .first()
    )
    if row is None:
        return None
    period = await ReportingPeriod.select().where(ReportingPeriod.id == row["period"]).first()
    assert period is not None
    return LatestApproval(
        slot=row["id"],
        period=periods.period_ref(period),
        version=row["approved_version"],
        approved_at=row["approved_at"],
    )
