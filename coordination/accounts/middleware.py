"""Authentication and CSRF protection, once per request.

- Pages: the session cookie (HttpOnly, SameSite=Lax, Secure when ``base_url``
  is https) names a server-side session; unknown, expired or disabled-account
  sessions are treated as nobody signed in, and the stale cookie is cleared.
- API (``/api/``): only ``Authorization: Bearer <token>``; cookies are ignored
  there, so the API carries no ambient authority and needs no CSRF token. A
  bad token is refused with 401 rather than read as the public.
- CSRF on pages: every POST/PUT/PATCH/DELETE must carry ``_csrf_token`` (form
  field) or ``X-CSRF-Token`` (header) equal to an HMAC, under the secret key,
  of the session secret (signed in) or of a random ``coordination_csrf``
  cookie (not signed in). Templates get it as ``{{ csrf_input|safe }}`` or
  ``{{ csrf_token() }}``. A missing or wrong token is a 403 before the
  handler runs, so nothing is written.

The principal goes into the request state (``guards.principal_of``) and the
actor into ``coordination.core.actor`` for the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import RequestEncodingType
from litestar.middleware import DefineMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from coordination.accounts import credentials, sessions, tokens
from coordination.accounts.guards import PRINCIPAL_KEY, CsrfRejected, SignInRequired
from coordination.accounts.schemas import ANONYMOUS, Principal
from coordination.core.actor import acting_as
from coordination.core.settings import Settings, cookies_are_secure, resolve_secret_key

SESSION_COOKIE = "coordination_session"
CSRF_COOKIE = "coordination_csrf"
UNAUTHENTICATED_PREFIXES = ("/calendars/", "/health")
CSRF_FIELD = "_csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def cookie_name(base: str, settings: Settings) -> str:
    # Over https, the __Host- prefix makes browsers refuse the cookie from a sibling subdomain or plain http.
    return f"__Host-{base}" if cookies_are_secure(settings) else base


def session_cookie(settings: Settings, value: str, max_age: int | None) -> Cookie:
    return Cookie(
        key=cookie_name(SESSION_COOKIE, settings),
        value=value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=cookies_are_secure(settings),
        samesite="lax",
    )


class AccountsMiddleware:
    """Reads the settings the app was given (``app.state.settings``) when they change, not when it is built."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.settings: Settings | None = None

    def _use(self, settings: Settings) -> None:
        self.secret_key = resolve_secret_key(settings).encode()
        self.session_cookie = cookie_name(SESSION_COOKIE, settings)
        self.csrf_cookie = cookie_name(CSRF_COOKIE, settings)
        self.settings = settings

    def _settings(self) -> Settings:
        assert self.settings is not None  # set by the first request
        return self.settings

    def csrf_token_for(self, binding: str) -> str:
        return hmac.new(self.secret_key, f"csrf|{binding}".encode(), hashlib.sha256).hexdigest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = scope["litestar_app"].state.settings
        if settings is not self.settings:
            self._use(settings)
        request = scope["litestar_app"].request_class(scope=scope, receive=receive)
        client = scope.get("client")
        address = client[0] if client else ""
        new_cookies: list[Cookie] = []
        if scope["path"].startswith(UNAUTHENTICATED_PREFIXES):
            # Polled by calendar apps and monitors: no cookie lookup, no database, nothing to protect from CSRF
            # (private feeds carry their own token in the address).
            principal = ANONYMOUS
        elif scope["path"].startswith("/api/"):
            principal = await self._bearer_principal(request.headers.get("authorization"))
        else:
            principal = await self._session_principal(request, new_cookies)
            await self._check_csrf(scope, request, principal, new_cookies)
        scope.setdefault("state", {})[PRINCIPAL_KEY] = principal

        async def send_with_cookies(message: Message) -> None:
            if new_cookies and message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                # Only pages carry forms: calendar feeds and files stay free of cookies, so caches keep them.
                is_page = (headers.get("content-type") or "").startswith("text/html")
                for cookie in new_cookies:
                    if is_page or cookie.key != self.csrf_cookie:
                        headers.add("set-cookie", cookie.to_header(header=""))
            await send(message)

        with acting_as(principal.actor(address)):
            await self.app(scope, receive, send_with_cookies)

    async def _bearer_principal(self, header: str | None) -> Principal:
        if not header:
            return ANONYMOUS
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise SignInRequired("the Authorization header must be `Bearer <API token>`")
        principal = await tokens.principal_for_token(token=value.strip())
        if principal is None:
            raise SignInRequired("this API token is unknown or revoked, or its account is disabled")
        return principal

    async def _session_principal(self, request: Any, new_cookies: list[Cookie]) -> Principal:
        secret = request.cookies.get(self.session_cookie)
        if not secret:
            return ANONYMOUS
        principal = await sessions.principal_for_session(session_secret=secret)
        if principal is None:
            # Expired, signed out elsewhere, or the account was disabled: forget the cookie.
            new_cookies.append(session_cookie(self._settings(), "", max_age=0))
            return ANONYMOUS
        return principal

    async def _check_csrf(self, scope: Scope, request: Any, principal: Principal, new_cookies: list[Cookie]) -> None:
        nonce = request.cookies.get(self.csrf_cookie)
        session_secret = request.cookies.get(self.session_cookie)
        binding = session_secret if principal.is_authenticated else nonce
        if request.method not in SAFE_METHODS:
            submitted = request.headers.get(CSRF_HEADER)
            content_type, _ = request.content_type
            if not submitted and content_type in {RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART}:
                # Litestar keeps the parsed form in the scope, so the handler reads it again for free.
                submitted = (await request.form()).get(CSRF_FIELD)
            if not (binding and isinstance(submitted, str)) or not hmac.compare_digest(
                submitted, self.csrf_token_for(binding)
            ):
                raise CsrfRejected()
        if not nonce:
            nonce = credentials.new_secret()
            new_cookies.append(
                Cookie(
                    key=self.csrf_cookie,
                    value=nonce,
                    path="/",
                    httponly=True,
                    secure=cookies_are_secure(self._settings()),
                    samesite="lax",
                )
            )
            if not principal.is_authenticated:
                binding = nonce
        assert binding is not None
        ScopeState.from_scope(scope).csrf_token = self.csrf_token_for(binding)


def accounts_middleware() -> DefineMiddleware:
    return DefineMiddleware(AccountsMiddleware)
