"""The assessment's workflow through the API: drafts, stale saves, submission, sending back, sharing, permissions,
bad input, and framework versions."""

from __future__ import annotations

from datetime import date

import httpx
import msgspec
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.audit.tables import AuditRecord
from coordination.maturity import services as maturity
from coordination.maturity.schemas import CampaignCreate
from tests.maturity.conftest import World, api_client, framework

ASSESSMENT = "/api/v1/maturity/campaigns/maturity-2020/assessments"


async def test_a_focal_point_saves_a_draft_and_a_stale_save_is_refused_and_overwrites_nothing(
    app: Litestar, world: World
) -> None:
    async with await api_client(app, role=Role.focal_point, member="geneve") as focal:
        opened = (await focal.get(f"{ASSESSMENT}/geneve")).json()
        assert opened["state"] == "draft"
        assert [answer["level"] for answer in opened["answers"]] == [2, None, None]
        body = {"revision": opened["revision"], "answers": [{"theme": "data", "level": 3, "justification": "ok"}]}
        saved = await focal.put(f"{ASSESSMENT}/geneve", json=body)
        assert saved.status_code == 200, saved.text
        assert saved.json()["revision"] == opened["revision"] + 1
        # The same save again, based on the revision it read first: someone saved since.
        stale = await focal.put(
            f"{ASSESSMENT}/geneve",
            json={"revision": opened["revision"], "answers": [{"theme": "data", "level": 1}]},
        )
        assert stale.status_code == 409
        assert stale.json()["errors"][0]["field"] == "revision"
        now = (await focal.get(f"{ASSESSMENT}/geneve")).json()
        assert [answer["level"] for answer in now["answers"]] == [2, 3, None]
        assert now["answers"][1]["justification"] == "ok"


async def test_submitting_needs_every_level_then_locks_the_assessment(app: Litestar, world: World) -> None:
    async with await api_client(app, role=Role.focal_point, member="geneve") as focal:
        revision = (await focal.get(f"{ASSESSMENT}/geneve")).json()["revision"]
        refused = await focal.post(f"{ASSESSMENT}/geneve/submit", json={"revision": revision})
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["field"] == "answers.data.level"
        assert "data, participation" in refused.json()["detail"]
        saved = await focal.put(
            f"{ASSESSMENT}/geneve",
            json={
                "revision": revision,
                "answers": [{"theme": "data", "level": 2}, {"theme": "participation", "level": 3}],
            },
        )
        submitted = await focal.post(f"{ASSESSMENT}/geneve/submit", json={"revision": saved.json()["revision"]})
        assert submitted.status_code == 200, submitted.text
        assert submitted.json()["state"] == "submitted"
        locked = await focal.put(
            f"{ASSESSMENT}/geneve",
            json={"revision": submitted.json()["revision"], "answers": [{"theme": "data", "level": 4}]},
        )
        assert locked.status_code == 409
        assert locked.json()["errors"][0]["field"] == "state"
    figures = await maturity.campaign_figures(slug=world.campaign, language="en")
    assert figures.participants == 5
    actions = [
        row["action"]
        for row in await AuditRecord.select(AuditRecord.action).where(AuditRecord.object_id == "maturity-2020/geneve")
    ]
    assert actions.count("maturity_assessment.submitted") == 1
    assert "maturity_assessment.saved" in actions


async def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(app: Litestar, world: World) -> None:
    async with await api_client(app, role=Role.focal_point, member="geneve") as focal:
        before = (await focal.get(f"{ASSESSMENT}/geneve")).json()
        for answers, field in [
            ([{"theme": "participation", "level": 4}], "answers[0].level"),  # its scale stops at 3
            ([{"theme": "data", "level": 11}], "answers[0].level"),
            ([{"theme": "data", "level": "2"}], "answers[0].level"),
            ([{"theme": "finance", "level": 2}], "answers[0].theme"),
            ([{"theme": "data", "level": 2, "justification": "x" * 2001}], "answers[0].justification"),
        ]:
            refused = await focal.put(f"{ASSESSMENT}/geneve", json={"revision": before["revision"], "answers": answers})
            assert refused.status_code == 400, (answers, refused.text)
            assert refused.json()["errors"][0]["field"] == field, refused.json()
        assert (await focal.get(f"{ASSESSMENT}/geneve")).json() == before


