"""What an import preview and an import say, on the wire and to the pages."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Action = Literal["create", "update", "unchanged", "error"]


class FieldChange(msgspec.Struct):
    column: str
    before: str  # as the cell is written in a CSV export
    after: str


class RowProblem(msgspec.Struct):
    column: str
    message: str  # in the reader's language


class RowPreview(msgspec.Struct):
    row: int  # the row's number in the file (the header is row 1)
    key: str  # its slug or id; empty for a row that creates something with a new id
    action: Action
    changes: list[FieldChange] = []
    errors: list[RowProblem] = []


class PreviewOut(msgspec.Struct):
    """What applying the file would do. ``rows`` lists every row but those left unchanged."""

    kind: str
    token: str  # send it back to apply exactly this preview
    file_name: str
    created: int
    updated: int
    unchanged: int
    errors: int
    can_apply: bool
    rows: list[RowPreview]


class ImportApply(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, Meta(max_length=64, pattern=r"^[A-Za-z0-9_-]*$(?!\n)", description="The preview's token.")]


class ImportOut(msgspec.Struct):
    """An import applied (``applied``), or refused whole with the rows that stopped it (nothing written)."""

    kind: str
    applied: bool
    created: int
    updated: int
    unchanged: int
    rows: list[RowPreview]
