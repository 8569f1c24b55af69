"""The permission matrix: every route of the app × every kind of person asking → the answer they get.

The routes come from the app's own route table (API, pages, calendar feeds,
OpenAPI documents, health), so a route added without a rule in ``RULES``
fails ``test_every_route_has_a_rule`` with its method and path. Each rule
lists one or more cases: a real request, with path parameters naming real
objects of a small network, and the expected answer for each of:

- ``secretariat``: a secretariat account (bearer token on the API, session cookie on the pages);
- ``lead_a``: the lead of body A;
- ``focal_x``: the focal point of member X, a member of body A;
- ``focal_y``: the focal point of member Y, a member of body B only;
- ``lead_a_focal_x``: one person who is both the lead of body A and the focal point of member X;
- ``focal_x_y``: one person who is the focal point of both member X and member Y;
- ``public``: nobody signed in;
- ``disabled``: a secretariat account disabled after its token and session were made;
- ``revoked``: a secretariat account asking with a revoked token (and no session).

Answers: ``OK`` (2xx or 3xx, but not the sign-in redirect), ``SIGN_IN`` (a
page sends the person to sign in first), 401 (the API without a usable
token), 403 (signed in, not allowed), 404 (the thing's existence must not
leak), ``None`` (not asked: covered by another case). Every principal runs in
its own database; requests that change or delete something work on objects
made fresh for them, so one cell never disturbs another.

Mutating requests send valid bodies: an allowed person gets the change
through, so a refused one is refused for who they are, not for what they sent.

The two people with two roles get, on every route, the union of what each of
their roles gets alone, and nothing more: their columns are written out like
the others and asked for real; ``test_two_roles_give_the_union_of_their_rights``
checks that those columns are exactly the union of the single-role ones
(except where the answer is about one particular person's things, focal X's
tokens and feed links, which a person with two roles does not own).
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar
from msgspec import json as msgspec_json

from coordination.accounts import invitations, tokens
from coordination.accounts import services as accounts
from coordination.accounts.enums import Role
from coordination.accounts.schemas import Grant, InvitationCreate, Principal, TokenCreate
from coordination.activities import services as activities
from coordination.annual_report import services as annual_reports
from coordination.app import create_app
from coordination.bodies import services as bodies
from coordination.bodies.enums import BodyKind
from coordination.bodies.schemas import BodyHistoryCreate
from coordination.core.database import transaction
from coordination.core.settings import Settings
from coordination.events import services as events
from coordination.events.form_pages import event_values as events_form_values
from coordination.feeds import private as private_feeds
from coordination.feeds.schemas import PersonalFeedCreate
from coordination.mail import services as outbox
from coordination.mail.tables import OutboxMessage
from coordination.maturity import services as maturity
from coordination.maturity.schemas import AnswerIn, AssessmentSave, CampaignCreate, FrameworkCreate
from coordination.members import services as members
from coordination.network import services as network
from coordination.reporting import services as reporting
from coordination.reporting.enums import PeriodKind, ReportAction
from coordination.reporting.schemas import PeriodCreate, SlotAdd
from tests.factories import accounts as account_factories
from tests.factories import activities as activity_factories
from tests.factories import bodies as body_factories
from tests.factories import events as event_factories
from tests.factories import members as member_factories
from tests.factories import reporting as reporting_factories
from tests.factories import unique

FOCAL_X = [Grant(role=Role.focal_point, member="member-x")]

PRINCIPALS = (
    "secretariat",
    "lead_a",
    "focal_x",
    "focal_y",
    "lead_a_focal_x",
    "focal_x_y",
    "public",
    "disabled",
    "revoked",
)

OK = "ok"
SIGN_IN = "sign-in"
Outcome = str | int | None


def expect(
    secretariat: Outcome,
    lead_a: Outcome,
    focal_x: Outcome,
    focal_y: Outcome,
    public: Outcome,
    disabled: Outcome,
    revoked: Outcome,
    *,
    lead_a_focal_x: Outcome,
    focal_x_y: Outcome,
) -> dict[str, Outcome]:
    return {
        "secretariat": secretariat,
        "lead_a": lead_a,
        "focal_x": focal_x,
        "focal_y": focal_y,
        "lead_a_focal_x": lead_a_focal_x,
        "focal_x_y": focal_x_y,
        "public": public,
        "disabled": disabled,
        "revoked": revoked,
    }


# The rows most routes share. On the API a refused token (disabled account, revoked) is a 401 even where
# the public may read: a script with a dead token must learn it, not silently read less.
EVERYONE = expect(OK, OK, OK, OK, OK, OK, OK, lead_a_focal_x=OK, focal_x_y=OK)
NO_ONE = expect(404, 404, 404, 404, 404, 404, 404, lead_a_focal_x=404, focal_x_y=404)
API_READ = expect(OK, OK, OK, OK, OK, 401, 401, lead_a_focal_x=OK, focal_x_y=OK)
API_SIGNED_IN = expect(OK, OK, OK, OK, 401, 401, 401, lead_a_focal_x=OK, focal_x_y=OK)
API_SECRETARIAT = expect(OK, 403, 403, 403, 401, 401, 401, lead_a_focal_x=403, focal_x_y=403)
API_BODY_A = expect(
    OK, OK, 403, 403, 401, 401, 401, lead_a_focal_x=OK, focal_x_y=403
)  # a write on body A's activities and events
API_BODY_B = expect(OK, 403, 403, 403, 401, 401, 401, lead_a_focal_x=403, focal_x_y=403)
API_MEMBER_X = expect(
    OK, 403, OK, 403, 401, 401, 401, lead_a_focal_x=OK, focal_x_y=OK
)  # a write on member X and its people
API_MEMBER_Y = expect(OK, 403, 403, OK, 401, 401, 401, lead_a_focal_x=403, focal_x_y=OK)
API_TOKEN_OF_FOCAL_X = expect(
    OK, 404, OK, 404, 401, 401, 401, lead_a_focal_x=404, focal_x_y=404
)  # someone else's token "does not exist"
PAGE_SIGNED_IN = expect(OK, OK, OK, OK, SIGN_IN, SIGN_IN, SIGN_IN, lead_a_focal_x=OK, focal_x_y=OK)
PAGE_SECRETARIAT = expect(OK, 403, 403, 403, SIGN_IN, SIGN_IN, SIGN_IN, lead_a_focal_x=403, focal_x_y=403)
# Members-only events: readable by whoever has access to their body, "not found" for everyone else.
MEMBERS_ONLY_A = expect(OK, OK, OK, 404, 404, 404, 404, lead_a_focal_x=OK, focal_x_y=OK)
MEMBERS_ONLY_B = expect(OK, 404, 404, OK, 404, 404, 404, lead_a_focal_x=404, focal_x_y=OK)
PAGE_OWNED_BY_FOCAL_X = expect(OK, 404, OK, 404, SIGN_IN, SIGN_IN, SIGN_IN, lead_a_focal_x=404, focal_x_y=404)
API_MEMBERS_ONLY_A = expect(OK, OK, OK, 404, 404, 401, 401, lead_a_focal_x=OK, focal_x_y=OK)
API_MEMBERS_ONLY_B = expect(OK, 404, 404, OK, 404, 401, 401, lead_a_focal_x=404, focal_x_y=OK)
API_EDIT_MEMBERS_ONLY_A = expect(OK, OK, 403, 404, 401, 401, 401, lead_a_focal_x=OK, focal_x_y=403)

NEW_PASSWORD = "a long enough new password"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# Reports: their reporter (a body's lead, a member's focal point) and the secretariat; no one else, not the public.
API_REPORT_A = expect(OK, OK, 403, 403, 401, 401, 401, lead_a_focal_x=OK, focal_x_y=403)
API_REPORT_X = expect(OK, 403, OK, 403, 401, 401, 401, lead_a_focal_x=OK, focal_x_y=OK)
PAGE_REPORT_A = expect(OK, OK, 403, 403, SIGN_IN, SIGN_IN, SIGN_IN, lead_a_focal_x=OK, focal_x_y=403)
PAGE_REPORT_X = expect(OK, 403, OK, 403, SIGN_IN, SIGN_IN, SIGN_IN, lead_a_focal_x=OK, focal_x_y=OK)


@dataclass
class Call:
    """One request: ``json`` for the API, ``form`` for a page form (sent with the asker's CSRF token)."""

    path: str
    json: Any = None
    form: dict[str, str] | None = None
    files: dict[str, Any] | None = None  # multipart uploads, with ``form`` (pages) or alone (API)


@dataclass
class World:
    """The small network every principal's requests point at, with makers of fresh objects for writes."""

    settings: Settings
    users: dict[str, int] = field(default_factory=dict)  # principal name -> user id
    person_x: int = 0
    activity_a: int = 0
    activity_b: int = 0
    event_public_a: int = 0
    event_members_a: int = 0
    event_public_b: int = 0
    event_members_b: int = 0
    membership_x: int = 0
    term_a: int = 0
    invitation: int = 0
    history_b: int = 0
    slot_a: int = 0  # body A's report for a period, submitted once, with an attachment
    slot_x: int = 0  # member X's report, submitted once
    attachment_a: int = 0
    campaign: str = ""  # a maturity campaign, not published, that members X, Y and Z submitted (Y shared)
    open_campaign: str = ""  # the same, published
    codes: Any = field(default_factory=lambda: itertools.count(1))

    async def member(self) -> str:
        return (await member_factories.member(slug=unique("fresh-member"))).slug

    async def body(self) -> str:
        return (await body_factories.body(slug=unique("fresh-body"))).slug

    async def person_of(self, member_slug: str) -> int:
        return (await member_factories.person(member_slug=member_slug, email="someone@example.org")).id

    async def priority(self) -> str:
        return (await activity_factories.priority(code=f"Z{next(self.codes)}")).code

    async def partner(self) -> str:
        return (await activity_factories.partner()).slug

    async def activity(self, body: str) -> int:
        return (await activity_factories.activity(body=body, priority="A")).id

    async def event(self, body: str, visibility: str = "public") -> int:
        return (await event_factories.event(body=body, visibility=visibility)).id

    async def membership(self) -> int:
        return (await body_factories.membership(body_slug="body-a", member_slug=await self.member())).id

    async def term(self) -> int:
        return (await body_factories.term(body_slug=await self.body(), member_slug=await self.member())).id

    async def history_entry(self) -> tuple[str, int]:
        slug = await self.body()
        entry = await bodies.add_history_entry(
            slug=slug, data=BodyHistoryCreate(name="Old name", kind=BodyKind.forum, valid_until=date(2019, 12, 31))
        )
        return slug, entry.id

    async def user(self) -> int:
        return (await account_factories.user(role=Role.focal_point, member="member-x", password=None)).id

    async def assignment(self) -> tuple[int, int]:
        """A fresh user and the id of their one role."""
        user = await account_factories.user(role=Role.focal_point, member="member-y", password=None)
        return user.id, user.assignments[0].id

    async def failed_message(self) -> int:
        """A message of the outbox that could not be sent."""
        async with transaction():
            message_id = await outbox.enqueue(
                kind="invitation",
                to="nobody@example.org",
                language="en",
                template="accounts/mail/password_reset",
                context={"name": "", "email": "nobody@example.org", "link": "https://example.org/", "hours": 2},
                settings=self.settings,
            )
        await OutboxMessage.update({OutboxMessage.status: "failed", OutboxMessage.attempts: 8}).where(
            OutboxMessage.id == message_id
        )
        return message_id

    async def period(self) -> str:
        """A fresh reporting period that nobody owes anything for yet."""
        data = PeriodCreate(
            kind=PeriodKind.custom,
            start_date=date(2020, 1, 1),
            end_date=date(2020, 12, 31),
            due_date=date(2021, 3, 31),
            slug=unique("period"),
            include_bodies=False,
        )
        return (await reporting.create_period(data=data)).slug

    async def report_slot(self, owner: str, state: str = "not_started") -> int:
        """A fresh slot of ``owner`` (a body or member slug), taken by the services to ``state``."""
        data = SlotAdd(body=owner) if owner.startswith("body") else SlotAdd(member=owner)
        slot = (await reporting.add_slot(period_slug=await self.period(), data=data)).id
        if state != "not_started":
            await reporting_factories.save(slot)
        if state in ("submitted", "approved"):
            await reporting.transition(slot_id=slot, action=ReportAction.submit)
        if state == "approved":
            await reporting.transition(slot_id=slot, action=ReportAction.approve)
        return slot

    async def attached(self, slot: int) -> int:
        added = await reporting.add_attachment(
            slot_id=slot, file_name="report.pdf", data=PDF, data_dir=self.settings.data_dir
        )
        return added.id

    async def slot_with_attachment(self, owner: str) -> str:
        slot = await self.report_slot(owner, "draft")
        return f"{slot}/attachments/{await self.attached(slot)}"

    async def report_year(self) -> int:
        """A year whose annual report is started (revision 1), fresh for each call."""
        year = 1950 + next(self.codes)
        await annual_reports.start_draft(year=year)
        return year

    async def maturity_campaign(
        self, *, published: bool = False, submitted: tuple[str, ...] = (), drafts: tuple[str, ...] = ()
    ) -> str:
        """A fresh maturity campaign; ``submitted`` members answered and submitted, ``drafts`` answered only."""
        slug = unique("campaign")
        await maturity.create_campaign(
            data=CampaignCreate(
                slug=slug,
                name=slug,
                start_date=date(2020, 1, 1),
                end_date=date(2020, 12, 31),
                framework="matrix-framework",
                published=published,
            )
        )
        for member_slug in (*submitted, *drafts):
            saved = await maturity.save_answers(
                campaign=slug,
                member=member_slug,
                data=AssessmentSave(revision=1, answers=[AnswerIn(theme="t1", level=2), AnswerIn(theme="t2", level=1)]),
            )
            if member_slug in submitted:
                await maturity.submit(campaign=slug, member=member_slug, revision=saved.revision)
        return slug

    async def token_of_focal_x(self) -> int:
        return (await tokens.create_token(user_id=self.users["focal_x"], data=TokenCreate(name="spare"))).id

    async def invitation_secret(self) -> str:
        data = InvitationCreate(email=f"{unique('invited')}@example.org", assignments=FOCAL_X)
        _, link = await invitations.create_invitation(data=data, settings=self.settings)
        return link.rsplit("/", 1)[1]

    async def reset_secret(self) -> str:
        user = await account_factories.user(role=Role.focal_point, member="member-x", password=None)
        link = await invitations.request_password_reset(email=user.email, settings=self.settings)
        assert link is not None
        return link.rsplit("/", 1)[1]


async def _focal_x_feed(w: World, *, revoked: bool = False) -> tuple[int, str]:
    """A personal feed of focal X: its id and its secret (the path of /calendars/private/<secret>.ics)."""
    data = PersonalFeedCreate(name="My bodies")
    created = await private_feeds.create_personal_feed(
        user_id=w.users["focal_x"], data=data, base_url=w.settings.base_url
    )
    if revoked:
        await private_feeds.revoke_personal_feed(feed_id=created.id, principal=Principal(is_secretariat=True))
    return created.id, created.token


async def _focal_x_feed_id(w: World) -> int:
    return (await _focal_x_feed(w))[0]


async def _focal_x_feed_token(w: World, *, revoked: bool = False) -> str:
    return (await _focal_x_feed(w, revoked=revoked))[1]


Build = Callable[[World], Call | Awaitable[Call]]


@dataclass
class Case:
    what: str
    expected: dict[str, Outcome]
    build: Build


def static(path: str) -> Build:
    return lambda _: Call(path)


def one(expected: dict[str, Outcome], build: Build, what: str = "") -> list[Case]:
    return [Case(what, expected, build)]


async def _event_revision(event_id: int) -> int:
    return (await events.get_event(event_id=event_id)).revision


async def _patch_event(event_id: int) -> Call:
    return Call(f"/api/v1/events/{event_id}", json={"revision": await _event_revision(event_id), "location": "Lyon"})


async def _patch_activity(activity_id: int) -> Call:
    revision = (await activities.get_activity(activity_id=activity_id)).revision
    return Call(f"/api/v1/activities/{activity_id}", json={"revision": revision, "progress_percent": 40})


async def _patch_member(slug: str) -> Call:
    revision = (await members.get_member(slug=slug)).revision
    return Call(f"/api/v1/members/{slug}", json={"revision": revision, "website": "https://example.org/"})


def _new_person(slug: str) -> Call:
    return Call(f"/api/v1/members/{slug}/people", json={"name": "Ana Etxeberria", "email": "ana@example.org"})


def _activity_payload(body: str) -> dict[str, Any]:
    return {"body": body, "priority": "A", "title": "Open data in small towns"}


def _member_payload() -> dict[str, Any]:
    return {"slug": unique("new-member"), "name": "Ville de Cahors", "kind": "city", "country": "FR"}


async def _patch_person(w: World) -> Call:
    revision = (await members.get_person(person_id=w.person_x)).revision
    return Call(f"/api/v1/people/{w.person_x}", json={"revision": revision, "title": "Deputy mayor"})


async def _patch_network(_: World) -> Call:
    return Call("/api/v1/network", json={"revision": (await network.get_network()).revision, "short_name": "UCLG"})


async def _patch_priority(_: World) -> Call:
    revision = (await network.get_priority(code="A")).revision
    return Call("/api/v1/priorities/A", json={"revision": revision, "title_fr": "Mise en œuvre"})


async def _patch_partner(w: World) -> Call:
    slug = await w.partner()
    return Call(f"/api/v1/partners/{slug}", json={"revision": 1, "name": "UN-Habitat (Nairobi)"})


async def _patch_body_a(_: World) -> Call:
    revision = (await bodies.get_body(slug="body-a")).revision
    return Call("/api/v1/bodies/body-a", json={"revision": revision, "mandate": "Share what works."})


async def _patch_user(w: World) -> Call:
    return Call(f"/api/v1/users/{await w.user()}", json={"revision": 1, "name": "Renamed"})


async def _patch_membership(w: World) -> Call:
    return Call(f"/api/v1/memberships/{await w.membership()}", json={"revision": 1, "end_date": "2030-12-31"})


async def _patch_term(w: World) -> Call:
    return Call(f"/api/v1/leadership-terms/{await w.term()}", json={"revision": 1, "end_date": "2030-12-31"})


async def _delete_history_entry(w: World) -> Call:
    slug, entry = await w.history_entry()
    return Call(f"/api/v1/bodies/{slug}/history/{entry}")


async def _new_term(w: World) -> Call:
    payload = {"body": await w.body(), "member": await w.member(), "role": "lead", "start_date": "2020-01-01"}
    return Call("/api/v1/leadership-terms", json=payload)


async def _new_membership(w: World) -> Call:
    return Call("/api/v1/memberships", json={"body": "body-a", "member": await w.member()})


async def _new_invitation(_: World) -> Call:
    payload = {
        "email": f"{unique('invited')}@example.org",
        "assignments": [{"role": "focal_point", "member": "member-x"}],
    }
    return Call("/api/v1/invitations", json=payload)


async def _withdraw_invitation(w: World) -> Call:
    data = InvitationCreate(email=f"{unique('invited')}@example.org", assignments=FOCAL_X)
    invitation, _ = await invitations.create_invitation(data=data, settings=w.settings)
    return Call(f"/api/v1/invitations/{invitation.id}")


async def _accept_invitation(w: World) -> Call:
    form = {"name": "Newcomer", "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD}
    return Call(f"/invitations/{await w.invitation_secret()}", form=form)


async def _complete_reset(w: World) -> Call:
    form = {"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD}
    return Call(f"/password-reset/{await w.reset_secret()}", form=form)


async def _invite_from_page(_: World) -> Call:
    form = {"email": f"{unique('invited')}@example.org", "focal_member": "member-x", "name": ""}
    return Call("/users/invitations", form=form)


async def _grant(w: World) -> Call:
    return Call(f"/api/v1/users/{await w.user()}/assignments", json={"role": "body_lead", "body": "body-b"})


async def _revoke(w: World) -> Call:
    user_id, assignment_id = await w.assignment()
    return Call(f"/api/v1/users/{user_id}/assignments/{assignment_id}")


async def _grant_from_page(w: World) -> Call:
    return Call(f"/users/{await w.user()}/assignments", form={"role": "body_lead", "body": "body-b"})


async def _revoke_from_page(w: World) -> Call:
    user_id, assignment_id = await w.assignment()
    return Call(f"/users/{user_id}/assignments/{assignment_id}/revoke", form={})


async def _network_settings_from_page(_: World) -> Call:
    current = await network.get_network()
    form = {"revision": str(current.revision), "name": current.name, "logo_url": "", "accent_color": "#112233"}
    return Call("/network/settings", form=form)


async def _retry_mail(w: World) -> Call:
    return Call(f"/outbox/{await w.failed_message()}/retry", form={})


# (method, path template as the route table writes it) -> the cases asked of every principal.
RULES: dict[tuple[str, str], list[Case]] = {
    # ---------------------------------------------------------------- system
    ("GET", "/health"): one(EVERYONE, static("/health")),
    ("GET", "/health/live"): one(EVERYONE, static("/health/live")),
    ("GET", "/schema"): one(EVERYONE, static("/schema")),
    ("GET", "/schema/openapi.json"): one(EVERYONE, static("/schema/openapi.json")),
    ("GET", "/schema/openapi.yaml"): one(EVERYONE, static("/schema/openapi.yaml")),
    ("GET", "/schema/openapi.yml"): one(EVERYONE, static("/schema/openapi.yml")),
    ("GET", "/schema/redoc"): one(EVERYONE, static("/schema/redoc")),
    ("GET", "/schema/rapidoc"): one(EVERYONE, static("/schema/rapidoc")),
    ("GET", "/schema/elements"): one(EVERYONE, static("/schema/elements")),
    ("GET", "/schema/swagger"): one(EVERYONE, static("/schema/swagger")),
    ("GET", "/schema/oauth2-redirect.html"): one(EVERYONE, static("/schema/oauth2-redirect.html")),
    # Litestar's answer to an OpenAPI document it does not have.
    ("GET", "/schema/{path:str}"): one(NO_ONE, static("/schema/no-such-document")),
    # ---------------------------------------------------------------- accounts API
    ("GET", "/api/v1/users"): one(API_SECRETARIAT, static("/api/v1/users")),
    ("GET", "/api/v1/users/me"): one(API_SIGNED_IN, static("/api/v1/users/me")),
    ("GET", "/api/v1/users/{user_id:int}"): one(API_SECRETARIAT, lambda w: Call(f"/api/v1/users/{w.users['focal_x']}")),
    ("PATCH", "/api/v1/users/{user_id:int}"): one(API_SECRETARIAT, _patch_user),
    ("POST", "/api/v1/users/{user_id:int}/assignments"): one(API_SECRETARIAT, _grant),
    ("DELETE", "/api/v1/users/{user_id:int}/assignments/{assignment_id:int}"): one(API_SECRETARIAT, _revoke),
    ("GET", "/api/v1/tokens"): one(API_SIGNED_IN, static("/api/v1/tokens")),
    ("POST", "/api/v1/tokens"): one(API_SIGNED_IN, lambda _: Call("/api/v1/tokens", json={"name": "report"})),
    ("DELETE", "/api/v1/tokens/{token_id:int}"): one(
        API_TOKEN_OF_FOCAL_X, lambda w: _async_call(w.token_of_focal_x(), "/api/v1/tokens/{}")
    ),
    ("GET", "/api/v1/feed-tokens"): one(API_SIGNED_IN, static("/api/v1/feed-tokens")),
    ("POST", "/api/v1/feed-tokens"): one(
        API_SIGNED_IN, lambda _: Call("/api/v1/feed-tokens", json={"name": "My bodies"})
    ),
    ("DELETE", "/api/v1/feed-tokens/{feed_id:int}"): one(
        API_TOKEN_OF_FOCAL_X, lambda w: _async_call(_focal_x_feed_id(w), "/api/v1/feed-tokens/{}")
    ),
    ("POST", "/api/v1/feed-tokens/revoke-all"): one(API_SIGNED_IN, static("/api/v1/feed-tokens/revoke-all")),
    ("GET", "/api/v1/invitations"): one(API_SECRETARIAT, static("/api/v1/invitations")),
    ("POST", "/api/v1/invitations"): one(API_SECRETARIAT, _new_invitation),
    ("GET", "/api/v1/invitations/{invitation_id:int}"): one(
        API_SECRETARIAT, lambda w: Call(f"/api/v1/invitations/{w.invitation}")
    ),
    ("DELETE", "/api/v1/invitations/{invitation_id:int}"): one(API_SECRETARIAT, _withdraw_invitation),
    ("GET", "/api/v1/audit"): one(API_SECRETARIAT, static("/api/v1/audit")),
    # ---------------------------------------------------------------- network
    ("GET", "/api/v1/network"): one(API_READ, static("/api/v1/network")),
    ("PATCH", "/api/v1/network"): one(API_SECRETARIAT, _patch_network),
    ("GET", "/api/v1/priorities"): one(API_READ, static("/api/v1/priorities")),
    ("POST", "/api/v1/priorities"): one(
        API_SECRETARIAT, lambda w: Call("/api/v1/priorities", json={"code": f"Y{next(w.codes)}", "title_en": "Data"})
    ),
    ("GET", "/api/v1/priorities/{code:str}"): one(API_READ, static("/api/v1/priorities/A")),
    ("PATCH", "/api/v1/priorities/{code:str}"): one(API_SECRETARIAT, _patch_priority),
    ("DELETE", "/api/v1/priorities/{code:str}"): one(
        API_SECRETARIAT, lambda w: _async_call(w.priority(), "/api/v1/priorities/{}")
    ),
    # ---------------------------------------------------------------- members and people
    ("GET", "/api/v1/members"): one(API_READ, static("/api/v1/members")),
    ("POST", "/api/v1/members"): one(API_SECRETARIAT, lambda _: Call("/api/v1/members", json=_member_payload())),
    ("GET", "/api/v1/members/{slug:str}"): one(API_READ, static("/api/v1/members/member-x")),
    ("PATCH", "/api/v1/members/{slug:str}"): [
        Case("member X", API_MEMBER_X, lambda _: _patch_member("member-x")),
        Case("member Y", API_MEMBER_Y, lambda _: _patch_member("member-y")),
    ],
    ("DELETE", "/api/v1/members/{slug:str}"): [
        Case("a fresh member", API_SECRETARIAT, lambda w: _async_call(w.member(), "/api/v1/members/{}")),
        # Not even their own: a focal point changes their member, only the secretariat removes it.
        Case(
            "member X",
            expect(None, 403, 403, 403, 401, 401, 401, lead_a_focal_x=403, focal_x_y=403),
            static("/api/v1/members/member-x"),
        ),
    ],
    ("POST", "/api/v1/members/{slug:str}/people"): [
        Case("member X", API_MEMBER_X, lambda _: _new_person("member-x")),
        Case("member Y", API_MEMBER_Y, lambda _: _new_person("member-y")),
    ],
    ("GET", "/api/v1/people/{person_id:int}"): one(API_READ, lambda w: Call(f"/api/v1/people/{w.person_x}")),
    ("PATCH", "/api/v1/people/{person_id:int}"): one(API_MEMBER_X, _patch_person),
    ("DELETE", "/api/v1/people/{person_id:int}"): one(
        API_MEMBER_X, lambda w: _async_call(w.person_of("member-x"), "/api/v1/people/{}")
    ),
    # ---------------------------------------------------------------- bodies, memberships, leadership
    ("GET", "/api/v1/bodies"): one(API_READ, static("/api/v1/bodies")),
    ("POST", "/api/v1/bodies"): one(
        API_SECRETARIAT,
        lambda _: Call("/api/v1/bodies", json={"slug": unique("new-body"), "name": "Cities Forum", "kind": "forum"}),
    ),
    ("GET", "/api/v1/bodies/{slug:str}"): one(API_READ, static("/api/v1/bodies/body-a")),
    # A lead runs the body's work, not the body itself.
    ("PATCH", "/api/v1/bodies/{slug:str}"): one(API_SECRETARIAT, _patch_body_a),
    ("DELETE", "/api/v1/bodies/{slug:str}"): [
        Case("a fresh body", API_SECRETARIAT, lambda w: _async_call(w.body(), "/api/v1/bodies/{}")),
        Case(
            "body A",
            expect(None, 403, 403, 403, 401, 401, 401, lead_a_focal_x=403, focal_x_y=403),
            static("/api/v1/bodies/body-a"),
        ),
    ],
    ("GET", "/api/v1/bodies/{slug:str}/history"): one(API_READ, static("/api/v1/bodies/body-a/history")),
    ("POST", "/api/v1/bodies/{slug:str}/history"): one(
        API_SECRETARIAT,
        lambda w: _async_call(
            w.body(),
            "/api/v1/bodies/{}/history",
            json={"name": "Commission on Digital Cities", "kind": "commission", "valid_until": "2020-01-01"},
        ),
    ),
    ("DELETE", "/api/v1/bodies/{slug:str}/history/{entry_id:int}"): one(API_SECRETARIAT, _delete_history_entry),
    ("GET", "/api/v1/memberships"): one(API_READ, static("/api/v1/memberships")),
    ("POST", "/api/v1/memberships"): one(API_SECRETARIAT, _new_membership),
    ("GET", "/api/v1/memberships/{membership_id:int}"): one(
        API_READ, lambda w: Call(f"/api/v1/memberships/{w.membership_x}")
    ),
    ("PATCH", "/api/v1/memberships/{membership_id:int}"): one(API_SECRETARIAT, _patch_membership),
    ("DELETE", "/api/v1/memberships/{membership_id:int}"): one(
        API_SECRETARIAT, lambda w: _async_call(w.membership(), "/api/v1/memberships/{}")
    ),
    ("GET", "/api/v1/leadership-terms"): one(API_READ, static("/api/v1/leadership-terms")),
    ("POST", "/api/v1/leadership-terms"): one(API_SECRETARIAT, _new_term),
    ("GET", "/api/v1/leadership-terms/{term_id:int}"): one(
        API_READ, lambda w: Call(f"/api/v1/leadership-terms/{w.term_a}")
    ),
    ("PATCH", "/api/v1/leadership-terms/{term_id:int}"): one(API_SECRETARIAT, _patch_term),
    ("DELETE", "/api/v1/leadership-terms/{term_id:int}"): one(
        API_SECRETARIAT, lambda w: _async_call(w.term(), "/api/v1/leadership-terms/{}")
    ),
    # ---------------------------------------------------------------- partners and activities
    ("GET", "/api/v1/partners"): one(API_READ, static("/api/v1/partners")),
    ("POST", "/api/v1/partners"): one(
        API_SECRETARIAT, lambda _: Call("/api/v1/partners", json={"slug": unique("partner"), "name": "UN-Habitat"})
    ),
    ("GET", "/api/v1/partners/{slug:str}"): one(API_READ, lambda w: _async_call(w.partner(), "/api/v1/partners/{}")),
    ("PATCH", "/api/v1/partners/{slug:str}"): one(API_SECRETARIAT, _patch_partner),
    ("DELETE", "/api/v1/partners/{slug:str}"): one(
        API_SECRETARIAT, lambda w: _async_call(w.partner(), "/api/v1/partners/{}")
    ),
    ("GET", "/api/v1/activities"): one(API_READ, static("/api/v1/activities")),
    ("POST", "/api/v1/activities"): [
        Case("in body A", API_BODY_A, lambda _: Call("/api/v1/activities", json=_activity_payload("body-a"))),
        Case("in body B", API_BODY_B, lambda _: Call("/api/v1/activities", json=_activity_payload("body-b"))),
    ],
    ("GET", "/api/v1/activities/{activity_id:int}"): one(
        API_READ, lambda w: Call(f"/api/v1/activities/{w.activity_a}")
    ),
    ("PATCH", "/api/v1/activities/{activity_id:int}"): [
        Case("of body A", API_BODY_A, lambda w: _patch_activity(w.activity_a)),
        Case("of body B", API_BODY_B, lambda w: _patch_activity(w.activity_b)),
    ],
    ("DELETE", "/api/v1/activities/{activity_id:int}"): [
        Case("of body A", API_BODY_A, lambda w: _async_call(w.activity("body-a"), "/api/v1/activities/{}")),
        Case("of body B", API_BODY_B, lambda w: _async_call(w.activity("body-b"), "/api/v1/activities/{}")),
    ],
    # ---------------------------------------------------------------- events
    ("GET", "/api/v1/events"): one(API_READ, static("/api/v1/events")),
    ("POST", "/api/v1/events"): [
        Case(
            "in body A",
            API_BODY_A,
            lambda _: Call("/api/v1/events", json=event_factories.forum_payload(body="body-a")),
        ),
        Case(
            "in body B",
            API_BODY_B,
            lambda _: Call("/api/v1/events", json=event_factories.forum_payload(body="body-b")),
        ),
    ],
    ("GET", "/api/v1/events/{event_id:int}"): [
        Case("public, of body A", API_READ, lambda w: Call(f"/api/v1/events/{w.event_public_a}")),
        Case("members-only, of body A", API_MEMBERS_ONLY_A, lambda w: Call(f"/api/v1/events/{w.event_members_a}")),
        Case("members-only, of body B", API_MEMBERS_ONLY_B, lambda w: Call(f"/api/v1/events/{w.event_members_b}")),
    ],
    ("PATCH", "/api/v1/events/{event_id:int}"): [
        Case("public, of body A", API_BODY_A, lambda w: _patch_event(w.event_public_a)),
        Case("members-only, of body A", API_EDIT_MEMBERS_ONLY_A, lambda w: _patch_event(w.event_members_a)),
        Case("public, of body B", API_BODY_B, lambda w: _patch_event(w.event_public_b)),
    ],
    ("DELETE", "/api/v1/events/{event_id:int}"): [
        Case("public, of body A", API_BODY_A, lambda w: _async_call(w.event("body-a"), "/api/v1/events/{}")),
        Case(
            "members-only, of body A",
            API_EDIT_MEMBERS_ONLY_A,
            lambda w: _async_call(w.event("body-a", "members"), "/api/v1/events/{}"),
        ),
        Case("public, of body B", API_BODY_B, lambda w: _async_call(w.event("body-b"), "/api/v1/events/{}")),
    ],
    # ---------------------------------------------------------------- account pages
    ("GET", "/sign-in"): one(EVERYONE, static("/sign-in")),
    ("POST", "/sign-in"): one(
        EVERYONE,
        lambda _: Call("/sign-in", form={"email": "visitor@example.org", "password": account_factories.PASSWORD}),
    ),
    ("GET", "/sign-out"): one(EVERYONE, static("/sign-out")),
    ("POST", "/sign-out"): one(EVERYONE, lambda _: Call("/sign-out", form={})),  # asked last: it ends the session
    ("GET", "/invitations/{secret:str}"): one(
        EVERYONE, lambda w: _async_call(w.invitation_secret(), "/invitations/{}")
    ),
    ("POST", "/invitations/{secret:str}"): one(EVERYONE, _accept_invitation),
    ("GET", "/password-reset"): one(EVERYONE, static("/password-reset")),
    ("POST", "/password-reset"): one(EVERYONE, lambda _: Call("/password-reset", form={"email": "nobody@example.org"})),
    ("GET", "/password-reset/{secret:str}"): one(
        EVERYONE, lambda w: _async_call(w.reset_secret(), "/password-reset/{}")
    ),
    ("POST", "/password-reset/{secret:str}"): one(EVERYONE, _complete_reset),
    ("GET", "/account"): one(PAGE_SIGNED_IN, static("/account")),
    ("GET", "/start"): one(PAGE_SIGNED_IN, static("/start")),
    ("POST", "/account/language"): one(PAGE_SIGNED_IN, lambda _: Call("/account/language", form={"language": "fr"})),
    ("GET", "/account/tokens"): one(PAGE_SIGNED_IN, static("/account/tokens")),
    ("POST", "/account/tokens"): one(PAGE_SIGNED_IN, lambda _: Call("/account/tokens", form={"name": "report"})),
    ("POST", "/account/tokens/{token_id:int}/revoke"): one(
        PAGE_OWNED_BY_FOCAL_X,
        lambda w: _async_call(w.token_of_focal_x(), "/account/tokens/{}/revoke", form={}),
    ),
    ("GET", "/account/feeds"): one(PAGE_SIGNED_IN, static("/account/feeds")),
    ("POST", "/account/feeds"): one(PAGE_SIGNED_IN, lambda _: Call("/account/feeds", form={"name": "My bodies"})),
    ("POST", "/account/feeds/{feed_id:int}/revoke"): one(
        PAGE_OWNED_BY_FOCAL_X,
        lambda w: _async_call(_focal_x_feed_id(w), "/account/feeds/{}/revoke", form={}),
    ),
    ("POST", "/account/feeds/revoke-all"): one(PAGE_SIGNED_IN, lambda _: Call("/account/feeds/revoke-all", form={})),
    ("GET", "/users"): one(PAGE_SECRETARIAT, static("/users")),
    ("GET", "/users/{user_id:int}"): one(PAGE_SECRETARIAT, lambda w: Call(f"/users/{w.users['focal_x']}")),
    ("POST", "/users/{user_id:int}/assignments"): one(PAGE_SECRETARIAT, _grant_from_page),
    ("POST", "/users/{user_id:int}/assignments/{assignment_id:int}/revoke"): one(PAGE_SECRETARIAT, _revoke_from_page),
    ("GET", "/outbox"): one(PAGE_SECRETARIAT, static("/outbox")),
    ("POST", "/outbox/{message_id:int}/retry"): one(PAGE_SECRETARIAT, _retry_mail),
    ("POST", "/users/invitations"): one(PAGE_SECRETARIAT, _invite_from_page),
    ("POST", "/users/{user_id:int}/disable"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.user(), "/users/{}/disable", form={})
    ),
    ("GET", "/audit"): one(PAGE_SECRETARIAT, static("/audit")),
    ("GET", "/jobs"): one(PAGE_SECRETARIAT, static("/jobs")),
    # ---------------------------------------------------------------- the annual report (the secretariat's alone)
    ("GET", "/api/v1/annual-reports"): one(API_SECRETARIAT, static("/api/v1/annual-reports")),
    ("GET", "/api/v1/annual-reports/schema"): one(API_SECRETARIAT, static("/api/v1/annual-reports/schema")),
    ("POST", "/api/v1/annual-reports"): one(
        API_SECRETARIAT, lambda w: Call("/api/v1/annual-reports", json={"year": 1900 + next(w.codes)})
    ),
    ("GET", "/api/v1/annual-reports/{year:int}/draft"): one(
        API_SECRETARIAT, lambda w: _async_call(w.report_year(), "/api/v1/annual-reports/{}/draft")
    ),
    ("PATCH", "/api/v1/annual-reports/{year:int}/draft"): one(
        API_SECRETARIAT,
        lambda w: _async_call(
            w.report_year(), "/api/v1/annual-reports/{}/draft", json={"revision": 1, "introduction": "In this year…"}
        ),
    ),
    ("GET", "/api/v1/annual-reports/{year:int}/report"): one(
        API_SECRETARIAT, lambda w: _async_call(w.report_year(), "/api/v1/annual-reports/{}/report?format=json")
    ),
    ("POST", "/api/v1/annual-reports/{year:int}/editions"): one(
        API_SECRETARIAT, lambda w: _async_call(w.report_year(), "/api/v1/annual-reports/{}/editions")
    ),
    ("GET", "/api/v1/annual-reports/{year:int}/editions"): one(
        API_SECRETARIAT, lambda w: _async_call(w.report_year(), "/api/v1/annual-reports/{}/editions")
    ),
    ("GET", "/api/v1/annual-reports/{year:int}/manifest"): one(
        API_SECRETARIAT, lambda w: _async_call(w.report_year(), "/api/v1/annual-reports/{}/manifest")
    ),
    ("GET", "/annual-report"): one(PAGE_SECRETARIAT, static("/annual-report")),
    ("POST", "/annual-report"): one(
        PAGE_SECRETARIAT, lambda w: Call("/annual-report", form={"year": str(1900 + next(w.codes)), "language": "en"})
    ),
    ("GET", "/annual-report/{year:int}"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.report_year(), "/annual-report/{}")
    ),
    ("GET", "/annual-report/{year:int}/edit"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.report_year(), "/annual-report/{}/edit")
    ),
    ("POST", "/annual-report/{year:int}/edit"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(
            w.report_year(), "/annual-report/{}/edit", form={"revision": "1", "introduction": "In this year…"}
        ),
    ),
    ("GET", "/annual-report/{year:int}/preview"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.report_year(), "/annual-report/{}/preview")
    ),
    ("POST", "/annual-report/{year:int}/freeze"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.report_year(), "/annual-report/{}/freeze", form={})
    ),
    ("GET", "/annual-report/{year:int}/download"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.report_year(), "/annual-report/{}/download?format=md")
    ),
    # ---------------------------------------------------------------- public pages
    ("GET", "/"): one(EVERYONE, static("/")),
    ("GET", "/bodies"): one(EVERYONE, static("/bodies")),
    ("GET", "/bodies/{slug:str}"): one(EVERYONE, static("/bodies/body-a")),
    ("GET", "/members"): one(EVERYONE, static("/members")),
    ("GET", "/members/{slug:str}"): one(EVERYONE, static("/members/member-x")),
    ("GET", "/activities"): one(EVERYONE, static("/activities")),
    ("GET", "/priorities/{code:str}"): one(EVERYONE, static("/priorities/A")),
    ("GET", "/network/settings"): one(PAGE_SECRETARIAT, static("/network/settings")),
    ("POST", "/network/settings"): one(PAGE_SECRETARIAT, _network_settings_from_page),
    ("GET", "/activities/{activity_id:int}"): one(EVERYONE, lambda w: Call(f"/activities/{w.activity_a}")),
    ("GET", "/events"): one(EVERYONE, static("/events")),
    ("GET", "/events/{event_id:int}"): [
        Case("public, of body A", EVERYONE, lambda w: Call(f"/events/{w.event_public_a}")),
        Case("members-only, of body A", MEMBERS_ONLY_A, lambda w: Call(f"/events/{w.event_members_a}")),
        Case("members-only, of body B", MEMBERS_ONLY_B, lambda w: Call(f"/events/{w.event_members_b}")),
    ],
    # ---------------------------------------------------------------- calendar feeds (public: members-only never)
    **{
        (method, path): cases
        for method in ("GET", "HEAD")
        for path, cases in {
            "/calendars/network.ics": one(EVERYONE, static("/calendars/network.ics")),
            "/calendars/bodies/{filename:str}": one(EVERYONE, static("/calendars/bodies/body-a.ics")),
            "/calendars/members/{filename:str}": one(EVERYONE, static("/calendars/members/member-x.ics")),
            "/calendars/priorities/{filename:str}": one(EVERYONE, static("/calendars/priorities/A.ics")),
            "/calendars/kinds/{filename:str}": one(EVERYONE, static("/calendars/kinds/forum.ics")),
            "/calendars/events/{filename:str}": [
                Case("public", EVERYONE, lambda w: Call(f"/calendars/events/{w.event_public_a}.ics")),
                Case("members-only", NO_ONE, lambda w: Call(f"/calendars/events/{w.event_members_a}.ics")),
            ],
            # A personal feed: the secret link is the credential, whoever asks with it (no cookie, no token).
            "/calendars/private/{filename:str}": [
                Case(
                    "focal X's link",
                    EVERYONE,
                    lambda w: _async_call(_focal_x_feed_token(w), "/calendars/private/{}.ics"),
                ),
                Case(
                    "a revoked link",
                    NO_ONE,
                    lambda w: _async_call(_focal_x_feed_token(w, revoked=True), "/calendars/private/{}.ics"),
                ),
                Case("an unknown link", NO_ONE, static("/calendars/private/cal_" + "A" * 43 + ".ics")),
            ],
        }.items()
    },
}

