"""Export every kind as CSV or XLSX; import a file back: a preview first, then all of it in one transaction.

How an import works (the same for the pages, the API and the command line):

1. **Read** the file (``files.read_table``) and each cell (``cells.read_cell``):
   a cell that cannot be read is a problem naming its row and column.
2. **Match** each row with what is stored by its key (a slug, or an id; a
   row without an id creates), then compare cell by cell: ``create``,
   ``update`` (with its changes), ``unchanged``, or ``error``. Someone who may
   not write a row gets an error for it only if the row changes something.
3. **Dry run**: the creates and updates go through the domains' own services
   (the one audited write path) inside a transaction that is always rolled
   back, each row in a savepoint, so every rule the services hold — unknown
   references, overlapping memberships and leadership terms, bad timezones —
   is found at preview, row by row, and two rows of the same file that clash
   are found too.
4. **Apply**: the same writes in one transaction, committed only if every row
   went through; one audit record names the import and its author beside the
   records of each write. A row whose stored revision moved since the preview
   is refused ("changed since the preview"), never overwritten.

The uploaded file waits for its apply under ``data_dir/imports/`` for
``PREVIEW_LIFETIME``; older ones are removed whenever a preview is stored or
applied.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from coordination.accounts.schemas import Principal
from coordination.audit import services as audit
from coordination.core.database import transaction
from coordination.core.errors import InvalidInput, NotFound, ServiceError, translate_message
from coordination.core.i18n import N_
from coordination.core.schemas import PATTERN_MESSAGES
from coordination.spreadsheets import files
from coordination.spreadsheets.cells import CellError, Column, csv_cell, read_cell
from coordination.spreadsheets.kinds import KINDS, Context, Kind, Record, Stored
from coordination.spreadsheets.schemas import FieldChange, ImportOut, PreviewOut, RowPreview, RowProblem

PREVIEW_LIFETIME = 3600  # seconds a previewed file may wait to be applied
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    file_name: str


def kind_of(name: str, *, importing: bool = False) -> Kind:
    kind = KINDS.get(name)
    if kind is None:
        raise NotFound(N_("no spreadsheet kind is called %(kind)r"), params={"kind": name})
    if importing and not kind.importable:
        raise InvalidInput(N_("%(kind)s can be exported but not imported"), field="kind", params={"kind": name})
    return kind


# ------------------------------------------------------------------ export


async def export(*, kind: str, principal: Principal, format: str, filters: dict[str, str] | None = None) -> Export:
    """Every row of ``kind`` that ``principal`` may read, matching the list's ``filters``, as a file."""
    chosen = kind_of(kind)
    if format not in files.FORMATS:
        raise InvalidInput(N_("the format is csv or xlsx"), field="format")
    ctx = await Context(principal).load()
    wanted = {name: value for name, value in (filters or {}).items() if name in chosen.filters and value}
    records = [stored.record for stored in await chosen.load(ctx, wanted)]
    if format == "csv":
        content, content_type = files.write_csv(chosen.columns, records), files.CSV_TYPE
    else:
        content, content_type = files.write_xlsx(chosen.columns, records, sheet_name=chosen.name), files.XLSX_TYPE
    return Export(content, content_type, f"{chosen.name}.{format}")


# ------------------------------------------------------------------ planning


@dataclass
class Planned:
    row: int
    key: str
    action: str
    record: Record
    old: Stored | None
    changed: set[str] = field(default_factory=set)
    changes: list[FieldChange] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    payload: Any = None

    def problem(self, column: str, template: str, params: Mapping[str, Any] | None, language: str) -> None:
        self.errors.append(RowProblem(column=column, message=translate_message(language, template, params)))

    def preview(self) -> RowPreview:
        return RowPreview(
            row=self.row,
            key=self.key,
            action="error" if self.errors else self.action,  # type: ignore[arg-type]
            changes=self.changes,
            errors=self.errors,
        )


_LENGTH = re.compile(r"^Expected `(?:str|array)` of length (<=|>=) (\d+)")
_BOUND = re.compile(r"^Expected `int` (<=|>=) (-?\d+)")


