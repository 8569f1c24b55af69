"""People with several roles: what counts when, what they see, how the secretariat gives and takes roles on the
pages, the language of their mail, and who is written to about a body or a member.

Who may call which route is proven by test_permission_matrix.py (with two
people holding two roles each); these tests look at the roles themselves.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from litestar import Litestar

from coordination.accounts import invitations, rules
from coordination.accounts import services as accounts
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant, Recipient
from coordination.bodies import services as bodies
from coordination.core.settings import Settings
from coordination.members import services as members
from tests.conftest import Mailbox
from tests.factories import accounts as factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories

TODAY = date.today()


async def _bilbao_and_antony() -> None:
    """Digital Cities (Antony a member) and Culture (Bilbao a member)."""
    await body_factories.body(slug="digital-cities", name="Digital Cities")
    await body_factories.body(slug="culture", name="Culture Committee")
    await member_factories.member(slug="antony", name="Ville d’Antony")
    await member_factories.member(slug="bilbao", name="Bilbao", country="ES")
    await body_factories.membership(body_slug="digital-cities", member_slug="antony")
    await body_factories.membership(body_slug="culture", member_slug="bilbao")


async def test_a_person_holds_the_union_of_the_roles_that_count_today(db: Litestar) -> None:
    await _bilbao_and_antony()
    digital = await bodies.body_id(slug="digital-cities")
    culture = await bodies.body_id(slug="culture")
    antony, bilbao = await members.member_id(slug="antony"), await members.member_id(slug="bilbao")
    person = await factories.user(
        assignments=[
            Grant(role=Role.body_lead, body="digital-cities"),
            Grant(role=Role.focal_point, member="bilbao"),
            # Not today: one that starts next month, one that ended yesterday.
            Grant(role=Role.secretariat, start_date=TODAY + timedelta(days=30)),
            Grant(role=Role.focal_point, member="antony", start_date=date(2020, 1, 1), end_date=TODAY - timedelta(1)),
        ],
        password=None,
    )
    assert sorted(a.status for a in person.assignments) == ["active", "active", "ended", "future"]
    principal = await accounts.principal_of_user(user_id=person.id, via="test")
    assert (principal.is_secretariat, principal.lead_body_ids, principal.focal_member_ids) == (
        False,
        frozenset({digital}),
        frozenset({bilbao}),
    )
    assert principal.leads_body(digital)
    assert principal.is_focal_point_of(bilbao)
    assert not principal.is_focal_point_of(antony)
    # The union, and nothing more.
    assert rules.can_edit_body(principal, body_id=digital)
    assert not rules.can_edit_body(principal, body_id=culture)
    assert rules.can_edit_member(principal, member_id=bilbao)
    assert not rules.can_edit_member(principal, member_id=antony)
    assert await rules.body_ids_with_members_only_access(principal) == {digital, culture}
    assert await rules.can_read_member_private(principal, member_id=antony)  # a member of the body they lead
    assert not rules.is_secretariat(principal)


async def test_a_revoked_role_stops_counting_at_once_and_an_ended_one_the_day_after_its_last(db: Litestar) -> None:
    await _bilbao_and_antony()
    await factories.user(role=Role.secretariat, email="admin@example.org", password=None)
    person = await factories.user(
        assignments=[Grant(role=Role.secretariat), Grant(role=Role.focal_point, member="antony", end_date=TODAY)],
        password=None,
    )
    secretariat = next(a for a in person.assignments if a.role is Role.secretariat)
    await accounts.revoke(user_id=person.id, assignment_id=secretariat.id)
    principal = await accounts.principal_of_user(user_id=person.id, via="test")
    assert not principal.is_secretariat
    # Its last day is today: it still counts today.
    assert principal.focal_member_ids == {await members.member_id(slug="antony")}
    assert [a.status for a in (await accounts.get_user(user_id=person.id)).assignments] == ["active", "revoked"]


async def test_those_who_owe_a_body_or_a_member_something_are_its_active_leads_and_focal_points(
    db: Litestar,
) -> None:
    await _bilbao_and_antony()
    digital, bilbao = await bodies.body_id(slug="digital-cities"), await members.member_id(slug="bilbao")
    both = await factories.user(
        email="lead@bilbao.example.org",
        name="Leire",
        language="es",
        assignments=[Grant(role=Role.body_lead, body="digital-cities"), Grant(role=Role.focal_point, member="bilbao")],
        password=None,
    )
    await factories.user(
        email="former@example.org", role=Role.body_lead, body="digital-cities", password=None, language="fr"
    )
    former = await accounts.find_user(email="former@example.org")
    assert former is not None
    await accounts.revoke(user_id=former.id, assignment_id=former.assignments[0].id)
    disabled = await factories.user(email="off@example.org", role=Role.focal_point, member="bilbao", password=None)
    await accounts.disable_user(email=disabled.email)
    await factories.user(
        email="next@example.org",
        assignments=[Grant(role=Role.body_lead, body="digital-cities", start_date=TODAY + timedelta(days=10))],
        password=None,
    )
    leire = Recipient(user_id=both.id, email="lead@bilbao.example.org", name="Leire", language="es")
    assert await accounts.assignment_holders(body_id=digital) == [leire]
    assert await accounts.assignment_holders(member_id=bilbao) == [leire]
    # Next month, the incoming lead too.
    later = await accounts.assignment_holders(body_id=digital, on=TODAY + timedelta(days=30))
    assert [holder.email for holder in later] == ["lead@bilbao.example.org", "next@example.org"]


async def test_the_account_page_shows_every_role_with_its_member_and_body(
    client: httpx.AsyncClient,
) -> None:
    await _bilbao_and_antony()
    soon = (TODAY + timedelta(days=5)).isoformat()
    await event_factories.event(body="digital-cities", title="Closed meeting", start_date=soon, visibility="members")
    await event_factories.event(body="culture", title="Culture Summit", start_date=soon)
    await factories.user(
        email="lead@bilbao.example.org",
        assignments=[Grant(role=Role.body_lead, body="digital-cities"), Grant(role=Role.focal_point, member="bilbao")],
    )
    await factories.sign_in(client, email="lead@bilbao.example.org")
    page = (await client.get("/account")).text
    assert "Lead of Digital Cities" in page
    assert "Focal point of Bilbao" in page
    assert "Your body: Digital Cities" in page
    assert "Your member: Bilbao" in page
    # The coming events of both: the body they lead, and the body their member belongs to.
    assert "Closed meeting" in page
    assert "Culture Summit" in page


async def test_the_secretariat_gives_and_revokes_roles_on_the_pages_in_french(client: httpx.AsyncClient) -> None:
    await _bilbao_and_antony()
    admin = await factories.user(email="admin@example.org")
    person = await factories.user(email="ana@example.org", role=Role.focal_point, member="antony", password=None)
    await factories.sign_in(client, email=admin.email)
    listed = (await client.get("/users", params={"lang": "fr"})).text
    assert f'href="/users/{person.id}"' in listed
    assert "Point focal de Ville d’Antony" in listed
    page = f"/users/{person.id}"
    given = await factories.post_form(
        client, page, f"{page}/assignments", {"role": "body_lead", "body": "culture", "start_date": TODAY.isoformat()}
    )
    assert (given.status_code, given.headers["location"]) == (303, f"{page}?done=granted")
    shown = (await client.get(given.headers["location"])).text
    assert "Le rôle a été attribué." in shown
    assert "Chef de file de Culture Committee" in shown
    assert "Point focal de Ville d’Antony" in shown
    held = await accounts.get_user(user_id=person.id)
    antony = next(a for a in held.assignments if a.role is Role.focal_point)
    revoked = await factories.post_form(
        client, page, f"{page}/assignments/{antony.id}/revoke", {"revision": str(antony.revision)}
    )
    assert revoked.status_code == 303
    after = await accounts.get_user(user_id=person.id)
    assert sorted((a.role, a.status) for a in after.assignments) == [
        (Role.body_lead, "active"),
        (Role.focal_point, "revoked"),
    ]
    shown = (await client.get(f"{page}?done=revoked")).text
    assert "révoqué le" in shown


async def test_an_invitation_grants_several_roles_which_the_person_holds_once_they_accept(
    client: httpx.AsyncClient, settings: Settings, mailbox: Mailbox
) -> None:
    await _bilbao_and_antony()
    admin = await factories.user(email="admin@example.org")
    await factories.sign_in(client, email=admin.email)
    answer = await factories.post_form(
        client,
        "/users",
        "/users/invitations",
        {
            "email": "leire@bilbao.example.org",
            "lead_body": "digital-cities",
            "focal_member": "bilbao",
            "language": "es",
        },
    )
    assert answer.status_code == 200, answer.text
    [message] = mailbox.to("leire@bilbao.example.org")
    text = Mailbox.text(message)
    assert "Líder de Digital Cities" in text
    assert "Punto focal de Bilbao" in text
    [pending] = (await invitations.list_invitations(pending_only=True)).items
    assert [(g.role, g.member or g.body) for g in pending.assignments] == [
        (Role.body_lead, "digital-cities"),
        (Role.focal_point, "bilbao"),
    ]
    link = Mailbox.text(message).split(f"{settings.base_url}/invitations/")[1].split()[0]
    client.cookies.clear()
    await accounts.find_user(email="leire@bilbao.example.org")
    await invitations.accept_invitation(
        secret=link, name="Leire", password="una contraseña larga", confirmation="una contraseña larga"
    )
    user = await accounts.find_user(email="leire@bilbao.example.org")
    assert user is not None
    assert user.language == "es"
    assert sorted((a.role, a.status) for a in user.assignments) == [
        (Role.body_lead, "active"),
        (Role.focal_point, "active"),
    ]


async def test_a_person_chooses_the_language_of_their_mail_on_their_account_page(
    client: httpx.AsyncClient, settings: Settings, mailbox: Mailbox
) -> None:
    person = await factories.user(email="ana@example.org")
    await factories.sign_in(client, email=person.email)
    saved = await factories.post_form(client, "/account", "/account/language", {"language": "fr"})
    assert (saved.status_code, saved.headers["location"]) == (303, "/account?done=language&lang=fr")
    page = await client.get(saved.headers["location"])
    assert "Votre langue est enregistrée" in page.text
    assert (await accounts.get_user(user_id=person.id)).language == "fr"
    ignored = await factories.post_form(client, "/account", "/account/language", {"language": "de"})
    assert ignored.headers["location"] == "/account"
    assert (await accounts.get_user(user_id=person.id)).language == "fr"
    # The next mail is in French, with the network's name and a link on the site's address.
    client.cookies.clear()
    await factories.post_form(client, "/password-reset", "/password-reset", {"email": person.email})
    [message] = mailbox.to("ana@example.org")
    assert Mailbox.subject(message) == "Our network : réinitialisez votre mot de passe"
    text = Mailbox.text(message)
    assert "Quelqu’un a demandé la réinitialisation du mot de passe de votre compte (ana@example.org)" in text
    assert f"{settings.base_url}/password-reset/" in text
    assert f'href="{settings.base_url}/password-reset/' in Mailbox.html(message)
    assert 'lang="fr"' in Mailbox.html(message)