REPORTING_RULES: dict[tuple[str, str], list[Case]] = {
    # ---------------------------------------------------------------- reporting API
    ("GET", "/api/v1/reporting/periods"): one(API_SIGNED_IN, static("/api/v1/reporting/periods")),
    ("POST", "/api/v1/reporting/periods"): one(
        API_SECRETARIAT,
        lambda _: Call(
            "/api/v1/reporting/periods",
            json={"kind": "quarter", "year": 2020, "number": 3, "slug": unique("q"), "due_date": "2020-10-31"},
        ),
    ),
    ("GET", "/api/v1/reporting/periods/{slug:str}"): one(
        API_SIGNED_IN, lambda w: _async_call(w.period(), "/api/v1/reporting/periods/{}")
    ),
    ("PATCH", "/api/v1/reporting/periods/{slug:str}"): one(
        API_SECRETARIAT,
        lambda w: _async_call(w.period(), "/api/v1/reporting/periods/{}", json={"revision": 1, "grace_days": 7}),
    ),
    ("DELETE", "/api/v1/reporting/periods/{slug:str}"): one(
        API_SECRETARIAT, lambda w: _async_call(w.period(), "/api/v1/reporting/periods/{}")
    ),
    ("POST", "/api/v1/reporting/periods/{slug:str}/slots"): one(
        API_SECRETARIAT,
        lambda w: _async_call(w.period(), "/api/v1/reporting/periods/{}/slots", json={"member": "member-x"}),
    ),
    ("GET", "/api/v1/reporting/slots"): one(API_SIGNED_IN, static("/api/v1/reporting/slots")),
    **{
        ("GET", f"/api/v1/reporting/slots/{{slot_id:int}}{tail}"): [
            Case(
                "of body A",
                API_REPORT_A,
                lambda w, tail=tail, query=query: Call(
                    f"/api/v1/reporting/slots/{w.slot_a}{tail}{query}".replace("{number:int}", "1")
                ),
            ),
            Case(
                "of member X",
                API_REPORT_X,
                lambda w, tail=tail, query=query: Call(
                    f"/api/v1/reporting/slots/{w.slot_x}{tail}{query}".replace("{number:int}", "1")
                ),
            ),
        ]
        for tail, query in (
            ("", ""),
            ("/report", ""),
            ("/versions", ""),
            ("/versions/compare", "?from=1&to=1"),
            ("/versions/{number:int}", ""),
            ("/transitions", ""),
            ("/attachments", ""),
        )
    },
    ("PATCH", "/api/v1/reporting/slots/{slot_id:int}"): one(
        API_SECRETARIAT,
        lambda w: _async_call(
            w.report_slot("body-a"),
            "/api/v1/reporting/slots/{}",
            json={"revision": 1, "due_date": "2021-04-30", "reason": "Two more weeks."},
        ),
    ),
    ("PUT", "/api/v1/reporting/slots/{slot_id:int}/report"): [
        Case(
            "of body A",
            API_REPORT_A,
            lambda w: _async_call(
                w.report_slot("body-a"), "/api/v1/reporting/slots/{}/report", json={"revision": 1, "language": "fr"}
            ),
        ),
        Case(
            "of member X",
            API_REPORT_X,
            lambda w: _async_call(
                w.report_slot("member-x"), "/api/v1/reporting/slots/{}/report", json={"revision": 1, "language": "fr"}
            ),
        ),
    ],
    ("POST", "/api/v1/reporting/slots/{slot_id:int}/transitions"): [
        Case(
            "submit body A's",
            API_REPORT_A,
            lambda w: _async_call(
                w.report_slot("body-a", "draft"), "/api/v1/reporting/slots/{}/transitions", json={"action": "submit"}
            ),
        ),
        Case(
            "submit member X's",
            API_REPORT_X,
            lambda w: _async_call(
                w.report_slot("member-x", "draft"), "/api/v1/reporting/slots/{}/transitions", json={"action": "submit"}
            ),
        ),
        Case(
            "approve body A's",
            API_SECRETARIAT,
            lambda w: _async_call(
                w.report_slot("body-a", "submitted"),
                "/api/v1/reporting/slots/{}/transitions",
                json={"action": "approve"},
            ),
        ),
        Case(
            "return body A's",
            API_SECRETARIAT,
            lambda w: _async_call(
                w.report_slot("body-a", "submitted"),
                "/api/v1/reporting/slots/{}/transitions",
                json={"action": "return", "reason": "Add the partners."},
            ),
        ),
    ],
    ("POST", "/api/v1/reporting/slots/{slot_id:int}/attachments"): [
        Case(
            "to body A's",
            API_REPORT_A,
            lambda w: _async_call(
                w.report_slot("body-a", "draft"),
                "/api/v1/reporting/slots/{}/attachments",
                files={"data": ("report.pdf", PDF, "application/pdf")},
            ),
        ),
    ],
    ("GET", "/api/v1/reporting/slots/{slot_id:int}/attachments/{attachment_id:int}"): [
        Case(
            "of body A",
            API_REPORT_A,
            lambda w: Call(f"/api/v1/reporting/slots/{w.slot_a}/attachments/{w.attachment_a}"),
        ),
    ],
    ("DELETE", "/api/v1/reporting/slots/{slot_id:int}/attachments/{attachment_id:int}"): [
        Case(
            "of body A",
            API_REPORT_A,
            lambda w: _async_call(w.slot_with_attachment("body-a"), "/api/v1/reporting/slots/{}"),
        ),
    ],
    ("GET", "/api/v1/reporting/completeness"): one(API_SECRETARIAT, static("/api/v1/reporting/completeness")),
    ("GET", "/api/v1/reporting/completeness/export"): one(
        API_SECRETARIAT, static("/api/v1/reporting/completeness/export?format=xlsx")
    ),
    ("GET", "/api/v1/reporting/entries"): one(API_SIGNED_IN, static("/api/v1/reporting/entries")),
    ("GET", "/api/v1/reporting/highlights"): one(API_SIGNED_IN, static("/api/v1/reporting/highlights")),
    # ---------------------------------------------------------------- reporting pages
    ("GET", "/reporting"): one(PAGE_SIGNED_IN, static("/reporting")),
    ("GET", "/reporting/periods/new"): one(PAGE_SECRETARIAT, static("/reporting/periods/new")),
    ("POST", "/reporting/periods"): one(
        PAGE_SECRETARIAT,
        lambda _: Call(
            "/reporting/periods",
            form={
                "kind": "custom",
                "start_date": "2020-01-01",
                "end_date": "2020-06-30",
                "name": unique("Semester"),
                "due_date": "2020-07-31",
                "grace_days": "0",
            },
        ),
    ),
    ("GET", "/reporting/periods/{slug:str}"): one(
        PAGE_SIGNED_IN, lambda w: _async_call(w.period(), "/reporting/periods/{}")
    ),
    ("POST", "/reporting/periods/{slug:str}"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(
            w.period(), "/reporting/periods/{}", form={"revision": "1", "due_date": "2021-04-30", "grace_days": "0"}
        ),
    ),
    ("POST", "/reporting/periods/{slug:str}/slots"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.period(), "/reporting/periods/{}/slots", form={"member": "member-x"})
    ),
    ("GET", "/reporting/slots/{slot_id:int}"): [
        Case("of body A", PAGE_REPORT_A, lambda w: Call(f"/reporting/slots/{w.slot_a}")),
        Case("of member X", PAGE_REPORT_X, lambda w: Call(f"/reporting/slots/{w.slot_x}")),
    ],
    ("GET", "/reporting/slots/{slot_id:int}/versions"): [
        Case("of body A", PAGE_REPORT_A, lambda w: Call(f"/reporting/slots/{w.slot_a}/versions")),
        Case("of member X", PAGE_REPORT_X, lambda w: Call(f"/reporting/slots/{w.slot_x}/versions")),
    ],
    ("GET", "/reporting/slots/{slot_id:int}/review"): one(
        PAGE_SECRETARIAT, lambda w: Call(f"/reporting/slots/{w.slot_a}/review")
    ),
    ("POST", "/reporting/slots/{slot_id:int}"): [
        Case(
            "body A's",
            PAGE_REPORT_A,
            lambda w: _async_call(
                w.report_slot("body-a"), "/reporting/slots/{}", form={"revision": "1", "language": "en"}
            ),
        ),
        Case(
            "member X's",
            PAGE_REPORT_X,
            lambda w: _async_call(
                w.report_slot("member-x"), "/reporting/slots/{}", form={"revision": "1", "language": "en"}
            ),
        ),
    ],
    ("POST", "/reporting/slots/{slot_id:int}/transitions"): [
        Case(
            "submit body A's",
            PAGE_REPORT_A,
            lambda w: _async_call(
                w.report_slot("body-a", "draft"), "/reporting/slots/{}/transitions", form={"action": "submit"}
            ),
        ),
        Case(
            "approve body A's",
            PAGE_SECRETARIAT,
            lambda w: _async_call(
                w.report_slot("body-a", "submitted"), "/reporting/slots/{}/transitions", form={"action": "approve"}
            ),
        ),
        Case(
            "reopen member X's",
            PAGE_SECRETARIAT,
            lambda w: _async_call(
                w.report_slot("member-x", "approved"),
                "/reporting/slots/{}/transitions",
                form={"action": "reopen", "reason": "A figure was wrong."},
            ),
        ),
    ],
    ("POST", "/reporting/slots/{slot_id:int}/settings"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(
            w.report_slot("body-a"),
            "/reporting/slots/{}/settings",
            form={"revision": "1", "due_date": "2021-04-30", "reason": "Two more weeks."},
        ),
    ),
    ("POST", "/reporting/slots/{slot_id:int}/chase"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(w.report_slot("body-a"), "/reporting/slots/{}/chase", form={"back": "slot"}),
    ),
    ("POST", "/reporting/slots/{slot_id:int}/attachments"): one(
        PAGE_REPORT_A,
        lambda w: _async_call(
            w.report_slot("body-a", "draft"),
            "/reporting/slots/{}/attachments",
            form={},
            files={"file": ("report.pdf", PDF, "application/pdf")},
        ),
    ),
    ("POST", "/reporting/slots/{slot_id:int}/attachments/{attachment_id:int}/remove"): one(
        PAGE_REPORT_A, lambda w: _async_call(w.slot_with_attachment("body-a"), "/reporting/slots/{}/remove", form={})
    ),
    ("GET", "/reporting/slots/{slot_id:int}/attachments/{attachment_id:int}"): one(
        PAGE_REPORT_A, lambda w: Call(f"/reporting/slots/{w.slot_a}/attachments/{w.attachment_a}")
    ),
    ("GET", "/reporting/completeness"): one(PAGE_SECRETARIAT, static("/reporting/completeness")),
    ("GET", "/reporting/completeness/export"): one(
        PAGE_SECRETARIAT, static("/reporting/completeness/export?format=csv")
    ),
    ("GET", "/reporting/report-form.js"): one(EVERYONE, static("/reporting/report-form.js")),
}
RULES.update(REPORTING_RULES)

