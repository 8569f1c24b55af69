"""Users and their role assignments: the only code that queries the user and assignment tables.

A person holds any number of role assignments (secretariat; lead of a body;
focal point of a member), each from a start date to an end date, each
revocable on its own. Their permissions are the union of the assignments
that count today (``principal_for``); the rules are in ``rules.py``.

Sessions and sign-in live in ``sessions.py``, API tokens in ``tokens.py``,
invitations and password resets in ``invitations.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from anyio import to_thread
from piccolo.custom_types import Combinable

from coordination.accounts import passwords
from coordination.accounts.enums import Role
from coordination.accounts.schemas import (
    AssignmentOut,
    Grant,
    Language,
    Principal,
    Recipient,
    UserCreate,
    UserOut,
    UserUpdate,
)
from coordination.accounts.tables import RoleAssignment, User, UserSession
from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.bodies import services as bodies
from coordination.core.database import is_sqlite, name_contains, transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import integrity_errors
from coordination.members import services as members


def normalise_email(email: str) -> str:
    """Emails are compared and stored lower-cased: Ana@City.org and ana@city.org are one account."""
    return email.strip().lower()


def today() -> date:
    return date.today()


# ------------------------------------------------------------------ assignments: what counts when


def counts_on(on: date) -> Combinable:
    """Assignments that count on ``on``: started, not past their last day, not revoked."""
    return (
        (RoleAssignment.start_date <= on)
        & (RoleAssignment.end_date.is_null() | (RoleAssignment.end_date >= on))
        & RoleAssignment.revoked_at.is_null()
    )


def _status(row: dict[str, Any], on: date) -> str:
    if row["revoked_at"] is not None:
        return "revoked"
    if row["start_date"] > on:
        return "future"
    if row["end_date"] is not None and row["end_date"] < on:
        return "ended"
    return "active"


def _assignment_columns() -> list[Any]:
    return [
        *RoleAssignment.all_columns(),
        RoleAssignment.member.slug.as_alias("member_slug"),
        RoleAssignment.member.name.as_alias("member_name"),
        RoleAssignment.body.slug.as_alias("body_slug"),
        RoleAssignment.body.name.as_alias("body_name"),
    ]


def _assignment_out(row: dict[str, Any], on: date) -> AssignmentOut:
    return AssignmentOut(
        id=row["id"],
        role=Role(row["role"]),
        member=row["member_slug"],
        member_name=row["member_name"],
        body=row["body_slug"],
        body_name=row["body_name"],
        start_date=row["start_date"],
        end_date=row["end_date"],
        revoked_at=row["revoked_at"],
        status=_status(row, on),
        revision=row["revision"],
    )


_ROLE_ORDER = {role: position for position, role in enumerate(Role)}


def _assignment_order(item: AssignmentOut) -> tuple[int, int, str, date, int]:
    # Those that count first, then by role and what they are about.
    status_order = {"active": 0, "future": 1, "ended": 2, "revoked": 3}[item.status]
    return (status_order, _ROLE_ORDER[item.role], item.body_name or item.member_name or "", item.start_date, item.id)


async def assignments_of(*, user_ids: Iterable[int]) -> dict[int, list[AssignmentOut]]:
    """Every assignment of each user, those that count today first."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    on = today()
    rows = await RoleAssignment.select(*_assignment_columns()).where(RoleAssignment.user.is_in(ids))
    found: dict[int, list[AssignmentOut]] = defaultdict(list)
    for row in rows:
        found[row["user"]].append(_assignment_out(row, on))
    return {user_id: sorted(found.get(user_id, []), key=_assignment_order) for user_id in ids}


async def get_assignment(*, user_id: int, assignment_id: int) -> AssignmentOut:
    row = (
        await RoleAssignment.select(*_assignment_columns())
        .where((RoleAssignment.id == assignment_id) & (RoleAssignment.user == user_id))
        .first()
    )
    if row is None:
        raise NotFound(N_("this person has no role assignment %(id)s"), params={"id": assignment_id})
    return _assignment_out(row, today())


