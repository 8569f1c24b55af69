"""The Jinja2 environment: one per app, with gettext bound to the page's language.

Every page context carries ``lang``; ``_()`` and ``ngettext()`` look it up,
so one environment serves English, French and Spanish pages at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from coordination.core import i18n


@pass_context
def _gettext(context: Context, message: str) -> str:
    return i18n.gettext(context.get("lang", i18n.DEFAULT_LANGUAGE), message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(context.get("lang", i18n.DEFAULT_LANGUAGE), singular, plural, n)


@pass_context
def _format_date(context: Context, value: date | None, format: str = "long") -> str:
    if value is None:
        return ""
    return i18n.format_date(value, context.get("lang", i18n.DEFAULT_LANGUAGE), format)


@pass_context
def _format_time(context: Context, value: datetime | None) -> str:
    if value is None:
        return ""
    return i18n.format_time(value, context.get("lang", i18n.DEFAULT_LANGUAGE))


@pass_context
def _format_month(context: Context, year: int, month: int) -> str:
    return i18n.format_month(year, month, context.get("lang", i18n.DEFAULT_LANGUAGE))


def build_environment(*, templates_dir: Path, globals: dict[str, Any] | None = None) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    filters: dict[str, Callable[..., str]] = {
        "format_date": _format_date,
        "format_time": _format_time,
    }
    environment.filters.update(filters)
    environment.globals.update(
        {
            "format_month": _format_month,
            "languages": i18n.LANGUAGES,
            "language_names": i18n.LANGUAGE_NAMES,
            **(globals or {}),
        }
    )
    return environment