# Spreadsheets: exports show what the asker may read (the public too); previews and imports need a signed-in person.
# What each row of an import may change is checked row by row, in tests/spreadsheets/test_permissions.py.
MEMBERS_CSV = b"slug,name,kind,country,website\r\nmember-x,Member X,city,FR,https://example.org/\r\n"
STALE_TOKEN = "an-unknown-preview-token-0123456789"
SPREADSHEET_RULES: dict[tuple[str, str], list[Case]] = {
    ("GET", "/api/v1/spreadsheets/{sheet:str}"): [
        Case("members", API_READ, static("/api/v1/spreadsheets/members?format=xlsx")),
        Case("reporting slots", API_SIGNED_IN, static("/api/v1/spreadsheets/reporting-slots")),
    ],
    ("POST", "/api/v1/spreadsheets/{sheet:str}/preview"): one(
        API_SIGNED_IN,
        lambda w: Call(
            "/api/v1/spreadsheets/members/preview", files={"data": ("members.csv", MEMBERS_CSV, "text/csv")}
        ),
    ),
    ("POST", "/api/v1/spreadsheets/{sheet:str}/import"): one(
        expect(404, 404, 404, 404, 401, 401, 401, lead_a_focal_x=404, focal_x_y=404),
        lambda w: Call("/api/v1/spreadsheets/members/import", json={"token": STALE_TOKEN}),
        "someone else's or an expired preview does not exist",
    ),
    ("GET", "/export/{sheet:str}"): [
        Case("members", EVERYONE, static("/export/members?format=xlsx")),
        Case(
            "reporting slots",
            expect(OK, OK, OK, OK, SIGN_IN, SIGN_IN, SIGN_IN, lead_a_focal_x=OK, focal_x_y=OK),
            static("/export/reporting-slots"),
        ),
    ],
    ("GET", "/import"): one(PAGE_SIGNED_IN, static("/import")),
    ("GET", "/import/{sheet:str}"): one(PAGE_SIGNED_IN, static("/import/members")),
    ("POST", "/import/{sheet:str}"): one(
        PAGE_SIGNED_IN,
        lambda w: Call("/import/members", form={}, files={"file": ("members.csv", MEMBERS_CSV, "text/csv")}),
    ),
    ("POST", "/import/{sheet:str}/apply"): one(
        expect(404, 404, 404, 404, SIGN_IN, SIGN_IN, SIGN_IN, lead_a_focal_x=404, focal_x_y=404),
        lambda w: Call("/import/members/apply", form={"token": STALE_TOKEN}),
    ),
}
RULES.update(SPREADSHEET_RULES)