async def resolve_grant(grant: Grant, *, field: str = "") -> tuple[Role, int | None, int | None]:
    """The role of a grant with the member or body it is about, checking it takes exactly what it needs.

    A focal point speaks for one member; a lead leads one body; the secretariat
    is attached to neither. ``field`` prefixes the fields named in errors
    ("assignments[1].member").
    """
    prefix = f"{field}." if field else ""
    if grant.start_date is not None and grant.end_date is not None and grant.end_date < grant.start_date:
        raise InvalidInput(
            N_("a role cannot end (%(end)s) before it starts (%(start)s)"),
            field=f"{prefix}end_date",
            params={"start": grant.start_date.isoformat(), "end": grant.end_date.isoformat()},
        )
    if grant.role is Role.focal_point:
        if grant.member is None:
            raise InvalidInput(N_("a member focal point needs a member"), field=f"{prefix}member")
        if grant.body is not None:
            raise InvalidInput(N_("a member focal point is attached to a member, not a body"), field=f"{prefix}body")
        return grant.role, await members.member_id(slug=grant.member, field=f"{prefix}member"), None
    if grant.role is Role.body_lead:
        if grant.body is None:
            raise InvalidInput(N_("a body lead needs a body"), field=f"{prefix}body")
        if grant.member is not None:
            raise InvalidInput(N_("a body lead is attached to a body, not a member"), field=f"{prefix}member")
        return grant.role, None, await bodies.body_id(slug=grant.body, field=f"{prefix}body")
    if grant.member is not None:
        raise InvalidInput(N_("the secretariat is attached to no member"), field=f"{prefix}member")
    if grant.body is not None:
        raise InvalidInput(N_("the secretariat is attached to no body"), field=f"{prefix}body")
    return grant.role, None, None


async def check_grants(grants: list[Grant]) -> list[tuple[Role, int | None, int | None]]:
    """Every grant of a list resolved; the same role over the same thing twice is refused."""
    resolved = []
    for index, grant in enumerate(grants):
        field = f"assignments[{index}]"
        item = await resolve_grant(grant, field=field)
        if item in resolved:
            raise InvalidInput(N_("the same role is given twice"), field=field)
        resolved.append(item)
    return resolved


# ------------------------------------------------------------------ users


