"""The maturity pages as people use them: a focal point answers theme by theme without JavaScript, a stale save
is a 409 page keeping their text, bad input names the field; the secretariat sees the network and downloads it."""

from __future__ import annotations

import csv
import io
from contextlib import aclosing

import httpx
from litestar import Litestar
from openpyxl import load_workbook

from coordination.accounts.enums import Role
from coordination.maturity import services as maturity
from tests.factories.accounts import csrf_token
from tests.maturity.conftest import World, signed_in
from tests.pages.html import Page, check_accessible

BASE = "/maturity/campaigns/maturity-2020/members/geneve"


async def _post(client: httpx.AsyncClient, page: str, action: str, data: dict[str, str]) -> httpx.Response:
    opened = await client.get(page)
    assert opened.status_code == 200, opened.text
    return await client.post(action, data={**data, "_csrf_token": csrf_token(opened.text)})


async def test_a_focal_point_answers_theme_by_theme_then_submits(app: Litestar, world: World) -> None:
    async with aclosing(await signed_in(app, role=Role.focal_point, member="geneve")) as focal:
        overview = Page((await focal.get(f"{BASE}?lang=fr")).text)
        check_accessible(overview)
        assert "Choisissez un niveau pour chaque thème avant d’envoyer (encore 2)." in overview.text
        question = await focal.get(f"{BASE}/themes/data")
        page = Page(question.text)
        check_accessible(page)
        assert page.h1 == "Gestion des données"  # the language chosen stays
        revision = (await maturity.get_assessment(campaign=world.campaign, member="geneve")).revision
        saved = await _post(
            focal,
            f"{BASE}/themes/data",
            f"{BASE}/themes/data",
            {
                "revision": str(revision),
                "level": "2",
                "justification": "An inventory started",
                "next_steps": "",
                "next": "participation",
            },
        )
        assert saved.status_code == 303
        assert saved.headers["location"] == f"{BASE}/themes/participation?done=saved"
        following = Page((await focal.get(saved.headers["location"])).text)
        assert following.h1 == "Participation citoyenne"
        assert "Enregistré comme brouillon." in following.text
        saved = await _post(
            focal,
            f"{BASE}/themes/participation",
            f"{BASE}/themes/participation",
            {
                "revision": str(revision + 1),
                "level": "3",
                "justification": "",
                "next_steps": "A citizens' panel",
                "next": "",
            },
        )
        assert saved.headers["location"] == f"{BASE}?done=saved"
        submitted = await _post(focal, BASE, f"{BASE}/submit", {"revision": str(revision + 2)})
        assert submitted.status_code == 303, submitted.text
        assert submitted.headers["location"] == f"{BASE}?done=submitted"
        shown = Page((await focal.get(f"{BASE}?done=submitted&lang=es")).text)
        assert "Enviada: la secretaría puede verla." in shown.text
        assert "A citizens' panel" in shown.text
    current = await maturity.get_assessment(campaign=world.campaign, member="geneve")
    assert current.state.value == "submitted"
    assert [answer.level for answer in current.answers] == [2, 2, 3]


async def test_a_stale_save_is_a_409_page_that_keeps_the_persons_text(app: Litestar, world: World) -> None:
    async with aclosing(await signed_in(app, role=Role.focal_point, member="geneve")) as focal:
        stale = await _post(
            focal,
            f"{BASE}/themes/data",
            f"{BASE}/themes/data",
            {"revision": "1", "level": "4", "justification": "My careful text", "next_steps": ""},
        )
        assert stale.status_code == 409
        page = Page(stale.text)
        assert "Someone else saved this assessment since you opened it" in page.text
        assert "My careful text" in stale.text
    data = (await maturity.get_assessment(campaign=world.campaign, member="geneve")).answers[1]
    assert (data.level, data.justification) == (None, "why")  # as it was


async def test_a_level_off_the_scale_is_a_400_naming_the_field_and_saves_nothing(app: Litestar, world: World) -> None:
    revision = (await maturity.get_assessment(campaign=world.campaign, member="geneve")).revision
    async with aclosing(await signed_in(app, role=Role.focal_point, member="geneve")) as focal:
        for level, message in [("4", "choisissez un niveau de 1 à 3"), ("trois", "choisissez un niveau de 1 à 3")]:
            refused = await _post(
                focal,
                f"{BASE}/themes/participation?lang=fr",
                f"{BASE}/themes/participation",
                {"revision": str(revision), "level": level, "justification": "x", "next_steps": ""},
            )
            assert refused.status_code == 400
            assert 'id="level-error"' in refused.text
            assert message in refused.text, refused.text[
                refused.text.find('id="level-error"') : refused.text.find('id="level-error"') + 200
            ]
    assert (await maturity.get_assessment(campaign=world.campaign, member="geneve")).revision == revision


