"""A report's content: pre-filled from the network's data, saved as a working copy, kept in versions, compared.

The template is seed 001's: the reporter's activities in the period under their strategic priority, each with
its status, percent done and a narrative; activities added, postponed or cancelled in the period (read from
the entries: "added in the period" is a tick, postponed and cancelled are statuses); the leadership terms that
began or ended in the period and the lead member's other roles (read from the network's records); and
highlights, each a title and a "summary of results" of at most two paragraphs. Texts are written in the
report's language and carry translations (``core.translated``).

A body's report covers the body's activities; a member's, the activities the member takes part in.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from typing import Any

import msgspec

from coordination.activities import services as activities
from coordination.activities.enums import ActivityStatus
from coordination.activities.schemas import ActivityOut
from coordination.audit import services as audit
from coordination.bodies import leadership
from coordination.bodies.enums import LeadershipRole
from coordination.bodies.schemas import LeadershipTermOut
from coordination.core.actor import current_actor
from coordination.core.database import transaction
from coordination.core.errors import Conflict, FieldError, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.pagination import MAX_LIMIT
from coordination.core.schemas import utc_now
from coordination.core.translated import clean_translations, dump, load
from coordination.network import services as network
from coordination.network.schemas import PriorityOut
from coordination.reporting import periods, timing
from coordination.reporting.attachments import attachments_out
from coordination.reporting.enums import EDITABLE_STATES, SLOT_STATE_LABELS, ReportAction, ReporterKind, SlotState
from coordination.reporting.schemas import (
    MAX_PARAGRAPHS,
    AttachmentOut,
    ComparedField,
    EntryOut,
    HighlightOut,
    LeadershipFact,
    LeadershipFacts,
    ReportContent,
    ReportOut,
    ReportSave,
    SlotOut,
    VersionComparison,
    VersionOut,
    VersionSummary,
)
from coordination.reporting.tables import (
    ReportAttachment,
    ReportEntry,
    ReportHighlight,
    ReportingSlot,
    ReportVersion,
)

WORKING_COPY = 0
# Roles that say who leads a body (seed 001: "continues to lead the work of the community").
LEADING_ROLES = frozenset(
    {LeadershipRole.lead, LeadershipRole.chair, LeadershipRole.president, LeadershipRole.co_chair}
)


class StaleReport(Conflict):
    """A save based on an old revision: nothing was written; ``current`` is the report as it is now."""

    def __init__(self, detail: str, *, current: ReportOut, params: dict[str, Any] | None = None) -> None:
        super().__init__(detail, field="revision", params=params)
        self.current = current


def _error(template: str, field: str, **params: Any) -> FieldError:
    """A refusal of one field, its message translatable (``template`` with ``params``)."""
    english = {name: str(value) if isinstance(value, Phrase) else value for name, value in params.items()}
    return FieldError(field, template % english if params else template, template, params)


# ------------------------------------------------------------------ what the reporter reports on


async def reporter_activities(slot: SlotOut) -> list[ActivityOut]:
    """Every activity the reporter may report on: the body's own, or those the member takes part in."""
    if slot.reporter.kind is ReporterKind.body:
        listed = await activities.list_activities(body=slot.reporter.slug, limit=MAX_LIMIT)
    else:
        listed = await activities.list_activities(member=slot.reporter.slug, limit=MAX_LIMIT)
    return listed.items


def _first_day(activity: ActivityOut) -> date | None:
    days = [day for day in (activity.planned.start if activity.planned else None, activity.actual_start) if day]
    return min(days) if days else None


def in_period(activity: ActivityOut, start: date, end: date) -> bool:
    """Planned or actual span overlapping the period; undated activities count while planned or ongoing."""
    planned = activity.planned
    dated = planned is not None or activity.actual_start is not None or activity.actual_end is not None
    if not dated:
        return activity.status in (ActivityStatus.planned, ActivityStatus.ongoing)
    if planned is not None and timing.overlaps(planned.start, planned.end, start, end):
        return True
    if activity.actual_start is None and activity.actual_end is None:
        return False
    return timing.overlaps(activity.actual_start, activity.actual_end, start, end)


def _entry_from_activity(activity: ActivityOut, *, language: str, start: date, end: date) -> EntryOut:
    first = _first_day(activity)
    return EntryOut(
        activity=activity.id,
        activity_title=activity.title,
        priority=activity.priority.code,
        priority_title=activity.priority.title,
        status=activity.status,
        progress_percent=activity.progress_percent,
        narrative="",
        added_in_period=first is not None and start <= first <= end,
        language=language,
        translations={},
    )


