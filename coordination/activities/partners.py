"""Partner organisations: the only code that queries the partner table.

Split from ``services`` to keep each module readable; ``services`` re-exports
these functions, so callers use ``activities.services`` alone.
"""

from __future__ import annotations

from typing import Any

from coordination.activities.schemas import PartnerCreate, PartnerOut, PartnerSummary, PartnerUpdate
from coordination.activities.tables import ActivityPartner, PartnerOrganisation
from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.core.collation import ordered_ids
from coordination.core.database import name_contains, transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.pagination import Page
from coordination.core.schemas import utc_now
from coordination.core.versioning import changes, integrity_errors


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
        raise InvalidInput(
            N_("no partner organisation has the slug %(slug)s"),
            field=field,
            params={"slug": ", ".join(map(repr, missing))},
        )
    return found


async def partner_summaries(*, ids: list[int]) -> dict[int, PartnerSummary]:
    if not ids:
        return {}
    rows = await PartnerOrganisation.select().where(PartnerOrganisation.id.is_in(ids))
    return {row["id"]: PartnerSummary(slug=row["slug"], name=row["name"], website=row["website"]) for row in rows}


async def list_partners(
    *, search: str | None = None, limit: int = 50, offset: int = 0, language: str = "en"
) -> Page[PartnerOut]:
    # Names in the order people expect (core/collation.py), not the database's byte order.
    query = PartnerOrganisation.select(PartnerOrganisation.id, PartnerOrganisation.name)
    if search:
        query = query.where(name_contains(PartnerOrganisation.name, search))
    ordered = ordered_ids(await query, language=language)
    page_ids = ordered[offset : offset + limit]
    rows = await PartnerOrganisation.select().where(PartnerOrganisation.id.is_in(page_ids or [-1]))
    by_id = {row["id"]: row for row in rows}
    items = [_partner_out(by_id[partner_pk]) for partner_pk in page_ids]
    return Page(items=items, total=len(ordered), limit=limit, offset=offset)


async def get_partner(*, slug: str) -> PartnerOut:
    row = await PartnerOrganisation.select().where(PartnerOrganisation.slug == slug).first()
    if row is None:
        raise NotFound(N_("partner organisation %(slug)r not found"), params={"slug": slug})
    return _partner_out(row)


async def create_partner(*, data: PartnerCreate) -> PartnerOut:
    # Marked for translation: the partner form shows it next to the slug field.
    taken = N_("the slug %(slug)s is already taken by another partner organisation")
    params = {"slug": repr(data.slug)}
    message = taken % params
    now = utc_now()
    async with transaction():
        if await PartnerOrganisation.exists().where(PartnerOrganisation.slug == data.slug):
            raise Conflict(taken, field="slug", params=params)
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


def _target(*, row_id: int, slug: str) -> writes.Target:
    return writes.Target(
        table=PartnerOrganisation,
        row_id=row_id,
        what=Phrase(N_("partner organisation %(slug)r"), {"slug": slug}),
        object_type="partner",
        object_id=slug,
    )


async def _partner_id(slug: str) -> int:
    row = await PartnerOrganisation.select(PartnerOrganisation.id).where(PartnerOrganisation.slug == slug).first()
    if row is None:
        raise NotFound(N_("partner organisation %(slug)r not found"), params={"slug": slug})
    return int(row["id"])


async def update_partner(*, slug: str, data: PartnerUpdate) -> PartnerOut:
    values = changes(data)
    if "name" in values:
        values["name"] = values["name"].strip()
    async with transaction():
        return await writes.update(
            _target(row_id=await _partner_id(slug), slug=slug),
            revision=data.revision,
            values=values,
            read=lambda: get_partner(slug=slug),
            audited=snapshot,
            action="partner.updated",
        )


async def delete_partner(*, slug: str, revision: int | None = None) -> None:
    # Marked for translation: the confirmation page shows it when the deletion is refused.
    named = N_("activities still name the partner organisation %(slug)s; remove it from them first")
    params = {"slug": repr(slug)}
    message = named % params
    async with transaction():
        partner_id = await _partner_id(slug)
        if await ActivityPartner.exists().where(ActivityPartner.partner == partner_id):
            raise Conflict(named, field="slug", params=params)
        # The reference is ON DELETE RESTRICT: an activity linked meanwhile is refused by the database.
        await writes.delete(
            _target(row_id=partner_id, slug=slug),
            revision=revision,
            read=lambda: get_partner(slug=slug),
            audited=snapshot,
            action="partner.deleted",
            reference_message=message,
            reference_field="slug",
        )
