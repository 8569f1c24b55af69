"""A small network assessing itself: five member cities, a three-theme framework, a 2019 and a 2020 campaign.

Levels (by hand, for the figures tests): 2019 — Antony 1/1/1, La Rochelle 3/2/2; 2020 — Antony 2/1/3,
Pompey 3/1/2, Poitiers 4/2/2, La Rochelle 3/3/1 (users/data/participation), Geneva a draft only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.maturity import services as maturity
from coordination.maturity.schemas import AnswerIn, AssessmentOut, AssessmentSave, CampaignCreate, FrameworkCreate
from coordination.members.enums import MemberKind
from tests.factories import accounts
from tests.factories.members import member

MEMBERS = {
    "antony": "Ville d’Antony",
    "bassin-de-pompey": "Bassin de Pompey",
    "grand-poitiers": "Grand Poitiers",
    "la-rochelle": "La Rochelle",
    "geneve": "Genève",
}
THEMES = ["users", "data", "participation"]


def levels(count: int) -> list[dict[str, Any]]:
    names = ["Not yet", "Emerging", "Structuring", "Integrated"]
    return [{"level": n, "title": {"en": names[n - 1], "fr": f"Niveau {n}"}} for n in range(1, count + 1)]


def framework(*, users_title: str = "Relationship with users") -> FrameworkCreate:
    return msgspec.convert(
        {
            "slug": "self-diagnostic",
            "name": {"en": "Self-diagnostic", "fr": "Autodiagnostic"},
            "themes": [
                {
                    "code": "users",
                    "title": {"en": users_title, "fr": "Relation avec l’usager", "es": "Relación con los usuarios"},
                    "context": {"en": "How residents reach services.", "fr": "Comment les habitants accèdent."},
                    "levels": levels(4),
                },
                {
                    "code": "data",
                    "title": {"en": "Data management", "fr": "Gestion des données", "es": "Gestión de datos"},
                    "levels": levels(4),
                },
                {
                    "code": "participation",
                    "title": {"en": "Citizen participation", "fr": "Participation citoyenne"},
                    "levels": levels(3),
                },
            ],
        },
        FrameworkCreate,
    )


async def answer(campaign: str, slug: str, values: list[int | None], *, submit: bool = True) -> AssessmentOut:
    current = await maturity.get_assessment(campaign=campaign, member=slug)
    answers = [
        AnswerIn(theme=code, level=value, justification="why") for code, value in zip(THEMES, values, strict=True)
    ]
    saved = await maturity.save_answers(
        campaign=campaign, member=slug, data=AssessmentSave(revision=current.revision, answers=answers)
    )
    if submit:
        saved = await maturity.submit(campaign=campaign, member=slug, revision=saved.revision)
    return saved


@dataclass(frozen=True)
class World:
    campaign: str  # 2020, published
    earlier: str  # 2019


@pytest.fixture
async def world(db: Litestar) -> World:
    for slug, name in MEMBERS.items():
        await member(slug=slug, name=name, kind=MemberKind.city, country="FR")
    await maturity.create_framework(data=framework())
    for slug, year in (("maturity-2019", 2019), ("maturity-2020", 2020)):
        await maturity.create_campaign(
            data=CampaignCreate(
                slug=slug,
                name=f"Maturity {year}",
                start_date=date(year, 1, 1),
                end_date=date(year, 12, 31),
                framework="self-diagnostic",
                published=year == 2020,
            )
        )
    await answer("maturity-2019", "antony", [1, 1, 1])
    await answer("maturity-2019", "la-rochelle", [3, 2, 2])
    await answer("maturity-2020", "antony", [2, 1, 3])
    await answer("maturity-2020", "bassin-de-pompey", [3, 1, 2])
    await answer("maturity-2020", "grand-poitiers", [4, 2, 2])
    await answer("maturity-2020", "la-rochelle", [3, 3, 1])
    await answer("maturity-2020", "geneve", [2, None, None], submit=False)
    return World(campaign="maturity-2020", earlier="maturity-2019")


async def signed_in(app: Litestar, **grant: Any) -> httpx.AsyncClient:
    """A page client signed in as a new user with the role given (``role=``, ``member=``)."""
    user = await accounts.user(**grant)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    signed = await accounts.sign_in(http, email=user.email)
    assert signed.status_code == 303, signed.text
    return http


async def api_client(app: Litestar, **grant: Any) -> httpx.AsyncClient:
    """An API client with a new user's token."""
    user = await accounts.user(**grant)
    token = await accounts.api_token(user_id=user.id)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers=accounts.bearer(token)
    )


@pytest.fixture
async def focal_antony(app: Litestar, world: World) -> AsyncIterator[httpx.AsyncClient]:
    http = await signed_in(app, role=Role.focal_point, member="antony")
    try:
        yield http
    finally:
        await http.aclose()


@pytest.fixture
async def secretariat(app: Litestar, world: World) -> AsyncIterator[httpx.AsyncClient]:
    http = await signed_in(app, role=Role.secretariat)
    try:
        yield http
    finally:
        await http.aclose()
