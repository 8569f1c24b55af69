"""The member and people forms: create, edit, errors next to their field in French, stale edits, deletion."""

from __future__ import annotations

import httpx

from coordination.accounts.enums import Role
from coordination.members import services as members
from coordination.members.schemas import MemberUpdate
from tests.factories.members import member, person
from tests.forms.conftest import Login, error_of, form_values, submit

NEW_MEMBER = {"slug": "cahors", "name": "Ville de Cahors", "kind": "city", "country": "FR", "website": ""}


async def test_the_secretariat_creates_a_member(signed_in: Login) -> None:
    http = await signed_in()
    listing = await http.get("/members")
    assert 'href="/members/new"' in listing.text
    answer = await submit(http, "/members/new", NEW_MEMBER)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/members/cahors"
    created = await members.get_member(slug="cahors")
    assert (created.name, created.country) == ("Ville de Cahors", "FR")
    shown = await http.get("/members/cahors")
    assert "Ville de Cahors" in shown.text
    assert 'href="/members/cahors/edit"' in shown.text


async def test_errors_are_shown_next_to_the_field_in_french_keeping_what_was_typed(signed_in: Login) -> None:
    http = await signed_in(language="fr")
    answer = await submit(http, "/members/new", {**NEW_MEMBER, "slug": "Cahors Ville", "country": "France"})
    assert answer.status_code == 400
    assert "Rien n’a été enregistré" in answer.text or "Rien n'a été enregistré" in answer.text
    assert "minuscules" in error_of(answer.text, "slug")
    assert form_values(answer.text)["name"] == "Ville de Cahors"
    assert form_values(answer.text)["country"] == "France"
    assert await members.list_members(limit=10) == await members.list_members(limit=10)
    assert (await members.list_members(limit=10)).total == 0


async def test_a_required_field_left_empty_is_named(signed_in: Login) -> None:
    http = await signed_in(language="fr")
    answer = await submit(http, "/members/new", {**NEW_MEMBER, "name": ""})
    assert answer.status_code == 400
    assert error_of(answer.text, "name") == "Ce champ est obligatoire."


async def test_a_taken_slug_is_said_in_french(signed_in: Login) -> None:
    await member(slug="cahors")
    http = await signed_in(language="fr")
    answer = await submit(http, "/members/new", NEW_MEMBER)
    assert answer.status_code == 409
    assert "déjà" in error_of(answer.text, "slug")


async def test_a_focal_point_edits_their_member_and_adds_a_person(signed_in: Login) -> None:
    await member(slug="bilbao", name="Bilbao", country="ES")
    http = await signed_in(role=Role.focal_point, member="bilbao")
    detail = await http.get("/members/bilbao")
    assert 'href="/members/bilbao/people/new"' in detail.text
    assert 'href="/members/bilbao/delete"' not in detail.text  # deleting is the secretariat's
    edited = await submit(
        http,
        "/members/bilbao/edit",
        {"revision": "1", "name": "Bilbao", "kind": "city", "country": "ES", "website": "https://www.bilbao.eus/"},
    )
    assert edited.status_code == 303, edited.text
    assert (await members.get_member(slug="bilbao")).website == "https://www.bilbao.eus/"
    added = await submit(
        http,
        "/members/bilbao/people/new",
        {"name": "Ana Etxeberria", "title": "Digital", "email": "ana@bilbao.example"},
    )
    assert added.status_code == 303, added.text
    people = (await members.get_member(slug="bilbao")).people
    assert [p.name for p in people] == ["Ana Etxeberria"]


async def test_a_focal_point_cannot_open_another_members_forms(signed_in: Login) -> None:
    await member(slug="bilbao")
    other = await member(slug="lyon")
    someone = await person(member_slug="lyon")
    http = await signed_in(role=Role.focal_point, member="bilbao")
    for path in (
        "/members/lyon/edit",
        "/members/lyon/people/new",
        f"/people/{someone.id}/edit",
        "/members/new",
        "/members/lyon/delete",
    ):
        assert (await http.get(path)).status_code == 403, path
    opened = await http.get("/members/bilbao/edit")
    token = opened.text.split('name="_csrf_token" value="')[1].split('"')[0]
    refused = await http.post(
        "/members/lyon/edit",
        data={"_csrf_token": token, "revision": "1", "name": "Mine", "kind": "city", "country": "FR"},
    )
    assert refused.status_code == 403
    assert (await members.get_member(slug="lyon")).name == other.name


async def test_a_stale_edit_shows_what_changed_and_overwrites_nothing(signed_in: Login) -> None:
    await member(slug="bilbao", name="Bilbao", country="ES")
    http = await signed_in(language="fr")
    opened = await http.get("/members/bilbao/edit")
    assert form_values(opened.text)["revision"] == "1"
    # Someone else saves meanwhile.
    await members.update_member(slug="bilbao", data=MemberUpdate(revision=1, name="Bilbao (Bizkaia)"))
    token = opened.text.split('name="_csrf_token" value="')[1].split('"')[0]
    answer = await http.post(
        "/members/bilbao/edit",
        data={"_csrf_token": token, "revision": "1", "name": "Bilbo", "kind": "city", "country": "ES", "website": ""},
    )
    assert answer.status_code == 409
    assert "modifié" in answer.text
    assert "Bilbao (Bizkaia)" in answer.text
    assert form_values(answer.text)["name"] == "Bilbo"
    assert form_values(answer.text)["revision"] == "2"
    assert (await members.get_member(slug="bilbao")).name == "Bilbao (Bizkaia)"
    again = await http.post(
        "/members/bilbao/edit",
        data={"_csrf_token": token, "revision": "2", "name": "Bilbo", "kind": "city", "country": "ES", "website": ""},
    )
    assert again.status_code == 303
    assert (await members.get_member(slug="bilbao")).name == "Bilbo"


async def test_deleting_asks_first(signed_in: Login) -> None:
    await member(slug="cahors", name="Ville de Cahors")
    http = await signed_in()
    confirm = await http.get("/members/cahors/delete")
    assert confirm.status_code == 200
    assert "Delete the member Ville de Cahors?" in confirm.text
    assert (await members.get_member(slug="cahors")).slug == "cahors"  # opening the page deleted nothing
    answer = await submit(http, "/members/cahors/delete", {"revision": "1"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/members"
    assert (await members.list_members(limit=10)).total == 0


async def test_people_are_edited_and_removed(signed_in: Login) -> None:
    await member(slug="bilbao")
    someone = await person(member_slug="bilbao", name="Juan", title="Mayor")
    http = await signed_in(role=Role.focal_point, member="bilbao")
    edited = await submit(
        http, f"/people/{someone.id}/edit", {"revision": "1", "name": "Juan", "title": "Former mayor", "email": ""}
    )
    assert edited.status_code == 303, edited.text
    assert (await members.get_person(person_id=someone.id)).title == "Former mayor"
    removed = await submit(http, f"/people/{someone.id}/delete", {"revision": "2"})
    assert removed.status_code == 303
    assert (await members.get_member(slug="bilbao")).people == []


async def test_the_public_is_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    await member(slug="bilbao")
    answer = await client.get("/members/bilbao/edit")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/sign-in")
