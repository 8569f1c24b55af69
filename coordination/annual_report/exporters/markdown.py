"""Markdown: the report as plain text that reads well as it is and renders on any Markdown site.

Written here rather than with a library: Markdown output is a handful of
lines per block, and what matters is escaping, which generic writers leave to
the caller. People's text is escaped so that it shows as typed: HTML
(``<script>``) is not passed through, ``*`` and ``_`` are not emphasis, a
line starting with ``#`` or ``1.`` is not a heading or a list; in table cells
``|`` is escaped and line breaks become ``<br>`` (the one HTML we write).
``tests/annual_report/test_markdown.py`` pins these rules.
Charts are left out: a Markdown file carries no image, and the tables of
the overview hold the same figures.
"""

from __future__ import annotations

import re

from coordination.annual_report import wording as W
from coordination.annual_report.model import Activity, BodyChapter, MaturitySection, Overview, ReportModel, Text
from coordination.annual_report.wording import Wording

_ALWAYS = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))", re.MULTILINE)


def escape(text: str, *, starts_line: bool = True) -> str:
    """Text that Markdown shows exactly as typed (line breaks aside); ``starts_line``: it may begin a line."""
    escaped = _ENTITY.sub(r"\\&", _ALWAYS.sub(r"\\\1", text))
    if not starts_line:
        return escaped
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(found: re.Match[str]) -> str:
    # "# x" → "\# x"; "1. x" → "1\. x" (a backslash before a digit would show: digits cannot be escaped).
    indent, mark, number, closing = found.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{closing}"


def cell(text: str) -> str:
    """A table cell: escaped, one line (breaks as ``<br>``)."""
    lines = [escape(line.strip()) for line in text.replace("\r\n", "\n").split("\n")]
    return "<br>".join(line for line in lines if line) or " "


