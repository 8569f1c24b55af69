"""The reporting pages: what I owe, periods, the report form with autosave, review, versions, completeness.

Guards stay thin: ``signed_in`` sends the public to sign in; every rule is a call to ``rules`` wrapped in
``require`` (403 page). Every form carries the CSRF token; the autosave sends it as ``X-CSRF-Token``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from importlib import resources
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, QueryParameter
from litestar.response import File, Redirect, Template

from coordination.accounts.guards import SignInRequired, principal_of, require, secretariat_only, signed_in
from coordination.activities.enums import ActivityStatus
from coordination.core import forms as core_forms
from coordination.core import i18n
from coordination.core.errors import ServiceError
from coordination.core.i18n import N_
from coordination.core.pages import found, page, page_language
from coordination.core.pagination import MAX_LIMIT
from coordination.members import services as members
from coordination.reporting import forms, rules
from coordination.reporting import services as reporting
from coordination.reporting.enums import (
    AWAITING_REVIEW_STATES,
    EDITABLE_STATES,
    PeriodKind,
    ReportAction,
    SlotState,
)
from coordination.reporting.routes import attachment_response, export_response
from coordination.reporting.schemas import PeriodCreate, PeriodUpdate, SlotAdd, SlotOut, SlotUpdate

AUTOSAVE_MESSAGES = {
    "unsaved": N_("Changes not saved yet…"),
    "saving": N_("Saving…"),
    "saved": N_("Saved at %(time)s."),
    "offline": N_(
        "Not saved: no connection. Your text is kept on this device and will be sent when the connection returns."
    ),
    "restored": N_("Text you had not sent from this device was put back; it is being saved."),
    "conflict": N_(
        "Someone else saved this report meanwhile. Your changes are kept on this device but were not saved: "
        "reload the page to see their version, or save again to replace it with yours."
    ),
    "invalid": N_("Not saved: some fields need correcting (see below, or save the form to see them all)."),
    "older": N_("This device kept text you had not sent, from an older version of the report."),
    "put_back": N_("Put my unsent text back"),
}


def _data_dir(request: Request[Any, Any, Any]) -> Any:
    return request.app.state.settings.data_dir


async def _form(request: Request[Any, Any, Any]) -> Any:
    return await request.form()


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return "application/json" in (request.headers.get("accept") or "")


async def _slot_for(request: Request[Any, Any, Any], slot_id: int) -> tuple[SlotOut, rules.Owner]:
    """The slot (404 page when there is none), once the asker may read its report (403 page otherwise)."""
    owner = await found(request, reporting.slot_owner(slot_id=slot_id))
    require(rules.can_read_report(principal_of(request), owner), detail=N_("not your body's or member's report"))
    return await reporting.get_slot(slot_id=slot_id), owner


# ------------------------------------------------------------------ the hub


@get("/reporting", include_in_schema=False, guards=[signed_in])
async def reporting_home(request: Request[Any, Any, Any]) -> Template:
    """What I owe (reporters), and for the secretariat: periods, reports awaiting review, overdue slots."""
    principal = principal_of(request)
    scope = rules.reading_scope(principal)
    context: dict[str, Any] = {
        "owed": await reporting.owed_by(scope=scope) if not principal.is_secretariat else [],
        "awaiting": await reporting.awaiting_review() if principal.is_secretariat else [],
        "overdue": await reporting.overdue_slots() if principal.is_secretariat else [],
        "periods": (await reporting.list_periods(limit=MAX_LIMIT)).items,
        "can_manage": rules.can_manage_periods(principal),
    }
    return await page(request, "reporting/home.html", **context)


# ------------------------------------------------------------------ periods


async def _period_form_page(
    request: Request[Any, Any, Any], *, status_code: int = 200, values: dict[str, Any], errors: dict[str, str]
) -> Template:
    return await page(
        request,
        "reporting/period_form.html",
        status_code=status_code,
        values=values,
        errors=errors,
        kinds=list(PeriodKind),
        members=(await members.list_members(limit=MAX_LIMIT)).items,
    )


@get("/reporting/periods/new", include_in_schema=False, guards=[secretariat_only])
async def period_new(request: Request[Any, Any, Any]) -> Template:
    year = date.today().year
    values = {
        "kind": "year",
        "year": str(year),
        "due_date": f"{year + 1}-03-31",
        "grace_days": "14",
        "include_bodies": "on",
    }
    return await _period_form_page(request, values=values, errors={})


def _field_errors(request: Request[Any, Any, Any], exc: ServiceError) -> dict[str, str]:
    """The refusal's messages in the page's language, by the field they name ("" for the form as a whole)."""
    language = page_language(request)
    found: dict[str, str] = {}
    for error in exc.errors:
        found.setdefault(error.field.split(".")[0].split("[")[0], error.message_in(language))
    return found or {"": exc.message_in(language)}


def _convert(payload: dict[str, Any], schema: type[Any]) -> Any:
    try:
        return msgspec.convert(payload, schema, strict=False)
    except msgspec.ValidationError as exc:
        raise core_forms.every_refusal(payload, schema, exc) from exc


@post("/reporting/periods", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def period_create(request: Request[Any, Any, Any]) -> Redirect | Template:
    form = await _form(request)
    values = {key: form.get(key, "") for key in form}
    values["members"] = (
        [value for value in form.getall("members") if isinstance(value, str)] if "members" in form else []
    )
    kind = values.get("kind", "")
    payload: dict[str, Any] = {
        "kind": kind,
        "due_date": values.get("due_date") or None,
        "grace_days": values.get("grace_days") or 0,
        "include_bodies": bool(values.get("include_bodies")),
        "members": values["members"],
        "name": values.get("name", ""),
    }
    if kind in ("year", "half", "quarter"):
        payload["year"] = values.get("year") or None
    if kind in ("half", "quarter"):
        payload["number"] = values.get("number") or None
    if kind == "custom":
        payload["start_date"] = values.get("start_date") or None
        payload["end_date"] = values.get("end_date") or None
    try:
        created = await reporting.create_period(data=_convert(payload, PeriodCreate))
    except ServiceError as exc:
        return await _period_form_page(
            request, status_code=exc.status_code, values=values, errors=_field_errors(request, exc)
        )
    return Redirect(path=f"/reporting/periods/{created.slug}", status_code=303)


async def _period_page(
    request: Request[Any, Any, Any], slug: str, *, status_code: int = 200, errors: dict[str, str] | None = None
) -> Template:
    principal = principal_of(request)
    require(rules.can_read_periods(principal))
    period = await found(request, reporting.get_period(slug=slug))
    slots = (await reporting.list_slots(scope=rules.reading_scope(principal), period=slug, limit=10_000)).items
    manage = rules.can_manage_periods(principal)
    context: dict[str, Any] = {"period": period, "slots": slots, "can_manage": manage, "errors": errors or {}}
    if manage:
        context["rates"] = (await reporting.completeness(period_slugs=[slug])).rates[0]
        taken = {slot.reporter.slug for slot in slots}
        context["addable_members"] = [
            m for m in (await members.list_members(limit=MAX_LIMIT)).items if m.slug not in taken
        ]
    return await page(request, "reporting/period.html", status_code=status_code, **context)


@get("/reporting/periods/{slug:str}", include_in_schema=False, guards=[signed_in])
async def period_detail(request: Request[Any, Any, Any], slug: FromPath[str]) -> Template:
    return await _period_page(request, slug)


@post("/reporting/periods/{slug:str}", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def period_update(request: Request[Any, Any, Any], slug: FromPath[str]) -> Redirect | Template:
    form = await _form(request)
    payload = {
        "revision": form.get("revision") or 0,
        "due_date": form.get("due_date") or None,
        "grace_days": form.get("grace_days") or 0,
        "reason": form.get("reason", ""),
    }
    try:
        await reporting.update_period(slug=slug, data=_convert(payload, PeriodUpdate))
    except ServiceError as exc:
        return await _period_page(request, slug, status_code=exc.status_code, errors=_field_errors(request, exc))
    return Redirect(path=f"/reporting/periods/{slug}", status_code=303)


@post("/reporting/periods/{slug:str}/slots", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def period_add_slot(request: Request[Any, Any, Any], slug: FromPath[str]) -> Redirect | Template:
    form = await _form(request)
    try:
        await reporting.add_slot(period_slug=slug, data=_convert({"member": form.get("member") or None}, SlotAdd))
    except ServiceError as exc:
        return await _period_page(request, slug, status_code=exc.status_code, errors=_field_errors(request, exc))
    return Redirect(path=f"/reporting/periods/{slug}", status_code=303)


# ------------------------------------------------------------------ the report


async def _report_page(
    request: Request[Any, Any, Any],
    slot: SlotOut,
    owner: rules.Owner,
    *,
    status_code: int = 200,
    form: forms.ReportForm | None = None,
    notice: str | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    principal = principal_of(request)
    language = page_language(request)
    report = await reporting.get_report(slot_id=slot.id, language=language)
    writable = rules.can_write_report(principal, owner) and slot.state in EDITABLE_STATES
    reportable = await reporting.reporter_activities(slot) if writable else []
    if writable and form is None:
        form = forms.from_content(report.content, revision=report.revision, reportable=reportable)
    reviewer = rules.can_review(principal)
    messages = {key: i18n.gettext(language, text) for key, text in AUTOSAVE_MESSAGES.items()}
    return await page(
        request,
        "reporting/report.html",
        status_code=status_code,
        slot=slot,
        report=report,
        form=form if writable else None,
        statuses=list(ActivityStatus),
        can_submit=rules.can_write_report(principal, owner) and slot.state in (SlotState.draft, SlotState.returned),
        can_review=reviewer,
        awaiting_review=slot.state in AWAITING_REVIEW_STATES,
        can_manage=rules.can_manage_periods(principal),
        transitions=await reporting.list_transitions(slot_id=slot.id),
        reminders=await reporting.list_reminders(slot_id=slot.id) if rules.can_manage_periods(principal) else [],
        can_chase=rules.can_manage_periods(principal) and slot.state in EDITABLE_STATES,
        versions=await reporting.list_versions(slot_id=slot.id),
        attachments=await reporting.list_attachments(slot_id=slot.id),
        accepted=", ".join(f".{extension}" for extension in reporting.accepted_extensions()),
        autosave_messages=msgspec.json.encode(messages).decode(),
        notice=notice,
        errors=errors or (form.errors if form else {}),
    )


NOTICES = {
    "saved": N_("Your report is saved."),
    "submitted": N_("Your report is submitted. The secretariat will review it."),
    "returned": N_("The report is returned to its reporter with your reason."),
    "approved": N_("The report is approved. Its statuses and percentages now show on the activities."),
    "reopened": N_("The report is reopened: its reporter can change it and submit it again."),
    "attached": N_("The file is attached."),
    "removed": N_("The file is removed from the report."),
    "updated": N_("The slot is updated."),
    "chased": N_("A reminder is on its way to the people who owe this report."),
}


@get("/reporting/slots/{slot_id:int}", include_in_schema=False, guards=[signed_in])
async def report_page(
    request: Request[Any, Any, Any], slot_id: FromPath[int], done: FromQuery[str | None] = None
) -> Template:
    slot, owner = await _slot_for(request, slot_id)
    return await _report_page(request, slot, owner, notice=NOTICES.get(done or ""))


def _json_errors(status: int, exc: ServiceError, fields: dict[str, str]) -> Response[Any]:
    return Response(
        {
            "status_code": status,
            "detail": exc.detail,
            "errors": [{"field": k, "message": v} for k, v in fields.items()],
        },
        status_code=status,
    )


@post("/reporting/slots/{slot_id:int}", include_in_schema=False, guards=[signed_in], status_code=303)
async def report_save(request: Request[Any, Any, Any], slot_id: FromPath[int]) -> Any:
    """Save the form (and, with ``then=submit``, submit it); the page's autosave posts here too, asking JSON."""
    slot, owner = await _slot_for(request, slot_id)
    require(rules.can_write_report(principal_of(request), owner), detail=N_("not your body's or member's report"))
    fields = await _form(request)
    reportable = await reporting.reporter_activities(slot)
    parsed, payload = forms.from_fields(fields, reportable=reportable)
    wants_json = _wants_json(request)
    try:
        data = forms.validate(parsed, payload)
        saved = await reporting.save_report(slot_id=slot_id, data=data)
    except reporting.StaleReport as exc:
        if wants_json:
            current = exc.current
            return Response(
                {
                    "status_code": 409,
                    "detail": exc.detail,
                    "current_revision": current.revision,
                    "current_updated_at": current.updated_at.isoformat() if current.updated_at else None,
                },
                status_code=409,
            )
        # The person's text is shown back, based on the current revision: saving again replaces the other
        # person's version with theirs, knowingly.
        parsed.revision = exc.current.revision
        parsed.errors = {"": i18n.gettext(page_language(request), AUTOSAVE_MESSAGES["conflict"])}
        return await _report_page(
            request, await reporting.get_slot(slot_id=slot_id), owner, status_code=409, form=parsed
        )
    except ServiceError as exc:
        field_errors = forms.errors_for(parsed, exc, page_language(request))
        if wants_json:
            return _json_errors(exc.status_code, exc, field_errors)
        parsed.errors = field_errors
        return await _report_page(request, slot, owner, status_code=exc.status_code, form=parsed)
    if wants_json:
        return Response(
            {"revision": saved.revision, "state": saved.state.value, "saved_at": datetime.now(UTC).isoformat()},
            status_code=200,
        )
    if fields.get("then") == "submit":
        try:
            await reporting.transition(slot_id=slot_id, action=ReportAction.submit)
        except ServiceError as exc:
            return await _report_page(
                request,
                await reporting.get_slot(slot_id=slot_id),
                owner,
                status_code=exc.status_code,
                errors={"": exc.message_in(page_language(request))},
            )
        return Redirect(path=f"/reporting/slots/{slot_id}?done=submitted", status_code=303)
    return Redirect(path=f"/reporting/slots/{slot_id}?done=saved", status_code=303)


