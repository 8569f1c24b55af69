"""What every request must be before a handler reads it, and what every answer carries.

The request schemas (``core/schemas.py``) check the fields of JSON bodies.
This module checks the rest of a request once, before the accounts middleware
or any handler looks at it, and refuses it with a 4xx that names the part:

- the path, the query string and form fields must be UTF-8 without NUL or other
  control characters (form fields may hold line breaks and tabs: a textarea's
  text); a NUL would reach PostgreSQL, which refuses it in text;
- the query string and the path have a maximum length (414 beyond it), the
  body too (``MAX_BODY_BYTES``, 413: set on the app as Litestar's
  ``request_max_body_size``);
- a JSON body is decoded strictly against the handler's schema: ``"1"`` is not
  an integer, ``"true"`` not a boolean (Litestar converts leniently, as it must
  for query strings); bytes that are not UTF-8, and JSON nested deeper than
  ``MAX_JSON_DEPTH``, are a 400 rather than an error deep in the decoder.

Every answer gets a request id (``X-Request-ID``, shown on error pages and
written beside the traceback of a 500) and the security headers
(``SECURITY_HEADERS``, a Content-Security-Policy with a per-request nonce for
the few inline scripts).
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import ClientException, HTTPException, ValidationException
from litestar.middleware import DefineMiddleware
from litestar.types import ASGIApp, Empty, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

# A request's body, at most: the largest event (its description, 100 sessions with theirs) fits with room to spare.
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_QUERY_BYTES = 4096
MAX_PATH_BYTES = 2048
# JSON nested deeper than this is refused before msgspec decodes it; no request schema nests more than 4.
MAX_JSON_DEPTH = 32

REQUEST_ID_KEY = "request_id"
CSP_NONCE_KEY = "csp_nonce"

# C0 controls, DEL and C1 controls; line breaks and tabs are allowed where noted.
_CONTROLS = frozenset([*range(0x00, 0x20), *range(0x7F, 0xA0)])
_LINE_BREAKS_AND_TABS = frozenset({0x09, 0x0A, 0x0D})


class URITooLong(ClientException):
    status_code = 414


def _state(scope: Scope) -> dict[str, Any]:
    state: dict[str, Any] = scope.setdefault("state", {})
    return state


def request_id(scope: Scope) -> str:
    """This request's id: made on first use, then the same for the log, the error page and the header."""
    state = _state(scope)
    if REQUEST_ID_KEY not in state:
        state[REQUEST_ID_KEY] = secrets.token_hex(8)
    return str(state[REQUEST_ID_KEY])


def csp_nonce(scope: Scope) -> str:
    """The nonce this answer's Content-Security-Policy allows inline scripts with (``<script nonce=…>``)."""
    state = _state(scope)
    if CSP_NONCE_KEY not in state:
        state[CSP_NONCE_KEY] = secrets.token_urlsafe(16)
    return str(state[CSP_NONCE_KEY])


def control_character(text: str, *, line_breaks: bool = False) -> str | None:
    """The first control character in ``text`` (tab, CR and LF allowed with ``line_breaks``), or None."""
    for character in text:
        code = ord(character)
        if code in _CONTROLS and not (line_breaks and code in _LINE_BREAKS_AND_TABS):
            return character
    return None


def _refuse(field: str, message: str, source: str) -> ValidationException:
    return ValidationException(
        detail=f"{field}: {message}", extra=[{"key": field, "message": message, "source": source}]
    )


def _check_text(text: str, *, field: str, source: str, line_breaks: bool = False) -> None:
    found = control_character(text, line_breaks=line_breaks)
    if found is not None:
        what = "a NUL character" if found == "\x00" else f"the control character U+{ord(found):04X}"
        raise _refuse(field, f"contains {what}, which is not allowed", source)


def _pairs(raw: bytes, *, source: str) -> list[tuple[str, str]]:
    """``name=value`` pairs, percent-decoded; refused unless ASCII on the wire and UTF-8 once decoded."""
    try:
        return parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise _refuse(source, "is not valid UTF-8 once percent-decoded", source) from exc


def check_path(scope: Scope) -> None:
    raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    if len(raw) > MAX_PATH_BYTES:
        raise URITooLong(detail=f"the address is longer than {MAX_PATH_BYTES} bytes")
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse("path", "is not valid UTF-8 once percent-decoded", "path") from exc
    _check_text(scope["path"], field="path", source="path")


def check_query(scope: Scope) -> None:
    raw = scope.get("query_string", b"")
    if len(raw) > MAX_QUERY_BYTES:
        raise URITooLong(detail=f"the query string is longer than {MAX_QUERY_BYTES} bytes")
    for name, value in _pairs(raw, source="query"):
        _check_text(name, field="query", source="query")
        _check_text(value, field=name, source="query")


