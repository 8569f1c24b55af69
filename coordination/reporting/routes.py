"""JSON API for reporting: periods, slots, reports, versions, transitions, attachments, completeness.

Handlers translate HTTP into service calls; who may do what is decided by ``rules`` (wrapped here in
``require``): anyone signed in reads periods; a report, its versions, history and attachments are for its
reporter (the body's lead, the member's focal point) and the secretariat; reviewing, periods and completeness
are the secretariat's. The public gets 401 everywhere.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import Body, PathParameter, QueryParameter
from litestar.response import File

from coordination.accounts.guards import principal_of, require, secretariat_only, signed_in
from coordination.core.errors import InvalidInput
from coordination.core.openapi import file_operation
from coordination.core.pagination import Limit, Offset, Page
from coordination.core.params import IdPath, RevisionQuery, SlugPath
from coordination.core.schemas import MAX_INT
from coordination.reporting import exports, rules
from coordination.reporting import services as reporting
from coordination.reporting.enums import ReportAction, SlotState
from coordination.reporting.schemas import (
    ApprovedEntryOut,
    ApprovedHighlightOut,
    AttachmentOut,
    Completeness,
    PeriodCreate,
    PeriodOut,
    PeriodUpdate,
    ReportOut,
    ReportSave,
    SlotAdd,
    SlotOut,
    SlotUpdate,
    StaleReportAnswer,
    TransitionIn,
    TransitionOut,
    VersionComparison,
    VersionOut,
    VersionSummary,
)

PERIOD_EXAMPLE = {
    "kind": "year",
    "year": 2020,
    "due_date": "2021-03-31",
    "grace_days": 14,
    "include_bodies": True,
    "members": ["antony"],
}
SAVE_EXAMPLE = {
    "revision": 3,
    "language": "fr",
    "leadership_note": "Aucun changement n’est prévu en 2020 dans le leadership de la Communauté de pratiques.",
    "translations": {"en": {"leadership_note": "No change in the community's leadership is planned for 2020."}},
    "entries": [
        {
            "activity": 2,
            "status": "ongoing",
            "progress_percent": 60,
            "narrative": "Le plan de communication et de promotion de Smart Cities Study sera défini et mis en œuvre.",
            "added_in_period": True,
            "translations": {"en": {"narrative": "The communication and promotion plan will be defined and run."}},
        }
    ],
    "highlights": [
        {
            "title": "Smart Cities Study",
            "summary": "La nouvelle édition de Smart Cities Study a été élaborée au cours de l’année 2019.\n\n"
            "Vingt-quatre villes ont participé à cette édition.",
            "translations": {"en": {"title": "Smart Cities Study", "summary": "The new edition was prepared in 2019."}},
        }
    ],
}


def _examples(summary: str, value: Any) -> list[Example]:
    return [Example(summary=summary, value=value)]


BodyFilter = Annotated[str | None, QueryParameter(name="body", max_length=100, description="A body's slug")]
MemberFilter = Annotated[str | None, QueryParameter(max_length=100, description="A member's slug")]
PeriodSlugFilter = Annotated[str | None, QueryParameter(max_length=100, description="A period's slug")]
PriorityFilter = Annotated[str | None, QueryParameter(max_length=20, description="A strategic priority's code")]
FromVersion = Annotated[
    int, QueryParameter(name="from", ge=0, le=MAX_INT, description="A version number; 0: working copy")
]
ToVersion = Annotated[int, QueryParameter(name="to", ge=0, le=MAX_INT, description="A version number; 0: working copy")]
FormatQuery = Annotated[str, QueryParameter(pattern=r"^(csv|xlsx)$(?!\n)", max_length=4, description="csv or xlsx")]
LabelLanguage = Annotated[
    str, QueryParameter(pattern=r"^(en|fr|es)$(?!\n)", max_length=2, description="Labels' language")
]
VersionPath = Annotated[
    int, PathParameter(ge=0, le=MAX_INT, description="A version number: 0 is the working copy, 1, 2… the submissions.")
]


async def _readable(request: Request[Any, Any, Any], slot_id: int) -> rules.Owner:
    """The slot's owner, once the asker may read its report (404 for no such slot, 403 for not theirs)."""
    owner = await reporting.slot_owner(slot_id=slot_id)
    require(rules.can_read_report(principal_of(request), owner), detail="not your body's or member's report")
    return owner


def _stale(_: Request[Any, Any, Any], exc: reporting.StaleReport) -> Response[dict[str, Any]]:
    return Response(
        {
            "status_code": 409,
            "detail": exc.detail,
            "errors": [{"field": error.field, "message": error.message} for error in exc.errors],
            "current": msgspec.to_builtins(exc.current),
        },
        status_code=409,
    )


