"""The forms of the bodies: a body and its changes (renamed, converted, closed), past names, memberships, terms.

All of these are the secretariat's (``accounts.rules.is_secretariat``), as in
the API. A body is renamed or converted by editing its name or kind with the
date the change took effect (the service keeps the old naming in the
history); it is closed by setting its status. A body with activities or
events cannot be deleted: its deletion page offers to close it instead.

Members are chosen by typing: the member field is a text input with a
``<datalist>`` of every member (name shown, short name sent), which browsers
filter as one types, so it stays usable with a thousand members and works
without JavaScript.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from coordination.accounts.guards import secretariat_only
from coordination.bodies import services as bodies
from coordination.bodies.enums import BODY_KIND_LABELS, BODY_STATUS_LABELS, LEADERSHIP_ROLE_LABELS
from coordination.bodies.leadership import create_term as create_leadership_term
from coordination.bodies.leadership import delete_term, get_term, update_term
from coordination.bodies.memberships import create_membership, delete_membership, get_membership, update_membership
from coordination.bodies.schemas import (
    BodyCreate,
    BodyHistoryCreate,
    BodyOut,
    BodyUpdate,
    LeadershipTermCreate,
    LeadershipTermOut,
    LeadershipTermUpdate,
    MembershipCreate,
    MembershipOut,
    MembershipUpdate,
)
from coordination.core import forms
from coordination.core.form_pages import DeleteView, FormView, confirm_delete, delete, save_form, show_form
from coordination.core.forms import Choice, Field, FormState, text
from coordination.core.i18n import N_
from coordination.core.pages import found, page_language
from coordination.core.params import IdPath, SlugPath
from coordination.members import services as members

__all__ = [
    "body_delete",
    "body_delete_form",
    "body_edit",
    "body_edit_form",
    "body_new",
    "body_new_form",
    "history_delete",
    "history_delete_form",
    "history_new",
    "history_new_form",
    "membership_delete",
    "membership_delete_form",
    "membership_edit",
    "membership_edit_form",
    "membership_new",
    "membership_new_form",
    "term_delete",
    "term_delete_form",
    "term_edit",
    "term_edit_form",
    "term_new",
    "term_new_form",
]

KINDS = [Choice(kind.value, label) for kind, label in BODY_KIND_LABELS.items()]
STATUSES = [Choice(status.value, label) for status, label in BODY_STATUS_LABELS.items()]
ROLES = [Choice(role.value, label) for role, label in LEADERSHIP_ROLE_LABELS.items()]
MEMBER_HINT = N_("Type the member's name and choose it from the list.")


async def member_choices() -> list[tuple[str, str]]:
    """Every member as (short name, name), for the member fields' ``<datalist>``."""
    return [(member.slug, member.name) for member in (await members.list_members(limit=1_000_000)).items]


# ------------------------------------------------------------------ bodies


def _body_fields(*, creating: bool) -> list[Field]:
    fields = [
        Field("name", N_("Name"), required=True, maxlength=200),
        Field("kind", N_("Kind"), kind="select", required=True, choices=KINDS),
        Field("mandate", N_("Mandate"), kind="textarea", maxlength=20000),
        Field("status", N_("Status"), kind="select", required=True, choices=STATUSES),
    ]
    if creating:
        hint = N_("Lower-case letters, digits and hyphens, used in addresses: it cannot be changed later.")
        fields.insert(0, Field("slug", N_("Short name in addresses"), required=True, maxlength=100, hint=hint))
    else:
        fields.append(
            Field(
                "changed_on",
                N_("A new name or kind took effect on"),
                kind="date",
                omit_if_empty=True,
                hint=N_("A new name or kind starts on this day; the former one stays in its history (default: today)."),
            )
        )
    return forms.translatable(fields, bodies.TRANSLATABLE)


def _body_values(body: BodyOut) -> dict[str, Any]:
    return {
        "name": body.name,
        "kind": body.kind.value,
        "mandate": body.mandate,
        "status": body.status.value,
        **forms.translation_values(body, bodies.TRANSLATABLE),
    }


