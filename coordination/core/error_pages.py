"""Every refusal and failure, answered the way the asker can use: JSON for the API, a page for people.

- 4xx: the API gets ``{"status_code", "detail", "errors": [{"field", "message"}]}``;
  a page gets the error page naming the field and the reason.
- 500: the traceback is logged with the request's id (``core.edge.request_id``),
  and the answer shows that id (``request_id`` in JSON, "reference" on the page)
  so that a person reporting it can be matched to the log. Nothing else of the
  failure is shown.

Litestar calls exception handlers synchronously, so pages here render without
the database (the network's name is the one the last page rendered with).
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.response import Template

from coordination.core.edge import request_id
from coordination.core.errors import (
    ServiceError,
    http_error_handler,
    service_error_handler,
    validation_error_handler,
    validation_errors,
)
from coordination.core.pages import page_language, render, site_name_for_errors

logger = logging.getLogger("coordination.errors")

# Paths answered in JSON whatever happens (calendar apps are programs too); everything else is a page.
JSON_PREFIXES = ("/api/", "/schema", "/health", "/calendars/")


def wants_json(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith(JSON_PREFIXES)


def _error_page(
    request: Request[Any, Any, Any], status_code: int, detail: str, errors: list[dict[str, str]]
) -> Template:
    return render(
        request,
        "errors/error.html",
        status_code=status_code,
        site_name=site_name_for_errors(request),
        error_status=status_code,
        detail=detail,
        errors=errors,
    )


def validation_error(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    if wants_json(request):
        return validation_error_handler(request, exc)
    errors = validation_errors(exc)
    return _error_page(request, 400, "", errors)


def service_error(request: Request[Any, Any, Any], exc: ServiceError) -> Response[Any]:
    if wants_json(request):
        return service_error_handler(request, exc)
    if exc.status_code == 404:
        return _not_found(request)
    language = page_language(request)  # the page says the message in its reader's language
    errors = [{"field": e.field, "message": e.message_in(language)} for e in exc.errors]
    return _error_page(request, exc.status_code, "" if errors else exc.message_in(language), errors)


def _not_found(request: Request[Any, Any, Any]) -> Template:
    return render(request, "errors/not_found.html", status_code=404, site_name=site_name_for_errors(request))


def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if exc.status_code >= 500:
        return server_error(request, exc)
    if wants_json(request):
        return http_error_handler(request, exc)
    if isinstance(exc, NotFoundException):
        return _not_found(request)
    answer = _error_page(request, exc.status_code, exc.detail, [])
    answer.headers.update(exc.headers or {})
    return answer


def server_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Log the traceback with the request's id, and answer with that id and nothing else of the failure."""
    reference = request_id(request.scope)
    logger.error(
        "request %s failed: %s %s",
        reference,
        request.method,
        request.url.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    if wants_json(request):
        body = {
            "status_code": 500,
            "detail": f"internal server error; the log has it as request {reference}",
            "errors": [],
            "request_id": reference,
        }
        return Response(body, status_code=500)
    return render(
        request,
        "errors/server_error.html",
        status_code=500,
        site_name=site_name_for_errors(request),
        reference=reference,
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    ServiceError: service_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: server_error,
}