async def require_file_part(request: Request[Any, Any, Any]) -> None:
    """400 naming ``data`` when a multipart body holds no file: Litestar would answer 500 (StopIteration)."""
    form = await request.form()
    if not any(isinstance(value, UploadFile) for _, value in form.multi_items()):
        raise InvalidInput("send the file itself as the multipart field `data`", field="data")


class ReportingPeriodController(Controller):
    path = "/api/v1/reporting/periods"
    tags = ("reporting",)

    @get("/", guards=[signed_in])
    async def list_periods(self, limit: Limit = 50, offset: Offset = 0) -> Page[PeriodOut]:
        """Reporting periods, newest first."""
        return await reporting.list_periods(limit=limit, offset=offset)

    @post("/", guards=[secretariat_only])
    async def create_period(
        self, data: Annotated[PeriodCreate, Body(examples=_examples("The 2020 annual report", PERIOD_EXAMPLE))]
    ) -> PeriodOut:
        """A period; every active body (and each member named) owes a report for it: one slot each."""
        return await reporting.create_period(data=data)

    @get("/{slug:str}", guards=[signed_in])
    async def get_period(self, slug: SlugPath) -> PeriodOut:
        return await reporting.get_period(slug=slug)

    @patch("/{slug:str}", guards=[secretariat_only])
    async def update_period(
        self,
        slug: SlugPath,
        data: Annotated[
            PeriodUpdate,
            Body(
                examples=_examples(
                    "Move the due date",
                    {"revision": 1, "due_date": "2021-04-30", "reason": "Extended for everyone after the lockdown."},
                )
            ),
        ],
    ) -> PeriodOut:
        """A new due date moves every slot still on the old one (each move kept in the slot's history)."""
        return await reporting.update_period(slug=slug, data=data)

    @delete("/{slug:str}", guards=[secretariat_only])
    async def delete_period(self, slug: SlugPath, revision: RevisionQuery = None) -> None:
        """Only while nobody has written a report for it."""
        await reporting.delete_period(slug=slug, revision=revision)

    @post("/{slug:str}/slots", guards=[secretariat_only])
    async def add_slot(
        self,
        slug: SlugPath,
        data: Annotated[SlotAdd, Body(examples=_examples("A member chosen later", {"member": "bilbao"}))],
    ) -> SlotOut:
        """A body or member that owes a report for this period too."""
        return await reporting.add_slot(period_slug=slug, data=data)