def _user_out(row: dict[str, Any], assignments: list[AssignmentOut]) -> UserOut:
    return UserOut(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        language=row["language"],
        assignments=assignments,
        disabled=row["disabled"],
        has_password=bool(row["password_hash"]),
        last_sign_in_at=row["last_sign_in_at"],
        revision=row["revision"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _users_out(rows: list[dict[str, Any]]) -> list[UserOut]:
    assignments = await assignments_of(user_ids=[row["id"] for row in rows])
    return [_user_out(row, assignments.get(row["id"], [])) for row in rows]


async def get_user(*, user_id: int) -> UserOut:
    row = await User.select().where(User.id == user_id).first()
    if row is None:
        raise NotFound(N_("user %(id)s not found"), params={"id": user_id})
    return (await _users_out([row]))[0]


async def find_user(*, email: str) -> UserOut | None:
    row = await User.select().where(User.email == normalise_email(email)).first()
    return None if row is None else (await _users_out([row]))[0]


async def email_taken(*, email: str) -> bool:
    return bool(await User.exists().where(User.email == normalise_email(email)))


async def list_users(
    *,
    role: Role | None = None,
    disabled: bool | None = None,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[UserOut]:
    """Users by email; ``role``: those holding that role today."""
    query = User.select().order_by(User.email).limit(limit).offset(offset)
    count = User.count()
    conditions: list[Combinable] = []
    if role is not None:
        holders = RoleAssignment.select(RoleAssignment.user).where(
            (RoleAssignment.role == role.value) & counts_on(today())
        )
        conditions.append(User.id.is_in(holders))
    if disabled is not None:
        conditions.append(User.disabled == disabled)
    if search:
        conditions.append(name_contains(User.email, search) | name_contains(User.name, search))
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    return Page(items=await _users_out(await query), total=await count, limit=limit, offset=offset)


def _audited_user(user: UserOut) -> dict[str, Any]:
    # Assignments have their own records ("role_assignment").
    return snapshot(user, leave_out=["assignments", "has_password", "last_sign_in_at"])


def _audited_assignment(assignment: AssignmentOut, *, user_id: int) -> dict[str, Any]:
    return snapshot(assignment, leave_out=["id", "member_name", "body_name", "status"], user=user_id)


async def _insert_assignment(
    *, user_id: int, role: Role, member_id: int | None, body_id: int | None, start: date | None, end: date | None
) -> AssignmentOut:
    now = utc_now()
    rows = await RoleAssignment.insert(
        RoleAssignment(
            user=user_id,
            role=role.value,
            member=member_id,
            body=body_id,
            start_date=start or today(),
            end_date=end,
            created_at=now,
            updated_at=now,
        )
    ).returning(RoleAssignment.id)
    created = await get_assignment(user_id=user_id, assignment_id=int(rows[0]["id"]))
    await audit.record(
        action="role_assignment.granted",
        object_type="role_assignment",
        object_id=created.id,
        after=_audited_assignment(created, user_id=user_id),
    )
    return created


async def insert_user(*, data: UserCreate, password_hash: str) -> int:
    """Insert a user with their assignments inside the caller's transaction (shared with accepting an invitation).

    Returns the new user's id.
    """
    email = normalise_email(data.email)
    message = N_("there is already an account for %(email)s")
    if await email_taken(email=email):
        raise Conflict(message, field="email", params={"email": email})
    grants = await check_grants(data.assignments)
    now = utc_now()
    async with integrity_errors(unique_field="email", unique_message=message % {"email": email}):
        rows = await User.insert(
            User(
                email=email,
                name=data.name.strip(),
                language=data.language,
                password_hash=password_hash,
                created_at=now,
                updated_at=now,
            )
        ).returning(User.id)
    user_id = int(rows[0]["id"])
    await audit.record(
        action="user.created",
        object_type="user",
        object_id=user_id,
        after=_audited_user(await get_user(user_id=user_id)),
    )
    for (role, member_id, body_id), grant in zip(grants, data.assignments, strict=True):
        await _insert_assignment(
            user_id=user_id, role=role, member_id=member_id, body_id=body_id, start=grant.start_date, end=grant.end_date
        )
    return user_id


async def create_user(*, data: UserCreate, password: str | None = None) -> UserOut:
    """A user with a password (the CLI), or without one: they set it through a password reset link."""
    if password is not None:
        passwords.check_new_password(password)
    password_hash = "" if password is None else await to_thread.run_sync(passwords.hash_password, password)
    async with transaction():
        user_id = await insert_user(data=data, password_hash=password_hash)
    return await get_user(user_id=user_id)


def _user_target(user: UserOut) -> writes.Target:
    return writes.Target(table=User, row_id=user.id, what=user.email, object_type="user", object_id=user.id)


async def _check_secretariat_remains(*, user_id: int, email: str, field: str, assignment_id: int | None = None) -> None:
    """Someone must always be able to manage the network: the last active secretariat account keeps its role.

    Called before disabling ``user_id`` (``assignment_id`` None) or revoking
    one of their assignments: refused when no other active account would
    still hold the secretariat role today.
    """
    on = today()
    secretariat = (RoleAssignment.role == Role.secretariat.value) & counts_on(on)
    if not is_sqlite():
        # Two such changes at once must not both find "another one is left" (SQLite already has one writer).
        await RoleAssignment.select(RoleAssignment.id).where(secretariat).lock_rows()
    others = RoleAssignment.count().where(secretariat & (RoleAssignment.user.disabled == False))  # noqa: E712
    if assignment_id is None:
        others = others.where(RoleAssignment.user != user_id)
    else:
        others = others.where(RoleAssignment.id != assignment_id)
    if await others == 0:
        raise Conflict(
            N_("%(email)s is the last active secretariat account; invite another one first"),
            field=field,
            params={"email": email},
        )


async def update_user(*, user_id: int, data: UserUpdate) -> UserOut:
    """Change a person's name, language, or disable them (signing them out everywhere)."""
    async with transaction():
        before = await get_user(user_id=user_id)
        values: dict[str, Any] = {}
        if isinstance(data.name, str):
            values["name"] = data.name.strip()
        if isinstance(data.language, str):
            values["language"] = data.language
        disabling = data.disabled is True and not before.disabled
        if isinstance(data.disabled, bool):
            values["disabled"] = data.disabled
        if disabling and any(a.role is Role.secretariat and a.status == "active" for a in before.assignments):
            await _check_secretariat_remains(user_id=user_id, email=before.email, field="disabled")
        after = await writes.update(
            _user_target(before),
            revision=data.revision,
            values=values,
            read=lambda: get_user(user_id=user_id),
            before=before,
            audited=_audited_user,
            action="user.disabled" if disabling else "user.updated",
        )
        if disabling:
            # A disabled person is signed out everywhere at once; their API tokens stop working too (checked per use).
            await UserSession.delete().where(UserSession.user == user_id)
    return after


async def disable_user(*, email: str) -> UserOut:
    user = await find_user(email=email)
    if user is None:
        raise NotFound(N_("no account for %(email)s"), params={"email": normalise_email(email)})
    if user.disabled:
        return user
    return await update_user(user_id=user.id, data=UserUpdate(revision=user.revision, disabled=True))


async def set_language(*, user_id: int, language: Language) -> UserOut:
    """A person's own choice of language for their mail (from ``/account``): no revision to send."""
    user = await get_user(user_id=user_id)
    if language == user.language:
        return user
    return await update_user(user_id=user_id, data=UserUpdate(revision=user.revision, language=language))


async def _touch(user_id: int) -> None:
    # A change of roles is a change of the person's rights: what depends on them (a personal feed) sees it.
    await User.update({User.updated_at: utc_now()}).where(User.id == user_id)


async def grant(*, user_id: int, data: Grant) -> AssignmentOut:
    """Give a person one more role, from ``start_date`` (default today) to ``end_date`` (default: no end)."""
    async with transaction():
        await get_user(user_id=user_id)
        role, member_id, body_id = await resolve_grant(data)
        start = data.start_date or today()
        same = await RoleAssignment.select(RoleAssignment.start_date, RoleAssignment.end_date).where(
            (RoleAssignment.user == user_id)
            & (RoleAssignment.role == role.value)
            & RoleAssignment.revoked_at.is_null()
            & (RoleAssignment.member == member_id if member_id is not None else RoleAssignment.member.is_null())
            & (RoleAssignment.body == body_id if body_id is not None else RoleAssignment.body.is_null())
        )
        for other in same:
            if bodies.overlaps(start, data.end_date, other["start_date"], other["end_date"]):
                raise Conflict(N_("this person already holds this role over those days"), field="role")
        created = await _insert_assignment(
            user_id=user_id, role=role, member_id=member_id, body_id=body_id, start=start, end=data.end_date
        )
        await _touch(user_id)
    return created


async def revoke(*, user_id: int, assignment_id: int, revision: int | None = None) -> AssignmentOut:
    """End one assignment now; the others stay. The record stays too, marked revoked."""
    async with transaction():
        user = await get_user(user_id=user_id)
        current = await get_assignment(user_id=user_id, assignment_id=assignment_id)
        if current.revoked_at is not None:
            return current
        if current.role is Role.secretariat and current.status == "active" and not user.disabled:
            await _check_secretariat_remains(
                user_id=user_id, email=user.email, field="assignment", assignment_id=assignment_id
            )
        target = writes.Target(
            table=RoleAssignment,
            row_id=assignment_id,
            what=user.email,
            object_type="role_assignment",
            object_id=assignment_id,
        )
        revoked = await writes.update(
            target,
            revision=current.revision if revision is None else revision,
            values={"revoked_at": utc_now()},
            read=lambda: get_assignment(user_id=user_id, assignment_id=assignment_id),
            before=current,
            audited=lambda item: _audited_assignment(item, user_id=user_id),
            action="role_assignment.revoked",
        )
        await _touch(user_id)
    return revoked


# ------------------------------------------------------------------ who is asking, and who to write to


async def principal_for(
    *, user_id: int, email: str, name: str, language: str, via: str, credential_id: int | None
) -> Principal:
    """A signed-in person as the rules see them: the union of their assignments that count today."""
    rows = await RoleAssignment.select(RoleAssignment.role, RoleAssignment.member, RoleAssignment.body).where(
        (RoleAssignment.user == user_id) & counts_on(today())
    )
    return Principal(
        user_id=user_id,
        email=email,
        name=name,
        language=language,
        is_secretariat=any(row["role"] == Role.secretariat.value for row in rows),
        lead_body_ids=frozenset(
            row["body"] for row in rows if row["role"] == Role.body_lead.value and row["body"] is not None
        ),
        focal_member_ids=frozenset(
            row["member"] for row in rows if row["role"] == Role.focal_point.value and row["member"] is not None
        ),
        via=via,
        credential_id=credential_id,
    )


async def principal_of_user(*, user_id: int, via: str) -> Principal:
    """The principal of a person who is not asking themselves (a personal feed fetched with its link)."""
    row = await User.select(User.id, User.email, User.name, User.language).where(User.id == user_id).first()
    if row is None:
        raise NotFound(N_("user %(id)s not found"), params={"id": user_id})
    return await principal_for(
        user_id=row["id"], email=row["email"], name=row["name"], language=row["language"], via=via, credential_id=None
    )


async def assignment_holders(
    *, body_id: int | None = None, member_id: int | None = None, on: date | None = None
) -> list[Recipient]:
    """Who holds, on ``on`` (default today), the role that owes something for a body or a member.

    ``body_id``: the leads of that body; ``member_id``: the focal points of
    that member. Disabled accounts are left out. Each comes with their
    language, for the mail they will be sent (reminders…); sorted by email.
    """
    if (body_id is None) == (member_id is None):
        raise ValueError("name exactly one of body_id and member_id")
    on = on or today()
    if body_id is not None:
        about = (RoleAssignment.role == Role.body_lead.value) & (RoleAssignment.body == body_id)
    else:
        about = (RoleAssignment.role == Role.focal_point.value) & (RoleAssignment.member == member_id)
    rows = await RoleAssignment.select(
        RoleAssignment.user.id.as_alias("user_id"),
        RoleAssignment.user.email.as_alias("email"),
        RoleAssignment.user.name.as_alias("name"),
        RoleAssignment.user.language.as_alias("language"),
    ).where(about & counts_on(on) & (RoleAssignment.user.disabled == False))  # noqa: E712
    unique = {row["user_id"]: row for row in rows}
    return sorted(
        (
            Recipient(user_id=row["user_id"], email=row["email"], name=row["name"], language=row["language"])
            for row in unique.values()
        ),
        key=lambda recipient: recipient.email,
    )


async def secretariat_holders(*, on: date | None = None) -> list[Recipient]:
    """Who holds the secretariat role on ``on`` (default today), active accounts only, with their language."""
    rows = await RoleAssignment.select(
        RoleAssignment.user.id.as_alias("user_id"),
        RoleAssignment.user.email.as_alias("email"),
        RoleAssignment.user.name.as_alias("name"),
        RoleAssignment.user.language.as_alias("language"),
    ).where(
        (RoleAssignment.role == Role.secretariat.value)
        & counts_on(on or today())
        & (RoleAssignment.user.disabled == False)  # noqa: E712
    )
    unique = {row["user_id"]: row for row in rows}
    return sorted(
        (
            Recipient(user_id=row["user_id"], email=row["email"], name=row["name"], language=row["language"])
            for row in unique.values()
        ),
        key=lambda recipient: recipient.email,
    )


# ------------------------------------------------------------------ passwords


async def store_password(*, user_id: int, password_hash: str) -> None:
    """Replace a password hash inside the caller's transaction (rehash at sign-in, reset, invitation)."""
    await User.update({User.password_hash: password_hash, User.updated_at: utc_now()}).where(User.id == user_id)


async def password_hash_of(*, user_id: int) -> str:
    row = await User.select(User.password_hash).where(User.id == user_id).first()
    return "" if row is None else str(row["password_hash"])
