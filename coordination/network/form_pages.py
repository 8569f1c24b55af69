"""The network's settings and its strategic priorities: the secretariat's forms (``accounts.rules.is_secretariat``)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from coordination.accounts.guards import secretariat_only
from coordination.core.form_pages import DeleteView, FormView, confirm_delete, delete, save_form, show_form
from coordination.core.forms import Choice, Field, FormState
from coordination.core.i18n import N_
from coordination.core.pages import found, page_language
from coordination.network import services as network
from coordination.network.schemas import NetworkOut, NetworkUpdate, PriorityCreate, PriorityOut, PriorityUpdate

__all__ = [
    "priority_delete",
    "priority_delete_form",
    "priority_edit",
    "priority_edit_form",
    "priority_new",
    "priority_new_form",
    "settings_edit",
    "settings_form",
]

LANGUAGE_CHOICES = [Choice("en", N_("English")), Choice("fr", N_("French")), Choice("es", N_("Spanish"))]
SETTINGS_FIELDS = [
    Field("name", N_("The network's name"), required=True, maxlength=200),
    Field("short_name", N_("Short name"), maxlength=50),
    Field("languages", N_("Working languages"), kind="choices", choices=LANGUAGE_CHOICES),
    Field("default_language", N_("Main language"), kind="select", required=True, choices=LANGUAGE_CHOICES),
    Field(
        "logo_url",
        N_("Logo address"),
        kind="url",
        maxlength=500,
        hint=N_("An https address of an image, shown at the top of every page; leave empty for none."),
    ),
    Field(
        "accent_color",
        N_("Accent colour"),
        maxlength=7,
        hint=N_("The colour of links and of the header's stripe, such as #0b5cad; leave empty for the default."),
    ),
]


def _settings_values(settings: NetworkOut) -> dict[str, Any]:
    return {
        "name": settings.name,
        "short_name": settings.short_name,
        "languages": list(settings.languages),
        "default_language": settings.default_language,
        "logo_url": settings.logo_url,
        "accent_color": settings.accent_color,
    }


async def _settings_view() -> FormView:
    return FormView(
        title=N_("The network's settings"),
        action="/network/settings",
        cancel="/",
        submit=N_("Save"),
        template="network/settings.html",
        context={"priorities": await network.list_priorities()},
    )


@get("/network/settings", include_in_schema=False, guards=[secretariat_only])
async def settings_form(request: Request[Any, Any, Any]) -> Template:
    settings = await network.get_network()
    state = FormState(fields=SETTINGS_FIELDS, values=_settings_values(settings), revision=settings.revision)
    return await show_form(request, await _settings_view(), state)


@post("/network/settings", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def settings_edit(request: Request[Any, Any, Any]) -> Redirect | Template:
    async def save(data: NetworkUpdate) -> str:
        await network.update_network(data=data)
        return "/network/settings"

    async def current() -> tuple[dict[str, Any], int]:
        now = await network.get_network()
        return _settings_values(now), now.revision

    return await save_form(
        request, await _settings_view(), fields=SETTINGS_FIELDS, schema=NetworkUpdate, save=save, current=current
    )


# ------------------------------------------------------------------ priorities

TITLE_FIELDS = [
    Field("title_en", N_("Title in English"), required=True, maxlength=200),
    Field("title_fr", N_("Title in French"), maxlength=200),
    Field("title_es", N_("Title in Spanish"), maxlength=200),
    Field("position", N_("Position in the list"), kind="number", omit_if_empty=True),
]
NEW_PRIORITY_FIELDS = [
    Field(
        "code", N_("Code"), required=True, maxlength=10, hint=N_("1 to 10 capital letters or digits, such as A or D2.")
    ),
    *TITLE_FIELDS,
]


def _priority_values(priority: PriorityOut) -> dict[str, Any]:
    return {
        "title_en": priority.title.get("en", ""),
        "title_fr": priority.title.get("fr", ""),
        "title_es": priority.title.get("es", ""),
        "position": str(priority.position),
    }


NEW_VIEW = FormView(
    title=N_("New strategic priority"), action="/priorities/new", cancel="/network/settings", submit=N_("Create")
)


@get("/priorities/new", include_in_schema=False, guards=[secretariat_only])
async def priority_new_form(request: Request[Any, Any, Any]) -> Template:
    return await show_form(request, NEW_VIEW, FormState(fields=NEW_PRIORITY_FIELDS, values={}))


@post("/priorities/new", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def priority_new(request: Request[Any, Any, Any]) -> Redirect | Template:
    async def save(data: PriorityCreate) -> str:
        await network.create_priority(data=data)
        return "/network/settings"

    return await save_form(request, NEW_VIEW, fields=NEW_PRIORITY_FIELDS, schema=PriorityCreate, save=save)


def _edit_view(priority: PriorityOut) -> FormView:
    return FormView(
        title=N_("Edit the strategic priority %(name)s"),
        title_params={"name": priority.code},
        action=f"/priorities/{priority.code}/edit",
        cancel="/network/settings",
        submit=N_("Save"),
        delete_url=f"/priorities/{priority.code}/delete",
    )


@get("/priorities/{code:str}/edit", include_in_schema=False, guards=[secretariat_only])
async def priority_edit_form(request: Request[Any, Any, Any], code: FromPath[str]) -> Template:
    priority = await found(request, network.get_priority(code=code))
    state = FormState(fields=TITLE_FIELDS, values=_priority_values(priority), revision=priority.revision)
    return await show_form(request, _edit_view(priority), state)


@post("/priorities/{code:str}/edit", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def priority_edit(request: Request[Any, Any, Any], code: FromPath[str]) -> Redirect | Template:
    priority = await found(request, network.get_priority(code=code))

    async def save(data: PriorityUpdate) -> str:
        await network.update_priority(code=code, data=data)
        return "/network/settings"

    async def current() -> tuple[dict[str, Any], int]:
        now = await network.get_priority(code=code)
        return _priority_values(now), now.revision

    return await save_form(
        request, _edit_view(priority), fields=TITLE_FIELDS, schema=PriorityUpdate, save=save, current=current
    )


def _delete_view(priority: PriorityOut, language: str) -> DeleteView:
    """The priority named by its code and its title in the reader's language (the English one where none is)."""
    title = priority.title.get(language) or priority.title.get("en", "")
    return DeleteView(
        what=N_("the strategic priority %(name)s"),
        what_params={"name": f"{priority.code} — {title}"},
        action=f"/priorities/{priority.code}/delete",
        cancel="/network/settings",
        revision=priority.revision,
        consequences=N_("A priority that activities are filed under cannot be deleted: move them first."),
    )


@get("/priorities/{code:str}/delete", include_in_schema=False, guards=[secretariat_only])
async def priority_delete_form(request: Request[Any, Any, Any], code: FromPath[str]) -> Template:
    priority = await found(request, network.get_priority(code=code))
    return await confirm_delete(request, _delete_view(priority, page_language(request)))


@post("/priorities/{code:str}/delete", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def priority_delete(request: Request[Any, Any, Any], code: FromPath[str]) -> Redirect | Template:
    priority = await found(request, network.get_priority(code=code))

    async def remove(revision: int | None) -> None:
        await network.delete_priority(code=code, revision=revision)

    view = _delete_view(priority, page_language(request))
    return await delete(request, view, remove=remove, done="/network/settings")
