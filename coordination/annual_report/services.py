"""The annual report's services: the year's draft, frozen editions, and their files.

- A **draft** (one per year) holds what the secretariat writes: the
  introduction, the summaries of results that replace a body's highlights,
  and whether empty priorities are listed. Its report is built from the live
  data every time it is read.
- **Freezing** builds the report in English, French and Spanish from the data
  as it is, stamps it with the next number and keeps the three models
  (``annual_report_edition``); an edition never changes afterwards. Freezing
  again with nothing changed (data or texts) is refused, so every edition
  differs from the one before.
- **Files** of an edition are rendered from its frozen models into the exports
  folder, with a manifest (``files.py``); a draft's are rendered on the fly.

Only this module queries the annual report's tables; the network's data comes
through the other domains' services (``builder.load_year``).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from pathlib import Path
from typing import Any

import anyio
import msgspec
from msgspec import UNSET

from coordination.annual_report import builder, files
from coordination.annual_report import model as m
from coordination.annual_report import sources as src
from coordination.annual_report.exporters import ExportedFile, Format, export
from coordination.annual_report.schemas import (
    DraftOut,
    DraftUpdate,
    EditionOut,
    Manifest,
    SummaryOut,
    YearOut,
)
from coordination.annual_report.tables import AnnualReportDraft, AnnualReportEdition, AnnualReportSummary
from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.bodies import services as bodies
from coordination.core import i18n
from coordination.core.actor import current_actor
from coordination.core.database import is_sqlite, transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound
from coordination.core.i18n import N_
from coordination.core.schemas import utc_now
from coordination.core.translated import clean_translations, dump, load
from coordination.core.versioning import integrity_errors
from coordination.network import services as network

logger = logging.getLogger(__name__)

LANGUAGES = i18n.LANGUAGES
MODEL_COLUMNS = {
    "en": AnnualReportEdition.model_en,
    "fr": AnnualReportEdition.model_fr,
    "es": AnnualReportEdition.model_es,
}


# ---------------------------------------------------------------- drafts


def _summary_out(row: dict[str, Any]) -> SummaryOut:
    return SummaryOut(
        body=row["body_slug"], text=row["text"], language=row["language"], translations=load(row["translations"])
    )


def _draft_out(row: dict[str, Any], summaries: list[dict[str, Any]]) -> DraftOut:
    return DraftOut(
        year=row["year"],
        language=row["language"],
        introduction=row["introduction"],
        translations=load(row["translations"]),
        empty_priorities=row["empty_priorities"],
        summaries=[_summary_out(summary) for summary in sorted(summaries, key=lambda item: item["body_slug"])],
        revision=row["revision"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        updated_by=row["updated_by"],
    )


async def _draft_row(year: int) -> dict[str, Any] | None:
    row = await AnnualReportDraft.select().where(AnnualReportDraft.year == year).first()
    return dict(row) if row is not None else None


async def _draft(year: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    row = await _draft_row(year)
    if row is None:
        raise NotFound(N_("no report has been started for %(year)s"), params={"year": year})
    summaries = await AnnualReportSummary.select().where(AnnualReportSummary.draft == row["id"])
    return row, summaries


async def get_draft(*, year: int) -> DraftOut:
    return _draft_out(*await _draft(year))


def _edition_out(row: dict[str, Any]) -> EditionOut:
    return EditionOut(year=row["year"], number=row["number"], frozen_at=row["frozen_at"], frozen_by=row["frozen_by"])


_EDITION_FIELDS = (
    AnnualReportEdition.year,
    AnnualReportEdition.number,
    AnnualReportEdition.frozen_at,
    AnnualReportEdition.frozen_by,
)


async def list_years() -> list[YearOut]:
    """Every year with a draft or an edition, the latest first, with its draft and editions."""
    drafts = await AnnualReportDraft.select()
    summaries = await AnnualReportSummary.select() if drafts else []
    editions = await AnnualReportEdition.select(*_EDITION_FIELDS).order_by(AnnualReportEdition.number)
    years = sorted({row["year"] for row in drafts} | {row["year"] for row in editions}, reverse=True)
    by_year = {row["year"]: row for row in drafts}
    return [
        YearOut(
            year=year,
            draft=_draft_out(by_year[year], [s for s in summaries if s["draft"] == by_year[year]["id"]])
            if year in by_year
            else None,
            editions=[_edition_out(row) for row in editions if row["year"] == year],
        )
        for year in years
    ]


def _audited(draft: DraftOut) -> dict[str, Any]:
    return snapshot(draft, summaries=[msgspec.to_builtins(item) for item in draft.summaries])


async def start_draft(*, year: int, language: str = "en") -> DraftOut:
    """Start the year's report; 409 if it was started already."""
    if language not in LANGUAGES:
        raise InvalidInput(
            N_("unknown language %(language)r: use en, fr or es"), field="language", params={"language": language}
        )
    message = N_("the report for %(year)s has already been started")
    params = {"year": year}
    async with transaction():
        if await _draft_row(year) is not None:
            raise Conflict(message, field="year", params=params)
        now = utc_now()
        async with integrity_errors(unique_field="year", unique_message=message, unique_params=params):
            await AnnualReportDraft.insert(
                AnnualReportDraft(
                    year=year,
                    language=language,
                    created_at=now,
                    updated_at=now,
                    updated_by=current_actor().label[:254],
                )
            )
        created = await get_draft(year=year)
        await audit.record(
            action="annual_report.started", object_type="annual_report", object_id=year, after=_audited(created)
        )
    return created