def _fact(term: LeadershipTermOut) -> LeadershipFact:
    return LeadershipFact(
        body=term.body,
        body_name=term.body_name,
        member=term.member,
        member_name=term.member_name,
        person_name=term.person_name,
        role=term.role.value,
        start_date=term.start_date,
        end_date=term.end_date,
    )


async def leadership_facts(slot: SlotOut) -> LeadershipFacts:
    """Terms begun or ended in the period, who leads at its end, and the lead member's other roles then."""
    start, end = slot.period.start_date, slot.period.end_date
    if slot.reporter.kind is ReporterKind.body:
        terms = (await leadership.list_terms(body_slug=slot.reporter.slug, limit=MAX_LIMIT)).items
    else:
        terms = (await leadership.list_terms(member_slug=slot.reporter.slug, limit=MAX_LIMIT)).items
    started = [_fact(term) for term in terms if start <= term.start_date <= end]
    ended = [_fact(term) for term in terms if term.end_date is not None and start <= term.end_date <= end]

    def running_at_end(term: LeadershipTermOut) -> bool:
        return term.start_date <= end and (term.end_date is None or term.end_date >= end)

    if slot.reporter.kind is ReporterKind.body:
        leads = [_fact(term) for term in terms if running_at_end(term) and term.role in LEADING_ROLES]
        lead_members = list(dict.fromkeys(fact.member for fact in leads))
    else:
        leads = []
        lead_members = [slot.reporter.slug]
    other_roles: list[LeadershipFact] = []
    for member_slug in lead_members:
        for term in (await leadership.list_terms(member_slug=member_slug, on=end, limit=MAX_LIMIT)).items:
            if slot.reporter.kind is ReporterKind.member or term.body != slot.reporter.slug:
                other_roles.append(_fact(term))
    return LeadershipFacts(started=started, ended=ended, leads=leads, other_roles=other_roles)


# ------------------------------------------------------------------ reading


def _sorted_entries(entries: list[EntryOut], priorities: list[PriorityOut]) -> list[EntryOut]:
    order = {priority.code: (priority.position, priority.code) for priority in priorities}
    return sorted(entries, key=lambda entry: order.get(entry.priority, (10_000, entry.priority)))


async def _attachments(ids: list[int] | None, *, slot_id: int) -> list[AttachmentOut]:
    """The slot's current attachments (``ids`` None), or those a version listed."""
    query = ReportAttachment.select().where(ReportAttachment.slot == slot_id).order_by(ReportAttachment.id)
    if ids is None:
        query = query.where(ReportAttachment.removed_at.is_null())
    elif not ids:
        return []
    else:
        query = query.where(ReportAttachment.id.is_in(ids))
    return attachments_out(await query)


async def _contents(
    version_rows: list[dict[str, Any]], *, slot: SlotOut, live_attachments: bool
) -> dict[int, ReportContent]:
    """The content of each version row, by version id, in three queries plus the priorities."""
    if not version_rows:
        return {}
    ids = [row["id"] for row in version_rows]
    priorities = await network.list_priorities()
    titles = {priority.code: priority.title for priority in priorities}
    entries: dict[int, list[EntryOut]] = defaultdict(list)
    for row in await ReportEntry.select().where(ReportEntry.version.is_in(ids)).order_by(ReportEntry.position):
        entries[row["version"]].append(
            EntryOut(
                activity=row["activity"],
                activity_title=row["activity_title"],
                priority=row["priority_code"],
                priority_title=titles.get(row["priority_code"], {}),
                status=ActivityStatus(row["status"]),
                progress_percent=row["progress_percent"],
                narrative=row["narrative"],
                added_in_period=row["added_in_period"],
                language=row["language"],
                translations=load(row["translations"]),
            )
        )
    highlights: dict[int, list[HighlightOut]] = defaultdict(list)
    for row in (
        await ReportHighlight.select().where(ReportHighlight.version.is_in(ids)).order_by(ReportHighlight.position)
    ):
        highlights[row["version"]].append(
            HighlightOut(
                title=row["title"],
                summary=row["summary"],
                language=row["language"],
                translations=load(row["translations"]),
            )
        )
    facts_now: LeadershipFacts | None = None
    result = {}
    for row in version_rows:
        stored = row["leadership"]
        facts_raw = json.loads(stored) if isinstance(stored, str) else stored
        if row["number"] == WORKING_COPY:
            facts_now = facts_now or await leadership_facts(slot)
            facts = facts_now
        else:
            facts = _facts_from_json(facts_raw)
        if live_attachments and row["number"] == WORKING_COPY:
            files = await _attachments(None, slot_id=slot.id)
        else:
            raw_ids = row["attachment_ids"]
            files = await _attachments(json.loads(raw_ids) if isinstance(raw_ids, str) else raw_ids, slot_id=slot.id)
        result[row["id"]] = ReportContent(
            language=row["language"],
            leadership_note=row["leadership_note"],
            translations=load(row["translations"]),
            entries=_sorted_entries(entries[row["id"]], priorities),
            highlights=highlights[row["id"]],
            leadership=facts,
            attachments=files,
        )
    return result


