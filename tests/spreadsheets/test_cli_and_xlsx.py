"""The command line does what the pages do (export, preview, apply), and an XLSX reads as a person expects:
the stable column names in bold in a frozen first row, dates as dates, numbers as numbers, readable widths."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from litestar import Litestar
from openpyxl import load_workbook

from coordination.core.settings import Settings
from coordination.spreadsheets import services as spreadsheets
from tests.cli.test_cli import run_cli
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories
from tests.spreadsheets.helpers import SECRETARIAT, edit_xlsx


async def test_the_cli_exports_previews_and_applies(db: Litestar, settings: Settings, tmp_path: Path) -> None:
    await member_factories.member(slug="antony", name="Antony", country="FR")
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    url = settings.database_url
    target = tmp_path / "out" / "members.xlsx"
    exported = run_cli("export", "members", "--format", "xlsx", "--output", str(target), database_url=url)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith(f"wrote {target}")
    edited = tmp_path / "edited.xlsx"
    edited.write_bytes(edit_xlsx(target.read_bytes(), {"B2": "Ville d’Antony"}))

    preview = run_cli("import", "members", str(edited), database_url=url)
    assert preview.returncode == 0, preview.stderr
    assert preview.stdout.splitlines() == [
        "row 2 (antony): name: 'Antony' -> 'Ville d’Antony'",
        "0 to add, 1 to change, 1 unchanged, 0 with problems",
        "preview only: run again with --apply to write it",
    ]
    applied = run_cli("import", "members", str(edited), "--apply", database_url=url)
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout.splitlines()[-1] == "imported: 0 added, 1 changed"
    csv_file = tmp_path / "members.csv"
    assert run_cli("export", "members", "--output", str(csv_file), database_url=url).returncode == 0
    assert "antony,Ville d’Antony,city,FR," in csv_file.read_text(encoding="utf-8-sig")

    bad = tmp_path / "bad.csv"
    bad.write_text("slug,name,kind,country\nnew-town,,city,FR\n")
    refused = run_cli("import", "members", str(bad), "--apply", "--lang", "es", database_url=url)
    assert refused.returncode == 1
    assert "row 2 (new-town): error in name: está vacío; se necesita un valor" in refused.stdout
    assert "nothing was written" in refused.stderr


async def test_an_events_xlsx_reads_as_a_person_expects(db: Litestar) -> None:
    await body_factories.body(slug="digital-cities", name="Digital Cities")
    payload = event_factories.datacites_payload(body="digital-cities")
    del payload["body"]
    await event_factories.event(body="digital-cities", **payload)
    await event_factories.event(body="digital-cities", title="=1+1 is not a formula")
    exported = await spreadsheets.export(kind="events", principal=SECRETARIAT, format="xlsx")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None
    assert sheet.title == "events"
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["id", "title", "body", "kind", "timing"]
    assert all(cell.font.bold for cell in sheet[1])
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    webinar = rows["Restitution of the DataCités 2 programme"]
    assert webinar["start"] == datetime(2020, 12, 8, 9, 30)
    assert webinar["timezone"] == "Europe/Paris"
    assert isinstance(webinar["id"], int)
    forum = rows["=1+1 is not a formula"]
    assert forum["start_date"] == datetime(2021, 12, 6)  # a date cell (openpyxl reads dates as datetimes)
    assert forum["start_date"].date() == date(2021, 12, 6)
    title_column = sheet.column_dimensions["B"].width
    assert title_column is not None
    assert title_column >= 30  # the titles are readable without widening the column
