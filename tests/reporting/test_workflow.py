"""The report's life, through the services: pre-filled, saved, submitted, returned, resubmitted, approved."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec
import pytest

from coordination.activities import services as activities
from coordination.audit import services as audit
from coordination.core.errors import Conflict, InvalidInput
from coordination.reporting import services as reporting
from coordination.reporting.enums import ReportAction, SlotState, Timeliness
from coordination.reporting.schemas import ReportSave
from tests.factories import reporting as factories
from tests.reporting.conftest import World


async def test_a_period_makes_one_slot_per_active_body_and_chosen_member(world: World) -> None:
    slots = (await reporting.list_slots(scope=factories.reporting_scope_everything(), period="2020")).items
    assert sorted((slot.reporter.kind.value, slot.reporter.slug) for slot in slots) == [
        ("body", "culture"),
        ("body", "digital-cities"),
        ("body", "villes-moyennes"),
        ("member", "antony"),
    ]
    assert {slot.state for slot in slots} == {SlotState.not_started}
    assert {slot.due_date for slot in slots} == {date(2021, 3, 31)}
    assert {slot.grace_ends for slot in slots} == {date(2021, 4, 14)}


async def test_the_report_opens_pre_filled_with_the_activities_of_the_period(world: World) -> None:
    report = await reporting.get_report(slot_id=world.digital_cities_slot, language="fr")
    assert report.saved is False
    assert report.state is SlotState.not_started
    entries = [
        (e.priority, e.activity_title, e.status.value, e.progress_percent, e.added_in_period)
        for e in report.content.entries
    ]
    # The study ended in 2019: not in the 2020 report unless the reporter adds it.
    assert entries == [
        ("A", "Promotion and dissemination of the Smart Cities Study", "ongoing", 40, True),
        ("D", "Learning meetings", "ongoing", 50, False),
    ]
    leadership = report.content.leadership
    assert [(f.member, f.role) for f in leadership.leads] == [("bilbao", "lead")]
    assert [(f.body, f.role) for f in leadership.other_roles] == [("culture", "vice_chair")]
    assert leadership.started == []
    assert leadership.ended == []


async def test_the_whole_flow_applies_the_approved_progress_to_the_activities(world: World) -> None:
    slot = world.digital_cities_slot
    report = await reporting.get_report(slot_id=slot)
    payload = factories.save_payload(
        report,
        language="fr",
        entries=[
            {"activity": world.promotion, "status": "ongoing", "progress_percent": 70, "narrative": "Lancement."},
            {"activity": world.learning, "status": "ongoing", "progress_percent": 50},
        ],
        highlights=[{"title": "Smart Cities Study", "summary": "Vingt-quatre villes.\n\nDeuxième paragraphe."}],
    )
    saved = await reporting.save_report(slot_id=slot, data=msgspec.convert(payload, ReportSave))
    assert saved.state is SlotState.draft
    assert saved.saved

    submitted = await reporting.transition(
        slot_id=slot, action=ReportAction.submit, now=datetime(2021, 3, 31, 23, 0, tzinfo=UTC)
    )
    assert (submitted.state, submitted.timeliness, submitted.submissions) == (
        SlotState.submitted,
        Timeliness.on_time,  # 23:00 UTC on the due day: still the due day somewhere on Earth
        1,
    )
    with pytest.raises(InvalidInput):
        await reporting.transition(slot_id=slot, action=ReportAction.return_, reason="  ")
    returned = await reporting.transition(slot_id=slot, action=ReportAction.return_, reason="Add the partners.")
    assert returned.state is SlotState.returned
    assert returned.returned_reason == "Add the partners."

    again = await reporting.get_report(slot_id=slot)
    edited = factories.save_payload(again)
    edited["entries"][0]["progress_percent"] = 80
    await reporting.save_report(slot_id=slot, data=msgspec.convert(edited, ReportSave))
    resubmitted = await reporting.transition(
        slot_id=slot, action=ReportAction.submit, now=datetime(2021, 5, 1, tzinfo=UTC)
    )
    # Timeliness was fixed by the first submission.
    assert (resubmitted.state, resubmitted.timeliness, resubmitted.submissions) == (
        SlotState.resubmitted,
        Timeliness.on_time,
        2,
    )
    assert (await activities.get_activity(activity_id=world.promotion)).progress_percent == 40

    approved = await reporting.transition(slot_id=slot, action=ReportAction.approve)
    assert (approved.state, approved.approved_version) == (SlotState.approved, 2)
    promotion = await activities.get_activity(activity_id=world.promotion)
    assert (promotion.status.value, promotion.progress_percent) == ("ongoing", 80)
    changes = await audit.list_records(object_type="activity", object_id=str(world.promotion))
    assert changes.items[0].after == {"progress_percent": 80}

    # Approved is locked: no save, no second approval.
    locked = factories.save_payload(await reporting.get_report(slot_id=slot))
    with pytest.raises(Conflict):
        await reporting.save_report(slot_id=slot, data=msgspec.convert(locked, ReportSave))
    with pytest.raises(Conflict):
        await reporting.transition(slot_id=slot, action=ReportAction.approve)

    versions = await reporting.list_versions(slot_id=slot)
    assert [(v.number, v.submitted_as.value, v.approved) for v in versions] == [
        (1, "submitted", False),
        (2, "resubmitted", True),
    ]
    comparison = await reporting.compare_versions(slot_id=slot, before=1, after=2)
    changed = [(f.field, f.before, f.after) for f in comparison.fields if f.changed]
    assert changed == [(f"entries[activity={world.promotion}].progress_percent", "70", "80")]

    history = await reporting.list_transitions(slot_id=slot)
    assert [(t.action.value, t.from_state.value, t.to_state.value) for t in history] == [
        ("start", "not_started", "draft"),
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
        ("submit", "returned", "resubmitted"),
        ("approve", "resubmitted", "approved"),
    ]
    reopened = await reporting.transition(slot_id=slot, action=ReportAction.reopen, reason="A figure was wrong.")
    assert (reopened.state, reopened.returned_reason) == (SlotState.returned, "A figure was wrong.")
