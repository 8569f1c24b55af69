"""The spreadsheets API: export any kind as CSV or XLSX, preview an import, apply the preview.

Exports show what the asker may read (members-only events and people's
email addresses only to those allowed); previews and imports need a token,
and each row is checked against what its author may change.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, PathParameter, QueryParameter

from coordination.accounts.guards import principal_of, require, signed_in
from coordination.core.errors import InvalidInput
from coordination.core.openapi import file_operation
from coordination.reporting.rules import can_read_periods
from coordination.spreadsheets import files
from coordination.spreadsheets import services as spreadsheets
from coordination.spreadsheets.kinds import KINDS
from coordination.spreadsheets.schemas import ImportApply, ImportOut, PreviewOut

SheetKind = StrEnum("SheetKind", {name.replace("-", "_"): name for name in KINDS})  # type: ignore[misc]
SheetPath = Annotated[SheetKind, PathParameter(description="What the sheet holds: " + ", ".join(KINDS) + ".")]
FormatQuery = Annotated[str, QueryParameter(pattern=r"^(csv|xlsx)$(?!\n)", max_length=4, description="csv or xlsx")]
Filter = Annotated[str | None, QueryParameter(max_length=100, pattern=r"^[A-Za-z0-9_-]*$(?!\n)")]
LanguageQuery = Annotated[
    str | None,
    QueryParameter(pattern=r"^(en|fr|es)$(?!\n)", max_length=2, description="The problems' language (default: yours)"),
]


def _language(request: Request[Any, Any, Any], lang: str | None) -> str:
    return lang or principal_of(request).language or "en"


async def require_upload(request: Request[Any, Any, Any]) -> None:
    """400 naming ``data`` when a multipart body holds no file: Litestar would answer 500 (StopIteration)."""
    form = await request.form()
    if not any(isinstance(value, UploadFile) for _, value in form.multi_items()):
        raise InvalidInput("send the file itself as the multipart field `data`", field="data")


class SpreadsheetController(Controller):
    path = "/api/v1/spreadsheets"
    tags = ("spreadsheets",)

    @get(
        "/{sheet:str}",
        media_type="text/csv",
        operation_class=file_operation([files.CSV_TYPE, files.XLSX_TYPE]),
    )
    async def export(
        self,
        request: Request[Any, Any, Any],
        sheet: SheetPath,
        format: FormatQuery = "csv",
        kind: Filter = None,
        status: Filter = None,
        body_slug: Annotated[str | None, QueryParameter(name="body", max_length=100)] = None,
        member: Filter = None,
        priority: Filter = None,
        period: Filter = None,
        date_from: Annotated[str | None, QueryParameter(name="from", max_length=10)] = None,
        date_to: Annotated[str | None, QueryParameter(name="to", max_length=10)] = None,
    ) -> Response[bytes]:
        """Every row of a kind you may read, as CSV (UTF-8, header row) or XLSX; columns in docs/SPREADSHEETS.md.

        Filters (each kind honours those of its list): ``kind``, ``status``, ``body``, ``member``, ``priority``,
        ``period``, ``from``, ``to``. Reporting slots are for those who take part in reporting."""
        principal = principal_of(request)
        if sheet.value == "reporting-slots":
            signed_in(request, request.route_handler)  # 401 for the public, as the reporting API answers
            require(can_read_periods(principal))
        filters = {
            "kind": kind,
            "status": status,
            "body": body_slug,
            "member": member,
            "priority": priority,
            "period": period,
            "from": date_from,
            "to": date_to,
        }
        exported = await spreadsheets.export(
            kind=sheet.value,
            principal=principal,
            format=format,
            filters={name: value for name, value in filters.items() if value},
        )
        return Response(
            exported.content,
            media_type=exported.content_type,
            headers={"Content-Disposition": f'attachment; filename="{exported.file_name}"'},
        )

    @post(
        "/{sheet:str}/preview",
        guards=[signed_in],
        status_code=200,
        request_max_body_size=spreadsheets.MAX_FILE_BYTES + 1024 * 1024,
        before_request=require_upload,
    )
    async def preview(
        self,
        request: Request[Any, Any, Any],
        sheet: SheetPath,
        data: Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)],
        lang: LanguageQuery = None,
    ) -> PreviewOut:
        """What importing the file (multipart field ``data``, CSV or XLSX) would create, change field by field and
        leave alone, and every problem by row and column; nothing is written. Apply it with the ``token``."""
        try:
            content = await data.read()
        finally:
            await data.close()
        return await spreadsheets.preview(
            kind=sheet.value,
            principal=principal_of(request),
            file_name=data.filename or "",
            content=content,
            language=_language(request, lang),
            data_dir=request.app.state.settings.data_dir,
        )

    @post("/{sheet:str}/import", guards=[signed_in], status_code=200)
    async def apply(
        self,
        request: Request[Any, Any, Any],
        sheet: SheetPath,
        data: Annotated[ImportApply, Body(description="The token of your preview.")],
        lang: LanguageQuery = None,
    ) -> Response[ImportOut]:
        """Apply a preview, all or nothing: 200 when written, 409 with the rows that stopped it (a row changed
        since the preview, a rule broken) and nothing written."""
        result = await spreadsheets.apply(
            kind=sheet.value,
            principal=principal_of(request),
            token=data.token,
            language=_language(request, lang),
            data_dir=request.app.state.settings.data_dir,
        )
        return Response(result, status_code=200 if result.applied else 409)