ACTION_DONE = {
    ReportAction.submit: "submitted",
    ReportAction.return_: "returned",
    ReportAction.approve: "approved",
    ReportAction.reopen: "reopened",
}


@post("/reporting/slots/{slot_id:int}/transitions", include_in_schema=False, guards=[signed_in], status_code=303)
async def report_transition(request: Request[Any, Any, Any], slot_id: FromPath[int]) -> Redirect | Template:
    slot, owner = await _slot_for(request, slot_id)
    form = await _form(request)
    try:
        action = ReportAction(str(form.get("action", "")))
    except ValueError:
        action = None
    principal = principal_of(request)
    if action is ReportAction.submit:
        require(rules.can_write_report(principal, owner))
    else:
        require(rules.can_review(principal), detail=N_("only the secretariat reviews reports"))
    reason = str(form.get("reason", ""))[:2000]
    revision_text = str(form.get("revision", ""))
    back = str(form.get("back", "")) == "review"
    try:
        if action not in ACTION_DONE:
            raise ServiceError(N_("choose what to do with the report"), field="action")
        await reporting.transition(
            slot_id=slot_id,
            action=action,
            reason=reason,
            revision=int(revision_text) if revision_text.isdigit() else None,
        )
    except ServiceError as exc:
        if back:
            return await _review_page(
                request, slot, status_code=exc.status_code, errors=_field_errors(request, exc), reason=reason
            )
        return await _report_page(request, slot, owner, status_code=exc.status_code, errors=_field_errors(request, exc))
    assert action is not None
    return Redirect(path=f"/reporting/slots/{slot_id}?done={ACTION_DONE[action]}", status_code=303)