@get("/bodies/new", include_in_schema=False, guards=[secretariat_only])
async def body_new_form(request: Request[Any, Any, Any]) -> Template:
    view = FormView(title=N_("New body"), action="/bodies/new", cancel="/bodies", submit=N_("Create"))
    values = {"kind": "working_group", "status": "active", "language": page_language(request)}
    state = FormState(fields=_body_fields(creating=True), values=values)
    return await show_form(request, view, state)


@post("/bodies/new", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def body_new(request: Request[Any, Any, Any]) -> Redirect | Template:
    view = FormView(title=N_("New body"), action="/bodies/new", cancel="/bodies", submit=N_("Create"))

    async def save(data: BodyCreate) -> str:
        return f"/bodies/{(await bodies.create_body(data=data)).slug}"

    return await save_form(request, view, fields=_body_fields(creating=True), schema=BodyCreate, save=save)


def _body_edit_view(body: BodyOut) -> FormView:
    return FormView(
        title=N_("Edit %(name)s"),
        title_params={"name": body.name},
        action=f"/bodies/{body.slug}/edit",
        cancel=f"/bodies/{body.slug}",
        submit=N_("Save"),
        intro=N_("To close the body, set its status to Closed: its record stays."),
        delete_url=f"/bodies/{body.slug}/delete",
    )


@get("/bodies/{slug:str}/edit", include_in_schema=False, guards=[secretariat_only])
async def body_edit_form(
    request: Request[Any, Any, Any], slug: SlugPath, status: FromQuery[str | None] = None
) -> Template:
    body = await found(request, bodies.get_body(slug=slug))
    values = _body_values(body)
    if status in BODY_STATUS_LABELS:  # "close it instead" links here with ?status=closed
        values["status"] = status
    state = FormState(fields=_body_fields(creating=False), values=values, revision=body.revision)
    return await show_form(request, _body_edit_view(body), state)


@post("/bodies/{slug:str}/edit", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def body_edit(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    body = await found(request, bodies.get_body(slug=slug))

    async def save(data: BodyUpdate) -> str:
        await bodies.update_body(slug=slug, data=data)
        return f"/bodies/{slug}"

    async def current() -> tuple[dict[str, Any], int]:
        now = await bodies.get_body(slug=slug)
        return _body_values(now), now.revision

    return await save_form(
        request,
        _body_edit_view(body),
        fields=_body_fields(creating=False),
        schema=BodyUpdate,
        save=save,
        current=current,
    )


def _body_delete_view(body: BodyOut) -> DeleteView:
    return DeleteView(
        what=N_("the body %(name)s"),
        what_params={"name": body.name},
        named=body,
        named_field="name",
        action=f"/bodies/{body.slug}/delete",
        cancel=f"/bodies/{body.slug}",
        revision=body.revision,
        consequences=N_(
            "Its history, memberships and leadership terms are deleted with it. A body that has activities or "
            "events cannot be deleted: close it instead, and its record stays."
        ),
        alternative=(f"/bodies/{body.slug}/edit?status=closed", N_("Close the body instead")),
    )


@get("/bodies/{slug:str}/delete", include_in_schema=False, guards=[secretariat_only])
async def body_delete_form(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    return await confirm_delete(request, _body_delete_view(await found(request, bodies.get_body(slug=slug))))


@post("/bodies/{slug:str}/delete", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def body_delete(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    body = await found(request, bodies.get_body(slug=slug))

    async def remove(revision: int | None) -> None:
        await bodies.delete_body(slug=slug, revision=revision)

    return await delete(request, _body_delete_view(body), remove=remove, done="/bodies")


# ------------------------------------------------------------------ past names

HISTORY_FIELDS = [
    Field("name", N_("Former name"), required=True, maxlength=200),
    Field("kind", N_("Kind at the time"), kind="select", required=True, choices=KINDS),
    Field("valid_from", N_("Called so from (if known)"), kind="date"),
    Field("valid_until", N_("Called so until"), kind="date", required=True),
    Field("note", N_("Note"), kind="textarea", maxlength=20000),
]


def _history_view(body: BodyOut) -> FormView:
    return FormView(
        title=N_("Record a former name of %(name)s"),
        title_params={"name": body.name},
        action=f"/bodies/{body.slug}/history/new",
        cancel=f"/bodies/{body.slug}",
        submit=N_("Add"),
        intro=N_("For a name the body had before the earliest one recorded. To rename the body now, edit it."),
    )


@get("/bodies/{slug:str}/history/new", include_in_schema=False, guards=[secretariat_only])
async def history_new_form(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    body = await found(request, bodies.get_body(slug=slug))
    return await show_form(request, _history_view(body), FormState(fields=HISTORY_FIELDS, values={"kind": body.kind}))


@post("/bodies/{slug:str}/history/new", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def history_new(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    body = await found(request, bodies.get_body(slug=slug))

    async def save(data: BodyHistoryCreate) -> str:
        await bodies.add_history_entry(slug=slug, data=data)
        return f"/bodies/{slug}"

    return await save_form(request, _history_view(body), fields=HISTORY_FIELDS, schema=BodyHistoryCreate, save=save)


def _history_delete_view(body: BodyOut, entry_id: int) -> DeleteView:
    entry = next((item for item in body.history if item.id == entry_id), None)
    return DeleteView(
        what=N_("the former name %(name)s"),
        what_params={"name": entry.name if entry else str(entry_id)},
        action=f"/bodies/{body.slug}/history/{entry_id}/delete",
        cancel=f"/bodies/{body.slug}",
        revision=body.revision,
    )


@get("/bodies/{slug:str}/history/{entry_id:int}/delete", include_in_schema=False, guards=[secretariat_only])
async def history_delete_form(request: Request[Any, Any, Any], slug: SlugPath, entry_id: IdPath) -> Template:
    body = await found(request, bodies.get_body(slug=slug))
    return await confirm_delete(request, _history_delete_view(body, entry_id))


@post(
    "/bodies/{slug:str}/history/{entry_id:int}/delete",
    include_in_schema=False,
    guards=[secretariat_only],
    status_code=303,
)
async def history_delete(request: Request[Any, Any, Any], slug: SlugPath, entry_id: IdPath) -> Redirect | Template:
    body = await found(request, bodies.get_body(slug=slug))

    async def remove(_revision: int | None) -> None:
        await bodies.delete_history_entry(slug=slug, entry_id=entry_id)

    return await delete(request, _history_delete_view(body, entry_id), remove=remove, done=f"/bodies/{slug}")


# ------------------------------------------------------------------ memberships

MEMBERSHIP_DATES = [
    Field("start_date", N_("Member since (if known)"), kind="date"),
    Field("end_date", N_("Last day of membership"), kind="date", hint=N_("Leave empty while it goes on.")),
]
MEMBERSHIP_NEW_FIELDS = [
    Field("member", N_("Member"), required=True, datalist="members", hint=MEMBER_HINT),
    *MEMBERSHIP_DATES,
]


async def _picker_view(**kwargs: Any) -> FormView:
    return FormView(template="bodies/form.html", context={"member_options": await member_choices()}, **kwargs)


async def _membership_new_view(body: BodyOut) -> FormView:
    return await _picker_view(
        title=N_("Add a member to %(name)s"),
        title_params={"name": body.name},
        action=f"/bodies/{body.slug}/memberships/new",
        cancel=f"/bodies/{body.slug}",
        submit=N_("Add"),
    )


@get("/bodies/{slug:str}/memberships/new", include_in_schema=False, guards=[secretariat_only])
async def membership_new_form(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    body = await found(request, bodies.get_body(slug=slug))
    state = FormState(fields=MEMBERSHIP_NEW_FIELDS, values={"start_date": date.today().isoformat()})
    return await show_form(request, await _membership_new_view(body), state)


@post("/bodies/{slug:str}/memberships/new", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def membership_new(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    body = await found(request, bodies.get_body(slug=slug))

    async def save(data: MembershipCreate) -> str:
        await create_membership(data=data)
        return f"/bodies/{slug}"

    def read(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        values = forms.values_from(MEMBERSHIP_NEW_FIELDS, form)
        return values, {**forms.payload(MEMBERSHIP_NEW_FIELDS, values), "body": slug}

    return await save_form(
        request,
        await _membership_new_view(body),
        fields=MEMBERSHIP_NEW_FIELDS,
        schema=MembershipCreate,
        save=save,
        read=read,
    )


def _membership_values(membership: MembershipOut) -> dict[str, Any]:
    return {"start_date": text(membership.start_date), "end_date": text(membership.end_date)}


def _membership_edit_view(membership: MembershipOut) -> FormView:
    return FormView(
        title=N_("Membership of %(member)s in %(body)s"),
        title_params={"member": membership.member_name, "body": membership.body_name},
        action=f"/memberships/{membership.id}/edit",
        cancel=f"/bodies/{membership.body}",
        submit=N_("Save"),
        delete_url=f"/memberships/{membership.id}/delete",
        intro=N_("When a member leaves, give the last day of its membership rather than deleting it."),
    )


@get("/memberships/{membership_id:int}/edit", include_in_schema=False, guards=[secretariat_only])
async def membership_edit_form(request: Request[Any, Any, Any], membership_id: IdPath) -> Template:
    membership = await found(request, get_membership(membership_id=membership_id))
    state = FormState(fields=MEMBERSHIP_DATES, values=_membership_values(membership), revision=membership.revision)
    return await show_form(request, _membership_edit_view(membership), state)


@post("/memberships/{membership_id:int}/edit", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def membership_edit(request: Request[Any, Any, Any], membership_id: IdPath) -> Redirect | Template:
    membership = await found(request, get_membership(membership_id=membership_id))

    async def save(data: MembershipUpdate) -> str:
        await update_membership(membership_id=membership_id, data=data)
        return f"/bodies/{membership.body}"

    async def current() -> tuple[dict[str, Any], int]:
        now = await get_membership(membership_id=membership_id)
        return _membership_values(now), now.revision

    return await save_form(
        request,
        _membership_edit_view(membership),
        fields=MEMBERSHIP_DATES,
        schema=MembershipUpdate,
        save=save,
        current=current,
    )


def _membership_delete_view(membership: MembershipOut) -> DeleteView:
    return DeleteView(
        what=N_("the membership of %(member)s in %(body)s"),
        what_params={"member": membership.member_name, "body": membership.body_name},
        action=f"/memberships/{membership.id}/delete",
        cancel=f"/bodies/{membership.body}",
        revision=membership.revision,
        consequences=N_("Delete only a membership recorded by mistake; when a member leaves, give its last day."),
        alternative=(f"/memberships/{membership.id}/edit", N_("Give the last day instead")),
    )


@get("/memberships/{membership_id:int}/delete", include_in_schema=False, guards=[secretariat_only])
async def membership_delete_form(request: Request[Any, Any, Any], membership_id: IdPath) -> Template:
    membership = await found(request, get_membership(membership_id=membership_id))
    return await confirm_delete(request, _membership_delete_view(membership))


@post("/memberships/{membership_id:int}/delete", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def membership_delete(request: Request[Any, Any, Any], membership_id: IdPath) -> Redirect | Template:
    membership = await found(request, get_membership(membership_id=membership_id))

    async def remove(revision: int | None) -> None:
        await delete_membership(membership_id=membership_id, revision=revision)

    return await delete(request, _membership_delete_view(membership), remove=remove, done=f"/bodies/{membership.body}")


# ------------------------------------------------------------------ leadership terms

TERM_DATES = [
    Field("role", N_("Role"), kind="select", required=True, choices=ROLES),
    Field("start_date", N_("First day"), kind="date", required=True),
    Field("end_date", N_("Last day"), kind="date", hint=N_("Leave empty while the term goes on.")),
]
TERM_NEW_FIELDS = [
    Field("member", N_("Member"), required=True, datalist="members", hint=MEMBER_HINT),
    *TERM_DATES,
]


async def _term_new_view(body: BodyOut) -> FormView:
    return await _picker_view(
        title=N_("New leadership term in %(name)s"),
        title_params={"name": body.name},
        action=f"/bodies/{body.slug}/terms/new",
        cancel=f"/bodies/{body.slug}",
        submit=N_("Add"),
        intro=N_("Who speaks for the member in this role can be chosen once the term is recorded (Edit)."),
    )


@get("/bodies/{slug:str}/terms/new", include_in_schema=False, guards=[secretariat_only])
async def term_new_form(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    body = await found(request, bodies.get_body(slug=slug))
    state = FormState(fields=TERM_NEW_FIELDS, values={"role": "lead", "start_date": date.today().isoformat()})
    return await show_form(request, await _term_new_view(body), state)


@post("/bodies/{slug:str}/terms/new", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def term_new(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    body = await found(request, bodies.get_body(slug=slug))

    async def save(data: LeadershipTermCreate) -> str:
        await create_leadership_term(data=data)
        return f"/bodies/{slug}"

    def read(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        values = forms.values_from(TERM_NEW_FIELDS, form)
        return values, {**forms.payload(TERM_NEW_FIELDS, values), "body": slug}

    return await save_form(
        request, await _term_new_view(body), fields=TERM_NEW_FIELDS, schema=LeadershipTermCreate, save=save, read=read
    )


async def _term_fields(term: LeadershipTermOut) -> list[Field]:
    people = (await members.get_member(slug=term.member)).people
    person = Field(
        "person",
        N_("Who speaks for the member in this role"),
        kind="select",
        choices=[Choice(str(p.id), p.name + (f", {p.title}" if p.title else "")) for p in people],
        translate=False,
        empty_is_null=True,
    )
    return [*TERM_DATES, person]


def _term_values(term: LeadershipTermOut) -> dict[str, Any]:
    return {
        "role": term.role.value,
        "start_date": text(term.start_date),
        "end_date": text(term.end_date),
        "person": text(term.person),
    }


def _term_edit_view(term: LeadershipTermOut) -> FormView:
    return FormView(
        title=N_("Leadership term of %(member)s in %(body)s"),
        title_params={"member": term.member_name, "body": term.body_name},
        action=f"/leadership-terms/{term.id}/edit",
        cancel=f"/bodies/{term.body}",
        submit=N_("Save"),
        delete_url=f"/leadership-terms/{term.id}/delete",
        intro=N_("When a term ends, give its last day rather than deleting it."),
    )


@get("/leadership-terms/{term_id:int}/edit", include_in_schema=False, guards=[secretariat_only])
async def term_edit_form(request: Request[Any, Any, Any], term_id: IdPath) -> Template:
    term = await found(request, get_term(term_id=term_id))
    state = FormState(fields=await _term_fields(term), values=_term_values(term), revision=term.revision)
    return await show_form(request, _term_edit_view(term), state)


@post("/leadership-terms/{term_id:int}/edit", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def term_edit(request: Request[Any, Any, Any], term_id: IdPath) -> Redirect | Template:
    term = await found(request, get_term(term_id=term_id))

    async def save(data: LeadershipTermUpdate) -> str:
        await update_term(term_id=term_id, data=data)
        return f"/bodies/{term.body}"

    async def current() -> tuple[dict[str, Any], int]:
        now = await get_term(term_id=term_id)
        return _term_values(now), now.revision

    return await save_form(
        request,
        _term_edit_view(term),
        fields=await _term_fields(term),
        schema=LeadershipTermUpdate,
        save=save,
        current=current,
    )


def _term_delete_view(term: LeadershipTermOut) -> DeleteView:
    return DeleteView(
        what=N_("the leadership term of %(member)s in %(body)s"),
        what_params={"member": term.member_name, "body": term.body_name},
        action=f"/leadership-terms/{term.id}/delete",
        cancel=f"/bodies/{term.body}",
        revision=term.revision,
        consequences=N_("Delete only a term recorded by mistake; when a term ends, give its last day."),
        alternative=(f"/leadership-terms/{term.id}/edit", N_("Give the last day instead")),
    )


@get("/leadership-terms/{term_id:int}/delete", include_in_schema=False, guards=[secretariat_only])
async def term_delete_form(request: Request[Any, Any, Any], term_id: IdPath) -> Template:
    return await confirm_delete(request, _term_delete_view(await found(request, get_term(term_id=term_id))))


@post("/leadership-terms/{term_id:int}/delete", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def term_delete(request: Request[Any, Any, Any], term_id: IdPath) -> Redirect | Template:
    term = await found(request, get_term(term_id=term_id))

    async def remove(revision: int | None) -> None:
        await delete_term(term_id=term_id, revision=revision)

    return await delete(request, _term_delete_view(term), remove=remove, done=f"/bodies/{term.body}")