def _facts_from_json(raw: Any) -> LeadershipFacts:
    if not raw:
        return LeadershipFacts()
    return msgspec.convert(raw, LeadershipFacts)


async def _version_rows(slot_id: int, numbers: list[int] | None = None) -> list[dict[str, Any]]:
    query = ReportVersion.select().where(ReportVersion.slot == slot_id).order_by(ReportVersion.number)
    if numbers is not None:
        query = query.where(ReportVersion.number.is_in(numbers))
    return list(await query)


async def prefilled(slot: SlotOut, *, language: str) -> ReportContent:
    """A report not yet started, as the service's data fills it in."""
    start, end = slot.period.start_date, slot.period.end_date
    chosen = [activity for activity in await reporter_activities(slot) if in_period(activity, start, end)]
    priorities = await network.list_priorities()
    entries = [_entry_from_activity(activity, language=language, start=start, end=end) for activity in chosen]
    return ReportContent(
        language=language,
        leadership_note="",
        translations={},
        entries=_sorted_entries(entries, priorities),
        highlights=[],
        leadership=await leadership_facts(slot),
        attachments=await _attachments(None, slot_id=slot.id),
    )


async def get_report(*, slot_id: int, language: str = "en") -> ReportOut:
    """The working copy; pre-filled (``saved`` false) when nobody has saved it yet, in ``language``."""
    slot = await periods.get_slot(slot_id=slot_id)
    rows = await _version_rows(slot_id, [WORKING_COPY])
    if not rows:
        return ReportOut(
            slot=slot_id,
            state=slot.state,
            revision=slot.revision,
            saved=False,
            content=await prefilled(slot, language=language),
            updated_at=None,
        )
    content = (await _contents(rows, slot=slot, live_attachments=True))[rows[0]["id"]]
    return ReportOut(
        slot=slot_id,
        state=slot.state,
        revision=slot.revision,
        saved=True,
        content=content,
        updated_at=rows[0]["updated_at"],
    )


def _summary(row: dict[str, Any], approved_version: int) -> VersionSummary:
    return VersionSummary(
        number=row["number"],
        submitted_as=SlotState(row["submitted_as"]),
        submitted_at=row["submitted_at"],
        submitted_by=row["submitted_by"],
        approved=row["number"] == approved_version,
    )


async def list_versions(*, slot_id: int) -> list[VersionSummary]:
    """Every submission, the first first; ``approved`` marks the one approved (if any)."""
    slot = await periods.slot_row(slot_id=slot_id)
    rows = [row for row in await _version_rows(slot_id) if row["number"] != WORKING_COPY]
    return [_summary(row, slot["approved_version"]) for row in rows]


async def get_version(*, slot_id: int, number: int) -> VersionOut:
    slot = await periods.get_slot(slot_id=slot_id)
    rows = await _version_rows(slot_id, [number])
    if not rows or number == WORKING_COPY:
        raise NotFound(N_("report %(slot)s has no version %(number)s"), params={"slot": slot_id, "number": number})
    content = (await _contents(rows, slot=slot, live_attachments=False))[rows[0]["id"]]
    summary = _summary(rows[0], slot.approved_version)
    return VersionOut(
        number=number,
        submitted_as=summary.submitted_as,
        submitted_at=summary.submitted_at,
        submitted_by=summary.submitted_by,
        approved=summary.approved,
        content=content,
    )


# ------------------------------------------------------------------ comparing


ASPECTS = ("status", "progress_percent", "added_in_period", "narrative")


