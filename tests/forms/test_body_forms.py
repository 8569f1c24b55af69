"""The body forms (the secretariat's): create, rename with its history, close instead of delete, memberships,
leadership terms with who speaks for the member, former names; the network's settings and priorities."""

from __future__ import annotations

from coordination.accounts.enums import Role
from coordination.bodies import leadership
from coordination.bodies import services as bodies
from coordination.bodies.memberships import list_memberships
from coordination.network import services as network
from coordination.network.schemas import NetworkUpdate
from tests.factories.activities import activity, priority
from tests.factories.bodies import body
from tests.factories.members import member, person
from tests.forms.conftest import Login, error_of, form_values, submit
from tests.pages.html import Page


async def test_the_secretariat_creates_and_renames_a_body(signed_in: Login) -> None:
    http = await signed_in()
    created = await submit(
        http,
        "/bodies/new",
        {"slug": "knowledge", "name": "Knowledge Commission", "kind": "commission", "status": "active"},
    )
    assert created.status_code == 303, created.text
    renamed = await submit(
        http,
        "/bodies/knowledge/edit",
        {
            "revision": "1",
            "name": "Digital Cities",
            "kind": "community_of_practice",
            "status": "active",
            "mandate": "",
            "changed_on": "2019-11-15",
        },
    )
    assert renamed.status_code == 303, renamed.text
    now = await bodies.get_body(slug="knowledge")
    assert (now.name, now.kind.value) == ("Digital Cities", "community_of_practice")
    assert now.named_since is not None
    assert now.named_since.isoformat() == "2019-11-15"
    assert [entry.name for entry in now.history] == ["Knowledge Commission"]


async def test_a_body_with_activities_is_closed_not_deleted(signed_in: Login) -> None:
    await body(slug="culture", name="Culture")
    await priority(code="A")
    await activity(body="culture", priority="A")
    http = await signed_in()
    confirm = await http.get("/bodies/culture/delete")
    assert 'href="/bodies/culture/edit?status=closed"' in confirm.text
    refused = await submit(http, "/bodies/culture/delete", {"revision": "1"})
    assert refused.status_code == 409
    assert "It was not deleted" in refused.text
    assert (await bodies.get_body(slug="culture")).name == "Culture"
    closing = await http.get("/bodies/culture/edit?status=closed")
    assert '<option value="closed" selected>' in closing.text


async def test_memberships_and_terms_are_recorded_and_corrected(signed_in: Login) -> None:
    await body(slug="digital-cities")
    await member(slug="bilbao", name="Bilbao", country="ES")
    mayor = await person(member_slug="bilbao", name="Juan Mari Aburto")
    http = await signed_in()
    picker = await http.get("/bodies/digital-cities/memberships/new")
    assert '<option value="bilbao">Bilbao</option>' in picker.text  # the member picker's list
    joined = await submit(
        http, "/bodies/digital-cities/memberships/new", {"member": "bilbao", "start_date": "2019-01-01"}
    )
    assert joined.status_code == 303, joined.text
    unknown = await submit(
        http, "/bodies/digital-cities/terms/new", {"member": "atlantis", "role": "lead", "start_date": "2020-01-01"}
    )
    assert unknown.status_code == 400
    assert "atlantis" in error_of(unknown.text, "member")
    led = await submit(
        http, "/bodies/digital-cities/terms/new", {"member": "bilbao", "role": "lead", "start_date": "2020-01-01"}
    )
    assert led.status_code == 303, led.text
    term = (await leadership.list_terms(body_slug="digital-cities")).items[0]
    edit = await http.get(f"/leadership-terms/{term.id}/edit")
    assert f'<option value="{mayor.id}">Juan Mari Aburto' in edit.text
    fields = {"revision": "1", "role": "lead", "start_date": "2020-01-01", "person": str(mayor.id)}
    before_start = await submit(http, f"/leadership-terms/{term.id}/edit", {**fields, "end_date": "2019-12-31"})
    assert before_start.status_code == 400
    assert error_of(before_start.text, "end_date")
    saved = await submit(http, f"/leadership-terms/{term.id}/edit", {**fields, "end_date": "2021-12-31"})
    assert saved.status_code == 303, saved.text
    term = await leadership.get_term(term_id=term.id)
    assert term.end_date is not None
    assert (term.end_date.isoformat(), term.person_name) == ("2021-12-31", "Juan Mari Aburto")
    membership = (await list_memberships(body_slug="digital-cities")).items[0]
    removed = await submit(http, f"/memberships/{membership.id}/delete", {"revision": "1"})
    assert removed.status_code == 303
    assert (await list_memberships(body_slug="digital-cities")).items == []


async def test_a_lead_cannot_open_the_secretariats_body_forms(signed_in: Login) -> None:
    await body(slug="digital-cities")
    http = await signed_in(role=Role.body_lead, body="digital-cities")
    for path in (
        "/bodies/new",
        "/bodies/digital-cities/edit",
        "/bodies/digital-cities/terms/new",
        "/bodies/digital-cities/memberships/new",
        "/network/settings",
        "/priorities/new",
    ):
        assert (await http.get(path)).status_code == 403, path


async def test_network_settings_stale_and_a_priority_in_french(signed_in: Login) -> None:
    http = await signed_in(language="fr")
    opened = await http.get("/network/settings")
    revision = form_values(opened.text)["revision"]
    current = await network.get_network()
    await network.update_network(data=NetworkUpdate(revision=current.revision, name="Réseau des villes"))
    token = opened.text.split('name="_csrf_token" value="')[1].split('"')[0]
    data = {"_csrf_token": token, "revision": revision, "name": "Mon réseau", "languages": ["en", "fr"]}
    stale = await http.post("/network/settings", data={**data, "default_language": "fr"})
    assert stale.status_code == 409
    assert "Réseau des villes" in stale.text
    assert (await network.get_network()).name == "Réseau des villes"
    # The network's own rule, in French next to its field: the default language is one of the network's.
    fresh = {**data, "revision": form_values(stale.text)["revision"], "default_language": "es"}
    refused = await http.post("/network/settings", data=fresh)
    assert refused.status_code == 400
    assert error_of(refused.text, "default_language") == (
        "la langue par défaut 'es' doit être l’une des langues du réseau"
    )
    bad = await submit(http, "/priorities/new", {"code": "a-1", "title_en": "Implementation"})
    assert bad.status_code == 400
    assert "majuscules" in error_of(bad.text, "code")
    good = await submit(
        http, "/priorities/new", {"code": "A", "title_en": "Implementation", "title_fr": "Mise en œuvre"}
    )
    assert good.status_code == 303, good.text
    assert (await network.get_priority(code="A")).title["fr"] == "Mise en œuvre"
    again = await submit(http, "/priorities/new", {"code": "A", "title_en": "Implementation"})
    assert again.status_code == 409
    assert error_of(again.text, "code") == "la priorité stratégique 'A' existe déjà"
    confirm = Page((await http.get("/priorities/A/delete")).text)
    assert confirm.h1 == "Supprimer la priorité stratégique A — Mise en œuvre ?"
