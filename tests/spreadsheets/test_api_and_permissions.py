"""Through the API, as real people: who exports what (members-only events, people's addresses), who imports what
(a lead only their body's events), the preview then the apply, and a row changed in between refused."""

from __future__ import annotations

import httpx
from litestar import Litestar

from coordination.accounts.enums import Role
from coordination.events import services as events
from coordination.members import services as members
from coordination.members.schemas import MemberUpdate
from tests.factories import accounts as account_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories
from tests.spreadsheets.helpers import csv_bytes, csv_rows


async def _client(app: Litestar, **role: object) -> httpx.AsyncClient:
    user = await account_factories.user(password=None, **role)  # type: ignore[arg-type]
    token = await account_factories.api_token(user_id=user.id)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers=account_factories.bearer(token)
    )


async def _network() -> tuple[int, int]:
    await body_factories.body(slug="body-a", name="Body A")
    await body_factories.body(slug="body-b", name="Body B")
    await member_factories.member(slug="member-x", name="Member X")
    await member_factories.member(slug="member-y", name="Member Y")
    await body_factories.membership(body_slug="body-a", member_slug="member-x")
    await member_factories.person(member_slug="member-x", name="Xabier", email="xabier@example.org")
    await member_factories.person(member_slug="member-y", name="Yolanda", email="yolanda@example.org")
    event_a = await event_factories.event(body="body-a", title="Meeting of A", visibility="members")
    event_b = await event_factories.event(body="body-b", title="Meeting of B")
    return event_a.id, event_b.id


async def test_exports_show_what_the_asker_may_read(app: Litestar, client: httpx.AsyncClient) -> None:
    await _network()
    public_events = csv_rows((await client.get("/api/v1/spreadsheets/events")).content)
    assert [row[1] for row in public_events[1:]] == ["Meeting of B"]  # the members-only event is not there
    public_people = csv_rows((await client.get("/api/v1/spreadsheets/people")).content)
    assert {row[2]: row[4] for row in public_people[1:]} == {"Xabier": "", "Yolanda": ""}

    async with await _client(app, role=Role.focal_point, member="member-x") as focal_x:
        people = csv_rows((await focal_x.get("/api/v1/spreadsheets/people")).content)
        assert {row[2]: row[4] for row in people[1:]} == {"Xabier": "xabier@example.org", "Yolanda": ""}
        shown = csv_rows((await focal_x.get("/api/v1/spreadsheets/events")).content)
        assert sorted(row[1] for row in shown[1:]) == ["Meeting of A", "Meeting of B"]

    answer = await client.get("/api/v1/spreadsheets/events?format=xlsx&body=body-b")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert answer.headers["content-disposition"] == 'attachment; filename="events.xlsx"'
    assert (await client.get("/api/v1/spreadsheets/nothing")).status_code == 400


async def test_a_lead_imports_their_bodys_events_and_not_another_bodys(app: Litestar) -> None:
    event_a, event_b = await _network()
    async with await _client(app, role=Role.body_lead, body="body-a") as lead_a:
        exported = (await lead_a.get("/api/v1/spreadsheets/events")).content
        rows = csv_rows(exported)
        location = rows[0].index("location")
        for row in rows[1:]:
            row[location] = "Lyon, salle 2"
        answer = await lead_a.post(
            "/api/v1/spreadsheets/events/preview", files={"data": ("events.csv", csv_bytes(rows), "text/csv")}
        )
        assert answer.status_code == 200, answer.text
        preview = answer.json()
        by_key = {row["key"]: row for row in preview["rows"]}
        assert by_key[str(event_a)]["action"] == "update"
        assert by_key[str(event_b)]["action"] == "error"
        assert by_key[str(event_b)]["errors"][0]["message"].startswith("you may not change this row")
        assert preview["can_apply"] is False
        assert preview["token"] == ""

        # Their own body's row alone goes through, and is written once applied.
        mine = [rows[0]] + [row for row in rows[1:] if row[0] == str(event_a)]
        preview = (
            await lead_a.post(
                "/api/v1/spreadsheets/events/preview?lang=fr",
                files={"data": ("events.csv", csv_bytes(mine), "text/csv")},
            )
        ).json()
        assert (preview["updated"], preview["errors"], preview["can_apply"]) == (1, 0, True)
        applied = await lead_a.post("/api/v1/spreadsheets/events/import", json={"token": preview["token"]})
        assert applied.status_code == 200, applied.text
        assert applied.json()["updated"] == 1
        assert (await events.get_event(event_id=event_a)).location == "Lyon, salle 2"
        assert (await events.get_event(event_id=event_b)).location != "Lyon, salle 2"
        # A preview is applied once.
        again = await lead_a.post("/api/v1/spreadsheets/events/import", json={"token": preview["token"]})
        assert again.status_code == 404


async def test_a_row_changed_between_preview_and_apply_is_reported_and_nothing_is_written(
    app: Litestar, secretariat_client: httpx.AsyncClient
) -> None:
    await _network()
    exported = csv_rows((await secretariat_client.get("/api/v1/spreadsheets/members")).content)
    for row in exported[1:]:
        row[4] = "https://example.org/" + row[0]
    preview = (
        await secretariat_client.post(
            "/api/v1/spreadsheets/members/preview", files={"data": ("m.csv", csv_bytes(exported), "text/csv")}
        )
    ).json()
    assert preview["updated"] == 2

    # Someone else changes member Y meanwhile.
    current = await members.get_member(slug="member-y")
    await members.update_member(slug="member-y", data=MemberUpdate(revision=current.revision, name="Member Y (new)"))

    answer = await secretariat_client.post("/api/v1/spreadsheets/members/import", json={"token": preview["token"]})
    assert answer.status_code == 409
    result = answer.json()
    assert result["applied"] is False
    refused = [row for row in result["rows"] if row["errors"]]
    assert [(row["key"], row["errors"][0]["message"]) for row in refused] == [
        ("member-y", "this row was changed by someone else since the preview; preview the file again")
    ]
    # Nothing was written: not member X's website either, and member Y keeps the other person's name.
    assert (await members.get_member(slug="member-x")).website == ""
    assert (await members.get_member(slug="member-y")).name == "Member Y (new)"


