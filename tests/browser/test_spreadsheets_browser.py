"""A secretariat on a phone, in French: downloads the members as XLSX from the list, renames a city in the sheet,
uploads it, sees exactly that one change in the preview, applies it, and the list shows the new name."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from coordination.accounts.enums import Role
from coordination.members import services as members
from tests.browser.axe_check import page_problems
from tests.browser.conftest import ARTIFACTS
from tests.browser.engines import ON_SQLITE
from tests.factories import accounts as account_factories
from tests.spreadsheets.helpers import edit_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.demo, ON_SQLITE]

SECRETARIAT = "secretariat-sheets@example.org"
PHONE = {"width": 390, "height": 844}


async def test_download_edit_upload_preview_and_apply_on_a_phone(browser: Browser, demo_server: str) -> None:
    await account_factories.user(role=Role.secretariat, email=SECRETARIAT, name="Secretariat")
    context = await browser.new_context(
        locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True
    )
    tab = await context.new_page()
    await tab.goto(demo_server + "/sign-in")
    await tab.get_by_label("Email").fill(SECRETARIAT)
    await tab.get_by_label("Password").fill(account_factories.PASSWORD)
    await tab.get_by_role("button", name="Sign in").click()
    # Signed in: the start page ("Sign out" waits in the header's menu under the person's name).
    await tab.wait_for_url("**/start")

    await tab.goto(demo_server + "/members?kind=city&lang=fr")
    async with tab.expect_download() as downloading:
        await tab.get_by_role("link", name="Excel (XLSX)").click()
    download = await downloading.value
    assert download.suggested_filename == "members.xlsx"
    content = (await download.path()).read_bytes()

    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(content)).active
    assert sheet is not None
    slugs = [cell.value for cell in sheet["A"][1:]]
    assert "antony" in slugs
    assert all(kind.value == "city" for kind in sheet["C"][1:])  # the list's filter is honoured
    row = slugs.index("antony") + 2
    edited = ARTIFACTS / "members-edited.xlsx"
    ARTIFACTS.mkdir(exist_ok=True)
    edited.write_bytes(edit_xlsx(content, {f"B{row}": "Antony (Hauts-de-Seine)"}))

    await tab.goto(demo_server + "/import/members")
    await expect(tab.get_by_role("heading", name="Import : Membres")).to_be_visible()
    await tab.get_by_label("Fichier (XLSX ou CSV)").set_input_files(str(edited))
    await tab.get_by_role("button", name="Prévisualiser l’import").click()
    await expect(tab.locator("#summary")).to_contain_text("1 ligne à modifier")
    rows = tab.locator("table.import-rows tbody tr")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("antony")
    await expect(rows.first).to_contain_text("Antony (Hauts-de-Seine)")
    await tab.screenshot(path=str(ARTIFACTS / "spreadsheets-preview-phone.png"), full_page=True)
    # The preview fits the phone: the page is no wider than the screen (the table scrolls in its own box), its tap
    # targets are at least 44 px, axe-core finds no serious problem.
    assert await page_problems(tab, "import preview") == []
    # Nothing is written by the preview.
    assert (await members.get_member(slug="antony")).name != "Antony (Hauts-de-Seine)"

    await tab.get_by_role("button", name="Appliquer ces modifications").click()
    await expect(tab.locator("#outcome")).to_contain_text("Importé : 0 ajouté(s), 1 modifié(s)")
    assert await page_problems(tab, "import outcome") == []
    assert (await members.get_member(slug="antony")).name == "Antony (Hauts-de-Seine)"
    await tab.goto(demo_server + "/members?kind=city")
    await expect(tab.get_by_role("link", name="Antony (Hauts-de-Seine)")).to_be_visible()
    await context.close()


async def test_a_file_with_problems_shows_them_and_cannot_be_applied(browser: Browser, demo_server: str) -> None:
    await account_factories.user(role=Role.secretariat, email=SECRETARIAT, name="Secretariat")
    context = await browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
    tab = await context.new_page()
    await tab.goto(demo_server + "/sign-in")
    await tab.get_by_label("Email").fill(SECRETARIAT)
    await tab.get_by_label("Password").fill(account_factories.PASSWORD)
    await tab.get_by_role("button", name="Sign in").click()
    # Signed in: the start page ("Sign out" waits in the header's menu under the person's name).
    await tab.wait_for_url("**/start")
    bad = ARTIFACTS / "members-bad.csv"
    ARTIFACTS.mkdir(exist_ok=True)
    bad.write_text("slug;name;kind;country\nantony;Antony;village;FR\nnew-town;New Town;city;FR\n", encoding="utf-8")
    await tab.goto(demo_server + "/import/members")
    await tab.get_by_label("File (XLSX or CSV)").set_input_files(str(bad))
    await tab.get_by_role("button", name="Preview the import").click()
    await expect(tab.get_by_role("alert")).to_contain_text("Nothing can be imported")
    await expect(tab.locator("table.import-rows")).to_contain_text("'village' is not one of")
    await expect(tab.get_by_role("button", name="Apply these changes")).to_have_count(0)
    assert await page_problems(tab, "import preview with problems") == []
    await tab.screenshot(path=str(ARTIFACTS / "spreadsheets-problems.png"), full_page=True)
    await context.close()
