"""Problems are reported by row and column, all of them, in the reader's language, and nothing is written;
the usual spreadsheet trouble (BOM, ";", Latin-1, dates as text, spaces, merged headers, formulas) is handled."""

from __future__ import annotations

import io
from datetime import date

from litestar import Litestar
from openpyxl import Workbook, load_workbook

from coordination.bodies import memberships
from coordination.members import services as members
from coordination.spreadsheets import services as spreadsheets
from tests.factories import bodies as body_factories
from tests.factories import members as member_factories
from tests.spreadsheets.helpers import SECRETARIAT, csv_bytes, csv_rows

HEADER = ["slug", "name", "kind", "country", "website"]


async def _preview(kind: str, content: bytes, *, file_name: str = "file.csv", language: str = "en") -> object:
    return (
        await spreadsheets.preview_content(
            kind=kind, principal=SECRETARIAT, file_name=file_name, content=content, language=language
        )
    )[1]


async def test_a_file_with_50_errors_reports_all_50_and_writes_nothing(db: Litestar) -> None:
    rows = [HEADER]
    rows += [[f"city-{n}", f"City {n}", "village", "FR", ""] for n in range(25)]  # 25 unknown kinds
    rows += [[f"town-{n}", f"Town {n}", "city", "FR", "not a web address"] for n in range(25)]  # 25 bad websites
    rows += [["fine-city", "Fine City", "city", "FR", ""]]
    content = csv_bytes(rows)
    preview = await _preview("members", content)
    assert (preview.errors, preview.created, preview.can_apply) == (50, 1, False)
    problems = [(row.row, [(p.column, p.message) for p in row.errors]) for row in preview.rows if row.errors]
    assert problems[0] == (
        2,
        [
            (
                "kind",
                "'village' is not one of: " + ", ".join(k for k in spreadsheets.KINDS["members"].columns[2].choices),
            )
        ],
    )
    assert problems[25] == (27, [("website", "must be an http:// or https:// address without spaces, or empty")])
    assert [row for row, _ in problems] == list(range(2, 52))

    applied = await spreadsheets.apply_content(
        kind="members", principal=SECRETARIAT, file_name="file.csv", content=content, language="en"
    )
    assert applied.applied is False
    assert applied.created == 0
    assert (await members.list_members(limit=10)).total == 0  # not even the fine row


async def test_problems_are_in_the_readers_language_and_name_every_bad_cell_of_a_row(db: Litestar) -> None:
    await body_factories.body(slug="digital-cities")
    content = csv_bytes(
        [
            ["id", "body", "member", "start_date", "end_date"],
            ["", "digital-cities", "nowhere", "31/02/2020", "2020-13-01"],
        ]
    )
    preview = await _preview("memberships", content, language="fr")
    (row,) = preview.rows
    assert row.row == 2
    assert row.action == "error"
    columns = {problem.column: problem.message for problem in row.errors}
    assert set(columns) == {"start_date", "end_date"}
    assert columns["start_date"].startswith("'31/02/2020' n’est pas une date")


async def test_an_unknown_member_is_found_at_preview(db: Litestar) -> None:
    await body_factories.body(slug="digital-cities")
    content = csv_bytes([["id", "body", "member", "start_date", "end_date"], ["", "digital-cities", "nowhere", "", ""]])
    preview = await _preview("memberships", content)
    assert [(p.column, p.message) for p in preview.rows[0].errors] == [("member", "no member has the slug 'nowhere'")]


async def test_overlapping_memberships_are_found_at_preview_within_the_file_and_with_what_is_stored(
    db: Litestar,
) -> None:
    await body_factories.body(slug="digital-cities")
    await member_factories.member(slug="bilbao", name="Bilbao")
    await member_factories.member(slug="antony", name="Antony")
    await body_factories.membership(body_slug="digital-cities", member_slug="bilbao", start_date=date(2018, 1, 1))
    content = csv_bytes(
        [
            ["id", "body", "member", "start_date", "end_date"],
            ["", "digital-cities", "bilbao", "2019-01-01", ""],  # overlaps the stored one
            ["", "digital-cities", "antony", "2019-01-01", "2020-12-31"],
            ["", "digital-cities", "antony", "2020-06-01", ""],  # overlaps the row above
        ]
    )
    preview = await _preview("memberships", content)
    assert [(row.row, row.action) for row in preview.rows] == [(2, "error"), (3, "create"), (4, "error")]
    assert "already a member" in preview.rows[0].errors[0].message
    assert "already a member" in preview.rows[2].errors[0].message
    assert (await memberships.list_memberships(limit=10)).total == 1  # the dry run left nothing


