"""Spreadsheet pages: the download links of the lists, and the import in three steps (upload, preview, apply).

The list pages (members, bodies, events) link to ``/export/<kind>?format=…``
with their filters. ``/import/<kind>`` takes a file, shows what it would do
row by row in the reader's language, and applies exactly that preview when
asked (``token``); a refused apply shows why, and nothing has been written.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Template

from coordination.accounts.guards import SignInRequired, principal_of, require, signed_in
from coordination.core.errors import NotFound, ServiceError
from coordination.core.i18n import N_
from coordination.core.pages import form_errors, found, page, page_language
from coordination.core.params import SlugPath
from coordination.reporting.rules import can_read_periods
from coordination.spreadsheets import services as spreadsheets
from coordination.spreadsheets.kinds import KINDS, Kind

FILTERS = ("kind", "status", "body", "member", "priority", "period", "from", "to")


async def _kind(request: Request[Any, Any, Any], name: str, *, importing: bool = False) -> Kind:
    return await found(request, _lookup(name, importing=importing))


async def _lookup(name: str, *, importing: bool) -> Kind:
    chosen = spreadsheets.kind_of(name)
    if importing and not chosen.importable:
        raise NotFound(N_("%(kind)s can be exported but not imported"), params={"kind": name})
    return chosen


@get("/export/{sheet:str}", include_in_schema=False)
async def export_download(
    request: Request[Any, Any, Any], sheet: SlugPath, format: FromQuery[str] = "csv"
) -> Response[bytes]:
    """The list as a file, with the list's filters (the query string)."""
    chosen = await _kind(request, sheet)
    principal = principal_of(request)
    if chosen.name == "reporting-slots":
        if not principal.is_authenticated:
            raise SignInRequired()
        require(can_read_periods(principal))
    filters = {name: str(request.query_params.get(name) or "") for name in FILTERS}
    exported = await spreadsheets.export(
        kind=chosen.name,
        principal=principal,
        format="xlsx" if format == "xlsx" else "csv",
        filters={name: value for name, value in filters.items() if value},
    )
    return Response(
        exported.content,
        media_type=exported.content_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.file_name}"'},
    )


@get("/import", include_in_schema=False, guards=[signed_in])
async def import_home(request: Request[Any, Any, Any]) -> Template:
    return await page(request, "spreadsheets/home.html", kinds=list(KINDS.values()))


@get("/import/{sheet:str}", include_in_schema=False, guards=[signed_in])
async def import_form(request: Request[Any, Any, Any], sheet: SlugPath) -> Template:
    chosen = await _kind(request, sheet, importing=True)
    return await page(request, "spreadsheets/import.html", kind=chosen, errors={})


@post(
    "/import/{sheet:str}",
    include_in_schema=False,
    status_code=200,
    request_max_body_size=spreadsheets.MAX_FILE_BYTES + 1024 * 1024,
)
async def import_preview(
    request: Request[Any, Any, Any],
    sheet: SlugPath,
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Template:
    """Read the upload and close its temporary file first, whoever sent it; then check the sender."""
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
    chosen = await _kind(request, sheet, importing=True)
    try:
        preview = await spreadsheets.preview(
            kind=chosen.name,
            principal=principal_of(request),
            file_name=file_name,
            content=content,
            language=page_language(request),
            data_dir=request.app.state.settings.data_dir,
        )
    except ServiceError as exc:
        return await page(
            request,
            "spreadsheets/import.html",
            status_code=exc.status_code,
            kind=chosen,
            errors=form_errors(request, exc),
        )
    return await page(request, "spreadsheets/preview.html", kind=chosen, preview=preview)


@post("/import/{sheet:str}/apply", include_in_schema=False, guards=[signed_in], status_code=200)
async def import_apply(
    request: Request[Any, Any, Any],
    sheet: SlugPath,
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Template:
    chosen = await _kind(request, sheet, importing=True)
    try:
        result = await spreadsheets.apply(
            kind=chosen.name,
            principal=principal_of(request),
            token=str(data.get("token") or ""),
            language=page_language(request),
            data_dir=request.app.state.settings.data_dir,
        )
    except ServiceError as exc:
        return await page(
            request,
            "spreadsheets/import.html",
            status_code=exc.status_code,
            kind=chosen,
            errors=form_errors(request, exc),
        )
    return await page(
        request, "spreadsheets/applied.html", status_code=200 if result.applied else 409, kind=chosen, result=result
    )
