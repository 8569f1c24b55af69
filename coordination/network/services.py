"""The network's settings and strategic priorities."""

from __future__ import annotations

from typing import Any

from coordination.audit import services as audit
from coordination.audit import writes
from coordination.audit.snapshots import snapshot
from coordination.core import changes as counters
from coordination.core.database import transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.schemas import utc_now
from coordination.core.versioning import changes, integrity_errors
from coordination.network.schemas import (
    NetworkOut,
    NetworkUpdate,
    PriorityCreate,
    PriorityOut,
    PriorityUpdate,
)
from coordination.network.tables import NetworkSettings, StrategicPriority

DEFAULT_NETWORK_NAME = "Our network"


def _network_out(row: dict[str, Any]) -> NetworkOut:
    return NetworkOut(
        name=row["name"],
        short_name=row["short_name"],
        languages=[code for code in row["languages"].split(",") if code],
        default_language=row["default_language"],
        revision=row["revision"],
        logo_url=row["logo_url"],
        accent_color=row["accent_color"].lower(),
    )


async def get_network() -> NetworkOut:
    """The network's settings; a fresh database has a placeholder row until someone names it."""
    row = await NetworkSettings.select().order_by(NetworkSettings.id).first()
    if row is None:
        async with transaction():
            if not await NetworkSettings.exists():
                await NetworkSettings.insert(NetworkSettings(name=DEFAULT_NETWORK_NAME, updated_at=utc_now()))
        row = await NetworkSettings.select().order_by(NetworkSettings.id).first()
    assert row is not None
    return _network_out(row)


async def update_network(*, data: NetworkUpdate) -> NetworkOut:
    current = await get_network()
    values = changes(data)
    languages = values.get("languages", current.languages)
    default_language = values.get("default_language", current.default_language)
    if default_language not in languages:
        raise InvalidInput(
            N_("the default language %(language)r must be one of the network's languages"),
            field="default_language",
            params={"language": default_language},
        )
    if "languages" in values:
        values["languages"] = ",".join(dict.fromkeys(values["languages"]))
    row = await NetworkSettings.select(NetworkSettings.id).order_by(NetworkSettings.id).first()
    assert row is not None
    # The settings are a single row: no object id.
    target = writes.Target(
        table=NetworkSettings,
        row_id=row["id"],
        what=Phrase(N_("the network settings")),
        object_type="network",
        object_id="",
    )
    return await writes.update(
        target,
        revision=data.revision,
        values=values,
        read=get_network,
        audited=snapshot,
        action="network.updated",
        counter=counters.FEED_LABELS,
    )


def _priority_out(row: dict[str, Any]) -> PriorityOut:
    return PriorityOut(
        code=row["code"],
        position=row["position"],
        title={
            "en": row["title_en"],
            "fr": row["title_fr"] or row["title_en"],
            "es": row["title_es"] or row["title_en"],
        },
        revision=row["revision"],
    )


async def _audited_priority(*, code: str) -> dict[str, Any]:
    """The priority's stored fields: its titles one by one, as they are edited, not the display fallbacks."""
    row = (
        await StrategicPriority.select(
            StrategicPriority.code,
            StrategicPriority.position,
            StrategicPriority.title_en,
            StrategicPriority.title_fr,
            StrategicPriority.title_es,
        )
        .where(StrategicPriority.code == code)
        .first()
    )
    assert row is not None
    return dict(row)


async def list_priorities() -> list[PriorityOut]:
    rows = await StrategicPriority.select().order_by(StrategicPriority.position).order_by(StrategicPriority.code)
    return [_priority_out(row) for row in rows]


async def get_priority(*, code: str) -> PriorityOut:
    row = await StrategicPriority.select().where(StrategicPriority.code == code).first()
    if row is None:
        raise NotFound(N_("strategic priority %(code)r not found"), params={"code": code})
    return _priority_out(row)


async def priority_id(*, code: str, field: str = "priority") -> int:
    """The id behind a priority code given in a request body; 400 naming ``field`` if unknown."""
    row = await StrategicPriority.select(StrategicPriority.id).where(StrategicPriority.code == code).first()
    if row is None:
        codes = ", ".join(p.code for p in await list_priorities())
        known: str | Phrase = codes or Phrase(N_("none defined yet"))
        raise InvalidInput(
            N_("unknown strategic priority %(code)r (known: %(known)s)"),
            field=field,
            params={"code": code, "known": known},
        )
    return int(row["id"])


async def priorities_by_id(*, ids: list[int]) -> dict[int, PriorityOut]:
    if not ids:
        return {}
    rows = await StrategicPriority.select().where(StrategicPriority.id.is_in(ids))
    return {row["id"]: _priority_out(row) for row in rows}


async def create_priority(*, data: PriorityCreate) -> PriorityOut:
    message = N_("the strategic priority %(code)r already exists")
    params = {"code": data.code}
    async with transaction():
        if await StrategicPriority.exists().where(StrategicPriority.code == data.code):
            raise Conflict(message, field="code", params=params)
        position = data.position
        if position is None:
            position = await StrategicPriority.count()
        async with integrity_errors(unique_field="code", unique_message=message, unique_params=params):
            await StrategicPriority.insert(
                StrategicPriority(
                    code=data.code,
                    position=position,
                    title_en=data.title_en.strip(),
                    title_fr=data.title_fr.strip(),
                    title_es=data.title_es.strip(),
                    updated_at=utc_now(),
                )
            )
        await audit.record(
            action="priority.created",
            object_type="priority",
            object_id=data.code,
            after=await _audited_priority(code=data.code),
        )
    return await get_priority(code=data.code)


def _priority_target(*, row_id: int, code: str) -> writes.Target:
    return writes.Target(
        table=StrategicPriority,
        row_id=row_id,
        what=Phrase(N_("priority %(code)r"), {"code": code}),
        object_type="priority",
        object_id=code,
    )


async def update_priority(*, code: str, data: PriorityUpdate) -> PriorityOut:
    async with transaction():
        await writes.update(
            _priority_target(row_id=await priority_row(code=code), code=code),
            revision=data.revision,
            values=changes(data),
            read=lambda: _audited_priority(code=code),
            action="priority.updated",
            counter=counters.FEED_LABELS,
        )
    return await get_priority(code=code)


async def priority_row(*, code: str) -> int:
    row = await StrategicPriority.select(StrategicPriority.id).where(StrategicPriority.code == code).first()
    if row is None:
        raise NotFound(N_("strategic priority %(code)r not found"), params={"code": code})
    return int(row["id"])


async def delete_priority(*, code: str, revision: int | None = None) -> None:
    async with transaction():
        await writes.delete(
            _priority_target(row_id=await priority_row(code=code), code=code),
            revision=revision,
            read=lambda: _audited_priority(code=code),
            action="priority.deleted",
            counter=counters.FEED_LABELS,
            # Activities reference priorities with ON DELETE RESTRICT.
            reference_message=N_("activities are planned under priority %(code)r; move them first"),
            reference_params={"code": code},
            reference_field="code",
        )