class ReportingSlotController(Controller):
    path = "/api/v1/reporting/slots"
    tags = ("reporting",)
    guards = [signed_in]  # noqa: RUF012

    @get("/")
    async def list_slots(
        self,
        request: Request[Any, Any, Any],
        period: PeriodSlugFilter = None,
        # "state" is reserved by Litestar for the app's state, hence the alias.
        slot_state: Annotated[SlotState | None, QueryParameter(name="state", description="Only this state")] = None,
        body_slug: Annotated[
            str | None, QueryParameter(name="body", max_length=100, description="A body's slug")
        ] = None,
        member: MemberFilter = None,
        overdue: Annotated[bool | None, QueryParameter(description="Nothing received, grace over")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[SlotOut]:
        """The slots you may see: the secretariat all of them; a lead their body's; a focal point their member's."""
        return await reporting.list_slots(
            scope=rules.reading_scope(principal_of(request)),
            period=period,
            states=[slot_state] if slot_state else None,
            body=body_slug,
            member=member,
            overdue=overdue,
            limit=limit,
            offset=offset,
        )

    @get("/{slot_id:int}")
    async def get_slot(self, request: Request[Any, Any, Any], slot_id: IdPath) -> SlotOut:
        await _readable(request, slot_id)
        return await reporting.get_slot(slot_id=slot_id)

    @patch("/{slot_id:int}", guards=[secretariat_only])
    async def update_slot(
        self,
        slot_id: IdPath,
        data: Annotated[
            SlotUpdate,
            Body(
                examples=_examples(
                    "An extension for one reporter",
                    {"revision": 2, "due_date": "2021-04-15", "reason": "The mayor's office asked for two weeks."},
                )
            ),
        ],
    ) -> SlotOut:
        """Extend this slot's due date, or exempt it (``exempt``: true, with a reason), or lift an exemption."""
        return await reporting.update_slot(slot_id=slot_id, data=data)

    @get("/{slot_id:int}/report")
    async def get_report(
        self,
        request: Request[Any, Any, Any],
        slot_id: IdPath,
        language: Annotated[
            str, QueryParameter(pattern=r"^(en|fr|es)$(?!\n)", max_length=2, description="For a report not started yet")
        ] = "en",
    ) -> ReportOut:
        """The working copy; pre-filled from the network's data (``saved`` false) until first saved."""
        await _readable(request, slot_id)
        return await reporting.get_report(slot_id=slot_id, language=language)

    @put(
        "/{slot_id:int}/report",
        exception_handlers={reporting.StaleReport: _stale},
        responses={
            409: ResponseSpec(
                data_container=StaleReportAnswer,
                description="Someone saved since `revision`: nothing was written; `current` holds the report now "
                "(beside `status_code`, `detail` and `errors`).",
                generate_examples=False,
            )
        },
    )
    async def save_report(
        self,
        request: Request[Any, Any, Any],
        slot_id: IdPath,
        data: Annotated[
            ReportSave, Body(examples=_examples("A draft in French with an English translation", SAVE_EXAMPLE))
        ],
    ) -> ReportOut:
        """Save the working copy (not started, draft or returned reports only)."""
        await _readable(request, slot_id)
        return await reporting.save_report(slot_id=slot_id, data=data)

    @get("/{slot_id:int}/versions")
    async def list_versions(self, request: Request[Any, Any, Any], slot_id: IdPath) -> list[VersionSummary]:
        """Every submission, kept as it was sent."""
        await _readable(request, slot_id)
        return await reporting.list_versions(slot_id=slot_id)

    @get("/{slot_id:int}/versions/compare")
    async def compare_versions(
        self,
        request: Request[Any, Any, Any],
        slot_id: IdPath,
        before: Annotated[
            int, QueryParameter(name="from", ge=0, le=MAX_INT, description="A version number; 0: working copy")
        ],
        after: Annotated[
            int, QueryParameter(name="to", ge=0, le=MAX_INT, description="A version number; 0: working copy")
        ],
    ) -> VersionComparison:
        """Two versions field by field."""
        await _readable(request, slot_id)
        return await reporting.compare_versions(slot_id=slot_id, before=before, after=after)

    @get("/{slot_id:int}/versions/{number:int}")
    async def get_version(self, request: Request[Any, Any, Any], slot_id: IdPath, number: VersionPath) -> VersionOut:
        await _readable(request, slot_id)
        return await reporting.get_version(slot_id=slot_id, number=number)

    @get("/{slot_id:int}/transitions")
    async def list_transitions(self, request: Request[Any, Any, Any], slot_id: IdPath) -> list[TransitionOut]:
        """Who moved the report, when, and why."""
        await _readable(request, slot_id)
        return await reporting.list_transitions(slot_id=slot_id)

    @post("/{slot_id:int}/transitions")
    async def transition(
        self,
        request: Request[Any, Any, Any],
        slot_id: IdPath,
        data: Annotated[
            TransitionIn,
            Body(
                examples=[
                    Example(summary="Submit", value={"action": "submit"}),
                    Example(
                        summary="Return with a reason",
                        value={"action": "return", "reason": "Please add the partners of the learning meetings."},
                    ),
                    Example(summary="Approve", value={"action": "approve", "revision": 6}),
                ]
            ),
        ],
    ) -> SlotOut:
        """``submit``: the reporter; ``return`` (with a reason), ``approve``, ``reopen`` (with a reason): the
        secretariat. Approving a body's report applies its statuses and percentages to the activities."""
        owner = await _readable(request, slot_id)
        action = ReportAction(data.action)
        principal = principal_of(request)
        if action is ReportAction.submit:
            require(rules.can_write_report(principal, owner))
        else:
            require(rules.can_review(principal), detail="only the secretariat reviews reports")
        return await reporting.transition(slot_id=slot_id, action=action, reason=data.reason, revision=data.revision)

    @get("/{slot_id:int}/attachments")
    async def list_attachments(self, request: Request[Any, Any, Any], slot_id: IdPath) -> list[AttachmentOut]:
        await _readable(request, slot_id)
        return await reporting.list_attachments(slot_id=slot_id)

    @post(
        "/{slot_id:int}/attachments",
        request_max_body_size=reporting.MAX_ATTACHMENT_BYTES + 1024 * 1024,
        before_request=require_file_part,
    )
    async def add_attachment(
        self,
        request: Request[Any, Any, Any],
        slot_id: IdPath,
        data: Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> AttachmentOut:
        """A PDF, Word, spreadsheet or image file (multipart field ``data``, 10 MB at most), checked by its content."""
        # Closed whatever happens, refusals included: an unclosed upload keeps its temporary file.
        try:
            await _readable(request, slot_id)
            if not isinstance(data, UploadFile):
                raise InvalidInput("send the file itself as the multipart field `data`", field="data")
            content = await data.read()
        finally:
            if isinstance(data, UploadFile):
                await data.close()
        return await reporting.add_attachment(
            slot_id=slot_id, file_name=data.filename or "", data=content, data_dir=request.app.state.settings.data_dir
        )

    @get("/{slot_id:int}/attachments/{attachment_id:int}", media_type="application/octet-stream")
    async def download_attachment(
        self, request: Request[Any, Any, Any], slot_id: IdPath, attachment_id: IdPath
    ) -> File:
        await _readable(request, slot_id)
        return await attachment_response(request, slot_id, attachment_id)

    @delete("/{slot_id:int}/attachments/{attachment_id:int}")
    async def remove_attachment(self, request: Request[Any, Any, Any], slot_id: IdPath, attachment_id: IdPath) -> None:
        """Off the working copy; the versions that listed it keep it."""
        await _readable(request, slot_id)
        await reporting.remove_attachment(slot_id=slot_id, attachment_id=attachment_id)


async def attachment_response(request: Request[Any, Any, Any], slot_id: int, attachment_id: int) -> File:
    """The file as a download, with the type read from its content; never shown inline."""
    attachment, path = await reporting.attachment_file(
        slot_id=slot_id, attachment_id=attachment_id, data_dir=request.app.state.settings.data_dir
    )
    return File(
        path=path,
        filename=attachment.file_name,
        media_type=attachment.content_type,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )


def export_response(matrix: Completeness, *, format: str, language: str) -> Response[bytes]:
    made = exports.to_xlsx(matrix, language=language) if format == "xlsx" else exports.to_csv(matrix, language=language)
    return Response(
        made.content,
        media_type=made.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{made.file_name}"',
            "Cache-Control": "private, no-store",
        },
    )


PeriodFilter = Annotated[
    list[str] | None,
    QueryParameter(
        max_items=100,
        description="Periods' slugs (repeat the parameter)",
        schema_extra={"items": {"type": "string", "maxLength": 100}},
    ),
]
YearFilter = Annotated[int | None, QueryParameter(ge=1900, le=2200, description="Periods overlapping this year")]


class ReportingController(Controller):
    path = "/api/v1/reporting"
    tags = ("reporting",)

    @get("/completeness", guards=[secretariat_only])
    async def completeness(self, period: PeriodFilter = None, year: YearFilter = None) -> Completeness:
        """Bodies and members × periods: each slot's state and timeliness; per period the reporting rate
        (received ÷ expected) and the timeliness rate (received by the due date ÷ expected), as DHIS2 does."""
        return await reporting.completeness(period_slugs=period, year=year)

    @get(
        "/completeness/export",
        guards=[secretariat_only],
        media_type="text/csv",
        operation_class=file_operation([exports.CSV_TYPE, exports.XLSX_TYPE]),
    )
    async def completeness_export(
        self,
        period: PeriodFilter = None,
        year: YearFilter = None,
        format: FormatQuery = "csv",
        lang: LabelLanguage = "en",
    ) -> Response[bytes]:
        """The completeness matrix as a CSV or XLSX file."""
        matrix = await reporting.completeness(period_slugs=period, year=year)
        return export_response(matrix, format=format, language=lang)

    @get("/entries", guards=[signed_in])
    async def approved_entries(
        self,
        request: Request[Any, Any, Any],
        period: PeriodSlugFilter = None,
        year: YearFilter = None,
        body_slug: Annotated[
            str | None, QueryParameter(name="body", max_length=100, description="A body's slug")
        ] = None,
        member: MemberFilter = None,
        priority: Annotated[
            str | None, QueryParameter(max_length=20, description="A strategic priority's code")
        ] = None,
    ) -> list[ApprovedEntryOut]:
        """What approved reports say about each activity (approved versions only), as rows: per body, per
        priority, per period, without parsing any text. Each reporter sees their own; the secretariat all."""
        return await reporting.approved_entries(
            scope=rules.reading_scope(principal_of(request)),
            period=period,
            year=year,
            body=body_slug,
            member=member,
            priority=priority,
        )

    @get("/highlights", guards=[signed_in])
    async def approved_highlights(
        self,
        request: Request[Any, Any, Any],
        period: PeriodSlugFilter = None,
        year: YearFilter = None,
        body_slug: Annotated[
            str | None, QueryParameter(name="body", max_length=100, description="A body's slug")
        ] = None,
        member: MemberFilter = None,
    ) -> list[ApprovedHighlightOut]:
        """The "summary of results" of approved reports."""
        return await reporting.approved_highlights(
            scope=rules.reading_scope(principal_of(request)), period=period, year=year, body=body_slug, member=member
        )
