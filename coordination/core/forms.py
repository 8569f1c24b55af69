"""The HTML forms of the pages: fields, what was typed, the payload a service takes, and errors by field.

A form is a list of ``Field``s. What the person typed is kept as text
(``values``) so a refused form shows it again as it was; ``payload()`` turns
it into the plain data a msgspec request schema takes, and ``convert()``
validates it with that same schema (the API's rules, the API's limits). A
refusal, whether msgspec's or a service's, becomes ``{form field: message}``
in the page's language: msgspec's English sentences are matched here and
replaced by translatable ones (msgspec has no catalogue of its own), a
service's ``ServiceError`` carries its message template (``message_in``).

Optimistic concurrency: an edit form carries the row's ``revision`` in a
hidden field. A service refusing a stale revision raises ``Conflict`` naming
the field ``revision``; ``is_stale()`` recognises it, and the page then shows
what is stored now next to what the person typed (``differences()``), keeps
their text, and takes the new revision, so nothing is overwritten unseen.

Translations: ``translatable()`` adds to a form the language its texts are
written in (a ``language`` field) and, for each other language, an input per
translatable field, named ``translations.<language>.<field>`` as the API's
``translations`` and its errors name them; ``payload()`` gathers them into
that one ``translations`` object, which replaces the stored one, so an emptied
input removes its translation.

Written here rather than taken from a form library (WTForms and the like)
because validation must stay the API's own schemas and service rules, in one
place; this module only moves text in and messages out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec

from coordination.core import i18n, translated
from coordination.core.errors import Conflict, FieldError, InvalidInput, ServiceError
from coordination.core.i18n import N_
from coordination.core.schemas import PATTERN_MESSAGES

S = TypeVar("S")

# The kinds of input a field may be (the HTML input types, plus textarea, select, checkbox, choices).
TEXT_KINDS = {"text", "email", "url", "search", "textarea", "hidden"}
REVISION = "revision"

REQUIRED = N_("This field is required.")
TOO_LONG = N_("At most %(count)s characters.")
TOO_SHORT = N_("At least %(count)s characters.")
NOT_A_DATE = N_("Enter a date such as 2021-12-06.")
NOT_A_NUMBER = N_("Enter a whole number.")
AT_LEAST = N_("Enter a number of at least %(limit)s.")
AT_MOST = N_("Enter a number of at most %(limit)s.")
NOT_A_CHOICE = N_("Choose one of the options.")
TOO_MANY = N_("At most %(count)s items.")
NOT_VALID = N_("This value is not valid.")
STALE = N_(
    "Someone else changed this since you opened it. Nothing was saved: what is stored now is shown below next to "
    "what you typed. Check it, then save again to keep your version."
)
FORM_PROBLEM = N_("Nothing was saved: please correct what is marked below.")

# The API's pattern explanations (core.schemas.PATTERN_MESSAGES), marked here so the catalogues translate them.
PATTERN_TEXTS = (
    N_("must be one line, without line breaks, tabs or other control characters"),
    N_("must be one line that is not blank, without line breaks, tabs or other control characters"),
    N_("must not contain control characters other than line breaks and tabs (no NUL)"),
    N_("must be lower-case letters, digits and single hyphens, such as digital-cities"),
    N_("must be an http:// or https:// address without spaces, or empty"),
    N_("must be an email address such as name@example.org"),
    N_("must be an email address such as name@example.org, or empty"),
    N_("must be a two-letter ISO 3166-1 country code in capitals, such as ES"),
    N_("must be a local date and time without an offset, such as 2020-12-08T09:30"),
    N_("must be 1 to 10 capital letters or digits, such as A or D2"),
    N_("must be en, fr or es"),
)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str  # a msgid when the field's ``translate`` is set, else shown as it is (a name)


@dataclass(frozen=True)
class Field:
    """One input of a form. ``label`` and ``hint`` are msgids, translated when the page renders."""

    name: str
    label: str
    kind: str = "text"  # text, textarea, email, url, date, datetime-local, number, checkbox, select, choices, hidden
    required: bool = False
    choices: Sequence[Choice] = ()
    translate: bool = True  # whether the choices' labels are msgids
    hint: str = ""
    datalist: str = ""  # the id of a <datalist> the page provides (zones, members)
    maxlength: int | None = None
    empty_is_null: bool = False  # an empty field sends null (optional dates, numbers, references)
    omit_if_empty: bool = False  # an empty field is left out of the payload (the schema's default applies)
    group: str = ""  # fields of one timing form share a group, shown or hidden together
    language: str = ""  # a translation's input: the language it holds (shown with the ``language`` field)


def values_from(fields: Iterable[Field], form: Any) -> dict[str, Any]:
    """What was typed, field by field, as text (checkboxes "on" or ""; multiple choices a list)."""
    values: dict[str, Any] = {}
    for spec in fields:
        if spec.kind == "choices":
            values[spec.name] = (
                [value for value in form.getall(spec.name) if isinstance(value, str)] if (spec.name in form) else []
            )
            continue
        raw = form.get(spec.name)
        text = raw if isinstance(raw, str) else ""
        values[spec.name] = "on" if spec.kind == "checkbox" and text else text
    return values


def field_value(spec: Field, text: Any) -> Any:
    """One field's typed text as the schema takes it."""
    if spec.kind == "checkbox":
        return bool(text)
    if spec.kind == "choices":
        return list(text or [])
    text = (text or "").strip() if spec.kind != "textarea" else (text or "").replace("\r\n", "\n").strip()
    if text == "":
        if spec.kind in ("date", "number", "datetime-local") or spec.empty_is_null:
            return None
        return ""
    if spec.kind == "number":
        return int(text) if re.fullmatch(r"-?\d{1,12}", text) else text
    return text


