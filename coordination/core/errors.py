"""Errors that services raise and the API turns into 4xx answers.

Every error answer has the same shape, whether Litestar's own validation or a
service rule refused the input::

    {"status_code": 400, "detail": "...", "errors": [{"field": "...", "message": "..."}]}

An error that can reach a page is raised with its English text marked for
translation and its variable parts apart, so a page can show it in the
reader's language (``message_in``) while the API keeps the English::

    raise InvalidInput(N_("no member has the slug %(slug)s"), field="member", params={"slug": slug})

A part of such a message that is itself a phrase to translate (a period, a
role) is passed as a ``Phrase`` param: it is put in the reader's language too.
So is any param with an ``in_language(language)`` method, such as a row's
translatable title (``core.translated.Text``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from coordination.core import i18n
from coordination.core.schemas import PATTERN_MESSAGES


@dataclass(frozen=True)
class Phrase:
    """A translated phrase put into a larger message, such as "from 2020-01-01 (ongoing)" or a role's name."""

    template: str
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)
    lowercase: bool = False  # a label ("Chair") used inside a sentence ("already chair of…")

    def in_language(self, language: str) -> str:
        text = translate_message(language, self.template, self.params)
        return text.lower() if self.lowercase else text

    def __str__(self) -> str:
        """In English, as the API says it."""
        text = self.template % _english(self.params) if self.params else self.template
        return text.lower() if self.lowercase else text


def _said_in(language: str, value: Any) -> Any:
    """A param as a message in ``language`` says it: a phrase or a translatable text in that language."""
    in_language = getattr(value, "in_language", None)
    return in_language(language) if callable(in_language) else value


def _english(params: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: str(value) if callable(getattr(value, "in_language", None)) else value for name, value in params.items()
    }


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str  # in English, as the API says it
    template: str = ""  # the message before its params were put in: what the catalogues translate
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)

    def message_in(self, language: str) -> str:
        return translate_message(language, self.template or self.message, self.params)


def translate_message(language: str, template: str, params: Mapping[str, Any] | None = None) -> str:
    """``template`` in ``language`` (English when the catalogue lacks it), with ``params`` put in."""
    translated = i18n.gettext(language, template)
    if not params:
        return translated
    return translated % {name: _said_in(language, value) for name, value in params.items()}


class ServiceError(Exception):
    status_code = 400

    def __init__(
        self,
        detail: str,
        *,
        field: str | None = None,
        errors: list[FieldError] | None = None,
        params: Mapping[str, Any] | None = None,
    ):
        """``detail`` is the message, or with ``params`` its template (``%(name)s`` placeholders)."""
        self.template = detail
        self.params: dict[str, Any] = dict(params or {})
        self.detail = detail % _english(self.params) if self.params else detail
        super().__init__(self.detail)
        self.errors = list(errors or [])
        if field is not None:
            self.errors.insert(
                0, FieldError(field=field, message=self.detail, template=self.template, params=self.params)
            )

    def message_in(self, language: str) -> str:
        """The message in ``language``, for a page."""
        return translate_message(language, self.template, self.params)


class InvalidInput(ServiceError):
    """The request is well formed but breaks a rule (end before start, unknown timezone…)."""

    status_code = 400


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    """The input clashes with what is stored: a slug taken, an overlapping term, a stale revision."""

    status_code = 409


def _body(status_code: int, detail: str, errors: list[dict[str, str]]) -> dict[str, Any]:
    return {"status_code": status_code, "detail": detail, "errors": errors}


def service_error_handler(_: Request[Any, Any, Any], exc: ServiceError) -> Response[dict[str, Any]]:
    errors = [{"field": e.field, "message": e.message} for e in exc.errors]
    return Response(_body(exc.status_code, exc.detail, errors), status_code=exc.status_code)


# msgspec names a missing or unknown field in its message and points at the object holding it.
_NAMED_FIELD = re.compile(r"^Object (?:missing required|contains unknown) field `(?P<name>[^`]+)`")


# msgspec points at a mapping's key as "key` in `$.translations" (Litestar strips the outer quotes).
_MAPPING_KEY = re.compile(r"^key` in `\$\.(?P<path>.+)$")


def _field_of(key: str, message: str) -> str:
    """The field a person should look at: ``planned.start``, not the request body as a whole."""
    mapping_key = _MAPPING_KEY.match(key)
    if mapping_key is not None:
        return mapping_key["path"]
    named = _NAMED_FIELD.match(message)
    if named is None:
        return key
    parent = "" if key in ("", "data") else key
    return f"{parent}.{named['name']}" if parent else named["name"]


def _explained(message: str) -> str:
    """msgspec quotes the pattern a text failed to match (as ``repr``); people get what the pattern means instead."""
    for pattern, meaning in PATTERN_MESSAGES.items():
        if message == f"Expected `str` matching regex {pattern!r}":
            return meaning
    return message


def validation_errors(exc: ValidationException) -> list[dict[str, str]]:
    """``[{"field", "message"}]`` of a validation error, each naming the field as the request did."""
    errors: list[dict[str, str]] = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            message = _explained(str(item.get("message", "")))
            key = str(item.get("key") or item.get("source") or "")
            errors.append({"field": _field_of(key, message), "message": message})
    return errors


def validation_error_handler(_: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    errors = validation_errors(exc)
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or exc.detail
    return Response(_body(400, detail, errors), status_code=400)


def http_error_handler(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    return Response(_body(exc.status_code, exc.detail, []), status_code=exc.status_code, headers=exc.headers)
