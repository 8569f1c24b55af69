"""The report form of the pages: HTML form fields to a ``ReportSave`` and back, with errors named by field.

The form lists every activity the reporter may report on, each with an "include" box (ticked for those in
the report), so adding an activity of another period is one tick; highlights come with empty rows to fill.
The same parsing serves the form post and the page's autosave (which sends the same fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import msgspec

from coordination.activities.schemas import ActivityOut
from coordination.core import forms as core_forms
from coordination.core.errors import FieldError, ServiceError
from coordination.core.i18n import LANGUAGES
from coordination.reporting.schemas import ReportContent, ReportSave

BLANK_HIGHLIGHTS = 2  # empty highlight rows offered below the written ones


@dataclass
class EntryRow:
    index: int
    activity: int
    title: str
    priority: str
    include: bool
    status: str
    progress: str
    added: bool
    narrative: str
    translations: dict[str, str] = field(default_factory=dict)  # language -> narrative


@dataclass
class HighlightRow:
    index: int
    title: str
    summary: str
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> field -> text


@dataclass
class ReportForm:
    revision: int
    language: str
    leadership_note: str
    note_translations: dict[str, str]
    entries: list[EntryRow]
    highlights: list[HighlightRow]
    errors: dict[str, str] = field(default_factory=dict)  # form field name (or "") -> message


def from_content(content: ReportContent, *, revision: int, reportable: list[ActivityOut]) -> ReportForm:
    """The form as the report stands: its entries first (included), then the reporter's other activities."""
    entries: list[EntryRow] = []
    reported = {entry.activity for entry in content.entries}
    for entry in content.entries:
        if entry.activity is None:
            continue  # an activity deleted since: the saved versions keep it, the form cannot report on it
        entries.append(
            EntryRow(
                index=len(entries),
                activity=entry.activity,
                title=entry.activity_title,
                priority=entry.priority,
                include=True,
                status=entry.status.value,
                progress=str(entry.progress_percent),
                added=entry.added_in_period,
                narrative=entry.narrative,
                translations={lang: texts.get("narrative", "") for lang, texts in entry.translations.items()},
            )
        )
    for activity in reportable:
        if activity.id in reported:
            continue
        entries.append(
            EntryRow(
                index=len(entries),
                activity=activity.id,
                title=activity.title,
                priority=activity.priority.code,
                include=False,
                status=activity.status.value,
                progress=str(activity.progress_percent),
                added=False,
                narrative="",
            )
        )
    highlights = [
        HighlightRow(index=index, title=item.title, summary=item.summary, translations=dict(item.translations))
        for index, item in enumerate(content.highlights)
    ]
    for _ in range(BLANK_HIGHLIGHTS):
        highlights.append(HighlightRow(index=len(highlights), title="", summary=""))
    return ReportForm(
        revision=revision,
        language=content.language,
        leadership_note=content.leadership_note,
        note_translations={lang: texts.get("leadership_note", "") for lang, texts in content.translations.items()},
        entries=entries,
        highlights=highlights,
    )


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def from_fields(form: Any, *, reportable: list[ActivityOut]) -> tuple[ReportForm, dict[str, Any]]:
    """The form as sent, and the ``ReportSave`` payload it makes (not yet validated)."""
    titles = {activity.id: activity for activity in reportable}
    revision_text = _text(form, "revision")
    language = _text(form, "language")
    entries: list[EntryRow] = []
    index = 0
    while f"entry-{index}-activity" in form:
        activity_text = _text(form, f"entry-{index}-activity")
        activity_id = int(activity_text) if activity_text.isdigit() else 0
        known = titles.get(activity_id)
        entries.append(
            EntryRow(
                index=index,
                activity=activity_id,
                title=known.title if known else "",
                priority=known.priority.code if known else "",
                include=bool(form.get(f"entry-{index}-include")),
                status=_text(form, f"entry-{index}-status"),
                progress=_text(form, f"entry-{index}-progress"),
                added=bool(form.get(f"entry-{index}-added")),
                narrative=_text(form, f"entry-{index}-narrative"),
                translations={lang: _text(form, f"entry-{index}-tr-{lang}-narrative") for lang in LANGUAGES},
            )
        )
        index += 1
    highlights: list[HighlightRow] = []
    index = 0
    while f"highlight-{index}-title" in form:
        highlights.append(
            HighlightRow(
                index=index,
                title=_text(form, f"highlight-{index}-title"),
                summary=_text(form, f"highlight-{index}-summary"),
                translations={
                    lang: {
                        "title": _text(form, f"highlight-{index}-tr-{lang}-title"),
                        "summary": _text(form, f"highlight-{index}-tr-{lang}-summary"),
                    }
                    for lang in LANGUAGES
                },
            )
        )
        index += 1
    parsed = ReportForm(
        revision=int(revision_text) if revision_text.isdigit() else 0,
        language=language,
        leadership_note=_text(form, "leadership_note"),
        note_translations={lang: _text(form, f"leadership_note-tr-{lang}") for lang in LANGUAGES},
        entries=entries,
        highlights=highlights,
    )
    return parsed, payload_of(parsed)