def payload(fields: Iterable[Field], values: Mapping[str, Any], *, revision: str | None = None) -> dict[str, Any]:
    """The plain data for a request schema; ``revision`` (an edit's hidden field) included when given."""
    data: dict[str, Any] = {}
    for spec in fields:
        value = field_value(spec, values.get(spec.name))
        if spec.language:
            data.setdefault("translations", {}).setdefault(spec.language, {})[translated_field(spec)] = value
            continue
        if spec.omit_if_empty and value in ("", None, []):
            continue
        data[spec.name] = value
    if revision is not None:
        data[REVISION] = int(revision) if revision.isdigit() else 0
    return data


LANGUAGE = "language"
LANGUAGE_CHOICES = [Choice("en", N_("English")), Choice("fr", N_("French")), Choice("es", N_("Spanish"))]
LANGUAGE_HINT = N_(
    "The language the texts above are written in. Their translations into the other languages go below; "
    "a reader sees the original, marked as such, where a translation is missing."
)


def translatable(fields: Sequence[Field], names: Sequence[str]) -> list[Field]:
    """``fields`` with the ``language`` field after the last of ``names``, and an input per other language for each.

    The translations' inputs come last; the ``language`` field's input shows them (``_forms.html``).
    """
    originals = [spec for spec in fields if spec.name in names]
    position = max(fields.index(spec) for spec in originals) + 1
    language = Field(
        LANGUAGE,
        N_("Written in"),
        kind="select",
        required=True,
        choices=LANGUAGE_CHOICES,
        hint=LANGUAGE_HINT,
        omit_if_empty=True,  # a form posted without it keeps the stored language (English for a new one)
    )
    inputs = [
        Field(
            f"translations.{code}.{spec.name}",
            spec.label,
            kind="textarea" if spec.kind == "textarea" else "text",
            maxlength=translated.MAX_TRANSLATION_LENGTH
            if spec.kind == "textarea"
            else translated.ONE_LINE_TRANSLATION_LENGTH,
            language=code,
        )
        for code in i18n.LANGUAGES
        for spec in originals
    ]
    return [*fields[:position], language, *fields[position:], *inputs]


def translated_field(spec: Field) -> str:
    """A translation input's field: ``translations.fr.name`` -> ``name``."""
    return spec.name.split(".", 2)[2]


def translation_values(value: Any, names: Iterable[str]) -> dict[str, str]:
    """A stored row's language and translations as the form's fields hold them."""
    found = {LANGUAGE: str(value.language)}
    for code, texts in (value.translations or {}).items():
        for name in names:
            if texts.get(name):
                found[f"translations.{code}.{name}"] = texts[name]
    return found


_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_MISSING = re.compile(r"^Object missing required field `(?P<name>[^`]+)`$")


def _path_name(path: str) -> str:
    """``$.planned.start`` -> ``planned.start``; ``$.sessions[0].start`` -> ``sessions[0].start``."""
    return path.lstrip(".")


def _message(text: str) -> tuple[str, dict[str, Any]]:
    """A translatable template and its params for msgspec's English sentence."""
    for pattern, meaning in PATTERN_MESSAGES.items():
        if text == f"Expected `str` matching regex {pattern!r}":
            return meaning, {}
    if "got `null`" in text or text.startswith("Object missing required field"):
        return REQUIRED, {}
    if match := re.fullmatch(r"Expected `(?:str|array)` of length >= (\d+)", text):
        return (REQUIRED if match.group(1) == "1" else TOO_SHORT), {"count": match.group(1)}
    if match := re.fullmatch(r"Expected `str` of length <= (\d+)", text):
        return TOO_LONG, {"count": match.group(1)}
    if match := re.fullmatch(r"Expected `array` of length <= (\d+)", text):
        return TOO_MANY, {"count": match.group(1)}
    if match := re.fullmatch(r"Expected `int` >= (-?\d+)", text):
        return AT_LEAST, {"limit": match.group(1)}
    if match := re.fullmatch(r"Expected `int` <= (-?\d+)", text):
        return AT_MOST, {"limit": match.group(1)}
    if "date" in text and ("Invalid" in text or "Expected `date`" in text):
        return NOT_A_DATE, {}
    if "Expected `int`" in text:
        return NOT_A_NUMBER, {}
    if text.startswith("Invalid enum value"):
        return NOT_A_CHOICE, {}
    return NOT_VALID, {}


