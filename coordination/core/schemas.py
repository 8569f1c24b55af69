"""Field types shared by the request schemas of every domain: validation at the edge, once.

Every text a request may carry has a maximum length and says which characters
it takes; every number that names a row has the bounds the databases hold.
msgspec checks them while decoding, before any service runs, and the OpenAPI
document states them, so a client knows the rules before it is refused.

- **One line** (names, titles, slugs, addresses, codes): no control character
  at all — no line break, tab or NUL.
- **Several lines** (descriptions, mandates, notes): line breaks and tabs, but
  no other control character, NUL included (PostgreSQL refuses it in text;
  calendar files cannot carry it).

Patterns end with ``END`` rather than ``$``: in Python's ``re``, which msgspec
uses, ``$`` also matches just before a final newline, so ``^[a-z]+$`` accepts
``"bilbao\\n"``. ``\\Z`` would be right for Python but means nothing to the
ECMA-262 regular expressions of JSON Schema, which OpenAPI clients and
validators use; ``$(?!\\n)`` ("the end, and not before a newline") reads the
same in both. Python code matching these patterns itself uses ``fullmatch``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta

# The end of the text, in Python's `re` and in ECMA-262 alike (see the module's docstring).
END = r"$(?!\n)"

# Unicode's control characters (category Cc): C0, DEL and C1.
_CONTROL = r"\x00-\x1f\x7f-\x9f"
# The same without tab, line feed and carriage return, which several-line texts keep.
_CONTROL_BUT_LINE_BREAKS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"


def whole(body: str) -> str:
    """A pattern that ``body`` must match from the first character to the last."""
    return f"^(?:{body}){END}"


ONE_LINE_PATTERN = whole(f"[^{_CONTROL}]*")
# One line holding at least one character that is not a space.
NOT_BLANK_LINE_PATTERN = whole(rf"[^\S{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*")
LINES_PATTERN = whole(f"[^{_CONTROL_BUT_LINE_BREAKS}]*")
SLUG_PATTERN = whole(r"[a-z0-9]+(?:-[a-z0-9]+)*")
URL_PATTERN = whole(rf"|https?://[^\s{_CONTROL}]+")
_EMAIL_PART = rf"[^@\s{_CONTROL}]+"
EMAIL_PATTERN = whole(rf"{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}")
OPTIONAL_EMAIL_PATTERN = whole(rf"|{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}")
COUNTRY_PATTERN = whole(r"[A-Z]{2}")
LOCAL_DATE_TIME_PATTERN = whole(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?")

# What a refusal says instead of quoting the pattern (see core.errors).
PATTERN_MESSAGES: dict[str, str] = {
    ONE_LINE_PATTERN: "must be one line, without line breaks, tabs or other control characters",
    NOT_BLANK_LINE_PATTERN: "must be one line that is not blank, without line breaks, tabs or other control characters",
    LINES_PATTERN: "must not contain control characters other than line breaks and tabs (no NUL)",
    SLUG_PATTERN: "must be lower-case letters, digits and single hyphens, such as digital-cities",
    URL_PATTERN: "must be an http:// or https:// address without spaces, or empty",
    EMAIL_PATTERN: "must be an email address such as name@example.org",
    OPTIONAL_EMAIL_PATTERN: "must be an email address such as name@example.org, or empty",
    COUNTRY_PATTERN: "must be a two-letter ISO 3166-1 country code in capitals, such as ES",
    LOCAL_DATE_TIME_PATTERN: "must be a local date and time without an offset, such as 2020-12-08T09:30",
}


def pattern_message(pattern: str, message: str) -> str:
    """Register what a refusal of ``pattern`` says; returns the pattern, for use in a ``Meta``."""
    PATTERN_MESSAGES[pattern] = message
    return pattern


def matches(pattern: str, value: str) -> bool:
    """Whether ``value`` as a whole matches one of these patterns, in Python code."""
    return re.search(pattern, value) is not None


# The largest id, offset or counter the API accepts: PostgreSQL's `integer`, which the tables' ids
# and revisions are. SQLite holds more, but both databases answer the same.
MAX_INT = 2**31 - 1

# How long texts may be, in characters.
NAME_LENGTH = 200
TITLE_LENGTH = 300
LONG_TEXT_LENGTH = 20_000
URL_LENGTH = 500
EMAIL_LENGTH = 254

Slug = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=100,
        pattern=SLUG_PATTERN,
        description="Lower-case letters, digits and single hyphens (e.g. `digital-cities`); at most 100.",
    ),
]
Name = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=NAME_LENGTH,
        pattern=NOT_BLANK_LINE_PATTERN,
        description=f"One line, not blank, at most {NAME_LENGTH} characters.",
    ),
]
OptionalName = Annotated[
    str,
    Meta(
        max_length=NAME_LENGTH,
        pattern=ONE_LINE_PATTERN,
        description=f"One line, at most {NAME_LENGTH} characters; may be empty.",
    ),
]
Title = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=TITLE_LENGTH,
        pattern=NOT_BLANK_LINE_PATTERN,
        description=f"One line, not blank, at most {TITLE_LENGTH} characters.",
    ),
]
ShortText = Annotated[
    str,
    Meta(
        max_length=TITLE_LENGTH,
        pattern=ONE_LINE_PATTERN,
        description=f"One line, at most {TITLE_LENGTH} characters; may be empty.",
    ),
]
LongText = Annotated[
    str,
    Meta(
        max_length=LONG_TEXT_LENGTH,
        pattern=LINES_PATTERN,
        description=f"Text of several lines, at most {LONG_TEXT_LENGTH:,} characters; no control characters "
        "but line breaks and tabs.",
    ),
]
OptionalUrl = Annotated[
    str,
    Meta(
        max_length=URL_LENGTH,
        pattern=URL_PATTERN,
        description=f"An http(s) URL without spaces, at most {URL_LENGTH} characters, or empty.",
    ),
]
WEBSITE_LENGTH = 300
Website = Annotated[
    str,
    Meta(
        max_length=WEBSITE_LENGTH,
        pattern=URL_PATTERN,
        description=f"An organisation's http(s) address without spaces, at most {WEBSITE_LENGTH} characters, or empty.",
    ),
]
Email = Annotated[
    str,
    Meta(
        min_length=3,
        max_length=EMAIL_LENGTH,
        pattern=EMAIL_PATTERN,
        description=f"An email address, at most {EMAIL_LENGTH} characters.",
    ),
]
OptionalEmail = Annotated[
    str,
    Meta(
        max_length=EMAIL_LENGTH,
        pattern=OPTIONAL_EMAIL_PATTERN,
        description=f"An email address, at most {EMAIL_LENGTH} characters, or empty.",
    ),
]
CountryCode = Annotated[
    str, Meta(min_length=2, max_length=2, pattern=COUNTRY_PATTERN, description="ISO 3166-1 alpha-2 code, e.g. `ES`.")
]
Revision = Annotated[
    int,
    Meta(
        ge=1,
        le=MAX_INT,
        description="The revision you last read; a stale one is refused with 409 so no edit is lost.",
    ),
]
RowId = Annotated[int, Meta(ge=1, le=MAX_INT, description=f"An id: a whole number from 1 to {MAX_INT}.")]


def documented_items(item: Any) -> dict[str, Any]:
    """``extra_json_schema`` for a list whose items have constraints: Litestar's OpenAPI would drop them."""
    info: Any = msgspec.inspect.type_info(item)
    if isinstance(info, msgspec.inspect.Metadata):
        info = info.type
    limits = {"minLength": info.min_length, "maxLength": info.max_length, "pattern": info.pattern}
    return {
        "extra": {"items": {"type": "string", **{key: value for key, value in limits.items() if value is not None}}}
    }


SlugList = Annotated[
    list[Slug],
    Meta(max_length=500, description="At most 500 slugs.", extra_json_schema=documented_items(Slug)),
]
Position = Annotated[int, Meta(ge=0, le=MAX_INT, description="A place in an order, from 0.")]


def utc_now() -> datetime:
    # Set in Python: a database default of current_timestamp loses the offset on SQLite.
    return datetime.now(UTC)