def _validation_problem(exc: msgspec.ValidationError) -> tuple[str, str, dict[str, Any]]:
    """The field, and the reason as a template and values, of a msgspec refusal (``… - at `$.name```)."""
    message, _, where = str(exc).partition(" - at `")
    path = where.rstrip("`").removeprefix("$").lstrip(".")
    if (found := _LENGTH.match(message)) is not None:
        template = N_("at most %(count)s characters") if found[1] == "<=" else N_("at least %(count)s characters")
        return path, template, {"count": found[2]}
    if (found := _BOUND.match(message)) is not None:
        template = N_("must be at most %(count)s") if found[1] == "<=" else N_("must be at least %(count)s")
        return path, template, {"count": found[2]}
    for pattern, meaning in PATTERN_MESSAGES.items():
        if message == f"Expected `str` matching regex {pattern!r}":
            return path, meaning, {}
    named = re.match(r"^Object (?:missing required|contains unknown) field `([^`]+)`", message)
    if named is not None:
        return named[1], N_("is empty; a value is required"), {}
    return path, "%(reason)s", {"reason": message}


def _shown(column: Column, value: Any) -> str:
    return csv_cell(column, value).removeprefix("'") if value is not None else ""


async def plan(*, kind: Kind, ctx: Context, table: files.Table, language: str) -> list[Planned]:
    """What each row of ``table`` would do, without writing: steps 1 and 2 (see the module's docstring)."""
    index = {name: position for position, name in enumerate(table.header) if name}
    by_name = {column.name: column for column in kind.columns}
    key = kind.key
    missing = [
        column.name
        for column in kind.columns
        if column.name not in index and (column.key or (not column.optional and key.type != "int"))
    ]
    if missing:
        raise InvalidInput(
            N_("the file has no column %(columns)s; export the sheet to see the columns it needs"),
            field="file",
            params={"columns": ", ".join(missing)},
        )
    stored = {str(item.record[key.name]): item for item in await kind.load(ctx, {})}
    seen: dict[str, int] = {}
    planned: list[Planned] = []
    for row_number, cells in table.rows:
        record: Record = {}
        problems: list[tuple[str, str, dict[str, Any]]] = []
        for name, column in by_name.items():
            if name not in index:
                continue
            try:
                record[name] = read_cell(column, cells[index[name]] if index[name] < len(cells) else None)
            except CellError as exc:
                problems.append((name, exc.template, exc.params))
                record[name] = column.empty()
        key_value = record.get(key.name)
        old = stored.get(str(key_value)) if key_value not in (None, "") else None
        for name, column in by_name.items():
            if name not in index:
                record[name] = old.record[name] if old is not None else column.empty()
        item = Planned(
            row=row_number, key="" if key_value is None else str(key_value), action="create", record=record, old=old
        )
        for name, template, params in problems:
            item.problem(name, template, params, language)
        planned.append(item)
        if item.key:
            if item.key in seen:
                item.problem(
                    key.name, N_("%(key)s is also on row %(row)s"), {"key": item.key, "row": seen[item.key]}, language
                )
                continue
            seen[item.key] = row_number
        if old is None and key.type == "int" and key_value is not None:
            item.problem(
                key.name, N_("nothing has the id %(id)s; leave it empty to add a row"), {"id": key_value}, language
            )
            continue
        if old is not None:
            item.action = "update"
            unreadable = {problem.column for problem in item.errors}
            for column in kind.columns:
                if column.key or column.name in unreadable or record[column.name] == old.record[column.name]:
                    continue
                if not column.editable:
                    item.problem(column.name, N_("cannot be changed once the row exists"), None, language)
                item.changed.add(column.name)
                item.changes.append(
                    FieldChange(
                        column=column.name,
                        before=_shown(column, old.record[column.name]),
                        after=_shown(column, record[column.name]),
                    )
                )
            if not item.changed and not item.errors:
                item.action = "unchanged"
                continue
        refusal = kind.may_write(ctx, record, old.record if old else None)
        if refusal is not None:
            item.problem(key.name, refusal.template, None, language)
            continue
        _validate(kind, item, language)
    return planned


