"""The annual report's own tables: the year's draft (its editorial texts) and the frozen editions.

What the report says about bodies, activities and events is read from their
domains when the report is built; only what the secretariat writes (the
introduction, the summaries of results) and the frozen editions live here.
Editorial texts follow ``core.translated``: written in ``language``, with
``translations`` in a JSON column.

Unique pairs — (year, number) of editions, (draft, body_slug) of summaries —
are indexes made by a hand-written migration: Piccolo's ``Unique`` constraint
is added with ``ALTER TABLE … ADD CONSTRAINT``, which SQLite does not know.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class AnnualReportDraft(Table, tablename="annual_report_draft"):
    """The report of one year being prepared: one row per year, edited until and between editions."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    year = Integer(unique=True)
    language = Varchar(length=5, default="en")  # the language the introduction was written in
    introduction = Text(default="")
    translations = Text(default="{}")  # {"fr": {"introduction": "…"}}
    empty_priorities = Varchar(length=10, default="omit")  # "omit" or "mark"
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    updated_by = Varchar(length=254, default="")


class AnnualReportSummary(Table, tablename="annual_report_summary"):
    """The secretariat's summary of one body's results, replacing the highlights of its approved reports.

    Keyed by the body's slug (slugs never change): the report reads bodies
    through their service, which names them by slug.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    draft = ForeignKey(references=AnnualReportDraft, on_delete=OnDelete.cascade, null=False)
    body_slug = Varchar(length=100)
    language = Varchar(length=5, default="en")
    text = Text(default="")
    translations = Text(default="{}")  # {"fr": {"text": "…"}}


class AnnualReportEdition(Table, tablename="annual_report_edition"):
    """A frozen, numbered edition: the report model in each language as it was when frozen. Never updated.

    The models are kept whole (JSON), so an edition reads the same however the
    data changes later; its files are rendered from them.
    """

    id: Serial  # added by Piccolo; declared so type-checkers know it
    year = Integer(index=True)
    number = Integer()  # 1, 2… within the year; (year, number) is unique
    frozen_at = Timestamptz()
    frozen_by = Varchar(length=254)
    content_digest = Varchar(length=64)  # SHA-256 of the three models without their stamp: "nothing changed"
    model_en = Text()
    model_fr = Text()
    model_es = Text()