@post("/reporting/slots/{slot_id:int}/settings", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def slot_settings(request: Request[Any, Any, Any], slot_id: FromPath[int]) -> Redirect | Template:
    """The secretariat extends a slot's due date, or exempts it, or makes it expected again, with a reason."""
    slot, owner = await _slot_for(request, slot_id)
    form = await _form(request)
    payload: dict[str, Any] = {"revision": form.get("revision") or 0, "reason": form.get("reason", "")}
    if form.get("due_date"):
        payload["due_date"] = form.get("due_date")
    if form.get("exempt") in ("yes", "no"):
        payload["exempt"] = form.get("exempt") == "yes"
    try:
        await reporting.update_slot(slot_id=slot_id, data=_convert(payload, SlotUpdate))
    except ServiceError as exc:
        return await _report_page(request, slot, owner, status_code=exc.status_code, errors=_field_errors(request, exc))
    return Redirect(path=f"/reporting/slots/{slot_id}?done=updated", status_code=303)


@post("/reporting/slots/{slot_id:int}/chase", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def slot_chase(request: Request[Any, Any, Any], slot_id: FromPath[int]) -> Redirect | Template:
    """The secretariat reminds the people who owe a report now ("chase"), recorded beside the scheduled ones."""
    slot, owner = await _slot_for(request, slot_id)
    form = await _form(request)
    try:
        await reporting.chase(request.app.state.settings, slot_id=slot_id)
    except ServiceError as exc:
        return await _report_page(request, slot, owner, status_code=exc.status_code, errors=_field_errors(request, exc))
    if form.get("back") == "completeness":
        year = form.get("year") or ""
        query = f"?year={year}&chased={slot_id}" if year.isdigit() else f"?chased={slot_id}"
        return Redirect(path=f"/reporting/completeness{query}#slot-{slot_id}", status_code=303)
    return Redirect(path=f"/reporting/slots/{slot_id}?done=chased#reminders", status_code=303)


# ------------------------------------------------------------------ attachments


@post(
    "/reporting/slots/{slot_id:int}/attachments",
    include_in_schema=False,
    status_code=303,
    request_max_body_size=reporting.MAX_ATTACHMENT_BYTES + 1024 * 1024,
)
async def attachment_add(
    request: Request[Any, Any, Any],
    slot_id: FromPath[int],
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Redirect | Template:
    """Upload a file. No guard: the upload is read and its temporary file closed first, whoever sent it, then
    the sender is checked like everywhere else (a guard would leave the parsed upload open)."""
    upload = data.get("file")
    file_name, content = "", b""
    try:
        if isinstance(upload, UploadFile):
            file_name, content = upload.filename or "", await upload.read()
    finally:
        for value in data.values():
            if isinstance(value, UploadFile):
                await value.close()
    if not principal_of(request).is_authenticated:
        raise SignInRequired()
    slot, owner = await _slot_for(request, slot_id)
    require(rules.can_write_report(principal_of(request), owner))
    try:
        if not isinstance(upload, UploadFile):
            raise ServiceError(N_("choose a file to attach"), field="file")
        await reporting.add_attachment(slot_id=slot_id, file_name=file_name, data=content, data_dir=_data_dir(request))
    except ServiceError as exc:
        return await _report_page(request, slot, owner, status_code=exc.status_code, errors=_field_errors(request, exc))
    return Redirect(path=f"/reporting/slots/{slot_id}?done=attached#attachments", status_code=303)


@post(
    "/reporting/slots/{slot_id:int}/attachments/{attachment_id:int}/remove",
    include_in_schema=False,
    guards=[signed_in],
    status_code=303,
)
async def attachment_remove(
    request: Request[Any, Any, Any], slot_id: FromPath[int], attachment_id: FromPath[int]
) -> Redirect | Template:
    slot, owner = await _slot_for(request, slot_id)
    require(rules.can_write_report(principal_of(request), owner))
    try:
        await reporting.remove_attachment(slot_id=slot_id, attachment_id=attachment_id)
    except ServiceError as exc:
        return await _report_page(request, slot, owner, status_code=exc.status_code, errors=_field_errors(request, exc))
    return Redirect(path=f"/reporting/slots/{slot_id}?done=removed#attachments", status_code=303)


@get("/reporting/slots/{slot_id:int}/attachments/{attachment_id:int}", include_in_schema=False, guards=[signed_in])
async def attachment_download(
    request: Request[Any, Any, Any], slot_id: FromPath[int], attachment_id: FromPath[int]
) -> File:
    await _slot_for(request, slot_id)
    return await found(request, attachment_response(request, slot_id, attachment_id))


# ------------------------------------------------------------------ versions and review


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@get("/reporting/slots/{slot_id:int}/versions", include_in_schema=False, guards=[signed_in])
async def versions_page(
    request: Request[Any, Any, Any],
    slot_id: FromPath[int],
    before: Annotated[str | None, QueryParameter(name="from")] = None,
    after: Annotated[str | None, QueryParameter(name="to")] = None,
) -> Template:
    """Every version, and two of them side by side, field by field (by default the last two submissions)."""
    slot, _ = await _slot_for(request, slot_id)
    versions = await reporting.list_versions(slot_id=slot_id)
    numbers = [version.number for version in versions]
    right = _number(after)
    left = _number(before)
    if right not in [*numbers, 0] or right is None:
        right = numbers[-1] if numbers else None
    if left not in [*numbers, 0] or left is None:
        left = numbers[-2] if len(numbers) > 1 else None
    comparison = None
    if left is not None and right is not None:
        comparison = await reporting.compare_versions(slot_id=slot_id, before=left, after=right)
    return await page(
        request, "reporting/versions.html", slot=slot, versions=versions, comparison=comparison, left=left, right=right
    )


async def _review_page(
    request: Request[Any, Any, Any],
    slot: SlotOut,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    reason: str = "",
) -> Template:
    versions = await reporting.list_versions(slot_id=slot.id)
    latest = await reporting.get_version(slot_id=slot.id, number=versions[-1].number) if versions else None
    comparison = None
    if len(versions) > 1:
        comparison = await reporting.compare_versions(
            slot_id=slot.id, before=versions[-2].number, after=versions[-1].number
        )
    return await page(
        request,
        "reporting/review.html",
        status_code=status_code,
        slot=slot,
        latest=latest,
        previous=versions[-2] if len(versions) > 1 else None,
        comparison=comparison,
        transitions=await reporting.list_transitions(slot_id=slot.id),
        errors=errors or {},
        reason=reason,
        can_decide=slot.state in AWAITING_REVIEW_STATES,
    )


@get("/reporting/slots/{slot_id:int}/review", include_in_schema=False, guards=[secretariat_only])
async def review_page(request: Request[Any, Any, Any], slot_id: FromPath[int]) -> Template:
    """The latest submission beside the one before, with approve and return-with-reason."""
    slot, _ = await _slot_for(request, slot_id)
    return await _review_page(request, slot)


# ------------------------------------------------------------------ completeness


@get("/reporting/completeness", include_in_schema=False, guards=[secretariat_only])
async def completeness_page(
    request: Request[Any, Any, Any], year: FromQuery[str | None] = None, chased: FromQuery[str | None] = None
) -> Template:
    chosen = int(year) if year and year.isdigit() and 1900 <= int(year) <= 2200 else None
    matrix = await reporting.completeness(year=chosen)
    slot_ids = [cell.slot for row in matrix.rows for cell in row.cells if cell is not None]
    return await page(
        request,
        "reporting/completeness.html",
        matrix=matrix,
        year=chosen,
        reminders=await reporting.reminders_for_slots(slot_ids),
        chaseable={state.value for state in EDITABLE_STATES},
        chased=int(chased) if chased and chased.isdigit() else None,
    )


@get("/reporting/completeness/export", include_in_schema=False, guards=[secretariat_only])
async def completeness_export(
    request: Request[Any, Any, Any], format: FromQuery[str] = "csv", year: FromQuery[str | None] = None
) -> Response[bytes]:
    chosen = int(year) if year and year.isdigit() and 1900 <= int(year) <= 2200 else None
    matrix = await reporting.completeness(year=chosen)
    return export_response(matrix, format="xlsx" if format == "xlsx" else "csv", language=page_language(request))


# ------------------------------------------------------------------ the form's script


SCRIPT = resources.files("coordination.reporting").joinpath("static/report-form.js")


@get("/reporting/report-form.js", include_in_schema=False, media_type="text/javascript")
async def report_script() -> Response[bytes]:
    """The autosave script, served from this site (no inline script, no third party)."""
    return Response(
        SCRIPT.read_bytes(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )
