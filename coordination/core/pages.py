"""What every server-rendered page shares: its language and how it is rendered."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import Cookie
from litestar.response import Template

from coordination.core import i18n

LANGUAGE_COOKIE = "lang"


def page_language(request: Request[Any, Any, Any]) -> str:
    """``?lang=`` first (the language switch), then the cookie it set, then the browser's preference."""
    return (
        i18n.normalise_language(request.query_params.get("lang"))
        or i18n.normalise_language(request.cookies.get(LANGUAGE_COOKIE))
        or i18n.negotiate(request.headers.get("accept-language"))
        or i18n.DEFAULT_LANGUAGE
    )


def render(request: Request[Any, Any, Any], template_name: str, status_code: int = 200, **context: Any) -> Template:
    language = page_language(request)
    cookies = []
    chosen = i18n.normalise_language(request.query_params.get("lang"))
    if chosen and chosen != request.cookies.get(LANGUAGE_COOKIE):
        # Remember the switch so the next link the person follows stays in their language.
        cookies.append(
            Cookie(key=LANGUAGE_COOKIE, value=chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
        )
    return Template(
        template_name=template_name,
        context={"lang": language, "request_path": request.url.path, **context},
        status_code=status_code,
        cookies=cookies,
        headers={"Content-Language": language, "Vary": "Cookie, Accept-Language"},
    )
