"""On the demo network: every kind exported and imported back changes nothing, in CSV and in XLSX; one edited
cell changes exactly that field, and the import is audited as one import by its author."""

from __future__ import annotations

import pytest
from litestar import Litestar

from coordination.audit import services as audit
from coordination.core.errors import InvalidInput
from coordination.members import services as members
from coordination.spreadsheets import services as spreadsheets
from coordination.spreadsheets.kinds import KINDS
from tests.spreadsheets.helpers import SECRETARIAT, csv_rows, edit_xlsx

pytestmark = pytest.mark.demo

IMPORTABLE = [name for name, kind in KINDS.items() if kind.importable]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
async def test_every_kind_exported_and_imported_back_changes_nothing(db: Litestar, format: str) -> None:
    for kind in IMPORTABLE:
        exported = await spreadsheets.export(kind=kind, principal=SECRETARIAT, format=format)
        _planned, preview = await spreadsheets.preview_content(
            kind=kind, principal=SECRETARIAT, file_name=exported.file_name, content=exported.content, language="en"
        )
        assert (preview.created, preview.updated, preview.errors, preview.rows) == (0, 0, 0, []), kind
        assert preview.unchanged > 0, f"the demo has {kind}"
        assert preview.can_apply is False  # nothing to do
        applied = await spreadsheets.apply_content(
            kind=kind, principal=SECRETARIAT, file_name=exported.file_name, content=exported.content, language="en"
        )
        assert (applied.applied, applied.created, applied.updated) == (True, 0, 0), kind
    # The export after the round trip is byte for byte the one before.
    again = await spreadsheets.export(kind="events", principal=SECRETARIAT, format="csv")
    first = await spreadsheets.export(kind="events", principal=SECRETARIAT, format="csv")
    assert again.content == first.content


async def test_reporting_slots_are_exported_not_imported(db: Litestar) -> None:
    exported = await spreadsheets.export(kind="reporting-slots", principal=SECRETARIAT, format="csv")
    rows = csv_rows(exported.content)
    assert rows[0][:5] == ["id", "period", "reporter_kind", "reporter", "state"]
    assert {(row[3], row[4]) for row in rows[1:]} >= {("digital-cities", "approved"), ("antony", "not_started")}
    with pytest.raises(InvalidInput, match="can be exported but not imported"):
        await spreadsheets.preview_content(
            kind="reporting-slots", principal=SECRETARIAT, file_name="s.csv", content=exported.content, language="en"
        )


async def test_a_city_renamed_in_the_spreadsheet_changes_that_name_alone(db: Litestar) -> None:
    exported = await spreadsheets.export(kind="members", principal=SECRETARIAT, format="xlsx")
    before = {member.slug: member for member in (await members.list_members(limit=1000)).items}
    assert "antony" in before
    # Find Antony's row as a person would: by reading the sheet.
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(exported.content)).active
    assert sheet is not None
    row = next(cell.row for cell in sheet["A"] if cell.value == "antony")
    edited = edit_xlsx(exported.content, {f"B{row}": "Ville d’Antony (Hauts-de-Seine)"})

    planned, preview = await spreadsheets.preview_content(
        kind="members", principal=SECRETARIAT, file_name="members.xlsx", content=edited, language="en"
    )
    assert (preview.created, preview.updated, preview.errors) == (0, 1, 0)
    assert [(r.row, r.key, r.action) for r in preview.rows] == [(row, "antony", "update")]
    assert [(c.column, c.before, c.after) for c in preview.rows[0].changes] == [
        ("name", before["antony"].name, "Ville d’Antony (Hauts-de-Seine)")
    ]

    expected = {item.row: (item.action, item.old.revision if item.old else None) for item in planned}
    applied = await spreadsheets.apply_content(
        kind="members",
        principal=SECRETARIAT,
        file_name="members.xlsx",
        content=edited,
        language="en",
        expected=expected,
    )
    assert (applied.applied, applied.created, applied.updated) == (True, 0, 1)
    after = {member.slug: member for member in (await members.list_members(limit=1000)).items}
    assert after["antony"].name == "Ville d’Antony (Hauts-de-Seine)"
    assert after["antony"].revision == before["antony"].revision + 1
    for slug, member in before.items():
        if slug != "antony":
            assert (after[slug].name, after[slug].revision) == (member.name, member.revision)
    records = (await audit.list_records(limit=5)).items
    actions = [record.action for record in records]
    assert actions[:2] == ["spreadsheet.imported", "member.updated"]