async def check_form(request: Request[Any, Any, Any]) -> None:
    """Form fields: UTF-8, no control characters but line breaks and tabs. Litestar keeps the parsed form."""
    content_type, _ = request.content_type
    if content_type == RequestEncodingType.URL_ENCODED:
        _pairs(await request.body(), source="body")
    elif content_type != RequestEncodingType.MULTI_PART:
        return
    for name, value in (await request.form()).multi_items():
        _check_text(name, field="body", source="body")
        if isinstance(value, str):
            _check_text(value, field=name, source="body", line_breaks=True)


class EdgeMiddleware:
    """Checks the path, query string and form of every request before anything else reads them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            check_path(scope)
            check_query(scope)
            if scope.get("method") not in ("GET", "HEAD", "OPTIONS"):
                await check_form(scope["litestar_app"].request_class(scope=scope, receive=receive))
            await self.app(scope, receive, send)
        finally:
            await close_uploads(scope)


async def close_uploads(scope: Scope) -> None:
    """Close the files of a multipart form once the answer is sent.

    The form is parsed here, before anyone may refuse the request: an upload refused later (not signed in,
    not theirs, a bad field) would otherwise keep its temporary file until the garbage collector finds it.
    """
    form = ScopeState.from_scope(scope).form
    if form is Empty or not isinstance(form, dict):
        return
    for value in form.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, UploadFile):
                await item.close()


edge_middleware = DefineMiddleware(EdgeMiddleware)


# --------------------------------------------------------------------------- strict JSON bodies


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether JSON ``body`` nests arrays and objects deeper than ``limit`` (brackets inside strings ignored)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


def _body_type(request: Request[Any, Any, Any]) -> Any:
    """The schema a handler declares for its JSON body, or None when it takes none."""
    parameter = request.route_handler.parsed_fn_signature.parameters.get("data")
    return None if parameter is None else parameter.annotation


async def strict_json_body(request: Request[Any, Any, Any]) -> None:
    """Decode a JSON body strictly against the handler's schema (a ``before_request`` hook); 400 if it is not.

    Litestar then converts the same body again, leniently; after this check that can no longer change a value.
    """
    body_type = _body_type(request)
    if body_type is None or request.content_type[0] in (
        RequestEncodingType.URL_ENCODED,
        RequestEncodingType.MULTI_PART,
    ):
        return
    body = await request.body()
    if json_depth_exceeds(body, MAX_JSON_DEPTH):
        raise _refuse("body", f"nests arrays or objects more than {MAX_JSON_DEPTH} deep", "body")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse("body", "is not valid UTF-8", "body") from exc
    try:
        msgspec.json.decode(body or b"null", type=body_type, strict=True)
    except msgspec.ValidationError as exc:
        message, _, where = str(exc).partition(" - at `")
        # "$.planned.start" names a field; "$" alone is the body as a whole, which Litestar calls "data".
        field = where.rstrip("`").removeprefix("$").lstrip(".") or "data"
        raise ValidationException(
            detail=str(exc), extra=[{"key": field, "message": message, "source": "body"}]
        ) from exc
    except (msgspec.DecodeError, RecursionError) as exc:
        raise _refuse("body", f"is not valid JSON ({exc})", "body") from exc


# --------------------------------------------------------------------------- what every answer carries


def content_security_policy(path: str, nonce: str) -> str:
    if path.startswith("/schema"):
        # The API documentation page loads its viewer from a CDN (Litestar's default); nothing else does.
        return (
            "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
            "font-src 'self' https://fonts.gstatic.com data:; img-src 'self' data: https:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        )
    # Images may come from https addresses: the network's logo (its settings) may live on its own site.
    return (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: https:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )


SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",  # for browsers that predate CSP's frame-ancestors
}


def security_headers(*, https: bool) -> Any:
    """A ``before_send`` hook: the request id and the security headers on every answer, errors and 404s included.

    A header a handler set already (the personal feeds' ``Referrer-Policy: no-referrer``) is kept. The raw header
    list is appended to directly: this runs for every answer, a cached feed's poll included, where Litestar's
    ``MutableScopeHeaders`` (a scan of the list per lookup) took a quarter of the request's time.
    """
    fixed = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
    if https:
        fixed.append((b"strict-transport-security", b"max-age=31536000"))

    async def before_send(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start" or scope["type"] != "http":
            return
        headers = message.setdefault("headers", [])
        if not isinstance(headers, list):
            headers = message["headers"] = list(headers)
        present = {name.lower() for name, _ in headers}
        if b"x-request-id" not in present:
            headers.append((b"x-request-id", request_id(scope).encode()))
        headers.extend(item for item in fixed if item[0] not in present)
        if b"content-security-policy" not in present:
            policy = content_security_policy(scope["path"], csp_nonce(scope))
            headers.append((b"content-security-policy", policy.encode()))

    return before_send


def is_client_error(exc: Exception) -> bool:
    return isinstance(exc, HTTPException) and 400 <= exc.status_code < 500