def _flat(content: ReportContent) -> dict[str, tuple[str, str, str, str, str]]:
    """Field path -> (section, subject, aspect, language, value as text)."""
    fields: dict[str, tuple[str, str, str, str, str]] = {
        "language": ("report", "", "language", "", content.language),
        "leadership_note": ("report", "", "leadership_note", "", content.leadership_note),
    }
    for language, texts in sorted(content.translations.items()):
        for name, text in sorted(texts.items()):
            fields[f"translations.{language}.{name}"] = ("report", "", name, language, text)
    for entry in content.entries:
        key = (
            f"entries[activity={entry.activity}]" if entry.activity is not None else f"entries[{entry.activity_title}]"
        )
        values = {
            "status": entry.status.value,
            "progress_percent": str(entry.progress_percent),
            "added_in_period": "yes" if entry.added_in_period else "no",
            "narrative": entry.narrative,
        }
        for aspect in ASPECTS:
            fields[f"{key}.{aspect}"] = ("activities", entry.activity_title, aspect, "", values[aspect])
        for language, texts in sorted(entry.translations.items()):
            for name, text in sorted(texts.items()):
                fields[f"{key}.translations.{language}.{name}"] = (
                    "activities",
                    entry.activity_title,
                    name,
                    language,
                    text,
                )
    for position, highlight in enumerate(content.highlights, start=1):
        key = f"highlights[{position}]"
        fields[f"{key}.title"] = ("highlights", str(position), "title", "", highlight.title)
        fields[f"{key}.summary"] = ("highlights", str(position), "summary", "", highlight.summary)
        for language, texts in sorted(highlight.translations.items()):
            for name, text in sorted(texts.items()):
                fields[f"{key}.translations.{language}.{name}"] = ("highlights", str(position), name, language, text)
    names = [attachment.file_name for attachment in content.attachments]
    fields["attachments"] = ("attachments", "", "attachments", "", "\n".join(names))
    return fields


def compare_contents(before: ReportContent, after: ReportContent) -> list[ComparedField]:
    """Field by field, in the order of the later version (fields only in the earlier one follow)."""
    old, new = _flat(before), _flat(after)
    result = []
    for path in dict.fromkeys([*new, *old]):
        section, subject, aspect, language, _ = new.get(path) or old[path]
        left = old[path][4] if path in old else ""
        right = new[path][4] if path in new else ""
        label = " — ".join(part for part in (subject, aspect.replace("_", " "), language) if part)
        result.append(
            ComparedField(
                field=path,
                section=section,
                subject=subject,
                aspect=aspect,
                language=language,
                label=label,
                before=left,
                after=right,
                changed=left != right,
            )
        )
    return result


async def compare_versions(*, slot_id: int, before: int, after: int) -> VersionComparison:
    """Two versions side by side (0 is the working copy)."""
    slot = await periods.get_slot(slot_id=slot_id)
    rows = {row["number"]: row for row in await _version_rows(slot_id, sorted({before, after}))}
    for number, name in ((before, "from"), (after, "to")):
        if number not in rows:
            raise InvalidInput(
                N_("report %(slot)s has no version %(number)s"), field=name, params={"slot": slot_id, "number": number}
            )
    contents = await _contents(list(rows.values()), slot=slot, live_attachments=True)
    fields = compare_contents(contents[rows[before]["id"]], contents[rows[after]["id"]])
    return VersionComparison(slot=slot_id, before=before, after=after, fields=fields)


# ------------------------------------------------------------------ saving


def _check_paragraphs(text: str, *, field: str, errors: list[FieldError]) -> None:
    if timing.count_paragraphs(text) > MAX_PARAGRAPHS:
        errors.append(_error(N_("a summary of results is at most %(count)s paragraphs"), field, count=MAX_PARAGRAPHS))


def _clean(value: Any, *, fields: list[str], language: str, where: str, errors: list[FieldError]) -> dict[str, Any]:
    try:
        return clean_translations(value, fields=fields, original_language=language)
    except InvalidInput as exc:
        errors.extend(
            FieldError(f"{where}{error.field}", error.message, error.template, error.params) for error in exc.errors
        )
        return {}