def _progress(text: str) -> Any:
    return int(text) if text.strip().isdigit() else text


def _translations(texts: dict[str, dict[str, str]], language: str) -> dict[str, dict[str, str]]:
    return {
        lang: {name: text for name, text in fields.items() if text.strip()}
        for lang, fields in texts.items()
        if lang != language and any(text.strip() for text in fields.values())
    }


def payload_of(parsed: ReportForm) -> dict[str, Any]:
    included = [entry for entry in parsed.entries if entry.include]
    written = [item for item in parsed.highlights if item.title.strip() or item.summary.strip()]
    return {
        "revision": parsed.revision,
        "language": parsed.language,
        "leadership_note": parsed.leadership_note,
        "translations": _translations(
            {lang: {"leadership_note": text} for lang, text in parsed.note_translations.items()}, parsed.language
        ),
        "entries": [
            {
                "activity": entry.activity,
                "status": entry.status,
                "progress_percent": _progress(entry.progress),
                "narrative": entry.narrative,
                "added_in_period": entry.added,
                "translations": _translations(
                    {lang: {"narrative": text} for lang, text in entry.translations.items()}, parsed.language
                ),
            }
            for entry in included
        ],
        "highlights": [
            {
                "title": item.title,
                "summary": item.summary,
                "translations": _translations(item.translations, parsed.language),
            }
            for item in written
        ],
    }


def _form_field(parsed: ReportForm, path: str) -> str:
    """Where a ``ReportSave`` error points in the form: ``entries[1].narrative`` -> ``entry-3-narrative``."""
    match = re.match(r"^(entries|highlights)\[(\d+)\]\.?(.*)$", path)
    if match is None:
        return {"leadership_note": "leadership_note", "language": "language"}.get(path.split(".")[0], "")
    position, rest = int(match.group(2)), match.group(3)
    if match.group(1) == "entries":
        included = [entry for entry in parsed.entries if entry.include]
        if position >= len(included):
            return ""
        name = {"progress_percent": "progress", "added_in_period": "added"}.get(rest.split(".")[0], rest.split(".")[0])
        if rest.startswith("translations."):
            parts = rest.split(".")
            return f"entry-{included[position].index}-tr-{parts[1]}-narrative" if len(parts) > 2 else ""
        return f"entry-{included[position].index}-{name}"
    written = [item for item in parsed.highlights if item.title.strip() or item.summary.strip()]
    if position >= len(written):
        return ""
    if rest.startswith("translations."):
        parts = rest.split(".")
        return f"highlight-{written[position].index}-tr-{parts[1]}-{parts[2]}" if len(parts) > 2 else ""
    return f"highlight-{written[position].index}-{rest}"


def validate(parsed: ReportForm, payload: dict[str, Any]) -> ReportSave:
    """The payload as a ``ReportSave``; a ``ServiceError`` naming the form's fields otherwise."""
    try:
        return msgspec.convert(payload, ReportSave)
    except msgspec.ValidationError as exc:
        raise core_forms.every_refusal(payload, ReportSave, exc) from exc


def errors_for(parsed: ReportForm, exc: ServiceError, language: str) -> dict[str, str]:
    """The refusal's messages in ``language`` by form field."""
    errors: dict[str, str] = {}
    for error in exc.errors or [FieldError("", exc.detail, exc.template, exc.params)]:
        errors.setdefault(_form_field(parsed, error.field), error.message_in(language))
    return errors
