"""The maturity tables.

- ``maturity_framework``: one *version* of a framework (themes, each with its scale of levels, all texts in
  en/fr/es), stored whole as JSON and never changed: a new version is a new row, so assessments made against
  an earlier version keep reading the texts they were made against.
- ``maturity_campaign``: when members assess themselves (a year, or dates the secretariat sets), against one
  framework version; ``published`` lets the public read the network's figures (never a member's answers).
- ``maturity_assessment``: one member × one campaign: its state, its revision (stale saves are 409), and
  whether the member shares its answers with the network.
- ``maturity_answer``: the working copy, one row per theme: level, justification, what the city plans next.
- ``maturity_submission``: every submission, frozen as JSON (the versions); the figures read the latest.
"""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from coordination.maturity.enums import AssessmentState
from coordination.members.tables import Member


class MaturityFramework(Table, tablename="maturity_framework"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    slug = Varchar(length=100)  # the framework; (slug, version) is unique (hand-written index)
    version = Integer(default=1)
    name = JSON(default="{}")  # {"en": "…", "fr": "…", "es": "…"}
    themes = JSON(default="[]")  # [{"code", "title": {lang: …}, "description": {…}, "levels": [{"level", …}]}]
    created_at = Timestamptz()
    created_by = Varchar(length=254, default="")


class MaturityCampaign(Table, tablename="maturity_campaign"):
    id: Serial  # added by Piccolo; declared so type-checkers know it
    slug = Varchar(length=100, unique=True)
    name = Varchar(length=200)
    start_date = Date()
    end_date = Date()
    # Restrict: a framework version that assessments were made against never goes away.
    framework = ForeignKey(references=MaturityFramework, on_delete=OnDelete.restrict, null=False)
    published = Boolean(default=False)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class MaturityAssessment(Table, tablename="maturity_assessment"):
    """One member's self-assessment in one campaign; (campaign, member) is unique (hand-written index)."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    campaign = ForeignKey(references=MaturityCampaign, on_delete=OnDelete.restrict, null=False)
    member = ForeignKey(references=Member, on_delete=OnDelete.restrict, null=False)
    state = Varchar(length=20, choices=AssessmentState, default=AssessmentState.draft)
    shared = Boolean(default=False)  # the member lets other members (and the annual report) see its answers
    submissions = Integer(default=0)
    submitted_at = Timestamptz(null=True, default=None)
    revision = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class MaturityAnswer(Table, tablename="maturity_answer"):
    """The working copy of one theme's answer; (assessment, theme) is unique (hand-written index)."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    assessment = ForeignKey(references=MaturityAssessment, on_delete=OnDelete.cascade, null=False)
    theme = Varchar(length=50)
    level = Integer(null=True, default=None)
    justification = Text(default="")
    next_steps = Text(default="")
    updated_at = Timestamptz()


class MaturitySubmission(Table, tablename="maturity_submission"):
    """A submitted version: the answers as submitted, never changed."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    assessment = ForeignKey(references=MaturityAssessment, on_delete=OnDelete.cascade, null=False)
    number = Integer()
    answers = JSON(default="[]")  # [{"theme", "level", "justification", "next_steps"}]
    submitted_at = Timestamptz()
    submitted_by = Varchar(length=254, default="")
    reopened_reason = Text(default="")  # set when the secretariat sent this version back