async def test_another_members_assessment_is_not_shown_nor_writable(app: Litestar, world: World) -> None:
    async with aclosing(await signed_in(app, role=Role.focal_point, member="antony")) as focal:
        assert (await focal.get(BASE)).status_code == 403
        assert (await focal.get(f"{BASE}/themes/data")).status_code == 403
        assert (await focal.get("/maturity/members/geneve")).status_code == 403
        history = Page((await focal.get("/maturity/members/antony")).text)
        check_accessible(history)
        assert "<svg" in (await focal.get("/maturity/members/antony")).text
        # 2019: two members only, no median; 2020: the network's median beside Antony's levels.
        assert "Data management 1 not shown 1 1.5" in history.text


async def test_the_secretariat_sees_the_network_and_downloads_it(
    app: Litestar, world: World, secretariat: httpx.AsyncClient
) -> None:
    answer = await secretariat.get("/maturity/campaigns/maturity-2020?lang=fr")
    page = Page(answer.text)
    check_accessible(page)
    assert "4 membres ont envoyé leur évaluation · 5 commencées" in page.text
    # Data management in 2020: levels 1, 1, 2, 3 — median 1.5, mean 1.75, written as French and Spanish write them.
    assert "Gestion des données 2 1 1 0 1,5 1,75" in page.text
    spanish = Page((await secretariat.get("/maturity/campaigns/maturity-2020?lang=es")).text)
    assert "Gestión de datos 2 1 1 0 1,5 1,75" in spanish.text
    assert "<svg" in answer.text
    assert "La Rochelle" in page.text
    assert "Progrès depuis la campagne précédente" in page.text
    exported = await secretariat.get("/maturity/campaigns/maturity-2020/export?format=csv&lang=en")
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1] == ["Theme code", "Theme", "Level 1", "Level 2", "Level 3", "Level 4", "Answered", "Median", "Mean"]
    assert rows[3] == ["data", "Data management", "2", "1", "1", "0", "4", "1.5", "1.75"]
    assert rows[4] == ["participation", "Citizen participation", "1", "2", "1", "", "4", "2.0", "2.0"]
    workbook = load_workbook(
        io.BytesIO((await secretariat.get("/maturity/campaigns/maturity-2020/export?format=xlsx&lang=en")).content)
    )
    themes, progress = workbook.worksheets
    assert [cell.value for cell in themes[2]] == ["users", "Relationship with users", 0, 1, 2, 1, 4, 3.0, 3.0]
    assert [cell.value for cell in progress[2]] == ["Ville d’Antony", "antony", "maturity-2019", 1, 0, 2, 1.0]
    bad = await secretariat.get("/maturity/campaigns/maturity-2020/export?format=pdf")
    assert bad.status_code == 400


async def test_the_secretariat_creates_a_campaign_and_a_bad_date_names_the_field(
    app: Litestar, world: World, secretariat: httpx.AsyncClient
) -> None:
    form = {
        "name": "Maturity 2021",
        "slug": "maturity-2021",
        "start_date": "2021-01-01",
        "end_date": "2020-12-31",
        "framework": "self-diagnostic",
    }
    refused = await _post(secretariat, "/maturity/campaigns/new", "/maturity/campaigns", form)
    assert refused.status_code == 400
    assert "the campaign cannot end before it starts" in Page(refused.text).text
    assert len(await maturity.list_campaigns()) == 2
    made = await _post(
        secretariat, "/maturity/campaigns/new", "/maturity/campaigns", {**form, "end_date": "2021-12-31"}
    )
    assert made.status_code == 303
    assert made.headers["location"] == "/maturity/campaigns/maturity-2021"
    assert (await maturity.list_campaigns())[0].slug == "maturity-2021"


async def test_the_public_reads_a_published_campaigns_figures_but_no_assessment(app: Litestar, world: World) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as public:
        shown = await public.get("/maturity/campaigns/maturity-2020")
        assert shown.status_code == 200
        assert "Ville d’Antony" not in shown.text
        assert (await public.get("/maturity/campaigns/maturity-2019")).status_code == 303  # sign in first
        assert (await public.get("/maturity/campaigns/maturity-2020/members/antony")).status_code == 303
