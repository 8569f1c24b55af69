"""API tokens for scripts: created by a signed-in person, shown once, stored hashed, revocable one by one."""

from __future__ import annotations

from typing import Any

from piccolo.custom_types import Combinable

from coordination.accounts import credentials, rules
from coordination.accounts.schemas import Principal, TokenCreate, TokenCreated, TokenOut
from coordination.accounts.sessions import TOUCH_INTERVAL, as_aware, principal_columns, principal_from_row
from coordination.accounts.tables import ApiToken
from coordination.audit import services as audit
from coordination.core.database import transaction
from coordination.core.errors import InvalidInput, NotFound
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now


def _token_out(row: dict[str, Any]) -> TokenOut:
    return TokenOut(
        id=row["id"],
        name=row["name"],
        prefix=row["prefix"],
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


async def create_token(*, user_id: int, data: TokenCreate) -> TokenCreated:
    name = data.name.strip()
    if not name:
        raise InvalidInput(N_("give the token a name that says what it is for"), field="name")
    secret = credentials.new_api_token()
    now = utc_now()
    prefix = secret[: credentials.PREFIX_SHOWN]
    async with transaction():
        rows = await ApiToken.insert(
            ApiToken(user=user_id, name=name, token_hash=credentials.digest(secret), prefix=prefix, created_at=now)
        ).returning(ApiToken.id)
        token_id = int(rows[0]["id"])
        await audit.record(
            action="token.created",
            object_type="api_token",
            object_id=token_id,
            after={"user": user_id, "name": name, "prefix": prefix},
        )
    return TokenCreated(id=token_id, name=name, prefix=prefix, created_at=now, token=secret)


async def list_tokens(
    *, user_id: int, include_revoked: bool = False, limit: int = 50, offset: int = 0
) -> Page[TokenOut]:
    condition: Combinable = ApiToken.user == user_id
    if not include_revoked:
        condition = condition & ApiToken.revoked_at.is_null()
    rows = await ApiToken.select().where(condition).order_by(ApiToken.id, ascending=False).limit(limit).offset(offset)
    total = await ApiToken.count().where(condition)
    return Page(items=[_token_out(row) for row in rows], total=total, limit=limit, offset=offset)


async def revoke_token(*, token_id: int, principal: Principal) -> TokenOut:
    """Revoke one token. Its owner may; so may the secretariat. Anyone else is told it does not exist."""
    async with transaction():
        row = await ApiToken.select().where(ApiToken.id == token_id).first()
        if row is None or not rules.can_manage_credentials_of(principal, user_id=row["user"]):
            raise NotFound(N_("token %(id)s not found"), params={"id": token_id})
        if row["revoked_at"] is None:
            now = utc_now()
            await ApiToken.update({ApiToken.revoked_at: now}).where(ApiToken.id == token_id)
            await audit.record(
                action="token.revoked",
                object_type="api_token",
                object_id=token_id,
                before={"revoked_at": None},
                after={"revoked_at": now, "user": row["user"], "name": row["name"]},
            )
            row = {**row, "revoked_at": now}
    return _token_out(row)


async def revoke_all_tokens(*, user_id: int) -> int:
    """Revoke every token of a person (after their password was reset); inside the caller's transaction."""
    rows = (
        await ApiToken.update({ApiToken.revoked_at: utc_now()})
        .where((ApiToken.user == user_id) & ApiToken.revoked_at.is_null())
        .returning(ApiToken.id)
    )
    return len(rows)


async def principal_for_token(*, token: str) -> Principal | None:
    """The person behind a bearer token, or None if it is unknown, revoked, or their account is disabled."""
    if not token.startswith(credentials.API_TOKEN_PREFIX):
        return None
    row = (
        await ApiToken.select(ApiToken.id, ApiToken.last_used_at, *principal_columns(ApiToken.user))
        .where(
            (ApiToken.token_hash == credentials.digest(token))
            & ApiToken.revoked_at.is_null()
            & (ApiToken.user.disabled == False)  # noqa: E712
        )
        .first()
    )
    if row is None:
        return None
    now = utc_now()
    last_used = row["last_used_at"]
    if last_used is None or now - as_aware(last_used) >= TOUCH_INTERVAL:
        async with transaction():
            await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])
    return await principal_from_row(row, via="token", credential_id=row["id"])
