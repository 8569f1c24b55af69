"""The Jinja2 environment: one per app, with gettext bound to the page's language.

Every page context carries ``lang``; ``_()`` and ``ngettext()`` look it up,
so one environment serves English, French and Spanish pages at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from coordination.core import i18n
from coordination.core.translated import Localized, localize_struct


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


@pass_context
def _format_number(context: Context, value: float | None, signed: bool = False) -> str:
    """A figure in the page's locale: ``1,5`` on a French page."""
    if value is None:
        return ""
    return i18n.format_number(value, context.get("lang", i18n.DEFAULT_LANGUAGE), signed=signed)


@pass_context
def _format_rate(context: Context, value: float | None) -> str:
    """A percentage out of 100 in the page's locale: ``66,7 %`` on a French page."""
    if value is None:
        return ""
    return i18n.format_percent(value, context.get("lang", i18n.DEFAULT_LANGUAGE))


@pass_context
def _localized(context: Context, value: Any, field: str) -> Localized:
    """``field`` of a translatable object in the page's language, or its original (``.is_fallback``)."""
    return localize_struct(value, field, context.get("lang", i18n.DEFAULT_LANGUAGE))


@pass_context
def _language_name(context: Context, code: str) -> str:
    """A language's name in the page's language: "French", "français", "francés"."""
    return i18n.language_name(code, context.get("lang", i18n.DEFAULT_LANGUAGE))


def package_template_dirs(package_root: Path) -> list[Path]:
    """Every ``<package>/<domain>/templates`` folder: templates ship inside the package, namespaced per domain."""
    return sorted(path for path in package_root.glob("*/templates") if path.is_dir())


def build_environment(
    *, package_dirs: list[Path], override_dir: Path | None = None, globals: dict[str, Any] | None = None
) -> Environment:
    """One environment over the packaged templates, with a site's overrides (if any) looked up first."""
    loaders = [FileSystemLoader([str(path) for path in package_dirs])]
    if override_dir is not None and override_dir.is_dir():
        loaders.insert(0, FileSystemLoader(str(override_dir)))
    environment = Environment(
        loader=ChoiceLoader(loaders),
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
        "format_number": _format_number,
        "format_rate": _format_rate,
    }
    environment.filters.update(filters)
    environment.globals.update(
        {
            "format_month": _format_month,
            "localized": _localized,
            "language_name": _language_name,
            "languages": i18n.LANGUAGES,
            "language_names": i18n.LANGUAGE_NAMES,
            **(globals or {}),
        }
    )
    return environment
