"""The activity form: body and priority, planned period, actual dates, status and progress, deliverables,
partner organisations and participating members; deletion. And the partner organisations: their list and
their forms.

Who may: the secretariat and the leads of the activity's body (``accounts.rules.can_edit_body``), as in the
API; partner organisations are anyone's to read and the secretariat's to change (``accounts.rules.is_secretariat``).
Deliverables and participants are rows (the written ones, then blank ones: saving with more blank rows
filled adds more); a participant is chosen by typing the member's name in a field with a ``<datalist>`` of
every member, usable with a thousand members and without JavaScript.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.params import FromQuery, QueryParameter
from litestar.response import Redirect, Template

from coordination.accounts import rules
from coordination.accounts.guards import Forbidden, principal_of, require, secretariat_may, secretariat_only, signed_in
from coordination.activities import services as activities
from coordination.activities.enums import ACTIVITY_STATUS_LABELS, DatePrecision
from coordination.activities.partners import list_partners
from coordination.activities.schemas import (
    ActivityCreate,
    ActivityOut,
    ActivityUpdate,
    PartnerCreate,
    PartnerOut,
    PartnerUpdate,
)
from coordination.bodies import services as bodies
from coordination.core import forms
from coordination.core.form_pages import DeleteView, FormView, confirm_delete, delete, save_form, show_form
from coordination.core.forms import Choice, Field, FormState, text
from coordination.core.i18n import N_
from coordination.core.pages import found, list_url, offset_param, page, page_language
from coordination.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from coordination.core.params import IdPath, SlugPath
from coordination.members import services as members
from coordination.network import services as network

__all__ = [
    "activity_delete",
    "activity_delete_form",
    "activity_edit",
    "activity_edit_form",
    "activity_new",
    "activity_new_form",
    "partner_delete",
    "partner_delete_form",
    "partner_edit",
    "partner_edit_form",
    "partner_list",
    "partner_new",
    "partner_new_form",
]

PRECISION_LABELS = {
    DatePrecision.day: N_("Days"),
    DatePrecision.month: N_("Months"),
    DatePrecision.quarter: N_("Quarters"),
    DatePrecision.year: N_("Years"),
    DatePrecision.end_of_year: N_("The end of a year"),
}
BLANK_DELIVERABLES = 2
BLANK_PARTICIPANTS = 3
DELIVERABLE_PARTS = ("title", "url", "delivered_on", "description")
NOT_YOUR_BODY = N_("not your body's activity")


async def _fields(request: Request[Any, Any, Any]) -> list[Field]:
    principal = principal_of(request)
    summaries = await bodies.all_body_summaries()
    allowed = sorted(
        (body for body_id, body in summaries.items() if rules.can_edit_body(principal, body_id=body_id)),
        key=lambda body: body.name.casefold(),
    )
    priorities = await network.list_priorities()
    partners = (await list_partners(limit=MAX_LIMIT)).items
    fields = [
        Field("title", N_("Title"), required=True, maxlength=200),
        Field(
            "body",
            N_("Body"),
            kind="select",
            required=True,
            choices=[Choice(body.slug, body.name) for body in allowed],
            translate=False,
        ),
        Field(
            "priority",
            N_("Strategic priority"),
            kind="select",
            required=True,
            choices=[Choice(p.code, f"{p.code} — {p.title.get('en', '')}") for p in priorities],
            translate=False,
        ),
        Field("description", N_("Description"), kind="textarea", maxlength=20000),
        Field(
            "planned_precision",
            N_("Planned in"),
            kind="select",
            choices=[Choice(k.value, v) for k, v in PRECISION_LABELS.items()],
            hint=N_("Leave empty if it is not planned yet."),
        ),
        Field(
            "planned_start",
            N_("Planned from"),
            kind="date",
            hint=N_("The first day of the first day, month, quarter or year."),
        ),
        Field("planned_end", N_("Planned until"), kind="date", hint=N_("The last day; empty: the same unit.")),
        Field("actual_start", N_("Actually started on"), kind="date"),
        Field("actual_end", N_("Actually finished on"), kind="date"),
        Field(
            "status",
            N_("Status"),
            kind="select",
            required=True,
            choices=[Choice(k.value, v) for k, v in ACTIVITY_STATUS_LABELS.items()],
        ),
        Field("progress_percent", N_("Progress, in percent (0 to 100)"), kind="number", required=True),
        Field(
            "partners",
            N_("Partner organisations"),
            kind="choices",
            choices=[Choice(p.slug, p.name) for p in partners],
            translate=False,
        ),
    ]
    return forms.translatable(fields, activities.TRANSLATABLE)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _rows(form: Any, pattern: str) -> list[int]:
    return sorted({int(m.group(1)) for key in form for m in [re.match(pattern, key)] if m})


def _read(fields: list[Field], form: Any, written: dict[str, list[int]]) -> tuple[dict[str, Any], dict[str, Any]]:
    values = forms.values_from(fields, form)
    values["deliverables"] = [
        {part: _text(form.get(f"deliverable-{i}-{part}")) for part in DELIVERABLE_PARTS}
        for i in _rows(form, r"^deliverable-(\d+)-title$")
    ]
    values["participants"] = [_text(form.get(f"participant-{i}")) for i in _rows(form, r"^participant-(\d+)$")]
    data = forms.payload([f for f in fields if not f.name.startswith("planned_")], values)
    precision, start, end = (
        values.get("planned_precision", ""),
        values.get("planned_start", "").strip(),
        values.get("planned_end", "").strip(),
    )
    data["planned"] = (
        {"precision": precision or None, "start": start or None, "end": end or None}
        if precision or start or end
        else None
    )
    written["deliverables"] = [
        i for i, row in enumerate(values["deliverables"]) if any(v.strip() for v in row.values())
    ]
    data["deliverables"] = [
        {
            "title": row["title"].strip(),
            "url": row["url"].strip(),
            "delivered_on": row["delivered_on"].strip() or None,
            "description": row["description"].strip(),
        }
        for i, row in enumerate(values["deliverables"])
        if i in written["deliverables"]
    ]
    data["participants"] = [slug.strip() for slug in values["participants"] if slug.strip()]
    return _with_blank_rows(values), data


def _with_blank_rows(values: dict[str, Any]) -> dict[str, Any]:
    deliverables = [row for row in values.get("deliverables", []) if any(str(v).strip() for v in row.values())]
    deliverables += [dict.fromkeys(DELIVERABLE_PARTS, "") for _ in range(BLANK_DELIVERABLES)]
    participants = [slug for slug in values.get("participants", []) if slug.strip()] + [""] * BLANK_PARTICIPANTS
    return {**values, "deliverables": deliverables, "participants": participants}


def _renamer(written: dict[str, list[int]]) -> Any:
    def rename(path: str) -> str:
        if path.startswith("planned."):
            return "planned_" + path.split(".", 1)[1].split(".")[0]
        if path == "planned":
            return "planned_precision"
        match = re.match(r"^deliverables\[(\d+)\]\.?(\w*)", path)
        if match:
            rows = written.get("deliverables", [])
            position = int(match.group(1))
            return f"deliverable-{rows[position]}-{match.group(2) or 'title'}" if position < len(rows) else ""
        if path.startswith("participants"):
            return "participants"
        return path

    return rename


def _values(activity: ActivityOut) -> dict[str, Any]:
    return {
        "title": activity.title,
        "body": activity.body.slug,
        "priority": activity.priority.code,
        "description": activity.description,
        "planned_precision": activity.planned.precision.value if activity.planned else "",
        "planned_start": text(activity.planned.start if activity.planned else None),
        "planned_end": text(activity.planned.end if activity.planned else None),
        "actual_start": text(activity.actual_start),
        "actual_end": text(activity.actual_end),
        "status": activity.status.value,
        "progress_percent": str(activity.progress_percent),
        "partners": [partner.slug for partner in activity.partners],
        "deliverables": [
            {
                "title": item.title,
                "url": item.url,
                "delivered_on": text(item.delivered_on),
                "description": item.description,
            }
            for item in activity.deliverables
        ],
        "participants": [member.slug for member in activity.participants],
        **forms.translation_values(activity, activities.TRANSLATABLE),
    }


async def _view(request: Request[Any, Any, Any], **kwargs: Any) -> FormView:
    listed = (await members.list_members(limit=1_000_000)).items
    return FormView(
        template="activities/form.html",
        context={
            "member_options": [(member.slug, member.name) for member in listed],
            # Only the secretariat may add a partner organisation (as in the API): others get no link to a 403.
            "may_add_partner": secretariat_may(request),
        },
        **kwargs,
    )


async def _save(
    request: Request[Any, Any, Any],
    view: FormView,
    fields: list[Field],
    schema: type[Any],
    save: Any,
    current: Any = None,
) -> Redirect | Template:
    written: dict[str, list[int]] = {}
    extra = [f"deliverable-{i}-{part}" for i in range(110) for part in DELIVERABLE_PARTS]
    return await save_form(
        request,
        view,
        fields=fields,
        schema=schema,
        save=save,
        current=current,
        read=lambda form: _read(fields, form, written),
        rename=_renamer(written),
        extra_names=[*extra, "participants"],
    )


async def _require_body(request: Request[Any, Any, Any], body_slug: str) -> None:
    body_id = await found(request, bodies.body_id(slug=body_slug))
    require(rules.can_edit_body(principal_of(request), body_id=body_id), detail=NOT_YOUR_BODY)


# ------------------------------------------------------------------ new


async def _new_view(request: Request[Any, Any, Any], body_slug: str | None) -> FormView:
    return await _view(
        request,
        title=N_("New activity"),
        action=f"/activities/new?body={body_slug}" if body_slug else "/activities/new",
        cancel=f"/bodies/{body_slug}" if body_slug else "/bodies",
        submit=N_("Create"),
    )


@get("/activities/new", include_in_schema=False, guards=[signed_in])
async def activity_new_form(
    request: Request[Any, Any, Any], body_slug: Annotated[str | None, QueryParameter(name="body")] = None
) -> Template:
    fields = await _fields(request)
    choices = fields[1].choices
    if not choices:
        raise Forbidden(NOT_YOUR_BODY)
    chosen = body_slug if any(choice.value == body_slug for choice in choices) else choices[0].value
    values = _with_blank_rows(
        {"body": chosen, "status": "planned", "progress_percent": "0", "language": page_language(request)}
    )
    return await show_form(request, await _new_view(request, chosen), FormState(fields=fields, values=values))


@post("/activities/new", include_in_schema=False, guards=[signed_in], status_code=303)
async def activity_new(
    request: Request[Any, Any, Any], body_slug: Annotated[str | None, QueryParameter(name="body")] = None
) -> Redirect | Template:
    fields = await _fields(request)

    async def save(data: ActivityCreate) -> str:
        await _require_body(request, data.body)
        return f"/activities/{(await activities.create_activity(data=data)).id}"

    return await _save(request, await _new_view(request, body_slug), fields, ActivityCreate, save)


# ------------------------------------------------------------------ edit


async def _activity_for_editor(request: Request[Any, Any, Any], activity_id: int) -> ActivityOut:
    activity = await found(request, activities.get_activity(activity_id=activity_id))
    await _require_body(request, activity.body.slug)
    return activity


async def _edit_view(request: Request[Any, Any, Any], activity: ActivityOut) -> FormView:
    return await _view(
        request,
        title=N_("Edit %(name)s"),
        title_params={"name": activity.title},
        action=f"/activities/{activity.id}/edit",
        cancel=f"/activities/{activity.id}",
        submit=N_("Save"),
        delete_url=f"/activities/{activity.id}/delete",
    )


@get("/activities/{activity_id:int}/edit", include_in_schema=False, guards=[signed_in])
async def activity_edit_form(request: Request[Any, Any, Any], activity_id: IdPath) -> Template:
    activity = await _activity_for_editor(request, activity_id)
    state = FormState(
        fields=await _fields(request), values=_with_blank_rows(_values(activity)), revision=activity.revision
    )
    return await show_form(request, await _edit_view(request, activity), state)


@post("/activities/{activity_id:int}/edit", include_in_schema=False, guards=[signed_in], status_code=303)
async def activity_edit(request: Request[Any, Any, Any], activity_id: IdPath) -> Redirect | Template:
    activity = await _activity_for_editor(request, activity_id)

    async def save(data: ActivityUpdate) -> str:
        if isinstance(data.body, str) and data.body != activity.body.slug:
            await _require_body(request, data.body)
        await activities.update_activity(activity_id=activity_id, data=data)
        return f"/activities/{activity_id}"

    async def current() -> tuple[dict[str, Any], int]:
        now = await activities.get_activity(activity_id=activity_id)
        return _values(now), now.revision

    view = await _edit_view(request, activity)
    return await _save(request, view, await _fields(request), ActivityUpdate, save, current)


# ------------------------------------------------------------------ delete


def _delete_view(activity: ActivityOut) -> DeleteView:
    return DeleteView(
        what=N_("the activity %(name)s"),
        what_params={"name": activity.title},
        named=activity,
        named_field="title",
        action=f"/activities/{activity.id}/delete",
        cancel=f"/activities/{activity.id}",
        revision=activity.revision,
        consequences=N_(
            "If the activity was called off, set its status to Cancelled instead: its record stays in the reports."
        ),
        alternative=(f"/activities/{activity.id}/edit", N_("Edit the activity instead")),
    )


@get("/activities/{activity_id:int}/delete", include_in_schema=False, guards=[signed_in])
async def activity_delete_form(request: Request[Any, Any, Any], activity_id: IdPath) -> Template:
    return await confirm_delete(request, _delete_view(await _activity_for_editor(request, activity_id)))


@post("/activities/{activity_id:int}/delete", include_in_schema=False, guards=[signed_in], status_code=303)
async def activity_delete(request: Request[Any, Any, Any], activity_id: IdPath) -> Redirect | Template:
    activity = await _activity_for_editor(request, activity_id)

    async def remove(revision: int | None) -> None:
        await activities.delete_activity(activity_id=activity_id, revision=revision)

    return await delete(request, _delete_view(activity), remove=remove, done=f"/bodies/{activity.body.slug}")


# ------------------------------------------------------------------ partner organisations

PARTNER_FIELDS = [
    Field("name", N_("Name"), required=True, maxlength=200),
    Field(
        "website",
        N_("Website"),
        kind="url",
        maxlength=500,
        hint=N_("An http:// or https:// address; leave empty for none."),
    ),
]
NEW_PARTNER_FIELDS = [
    Field(
        "slug",
        N_("Short name in addresses"),
        required=True,
        maxlength=100,
        hint=N_("Lower-case letters, digits and hyphens, used in addresses: it cannot be changed later."),
    ),
    *PARTNER_FIELDS,
]


@get("/partners", include_in_schema=False)
async def partner_list(
    request: Request[Any, Any, Any], q: FromQuery[str | None] = None, offset: FromQuery[str | None] = None
) -> Template:
    """Every partner organisation by name, searchable by part of it, as the API lists them to anyone."""
    search = (q or "").strip()[:200] or None
    start = offset_param(offset)
    listed = await list_partners(search=search, limit=DEFAULT_LIMIT, offset=start, language=page_language(request))
    following = start + DEFAULT_LIMIT
    return await page(
        request,
        "activities/partners.html",
        partners=listed.items,
        total=listed.total,
        search=search or "",
        may_change=secretariat_may(request),
        previous_url=list_url("/partners", max(0, start - DEFAULT_LIMIT), q=search) if start else None,
        next_url=list_url("/partners", following, q=search) if following < listed.total else None,
    )


def _partner_values(partner: PartnerOut) -> dict[str, Any]:
    return {"name": partner.name, "website": partner.website}


def _back_to(next_url: str | None) -> str | None:
    """Where to go after creating a partner: the activity form that linked here, never another site."""
    if next_url and next_url.startswith("/activities/") and "//" not in next_url and "\\" not in next_url:
        return next_url
    return None


def _new_partner_view(back: str | None) -> FormView:
    return FormView(
        title=N_("New partner organisation"),
        action=f"/partners/new?{urlencode({'next': back})}" if back else "/partners/new",
        cancel=back or "/partners",
        submit=N_("Create"),
    )


@get("/partners/new", include_in_schema=False, guards=[secretariat_only])
async def partner_new_form(
    request: Request[Any, Any, Any], next_url: Annotated[str | None, QueryParameter(name="next")] = None
) -> Template:
    view = _new_partner_view(_back_to(next_url))
    return await show_form(request, view, FormState(fields=NEW_PARTNER_FIELDS, values={}))


@post("/partners/new", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def partner_new(
    request: Request[Any, Any, Any], next_url: Annotated[str | None, QueryParameter(name="next")] = None
) -> Redirect | Template:
    back = _back_to(next_url)

    async def save(data: PartnerCreate) -> str:
        await activities.create_partner(data=data)
        return back or "/partners"

    return await save_form(request, _new_partner_view(back), fields=NEW_PARTNER_FIELDS, schema=PartnerCreate, save=save)


def _partner_edit_view(partner: PartnerOut) -> FormView:
    return FormView(
        title=N_("Edit %(name)s"),
        title_params={"name": partner.name},
        action=f"/partners/{partner.slug}/edit",
        cancel="/partners",
        submit=N_("Save"),
        delete_url=f"/partners/{partner.slug}/delete",
    )


@get("/partners/{slug:str}/edit", include_in_schema=False, guards=[secretariat_only])
async def partner_edit_form(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    partner = await found(request, activities.get_partner(slug=slug))
    state = FormState(fields=PARTNER_FIELDS, values=_partner_values(partner), revision=partner.revision)
    return await show_form(request, _partner_edit_view(partner), state)


@post("/partners/{slug:str}/edit", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def partner_edit(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    partner = await found(request, activities.get_partner(slug=slug))

    async def save(data: PartnerUpdate) -> str:
        await activities.update_partner(slug=slug, data=data)
        return "/partners"

    async def current() -> tuple[dict[str, Any], int]:
        now = await activities.get_partner(slug=slug)
        return _partner_values(now), now.revision

    return await save_form(
        request, _partner_edit_view(partner), fields=PARTNER_FIELDS, schema=PartnerUpdate, save=save, current=current
    )


def _partner_delete_view(partner: PartnerOut) -> DeleteView:
    return DeleteView(
        what=N_("the partner organisation %(name)s"),
        what_params={"name": partner.name},
        action=f"/partners/{partner.slug}/delete",
        cancel="/partners",
        revision=partner.revision,
        consequences=N_(
            "A partner organisation that activities name cannot be deleted: remove it from those activities first."
        ),
        alternative=(f"/partners/{partner.slug}/edit", N_("Edit the partner organisation instead")),
    )


@get("/partners/{slug:str}/delete", include_in_schema=False, guards=[secretariat_only])
async def partner_delete_form(request: Request[Any, Any, Any], slug: SlugPath) -> Template:
    return await confirm_delete(request, _partner_delete_view(await found(request, activities.get_partner(slug=slug))))


@post("/partners/{slug:str}/delete", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def partner_delete(request: Request[Any, Any, Any], slug: SlugPath) -> Redirect | Template:
    partner = await found(request, activities.get_partner(slug=slug))

    async def remove(revision: int | None) -> None:
        await activities.delete_partner(slug=slug, revision=revision)

    return await delete(request, _partner_delete_view(partner), remove=remove, done="/partners")
