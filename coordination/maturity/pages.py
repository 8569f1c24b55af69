"""The maturity pages: the hub, frameworks, campaigns, a member's assessment question by question, its history,
and the network's view with charts and exports.

The assessment is filled in one theme per page (a form that works without JavaScript and on a phone): each
"Save" writes that theme's answer as a draft, based on the assessment's revision (a stale one is a 409 page
showing the person's text back); the overview submits once every theme has a level.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from coordination.accounts.guards import SignInRequired, principal_of, require, secretariat_only, signed_in
from coordination.core import forms, i18n
from coordination.core.errors import Conflict, InvalidInput, ServiceError
from coordination.core.i18n import N_
from coordination.core.pages import found, page, page_language
from coordination.maturity import charts, exports, rules
from coordination.maturity import services as maturity
from coordination.maturity.enums import ASSESSMENT_STATE_LABELS, AssessmentState
from coordination.maturity.schemas import (
    AssessmentSave,
    CampaignCreate,
    CampaignFigures,
    FrameworkCreate,
    FrameworkOut,
)
from coordination.members import services as members

STALE_MESSAGE = N_(
    "Someone else saved this assessment since you opened it: nothing was overwritten. Your answer is shown "
    "below; save again to replace theirs with it."
)


def _convert(payload: Any, schema: type[Any]) -> Any:
    """msgspec's "Expected `int` <= 10 - at `$.answers[0].level`" as a 400 naming the field."""
    try:
        return msgspec.convert(payload, schema, strict=False)
    except msgspec.ValidationError as exc:
        raise forms.every_refusal(payload, schema, exc) from exc


def _errors(request: Request[Any, Any, Any], exc: ServiceError) -> dict[str, str]:
    """The errors by form field: ``answers[0].level`` is the form's ``level``; "" for the form as a whole."""
    language = page_language(request)
    if not exc.errors:
        return {"": exc.message_in(language)}
    shown: dict[str, str] = {}
    for error in exc.errors:
        name = re.sub(r"\[\d+\]", "", error.field).split(".")[-1] if error.field else ""
        shown.setdefault(name, error.message_in(language))
    return shown


def _labels(language: str) -> dict[str, str]:
    return {
        "level_label": i18n.gettext(language, N_("Level")),
        "members_label": i18n.gettext(language, N_("Members")),
        "median_label": i18n.gettext(language, N_("median")),
    }


async def _member_id(request: Request[Any, Any, Any], slug: str) -> int:
    return await found(request, members.member_id(slug=slug))


# ------------------------------------------------------------------ the hub


@get("/maturity", include_in_schema=False, guards=[signed_in])
async def maturity_home(request: Request[Any, Any, Any]) -> Template:
    """My members' assessments per campaign; for the secretariat, every campaign and the frameworks."""
    principal = principal_of(request)
    campaigns = await maturity.list_campaigns()
    mine = sorted(principal.focal_member_ids)
    started = {(item.campaign, item.member): item for item in await maturity.list_assessments(member_ids=mine)}
    my_members = [await members.get_member(slug=slug, include_private=False) for slug in await _slugs(mine)]
    rows = [
        (campaign, member, started.get((campaign.slug, member.slug))) for campaign in campaigns for member in my_members
    ]
    shared = [
        item for item in await maturity.list_assessments() if item.shared and item.state is AssessmentState.submitted
    ]
    return await page(
        request,
        "maturity/home.html",
        campaigns=campaigns,
        rows=rows,
        my_members=my_members,
        shared=shared,
        can_manage=rules.can_manage(principal),
        state_labels=ASSESSMENT_STATE_LABELS,
    )


async def _slugs(member_ids: list[int]) -> list[str]:
    summaries = await members.summaries(ids=member_ids)
    return sorted(summary.slug for summary in summaries.values())


# ------------------------------------------------------------------ frameworks


