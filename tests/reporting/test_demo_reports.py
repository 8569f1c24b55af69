"""The demo's 2020 period: Digital Cities' report approved from seed 001 (French, translated into English),
the other bodies in the other states; and the CLI that prints it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from litestar import Litestar

from coordination.activities import services as activities
from coordination.reporting import services as reporting
from coordination.reporting.enums import SlotState, Timeliness
from coordination.reporting.rules import Scope

pytestmark = pytest.mark.demo

EVERYTHING = Scope(everything=True, body_ids=frozenset(), member_ids=frozenset())


async def test_the_2020_period_holds_every_state_and_digital_cities_is_approved(db: Litestar) -> None:
    slots = {slot.reporter.slug: slot for slot in (await reporting.list_slots(scope=EVERYTHING, period="2020")).items}
    assert {slug: (slot.state, slot.timeliness) for slug, slot in slots.items()} == {
        "digital-cities": (SlotState.approved, Timeliness.on_time),
        "smart-cities-dialogue": (SlotState.submitted, Timeliness.in_grace),
        "numerique-innovation": (SlotState.returned, Timeliness.on_time),
        "villes-moyennes": (SlotState.resubmitted, Timeliness.late),
        "culture": (SlotState.draft, Timeliness.overdue),
        "opportunities-for-all": (SlotState.not_started, Timeliness.overdue),
        "antony": (SlotState.not_started, Timeliness.overdue),
    }
    assert slots["numerique-innovation"].returned_reason.startswith("Merci de préciser les suites")

    digital = slots["digital-cities"]
    version = await reporting.get_version(slot_id=digital.id, number=digital.approved_version)
    content = version.content
    assert content.language == "fr"
    assert [entry.priority for entry in content.entries] == ["A", "A", "B", "C", "D", "E"]
    assert [(h.title, h.translations["en"]["title"]) for h in content.highlights] == [
        ("Smart Cities Study", "Smart Cities Study"),
        ("Collaboration", "Collaboration"),
    ]
    assert "Vingt-quatre villes ont participé" in content.highlights[0].summary
    assert "Twenty-four cities took part" in content.highlights[0].translations["en"]["summary"]
    assert content.leadership_note.endswith(
        "Aucun changement n’est prévu en 2020 dans le leadership de la Communauté de pratiques."
    )
    assert [(f.member, f.role) for f in content.leadership.leads] == [("bilbao", "lead")]
    assert sorted((f.body, f.role) for f in content.leadership.other_roles) == [
        ("culture", "vice_chair"),
        ("opportunities-for-all", "co_chair"),
    ]
    versions = await reporting.list_versions(slot_id=digital.id)
    assert [(v.number, v.approved) for v in versions] == [(1, False), (2, True)]
    # Approval applied the report's progress: promotion of the study went from 40 % to 60 %.
    promotion = next(
        a
        for a in (await activities.list_activities(body="digital-cities", limit=50)).items
        if a.title.startswith("Promotion and dissemination")
    )
    assert promotion.progress_percent == 60
    entries = await reporting.approved_entries(scope=EVERYTHING, year=2020, priority="D")
    assert [(e.reporter.slug, e.activity_title) for e in entries] == [
        ("digital-cities", "Learning meetings with international institutions working on smart cities")
    ]


async def test_the_cli_lists_periods_and_prints_a_periods_completeness(database_url: str) -> None:
    env = {**os.environ, "COORDINATION_DATABASE_URL": database_url, "COORDINATION_SCHEDULER": "off"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "coordination.cli", "reporting", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    periods = run("periods")
    assert periods.returncode == 0, periods.stderr
    assert periods.stdout == "2020\t2020-01-01..2020-12-31\tdue 2021-03-31\tgrace 14 days\t7 slots\n"
    status = run("status", "2020")
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert any(line.startswith("Digital Cities Community of Practice") and " approved " in line for line in lines)
    assert lines[-1] == "reporting rate 57.1%, timeliness rate 28.6%"
    missing = run("status", "2031")
    assert missing.returncode != 0
    assert "no reporting period has the slug '2031'" in missing.stderr
    assert run("--help").stdout.startswith("Usage: ")
    assert run("status", "--help").returncode == 0