# ---------------------------------------------------------------- the forms of the pages (issue 10)
# The same rules as the API: a member's forms for its focal points and the secretariat, a body's activities and
# events for its leads and the secretariat, everything else the secretariat's. Refused posts change nothing.
PAGE_MEMBER_X = expect(OK, 403, OK, 403, SIGN_IN, SIGN_IN, SIGN_IN, lead_a_focal_x=OK, focal_x_y=OK)
PAGE_BODY_A = expect(OK, OK, 403, 403, SIGN_IN, SIGN_IN, SIGN_IN, lead_a_focal_x=OK, focal_x_y=403)


def _member_form(revision: int | None = None) -> dict[str, str]:
    form = {"name": "Ville de Cahors", "kind": "city", "country": "FR", "website": ""}
    return form if revision is None else {**form, "revision": str(revision)}


async def _edit_member_x_page(_: World) -> Call:
    revision = (await members.get_member(slug="member-x")).revision
    return Call("/members/member-x/edit", form=_member_form(revision))


async def _edit_person_x_page(w: World) -> Call:
    revision = (await members.get_person(person_id=w.person_x)).revision
    return Call(f"/people/{w.person_x}/edit", form={"revision": str(revision), "name": "Ana", "title": "Mayor"})


async def _delete_person_page(w: World) -> Call:
    return Call(f"/people/{await w.person_of('member-x')}/delete", form={"revision": "1"})