async def _frameworks_page(
    request: Request[Any, Any, Any],
    *,
    status_code: int = 200,
    source: str | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    frameworks = await maturity.list_frameworks()
    if source is None:
        latest = frameworks[0] if frameworks else None
        source = (
            msgspec.json.format(
                msgspec.json.encode({"slug": latest.slug, "name": latest.name, "themes": latest.themes}), indent=2
            ).decode()
            if latest
            else ""
        )
    return await page(
        request,
        "maturity/frameworks.html",
        status_code=status_code,
        frameworks=frameworks,
        source=source,
        errors=errors or {},
    )


@get("/maturity/frameworks", include_in_schema=False, guards=[secretariat_only])
async def framework_list(request: Request[Any, Any, Any]) -> Template:
    """Every version of every framework, and a form to write the next version (JSON, pre-filled)."""
    return await _frameworks_page(request)


@post("/maturity/frameworks", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def framework_create(request: Request[Any, Any, Any]) -> Redirect | Template:
    form = await request.form()
    source = str(form.get("framework", ""))
    try:
        try:
            payload = msgspec.json.decode(source)
        except msgspec.DecodeError as exc:
            raise InvalidInput(
                N_("the framework is not valid JSON: %(reason)s"), field="framework", params={"reason": str(exc)}
            ) from exc
        created = await maturity.create_framework(data=_convert(payload, FrameworkCreate))
    except ServiceError as exc:
        errors = {
            "framework": "; ".join(f"{e.field}: {e.message_in(page_language(request))}" for e in exc.errors)
            or exc.message_in(page_language(request))
        }
        return await _frameworks_page(request, status_code=exc.status_code, source=source, errors=errors)
    return Redirect(path=f"/maturity/frameworks?done={created.slug}-{created.version}", status_code=303)


# ------------------------------------------------------------------ campaigns


async def _campaign_form(
    request: Request[Any, Any, Any], *, status_code: int = 200, values: dict[str, Any], errors: dict[str, str]
) -> Template:
    frameworks = {framework.slug: framework for framework in reversed(await maturity.list_frameworks())}
    return await page(
        request,
        "maturity/campaign_form.html",
        status_code=status_code,
        values=values,
        errors=errors,
        frameworks=list(frameworks.values()),
    )


@get("/maturity/campaigns/new", include_in_schema=False, guards=[secretariat_only])
async def campaign_new(request: Request[Any, Any, Any]) -> Template:
    return await _campaign_form(request, values={}, errors={})


@post("/maturity/campaigns", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def campaign_create(request: Request[Any, Any, Any]) -> Redirect | Template:
    form = await request.form()
    values = {key: str(form.get(key, "")) for key in ("slug", "name", "start_date", "end_date", "framework")}
    values["published"] = "on" if form.get("published") else ""
    payload = {**{key: value or None for key, value in values.items()}, "published": bool(values["published"])}
    try:
        created = await maturity.create_campaign(data=_convert(payload, CampaignCreate))
    except ServiceError as exc:
        return await _campaign_form(request, status_code=exc.status_code, values=values, errors=_errors(request, exc))
    return Redirect(path=f"/maturity/campaigns/{created.slug}", status_code=303)


async def _figures_for(request: Request[Any, Any, Any], slug: str) -> CampaignFigures:
    principal = principal_of(request)
    language = page_language(request)
    manage = rules.can_manage(principal)
    figures = await found(request, maturity.campaign_figures(slug=slug, language=language, with_progress=manage))
    allowed = rules.can_read_network_figures(
        principal, published=figures.campaign.published, participants=figures.participants
    )
    if not allowed and not principal.is_authenticated:
        raise SignInRequired()
    require(allowed, detail=N_("the network's figures of this campaign are not published"))
    return figures


@get("/maturity/campaigns/{slug:str}", include_in_schema=False)
async def campaign_detail(request: Request[Any, Any, Any], slug: FromPath[str]) -> Template:
    """The network's picture: participation, the distribution per theme (chart and table), the weakest themes;
    for the secretariat also each member's state and progress since the previous campaign."""
    figures = await _figures_for(request, slug)
    principal = principal_of(request)
    manage = rules.can_manage(principal)
    language = page_language(request)
    framework = await maturity.campaign_framework(slug=slug)
    return await page(
        request,
        "maturity/campaign.html",
        figures=figures,
        framework=framework,
        chart=charts.distribution(figures, **_labels(language), language=language) if figures.participants else None,
        assessments=await maturity.list_assessments(campaign=slug) if manage else [],
        can_manage=manage,
        min_participants=rules.MIN_PARTICIPANTS,
        state_labels=ASSESSMENT_STATE_LABELS,
        level_titles=_level_titles(framework, language),
    )


def _level_titles(framework: FrameworkOut, language: str) -> dict[str, list[str]]:
    return {theme.code: [maturity.text(level.title, language) for level in theme.levels] for theme in framework.themes}


@post("/maturity/campaigns/{slug:str}/publish", include_in_schema=False, guards=[secretariat_only], status_code=303)
async def campaign_publish(request: Request[Any, Any, Any], slug: FromPath[str]) -> Redirect:
    form = await request.form()
    revision = form.get("revision") or "0"
    published = form.get("published") == "on"
    try:
        await found(
            request,
            maturity.set_published(
                slug=slug, revision=int(revision) if str(revision).isdigit() else 0, published=published
            ),
        )
    except Conflict:
        return Redirect(path=f"/maturity/campaigns/{slug}?done=stale", status_code=303)
    return Redirect(
        path=f"/maturity/campaigns/{slug}?done={'published' if published else 'unpublished'}", status_code=303
    )


@get("/maturity/campaigns/{slug:str}/export", include_in_schema=False, guards=[secretariat_only])
async def campaign_export(
    request: Request[Any, Any, Any], slug: FromPath[str], format: FromQuery[str] = "csv"
) -> Response[bytes]:
    """The figures as CSV or XLSX (``format``), in the page's language."""
    if format not in ("csv", "xlsx"):
        raise InvalidInput(N_("format must be csv or xlsx"), field="format")
    language = page_language(request)
    figures = await found(request, maturity.campaign_figures(slug=slug, language=language, with_progress=True))
    made = (
        exports.to_xlsx(figures, language=language) if format == "xlsx" else exports.to_csv(figures, language=language)
    )
    return Response(
        made.content,
        media_type=made.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{made.file_name}"',
            "Cache-Control": "private, no-store",
        },
    )


# ------------------------------------------------------------------ an assessment


async def _assessment_context(request: Request[Any, Any, Any], campaign: str, member: str) -> dict[str, Any]:
    member_id = await _member_id(request, member)
    current = await found(request, maturity.get_assessment(campaign=campaign, member=member))
    principal = principal_of(request)
    require(
        rules.can_read_assessment(principal, member_id, shared=current.shared and current.submissions > 0),
        detail=N_("not your member's assessment"),
    )
    framework = await maturity.campaign_framework(slug=campaign)
    return {
        "assessment": current,
        "campaign": await maturity.get_campaign(slug=campaign),
        "framework": framework,
        "themes": framework.themes,
        "answers": {answer.theme: answer for answer in current.answers},
        "can_write": rules.can_write_assessment(principal, member_id),
        "can_manage": rules.can_manage(principal),
        "state_labels": ASSESSMENT_STATE_LABELS,
        "level_titles": _level_titles(framework, page_language(request)),
    }


async def _overview(
    request: Request[Any, Any, Any],
    campaign: str,
    member: str,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
) -> Template:
    context = await _assessment_context(request, campaign, member)
    return await page(request, "maturity/assessment.html", status_code=status_code, errors=errors or {}, **context)


@get("/maturity/campaigns/{slug:str}/members/{member:str}", include_in_schema=False, guards=[signed_in])
async def assessment_page(request: Request[Any, Any, Any], slug: FromPath[str], member: FromPath[str]) -> Template:
    """The assessment's answers theme by theme, with links to answer each, submit and share."""
    return await _overview(request, slug, member)


async def _writable(request: Request[Any, Any, Any], slug: str, member: str) -> None:
    member_id = await _member_id(request, member)
    await found(request, maturity.get_campaign(slug=slug))
    require(rules.can_write_assessment(principal_of(request), member_id), detail=N_("not your member's assessment"))


async def _question(
    request: Request[Any, Any, Any],
    slug: str,
    member: str,
    theme: str,
    *,
    status_code: int = 200,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    context = await _assessment_context(request, slug, member)
    themes = context["themes"]
    position = next((index for index, item in enumerate(themes) if item.code == theme), None)
    if position is None:
        raise NotFoundException(f"this campaign has no theme {theme!r}")
    answer = context["answers"][theme]
    values = form or {
        "revision": context["assessment"].revision,
        "level": answer.level,
        "justification": answer.justification,
        "next_steps": answer.next_steps,
    }
    return await page(
        request,
        "maturity/question.html",
        status_code=status_code,
        theme=themes[position],
        position=position,
        next_theme=themes[position + 1].code if position + 1 < len(themes) else None,
        values=values,
        errors=errors or {},
        **context,
    )


@get(
    "/maturity/campaigns/{slug:str}/members/{member:str}/themes/{theme:str}",
    include_in_schema=False,
    guards=[signed_in],
)
async def question_page(
    request: Request[Any, Any, Any], slug: FromPath[str], member: FromPath[str], theme: FromPath[str]
) -> Template | Redirect:
    await _writable(request, slug, member)
    return await _question(request, slug, member, theme)


@post(
    "/maturity/campaigns/{slug:str}/members/{member:str}/themes/{theme:str}",
    include_in_schema=False,
    guards=[signed_in],
    status_code=303,
)
async def question_save(
    request: Request[Any, Any, Any], slug: FromPath[str], member: FromPath[str], theme: FromPath[str]
) -> Redirect | Template:
    """Save this theme's answer as a draft, then go to the next theme (or back to the overview)."""
    await _writable(request, slug, member)
    form = await request.form()
    values = {
        "revision": str(form.get("revision", "")),
        "level": str(form.get("level", "")),
        "justification": str(form.get("justification", "")),
        "next_steps": str(form.get("next_steps", "")),
    }
    if values["level"] and not (values["level"].isdigit() and len(values["level"]) < 3):
        # Not a number (a hand-made form): said in the page's language rather than as msgspec's English.
        framework = await maturity.campaign_framework(slug=slug)
        top = next((len(item.levels) for item in framework.themes if item.code == theme), 1)
        refused = InvalidInput(N_("choose a level from 1 to %(top)s"), field="level", params={"top": top})
        return await _question(
            request, slug, member, theme, status_code=400, form=values, errors=_errors(request, refused)
        )
    payload = {
        "revision": values["revision"] or None,
        "answers": [
            {
                "theme": theme,
                "level": values["level"] or None,
                "justification": values["justification"],
                "next_steps": values["next_steps"],
            }
        ],
    }
    try:
        await maturity.save_answers(campaign=slug, member=member, data=_convert(payload, AssessmentSave))
    except Conflict as exc:
        current = await maturity.get_assessment(campaign=slug, member=member)
        values["revision"] = str(current.revision)
        message = (
            i18n.gettext(page_language(request), STALE_MESSAGE)
            if exc.errors and exc.errors[0].field == "revision"
            else exc.message_in(page_language(request))
        )
        return await _question(request, slug, member, theme, status_code=409, form=values, errors={"": message})
    except ServiceError as exc:
        return await _question(
            request, slug, member, theme, status_code=exc.status_code, form=values, errors=_errors(request, exc)
        )
    following = form.get("next")
    base = f"/maturity/campaigns/{slug}/members/{member}"
    if following and isinstance(following, str) and re.fullmatch(r"[a-z0-9-]{1,50}", following):
        return Redirect(path=f"{base}/themes/{following}?done=saved", status_code=303)
    return Redirect(path=f"{base}?done=saved", status_code=303)


def _revision(form: Any) -> int:
    value = str(form.get("revision", ""))
    return int(value) if value.isdigit() and len(value) < 10 else 0


@post(
    "/maturity/campaigns/{slug:str}/members/{member:str}/submit",
    include_in_schema=False,
    guards=[signed_in],
    status_code=303,
)
async def assessment_submit(
    request: Request[Any, Any, Any], slug: FromPath[str], member: FromPath[str]
) -> Redirect | Template:
    await _writable(request, slug, member)
    form = await request.form()
    try:
        await maturity.submit(campaign=slug, member=member, revision=_revision(form))
    except ServiceError as exc:
        return await _overview(
            request, slug, member, status_code=exc.status_code, errors={"": exc.message_in(page_language(request))}
        )
    return Redirect(path=f"/maturity/campaigns/{slug}/members/{member}?done=submitted", status_code=303)


@post(
    "/maturity/campaigns/{slug:str}/members/{member:str}/share",
    include_in_schema=False,
    guards=[signed_in],
    status_code=303,
)
async def assessment_share(
    request: Request[Any, Any, Any], slug: FromPath[str], member: FromPath[str]
) -> Redirect | Template:
    await _writable(request, slug, member)
    form = await request.form()
    shared = form.get("shared") == "on"
    try:
        await maturity.set_shared(campaign=slug, member=member, revision=_revision(form), shared=shared)
    except ServiceError as exc:
        return await _overview(
            request, slug, member, status_code=exc.status_code, errors={"": exc.message_in(page_language(request))}
        )
    return Redirect(
        path=f"/maturity/campaigns/{slug}/members/{member}?done={'shared' if shared else 'unshared'}", status_code=303
    )


@post(
    "/maturity/campaigns/{slug:str}/members/{member:str}/reopen",
    include_in_schema=False,
    guards=[secretariat_only],
    status_code=303,
)
async def assessment_reopen(
    request: Request[Any, Any, Any], slug: FromPath[str], member: FromPath[str]
) -> Redirect | Template:
    form = await request.form()
    reason = str(form.get("reason", "")).strip()
    try:
        if not reason:
            raise InvalidInput(N_("say why the assessment is sent back"), field="reason")
        await found(request, maturity.reopen(campaign=slug, member=member, revision=_revision(form), reason=reason))
    except ServiceError as exc:
        return await _overview(request, slug, member, status_code=exc.status_code, errors=_errors(request, exc))
    return Redirect(path=f"/maturity/campaigns/{slug}/members/{member}?done=reopened", status_code=303)


# ------------------------------------------------------------------ a member's history


@get("/maturity/members/{member:str}", include_in_schema=False, guards=[signed_in])
async def member_history(request: Request[Any, Any, Any], member: FromPath[str]) -> Template:
    """The member's level per theme in each campaign, as a chart and a table, beside the network's medians."""
    member_id = await _member_id(request, member)
    require(rules.can_read_history(principal_of(request), member_id), detail=N_("not your member's assessment"))
    language = page_language(request)
    history = await maturity.member_history(member=member, language=language)
    return await page(
        request,
        "maturity/history.html",
        history=history,
        chart=charts.history(
            history, level_label=_labels(language)["level_label"], median_label=_labels(language)["median_label"]
        )
        if history.points
        else None,
        min_participants=rules.MIN_PARTICIPANTS,
    )