def invalid(exc: msgspec.ValidationError) -> InvalidInput:
    """msgspec's refusal as a service error naming the field, with a translatable message."""
    text = str(exc)
    at = _AT.search(text)
    path = _path_name(at.group("path")) if at else ""
    sentence = _AT.sub("", text)
    missing = _MISSING.match(sentence)
    if missing:
        path = f"{path}.{missing.group('name')}" if path else missing.group("name")
    template, params = _message(sentence)
    message = template % params if params else template
    return InvalidInput(message, errors=[FieldError(field=path, message=message, template=template, params=params)])


def convert(data: Mapping[str, Any], schema: type[S]) -> S:
    """The payload as ``schema`` (text turned into dates and numbers), or ``InvalidInput`` naming every bad field."""
    try:
        return msgspec.convert(dict(data), schema, strict=False)
    except msgspec.ValidationError as exc:
        raise every_refusal(data, schema, exc) from exc


def every_refusal(data: Mapping[str, Any], schema: type[Any], exc: msgspec.ValidationError) -> InvalidInput:
    """msgspec's refusal of the whole payload, with every other field it would refuse too.

    msgspec stops at the first bad field; a person correcting a form wants to
    see them all at once. Each field of ``schema`` is converted alone with its
    own annotated type (same limits, same messages); within one field (a
    session's start and end) only the first problem is named. A refusal no
    single field explains (a rule across fields) is msgspec's own.
    """
    errors: list[FieldError] = []
    fields = msgspec.structs.fields(schema) if isinstance(schema, type) and issubclass(schema, msgspec.Struct) else ()
    for info in fields:
        if info.encode_name not in data:
            if info.required:
                errors.append(FieldError(field=info.encode_name, message=REQUIRED, template=REQUIRED))
            continue
        try:
            msgspec.convert(data[info.encode_name], info.type, strict=False)
        except msgspec.ValidationError as field_exc:
            [error] = invalid(field_exc).errors
            inner = error.field
            path = f"{info.encode_name}{'' if not inner else inner if inner.startswith('[') else '.' + inner}"
            errors.append(FieldError(field=path, message=error.message, template=error.template, params=error.params))
        except TypeError:  # a type msgspec converts only inside its struct: that field is left to msgspec's own refusal
            continue
    if not errors:
        return invalid(exc)
    first = errors[0]
    return InvalidInput(first.template or first.message, errors=errors, params=first.params)


def is_stale(exc: ServiceError) -> bool:
    """Whether a refusal says the row changed since the form was opened."""
    return isinstance(exc, Conflict) and any(error.field == REVISION for error in exc.errors)


def top_field(path: str) -> str:
    """``planned.start`` -> ``planned``; ``sessions[0].start`` -> ``sessions``."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def errors_by_field(
    exc: ServiceError,
    language: str,
    *,
    names: Iterable[str],
    rename: Callable[[str], str] | None = None,
) -> dict[str, str]:
    """A refusal's messages in ``language`` by form field; "" for what no field of the form shows.

    ``rename`` maps a service's field (``sessions[1].start``, ``planned.start``)
    to the form's (``session-1-start``, ``planned_start``); by default the
    service's field is the form's when the form has it, or its first part.
    """
    shown = set(names)
    errors: dict[str, str] = {}
    for error in exc.errors or [FieldError("", exc.detail, exc.template, exc.params)]:
        name = rename(error.field) if rename else error.field
        if name not in shown:
            name = top_field(name) if top_field(name) in shown else ""
        errors.setdefault(name, error.message_in(language))
    return errors


@dataclass
class Difference:
    label: str  # a msgid
    stored: str
    typed: str
    language: str = ""  # a translation's language


def differences(fields: Iterable[Field], stored: Mapping[str, Any], typed: Mapping[str, Any]) -> list[Difference]:
    """Where what is stored now differs from what the person typed, field by field, as text."""
    found: list[Difference] = []
    for spec in fields:
        if spec.kind == "hidden":
            continue
        now, mine = stored.get(spec.name, ""), typed.get(spec.name, "")
        if spec.kind == "choices":
            now, mine = ", ".join(sorted(now or [])), ", ".join(sorted(mine or []))
        elif spec.kind == "checkbox":
            now, mine = ("✓" if now else ""), ("✓" if mine else "")
        if str(now or "").strip() != str(mine or "").strip():
            found.append(Difference(spec.label, str(now or ""), str(mine or ""), spec.language))
    return found


@dataclass
class FormState:
    """A form as the page shows it: the fields, what they hold, and what is wrong."""

    fields: list[Field]
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    revision: int | None = None  # an edit's; None when creating
    stale: list[Difference] | None = None  # set when someone saved in between

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.fields]


def text(value: Any) -> str:
    """A stored value as a form field shows it (dates as ISO, None as empty)."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
