"""Report attachments: PDF, Word, spreadsheets and images, checked by their content, stored by content hash.

The type is read from the bytes (magic numbers, with ``filetype``; for the zipped office formats, the
archive's own table of contents, which ``filetype`` only guesses at from its first entries) and must agree
with the name's extension: a ``report.pdf`` that is really a PNG, or an executable renamed ``budget.xlsx``, is
refused with a 400 naming ``file``. CSV has no magic number: it must be UTF-8 text without NUL bytes.

The bytes go to ``<data folder>/attachments/<sha256[:2]>/<sha256>`` (written aside, then renamed, so a
reader never sees half a file; the same file uploaded twice is stored once), never into the database.
Downloads go through the report's permission rules and are sent with the detected type, as an attachment,
with ``nosniff``.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import filetype

from coordination.audit import services as audit
from coordination.core.actor import current_actor
from coordination.core.database import transaction
from coordination.core.errors import Conflict, InvalidInput, NotFound, Phrase
from coordination.core.i18n import N_
from coordination.core.schemas import utc_now
from coordination.reporting import periods
from coordination.reporting.enums import EDITABLE_STATES, SLOT_STATE_LABELS, AttachmentKind, SlotState
from coordination.reporting.schemas import AttachmentOut
from coordination.reporting.tables import ReportAttachment

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # 10 MiB a file
MAX_ATTACHMENTS = 20  # a report's attachments at once
MAX_FILE_NAME = 200

# extension -> (kind, content type); the content must be of the same type.
ACCEPTED: dict[str, tuple[AttachmentKind, str]] = {
    "pdf": (AttachmentKind.pdf, "application/pdf"),
    "docx": (AttachmentKind.word, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "doc": (AttachmentKind.word, "application/msword"),
    "odt": (AttachmentKind.word, "application/vnd.oasis.opendocument.text"),
    "xlsx": (AttachmentKind.spreadsheet, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "xls": (AttachmentKind.spreadsheet, "application/vnd.ms-excel"),
    "ods": (AttachmentKind.spreadsheet, "application/vnd.oasis.opendocument.spreadsheet"),
    "csv": (AttachmentKind.spreadsheet, "text/csv"),
    "png": (AttachmentKind.image, "image/png"),
    "jpg": (AttachmentKind.image, "image/jpeg"),
    "jpeg": (AttachmentKind.image, "image/jpeg"),
    "gif": (AttachmentKind.image, "image/gif"),
    "webp": (AttachmentKind.image, "image/webp"),
}
_SAME_TYPE = {"jpeg": "jpg"}
_ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def accepted_extensions() -> list[str]:
    return sorted(ACCEPTED)


def clean_file_name(name: str) -> str:
    """The last part of a path, without control characters, at most 200 characters (keeping the extension)."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(char for char in unicodedata.normalize("NFC", base) if unicodedata.category(char)[0] != "C")
    base = base.strip().strip(".")
    if len(base) > MAX_FILE_NAME:
        stem, dot, extension = base.rpartition(".")
        base = (stem[: MAX_FILE_NAME - len(extension) - 1] + dot + extension) if dot else base[:MAX_FILE_NAME]
    return base