async def test_duplicate_slugs_and_unknown_ids_are_problems(db: Litestar) -> None:
    content = csv_bytes([HEADER, ["bilbao", "Bilbao", "city", "ES", ""], ["bilbao", "Bilbo", "city", "ES", ""]])
    preview = await _preview("members", content)
    assert [(p.column, p.message) for p in preview.rows[1].errors] == [("slug", "bilbao is also on row 2")]
    people = csv_bytes([["id", "member", "name"], ["999999", "bilbao", "Ana"]])
    preview = await _preview("people", people)
    assert preview.rows[0].errors[0].message == "nothing has the id 999999; leave it empty to add a row"


async def test_semicolons_latin1_bom_text_dates_and_spaces_are_read(db: Litestar) -> None:
    await body_factories.body(slug="digital-cities")
    await member_factories.member(slug="saint-etienne", name="Saint-Étienne")
    latin1 = csv_bytes(
        [
            ["id", "body", "member", "start_date", "end_date"],
            ["", " digital-cities ", "saint-etienne  ", "08/12/2020", "2021-06-30"],
        ],
        separator=";",
        encoding="cp1252",
    )
    preview = await _preview("memberships", latin1)
    assert (preview.created, preview.errors) == (1, 0)
    applied = await spreadsheets.apply_content(
        kind="memberships", principal=SECRETARIAT, file_name="m.csv", content=latin1, language="en"
    )
    assert applied.applied
    (stored,) = (await memberships.list_memberships(limit=10)).items
    assert (stored.member, stored.start_date, stored.end_date) == (
        "saint-etienne",
        date(2020, 12, 8),
        date(2021, 6, 30),
    )

    # Latin-1 accents in a name, behind a byte-order mark in UTF-8: both read as written.
    members_file = "\ufeffslug;name;kind;country\r\nsaint-etienne;Saint-Étienne Métropole;city;FR\r\n"
    for content in (members_file.encode("utf-8"), members_file.lstrip("\ufeff").encode("latin-1")):
        preview = await _preview("members", content)
        assert [(c.column, c.after) for c in preview.rows[0].changes] == [("name", "Saint-Étienne Métropole")]


async def test_xlsx_with_a_merged_title_row_and_a_formula_is_read_without_running_it(db: Litestar) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Members of the network, December 2020"])
    sheet.merge_cells("A1:E1")
    sheet.append(HEADER)
    sheet.append(["bilbao", '=CONCAT("Bil","bao")', "city", "ES", ""])
    sheet.append(["antony", "Antony", "city", "FR", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = await _preview("members", buffer.getvalue(), file_name="members.xlsx")
    # A formula saved without a computed value is an empty cell here: never computed, so never run.
    assert [(row.row, row.action, [p.column for p in row.errors]) for row in preview.rows] == [
        (3, "error", ["name"]),
        (4, "create", []),
    ]


async def test_cells_that_look_like_formulas_are_exported_safely_and_read_back_unchanged(db: Litestar) -> None:
    await member_factories.member(slug="tricky", name='=HYPERLINK("http://evil.example")', country="FR")
    exported = await spreadsheets.export(kind="members", principal=SECRETARIAT, format="csv")
    assert csv_rows(exported.content)[1][1] == '\'=HYPERLINK("http://evil.example")'
    xlsx = await spreadsheets.export(kind="members", principal=SECRETARIAT, format="xlsx")
    cell = load_workbook(io.BytesIO(xlsx.content)).active["B2"]  # type: ignore[index]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example")', "s")  # text, not a formula
    for file in (exported, xlsx):
        preview = await _preview("members", file.content, file_name=file.file_name)
        assert (preview.unchanged, preview.updated, preview.errors) == (1, 0, 0)
