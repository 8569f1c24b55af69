"""JSON API for users, API tokens and invitations. Handlers only translate HTTP to service calls."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromQuery, JSONBody

from coordination.accounts import invitations, services, tokens
from coordination.accounts.enums import Role
from coordination.accounts.guards import principal_of, secretariat_only, signed_in
from coordination.accounts.schemas import (
    AssignmentOut,
    Grant,
    InvitationCreate,
    InvitationOut,
    TokenCreate,
    TokenCreated,
    TokenOut,
    UserOut,
    UserUpdate,
)
from coordination.core.pagination import Limit, Offset, Page
from coordination.core.params import IdPath, RevisionQuery, SearchQuery
from coordination.mail import services as outbox


class UserController(Controller):
    path = "/api/v1/users"
    tags = ("accounts",)

    @get("/", guards=[secretariat_only])
    async def list_users(
        self,
        role: FromQuery[Role | None] = None,
        disabled: FromQuery[bool | None] = None,
        q: SearchQuery = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[UserOut]:
        """Users with all their role assignments; ``role``: those holding that role today."""
        return await services.list_users(role=role, disabled=disabled, search=q, limit=limit, offset=offset)

    @get("/me", guards=[signed_in])
    async def me(self, request: Request[Any, Any, Any]) -> UserOut:
        user_id = principal_of(request).user_id
        assert user_id is not None
        return await services.get_user(user_id=user_id)

    @get("/{user_id:int}", guards=[secretariat_only])
    async def get_user(self, user_id: IdPath) -> UserOut:
        return await services.get_user(user_id=user_id)

    @patch("/{user_id:int}", guards=[secretariat_only])
    async def update_user(self, user_id: IdPath, data: JSONBody[UserUpdate]) -> UserOut:
        """Change a person's name or the language of their mail, or disable them (``"disabled": true``)."""
        return await services.update_user(user_id=user_id, data=data)

    @post("/{user_id:int}/assignments", guards=[secretariat_only])
    async def grant(self, user_id: IdPath, data: JSONBody[Grant]) -> AssignmentOut:
        """Give a person one more role (they keep the others): from ``start_date`` (default today) to
        ``end_date`` (its last day; default: no end)."""
        return await services.grant(user_id=user_id, data=data)

    @delete("/{user_id:int}/assignments/{assignment_id:int}", guards=[secretariat_only])
    async def revoke(self, user_id: IdPath, assignment_id: IdPath, revision: RevisionQuery = None) -> None:
        """Revoke one role: it stops counting at once; the person's other roles stay. The record is kept
        (``status`` "revoked" in the user's ``assignments``)."""
        await services.revoke(user_id=user_id, assignment_id=assignment_id, revision=revision)


class TokenController(Controller):
    path = "/api/v1/tokens"
    tags = ("accounts",)
    guards = [signed_in]  # noqa: RUF012

    @get("/")
    async def list_tokens(
        self,
        request: Request[Any, Any, Any],
        include_revoked: FromQuery[bool] = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[TokenOut]:
        """Your own API tokens (never their secrets)."""
        user_id = principal_of(request).user_id
        assert user_id is not None
        return await tokens.list_tokens(user_id=user_id, include_revoked=include_revoked, limit=limit, offset=offset)

    @post("/")
    async def create_token(self, request: Request[Any, Any, Any], data: JSONBody[TokenCreate]) -> TokenCreated:
        """A new API token for yourself; the answer holds the secret, shown this once."""
        user_id = principal_of(request).user_id
        assert user_id is not None
        return await tokens.create_token(user_id=user_id, data=data)

    @delete("/{token_id:int}")
    async def revoke_token(self, request: Request[Any, Any, Any], token_id: IdPath) -> None:
        """Revoke one of your tokens (the secretariat may revoke anyone's); it stops working at once."""
        await tokens.revoke_token(token_id=token_id, principal=principal_of(request))


class InvitationController(Controller):
    path = "/api/v1/invitations"
    tags = ("accounts",)
    guards = [secretariat_only]  # noqa: RUF012

    @get("/")
    async def list_invitations(
        self, pending: FromQuery[bool] = False, limit: Limit = 50, offset: Offset = 0
    ) -> Page[InvitationOut]:
        return await invitations.list_invitations(pending_only=pending, limit=limit, offset=offset)

    @post("/")
    async def create_invitation(
        self, request: Request[Any, Any, Any], data: JSONBody[InvitationCreate]
    ) -> Response[InvitationOut]:
        """Invite someone by email to one or more roles; they get a link, valid 7 days, to set their password once.

        The mail waits in the outbox (``mail_id``) and is sent once this answer has gone.
        """
        settings = request.app.state.settings
        invitation, _ = await invitations.create_invitation(data=data, settings=settings)
        return Response(invitation, status_code=201, background=BackgroundTask(outbox.send_due, settings))

    @get("/{invitation_id:int}")
    async def get_invitation(self, invitation_id: IdPath) -> InvitationOut:
        return await invitations.get_invitation(invitation_id=invitation_id)

    @delete("/{invitation_id:int}")
    async def withdraw_invitation(self, invitation_id: IdPath) -> None:
        """Withdraw a pending invitation: its link stops working."""
        await invitations.withdraw_invitation(invitation_id=invitation_id)