async def _edit_body_a_page(_: World) -> Call:
    revision = (await bodies.get_body(slug="body-a")).revision
    form = {"revision": str(revision), "name": "Body A", "kind": "commission", "status": "active", "mandate": "x"}
    return Call("/bodies/body-a/edit", form=form)


async def _history_delete_page(w: World) -> Call:
    slug, entry = await w.history_entry()
    return Call(f"/bodies/{slug}/history/{entry}/delete", form={})


async def _event_form(event_id: int) -> dict[str, str]:
    event = await events.get_event(event_id=event_id)
    form = {key: value for key, value in events_form_values(event).items() if isinstance(value, str)}
    return {**form, "revision": str(event.revision), "location": "Lyon"}


async def _edit_event_a_page(w: World) -> Call:
    return Call(f"/events/{w.event_public_a}/edit", form=await _event_form(w.event_public_a))


def _new_event_form() -> dict[str, str]:
    return {
        "title": "Webinar",
        "body": "body-a",
        "kind": "webinar",
        "timing": "all_day",
        "start_date": "2026-12-06",
        "status": "confirmed",
        "visibility": "public",
    }


def _activity_form(revision: int | None = None) -> dict[str, str]:
    form = {"title": "Open data", "body": "body-a", "priority": "A", "status": "planned", "progress_percent": "10"}
    return form if revision is None else {**form, "revision": str(revision)}