async def test_a_focal_point_reads_only_their_members_assessments_and_those_shared(app: Litestar, world: World) -> None:
    async with await api_client(app, role=Role.focal_point, member="antony") as focal:
        assert (await focal.get(f"{ASSESSMENT}/antony")).status_code == 200
        assert (await focal.get(f"{ASSESSMENT}/la-rochelle")).status_code == 403
        put = await focal.put(f"{ASSESSMENT}/geneve", json={"revision": 1, "answers": []})
        assert put.status_code == 403
        assert (await focal.get("/api/v1/maturity/members/la-rochelle/history")).status_code == 403
        assert (await focal.get("/api/v1/maturity/campaigns/maturity-2020/figures/export")).status_code == 403
    async with await api_client(app, role=Role.focal_point, member="la-rochelle") as rochelle:
        revision = (await rochelle.get(f"{ASSESSMENT}/la-rochelle")).json()["revision"]
        shared = await rochelle.patch(f"{ASSESSMENT}/la-rochelle", json={"revision": revision, "shared": True})
        assert shared.status_code == 200, shared.text
    async with await api_client(app, role=Role.focal_point, member="antony") as focal:
        read = await focal.get(f"{ASSESSMENT}/la-rochelle")
        assert read.status_code == 200
        assert [answer["level"] for answer in read.json()["answers"]] == [3, 3, 1]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as public:
        assert (await public.get(f"{ASSESSMENT}/la-rochelle")).status_code == 401


async def test_the_public_reads_published_figures_only_with_three_submissions_and_never_a_name(
    app: Litestar, world: World
) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as public:
        published = await public.get("/api/v1/maturity/campaigns/maturity-2020/figures?lang=fr")
        assert published.status_code == 200
        assert published.json()["participants"] == 4
        assert published.json()["progress"] == []
        assert "antony" not in published.text
        # 2019: not published (and two submissions only)
        assert (await public.get("/api/v1/maturity/campaigns/maturity-2019/figures")).status_code == 401
    async with await api_client(app, role=Role.secretariat) as secretariat:
        revision = (await secretariat.get("/api/v1/maturity/campaigns")).json()[1]["revision"]
        made = await secretariat.patch(
            "/api/v1/maturity/campaigns/maturity-2019", json={"revision": revision, "published": True}
        )
        assert made.status_code == 200, made.text
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as public:
        # Published, but two members only: one could be told from the other.
        assert (await public.get("/api/v1/maturity/campaigns/maturity-2019/figures")).status_code == 401
    async with await api_client(app, role=Role.focal_point, member="antony") as focal:
        assert (await focal.get("/api/v1/maturity/campaigns/maturity-2019/figures")).status_code == 403


async def test_a_new_framework_version_leaves_earlier_campaigns_as_they_were(app: Litestar, world: World) -> None:
    second = await maturity.create_framework(data=framework(users_title="Users and services"))
    assert second.version == 2
    await maturity.create_campaign(
        data=CampaignCreate(
            slug="maturity-2021",
            name="Maturity 2021",
            start_date=date(2021, 1, 1),
            end_date=date(2021, 12, 31),
            framework="self-diagnostic",
        )
    )
    assert (await maturity.campaign_framework(slug="maturity-2020")).version == 1
    assert (await maturity.campaign_framework(slug="maturity-2021")).version == 2
    old = await maturity.campaign_figures(slug="maturity-2020", language="en")
    new = await maturity.campaign_figures(slug="maturity-2021", language="en")
    assert old.themes[0].title == "Relationship with users"
    assert new.themes[0].title == "Users and services"
    assert [(f.slug, f.version) for f in await maturity.list_frameworks()] == [
        ("self-diagnostic", 2),
        ("self-diagnostic", 1),
    ]


async def test_a_framework_with_levels_out_of_order_is_refused_naming_the_field(app: Litestar, world: World) -> None:
    body = msgspec.to_builtins(framework())
    body["themes"][1]["levels"][1]["level"] = 3
    async with await api_client(app, role=Role.secretariat) as secretariat:
        refused = await secretariat.post("/api/v1/maturity/frameworks", json=body)
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["field"] == "themes[1].levels[1].level"
        assert [f.version for f in await maturity.list_frameworks()] == [1]