async def update_draft(*, year: int, data: DraftUpdate) -> DraftOut:
    """Change the introduction, the options or some bodies' summaries; 409 on a stale revision."""
    async with transaction():
        row, summary_rows = await _draft(year)
        before = _draft_out(row, summary_rows)
        values: dict[str, Any] = {"updated_by": current_actor().label[:254]}
        language = data.language if data.language is not UNSET else row["language"]
        if data.language is not UNSET:
            values["language"] = data.language
        if data.introduction is not UNSET:
            values["introduction"] = data.introduction.strip()
        if data.empty_priorities is not UNSET:
            values["empty_priorities"] = data.empty_priorities
        if data.translations is not UNSET or data.language is not UNSET:
            raw = data.translations if data.translations is not UNSET else load(row["translations"])
            values["translations"] = dump(clean_translations(raw, fields={"introduction"}, original_language=language))
        replacements: list[tuple[str, str, str, str]] = []
        if data.summaries is not UNSET:
            seen: set[str] = set()
            for index, summary in enumerate(data.summaries):
                field = f"summaries[{index}]"
                if summary.body in seen:
                    raise InvalidInput(
                        N_("the body %(slug)r is given twice"), field=f"{field}.body", params={"slug": summary.body}
                    )
                seen.add(summary.body)
                await bodies.body_id(slug=summary.body, field=f"{field}.body")
                translations = clean_translations(
                    summary.translations, fields={"text"}, original_language=summary.language
                )
                replacements.append((summary.body, summary.text.strip(), summary.language, dump(translations)))

        async def replace_summaries() -> None:
            for body_slug, text, summary_language, translations_json in replacements:
                await AnnualReportSummary.delete().where(
                    (AnnualReportSummary.draft == row["id"]) & (AnnualReportSummary.body_slug == body_slug)
                )
                if text:
                    await AnnualReportSummary.insert(
                        AnnualReportSummary(
                            draft=row["id"],
                            body_slug=body_slug,
                            text=text,
                            language=summary_language,
                            translations=translations_json,
                        )
                    )

        target = writes.Target(
            table=AnnualReportDraft,
            row_id=row["id"],
            what=f"the {year} report",
            object_type="annual_report",
            object_id=year,
        )
        after = await writes.update(
            target,
            revision=data.revision,
            values=values,
            read=lambda: get_draft(year=year),
            before=before,
            audited=_audited,
            action="annual_report.edited",
            then=replace_summaries,
        )
    return after