async def _edit_activity_a_page(w: World) -> Call:
    revision = (await activities.get_activity(activity_id=w.activity_a)).revision
    return Call(f"/activities/{w.activity_a}/edit", form=_activity_form(revision))


async def _network_settings_page(_: World) -> Call:
    form = {"revision": str((await network.get_network()).revision), "name": "Network", "default_language": "en"}
    return Call("/network/settings", form={**form, "languages": "en"})


async def _edit_priority_page(_: World) -> Call:
    revision = (await network.get_priority(code="A")).revision
    return Call("/priorities/A/edit", form={"revision": str(revision), "title_en": "Implementation"})


async def _membership_form(w: World) -> Call:
    return Call("/bodies/body-a/memberships/new", form={"member": await w.member(), "start_date": "2020-01-01"})


async def _term_form(w: World) -> Call:
    return Call(
        f"/bodies/{await w.body()}/terms/new",
        form={"member": await w.member(), "role": "lead", "start_date": "2020-01-01"},
    )


FORM_RULES: dict[tuple[str, str], list[Case]] = {
    ("GET", "/members/new"): one(PAGE_SECRETARIAT, static("/members/new")),
    ("POST", "/members/new"): one(
        PAGE_SECRETARIAT, lambda _: Call("/members/new", form={**_member_form(), "slug": unique("new-member")})
    ),
    ("GET", "/members/{slug:str}/edit"): one(PAGE_MEMBER_X, static("/members/member-x/edit")),
    ("POST", "/members/{slug:str}/edit"): one(PAGE_MEMBER_X, _edit_member_x_page),
    ("GET", "/members/{slug:str}/delete"): one(PAGE_SECRETARIAT, static("/members/member-x/delete")),
    ("POST", "/members/{slug:str}/delete"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.member(), "/members/{}/delete", form={"revision": "1"})
    ),
    ("GET", "/members/{slug:str}/people/new"): one(PAGE_MEMBER_X, static("/members/member-x/people/new")),
    ("POST", "/members/{slug:str}/people/new"): one(
        PAGE_MEMBER_X, lambda _: Call("/members/member-x/people/new", form={"name": "Ana Etxeberria"})
    ),
    ("GET", "/people/{person_id:int}/edit"): one(PAGE_MEMBER_X, lambda w: Call(f"/people/{w.person_x}/edit")),
    ("POST", "/people/{person_id:int}/edit"): one(PAGE_MEMBER_X, _edit_person_x_page),
    ("GET", "/people/{person_id:int}/delete"): one(PAGE_MEMBER_X, lambda w: Call(f"/people/{w.person_x}/delete")),
    ("POST", "/people/{person_id:int}/delete"): one(PAGE_MEMBER_X, _delete_person_page),
    ("GET", "/bodies/new"): one(PAGE_SECRETARIAT, static("/bodies/new")),
    ("POST", "/bodies/new"): one(
        PAGE_SECRETARIAT,
        lambda _: Call(
            "/bodies/new",
            form={"slug": unique("new-body"), "name": "Culture", "kind": "commission", "status": "active"},
        ),
    ),
    ("GET", "/bodies/{slug:str}/edit"): one(PAGE_SECRETARIAT, static("/bodies/body-a/edit")),
    ("POST", "/bodies/{slug:str}/edit"): one(PAGE_SECRETARIAT, _edit_body_a_page),
    ("GET", "/bodies/{slug:str}/delete"): one(PAGE_SECRETARIAT, static("/bodies/body-a/delete")),
    ("POST", "/bodies/{slug:str}/delete"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.body(), "/bodies/{}/delete", form={"revision": "1"})
    ),
    ("GET", "/bodies/{slug:str}/history/new"): one(PAGE_SECRETARIAT, static("/bodies/body-a/history/new")),
    ("POST", "/bodies/{slug:str}/history/new"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(
            w.body(), "/bodies/{}/history/new", form={"name": "Old", "kind": "forum", "valid_until": "2019-12-31"}
        ),
    ),
    ("GET", "/bodies/{slug:str}/history/{entry_id:int}/delete"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.history_entry(), "/bodies/{0[0]}/history/{0[1]}/delete")
    ),
    ("POST", "/bodies/{slug:str}/history/{entry_id:int}/delete"): one(PAGE_SECRETARIAT, _history_delete_page),
    ("GET", "/bodies/{slug:str}/memberships/new"): one(PAGE_SECRETARIAT, static("/bodies/body-a/memberships/new")),
    ("POST", "/bodies/{slug:str}/memberships/new"): one(
        PAGE_SECRETARIAT,
        _membership_form,
    ),
    ("GET", "/memberships/{membership_id:int}/edit"): one(
        PAGE_SECRETARIAT, lambda w: Call(f"/memberships/{w.membership_x}/edit")
    ),
    ("POST", "/memberships/{membership_id:int}/edit"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(w.membership(), "/memberships/{}/edit", form={"revision": "1", "end_date": "2030-12-31"}),
    ),
    ("GET", "/memberships/{membership_id:int}/delete"): one(
        PAGE_SECRETARIAT, lambda w: Call(f"/memberships/{w.membership_x}/delete")
    ),
    ("POST", "/memberships/{membership_id:int}/delete"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.membership(), "/memberships/{}/delete", form={"revision": "1"})
    ),
    ("GET", "/bodies/{slug:str}/terms/new"): one(PAGE_SECRETARIAT, static("/bodies/body-a/terms/new")),
    ("POST", "/bodies/{slug:str}/terms/new"): one(PAGE_SECRETARIAT, _term_form),
    ("GET", "/leadership-terms/{term_id:int}/edit"): one(
        PAGE_SECRETARIAT, lambda w: Call(f"/leadership-terms/{w.term_a}/edit")
    ),
    ("POST", "/leadership-terms/{term_id:int}/edit"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(
            w.term(),
            "/leadership-terms/{}/edit",
            form={"revision": "1", "role": "lead", "start_date": "2020-01-01", "end_date": "2030-12-31"},
        ),
    ),
    ("GET", "/leadership-terms/{term_id:int}/delete"): one(
        PAGE_SECRETARIAT, lambda w: Call(f"/leadership-terms/{w.term_a}/delete")
    ),
    ("POST", "/leadership-terms/{term_id:int}/delete"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.term(), "/leadership-terms/{}/delete", form={"revision": "1"})
    ),
    ("GET", "/events/new"): one(PAGE_BODY_A, static("/events/new?body=body-a")),
    ("POST", "/events/new"): one(PAGE_BODY_A, lambda _: Call("/events/new?body=body-a", form=_new_event_form())),
    ("GET", "/events/{event_id:int}/edit"): one(PAGE_BODY_A, lambda w: Call(f"/events/{w.event_public_a}/edit")),
    ("POST", "/events/{event_id:int}/edit"): one(PAGE_BODY_A, _edit_event_a_page),
    ("GET", "/events/{event_id:int}/delete"): one(PAGE_BODY_A, lambda w: Call(f"/events/{w.event_public_a}/delete")),
    ("POST", "/events/{event_id:int}/delete"): one(
        PAGE_BODY_A, lambda w: _async_call(w.event("body-a"), "/events/{}/delete", form={"revision": "1"})
    ),
    ("GET", "/activities/new"): one(PAGE_BODY_A, static("/activities/new?body=body-a")),
    ("POST", "/activities/new"): one(PAGE_BODY_A, lambda _: Call("/activities/new?body=body-a", form=_activity_form())),
    ("GET", "/activities/{activity_id:int}/edit"): one(PAGE_BODY_A, lambda w: Call(f"/activities/{w.activity_a}/edit")),
    ("POST", "/activities/{activity_id:int}/edit"): one(PAGE_BODY_A, _edit_activity_a_page),
    ("GET", "/activities/{activity_id:int}/delete"): one(
        PAGE_BODY_A, lambda w: Call(f"/activities/{w.activity_a}/delete")
    ),
    ("POST", "/activities/{activity_id:int}/delete"): one(
        PAGE_BODY_A, lambda w: _async_call(w.activity("body-a"), "/activities/{}/delete", form={"revision": "1"})
    ),
    ("GET", "/partners"): one(EVERYONE, static("/partners")),
    ("GET", "/partners/new"): one(PAGE_SECRETARIAT, static("/partners/new")),
    ("POST", "/partners/new"): one(
        PAGE_SECRETARIAT, lambda _: Call("/partners/new", form={"slug": unique("new-partner"), "name": "UN-Habitat"})
    ),
    ("GET", "/partners/{slug:str}/edit"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.partner(), "/partners/{}/edit")
    ),
    ("POST", "/partners/{slug:str}/edit"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(w.partner(), "/partners/{}/edit", form={"revision": "1", "name": "UN-Habitat (Nairobi)"}),
    ),
    ("GET", "/partners/{slug:str}/delete"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.partner(), "/partners/{}/delete")
    ),
    ("POST", "/partners/{slug:str}/delete"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.partner(), "/partners/{}/delete", form={"revision": "1"})
    ),
    ("GET", "/network/settings"): one(PAGE_SECRETARIAT, static("/network/settings")),
    ("POST", "/network/settings"): one(PAGE_SECRETARIAT, _network_settings_page),
    ("GET", "/priorities/new"): one(PAGE_SECRETARIAT, static("/priorities/new")),
    ("POST", "/priorities/new"): one(
        PAGE_SECRETARIAT, lambda w: Call("/priorities/new", form={"code": f"N{next(w.codes)}", "title_en": "New"})
    ),
    ("GET", "/priorities/{code:str}/edit"): one(PAGE_SECRETARIAT, static("/priorities/A/edit")),
    ("POST", "/priorities/{code:str}/edit"): one(PAGE_SECRETARIAT, _edit_priority_page),
    ("GET", "/priorities/{code:str}/delete"): one(PAGE_SECRETARIAT, static("/priorities/A/delete")),
    ("POST", "/priorities/{code:str}/delete"): one(
        PAGE_SECRETARIAT, lambda w: _async_call(w.priority(), "/priorities/{}/delete", form={"revision": "1"})
    ),
}
RULES.update(FORM_RULES)

