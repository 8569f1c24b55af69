"""The personal calendar feeds: one row per secret feed link a signed-in person made.

The secret travels in the feed's address (calendar apps cannot send headers)
and is stored only as its SHA-256, like every other secret of the service.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from coordination.accounts.tables import User


class PersonalFeed(Table, tablename="feed_personal"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=100)
    token_hash = Varchar(length=64, unique=True)
    prefix = Varchar(length=20)  # the secret's first characters, so its owner can tell links apart
    created_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