def _editorial(row: dict[str, Any] | None, summaries: list[dict[str, Any]]) -> builder.Editorial:
    if row is None:
        return builder.NO_EDITORIAL
    return builder.Editorial(
        introduction=row["introduction"],
        language=row["language"],
        translations=load(row["translations"]),
        empty_priorities=row["empty_priorities"],
        summaries={
            item["body_slug"]: builder.EditorialSummary(
                text=item["text"], language=item["language"], translations=load(item["translations"])
            )
            for item in summaries
        },
    )


async def _check_body(body: str | None) -> None:
    if body is not None:
        await bodies.body_id(slug=body, field="body")


async def draft_model(
    *,
    year: int,
    language: str,
    body: str | None = None,
    source: src.ReportingSource | None = None,
    require_draft: bool = True,
) -> m.ReportModel:
    """The year's report from the data as it is now, with the draft's texts.

    404 without a draft, unless ``require_draft`` is off (the command line reports on the data alone).
    """
    await _check_body(body)
    row: dict[str, Any] | None = None
    summaries: list[dict[str, Any]] = []
    if require_draft or await _draft_row(year) is not None:
        row, summaries = await _draft(year)
    data = await builder.load_year(year, source=source)
    return builder.build_model(data, language=language, editorial=_editorial(row, summaries), body=body)


def content_digest(models: dict[str, m.ReportModel]) -> str:
    """What the report says in its three languages, without its stamp: equal for an unchanged report."""
    digest = hashlib.sha256()
    for language in LANGUAGES:
        digest.update(m.content_of(models[language]))
    return digest.hexdigest()


async def _latest_edition(year: int) -> dict[str, Any] | None:
    row = (
        await AnnualReportEdition.select(*_EDITION_FIELDS, AnnualReportEdition.content_digest)
        .where(AnnualReportEdition.year == year)
        .order_by(AnnualReportEdition.number, ascending=False)
        .first()
    )
    return dict(row) if row is not None else None


class DraftStatus(msgspec.Struct):
    latest_edition: EditionOut | None
    changed_since: bool  # the report would differ from the latest edition (always true without one)


async def draft_status(*, year: int, source: src.ReportingSource | None = None) -> DraftStatus:
    """Whether freezing now would give a new edition."""
    row, summaries = await _draft(year)
    data = await builder.load_year(year, source=source)
    editorial = _editorial(row, summaries)
    models = {language: builder.build_model(data, language=language, editorial=editorial) for language in LANGUAGES}
    latest = await _latest_edition(year)
    return DraftStatus(
        latest_edition=_edition_out(latest) if latest is not None else None,
        changed_since=latest is None or latest["content_digest"] != content_digest(models),
    )


async def freeze_edition(*, year: int, source: src.ReportingSource | None = None) -> EditionOut:
    """Freeze the year's report as it reads now into the next numbered edition, in the three languages."""
    async with transaction():
        row = await _draft_row(year)
        if row is None:
            raise NotFound(N_("no report has been started for %(year)s"), params={"year": year})
        if not is_sqlite():
            # Two secretariat members freezing at once: the second waits, then finds nothing changed.
            await AnnualReportDraft.select(AnnualReportDraft.id).where(AnnualReportDraft.id == row["id"]).lock_rows()
        summaries = await AnnualReportSummary.select().where(AnnualReportSummary.draft == row["id"])
        latest = await _latest_edition(year)
        number = (latest["number"] if latest is not None else 0) + 1
        data = await builder.load_year(year, source=source)
        editorial = _editorial(row, summaries)
        frozen_at, frozen_by = utc_now(), current_actor().label[:254]
        models = {
            language: builder.build_model(
                data,
                language=language,
                editorial=editorial,
                stamp=builder.stamp_for(number=number, frozen_at=frozen_at, frozen_by=frozen_by, language=language),
            )
            for language in LANGUAGES
        }
        digest = content_digest(models)
        if latest is not None and latest["content_digest"] == digest:
            raise Conflict(
                N_(
                    "nothing has changed since edition %(number)s of the %(year)s report: "
                    "change the data or the texts first"
                ),
                field="year",
                params={"number": latest["number"], "year": year},
            )
        frozen = N_("edition %(number)s of the %(year)s report was frozen by someone else meanwhile")
        async with integrity_errors(
            unique_field="year", unique_message=frozen, unique_params={"number": number, "year": year}
        ):
            await AnnualReportEdition.insert(
                AnnualReportEdition(
                    year=year,
                    number=number,
                    frozen_at=frozen_at,
                    frozen_by=frozen_by,
                    content_digest=digest,
                    model_en=m.encode(models["en"]).decode(),
                    model_fr=m.encode(models["fr"]).decode(),
                    model_es=m.encode(models["es"]).decode(),
                )
            )
        edition = EditionOut(year=year, number=number, frozen_at=frozen_at, frozen_by=frozen_by)
        await audit.record(
            action="annual_report.frozen",
            object_type="annual_report_edition",
            object_id=f"{year}/{number}",
            after=snapshot(edition),
        )
    return edition


