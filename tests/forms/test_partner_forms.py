"""The partner organisation pages: the list, create, edit (stale edits refused), errors in French, deletion."""

from __future__ import annotations

from html import unescape

import httpx

from coordination.accounts.enums import Role
from coordination.activities import services as activities
from coordination.activities.schemas import PartnerUpdate
from tests.factories.activities import activity, partner, priority
from tests.factories.bodies import body
from tests.forms.conftest import Login, error_of, form_values, submit

NEW_PARTNER = {"slug": "un-habitat", "name": "UN-Habitat", "website": "https://unhabitat.org"}


async def test_the_secretariat_creates_a_partner_from_the_activity_form(signed_in: Login) -> None:
    await body(slug="digital-cities", name="Digital Cities")
    await priority(code="A")
    mine = await activity(body="digital-cities", priority="A", title="Smart Cities Study")
    http = await signed_in()
    form = await http.get(f"/activities/{mine.id}/edit")
    link = f'href="/partners/new?next=%2Factivities%2F{mine.id}%2Fedit"'
    assert link in form.text
    answer = await submit(http, f"/partners/new?next=/activities/{mine.id}/edit", NEW_PARTNER)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/activities/{mine.id}/edit"
    created = await activities.get_partner(slug="un-habitat")
    assert (created.name, created.website) == ("UN-Habitat", "https://unhabitat.org")
    # Back on the activity form, the new partner is one of the checkboxes.
    assert 'value="un-habitat"' in (await http.get(f"/activities/{mine.id}/edit")).text
    listing = await http.get("/partners")
    assert "UN-Habitat" in listing.text
    assert 'href="/partners/un-habitat/edit"' in listing.text
    # A lead edits the activity too, but may not add partners (as in the API): they get the list, not the form.
    lead = await signed_in(role=Role.body_lead, body="digital-cities")
    leads_form = await lead.get(f"/activities/{mine.id}/edit")
    assert leads_form.status_code == 200
    assert "/partners/new" not in leads_form.text
    assert 'href="/partners"' in leads_form.text


async def test_another_site_is_never_where_the_form_returns(signed_in: Login) -> None:
    http = await signed_in()
    answer = await submit(http, "/partners/new?next=//evil.example/activities/", NEW_PARTNER)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/partners"


async def test_anyone_reads_the_list_in_the_order_people_expect_and_only_the_secretariat_changes(
    signed_in: Login, client: httpx.AsyncClient
) -> None:
    for slug, name in (("zeta", "Zeta Foundation"), ("eth", "école urbaine"), ("alpha", "Alpha Institute")):
        await partner(slug=slug, name=name)
    public = await client.get("/partners")
    assert public.status_code == 200
    text = public.text
    assert text.index("Alpha Institute") < text.index("école urbaine") < text.index("Zeta Foundation")
    assert "/partners/new" not in text
    assert "/partners/alpha/edit" not in text
    assert 'href="/partners"' in (await client.get("/activities")).text
    found = await client.get("/partners?q=cole")
    assert "école urbaine" in found.text
    assert "Zeta Foundation" not in found.text
    lead = await signed_in(role=Role.body_lead, body=(await body(slug="culture")).slug)
    assert (await lead.get("/partners/new")).status_code == 403
    assert (await lead.get("/partners/alpha/edit")).status_code == 403
    assert (await lead.get("/partners/alpha/delete")).status_code == 403
    sign_in = await client.get("/partners/alpha/edit")
    assert sign_in.status_code == 303
    assert sign_in.headers["location"].startswith("/sign-in")


async def test_errors_are_shown_next_to_the_field_in_french_keeping_what_was_typed(signed_in: Login) -> None:
    http = await signed_in(language="fr")
    answer = await submit(http, "/partners/new", {**NEW_PARTNER, "website": "unhabitat.org"})
    assert answer.status_code == 400
    assert error_of(answer.text, "website") == ("doit être une adresse http:// ou https:// sans espaces, ou vide")
    assert form_values(answer.text)["website"] == "unhabitat.org"
    assert form_values(answer.text)["name"] == "UN-Habitat"
    assert (await activities.list_partners()).total == 0


async def test_a_taken_slug_is_said_in_french(signed_in: Login) -> None:
    await partner(slug="un-habitat", name="UN-Habitat")
    http = await signed_in(language="fr")
    answer = await submit(http, "/partners/new", {**NEW_PARTNER, "name": "Autre"})
    assert answer.status_code == 409
    assert error_of(answer.text, "slug") == "le slug 'un-habitat' est déjà pris par une autre organisation partenaire"
    assert (await activities.get_partner(slug="un-habitat")).name == "UN-Habitat"


async def test_a_stale_edit_shows_what_changed_and_overwrites_nothing(signed_in: Login) -> None:
    await partner(slug="un-habitat", name="UN-Habitat")
    http = await signed_in(language="fr")
    opened = await http.get("/partners/un-habitat/edit")
    assert form_values(opened.text)["revision"] == "1"
    # Someone else saves meanwhile.
    await activities.update_partner(slug="un-habitat", data=PartnerUpdate(revision=1, name="UN-Habitat (Nairobi)"))
    token = opened.text.split('name="_csrf_token" value="')[1].split('"')[0]
    typed = {"_csrf_token": token, "revision": "1", "name": "ONU-Habitat", "website": ""}
    answer = await http.post("/partners/un-habitat/edit", data=typed)
    assert answer.status_code == 409
    assert "modifié" in answer.text
    assert "UN-Habitat (Nairobi)" in answer.text
    assert form_values(answer.text)["name"] == "ONU-Habitat"
    assert form_values(answer.text)["revision"] == "2"
    assert (await activities.get_partner(slug="un-habitat")).name == "UN-Habitat (Nairobi)"
    again = await http.post("/partners/un-habitat/edit", data={**typed, "revision": "2"})
    assert again.status_code == 303
    assert again.headers["location"] == "/partners"
    saved = await activities.get_partner(slug="un-habitat")
    assert (saved.name, saved.website, saved.revision) == ("ONU-Habitat", "", 3)


async def test_deleting_asks_first(signed_in: Login) -> None:
    await partner(slug="un-habitat", name="UN-Habitat")
    http = await signed_in()
    assert 'href="/partners/un-habitat/delete"' in (await http.get("/partners/un-habitat/edit")).text
    confirm = await http.get("/partners/un-habitat/delete")
    assert confirm.status_code == 200
    assert "Delete the partner organisation UN-Habitat?" in confirm.text
    assert (await activities.list_partners()).total == 1  # opening the page deleted nothing
    answer = await submit(http, "/partners/un-habitat/delete", {"revision": "1"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/partners"
    assert (await activities.list_partners()).total == 0


async def test_a_partner_that_activities_name_is_not_deleted_and_the_page_says_why_in_french(
    signed_in: Login,
) -> None:
    await body(slug="digital-cities")
    await priority(code="A")
    await partner(slug="un-habitat", name="UN-Habitat")
    await activity(body="digital-cities", priority="A", partners=["un-habitat"])
    http = await signed_in(language="fr")
    answer = await submit(http, "/partners/un-habitat/delete", {"revision": "1"})
    assert answer.status_code == 409
    assert (
        "des activités nomment encore l’organisation partenaire 'un-habitat' ; retirez-la d’abord de ces activités"
        in unescape(answer.text)
    )
    assert (await activities.get_partner(slug="un-habitat")).name == "UN-Habitat"
