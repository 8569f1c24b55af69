"""JSON API of the annual report, for the secretariat's scripts: drafts, editions, files, the model's schema."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get, patch, post
from litestar.params import JSONBody, PathParameter, QueryParameter

from coordination.accounts.guards import secretariat_only
from coordination.annual_report import model, services
from coordination.annual_report.exporters import CONTENT_TYPES, ExportedFile
from coordination.annual_report.schemas import DraftCreate, DraftOut, DraftUpdate, EditionOut, Manifest, YearOut
from coordination.core.openapi import file_operation
from coordination.core.schemas import MAX_INT
from coordination.core.settings import Settings

YearPath = Annotated[int, PathParameter(ge=1900, le=2200, description="The year the report covers.")]
LanguageParam = Annotated[Literal["en", "fr", "es"], QueryParameter(name="lang", description="The report's language.")]
FormatParam = Annotated[
    Literal["html", "pdf", "docx", "md", "json"],
    QueryParameter(description="`json` is the report model itself (see `/api/v1/annual-reports/schema`)."),
]
EditionParam = Annotated[
    int | None,
    QueryParameter(ge=1, le=MAX_INT, description="A frozen edition's number; left out, the draft as it reads now."),
]


def file_response(exported: ExportedFile, *, inline: bool = False) -> Response[bytes]:
    disposition = "inline" if inline else "attachment"
    return Response(
        content=exported.content,
        media_type=exported.content_type.split(";")[0],  # Litestar adds "; charset=utf-8" to text types itself
        headers={
            "Content-Disposition": f'{disposition}; filename="{exported.filename}"',
            "Cache-Control": "private, no-cache",
        },
    )


class AnnualReportController(Controller):
    path = "/api/v1/annual-reports"
    tags = ("annual report",)
    guards = [secretariat_only]  # noqa: RUF012

    @get("/")
    async def list_years(self) -> list[YearOut]:
        """Every year with a report started or an edition frozen, the latest first."""
        return await services.list_years()

    @get("/schema")
    async def report_schema(self) -> dict[str, Any]:
        """The JSON Schema of the report model (what `format=json` answers)."""
        return model.schema()

    @post("/")
    async def start_draft(self, data: JSONBody[DraftCreate]) -> DraftOut:
        """Start a year's report (409 if it was started already)."""
        return await services.start_draft(year=data.year, language=data.language)

    @get("/{year:int}/draft")
    async def get_draft(self, year: YearPath) -> DraftOut:
        return await services.get_draft(year=year)

    @patch("/{year:int}/draft")
    async def update_draft(self, year: YearPath, data: JSONBody[DraftUpdate]) -> DraftOut:
        """Edit the introduction, the options and the summaries of results; send the `revision` you read."""
        return await services.update_draft(year=year, data=data)

    @get("/{year:int}/report", operation_class=file_operation(CONTENT_TYPES.values()))
    async def report(
        self,
        request: Request[Any, Any, Any],
        year: YearPath,
        language: LanguageParam = "en",
        format: FormatParam = "json",
        edition: EditionParam = None,
    ) -> Response[bytes]:
        """The report as a file: a frozen edition's (written once under the exports folder) or the draft's."""
        if edition is None:
            exported = await services.draft_file(year=year, language=language, format=format)
        else:
            settings: Settings = request.app.state.settings
            exported = await services.edition_file(
                year=year, number=edition, language=language, format=format, exports_dir=settings.exports_dir
            )
        return file_response(exported)

    @post("/{year:int}/editions")
    async def freeze(self, year: YearPath) -> EditionOut:
        """Freeze the report as it reads now into the next edition (409 if nothing changed since the last one)."""
        return await services.freeze_edition(year=year)

    @get("/{year:int}/editions")
    async def list_editions(self, year: YearPath) -> list[EditionOut]:
        return await services.list_editions(year=year)

    @get("/{year:int}/manifest")
    async def manifest(self, request: Request[Any, Any, Any], year: YearPath) -> Manifest:
        """The files written for the year's editions: edition, language, format, checksum, created by and at."""
        settings: Settings = request.app.state.settings
        return services.manifest(year=year, exports_dir=settings.exports_dir)