def _validate(kind: Kind, item: Planned, language: str) -> None:
    """Check the row as the domain's request; msgspec stops at the first problem, so drop that field and go on."""
    if item.old is None:
        assert kind.create_type is not None
        target, payload = kind.create_type, kind.payload_for_create(item.record)
    else:
        assert kind.update_type is not None
        target = kind.update_type
        payload = kind.payload_for_update(item.changed, item.record) | {"revision": item.old.revision}
    # Cells already found unreadable are reported once: their fields are left out of the check.
    reported = {problem.column for problem in item.errors}
    payload = {
        name: value for name, value in payload.items() if kind.column_of(name) not in reported or name == "revision"
    }
    for _ in range(len(payload) + 1):
        try:
            item.payload = msgspec.convert(payload, target)
            return
        except msgspec.ValidationError as exc:
            path, template, params = _validation_problem(exc)
            column = kind.column_of(path)
            if column not in reported:
                item.problem(column, template, params, language)
                reported.add(column)
            head = path.split(".", 1)[0].split("[", 1)[0]
            if head not in payload:
                return  # a required field left out: every field given has been checked by now
            del payload[head]


# ------------------------------------------------------------------ writing (dry run or for good)


class _RollBack(Exception):
    """Leaves the transaction without writing anything."""


async def _write(kind: Kind, planned: list[Planned], *, tx: Any, language: str) -> bool:
    """Run every create and update through the services inside ``tx``; whether every row went through.

    Each row runs in a savepoint, so a row refused by a service leaves nothing behind and the next rows are still
    tried (their problems are reported too). The caller commits or rolls back the whole.
    """
    failed = any(item.errors for item in planned)
    for item in planned:
        if item.errors or item.action not in ("create", "update"):
            continue
        savepoint = await tx.savepoint()
        try:
            if item.action == "create":
                assert kind.create is not None
                await kind.create(item.payload)
            else:
                assert kind.update is not None
                await kind.update(item.key, item.payload)
        except ServiceError as exc:
            await savepoint.rollback_to()
            failed = True
            for error in exc.errors or []:
                item.problem(kind.column_of(error.field), error.template or error.message, error.params, language)
            if not exc.errors:
                item.problem(kind.key.name, exc.template, exc.params, language)
        else:
            await savepoint.release()
    return not failed


def _counts(planned: Iterable[Planned]) -> dict[str, int]:
    counts = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
    for item in planned:
        counts["error" if item.errors else item.action] += 1
    return counts


async def preview_content(
    *, kind: str, principal: Principal, file_name: str, content: bytes, language: str
) -> tuple[list[Planned], PreviewOut]:
    chosen = kind_of(kind, importing=True)
    if not content:
        raise InvalidInput(N_("choose a file to import"), field="file")
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput(N_("the file is too large (at most 20 MB)"), field="file")
    table = files.read_table(
        content, format=files.format_of(file_name, content), known={column.name for column in chosen.columns}
    )
    ctx = await Context(principal).load()
    try:
        async with transaction() as tx:
            planned = await plan(kind=chosen, ctx=ctx, table=table, language=language)
            await _write(chosen, planned, tx=tx, language=language)
            raise _RollBack  # a dry run: whatever the services did is undone
    except _RollBack:
        pass
    counts = _counts(planned)
    return planned, PreviewOut(
        kind=chosen.name,
        token="",
        file_name=file_name,
        created=counts["create"],
        updated=counts["update"],
        unchanged=counts["unchanged"],
        errors=counts["error"],
        can_apply=counts["error"] == 0 and counts["create"] + counts["update"] > 0,
        rows=[item.preview() for item in planned if item.errors or item.action != "unchanged"],
    )