async def _check_save(slot: SlotOut, data: ReportSave) -> tuple[dict[int, ActivityOut], list[dict[str, Any]]]:
    """Every rule on the report as it would be saved; all errors at once, naming their fields."""
    errors: list[FieldError] = []
    reportable = {activity.id: activity for activity in await reporter_activities(slot)}
    seen: set[int] = set()
    cleaned: list[dict[str, Any]] = []
    for index, entry in enumerate(data.entries):
        where = f"entries[{index}]."
        if entry.activity not in reportable:
            if slot.reporter.kind is ReporterKind.body:
                errors.append(
                    _error(
                        N_("activity %(id)s is not one of the body's activities"), f"{where}activity", id=entry.activity
                    )
                )
            else:
                errors.append(
                    _error(
                        N_("activity %(id)s is not one of the member's activities"),
                        f"{where}activity",
                        id=entry.activity,
                    )
                )
        elif entry.activity in seen:
            errors.append(_error(N_("activity %(id)s is reported on twice"), f"{where}activity", id=entry.activity))
        seen.add(entry.activity)
        if entry.status is ActivityStatus.completed and entry.progress_percent != 100:
            errors.append(
                _error(
                    N_("a completed activity is 100%% done, not %(progress)s%%"),
                    f"{where}progress_percent",
                    progress=entry.progress_percent,
                )
            )
        translations = _clean(
            entry.translations, fields=["narrative"], language=data.language, where=where, errors=errors
        )
        cleaned.append({"translations": translations})
    for index, highlight in enumerate(data.highlights):
        where = f"highlights[{index}]."
        _check_paragraphs(highlight.summary, field=f"{where}summary", errors=errors)
        translations = _clean(
            highlight.translations, fields=["title", "summary"], language=data.language, where=where, errors=errors
        )
        for language, texts in translations.items():
            _check_paragraphs(texts.get("summary", ""), field=f"{where}translations.{language}.summary", errors=errors)
        cleaned.append({"translations": translations})
    _clean(data.translations, fields=["leadership_note"], language=data.language, where="", errors=errors)
    if errors:
        raise InvalidInput(errors[0].template, errors=errors, params=errors[0].params)
    return reportable, cleaned


async def save_report(*, slot_id: int, data: ReportSave, now: datetime | None = None) -> ReportOut:
    """Replace the working copy with ``data``, if the slot is still at ``data.revision`` and may be edited.

    Not started becomes draft; a returned report stays returned until it is submitted again.
    """
    slot = await periods.get_slot(slot_id=slot_id)
    reportable, cleaned = await _check_save(slot, data)
    async with transaction():
        row = await periods.slot_row(slot_id=slot_id, lock=True)
        state = SlotState(row["state"])
        if row["revision"] != data.revision:
            current = await get_report(slot_id=slot_id, language=data.language)
            raise StaleReport(
                N_(
                    "this report was saved by someone else since you opened it (revision %(current)s, "
                    "yours %(yours)s); nothing was overwritten: compare, then apply your change again"
                ),
                current=current,
                params={"current": row["revision"], "yours": data.revision},
            )
        if state not in EDITABLE_STATES:
            raise Conflict(
                N_("a %(state)s report cannot be changed"),
                field="state",
                params={"state": Phrase(SLOT_STATE_LABELS[state], lowercase=True)},
            )
        before = await get_report(slot_id=slot_id, language=data.language)
        version_id = await _write_working_copy(
            slot_id=slot_id, data=data, reportable=reportable, cleaned=cleaned, existing=before.saved
        )
        new_state = SlotState.draft if state is SlotState.not_started else state
        await ReportingSlot.update(
            {
                ReportingSlot.state: new_state.value,
                ReportingSlot.revision: ReportingSlot.revision + 1,
                ReportingSlot.updated_at: utc_now(),
            }
        ).where(ReportingSlot.id == slot_id)
        await ReportVersion.update({ReportVersion.updated_at: utc_now()}).where(ReportVersion.id == version_id)
        after = await get_report(slot_id=slot_id, language=data.language)
        if state is SlotState.not_started:
            await periods.record_transition(
                slot_id=slot_id, action=ReportAction.start, from_state=state, to_state=new_state, at=now
            )
        changed = [field.field for field in compare_contents(before.content, after.content) if field.changed]
        await audit.record(
            action="report.saved",
            object_type="reporting_slot",
            object_id=slot_id,
            before={"revision": data.revision},
            after={"changed": changed},
        )
    return after