class _Writer:
    def __init__(self, model: ReportModel) -> None:
        self.model = model
        self.words = Wording(model.language)
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def block(self, text: str) -> None:
        self.add(text, "")

    def heading(self, level: int, text: str) -> None:
        self.block(f"{'#' * level} {escape(text, starts_line=False)}")

    def shown(self, value: Text) -> str:
        """A person's text, escaped, its original language said when untranslated."""
        marker = f" _{escape(self.words.in_language(value.language))}_" if value.untranslated else ""
        return escape(value.text) + marker

    def paragraphs(self, value: Text) -> None:
        blocks = [block.strip() for block in value.text.replace("\r\n", "\n").split("\n\n") if block.strip()]
        for index, block in enumerate(blocks):
            # Two spaces before a line break keep it a break, not a space.
            text = "  \n".join(escape(line) for line in block.split("\n"))
            if index == len(blocks) - 1 and value.untranslated:
                text += f" _{escape(self.words.in_language(value.language))}_"
            self.block(text)

    def table(self, header: list[str], rows: list[list[str]], *, numbers_from: int = 99) -> None:
        align = ["---:" if position >= numbers_from else "---" for position in range(len(header))]
        self.add("| " + " | ".join(cell(label) for label in header) + " |", "| " + " | ".join(align) + " |")
        for row in rows:
            self.add("| " + " | ".join(cell(value) for value in row) + " |")
        self.add("")

    # ---------------------------------------------------------------- the document

    def write(self) -> bytes:
        model, words = self.model, self.words
        self.heading(1, model.title)
        self.block(f"**{escape(model.network.name)}**")
        if model.edition is not None:
            self.block(escape(words(W.EDITION, number=model.edition.number, date=model.edition.frozen_at_text)))
        else:
            self.block(f"**{escape(words(W.DRAFT))}**")
        if model.data_as_of_text:
            self.block(escape(words(W.DATA_AS_OF, date=model.data_as_of_text)))
        if model.scope is not None:
            self.block(escape(words(W.NARROWED, body=model.scope.body_name.text)))
        self.heading(2, words.headings["contents"])
        contents = []
        if model.introduction is not None:
            contents.append(words.headings["introduction"])
        contents.append(words.headings["overview"])
        if model.maturity is not None:
            contents.append(words.headings["maturity"])
        contents += [chapter.name.text for chapter in model.bodies]
        contents.append(words.annex(model.year))
        self.add(*(f"{number}. {escape(title)}" for number, title in enumerate(contents, start=1)), "")
        if model.introduction is not None:
            self.heading(2, words.headings["introduction"])
            self.paragraphs(model.introduction)
        self._overview(model.overview)
        if model.maturity is not None:
            self._maturity(model.maturity)
        for chapter in model.bodies:
            self._chapter(chapter)
        if not model.bodies:
            self.block(f"_{escape(words(W.NO_BODY, year=model.year))}_")
        self._annex()
        return ("\n".join(self.lines).rstrip("\n") + "\n").encode("utf-8")

    def _overview(self, overview: Overview) -> None:
        words, year = self.words, self.model.year
        self.heading(2, words.headings["overview"])
        self.block(
            escape(
                words(
                    W.OVERVIEW_SENTENCE,
                    year=year,
                    bodies=words.number(overview.bodies_total),
                    activities=words.number(overview.activities_total),
                    members=words.number(overview.members_taking_part),
                    countries=words.number(overview.countries),
                )
            )
        )
        self.heading(3, words(W.ACTIVITIES))
        statuses = overview.activities_by_status
        self.block(f"**{escape(words(W.ACTIVITIES_TABLE))}**")
        self.table(
            [words(W.STRATEGIC_PRIORITY), *(count.label for count in statuses), words(W.TOTAL)],
            [
                [
                    f"{priority.code}. {priority.title.text}",
                    *(words.number(count.count) for count in priority.by_status),
                    words.number(priority.count),
                ]
                for priority in overview.activities_by_priority
            ]
            + [[words(W.TOTAL), *(words.number(c.count) for c in statuses), words.number(overview.activities_total)]],
            numbers_from=1,
        )
        self.heading(3, words(W.BODIES))
        self.table(
            [words(W.KIND), words(W.BODIES)],
            [[count.label, words.number(count.count)] for count in overview.bodies_by_kind if count.count]
            + [[words(W.TOTAL), words.number(overview.bodies_total)]],
            numbers_from=1,
        )
        events = overview.events
        self.heading(3, words(W.EVENTS))
        self.table(
            [words(W.EVENTS_TABLE, year=year), ""],
            [
                [words(label), words.number(value)]
                for label, value in (
                    (W.HELD, events.held),
                    (W.IN_PERSON, events.in_person),
                    (W.ONLINE, events.online),
                    (W.HYBRID, events.hybrid),
                    (W.DATE_TBC, events.to_be_confirmed),
                    (W.CANCELLED, events.cancelled),
                )
            ],
            numbers_from=1,
        )
        if events.places:
            places = "; ".join(f"{place.label} ({words.number(place.count)})" for place in events.places)
            self.block(escape(f"{words(W.PLACES)} {places}"))
        self.heading(3, words(W.REPORTING))
        reporting = overview.reporting
        if reporting.available:
            self.block(
                escape(
                    words(
                        W.COMPLETENESS,
                        received=words.number(reporting.received),
                        expected=words.number(reporting.expected),
                        percent=words.percent(reporting.completeness_percent or 0),
                    )
                    + " "
                    + words(
                        W.TIMELINESS,
                        on_time=words.number(reporting.on_time),
                        percent=words.percent(reporting.timeliness_percent or 0),
                    )
                )
            )
            self.block(f"**{escape(words(W.REPORTING_TABLE))}**")
            self.table(
                [words(W.PERIOD), words(W.EXPECTED), words(W.RECEIVED), words(W.ON_TIME)],
                [
                    [p.label, words.number(p.expected), words.number(p.received), words.number(p.on_time)]
                    for p in reporting.periods
                ],
                numbers_from=1,
            )
        else:
            self.block(f"_{escape(words(W.REPORTING_NOT_AVAILABLE, year=year))}_")

    def _maturity(self, section: MaturitySection) -> None:
        words = self.words
        self.heading(2, words.headings["maturity"])
        self.block(
            escape(
                words(
                    W.MATURITY_SENTENCE,
                    count=words.number(section.participants),
                    name=section.name,
                    period=section.period_text,
                )
            )
        )
        if not section.shown:
            self.block(f"_{escape(words(W.MATURITY_WITHHELD))}_")
            return
        top = max(theme.levels for theme in section.themes)
        self.block(f"**{escape(words(W.MATURITY_TABLE))}**")
        self.table(
            [words(W.THEME), *(words(W.LEVEL, level=level) for level in range(1, top + 1)), words(W.MEDIAN)],
            [
                [
                    theme.title,
                    *(
                        words.number(theme.distribution[level - 1]) if level <= theme.levels else ""
                        for level in range(1, top + 1)
                    ),
                    words.number(theme.median) if theme.median is not None else "",
                ]
                for theme in section.themes
            ],
            numbers_from=1,
        )
        if section.weakest:
            weakest = "; ".join(theme.title for theme in section.themes if theme.code in section.weakest)
            self.block(escape(f"{words(W.MATURITY_WEAKEST)} {weakest}"))
        if section.shared:
            self.heading(3, words(W.MATURITY_SHARED))
            self.table(
                [words(W.THEME), *(item.member.name for item in section.shared)],
                [
                    [theme.title, *(str(item.levels.get(theme.code, "")) for item in section.shared)]
                    for theme in section.themes
                ],
                numbers_from=1,
            )

    def _chapter(self, chapter: BodyChapter) -> None:
        words, year = self.words, self.model.year
        self.heading(2, chapter.name.text)
        meta = [chapter.kind_label]
        if chapter.status != "active":
            meta.append(chapter.status_label)
        meta += [words.members(chapter.members_count), words.events(chapter.events_count)]
        self.block(f"_{escape(' · '.join(meta))}_")
        if chapter.mandate is not None:
            self.block(f"**{escape(words(W.MANDATE))}** {self.shown(chapter.mandate)}")
        self.heading(3, f"1. {words.headings['main_activities']}")
        for group in chapter.priorities:
            self.block(f"#### {escape(group.code, starts_line=False)}. {self.shown(group.title)}")
            for activity in group.activities:
                self._activity(activity)
            if not group.activities:
                self.block(f"_{escape(words(W.NO_ACTIVITY_UNDER_PRIORITY, year=year))}_")
        if not chapter.priorities:
            self.block(f"_{escape(words(W.NO_ACTIVITY, year=year))}_")

        self.heading(3, f"2. {words.headings['leadership']}")
        leadership = chapter.leadership
        items = []
        for leader in leadership.leaders:
            line = words(W.LEADER, role=leader.role_label, member=leader.member.name, date=leader.since_text)
            if leader.person:
                line += " — " + words(W.REPRESENTED_BY, person=leader.person)
                line += f", {leader.person_title}" if leader.person_title else ""
            items.append(line)
        for change in leadership.changes:
            message = W.STARTED if change.change == "started" else W.ENDED
            items.append(words(message, date=change.on_text, member=change.member.name, role=change.role_label))
        if items:
            self.add(*(f"- {escape(item)}" for item in items), "")
        if not leadership.leaders:
            self.block(f"_{escape(words(W.NO_LEADER))}_")
        if not leadership.changes:
            self.block(escape(words(W.NO_LEADERSHIP_CHANGE, year=year)))
        if leadership.renaming is not None:
            renaming = leadership.renaming
            self.block(
                escape(words(W.RENAMED, date=renaming.on_text, name=renaming.name.text, kind=renaming.kind_label))
            )
        if leadership.other_roles:
            self.block(escape(words(W.OTHER_ROLES)))
            self.add(
                *(
                    f"- {escape(words(W.OTHER_ROLE, member=r.member.name, role=r.role_label, body=r.body_name.text))}"
                    for r in leadership.other_roles
                ),
                "",
            )

        self.heading(3, f"3. {words.headings['summary']}")
        summary = chapter.summary
        if summary.source == "secretariat" and summary.text is not None:
            self.paragraphs(summary.text)
        elif summary.source == "approved_reports":
            for highlight in summary.highlights:
                self.block(f"**{self.shown(highlight.title)}**")
                self.paragraphs(highlight.text)
        else:
            self.block(f"_{escape(words(W.NO_APPROVED_REPORT))}_")

    def _activity(self, activity: Activity) -> None:
        words = self.words
        self.block(f"##### {self.shown(activity.title)}")
        facts = []
        if activity.planned is not None:
            facts.append((words(W.PLANNED), escape(activity.planned.text)))
        facts += [
            (words(W.STATUS), escape(activity.status_label)),
            (words(W.PROGRESS), escape(activity.progress_text)),
        ]
        if activity.partners:
            facts.append((words(W.PARTNERS), escape(", ".join(activity.partners))))
        if activity.participants:
            names = ", ".join(member.name for member in activity.participants)
            facts.append((words(W.PARTICIPANTS), escape(f"{names} ({words.number(len(activity.participants))})")))
        self.add(*(f"- **{escape(label)}** {value}" for label, value in facts))
        if activity.deliverables:
            self.add(f"- **{escape(words(W.DELIVERABLES))}**")
            for item in activity.deliverables:
                done = (
                    f" — {escape(words(W.DELIVERED_ON, date=item.delivered_on_text))}" if item.delivered_on_text else ""
                )
                self.add(f"  - {self.shown(item.title)}{done}")
        self.add("")
        if activity.description.text.strip():
            self.paragraphs(activity.description)
        for narrative in activity.narratives:
            source = words(W.NARRATIVE_SOURCE, period=narrative.period)
            if narrative.approved_on_text:
                source += f" ({narrative.approved_on_text})"
            self.block(f"> _{escape(source)}_")
            quoted = [block.strip() for block in narrative.text.text.split("\n\n") if block.strip()]
            for block in quoted:
                self.block("> " + "  \n> ".join(escape(line) for line in block.split("\n")))
            if narrative.text.untranslated:
                self.block(f"> _{escape(words.in_language(narrative.text.language))}_")

    def _annex(self) -> None:
        model, words = self.model, self.words
        self.heading(2, words.annex(model.year))
        if not model.events:
            self.block(f"_{escape(words(W.NO_EVENT, year=model.year))}_")
            return
        self.table(
            [words(W.DATE), words(W.EVENT), words(W.BODY), words(W.WHERE), words(W.STATUS)],
            [
                [
                    event.when,
                    event.title.text
                    + (f" {words.in_language(event.title.language)}" if event.title.untranslated else "")
                    + f"\n{event.kind_label}",
                    event.body_name.text,
                    words.where(event.place, event.online),
                    event.status_label,
                ]
                for event in model.events
            ],
        )


def render(model: ReportModel) -> bytes:
    return _Writer(model).write()
