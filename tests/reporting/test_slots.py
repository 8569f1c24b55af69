"""Slots follow the network: bodies added, closed and reopened, due dates moved; each change audited."""

from __future__ import annotations

import asyncio
from datetime import date

import msgspec
import pytest

from coordination.audit import services as audit
from coordination.bodies import services as bodies
from coordination.bodies.schemas import BodyUpdate
from coordination.core.database import is_sqlite
from coordination.core.errors import Conflict
from coordination.reporting import services as reporting
from coordination.reporting.enums import ReportAction, SlotState
from coordination.reporting.schemas import PeriodUpdate, ReportSave, SlotAdd, SlotUpdate
from tests.factories import reporting as factories
from tests.factories.bodies import body
from tests.reporting.conftest import World


async def _slots(period: str) -> dict[str, tuple[str, date]]:
    listed = await reporting.list_slots(scope=factories.reporting_scope_everything(), period=period)
    return {slot.reporter.slug: (slot.state.value, slot.due_date) for slot in listed.items}


async def test_a_body_added_closed_and_reopened_changes_the_open_periods_slots(world: World) -> None:
    await factories.period(kind="year", year=2030, due_date=date(2031, 3, 31), slug="2030")
    await body(slug="new-forum", name="New Forum", kind="forum")
    assert await reporting.reconcile_slots() == 1
    # Added to the period still open for reports, not to 2020's, long due.
    assert (await _slots("2030"))["new-forum"] == ("not_started", date(2031, 3, 31))
    assert "new-forum" not in await _slots("2020")
    assert await reporting.reconcile_slots() == 0  # nothing more to do: idempotent

    culture = await bodies.get_body(slug="culture")
    await bodies.update_body(
        slug="culture", data=msgspec.convert({"revision": culture.revision, "status": "closed"}, BodyUpdate)
    )
    await reporting.reconcile_slots()
    assert (await _slots("2030"))["culture"][0] == "exempt"
    assert (await _slots("2020"))["culture"][0] == "not_started"  # 2020's was due before it closed: still owed
    slot = (
        await reporting.list_slots(scope=factories.reporting_scope_everything(), period="2030", body="culture")
    ).items[0]
    history = await reporting.list_transitions(slot_id=slot.id)
    assert [(t.action.value, t.reason, t.actor) for t in history] == [("exempt", "body-not-active", "system")]
    records = await audit.list_records(object_type="reporting_slot", object_id=str(slot.id))
    assert [r.action for r in records.items] == ["report.exempt"]

    culture = await bodies.get_body(slug="culture")
    await bodies.update_body(
        slug="culture", data=msgspec.convert({"revision": culture.revision, "status": "active"}, BodyUpdate)
    )
    await reporting.reconcile_slots()
    assert (await _slots("2030"))["culture"][0] == "not_started"
    rates = (await reporting.completeness(period_slugs=["2030"])).rates[0]
    assert (rates.expected, rates.exempt) == (4, 0)


async def test_moving_the_due_date_moves_the_slots_on_it_but_not_an_extension(world: World) -> None:
    extended = await reporting.update_slot(
        slot_id=world.villes_moyennes_slot,
        data=SlotUpdate(revision=1, due_date=date(2021, 4, 30), reason="Demandé par le Cerema."),
    )
    assert extended.due_date == date(2021, 4, 30)
    period = await reporting.get_period(slug="2020")
    await reporting.update_period(
        slug="2020", data=PeriodUpdate(revision=period.revision, due_date=date(2021, 4, 15), reason="Covid-19.")
    )
    slots = await _slots("2020")
    assert slots["digital-cities"][1] == date(2021, 4, 15)
    assert slots["antony"][1] == date(2021, 4, 15)
    assert slots["villes-moyennes"][1] == date(2021, 4, 30)  # its own extension stands
    history = await reporting.list_transitions(slot_id=world.digital_cities_slot)
    assert [(t.action.value, t.reason, t.due_date) for t in history] == [("extend", "Covid-19.", date(2021, 4, 15))]


async def test_a_member_added_later_owes_a_report_and_twice_is_refused(world: World) -> None:
    added = await reporting.add_slot(period_slug="2020", data=SlotAdd(member="bilbao"))
    assert (added.reporter.slug, added.state) == ("bilbao", SlotState.not_started)
    with pytest.raises(Conflict):
        await reporting.add_slot(period_slug="2020", data=SlotAdd(member="bilbao"))
    history = await reporting.list_transitions(slot_id=added.id)
    assert [t.action.value for t in history] == ["add"]


async def test_exemption_needs_a_reason_and_is_counted_apart(world: World) -> None:
    exempted = await reporting.update_slot(
        slot_id=world.antony_slot, data=SlotUpdate(revision=1, exempt=True, reason="Pas d’activité en 2020.")
    )
    assert (exempted.state, exempted.exempt_reason) == (SlotState.exempt, "Pas d’activité en 2020.")
    rates = (await reporting.completeness(period_slugs=["2020"])).rates[0]
    assert (rates.expected, rates.exempt) == (3, 1)


async def test_two_saves_from_the_same_revision_at_once_one_wins_the_other_is_told(world: World) -> None:
    """On PostgreSQL the slot's row is locked for the save; without that, both saves would pass the check."""
    slot = world.digital_cities_slot
    opened = await reporting.get_report(slot_id=slot)

    async def save(note: str) -> str:
        payload = factories.save_payload(opened, leadership_note=note)
        try:
            await reporting.save_report(slot_id=slot, data=msgspec.convert(payload, ReportSave))
        except Conflict:
            return "conflict"
        return "saved"

    outcomes = await asyncio.gather(*(save(f"note {n}") for n in range(4)))
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "saved"], is_sqlite()
    report = await reporting.get_report(slot_id=slot)
    assert report.revision == opened.revision + 1
    winner = outcomes.index("saved")
    assert report.content.leadership_note == f"note {winner}"


async def test_two_approvals_at_once_apply_progress_once(world: World) -> None:
    slot = world.digital_cities_slot
    await factories.save(slot)
    await reporting.transition(slot_id=slot, action=ReportAction.submit)

    async def approve() -> str:
        try:
            await reporting.transition(slot_id=slot, action=ReportAction.approve)
        except Conflict:
            return "refused"
        return "approved"

    assert sorted(await asyncio.gather(approve(), approve())) == ["approved", "refused"]
    history = await reporting.list_transitions(slot_id=slot)
    assert [t.action.value for t in history].count("approve") == 1
