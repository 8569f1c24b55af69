"""A service's refusal reads as a sentence in the reader's language on the page, naming what it is about:
deleting a body that still has activities, an overlapping membership, a second chair in an import preview."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from coordination.bodies import leadership
from coordination.bodies import services as bodies
from coordination.bodies.memberships import list_memberships
from coordination.members import services as members
from tests.factories import accounts
from tests.factories.activities import activity, priority
from tests.factories.bodies import body, membership, term
from tests.factories.members import member
from tests.forms.conftest import Login, error_of, submit
from tests.spreadsheets.helpers import csv_bytes


def _shown(html: str) -> str:
    """The page's text as a person reads it: tags left out, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


async def test_deleting_digital_cities_with_activities_is_refused_in_french(signed_in: Login) -> None:
    await body(slug="digital-cities", name="Digital Cities")
    await priority(code="A")
    await activity(body="digital-cities", priority="A")
    http = await signed_in(language="fr")
    refused = await submit(http, "/bodies/digital-cities/delete", {"revision": "1"})
    assert refused.status_code == 409
    assert (
        "l’organe 'digital-cities' a encore des activités ou des événements ; passez plutôt son statut à « fermé »"
        in _shown(refused.text)
    )
    assert "still has activities" not in refused.text
    assert (await bodies.get_body(slug="digital-cities")).name == "Digital Cities"


async def test_deleting_a_member_who_led_a_body_is_refused_in_spanish(signed_in: Login) -> None:
    await body(slug="digital-cities", name="Digital Cities")
    await member(slug="bilbao", name="Bilbao", country="ES")
    await term(body_slug="digital-cities", member_slug="bilbao")
    http = await signed_in(language="es")
    refused = await submit(http, "/members/bilbao/delete", {"revision": "1"})
    assert refused.status_code == 409
    assert "el miembro 'bilbao' ha ocupado cargos de dirección o participado en actividades" in _shown(refused.text)
    assert (await members.get_member(slug="bilbao")).name == "Bilbao"


async def test_an_overlapping_membership_is_refused_in_french_next_to_the_member(signed_in: Login) -> None:
    await body(slug="digital-cities", name="Digital Cities")
    await member(slug="bilbao", name="Bilbao", country="ES")
    await membership(body_slug="digital-cities", member_slug="bilbao", start_date=date(2019, 1, 1))
    http = await signed_in(language="fr")
    refused = await submit(
        http, "/bodies/digital-cities/memberships/new", {"member": "bilbao", "start_date": "2024-01-01"}
    )
    assert refused.status_code == 409
    membership_id = (await list_memberships(body_slug="digital-cities")).items[0].id
    assert error_of(refused.text, "member") == (
        f"Bilbao est déjà membre de Digital Cities depuis le 2019-01-01 (en cours) (adhésion {membership_id})"
    )
    assert (await list_memberships(body_slug="digital-cities")).total == 1


async def test_a_second_chair_in_an_import_preview_is_a_french_problem(signed_in: Login) -> None:
    await body(slug="digital-cities", name="Digital Cities")
    await member(slug="bilbao", name="Bilbao", country="ES")
    await member(slug="geneve", name="Genève", country="CH")
    held = await term(
        body_slug="digital-cities", member_slug="bilbao", role="chair", start_date=date(2020, 1, 1), end_date=None
    )
    http = await signed_in(language="fr")
    opened = await http.get("/import/leadership-terms")
    assert opened.status_code == 200, opened.text
    content = csv_bytes(
        [
            ["id", "body", "member", "role", "start_date", "end_date", "person"],
            ["", "digital-cities", "geneve", "chair", "2021-01-01", "2021-12-31", ""],
        ]
    )
    preview = await http.post(
        "/import/leadership-terms",
        data={"_csrf_token": accounts.csrf_token(opened.text)},
        files={"file": ("terms.csv", content, "text/csv")},
    )
    assert preview.status_code == 200, preview.text
    assert (
        f"role : Bilbao est déjà président(e) de Digital Cities depuis le 2020-01-01 (en cours) (mandat {held.id}) ; "
        "un organe n’a qu’un seul titulaire de ce rôle à la fois" in _shown(preview.text)
    )
    assert (await leadership.list_terms(body_slug="digital-cities")).total == 1
