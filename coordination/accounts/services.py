"""Users: who they are, their role and what it is attached to. The only code that queries the user table.

Sessions and sign-in live in ``sessions.py``, API tokens in ``tokens.py``,
invitations and password resets in ``invitations.py``.
"""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from msgspec import UNSET, UnsetType
from piccolo.custom_types import Combinable

from coordination.accounts import passwords
from coordination.accounts.enums import Role
from coordination.accounts.schemas import UserCreate, UserOut, UserUpdate
from coordination.accounts.tables import User, UserSession
from coordination.audit import services as audit
from coordination.bodies import services as bodies
from coordination.core.database import name_contains, transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import integrity_errors, update_versioned
from coordination.members import services as members


def normalise_email(email: str) -> str:
    """Emails are compared and stored lower-cased: Ana@City.org and ana@city.org are one account."""
    return email.strip().lower()


def _columns() -> list[Any]:
    return [
        *User.all_columns(),
        User.member.slug.as_alias("member_slug"),
        User.body.slug.as_alias("body_slug"),
    ]


def user_out(row: dict[str, Any]) -> UserOut:
    return UserOut(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        role=Role(row["role"]),
        member=row["member_slug"],
        body=row["body_slug"],
        disabled=row["disabled"],
        has_password=bool(row["password_hash"]),
        last_sign_in_at=row["last_sign_in_at"],
        revision=row["revision"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def assignment(*, role: Role, member: str | None, body: str | None) -> tuple[int | None, int | None]:
    """The member and body ids a role is attached to, checking the role takes exactly what it needs.

    A focal point speaks for one member; a body lead leads one body; the
    secretariat is attached to neither.
    """
    if role is Role.focal_point:
        if member is None:
            raise InvalidInput("a member focal point needs a member", field="member")
        if body is not None:
            raise InvalidInput("a member focal point is attached to a member, not a body", field="body")
        return await members.member_id(slug=member, field="member"), None
    if role is Role.body_lead:
        if body is None:
            raise InvalidInput("a body lead needs a body", field="body")
        if member is not None:
            raise InvalidInput("a body lead is attached to a body, not a member", field="member")
        return None, await bodies.body_id(slug=body, field="body")
    if member is not None:
        raise InvalidInput("the secretariat is attached to no member", field="member")
    if body is not None:
        raise InvalidInput("the secretariat is attached to no body", field="body")
    return None, None


async def get_user(*, user_id: int) -> UserOut:
    row = await User.select(*_columns()).where(User.id == user_id).first()
    if row is None:
        raise NotFound(f"user {user_id} not found")
    return user_out(row)


async def find_user(*, email: str) -> UserOut | None:
    row = await User.select(*_columns()).where(User.email == normalise_email(email)).first()
    return None if row is None else user_out(row)


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
    query = User.select(*_columns()).order_by(User.email).limit(limit).offset(offset)
    count = User.count()
    conditions: list[Combinable] = []
    if role is not None:
        conditions.append(User.role == role.value)
    if disabled is not None:
        conditions.append(User.disabled == disabled)
    if search:
        conditions.append(name_contains(User.email, search) | name_contains(User.name, search))
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    return Page(items=[user_out(row) for row in await query], total=await count, limit=limit, offset=offset)


async def insert_user(*, data: UserCreate, password_hash: str) -> int:
    """Insert a user inside the caller's transaction (shared with accepting an invitation); returns its id."""
    email = normalise_email(data.email)
    message = f"there is already an account for {email}"
    if await email_taken(email=email):
        raise Conflict(message, field="email")
    member_id, body_id = await assignment(role=data.role, member=data.member, body=data.body)
    now = utc_now()
    async with integrity_errors(unique_field="email", unique_message=message):
        rows = await User.insert(
            User(
                email=email,
                name=data.name.strip(),
                role=data.role.value,
                member=member_id,
                body=body_id,
                password_hash=password_hash,
                created_at=now,
                updated_at=now,
            )
        ).returning(User.id)
    user_id = int(rows[0]["id"])
    await audit.record(
        action="user.created", object_type="user", object_id=user_id, after=await get_user(user_id=user_id)
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


async def _check_secretariat_remains(*, user: UserOut, role: Role, disabled: bool) -> None:
    """Someone must always be able to manage the network: the last active secretariat account stays."""
    if user.role is not Role.secretariat or user.disabled or (role is Role.secretariat and not disabled):
        return
    others = await User.count().where(
        (User.role == Role.secretariat.value) & (User.disabled == False) & (User.id != user.id)  # noqa: E712
    )
    if others == 0:
        field = "disabled" if disabled else "role"
        raise Conflict(f"{user.email} is the last active secretariat account; invite another one first", field=field)


async def update_user(*, user_id: int, data: UserUpdate) -> UserOut:
    async with transaction():
        before = await get_user(user_id=user_id)
        role = before.role if data.role is UNSET else data.role
        # A new role starts from no attachment: a focal point made secretariat keeps no member.
        kept_member, kept_body = (before.member, before.body) if role is before.role else (None, None)
        member = kept_member if data.member is UNSET else data.member
        body = kept_body if data.body is UNSET else data.body
        disabled = before.disabled if data.disabled is UNSET else data.disabled
        assert isinstance(role, Role)
        assert isinstance(disabled, bool)
        assert not isinstance(member, UnsetType)
        assert not isinstance(body, UnsetType)
        member_id, body_id = await assignment(role=role, member=member, body=body)
        await _check_secretariat_remains(user=before, role=role, disabled=disabled)
        values: dict[str, Any] = {"role": role.value, "member": member_id, "body": body_id, "disabled": disabled}
        if isinstance(data.name, str):
            values["name"] = data.name.strip()
        await update_versioned(
            table=User, row_id=user_id, revision=data.revision, values=values, what=f"user {user_id}"
        )
        if disabled and not before.disabled:
            # A disabled person is signed out everywhere at once; their API tokens stop working too (checked per use).
            await UserSession.delete().where(UserSession.user == user_id)
        after = await get_user(user_id=user_id)
        action = "user.disabled" if disabled and not before.disabled else "user.updated"
        await audit.record(action=action, object_type="user", object_id=user_id, before=before, after=after)
    return after


async def disable_user(*, email: str) -> UserOut:
    user = await find_user(email=email)
    if user is None:
        raise NotFound(f"no account for {normalise_email(email)}")
    if user.disabled:
        return user
    return await update_user(user_id=user.id, data=UserUpdate(revision=user.revision, disabled=True))


async def store_password(*, user_id: int, password_hash: str) -> None:
    """Replace a password hash inside the caller's transaction (rehash at sign-in, reset, invitation)."""
    await User.update({User.password_hash: password_hash, User.updated_at: utc_now()}).where(User.id == user_id)


async def password_hash_of(*, user_id: int) -> str:
    row = await User.select(User.password_hash).where(User.id == user_id).first()
    return "" if row is None else str(row["password_hash"])
