"""The forms of the members: create, edit and delete a member (the secretariat; its focal point edits), its people.

The same rules as the API (``accounts.rules``): the secretariat creates and
deletes members; the secretariat and the member's focal points change the
member and add, change and remove its people.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from coordination.accounts.guards import principal_of, require_member_editor, secretariat_only, signed_in
from coordination.core.form_pages import DeleteView, FormView, confirm_delete, delete, save_form, show_form
from coordination.core.forms import Choice, Field, FormState
from coordination.core.i18n import N_
from coordination.core.pages import found, page_language
from coordination.core.params import IdPath, SlugPath
from coordination.members import services as members
from coordination.members.enums import MEMBER_KIND_LABELS
from coordination.members.schemas import MemberCreate, MemberOut, MemberUpdate, PersonCreate, PersonOut, PersonUpdate

__all__ = [
    "member_delete",
    "member_delete_form",
    "member_edit",
    "member_edit_form",
    "member_new",
    "member_new_form",
    "person_delete",
    "person_delete_form",
    "person_edit",
    "person_edit_form",
    "person_new",
    "person_new_form",
]

KINDS = [Choice(kind.value, label) for kind, label in MEMBER_KIND_LABELS.items()]


def _member_fields(*, creating: bool) -> list[Field]:
    fields = [
        Field("name", N_("Name"), required=True, maxlength=200),
        Field("kind", N_("Kind"), kind="select", required=True, choices=KINDS),
        Field(
            "country",
            N_("Country"),
            required=True,
            maxlength=2,
            datalist="countries",
            hint=N_("The two-letter code, such as FR or ES: type the country's name to find it."),
        ),
        Field("website", N_("Website"), kind="url", hint=N_("An address starting with https://, or empty.")),
    ]
    if creating:
        slug_hint = N_("Lower-case letters, digits and hyphens, used in addresses: it cannot be changed later.")
        fields.insert(0, Field("slug", N_("Short name in addresses"), required=True, maxlength=100, hint=slug_hint))
    return fields


def _member_values(member: MemberOut) -> dict[str, Any]:
    return {"name": member.name, "kind": member.kind.value, "country": member.country, "website": member.website}


def _countries(request: Request[Any, Any, Any]) -> list[tuple[str, str]]:
    from babel import Locale

    from coordination.core import i18n

    names = Locale.parse(i18n.locale(page_language(request))).territories
    return sorted(
        ((code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()), key=lambda x: x[1]
    )


def _member_view(request: Request[Any, Any, Any], **kwargs: Any) -> FormView:
    return FormView(template="members/form.html", context={"countries": _countries(request)}, **kwargs)


# ------------------------------------------------------------------ members


@get("/members/new", include_in_schema=False, guards=[secretariat_only])
async def member_new_form(request: Request[Any, Any, Any]) -> Template:
    fields = _member_fields(creating=True)
    view = _member_view(request, title=N_("New member"), action="/members/new", cancel="/members", submit=N_("Create"))
    return await show_form(request, view, FormState(fields=fields, values={"kind": "city"}))


@post("/members/new", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def member_new(request: Request[Any, Any, Any]) -> Redirect | Template:
    fields = _member_fields(creating=True)
    view = _member_view(request, title=N_("New member"), action="/members/new", cancel="/members", submit=N_("Create"))

    async def save(data: MemberCreate) -> str:
        return f"/members/{(await members.create_member(data=data)).slug}"

    return await save_form(request, view, fields=fields, schema=MemberCreate, save=save)


def _edit_view(request: Request[Any, Any, Any], member: MemberOut) -> FormView:
    return _member_view(
        request,
        title=N_("Edit %(name)s"),
        title_params={"name": member.name},
        action=f"/members/{member.slug}/edit",
        cancel=f"/members/{member.slug}",
        submit=N_("Save"),
        delete_url=f"/members/{member.slug}/delete" if principal_of(request).is_secretariat else None,
    )


@get("/members/{slug:str}/edit", include_in_schema=False, guards=[signed_in])
async def member_edit_form(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    member = await found(request, members.get_member(slug=slug))
    await require_member_editor(request, member_slug=slug)
    state = FormState(fields=_member_fields(creating=False), values=_member_values(member), revision=member.revision)
    return await show_form(request, _edit_view(request, member), state)


@post("/members/{slug:str}/edit", include_in_schema=False, guards=[signed_in], status_code=303)
async def member_edit(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    member = await found(request, members.get_member(slug=slug))
    await require_member_editor(request, member_slug=slug)

    async def save(data: MemberUpdate) -> str:
        await members.update_member(slug=slug, data=data)
        return f"/members/{slug}"

    async def current() -> tuple[dict[str, Any], int]:
        now = await members.get_member(slug=slug)
        return _member_values(now), now.revision

    return await save_form(
        request,
        _edit_view(request, member),
        fields=_member_fields(creating=False),
        schema=MemberUpdate,
        save=save,
        current=current,
    )


def _member_delete_view(member: MemberOut) -> DeleteView:
    return DeleteView(
        what=N_("the member %(name)s"),
        what_params={"name": member.name},
        action=f"/members/{member.slug}/delete",
        cancel=f"/members/{member.slug}",
        revision=member.revision,
        consequences=N_("Its people are deleted with it."),
    )


@get("/members/{slug:str}/delete", include_in_schema=False, guards=[secretariat_only])
async def member_delete_form(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    member = await found(request, members.get_member(slug=slug))
    return await confirm_delete(request, _member_delete_view(member))


@post("/members/{slug:str}/delete", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def member_delete(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    member = await found(request, members.get_member(slug=slug))

    async def remove(revision: int | None) -> None:
        await members.delete_member(slug=slug, revision=revision)

    return await delete(request, _member_delete_view(member), remove=remove, done="/members")


# ------------------------------------------------------------------ people

PERSON_FIELDS = [
    Field("name", N_("Name"), required=True, maxlength=200),
    Field("title", N_("Title or role"), maxlength=200, hint=N_("What they do, such as Head of digital services.")),
    Field("email", N_("Email address"), kind="email", maxlength=254),
    Field("is_focal_point", N_("Focal point of the member"), kind="checkbox"),
]


def _person_values(person: PersonOut) -> dict[str, Any]:
    return {
        "name": person.name,
        "title": person.title,
        "email": person.email,
        "is_focal_point": "on" if person.is_focal_point else "",
    }


def _person_new_view(member: MemberOut) -> FormView:
    return FormView(
        title=N_("Add a person to %(name)s"),
        title_params={"name": member.name},
        action=f"/members/{member.slug}/people/new",
        cancel=f"/members/{member.slug}",
        submit=N_("Add"),
    )


@get("/members/{slug:str}/people/new", include_in_schema=False, guards=[signed_in])
async def person_new_form(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    member = await found(request, members.get_member(slug=slug, include_private=False))
    await require_member_editor(request, member_slug=slug)
    return await show_form(request, _person_new_view(member), FormState(fields=PERSON_FIELDS, values={}))


@post("/members/{slug:str}/people/new", include_in_schema=False, guards=[signed_in], status_code=303)
async def person_new(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    member = await found(request, members.get_member(slug=slug, include_private=False))
    await require_member_editor(request, member_slug=slug)

    async def save(data: PersonCreate) -> str:
        await members.add_person(member_slug=slug, data=data)
        return f"/members/{slug}"

    return await save_form(request, _person_new_view(member), fields=PERSON_FIELDS, schema=PersonCreate, save=save)


async def _person_for_editor(request: Request[Any, Any, Any], person_id: int) -> PersonOut:
    person = await found(request, members.get_person(person_id=person_id))
    await require_member_editor(request, member_slug=person.member)
    return person


def _person_edit_view(person: PersonOut) -> FormView:
    return FormView(
        title=N_("Edit %(name)s"),
        title_params={"name": person.name},
        action=f"/people/{person.id}/edit",
        cancel=f"/members/{person.member}",
        submit=N_("Save"),
        delete_url=f"/people/{person.id}/delete",
    )


@get("/people/{person_id:int}/edit", include_in_schema=False, guards=[signed_in])
async def person_edit_form(request: Request[Any, Any, Any], person_id: IdPath) -> Template:
    person = await _person_for_editor(request, person_id)
    state = FormState(fields=PERSON_FIELDS, values=_person_values(person), revision=person.revision)
    return await show_form(request, _person_edit_view(person), state)


@post("/people/{person_id:int}/edit", include_in_schema=False, guards=[signed_in], status_code=303)
async def person_edit(request: Request[Any, Any, Any], person_id: IdPath) -> Redirect | Template:
    person = await _person_for_editor(request, person_id)

    async def save(data: PersonUpdate) -> str:
        await members.update_person(person_id=person_id, data=data)
        return f"/members/{person.member}"

    async def current() -> tuple[dict[str, Any], int]:
        now = await members.get_person(person_id=person_id)
        return _person_values(now), now.revision

    return await save_form(
        request, _person_edit_view(person), fields=PERSON_FIELDS, schema=PersonUpdate, save=save, current=current
    )


def _person_delete_view(person: PersonOut) -> DeleteView:
    return DeleteView(
        what=N_("%(name)s"),
        what_params={"name": person.name},
        action=f"/people/{person.id}/delete",
        cancel=f"/members/{person.member}",
        revision=person.revision,
    )


@get("/people/{person_id:int}/delete", include_in_schema=False, guards=[signed_in])
async def person_delete_form(request: Request[Any, Any, Any], person_id: IdPath) -> Template:
    return await confirm_delete(request, _person_delete_view(await _person_for_editor(request, person_id)))


@post("/people/{person_id:int}/delete", include_in_schema=False, guards=[signed_in], status_code=303)
async def person_delete(request: Request[Any, Any, Any], person_id: IdPath) -> Redirect | Template:
    person = await _person_for_editor(request, person_id)

    async def remove(revision: int | None) -> None:
        await members.delete_person(person_id=person_id, revision=revision)

    return await delete(request, _person_delete_view(person), remove=remove, done=f"/members/{person.member}")


def edit_links(request: Request[Any, Any, Any], member: MemberOut, *, may_edit: bool) -> list[tuple[str, str, str]]:
    """The member page's buttons for those allowed: (address, msgid, class)."""
    links: list[tuple[str, str, str]] = []
    if may_edit:
        links.append((f"/members/{member.slug}/edit", N_("Edit"), ""))
        links.append((f"/members/{member.slug}/people/new", N_("Add a person"), "secondary"))
    if principal_of(request).is_secretariat:
        links.append((f"/members/{member.slug}/delete", N_("Delete"), "danger"))
    return links