def _zipped_type(data: bytes) -> str | None:
    """docx, xlsx, odt or ods from the archive's table of contents; None for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return _ODF.get(mimetype)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect(*, file_name: str, data: bytes) -> tuple[AttachmentKind, str, str]:
    """(kind, content type, clean name) of an upload, or ``InvalidInput`` on ``file`` saying what is wrong."""
    name = clean_file_name(file_name)
    if not name:
        raise InvalidInput(N_("the file has no name"), field="file")
    if not data:
        raise InvalidInput(N_("%(name)s is empty"), field="file", params={"name": name})
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(
            N_("%(name)s is larger than %(size)s MB"),
            field="file",
            params={"name": name, "size": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
        )
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in ACCEPTED:
        raise InvalidInput(
            N_("%(name)s: only PDF, Word, spreadsheet and image files are accepted (%(extensions)s)"),
            field="file",
            params={"name": name, "extensions": ", ".join(accepted_extensions())},
        )
    kind, content_type = ACCEPTED[extension]
    if extension == "csv":
        found = "csv" if _is_text(data) else None
    elif data[:4] == b"PK\x03\x04":
        found = _zipped_type(data)
    else:
        guessed = filetype.guess(data[:8192])
        found = guessed.extension if guessed is not None else None
    found = _SAME_TYPE.get(found or "", found)
    if found != _SAME_TYPE.get(extension, extension):
        what = (
            Phrase(N_("a .%(extension)s file"), {"extension": found})
            if found
            else Phrase(N_("of no type accepted here"))
        )
        raise InvalidInput(
            N_("%(name)s is named .%(extension)s but its content is %(what)s"),
            field="file",
            params={"name": name, "extension": extension, "what": what},
        )
    return kind, content_type, name


def storage_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "attachments" / sha256[:2] / sha256


def _store(data_dir: Path, data: bytes) -> str:
    sha256 = hashlib.sha256(data).hexdigest()
    target = storage_path(data_dir, sha256)
    if target.exists():
        return sha256
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = target.with_name(f".{sha256}.{os.getpid()}.part")
    with open(draft, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(draft, target)
    return sha256


def attachments_out(rows: list[dict[str, Any]]) -> list[AttachmentOut]:
    return [
        AttachmentOut(
            id=row["id"],
            file_name=row["file_name"],
            kind=AttachmentKind(row["kind"]),
            content_type=row["content_type"],
            size=row["size"],
            sha256=row["sha256"],
            uploaded_at=row["uploaded_at"],
            uploaded_by=row["uploaded_by"],
            removed=row["removed_at"] is not None,
        )
        for row in rows
    ]


def state_named(state: str) -> Phrase:
    """A slot's state inside a sentence: "a submitted report", in the reader's language."""
    return Phrase(SLOT_STATE_LABELS[SlotState(state)], lowercase=True)


def _check_editable(state: str) -> None:
    if SlotState(state) not in EDITABLE_STATES:
        raise Conflict(
            N_("a %(state)s report cannot be changed; its attachments neither"),
            field="state",
            params={"state": state_named(state)},
        )


async def add_attachment(*, slot_id: int, file_name: str, data: bytes, data_dir: Path) -> AttachmentOut:
    kind, content_type, name = detect(file_name=file_name, data=data)
    async with transaction():
        slot = await periods.slot_row(slot_id=slot_id, lock=True)
        _check_editable(slot["state"])
        present = await ReportAttachment.count().where(
            (ReportAttachment.slot == slot_id) & ReportAttachment.removed_at.is_null()
        )
        if present >= MAX_ATTACHMENTS:
            raise InvalidInput(
                N_("a report holds at most %(count)s attachments; remove one first"),
                field="file",
                params={"count": MAX_ATTACHMENTS},
            )
        # Stored before the row commits: a crash leaves at worst an unreferenced file, never a row without bytes.
        sha256 = _store(data_dir, data)
        actor = current_actor()
        rows = await ReportAttachment.insert(
            ReportAttachment(
                slot=slot_id,
                file_name=name,
                kind=kind.value,
                content_type=content_type,
                size=len(data),
                sha256=sha256,
                uploaded_at=utc_now(),
                uploaded_by=actor.label[:254],
                uploaded_by_user_id=actor.user_id,
            )
        ).returning(*ReportAttachment.all_columns())
        created = attachments_out(rows)[0]
        await audit.record(
            action="report_attachment.added",
            object_type="reporting_slot",
            object_id=slot_id,
            after={"file_name": name, "kind": kind.value, "size": len(data), "sha256": sha256},
        )
    return created


async def _attachment_row(*, slot_id: int, attachment_id: int) -> dict[str, Any]:
    row = (
        await ReportAttachment.select()
        .where((ReportAttachment.id == attachment_id) & (ReportAttachment.slot == slot_id))
        .first()
    )
    if row is None:
        raise NotFound(
            N_("report %(slot)s has no attachment %(attachment)s"),
            params={"slot": slot_id, "attachment": attachment_id},
        )
    return row


async def remove_attachment(*, slot_id: int, attachment_id: int) -> None:
    """Take an attachment off the working copy; versions that listed it keep it (and its bytes)."""
    async with transaction():
        slot = await periods.slot_row(slot_id=slot_id, lock=True)
        _check_editable(slot["state"])
        row = await _attachment_row(slot_id=slot_id, attachment_id=attachment_id)
        if row["removed_at"] is not None:
            return
        await ReportAttachment.update({ReportAttachment.removed_at: utc_now()}).where(
            ReportAttachment.id == attachment_id
        )
        await audit.record(
            action="report_attachment.removed",
            object_type="reporting_slot",
            object_id=slot_id,
            before={"file_name": row["file_name"], "sha256": row["sha256"]},
        )


async def list_attachments(*, slot_id: int, include_removed: bool = False) -> list[AttachmentOut]:
    await periods.slot_row(slot_id=slot_id)
    query = ReportAttachment.select().where(ReportAttachment.slot == slot_id).order_by(ReportAttachment.id)
    if not include_removed:
        query = query.where(ReportAttachment.removed_at.is_null())
    return attachments_out(await query)


async def attachment_file(*, slot_id: int, attachment_id: int, data_dir: Path) -> tuple[AttachmentOut, Path]:
    """An attachment and where its bytes are, for a download (removed ones too: versions list them)."""
    row = await _attachment_row(slot_id=slot_id, attachment_id=attachment_id)
    path = storage_path(data_dir, row["sha256"])
    if not path.is_file():
        raise NotFound(
            N_("the file of attachment %(attachment)s is missing from the data folder"),
            params={"attachment": attachment_id},
        )
    return attachments_out([row])[0], path
