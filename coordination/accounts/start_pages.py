"""The start page: where a person lands after signing in, showing what they can act on.

- the secretariat: the network's open items (reports awaiting review, overdue
  reports, each period's reporting rate, active bodies without a lead);
- a body's lead: the body's activities and coming events, with "edit" and
  "add" links where ``accounts.rules.can_edit_body`` allows them;
- a focal point: their member, its people and the progress reports it owes.

A person with several roles sees each part. Everything is read through the
domains' services; the links to forms name the addresses the forms use.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get
from litestar.response import Template

from coordination.accounts import rules
from coordination.accounts.guards import principal_of, signed_in, visible_body_ids
from coordination.activities import services as activities
from coordination.bodies import services as bodies
from coordination.bodies.enums import BodyStatus
from coordination.core.collation import sort_by_name
from coordination.core.pages import page, page_language
from coordination.core.pagination import MAX_LIMIT
from coordination.events import services as events
from coordination.members import services as members
from coordination.reporting import rules as reporting_rules
from coordination.reporting import services as reporting

START_EVENTS = 10
START_REPORTS = 20


async def _secretariat_items(language: str) -> dict[str, Any]:
    overview = await reporting.completeness()
    active = (await bodies.list_bodies(status=BodyStatus.active, limit=MAX_LIMIT)).items
    return {
        "reports_awaiting": await reporting.awaiting_review(limit=START_REPORTS),
        "reports_overdue": await reporting.overdue_slots(limit=START_REPORTS),
        # The latest periods first: those are the ones still being reported on.
        "period_rates": list(reversed(list(zip(overview.periods, overview.rates, strict=True))))[:4],
        "bodies_without_lead": sort_by_name([body for body in active if not body.leadership], language),
    }


async def _led_bodies(request: Request[Any, Any, Any], language: str) -> list[dict[str, Any]]:
    principal = principal_of(request)
    summaries = await bodies.body_summaries(ids=sorted(principal.lead_body_ids))
    visible = await visible_body_ids(request)
    led = []
    for body_id, body in summaries.items():
        led.append(
            {
                "body": body,
                "can_edit": rules.can_edit_body(principal, body_id=body_id),
                "activities": (await activities.list_activities(body=body.slug, limit=MAX_LIMIT)).items,
                "events": await events.upcoming_events(
                    today=date.today(), body_slug=body.slug, visible_body_ids=visible, limit=START_EVENTS
                ),
            }
        )
    return sort_by_name(led, language, key=lambda item: item["body"].name)


async def _focal_members(request: Request[Any, Any, Any], language: str) -> list[dict[str, Any]]:
    principal = principal_of(request)
    summaries = await members.summaries(ids=sorted(principal.focal_member_ids))
    focal = []
    for member_id, summary in summaries.items():
        focal.append(
            {
                "member": await members.get_member(slug=summary.slug),
                "can_edit": rules.can_edit_member(principal, member_id=member_id),
                "bodies": await bodies.member_bodies(member_slug=summary.slug),
            }
        )
    return sort_by_name(focal, language, key=lambda item: item["member"].name)


@get("/start", include_in_schema=False, guards=[signed_in])
async def start(request: Request[Any, Any, Any]) -> Template:
    principal = principal_of(request)
    language = page_language(request)
    secretariat = await _secretariat_items(language) if principal.is_secretariat else {}
    owed = [] if principal.is_secretariat else await reporting.owed_by(scope=reporting_rules.reading_scope(principal))
    return await page(
        request,
        "accounts/start.html",
        principal=principal,
        secretariat=secretariat,
        led=await _led_bodies(request, language),
        focal=await _focal_members(request, language),
        reports_owed=owed,
    )