async def _write_working_copy(
    *,
    slot_id: int,
    data: ReportSave,
    reportable: dict[int, ActivityOut],
    cleaned: list[dict[str, Any]],
    existing: bool,
) -> int:
    now = utc_now()
    translations = clean_translations(data.translations, fields=["leadership_note"], original_language=data.language)
    values: dict[Any, Any] = {
        "language": data.language,
        "leadership_note": data.leadership_note.strip(),
        "translations": dump(translations),
    }
    if existing:
        version = await ReportVersion.select(ReportVersion.id).where(
            (ReportVersion.slot == slot_id) & (ReportVersion.number == WORKING_COPY)
        )
        version_id = int(version[0]["id"])
        await ReportVersion.update(values).where(ReportVersion.id == version_id)
        await ReportEntry.delete().where(ReportEntry.version == version_id)
        await ReportHighlight.delete().where(ReportHighlight.version == version_id)
    else:
        rows = await ReportVersion.insert(
            ReportVersion(slot=slot_id, number=WORKING_COPY, created_at=now, updated_at=now, **values)
        ).returning(ReportVersion.id)
        version_id = int(rows[0]["id"])
    codes = sorted({reportable[entry.activity].priority.code for entry in data.entries})
    priority_ids = {code: await network.priority_id(code=code) for code in codes}
    if data.entries:
        await ReportEntry.insert(
            *(
                ReportEntry(
                    version=version_id,
                    activity=entry.activity,
                    activity_title=reportable[entry.activity].title,
                    priority=priority_ids[reportable[entry.activity].priority.code],
                    priority_code=reportable[entry.activity].priority.code,
                    position=position,
                    status=entry.status.value,
                    progress_percent=entry.progress_percent,
                    added_in_period=entry.added_in_period,
                    narrative=entry.narrative.strip(),
                    language=data.language,
                    translations=dump(cleaned[position]["translations"]),
                )
                for position, entry in enumerate(data.entries)
            )
        )
    if data.highlights:
        offset = len(data.entries)
        await ReportHighlight.insert(
            *(
                ReportHighlight(
                    version=version_id,
                    position=position,
                    title=highlight.title.strip(),
                    summary=highlight.summary.strip(),
                    language=data.language,
                    translations=dump(cleaned[offset + position]["translations"]),
                )
                for position, highlight in enumerate(data.highlights)
            )
        )
    return version_id


async def copy_working_copy(*, slot: SlotOut, number: int, submitted_as: SlotState, now: datetime | None = None) -> int:
    """Freeze the working copy as version ``number`` (a submission); returns the new version's id."""
    rows = await _version_rows(slot.id, [WORKING_COPY])
    if not rows:
        raise Conflict(N_("save the report before submitting it"), field="state")
    draft = rows[0]
    actor = current_actor()
    now = now or utc_now()
    facts = await leadership_facts(slot)
    files = await _attachments(None, slot_id=slot.id)
    inserted = await ReportVersion.insert(
        ReportVersion(
            slot=slot.id,
            number=number,
            submitted_as=submitted_as.value,
            language=draft["language"],
            leadership_note=draft["leadership_note"],
            translations=draft["translations"]
            if isinstance(draft["translations"], str)
            else dump(draft["translations"]),
            leadership=msgspec.json.encode(facts).decode(),
            attachment_ids=json.dumps([attachment.id for attachment in files]),
            submitted_at=now,
            submitted_by=actor.label[:254],
            submitted_by_user_id=actor.user_id,
            created_at=now,
            updated_at=now,
        )
    ).returning(ReportVersion.id)
    version_id = int(inserted[0]["id"])
    entries = await ReportEntry.select().where(ReportEntry.version == draft["id"])
    if entries:
        await ReportEntry.insert(*(ReportEntry(**{**_without_id(entry), "version": version_id}) for entry in entries))
    highlights = await ReportHighlight.select().where(ReportHighlight.version == draft["id"])
    if highlights:
        await ReportHighlight.insert(
            *(ReportHighlight(**{**_without_id(item), "version": version_id}) for item in highlights)
        )
    return version_id


def _without_id(row: dict[str, Any]) -> dict[str, Any]:
    copied = {key: value for key, value in row.items() if key != "id"}
    if not isinstance(copied.get("translations", ""), str):
        copied["translations"] = dump(copied["translations"])
    return copied


async def approved_content(*, slot_id: int) -> tuple[int, ReportContent] | None:
    """The approved version's number and content, or None when the report is not approved."""
    row = await periods.slot_row(slot_id=slot_id)
    if row["state"] != SlotState.approved.value:
        return None
    version = await get_version(slot_id=slot_id, number=row["approved_version"])
    return version.number, version.content
