"""Content in three languages: the API reads and writes translations; pages show the reader's language or the
original, marked with its ``lang`` and a small "in French" note."""

from __future__ import annotations

import httpx
from litestar import Litestar

from coordination.accounts.enums import Role
from tests.factories import accounts
from tests.pages.html import Page


async def test_a_body_written_in_french_with_an_english_translation(client: httpx.AsyncClient, db: Litestar) -> None:
    admin = await accounts.user(role=Role.secretariat)
    headers = accounts.bearer(await accounts.api_token(user_id=admin.id))
    created = await client.post(
        "/api/v1/bodies",
        headers=headers,
        json={
            "slug": "villes-moyennes",
            "name": "Groupe de travail Villes moyennes intelligentes",
            "kind": "working_group",
            "mandate": "Accompagner les villes moyennes.",
            "language": "fr",
            "translations": {"en": {"name": "Smart mid-sized cities working group"}},
        },
    )
    assert created.status_code == 201, created.text
    read = (await client.get("/api/v1/bodies/villes-moyennes")).json()
    assert read["language"] == "fr"
    assert read["translations"] == {"en": {"name": "Smart mid-sized cities working group"}}

    english = await client.get("/bodies/villes-moyennes", params={"lang": "en"})
    assert Page(english.text).h1 == "Smart mid-sized cities working group"
    # The mandate has no English translation: the French original, marked as such.
    assert '<div lang="fr"><p>Accompagner les villes moyennes.</p>' in english.text
    assert "(in French)" in Page(english.text).text
    spanish = await client.get("/bodies/villes-moyennes", params={"lang": "es"})
    assert '<span lang="fr">Groupe de travail Villes moyennes intelligentes</span>' in spanish.text
    assert "(en francés)" in Page(spanish.text).text
    french = await client.get("/bodies/villes-moyennes", params={"lang": "fr"})
    assert Page(french.text).h1 == "Groupe de travail Villes moyennes intelligentes"
    assert "(en français)" not in Page(french.text).text

    # An update replaces the translations; a field that cannot be translated is refused, naming it.
    changed = await client.patch(
        "/api/v1/bodies/villes-moyennes",
        headers=headers,
        json={"revision": read["revision"], "translations": {"es": {"mandate": "Acompañar a las ciudades medias."}}},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["translations"] == {"es": {"mandate": "Acompañar a las ciudades medias."}}
    refused = await client.patch(
        "/api/v1/bodies/villes-moyennes",
        headers=headers,
        json={"revision": changed.json()["revision"], "translations": {"es": {"kind": "grupo"}}},
    )
    assert refused.status_code == 400
    assert "translations.es.kind" in refused.text


async def test_activities_and_events_carry_their_language(client: httpx.AsyncClient, db: Litestar) -> None:
    from tests.factories.activities import activity, priority
    from tests.factories.bodies import body
    from tests.factories.events import event

    await priority(code="A", title_en="Implementation", title_fr="Mise en œuvre", title_es="Implementación")
    await body(slug="numerique", name="Commission numérique")
    study = await activity(
        body="numerique",
        priority="A",
        title="Outil d’autodiagnostic",
        description="Un outil pour les villes.",
        language="fr",
        translations={"es": {"title": "Herramienta de autodiagnóstico"}},
    )
    forum = await event(body="numerique", title="Forum des Interconnectés", language="fr")
    spanish = await client.get(f"/activities/{study.id}", params={"lang": "es"})
    assert Page(spanish.text).h1 == "Herramienta de autodiagnóstico"
    assert '<div lang="fr"><p>Un outil pour les villes.</p>' in spanish.text
    english = Page((await client.get(f"/events/{forum.id}", params={"lang": "en"})).text)
    assert english.h1 == "Forum des Interconnectés (in French)"