async def test_someone_else_cannot_apply_my_preview_and_the_public_cannot_preview(
    app: Litestar, client: httpx.AsyncClient, secretariat_client: httpx.AsyncClient
) -> None:
    await _network()
    content = csv_bytes([["slug", "name", "kind", "country"], ["member-z", "Member Z", "city", "ES"]])
    preview = (
        await secretariat_client.post(
            "/api/v1/spreadsheets/members/preview", files={"data": ("m.csv", content, "text/csv")}
        )
    ).json()
    assert preview["created"] == 1
    async with await _client(app, role=Role.secretariat) as other:
        assert (
            await other.post("/api/v1/spreadsheets/members/import", json={"token": preview["token"]})
        ).status_code == 404
    refused = await client.post("/api/v1/spreadsheets/members/preview", files={"data": ("m.csv", content, "text/csv")})
    assert refused.status_code == 401
    async with await _client(app, role=Role.focal_point, member="member-x") as focal_x:
        answer = (
            await focal_x.post("/api/v1/spreadsheets/members/preview", files={"data": ("m.csv", content, "text/csv")})
        ).json()
        assert answer["rows"][0]["errors"] == [{"column": "slug", "message": "only the secretariat may import this"}]
    created = await secretariat_client.post("/api/v1/spreadsheets/members/import", json={"token": preview["token"]})
    assert created.status_code == 200
    assert (await members.get_member(slug="member-z")).name == "Member Z"


async def test_an_event_moved_in_the_sheet_moves_in_the_calendar(
    app: Litestar, secretariat_client: httpx.AsyncClient
) -> None:
    await body_factories.body(slug="body-a", name="Body A")
    payload = event_factories.datacites_payload(body="body-a")
    del payload["body"]
    created = await event_factories.event(body="body-a", **payload)
    rows = csv_rows((await secretariat_client.get("/api/v1/spreadsheets/events")).content)
    header = rows[0]
    rows[1][header.index("start")] = "2020-12-09 09:30"
    rows[1][header.index("end")] = "2020-12-09T11:30"
    rows[1][header.index("timezone")] = "Europe/Pariss"
    preview = (
        await secretariat_client.post(
            "/api/v1/spreadsheets/events/preview", files={"data": ("e.csv", csv_bytes(rows), "text/csv")}
        )
    ).json()
    (row,) = preview["rows"]
    assert row["action"] == "error"
    assert row["errors"][0]["column"] == "timezone"
    rows[1][header.index("timezone")] = "Europe/Paris"
    preview = (
        await secretariat_client.post(
            "/api/v1/spreadsheets/events/preview", files={"data": ("e.csv", csv_bytes(rows), "text/csv")}
        )
    ).json()
    (row,) = preview["rows"]
    # The sessions stay where they were (8 December): the service refuses them outside the event's days.
    assert row["action"] == "error"
    assert row["errors"][0]["column"] == "sessions"
    sessions = rows[1][header.index("sessions")]
    rows[1][header.index("sessions")] = sessions.replace("2020-12-08", "2020-12-09")
    preview = (
        await secretariat_client.post(
            "/api/v1/spreadsheets/events/preview", files={"data": ("e.csv", csv_bytes(rows), "text/csv")}
        )
    ).json()
    assert [change["column"] for change in preview["rows"][0]["changes"]] == ["start", "end", "sessions"]
    applied = await secretariat_client.post("/api/v1/spreadsheets/events/import", json={"token": preview["token"]})
    assert applied.status_code == 200
    moved = await events.get_event(event_id=created.id)
    assert moved.start is not None
    assert moved.start.isoformat() == "2020-12-09T09:30:00"
    assert moved.revision == created.revision + 1


async def test_uploads_waiting_for_their_apply_are_removed_after_an_hour(
    app: Litestar, secretariat_client: httpx.AsyncClient
) -> None:
    import time

    from coordination.spreadsheets import services as spreadsheets

    await _network()
    content = csv_bytes([["slug", "name", "kind", "country"], ["member-z", "Member Z", "city", "ES"]])
    preview = (
        await secretariat_client.post(
            "/api/v1/spreadsheets/members/preview", files={"data": ("m.csv", content, "text/csv")}
        )
    ).json()
    data_dir = app.state.settings.data_dir
    kept = list((data_dir / "imports").glob("*.json"))
    assert [path.stem for path in kept] == [preview["token"]]
    assert spreadsheets.purge_previews(data_dir=data_dir, now=time.time() + 60) == 0
    assert spreadsheets.purge_previews(data_dir=data_dir, now=time.time() + spreadsheets.PREVIEW_LIFETIME + 1) == 1
    answer = await secretariat_client.post("/api/v1/spreadsheets/members/import", json={"token": preview["token"]})
    assert answer.status_code == 404
    assert "no longer available" in answer.json()["detail"]
    # An applied preview leaves no file behind.
    preview = (
        await secretariat_client.post(
            "/api/v1/spreadsheets/members/preview", files={"data": ("m.csv", content, "text/csv")}
        )
    ).json()
    assert (
        await secretariat_client.post("/api/v1/spreadsheets/members/import", json={"token": preview["token"]})
    ).status_code == 200
    assert list((data_dir / "imports").glob("*")) == []
