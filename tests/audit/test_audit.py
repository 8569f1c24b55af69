"""The audit trail: what ``record()`` keeps, who it names, and who may read it."""

from __future__ import annotations

from datetime import date

import httpx
import msgspec

from coordination.accounts.enums import Role
from coordination.audit import services as audit
from coordination.core.actor import Actor, acting_as
from coordination.core.database import transaction
from tests.factories import accounts as factories
from tests.factories import members as member_factories


class Thing(msgspec.Struct):
    name: str
    country: str
    revision: int
    founded: date


def test_only_changed_fields_are_kept_and_secrets_never() -> None:
    before = Thing(name="Bilbao", country="ES", revision=1, founded=date(1300, 6, 15))
    after = Thing(name="Bilbo", country="ES", revision=2, founded=date(1300, 6, 15))
    assert audit.changed_fields(before, after) == ({"name": "Bilbao"}, {"name": "Bilbo"})
    assert audit.changed_fields(None, {"name": "x", "password_hash": "secret", "token": "t"}) == (None, {"name": "x"})
    assert audit.changed_fields(before, None) == (
        {"name": "Bilbao", "country": "ES", "revision": 1, "founded": "1300-06-15"},
        None,
    )


async def test_record_names_the_actor_of_the_request_or_command(db: object) -> None:
    with acting_as(Actor(user_id=7, label="ana@example.org", via="session", address="192.0.2.1")):
        async with transaction():
            await audit.record(
                action="member.updated",
                object_type="member",
                object_id="bilbao",
                before={"name": "Bilbao", "revision": 1},
                after={"name": "Bilbo", "revision": 2},
            )
    await audit.record(action="job.ran", object_type="job", object_id="feeds")
    page = await audit.list_records()
    assert [(r.action, r.actor, r.actor_user_id, r.via, r.address, r.before, r.after) for r in page.items] == [
        ("job.ran", "system", None, "system", "", None, None),
        ("member.updated", "ana@example.org", 7, "session", "192.0.2.1", {"name": "Bilbao"}, {"name": "Bilbo"}),
    ]
    only = await audit.list_records(object_type="member", object_id="bilbao")
    assert [r.action for r in only.items] == ["member.updated"]


async def test_a_record_rolls_back_with_the_write_it_describes(db: object) -> None:
    try:
        async with transaction():
            await audit.record(action="member.created", object_type="member", object_id="ghost")
            raise RuntimeError("the write failed after recording")
    except RuntimeError:
        pass
    assert (await audit.list_records()).total == 0


async def test_secretariat_reads_the_trail_per_object_through_the_api(client: httpx.AsyncClient) -> None:
    admin = await factories.user(role=Role.secretariat, email="admin@example.org")
    headers = factories.bearer(await factories.api_token(user_id=admin.id))
    other = await factories.user(role=Role.secretariat, email="other@example.org")
    answer = await client.get(
        "/api/v1/audit", params={"object_type": "user", "object_id": str(other.id)}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    [record] = answer.json()["items"]
    assert (record["action"], record["actor"], record["before"], record["after"]["email"]) == (
        "user.created",
        "system",
        None,
        "other@example.org",
    )
    assert answer.json()["total"] == 1


async def test_only_the_secretariat_reads_the_trail(client: httpx.AsyncClient) -> None:
    member = await member_factories.member(slug="antony")
    focal = await factories.user(role=Role.focal_point, member=member.slug)
    assert (await client.get("/api/v1/audit")).status_code == 401
    refused = await client.get("/api/v1/audit", headers=factories.bearer(await factories.api_token(user_id=focal.id)))
    assert refused.status_code == 403
    page = await client.get("/audit")
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=%2Faudit"
    await factories.sign_in(client, email=focal.email)
    forbidden = await client.get("/audit")
    assert forbidden.status_code == 403
    assert "Your account may not see or change this." in forbidden.text


async def test_the_trail_cannot_be_changed_through_the_api(client: httpx.AsyncClient) -> None:
    admin = await factories.user(role=Role.secretariat)
    headers = factories.bearer(await factories.api_token(user_id=admin.id))
    for method in ["POST", "PUT", "PATCH", "DELETE"]:
        answer = await client.request(method, "/api/v1/audit", headers=headers, json={})
        assert answer.status_code == 405, method
    assert not hasattr(audit, "update_record")
    assert not hasattr(audit, "delete_record")


async def test_the_audit_page_shows_who_did_what(client: httpx.AsyncClient) -> None:
    admin = await factories.user(role=Role.secretariat, email="admin@example.org")
    await factories.sign_in(client, email=admin.email)
    page = await client.get("/audit", params={"action": "sign_in.succeeded"})
    assert page.status_code == 200
    assert "1 record" in page.text
    assert "<code>sign_in.succeeded</code>" in page.text


async def test_the_audit_page_says_what_changed_in_sentences_in_the_readers_language(
    client: httpx.AsyncClient,
) -> None:
    from tests.factories import bodies as body_factories

    admin = await factories.user(role=Role.secretariat, email="admin@example.org")
    await member_factories.member(slug="bilbao", name="Bilbao")
    await body_factories.body(slug="digital-cities", name="Digital Cities")
    term = await body_factories.term(
        body_slug="digital-cities", member_slug="bilbao", start_date=date(2016, 10, 15), end_date=date(2021, 12, 31)
    )
    headers = factories.bearer(await factories.api_token(user_id=admin.id))
    changed = await client.patch(
        f"/api/v1/leadership-terms/{term.id}",
        headers=headers,
        json={"revision": term.revision, "end_date": "2022-06-30"},
    )
    assert changed.status_code == 200, changed.text
    await factories.sign_in(client, email=admin.email)
    english = await client.get("/audit", params={"object_type": "leadership_term", "lang": "en"})
    assert (
        "admin@example.org changed the end date of Bilbao's lead term of Digital Cities "
        "from 31 December 2021 to 30 June 2022."
    ) in english.text.replace("&#39;", "'")
    french = await client.get("/audit", params={"object_type": "leadership_term", "lang": "fr"})
    assert (
        "admin@example.org a modifié la date de fin pour le mandat de chef de file de Bilbao à Digital Cities : "
        "31 décembre 2021 → 30 juin 2022."
    ) in french.text
    # No internal code stands where a sentence belongs: the code is only in the details.
    assert "leadership_term.updated" not in english.text.split("<details>", 1)[0]
