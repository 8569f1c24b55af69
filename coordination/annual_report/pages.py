"""The secretariat's pages for the annual report: start, edit, preview, freeze and download, in three languages.

``/annual-report`` lists the years; ``/annual-report/<year>`` is the year's
draft and editions; ``/annual-report/<year>/edit`` the introduction, options
and summaries of results; ``/annual-report/<year>/preview`` the draft as it
reads now (the report's own template, as in the PDF); ``…/download`` any
file of the draft or of an edition.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from coordination.accounts.guards import secretariat_only
from coordination.annual_report import services
from coordination.annual_report.exporters import FORMATS, Format
from coordination.annual_report.exporters.html import Preview, render_text
from coordination.annual_report.routes import file_response
from coordination.annual_report.schemas import DraftCreate, DraftUpdate
from coordination.core import forms, i18n
from coordination.core.errors import Conflict, ServiceError
from coordination.core.i18n import N_
from coordination.core.pages import found, page, page_language
from coordination.core.settings import Settings

FORMAT_LABELS: dict[Format, str] = {
    "pdf": N_("PDF"),
    "docx": N_("Word"),
    "html": N_("Web page"),
    "md": N_("Markdown"),
    "json": N_("JSON"),
}
# The order people look for them in.
FORMAT_ORDER: tuple[Format, ...] = ("pdf", "docx", "html", "md", "json")
EMPTY_PRIORITY_CHOICES = (
    ("omit", N_("Leave out the priorities a body has no activity under")),
    ("mark", N_("List every priority, saying when a body has no activity under it")),
)
CONFLICT = N_(
    "Someone else saved this report while you were editing it. Your text is below: "
    "copy what you need, reload the page, and apply your changes again."
)
NOTICES = {
    "started": N_("The report is started. Write its introduction, then preview it."),
    "saved": N_("Your changes are saved."),
}


def _settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _form(request: Request[Any, Any, Any]) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _errors(request: Request[Any, Any, Any], exc: ServiceError) -> dict[str, str]:
    """The refusal's messages in the page's language, by field ("" for the page as a whole)."""
    language = page_language(request)
    return {error.field: error.message_in(language) for error in exc.errors} or {"": exc.message_in(language)}


def _download_url(year: int, *, language: str, format: Format, edition: int | None = None) -> str:
    query = {"lang": language, "format": format, **({"edition": str(edition)} if edition else {})}
    return f"/annual-report/{year}/download?{urlencode(query)}"


def _template_helpers() -> dict[str, Any]:
    return {
        "download_url": _download_url,
        "format_order": FORMAT_ORDER,
        "format_labels": FORMAT_LABELS,
    }


# ------------------------------------------------------------------ the years


async def _index(request: Request[Any, Any, Any], *, status_code: int = 200, **context: Any) -> Template:
    values: dict[str, Any] = {"errors": {}, "chosen_year": date.today().year - 1, "chosen_language": None}
    values.update(context)
    return await page(
        request, "annual_report/index.html", status_code=status_code, years=await services.list_years(), **values
    )


@get("/annual-report", include_in_schema=False, guards=[secretariat_only])
async def report_index(request: Request[Any, Any, Any]) -> Template:
    return await _index(request)


@post("/annual-report", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def report_start(request: Request[Any, Any, Any]) -> Redirect | Template:
    form = await _form(request)
    try:
        data = msgspec.convert(
            {"year": form.get("year", "").strip(), "language": form.get("language") or "en"}, DraftCreate, strict=False
        )
    except msgspec.ValidationError:
        errors = {"year": N_("Give a year between 1900 and 2200, such as 2020.")}
        return await _index(request, status_code=400, errors=errors, chosen_year=form.get("year", ""))
    with suppress(Conflict):  # already started: open it
        await services.start_draft(year=data.year, language=data.language)
    return Redirect(path=f"/annual-report/{data.year}?done=started", status_code=303)


# ------------------------------------------------------------------ one year


async def _year_page(request: Request[Any, Any, Any], year: int, *, status_code: int = 200, **context: Any) -> Template:
    draft = await found(request, services.get_draft(year=year))
    status = await services.draft_status(year=year)
    editions = await services.list_editions(year=year)
    values: dict[str, Any] = {"notice": None, "frozen_number": None, "errors": {}}
    values.update(context)
    return await page(
        request,
        "annual_report/year.html",
        status_code=status_code,
        year=year,
        draft=draft,
        status=status,
        editions=list(reversed(editions)),
        **_template_helpers(),
        **values,
    )


@get("/annual-report/{year:int}", include_in_schema=False, guards=[secretariat_only])
async def report_year(
    request: Request[Any, Any, Any], year: FromPath[int], done: FromQuery[str | None] = None
) -> Template:
    frozen = (done or "").removeprefix("frozen-")
    return await _year_page(
        request, year, notice=NOTICES.get(done or ""), frozen_number=int(frozen) if frozen.isdigit() else None
    )


@post("/annual-report/{year:int}/freeze", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def report_freeze(request: Request[Any, Any, Any], year: FromPath[int]) -> Redirect | Template:
    try:
        edition = await found(request, services.freeze_edition(year=year))
    except ServiceError as exc:
        return await _year_page(request, year, status_code=exc.status_code, errors=_errors(request, exc))
    return Redirect(path=f"/annual-report/{year}?done=frozen-{edition.number}", status_code=303)


# ------------------------------------------------------------------ editing


async def _edit_page(
    request: Request[Any, Any, Any],
    year: int,
    *,
    status_code: int = 200,
    submitted: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    draft = await found(request, services.get_draft(year=year))
    language = page_language(request)
    # The report as it reads now, for the bodies and the highlights their approved reports give.
    report = await services.draft_model(year=year, language=language)
    summaries = {summary.body: summary for summary in draft.summaries}
    return await page(
        request,
        "annual_report/edit.html",
        status_code=status_code,
        year=year,
        draft=draft,
        report=report,
        summaries=summaries,
        submitted=submitted,
        errors=errors or {},
        empty_priority_choices=EMPTY_PRIORITY_CHOICES,
    )


@get("/annual-report/{year:int}/edit", include_in_schema=False, guards=[secretariat_only])
async def report_edit_form(request: Request[Any, Any, Any], year: FromPath[int]) -> Template:
    return await _edit_page(request, year)


def _translations(
    form: dict[str, str], name_of: Callable[[str], str], field: str, written_in: str
) -> dict[str, dict[str, str]]:
    """The form's translation fields (``name_of(language)``) as ``core.translated`` translations.

    The original's own language is left out: its text is the original.
    """
    return {
        language: {field: text}
        for language in i18n.LANGUAGES
        if language != written_in and (text := form.get(name_of(language), "").strip())
    }


def _summary_field(slug: str) -> Callable[[str], str]:
    """The name of a body summary's translation field: ``summary_fr:digital-cities``."""
    return lambda language: f"summary_{language}:{slug}"


