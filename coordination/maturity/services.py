"""Maturity self-assessments: frameworks (versioned), campaigns, members' assessments and the network's figures.

Every write is transactional and audited. Assessments change through ``audit.writes.update`` (the revision is
checked in the UPDATE itself, so a stale save is a 409 that overwrites nothing); the first save of a member's
assessment inserts its row, and the unique index on (campaign, member) turns a lost race into a 409.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import msgspec
from piccolo.columns import Column

from coordination.audit import services as audit
from coordination.audit.writes import Target
from coordination.audit.writes import update as audited_update
from coordination.core.actor import current_actor
from coordination.core.database import transaction
from coordination.core.errors import Conflict, FieldError, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.schemas import utc_now
from coordination.core.versioning import integrity_errors
from coordination.maturity import figures as calc
from coordination.maturity.enums import AssessmentState
from coordination.maturity.rules import MIN_PARTICIPANTS
from coordination.maturity.schemas import (
    AnswerOut,
    AssessmentOut,
    AssessmentSave,
    CampaignCreate,
    CampaignFigures,
    CampaignOut,
    FrameworkCreate,
    FrameworkOut,
    FrameworkRef,
    HistoryPoint,
    MemberHistory,
    SubmittedAssessment,
    ThemeIn,
)
from coordination.maturity.tables import (
    MaturityAnswer,
    MaturityAssessment,
    MaturityCampaign,
    MaturityFramework,
    MaturitySubmission,
)
from coordination.members import services as members


def text(local: dict[str, str], language: str) -> str:
    """A framework's text in ``language``, else in English, else in any language it has."""
    return local.get(language) or local.get("en") or next(iter(local.values()), "")


def _error(message: str, field: str, **params: Any) -> FieldError:
    return FieldError(field=field, message=message % params if params else message, template=message, params=params)


# ------------------------------------------------------------------ frameworks


def _framework_out(row: dict[str, Any]) -> FrameworkOut:
    return FrameworkOut(
        id=row["id"],
        slug=row["slug"],
        version=row["version"],
        name=_json(row["name"]),
        themes=msgspec.convert(_json(row["themes"]), list[ThemeIn]),
        created_at=row["created_at"],
        created_by=row["created_by"],
    )