async def apply_content(
    *,
    kind: str,
    principal: Principal,
    file_name: str,
    content: bytes,
    language: str,
    expected: dict[int, tuple[str, int | None]] | None = None,
) -> ImportOut:
    """Write the file for good, all or nothing. ``expected``: each row's action and revision at preview."""
    chosen = kind_of(kind, importing=True)
    table = files.read_table(
        content, format=files.format_of(file_name, content), known={column.name for column in chosen.columns}
    )
    ctx = await Context(principal).load()
    applied = False
    try:
        async with transaction() as tx:
            # Planned inside the transaction that writes: on SQLite it holds the write lock from here on.
            planned = await plan(kind=chosen, ctx=ctx, table=table, language=language)
            if expected is not None:
                for item in planned:
                    was = expected.get(item.row)
                    now = (item.action, item.old.revision if item.old else None)
                    if was is not None and tuple(was) != now and not item.errors:
                        item.problem(
                            chosen.key.name,
                            N_("this row was changed by someone else since the preview; preview the file again"),
                            None,
                            language,
                        )
            # Updates carry the revision read here, the preview's (checked above): the audited write refuses a row
            # that moves between this read and its write.
            if not await _write(chosen, planned, tx=tx, language=language):
                raise _RollBack
            counts = _counts(planned)
            note = {"file": file_name, "created": counts["create"], "updated": counts["update"]}
            await audit.record(
                action="spreadsheet.imported", object_type="spreadsheet", object_id=chosen.name, after=note
            )
            applied = True
    except _RollBack:
        pass
    counts = _counts(planned)
    return ImportOut(
        kind=chosen.name,
        applied=applied,
        created=counts["create"] if applied else 0,
        updated=counts["update"] if applied else 0,
        unchanged=counts["unchanged"],
        rows=[item.preview() for item in planned if item.errors or (item.action != "unchanged" and not applied)],
    )


# ------------------------------------------------------------------ previews waiting to be applied


def _folder(data_dir: Path) -> Path:
    folder = data_dir / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def purge_previews(*, data_dir: Path, now: float | None = None) -> int:
    """Remove the uploaded files whose preview was never applied in time; how many."""
    removed = 0
    limit = (now if now is not None else time.time()) - PREVIEW_LIFETIME
    for path in _folder(data_dir).glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


async def preview(
    *, kind: str, principal: Principal, file_name: str, content: bytes, language: str, data_dir: Path
) -> PreviewOut:
    """Preview an upload and keep it (for ``PREVIEW_LIFETIME``) so that exactly this preview can be applied."""
    planned, out = await preview_content(
        kind=kind, principal=principal, file_name=file_name, content=content, language=language
    )
    purge_previews(data_dir=data_dir)
    if not out.can_apply:
        return out
    token = secrets.token_urlsafe(24)
    kept = {
        "kind": out.kind,
        "user_id": principal.user_id,
        "file_name": file_name,
        "content": base64.b64encode(content).decode("ascii"),
        "expected": {str(item.row): [item.action, item.old.revision if item.old else None] for item in planned},
    }
    path = _folder(data_dir) / f"{token}.json"
    draft = path.with_suffix(".tmp")
    draft.write_text(json.dumps(kept))
    draft.replace(path)
    return msgspec.structs.replace(out, token=token)


async def apply(*, kind: str, principal: Principal, token: str, language: str, data_dir: Path) -> ImportOut:
    purge_previews(data_dir=data_dir)
    gone = NotFound(N_("this preview is no longer available; upload the file again"), params={})
    if not TOKEN.match(token):
        raise gone
    path = _folder(data_dir) / f"{token}.json"
    try:
        kept = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        raise gone from None
    if kept.get("kind") != kind or kept.get("user_id") != principal.user_id:
        raise gone
    expected = {int(row): (action, revision) for row, (action, revision) in kept["expected"].items()}
    result = await apply_content(
        kind=kind,
        principal=principal,
        file_name=kept["file_name"],
        content=base64.b64decode(kept["content"]),
        language=language,
        expected=expected,
    )
    if result.applied:
        path.unlink(missing_ok=True)
    return result
