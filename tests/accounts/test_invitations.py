"""Invitations: the secretariat invites, the mail arrives in a real SMTP sink, the link sets a password once."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

import httpx

from coordination.accounts import invitations
from coordination.accounts import services as accounts
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant, InvitationCreate
from coordination.audit import services as audit
from coordination.core.settings import Settings
from coordination.mail import services as outbox
from tests.conftest import Mailbox
from tests.factories import accounts as factories
from tests.factories import members as member_factories

NEW_PASSWORD = "une phrase de passe assez longue"
_LINK = re.compile(r"https?://\S+/invitations/\S+")
SECRETARIAT = [Grant(role=Role.secretariat)]


async def _secretariat_token() -> str:
    admin = await factories.user(role=Role.secretariat, email="secretariat@example.org")
    return await factories.api_token(user_id=admin.id)


def _link_path(mailbox: Mailbox, address: str) -> str:
    [message] = mailbox.to(address)
    found = _LINK.search(Mailbox.text(message))
    assert found is not None, Mailbox.text(message)
    return urlparse(found.group(0)).path


async def test_invited_focal_point_follows_the_mailed_link_sets_a_password_and_signs_in(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    token = await _secretariat_token()
    await member_factories.member(slug="antony", name="Ville d’Antony")
    answer = await client.post(
        "/api/v1/invitations",
        json={
            "email": "Focal@Antony.example.org",
            "assignments": [{"role": "focal_point", "member": "antony"}],
            "name": "Jean Dupont",
        },
        headers=factories.bearer(token),
    )
    assert answer.status_code == 201, answer.text
    invited = answer.json()
    assert (invited["email"], invited["assignments"], invited["status"], invited["mail_queued"]) == (
        "focal@antony.example.org",
        [{"role": "focal_point", "member": "antony", "body": None, "start_date": None, "end_date": None}],
        "pending",
        True,
    )
    assert invited["invited_by"] == "secretariat@example.org"

    # The mail went through the outbox, sent once the answer had gone.
    [message] = mailbox.to("focal@antony.example.org")
    assert message["Subject"] == "Our network: your invitation to sign in"
    assert message["From"] == "secretariat@example.org"
    assert "Focal point of Ville d’Antony" in Mailbox.text(message)
    assert (await outbox.get_message(message_id=invited["mail_id"])).status == "sent"
    path = _link_path(mailbox, "focal@antony.example.org")

    form = await client.get(path)
    assert form.status_code == 200
    assert 'value="focal@antony.example.org"' in form.text
    posted = await client.post(
        path,
        data={
            "name": "Jean Dupont",
            "password": NEW_PASSWORD,
            "password_confirmation": NEW_PASSWORD,
            "_csrf_token": factories.csrf_token(form.text),
        },
    )
    assert posted.status_code == 303, posted.text
    assert posted.headers["location"] == "/sign-in?done=invitation"

    signed = await factories.sign_in(client, email="focal@antony.example.org", password=NEW_PASSWORD)
    assert signed.status_code == 303, signed.text
    assert signed.headers["location"] == "/start"
    assert "coordination_session" in signed.cookies
    whoami = await client.get("/sign-out")
    assert "You are signed in as focal@antony.example.org." in whoami.text

    user = await accounts.find_user(email="focal@antony.example.org")
    assert user is not None
    assert (user.name, [(a.role, a.member, a.body, a.status) for a in user.assignments]) == (
        "Jean Dupont",
        [(Role.focal_point, "antony", None, "active")],
    )
    actions = [r.action for r in reversed((await audit.list_records()).items)]
    assert actions[-5:] == [
        "invitation.created",
        "user.created",
        "role_assignment.granted",
        "invitation.accepted",
        "sign_in.succeeded",
    ]


async def test_used_invitation_link_is_refused_with_a_clear_page_and_makes_no_second_account(
    client: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    _, link = await invitations.create_invitation(
        data=InvitationCreate(email="once@example.org", assignments=SECRETARIAT), settings=settings
    )
    path = urlparse(link).path
    form = await client.get(path)
    data = {
        "password": NEW_PASSWORD,
        "password_confirmation": NEW_PASSWORD,
        "_csrf_token": factories.csrf_token(form.text),
    }
    assert (await client.post(path, data=data)).status_code == 303
    again = await client.get(path)
    assert again.status_code == 410
    assert "This invitation has already been used to set a password." in again.text
    reposted = await client.post(
        path, data={**data, "password": "another long password", "password_confirmation": "another long password"}
    )
    assert reposted.status_code == 410
    assert (await accounts.list_users()).total == 1
    signed = await factories.sign_in(client, email="once@example.org", password=NEW_PASSWORD)
    assert signed.status_code == 303


async def test_expired_invitation_link_is_refused_with_a_clear_page(
    client: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    _, link = await invitations.create_invitation(
        data=InvitationCreate(email="late@example.org", assignments=SECRETARIAT),
        settings=settings,
        lifetime=timedelta(0),
    )
    answer = await client.get(urlparse(link).path)
    assert answer.status_code == 410
    assert "This invitation has expired." in answer.text
    assert "<form" not in answer.text
    assert (await accounts.list_users()).total == 0


async def test_unknown_invitation_link_answers_404_with_a_page(client: httpx.AsyncClient) -> None:
    answer = await client.get("/invitations/not-a-real-secret")
    assert answer.status_code == 404
    assert "This invitation link is not valid." in answer.text


async def test_inviting_again_replaces_the_pending_link(
    client: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    data = InvitationCreate(email="twice@example.org", assignments=SECRETARIAT)
    _, first = await invitations.create_invitation(data=data, settings=settings)
    _, second = await invitations.create_invitation(data=data, settings=settings)
    old = await client.get(urlparse(first).path)
    assert old.status_code == 410
    assert "withdrawn or replaced" in old.text
    assert (await client.get(urlparse(second).path)).status_code == 200
    pending = await invitations.list_invitations(pending_only=True)
    assert [i.email for i in pending.items] == ["twice@example.org"]


async def test_mismatched_passwords_are_refused_and_the_invitation_stays_usable(
    client: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    _, link = await invitations.create_invitation(
        data=InvitationCreate(email="typo@example.org", assignments=SECRETARIAT), settings=settings
    )
    path = urlparse(link).path
    form = await client.get(path)
    token = factories.csrf_token(form.text)
    for password, confirmation, message in [
        (NEW_PASSWORD, NEW_PASSWORD + "!", "the two passwords are not the same"),
        ("short", "short", "the password must have at least 10 characters"),
    ]:
        answer = await client.post(
            path, data={"password": password, "password_confirmation": confirmation, "_csrf_token": token}
        )
        assert answer.status_code == 400
        assert message in answer.text
    assert (await accounts.list_users()).total == 0
    assert (await invitations.list_invitations(pending_only=True)).total == 1


async def test_invitation_with_bad_fields_names_the_field_and_writes_nothing(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    token = await _secretariat_token()
    await member_factories.member(slug="antony")
    secretariat = [{"role": "secretariat"}]
    for payload, field, status in [
        ({"email": "a@example.org", "assignments": [{"role": "focal_point"}]}, "assignments[0].member", 400),
        (
            {"email": "a@example.org", "assignments": [{"role": "focal_point", "member": "nowhere"}]},
            "assignments[0].member",
            400,
        ),
        (
            {"email": "a@example.org", "assignments": [{"role": "body_lead", "member": "antony"}]},
            "assignments[0].body",
            400,
        ),
        (
            {"email": "a@example.org", "assignments": [*secretariat, {"role": "secretariat", "member": "antony"}]},
            "assignments[1].member",
            400,
        ),
        ({"email": "a@example.org", "assignments": [*secretariat, *secretariat]}, "assignments[1]", 400),
        ({"email": "a@example.org", "assignments": []}, "assignments", 400),
        ({"email": "not-an-email", "assignments": secretariat}, "email", 400),
        ({"email": "a@example.org", "assignments": [{"role": "mayor"}]}, "assignments[0].role", 400),
        ({"email": "a@example.org", "assignments": secretariat, "language": "de"}, "language", 400),
        ({"email": "SECRETARIAT@example.org", "assignments": secretariat}, "email", 409),
    ]:
        answer = await client.post("/api/v1/invitations", json=payload, headers=factories.bearer(token))
        assert answer.status_code == status, (payload, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == [field], answer.text
    assert (await invitations.list_invitations()).total == 0
    assert (await outbox.list_messages()).total == 0
    assert mailbox.messages == []


async def test_only_the_secretariat_invites(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    member = await member_factories.member(slug="antony")
    focal = await factories.user(role=Role.focal_point, member=member.slug)
    payload = {"email": "someone@example.org", "assignments": [{"role": "secretariat"}]}
    public = await client.post("/api/v1/invitations", json=payload)
    assert public.status_code == 401
    assert public.headers["www-authenticate"].startswith("Bearer")
    refused = await client.post(
        "/api/v1/invitations", json=payload, headers=factories.bearer(await factories.api_token(user_id=focal.id))
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "only the secretariat may do this"
    assert (await invitations.list_invitations()).total == 0
    assert mailbox.messages == []


async def test_secretariat_invites_from_the_users_page(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    admin = await factories.user(role=Role.secretariat)
    await member_factories.member(slug="antony", name="Ville d’Antony")
    await factories.sign_in(client, email=admin.email)
    answer = await factories.post_form(
        client,
        "/users",
        "/users/invitations",
        {"email": "focal@antony.example.org", "focal_member": "antony", "lead_body": "", "name": "", "language": "fr"},
    )
    assert answer.status_code == 200, answer.text
    assert "focal@antony.example.org is invited; the invitation mail is on its way." in answer.text
    [message] = mailbox.to("focal@antony.example.org")
    # In the language the secretariat chose for them.
    assert "Point focal de Ville d’Antony" in Mailbox.text(message)


async def test_withdrawn_invitation_link_stops_working(
    client: httpx.AsyncClient, mailbox: Mailbox, settings: Settings
) -> None:
    token = await _secretariat_token()
    invitation, link = await invitations.create_invitation(
        data=InvitationCreate(email="maybe@example.org", assignments=SECRETARIAT), settings=settings
    )
    answer = await client.delete(f"/api/v1/invitations/{invitation.id}", headers=factories.bearer(token))
    assert answer.status_code == 204
    assert (await client.get(urlparse(link).path)).status_code == 410
    assert (await invitations.get_invitation(invitation_id=invitation.id)).status == "withdrawn"