def _json(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


def _check_framework(data: FrameworkCreate) -> None:
    errors: list[FieldError] = []
    if not data.name.get("en", "").strip():
        errors.append(_error(N_("give the name in English"), "name.en"))
    seen: set[str] = set()
    for index, theme in enumerate(data.themes):
        where = f"themes[{index}]"
        if theme.code in seen:
            errors.append(_error(N_("two themes have the code %(code)s"), f"{where}.code", code=theme.code))
        seen.add(theme.code)
        if not theme.title.get("en", "").strip():
            errors.append(_error(N_("give the title in English"), f"{where}.title.en"))
        if len(theme.levels) < 2:
            errors.append(_error(N_("a theme needs a scale of at least two levels"), f"{where}.levels"))
        for position, level in enumerate(theme.levels):
            if level.level != position + 1:
                errors.append(
                    _error(
                        N_("levels are numbered 1, 2, 3… in order: expected %(expected)s"),
                        f"{where}.levels[{position}].level",
                        expected=position + 1,
                    )
                )
            if not level.title.get("en", "").strip():
                errors.append(_error(N_("give the title in English"), f"{where}.levels[{position}].title.en"))
    if errors:
        raise InvalidInput(errors[0].template, errors=errors, params=errors[0].params)


async def create_framework(*, data: FrameworkCreate) -> FrameworkOut:
    """A new version of the framework ``data.slug``: earlier versions, and what was assessed against them, stay."""
    _check_framework(data)
    async with transaction():
        latest = (
            await MaturityFramework.select(MaturityFramework.version)
            .where(MaturityFramework.slug == data.slug)
            .order_by(MaturityFramework.version, ascending=False)
            .first()
        )
        version = (latest["version"] if latest else 0) + 1
        async with integrity_errors(
            unique_field="slug", unique_message="someone saved another version of this framework meanwhile"
        ):
            row = (
                await MaturityFramework.insert(
                    MaturityFramework(
                        slug=data.slug,
                        version=version,
                        name=msgspec.json.encode(data.name).decode(),
                        themes=msgspec.json.encode(data.themes).decode(),
                        created_at=utc_now(),
                        created_by=current_actor().label[:254],
                    )
                ).returning(MaturityFramework.id)
            )[0]
        created = await get_framework(framework_id=row["id"])
        await audit.record(
            action="maturity_framework.created",
            object_type="maturity_framework",
            object_id=f"{data.slug}@{version}",
            after=created,
        )
    return created


async def get_framework(*, framework_id: int) -> FrameworkOut:
    row = await MaturityFramework.select().where(MaturityFramework.id == framework_id).first()
    if row is None:
        raise NotFound(N_("no such framework"))
    return _framework_out(row)


async def latest_framework(*, slug: str, field: str = "framework") -> FrameworkOut:
    row = (
        await MaturityFramework.select()
        .where(MaturityFramework.slug == slug)
        .order_by(MaturityFramework.version, ascending=False)
        .first()
    )
    if row is None:
        raise InvalidInput(N_("no framework has the slug %(slug)s"), field=field, params={"slug": slug})
    return _framework_out(row)


async def list_frameworks() -> list[FrameworkOut]:
    """Every version of every framework, the latest first."""
    rows = (
        await MaturityFramework.select()
        .order_by(MaturityFramework.slug)
        .order_by(MaturityFramework.version, ascending=False)
    )
    return [_framework_out(row) for row in rows]


# ------------------------------------------------------------------ campaigns

_CAMPAIGN_COLUMNS = (
    MaturityCampaign.id,
    MaturityCampaign.slug,
    MaturityCampaign.name,
    MaturityCampaign.start_date,
    MaturityCampaign.end_date,
    MaturityCampaign.published,
    MaturityCampaign.revision,
    MaturityCampaign.framework.slug.as_alias("framework_slug"),
    MaturityCampaign.framework.version.as_alias("framework_version"),
    MaturityCampaign.framework.name.as_alias("framework_name"),
    MaturityCampaign.framework.id.as_alias("framework_id"),
)


def _campaign_out(row: dict[str, Any]) -> CampaignOut:
    return CampaignOut(
        slug=row["slug"],
        name=row["name"],
        start_date=row["start_date"],
        end_date=row["end_date"],
        framework=FrameworkRef(
            slug=row["framework_slug"], version=row["framework_version"], name=_json(row["framework_name"])
        ),
        published=row["published"],
        revision=row["revision"],
    )


async def _campaign_row(slug: str) -> dict[str, Any]:
    row = await MaturityCampaign.select(*_CAMPAIGN_COLUMNS).where(MaturityCampaign.slug == slug).first()
    if row is None:
        raise NotFound(N_("no campaign has the slug %(slug)s"), params={"slug": slug})
    return row


async def campaign_id(*, slug: str) -> int:
    return int((await _campaign_row(slug))["id"])


async def get_campaign(*, slug: str) -> CampaignOut:
    return _campaign_out(await _campaign_row(slug))


async def campaign_framework(*, slug: str) -> FrameworkOut:
    return await get_framework(framework_id=(await _campaign_row(slug))["framework_id"])


async def list_campaigns() -> list[CampaignOut]:
    """Every campaign, the latest first."""
    rows = await MaturityCampaign.select(*_CAMPAIGN_COLUMNS).order_by(MaturityCampaign.end_date, ascending=False)
    return [_campaign_out(row) for row in rows]


async def create_campaign(*, data: CampaignCreate) -> CampaignOut:
    """A campaign assessed against the latest version of ``data.framework``."""
    if data.end_date < data.start_date:
        raise InvalidInput(N_("the campaign cannot end before it starts"), field="end_date")
    framework = await latest_framework(slug=data.framework)
    now = utc_now()
    async with transaction():
        async with integrity_errors(unique_field="slug", unique_message="another campaign has this slug"):
            await MaturityCampaign.insert(
                MaturityCampaign(
                    slug=data.slug,
                    name=data.name,
                    start_date=data.start_date,
                    end_date=data.end_date,
                    framework=framework.id,
                    published=data.published,
                    created_at=now,
                    updated_at=now,
                )
            )
        created = await get_campaign(slug=data.slug)
        await audit.record(
            action="maturity_campaign.created", object_type="maturity_campaign", object_id=data.slug, after=created
        )
    return created


async def set_published(*, slug: str, revision: int, published: bool) -> CampaignOut:
    row = await _campaign_row(slug)
    return await audited_update(
        Target(MaturityCampaign, row["id"], Phrase(N_("campaign %(slug)r"), {"slug": slug}), "maturity_campaign", slug),
        revision=revision,
        values={"published": published},
        read=lambda: get_campaign(slug=slug),
        action="maturity_campaign.published" if published else "maturity_campaign.unpublished",
    )


# ------------------------------------------------------------------ assessments


async def _assessment_row(campaign_id: int, member_id: int) -> dict[str, Any] | None:
    return (
        await MaturityAssessment.select()
        .where((MaturityAssessment.campaign == campaign_id) & (MaturityAssessment.member == member_id))
        .first()
    )


async def get_assessment(*, campaign: str, member: str) -> AssessmentOut:
    """The member's assessment in the campaign; "not started" (revision 1, nothing answered) before its first save."""
    campaign_row = await _campaign_row(campaign)
    member_id = await members.member_id(slug=member)
    member_out = await members.get_member(slug=member, include_private=False)
    framework = await get_framework(framework_id=campaign_row["framework_id"])
    row = await _assessment_row(campaign_row["id"], member_id)
    answers: dict[str, dict[str, Any]] = {}
    if row is not None:
        stored = await MaturityAnswer.select().where(MaturityAnswer.assessment == row["id"])
        answers = {answer["theme"]: answer for answer in stored}
    return AssessmentOut(
        campaign=campaign,
        member=member,
        member_name=member_out.name,
        state=AssessmentState(row["state"]) if row else AssessmentState.not_started,
        shared=row["shared"] if row else False,
        revision=row["revision"] if row else 1,
        submissions=row["submissions"] if row else 0,
        submitted_at=row["submitted_at"] if row else None,
        answers=[
            AnswerOut(
                theme=theme.code,
                level=answers.get(theme.code, {}).get("level"),
                justification=answers.get(theme.code, {}).get("justification", ""),
                next_steps=answers.get(theme.code, {}).get("next_steps", ""),
            )
            for theme in framework.themes
        ],
    )


async def _ensure_row(campaign_id: int, member_id: int, revision: int) -> int:
    """The assessment's id, inserting its row on the first save (a save based on revision 1)."""
    row = await _assessment_row(campaign_id, member_id)
    if row is not None:
        return int(row["id"])
    if revision != 1:
        raise Conflict(N_("this assessment does not exist any more; reload the page"), field="revision")
    now = utc_now()
    async with integrity_errors(
        unique_field="revision", unique_message="someone started this assessment meanwhile; reload the page"
    ):
        inserted = await MaturityAssessment.insert(
            MaturityAssessment(
                campaign=campaign_id,
                member=member_id,
                state=AssessmentState.draft,
                created_at=now,
                updated_at=now,
            )
        ).returning(MaturityAssessment.id)
    return int(inserted[0]["id"])


def _check_answers(framework: FrameworkOut, data: AssessmentSave) -> None:
    themes = {theme.code: theme for theme in framework.themes}
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, answer in enumerate(data.answers):
        theme = themes.get(answer.theme)
        if theme is None:
            errors.append(
                _error(N_("this campaign has no theme %(theme)s"), f"answers[{index}].theme", theme=answer.theme)
            )
            continue
        if answer.theme in seen:
            errors.append(
                _error(N_("the theme %(theme)s is answered twice"), f"answers[{index}].theme", theme=answer.theme)
            )
        seen.add(answer.theme)
        top = max(level.level for level in theme.levels)
        if answer.level is not None and answer.level > top:
            errors.append(_error(N_("choose a level from 1 to %(top)s"), f"answers[{index}].level", top=top))
    if errors:
        raise InvalidInput(errors[0].template, errors=errors, params=errors[0].params)


async def save_answers(*, campaign: str, member: str, data: AssessmentSave) -> AssessmentOut:
    """Save some themes' answers as a draft, if the assessment is still at ``data.revision`` and not submitted."""
    campaign_row = await _campaign_row(campaign)
    member_id = await members.member_id(slug=member)
    framework = await get_framework(framework_id=campaign_row["framework_id"])
    _check_answers(framework, data)
    async with transaction():
        assessment_id = await _ensure_row(campaign_row["id"], member_id, data.revision)
        current = await _assessment_row(campaign_row["id"], member_id)
        if (
            current is not None
            and current["state"] == AssessmentState.submitted
            and current["revision"] == data.revision
        ):
            raise Conflict(N_("a submitted assessment cannot be changed"), field="state")

        async def write_answers() -> None:
            now = utc_now()
            for answer in data.answers:
                values: dict[Column | str, Any] = {
                    MaturityAnswer.level: answer.level,
                    MaturityAnswer.justification: answer.justification,
                    MaturityAnswer.next_steps: answer.next_steps,
                    MaturityAnswer.updated_at: now,
                }
                written = (
                    await MaturityAnswer.update(values)
                    .where((MaturityAnswer.assessment == assessment_id) & (MaturityAnswer.theme == answer.theme))
                    .returning(MaturityAnswer.id)
                )
                if not written:
                    await MaturityAnswer.insert(
                        MaturityAnswer(
                            assessment=assessment_id,
                            theme=answer.theme,
                            level=answer.level,
                            justification=answer.justification,
                            next_steps=answer.next_steps,
                            updated_at=now,
                        )
                    )

        return await audited_update(
            Target(
                MaturityAssessment,
                assessment_id,
                Phrase(N_("the assessment of %(member)r"), {"member": member}),
                "maturity_assessment",
                f"{campaign}/{member}",
            ),
            revision=data.revision,
            values={"state": AssessmentState.draft},
            read=lambda: get_assessment(campaign=campaign, member=member),
            action="maturity_assessment.saved",
            then=write_answers,
        )


async def submit(*, campaign: str, member: str, revision: int) -> AssessmentOut:
    """Freeze the draft as the next submission; every theme needs a level."""
    campaign_row = await _campaign_row(campaign)
    current = await get_assessment(campaign=campaign, member=member)
    if current.state is AssessmentState.submitted and current.revision == revision:
        raise Conflict(N_("this assessment is already submitted"), field="state")
    missing = [answer.theme for answer in current.answers if answer.level is None]
    if missing and current.revision == revision:
        raise InvalidInput(
            N_("choose a level for every theme before submitting (missing: %(themes)s)"),
            field=f"answers.{missing[0]}.level",
            params={"themes": ", ".join(missing)},
        )
    member_id = await members.member_id(slug=member)
    row = await _assessment_row(campaign_row["id"], member_id)
    if row is None:
        raise InvalidInput(N_("answer the questions before submitting"), field="answers")
    now = utc_now()

    async def freeze() -> None:
        answers = [msgspec.to_builtins(answer) for answer in current.answers]
        await MaturitySubmission.insert(
            MaturitySubmission(
                assessment=row["id"],
                number=row["submissions"] + 1,
                answers=msgspec.json.encode(answers).decode(),
                submitted_at=now,
                submitted_by=current_actor().label[:254],
            )
        )

    return await audited_update(
        Target(
            MaturityAssessment,
            row["id"],
            Phrase(N_("the assessment of %(member)r"), {"member": member}),
            "maturity_assessment",
            f"{campaign}/{member}",
        ),
        revision=revision,
        values={"state": AssessmentState.submitted, "submissions": row["submissions"] + 1, "submitted_at": now},
        read=lambda: get_assessment(campaign=campaign, member=member),
        action="maturity_assessment.submitted",
        then=freeze,
    )


async def _existing(campaign: str, member: str) -> dict[str, Any]:
    campaign_row = await _campaign_row(campaign)
    row = await _assessment_row(campaign_row["id"], await members.member_id(slug=member))
    if row is None:
        raise NotFound(N_("%(member)s has not started this assessment"), params={"member": member})
    return row


async def set_shared(*, campaign: str, member: str, revision: int, shared: bool) -> AssessmentOut:
    row = await _existing(campaign, member)
    return await audited_update(
        Target(
            MaturityAssessment,
            row["id"],
            Phrase(N_("the assessment of %(member)r"), {"member": member}),
            "maturity_assessment",
            f"{campaign}/{member}",
        ),
        revision=revision,
        values={"shared": shared},
        read=lambda: get_assessment(campaign=campaign, member=member),
        action="maturity_assessment.shared" if shared else "maturity_assessment.unshared",
    )


async def reopen(*, campaign: str, member: str, revision: int, reason: str) -> AssessmentOut:
    """The secretariat sends a submitted assessment back to draft; the submission keeps the reason."""
    row = await _existing(campaign, member)
    if row["state"] != AssessmentState.submitted and row["revision"] == revision:
        raise Conflict(N_("only a submitted assessment can be sent back"), field="state")

    async def note() -> None:
        await MaturitySubmission.update({MaturitySubmission.reopened_reason: reason}).where(
            (MaturitySubmission.assessment == row["id"]) & (MaturitySubmission.number == row["submissions"])
        )

    return await audited_update(
        Target(
            MaturityAssessment,
            row["id"],
            Phrase(N_("the assessment of %(member)r"), {"member": member}),
            "maturity_assessment",
            f"{campaign}/{member}",
        ),
        revision=revision,
        values={"state": AssessmentState.draft},
        read=lambda: get_assessment(campaign=campaign, member=member),
        action="maturity_assessment.reopened",
        then=note,
    )


class AssessmentListItem(msgspec.Struct):
    campaign: str
    member: str
    member_name: str
    state: AssessmentState
    shared: bool
    submitted_at: datetime | None


async def list_assessments(
    *, campaign: str | None = None, member_ids: Iterable[int] | None = None
) -> list[AssessmentListItem]:
    """Assessments started, of one campaign or all, of some members or all, the latest campaign first."""
    query = MaturityAssessment.select(
        MaturityAssessment.campaign.slug.as_alias("campaign_slug"),
        MaturityAssessment.member.slug.as_alias("member_slug"),
        MaturityAssessment.member.name.as_alias("member_name"),
        MaturityAssessment.state,
        MaturityAssessment.shared,
        MaturityAssessment.submitted_at,
    ).order_by(MaturityAssessment.campaign.end_date, ascending=False)
    if campaign is not None:
        query = query.where(MaturityAssessment.campaign.slug == campaign)
    if member_ids is not None:
        ids = list(member_ids)
        if not ids:
            return []
        query = query.where(MaturityAssessment.member.is_in(ids))
    rows = await query
    items = [
        AssessmentListItem(
            campaign=row["campaign_slug"],
            member=row["member_slug"],
            member_name=row["member_name"],
            state=AssessmentState(row["state"]),
            shared=row["shared"],
            submitted_at=row["submitted_at"],
        )
        for row in rows
    ]
    return sorted(items, key=lambda item: (item.campaign, item.member_name.casefold()))


# ------------------------------------------------------------------ figures


async def submitted_in(*, campaign_ids: list[int]) -> dict[int, list[SubmittedAssessment]]:
    """The latest submission of every member that submitted, per campaign."""
    if not campaign_ids:
        return {}
    rows = await MaturitySubmission.select(
        MaturitySubmission.number,
        MaturitySubmission.answers,
        MaturitySubmission.assessment.id.as_alias("assessment_id"),
        MaturitySubmission.assessment.submissions.as_alias("latest"),
        MaturitySubmission.assessment.shared.as_alias("shared"),
        MaturitySubmission.assessment._.campaign._.id.as_alias("campaign_id"),
        MaturitySubmission.assessment._.member._.slug.as_alias("member_slug"),
        MaturitySubmission.assessment._.member._.name.as_alias("member_name"),
    ).where(MaturitySubmission.assessment.campaign.is_in(campaign_ids))
    found: dict[int, list[SubmittedAssessment]] = {campaign_id: [] for campaign_id in campaign_ids}
    for row in rows:
        if row["number"] != row["latest"]:
            continue
        answers = _json(row["answers"])
        found[row["campaign_id"]].append(
            SubmittedAssessment(
                member=row["member_slug"],
                member_name=row["member_name"],
                shared=row["shared"],
                levels={answer["theme"]: answer["level"] for answer in answers if answer.get("level") is not None},
            )
        )
    for items in found.values():
        items.sort(key=lambda item: (item.member_name.casefold(), item.member))
    return found


async def campaign_figures(*, slug: str, language: str, with_progress: bool = False) -> CampaignFigures:
    """The network's picture in a campaign; members' progress (which names them) only ``with_progress``."""
    row = await _campaign_row(slug)
    campaign = _campaign_out(row)
    framework = await get_framework(framework_id=row["framework_id"])
    earlier = [
        item
        for item in await MaturityCampaign.select(
            MaturityCampaign.id, MaturityCampaign.slug, MaturityCampaign.framework.slug.as_alias("framework_slug")
        )
        .where(MaturityCampaign.end_date < row["end_date"])
        .order_by(MaturityCampaign.end_date, ascending=False)
        if item["framework_slug"] == row["framework_slug"]
    ]
    submitted = await submitted_in(campaign_ids=[row["id"], *(item["id"] for item in earlier)])
    now = submitted[row["id"]]
    themes = [calc.theme_figures(theme, text(theme.title, language), now) for theme in framework.themes]
    started = await MaturityAssessment.count().where(MaturityAssessment.campaign == row["id"])
    return CampaignFigures(
        campaign=campaign,
        language=language,
        participants=len(now),
        members_invited=started,
        comparable=len(now) >= MIN_PARTICIPANTS,
        themes=themes,
        weakest=calc.weakest(themes),
        progress=calc.progress(now, [(item["slug"], submitted[item["id"]]) for item in earlier])
        if with_progress
        else [],
    )


async def member_history(*, member: str, language: str) -> MemberHistory:
    """The member's submitted levels per campaign, beside the network's medians where at least 3 submitted."""
    member_out = await members.get_member(slug=member, include_private=False)
    campaigns = await MaturityCampaign.select(*_CAMPAIGN_COLUMNS).order_by(MaturityCampaign.end_date)
    submitted = await submitted_in(campaign_ids=[row["id"] for row in campaigns])
    points: list[HistoryPoint] = []
    themes: dict[str, str] = {}
    frameworks: dict[int, FrameworkOut] = {}
    for row in campaigns:
        mine = next((item for item in submitted[row["id"]] if item.member == member), None)
        if mine is None:
            continue
        if row["framework_id"] not in frameworks:
            frameworks[row["framework_id"]] = await get_framework(framework_id=row["framework_id"])
        framework = frameworks[row["framework_id"]]
        for theme in framework.themes:
            themes[theme.code] = text(theme.title, language)
        everyone = submitted[row["id"]]
        medians: dict[str, float] = {}
        if len(everyone) >= MIN_PARTICIPANTS:
            for theme in framework.themes:
                figures = calc.theme_figures(theme, "", everyone)
                if figures.median is not None:
                    medians[theme.code] = figures.median
        points.append(
            HistoryPoint(
                campaign=row["slug"],
                campaign_name=row["name"],
                end_date=row["end_date"],
                levels=mine.levels,
                network_median=medians,
            )
        )
    return MemberHistory(member=member, member_name=member_out.name, themes=list(themes.items()), points=points)


async def campaigns_of_year(*, year: int) -> list[CampaignOut]:
    """The campaigns that end in ``year``, the latest first."""
    return [campaign for campaign in await list_campaigns() if campaign.end_date.year == year]