# ---------------------------------------------------------------- maturity
MATRIX_FRAMEWORK_BODY: dict[str, Any] = {
    "slug": "matrix-framework",
    "name": {"en": "Framework"},
    "themes": [
        {"code": code, "title": {"en": code}, "levels": [{"level": n, "title": {"en": str(n)}} for n in (1, 2, 3)]}
        for code in ("t1", "t2")
    ],
}
MATRIX_FRAMEWORK = msgspec.convert(MATRIX_FRAMEWORK_BODY, FrameworkCreate)


def _maturity_member(campaign: str, tail: str = "") -> str:
    return f"/maturity/campaigns/{campaign}/members/member-x{tail}"


def _api_assessment(campaign: str, member: str = "member-x", tail: str = "") -> str:
    return f"/api/v1/maturity/campaigns/{campaign}/assessments/{member}{tail}"


MATURITY_RULES: dict[tuple[str, str], list[Case]] = {
    ("GET", "/api/v1/maturity/frameworks"): one(API_SECRETARIAT, static("/api/v1/maturity/frameworks")),
    ("POST", "/api/v1/maturity/frameworks"): one(
        API_SECRETARIAT,
        lambda w: Call("/api/v1/maturity/frameworks", json={**MATRIX_FRAMEWORK_BODY, "slug": unique("framework")}),
    ),
    ("GET", "/api/v1/maturity/campaigns"): one(API_SIGNED_IN, static("/api/v1/maturity/campaigns")),
    ("POST", "/api/v1/maturity/campaigns"): one(
        API_SECRETARIAT,
        lambda w: Call(
            "/api/v1/maturity/campaigns",
            json={
                "slug": unique("campaign"),
                "name": "Maturity 2021",
                "start_date": "2021-01-01",
                "end_date": "2021-12-31",
                "framework": "matrix-framework",
            },
        ),
    ),
    ("PATCH", "/api/v1/maturity/campaigns/{slug:str}"): one(
        API_SECRETARIAT,
        lambda w: _async_call(
            w.maturity_campaign(), "/api/v1/maturity/campaigns/{}", json={"revision": 1, "published": True}
        ),
    ),
    # The network's figures: the secretariat's until published, then anyone's (at least three submitted).
    ("GET", "/api/v1/maturity/campaigns/{slug:str}/figures"): [
        Case("not published", API_SECRETARIAT, lambda w: Call(f"/api/v1/maturity/campaigns/{w.campaign}/figures")),
        Case("published", API_READ, lambda w: Call(f"/api/v1/maturity/campaigns/{w.open_campaign}/figures")),
    ],
    ("GET", "/api/v1/maturity/campaigns/{slug:str}/figures/export"): one(
        API_SECRETARIAT, lambda w: Call(f"/api/v1/maturity/campaigns/{w.campaign}/figures/export?format=xlsx")
    ),
    ("GET", "/api/v1/maturity/campaigns/{slug:str}/assessments/{member:str}"): [
        Case("of member X", API_MEMBER_X, lambda w: Call(_api_assessment(w.campaign))),
        Case("of member Y, shared", API_SIGNED_IN, lambda w: Call(_api_assessment(w.campaign, "member-y"))),
    ],
    ("PUT", "/api/v1/maturity/campaigns/{slug:str}/assessments/{member:str}"): one(
        API_MEMBER_X,
        lambda w: _async_call(
            w.maturity_campaign(),
            _api_assessment("{}"),
            json={"revision": 1, "answers": [{"theme": "t1", "level": 3}]},
        ),
    ),
    ("PATCH", "/api/v1/maturity/campaigns/{slug:str}/assessments/{member:str}"): one(
        API_MEMBER_X,
        lambda w: _async_call(
            w.maturity_campaign(submitted=("member-x",)), _api_assessment("{}"), json={"revision": 3, "shared": True}
        ),
    ),
    ("POST", "/api/v1/maturity/campaigns/{slug:str}/assessments/{member:str}/submit"): one(
        API_MEMBER_X,
        lambda w: _async_call(
            w.maturity_campaign(drafts=("member-x",)), _api_assessment("{}", tail="/submit"), json={"revision": 2}
        ),
    ),
    ("POST", "/api/v1/maturity/campaigns/{slug:str}/assessments/{member:str}/reopen"): one(
        API_SECRETARIAT,
        lambda w: _async_call(
            w.maturity_campaign(submitted=("member-x",)),
            _api_assessment("{}", tail="/reopen"),
            json={"revision": 3, "reason": "a typo"},
        ),
    ),
    ("GET", "/api/v1/maturity/members/{member:str}/history"): one(
        API_MEMBER_X, static("/api/v1/maturity/members/member-x/history")
    ),
    ("GET", "/maturity"): one(PAGE_SIGNED_IN, static("/maturity")),
    ("GET", "/maturity/frameworks"): one(PAGE_SECRETARIAT, static("/maturity/frameworks")),
    ("POST", "/maturity/frameworks"): one(
        PAGE_SECRETARIAT,
        lambda w: Call(
            "/maturity/frameworks",
            form={"framework": msgspec_json.encode({**MATRIX_FRAMEWORK_BODY, "slug": unique("framework")}).decode()},
        ),
    ),
    ("GET", "/maturity/campaigns/new"): one(PAGE_SECRETARIAT, static("/maturity/campaigns/new")),
    ("POST", "/maturity/campaigns"): one(
        PAGE_SECRETARIAT,
        lambda w: Call(
            "/maturity/campaigns",
            form={
                "slug": unique("campaign"),
                "name": "Maturity 2021",
                "start_date": "2021-01-01",
                "end_date": "2021-12-31",
                "framework": "matrix-framework",
            },
        ),
    ),
    ("GET", "/maturity/campaigns/{slug:str}"): [
        Case("not published", PAGE_SECRETARIAT, lambda w: Call(f"/maturity/campaigns/{w.campaign}")),
        Case("published", EVERYONE, lambda w: Call(f"/maturity/campaigns/{w.open_campaign}")),
    ],
    ("POST", "/maturity/campaigns/{slug:str}/publish"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(
            w.maturity_campaign(), "/maturity/campaigns/{}/publish", form={"revision": "1", "published": "on"}
        ),
    ),
    ("GET", "/maturity/campaigns/{slug:str}/export"): one(
        PAGE_SECRETARIAT, lambda w: Call(f"/maturity/campaigns/{w.campaign}/export?format=csv")
    ),
    ("GET", "/maturity/campaigns/{slug:str}/members/{member:str}"): one(
        PAGE_REPORT_X, lambda w: Call(_maturity_member(w.campaign))
    ),
    ("GET", "/maturity/campaigns/{slug:str}/members/{member:str}/themes/{theme:str}"): one(
        PAGE_REPORT_X, lambda w: Call(_maturity_member(w.campaign, "/themes/t1"))
    ),
    ("POST", "/maturity/campaigns/{slug:str}/members/{member:str}/themes/{theme:str}"): one(
        PAGE_REPORT_X,
        lambda w: _async_call(
            w.maturity_campaign(), _maturity_member("{}", "/themes/t1"), form={"revision": "1", "level": "2"}
        ),
    ),
    ("POST", "/maturity/campaigns/{slug:str}/members/{member:str}/submit"): one(
        PAGE_REPORT_X,
        lambda w: _async_call(
            w.maturity_campaign(drafts=("member-x",)), _maturity_member("{}", "/submit"), form={"revision": "2"}
        ),
    ),
    ("POST", "/maturity/campaigns/{slug:str}/members/{member:str}/share"): one(
        PAGE_REPORT_X,
        lambda w: _async_call(
            w.maturity_campaign(submitted=("member-x",)),
            _maturity_member("{}", "/share"),
            form={"revision": "3", "shared": "on"},
        ),
    ),
    ("POST", "/maturity/campaigns/{slug:str}/members/{member:str}/reopen"): one(
        PAGE_SECRETARIAT,
        lambda w: _async_call(
            w.maturity_campaign(submitted=("member-x",)),
            _maturity_member("{}", "/reopen"),
            form={"revision": "3", "reason": "a typo"},
        ),
    ),
    ("GET", "/maturity/members/{member:str}"): one(PAGE_REPORT_X, static("/maturity/members/member-x")),
}
RULES.update(MATURITY_RULES)