def _draft_update(form: dict[str, str], body_slugs: list[str]) -> DraftUpdate:
    language = form.get("language") or "en"
    summaries = []
    for slug in body_slugs:
        summary_language = form.get(f"summary_language:{slug}") or language
        summaries.append(
            {
                "body": slug,
                "text": form.get(f"summary:{slug}", ""),
                "language": summary_language,
                "translations": _translations(form, _summary_field(slug), "text", summary_language),
            }
        )
    return msgspec.convert(
        {
            "revision": form.get("revision", ""),
            "introduction": form.get("introduction", ""),
            "language": language,
            "translations": _translations(form, lambda language: f"introduction_{language}", "introduction", language),
            "empty_priorities": form.get("empty_priorities") or "omit",
            "summaries": summaries,
        },
        DraftUpdate,
        strict=False,
    )


@post("/annual-report/{year:int}/edit", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def report_edit(request: Request[Any, Any, Any], year: FromPath[int]) -> Redirect | Template:
    form = await _form(request)
    await found(request, services.get_draft(year=year))
    body_slugs = [key.removeprefix("summary:") for key in form if key.startswith("summary:")]
    try:
        data = _draft_update(form, body_slugs)
    except msgspec.ValidationError as exc:
        refused = forms.invalid(exc)
        return await _edit_page(
            request, year, status_code=400, submitted=form, errors={"": refused.message_in(page_language(request))}
        )
    try:
        await services.update_draft(year=year, data=data)
    except ServiceError as exc:
        errors = _errors(request, exc)
        if isinstance(exc, Conflict):
            errors = {"": CONFLICT}
        return await _edit_page(request, year, status_code=exc.status_code, submitted=form, errors=errors)
    return Redirect(path=f"/annual-report/{year}?done=saved", status_code=303)


# ------------------------------------------------------------------ preview and files

LanguageChoice = Annotated[Literal["en", "fr", "es"] | None, QueryParameter(name="lang")]


@get("/annual-report/{year:int}/preview", include_in_schema=False, guards=[secretariat_only])
async def report_preview(request: Request[Any, Any, Any], year: FromPath[int]) -> Response[bytes]:
    """The draft as it reads now, in the report's own template: what the PDF will show, on screen."""
    language = page_language(request)
    report = await found(request, services.draft_model(year=year, language=language))
    preview = Preview(
        back=f"/annual-report/{year}",
        languages=[(code, f"/annual-report/{year}/preview?lang={code}") for code in i18n.LANGUAGES],
    )
    html = render_text(report, preview=preview)
    return Response(
        content=html.encode("utf-8"),
        media_type="text/html; charset=utf-8",
        headers={"Content-Language": language, "Cache-Control": "private, no-cache"},
    )


@get("/annual-report/{year:int}/download", include_in_schema=False, guards=[secretariat_only])
async def report_download(
    request: Request[Any, Any, Any],
    year: FromPath[int],
    language: LanguageChoice = None,
    format: FromQuery[str] = "pdf",
    edition: FromQuery[int | None] = None,
) -> Response[bytes]:
    """A file of the draft (rendered now) or of an edition (from the exports folder); web pages open in place."""
    chosen: Format = next((known for known in FORMATS if known == format), "pdf")
    wanted = language or page_language(request)
    if edition is None:
        exported = await found(request, services.draft_file(year=year, language=wanted, format=chosen))
    else:
        exported = await found(
            request,
            services.edition_file(
                year=year, number=edition, language=wanted, format=chosen, exports_dir=_settings(request).exports_dir
            ),
        )
    return file_response(exported, inline=chosen == "html")