async def list_editions(*, year: int) -> list[EditionOut]:
    rows = (
        await AnnualReportEdition.select(*_EDITION_FIELDS)
        .where(AnnualReportEdition.year == year)
        .order_by(AnnualReportEdition.number)
    )
    return [_edition_out(row) for row in rows]


async def edition_model(*, year: int, number: int, language: str, body: str | None = None) -> m.ReportModel:
    """A frozen edition's report, exactly as it was frozen (narrowed to one body if asked)."""
    if language not in MODEL_COLUMNS:
        raise InvalidInput(
            N_("unknown language %(language)r: use en, fr or es"), field="lang", params={"language": language}
        )
    row = (
        await AnnualReportEdition.select(MODEL_COLUMNS[language])
        .where((AnnualReportEdition.year == year) & (AnnualReportEdition.number == number))
        .first()
    )
    if row is None:
        raise NotFound(N_("the %(year)s report has no edition %(number)s"), params={"year": year, "number": number})
    frozen = m.decode(row[f"model_{language}"])
    return builder.narrow(frozen, body) if body is not None else frozen


# ---------------------------------------------------------------- files


async def render(model: m.ReportModel, format: Format) -> ExportedFile:
    """Export in a worker thread: a large PDF takes seconds, which must not stall the other requests."""
    return await anyio.to_thread.run_sync(export, model, format)


async def draft_file(
    *, year: int, language: str, format: Format, source: src.ReportingSource | None = None
) -> ExportedFile:
    """The draft as a file, rendered now from the live data; never written to the exports folder."""
    return await render(await draft_model(year=year, language=language, source=source), format)


async def edition_file(*, year: int, number: int, language: str, format: Format, exports_dir: Path) -> ExportedFile:
    """An edition's file from the exports folder, rendered and recorded in the manifest the first time."""
    found = files.stored(exports_dir, year=year, edition=number, language=language, format=format)
    if found is not None:
        return ExportedFile(content=found.path.read_bytes(), content_type=found.content_type, filename=found.filename)
    rendered = await render(await edition_model(year=year, number=number, language=language), format)
    files.store(
        exports_dir,
        year=year,
        edition=number,
        language=language,
        format=format,
        filename=rendered.filename,
        content=rendered.content,
        created_by=current_actor().label,
        created_at=utc_now(),
    )
    return rendered


def manifest(*, year: int, exports_dir: Path) -> Manifest:
    return files.read_manifest(exports_dir, year)


# ---------------------------------------------------------------- the scheduled draft


async def draft_after_last_period_closed(*, today: date, source: src.ReportingSource | None = None) -> list[int]:
    """Start the report of every recent year whose last reporting period has closed; the years started.

    Run daily by the job runner (``jobs.py``). Idempotent: a year already
    started is left alone, so two workers running it at once start it once.
    Telling the secretariat goes through the audit trail for now; the mail
    outbox takes it over when it is merged (see the lead's notes).
    """
    reporting = source or src.reporting_source()
    started: list[int] = []
    for year in (today.year - 1, today.year):
        last_day = await reporting.last_period_end(year)
        if last_day is None or last_day >= today or await _draft_row(year) is not None:
            continue
        settings = await network.get_network()
        try:
            await start_draft(year=year, language=settings.default_language)
        except Conflict:
            continue  # another worker started it meanwhile
        logger.info("the %s annual report was drafted: its last reporting period closed on %s", year, last_day)
        started.append(year)
    return started