# Asked after every other request of a principal: it ends the principal's session.
LAST = {("POST", "/sign-out")}


async def _async_call(
    made: Awaitable[Any],
    path: str,
    *,
    json: Any = None,
    form: dict[str, str] | None = None,
    files: dict[str, Any] | None = None,
) -> Call:
    """A call on a freshly made object, whose id or slug takes the place of ``{}`` in ``path``."""
    return Call(path.format(await made), json=json, form=form, files=files)


def route_table(app: Litestar) -> list[tuple[str, str]]:
    """Every (method, path) the app answers. OPTIONS is left out: Litestar answers it itself, for every path."""
    return sorted(
        (method, route.path) for route in app.routes for method in getattr(route, "methods", ()) if method != "OPTIONS"
    )


def test_every_route_has_a_rule(tmp_path: Path) -> None:
    app = create_app(Settings.from_env(database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}"))
    routes = route_table(app)
    missing = [f"{method} {path}" for method, path in routes if (method, path) not in RULES]
    assert missing == [], (
        "these routes have no rule in tests/accounts/test_permission_matrix.py; "
        f"say who may call them (RULES): {missing}"
    )
    stale = [f"{method} {path}" for method, path in RULES if (method, path) not in routes]
    assert stale == [], f"these rules name routes the app no longer has: {stale}"


# Rows whose answer depends on whose things they are (focal X's own tokens and feed links), not on roles.
OWNED_BY_FOCAL_X = (API_TOKEN_OF_FOCAL_X, PAGE_OWNED_BY_FOCAL_X)
# How much an answer lets someone do: 404 (may not even know it exists) < 403 (sees it, may not change it) < OK.
_REACH = {404: 0, 403: 1, OK: 2}


def _union(first: Outcome, second: Outcome) -> Outcome:
    return max(first, second, key=lambda outcome: _REACH[outcome])


def test_two_roles_give_the_union_of_their_rights() -> None:
    """The columns of the people with two roles are what either of their roles gets alone, whichever is more."""
    wrong = []
    for (method, path), cases in RULES.items():
        for case in cases:
            if any(case.expected is owned for owned in OWNED_BY_FOCAL_X):
                continue
            got = case.expected
            for person, roles in (("lead_a_focal_x", ("lead_a", "focal_x")), ("focal_x_y", ("focal_x", "focal_y"))):
                union = _union(got[roles[0]], got[roles[1]])
                if got[person] != union:
                    wrong.append(f"{method} {path} {case.what}: {person} is {got[person]}, the union is {union}")
    assert wrong == []


# ---------------------------------------------------------------- the world and the principals


async def build_world(app: Litestar, principal: str) -> tuple[World, dict[str, str], dict[str, str]]:
    """The network, its users, and the headers and cookies ``principal`` asks with."""
    world = World(settings=app.state.settings)
    await body_factories.body(slug="body-a", name="Body A")
    await body_factories.body(slug="body-b", name="Body B")
    await member_factories.member(slug="member-x", name="Member X")
    await member_factories.member(slug="member-y", name="Member Y")
    world.person_x = (await member_factories.person(member_slug="member-x", email="mayor@x.example.org")).id
    await member_factories.person(member_slug="member-y", email="mayor@y.example.org")
    world.membership_x = (await body_factories.membership(body_slug="body-a", member_slug="member-x")).id
    await body_factories.membership(body_slug="body-b", member_slug="member-y")
    world.term_a = (await body_factories.term(body_slug="body-a", member_slug="member-x")).id
    await activity_factories.priority(code="A")
    world.activity_a = (await activity_factories.activity(body="body-a", priority="A")).id
    world.activity_b = (await activity_factories.activity(body="body-b", priority="A")).id
    world.event_public_a = await world.event("body-a")
    world.event_members_a = await world.event("body-a", "members")
    world.event_public_b = await world.event("body-b")
    world.event_members_b = await world.event("body-b", "members")
    data = InvitationCreate(email="pending@example.org", assignments=FOCAL_X)
    world.invitation = (await invitations.create_invitation(data=data, settings=world.settings))[0].id
    world.slot_a = await world.report_slot("body-a", "draft")
    world.attachment_a = await world.attached(world.slot_a)
    await reporting.transition(slot_id=world.slot_a, action=ReportAction.submit)
    world.slot_x = await world.report_slot("member-x", "submitted")
    await account_factories.user(role=Role.focal_point, member="member-y", email="visitor@example.org")
    await member_factories.member(slug="member-z", name="Member Z")
    await maturity.create_framework(data=MATRIX_FRAMEWORK)
    world.campaign = await world.maturity_campaign(submitted=("member-x", "member-y", "member-z"))
    world.open_campaign = await world.maturity_campaign(published=True, submitted=("member-x", "member-y", "member-z"))
    await maturity.set_shared(campaign=world.campaign, member="member-y", revision=3, shared=True)

    secretariat = [Grant(role=Role.secretariat)]
    lead_a = [Grant(role=Role.body_lead, body="body-a")]
    focal_y = [Grant(role=Role.focal_point, member="member-y")]
    roles: dict[str, list[Grant]] = {
        "secretariat": secretariat,
        "lead_a": lead_a,
        "focal_x": FOCAL_X,
        "focal_y": focal_y,
        "lead_a_focal_x": [*lead_a, *FOCAL_X],
        "focal_x_y": [*FOCAL_X, *focal_y],
        "disabled": secretariat,
        "revoked": secretariat,
    }
    for name, grants in roles.items():
        # Only the asker needs a password (hashing is slow on purpose).
        password = account_factories.PASSWORD if name == principal else None
        user = await account_factories.user(email=f"{name}@example.org", password=password, assignments=grants)
        world.users[name] = user.id

    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    if principal in roles:
        token = await tokens.create_token(user_id=world.users[principal], data=TokenCreate(name="matrix"))
        headers = account_factories.bearer(token.token)
        if principal == "revoked":
            await tokens.revoke_token(token_id=token.id, principal=Principal(is_secretariat=True))
        else:
            async with _client(app) as http:
                signed = await account_factories.sign_in(http, email=f"{principal}@example.org")
                assert signed.status_code == 303, signed.text
                cookies = dict(http.cookies)
    if principal == "disabled":
        await accounts.disable_user(email="disabled@example.org")
    return world, headers, cookies


def _client(app: Litestar, **options: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver", **options)


async def _ask(
    app: Litestar, method: str, call: Call, headers: dict[str, str], cookies: dict[str, str]
) -> httpx.Response:
    # A client of its own per request: a sign-in or sign-out answer must not change what the next request sends.
    async with _client(app, headers=headers, cookies=cookies) as http:
        if call.form is None:
            if call.files is not None:
                return await http.request(method, call.path, files=call.files)
            return await http.request(method, call.path, json=call.json)
        opened = await http.get("/sign-in")  # for the CSRF token, as a browser gets it from the page with the form
        form = {**call.form, "_csrf_token": account_factories.csrf_token(opened.text)}
        return await http.request(method, call.path, data=form, files=call.files)


def outcome(answer: httpx.Response) -> Outcome:
    code = answer.status_code
    if code in (401, 403, 404):
        return code
    if code == 303 and answer.headers.get("location", "").startswith("/sign-in?next="):
        return SIGN_IN
    if 200 <= code < 400:
        return OK
    return f"{code}: {answer.text[:300]}"


# Who may do what is decided by guards and permission functions before any query; each route's own behaviour is
# tested on both engines in its domain's tests. Walking ~300 routes for 8 principals is the suite's longest test,
# so the matrix runs on SQLite only.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_permission_matrix(app: Litestar, principal: str) -> None:
    world, headers, cookies = await build_world(app, principal)
    routes = sorted(route_table(app), key=lambda route: route in LAST)
    wrong: list[str] = []
    for method, path in routes:
        cases = RULES.get((method, path))
        if cases is None:
            wrong.append(f"{method} {path}: no rule (see test_every_route_has_a_rule)")
            continue
        for case in cases:
            expected = case.expected[principal]
            if expected is None:
                continue
            built = case.build(world)
            call = await built if inspect.isawaitable(built) else built
            answer = await _ask(app, method, call, headers, cookies)
            got = outcome(answer)
            label = f"{method} {path}" + (f" ({case.what})" if case.what else "") + f" -> {call.path}"
            if got != expected:
                wrong.append(f"{label}: expected {expected}, got {got}")
            elif (
                got == 401
                and call.path.startswith("/api/")
                and "Bearer" not in answer.headers.get("www-authenticate", "")
            ):
                wrong.append(f"{label}: a 401 without WWW-Authenticate: Bearer")
    assert wrong == [], f"{principal}:\n" + "\n".join(wrong)
