"""Partner organisations: the only code that queries the partner table.

Split from ``services`` to keep each module readable; ``services`` re-exports
these functions, so callers use ``activities.services`` alone.
"""

from __future__ import annotations

from typing import Any

from coordination.activities.schemas import PartnerCreate, PartnerOut, PartnerSummary, PartnerUpdate
from coordination.activities.tables import ActivityPartner, PartnerOrganisation
from coordination.audit import services as audit
from coordination.audit.snapshots import snapshot
from coordination.core.database import name_contains, transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import changes, check_revision, integrity_errors, update_versioned


def _partner_out(row: dict[str, Any]) -> PartnerOut:
    return PartnerOut(
        slug=row["slug"],
        name=row["name"],
        website=row["website"],
        revision=row["revision"],
        created_at=row["created_at"],
    )


async def partner_ids(*, slugs: list[str], field: str) -> dict[str, int]:
    """The ids behind partner slugs given in a request body; 400 naming ``field`` if any is unknown."""
    if not slugs:
        return {}
    rows = await PartnerOrganisation.select(PartnerOrganisation.id, PartnerOrganisation.slug).where(
        PartnerOrganisation.slug.is_in(slugs)
    )
    found = {row["slug"]: int(row["id"]) for row in rows}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise InvalidInput(f"no partner organisation has the slug {', '.join(map(repr, missing))}", field=field)
    return found


async def partner_summaries(*, ids: list[int]) -> dict[int, PartnerSummary]:
    if not ids:
        return {}
    rows = await PartnerOrganisation.select().where(PartnerOrganisation.id.is_in(ids))
    return {row["id"]: PartnerSummary(slug=row["slug"], name=row["name"], website=row["website"]) for row in rows}


async def list_partners(*, search: str | None = None, limit: int = 50, offset: int = 0) -> Page[PartnerOut]:
    query = PartnerOrganisation.select().order_by(PartnerOrganisation.name).order_by(PartnerOrganisation.slug)
    count = PartnerOrganisation.count()
    if search:
        condition = name_contains(PartnerOrganisation.name, search)
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.limit(limit).offset(offset)
    return Page(items=[_partner_out(row) for row in rows], total=await count, limit=limit, offset=offset)


async def get_partner(*, slug: str) -> PartnerOut:
    row = await PartnerOrganisation.select().where(PartnerOrganisation.slug == slug).first()
    if row is None:
        raise NotFound(f"partner organisation {slug!r} not found")
    return _partner_out(row)


async def create_partner(*, data: PartnerCreate) -> PartnerOut:
    message = f"the slug {data.slug!r} is already taken by another partner organisation"
    now = utc_now()
    async with transaction():
        if await PartnerOrganisation.exists().where(PartnerOrganisation.slug == data.slug):
            raise Conflict(message, field="slug")
        async with integrity_errors(unique_field="slug", unique_message=message):
            await PartnerOrganisation.insert(
                PartnerOrganisation(
                    slug=data.slug,
                    name=data.name.strip(),
                    website=data.website,
                    created_at=now,
                    updated_at=now,
                )
            )
        created = await get_partner(slug=data.slug)
        await audit.record(
            action="partner.created", object_type="partner", object_id=data.slug, after=snapshot(created)
        )
    return created


async def update_partner(*, slug: str, data: PartnerUpdate) -> PartnerOut:
    values = changes(data)
    if "name" in values:
        values["name"] = values["name"].strip()
    async with transaction():
        row = await PartnerOrganisation.select(PartnerOrganisation.id).where(PartnerOrganisation.slug == slug).first()
        if row is None:
            raise NotFound(f"partner organisation {slug!r} not found")
        before = await get_partner(slug=slug)
        await update_versioned(
            table=PartnerOrganisation,
            row_id=row["id"],
            revision=data.revision,
            values=values,
            what=f"partner organisation {slug!r}",
        )
        after = await get_partner(slug=slug)
        await audit.record(
            action="partner.updated",
            object_type="partner",
            object_id=slug,
            before=snapshot(before),
            after=snapshot(after),
        )
    return after


async def delete_partner(*, slug: str, revision: int | None = None) -> None:
    async with transaction():
        row = (
            await PartnerOrganisation.select(PartnerOrganisation.id, PartnerOrganisation.revision)
            .where(PartnerOrganisation.slug == slug)
            .first()
        )
        if row is None:
            raise NotFound(f"partner organisation {slug!r} not found")
        check_revision(expected=revision, actual=row["revision"], what=f"partner organisation {slug!r}")
        before = await get_partner(slug=slug)
        message = f"activities still name the partner organisation {slug!r}; remove it from them first"
        if await ActivityPartner.exists().where(ActivityPartner.partner == row["id"]):
            raise Conflict(message, field="slug")
        # The reference is ON DELETE RESTRICT: an activity linked meanwhile is refused by the database.
        async with integrity_errors(unique_field="slug", unique_message="", reference_message=message):
            await PartnerOrganisation.delete().where(PartnerOrganisation.id == row["id"])
        await audit.record(action="partner.deleted", object_type="partner", object_id=slug, before=snapshot(before))
