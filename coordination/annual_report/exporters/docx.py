"""Word: a document the secretariat can edit further in Word or LibreOffice, built with python-docx.

Real heading styles (Heading 1 for the parts, 2 for the sections of a
chapter, 3 for the strategic priorities, 4 for the activities), a
table-of-contents field over levels 1–2 that the word processor fills in
(Word is asked to update fields on opening), tables in the "Light List
Accent 1" style with repeated header rows, the charts as PNG images 16 cm
wide, page numbers in the footer, the document's language and metadata
(title, author, dates) set from the report. The same model gives the same
bytes: the zip is rewritten with fixed timestamps (python-docx stamps "now").
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from coordination.annual_report import charts
from coordination.annual_report import wording as W
from coordination.annual_report.model import Activity, BodyChapter, MaturitySection, Overview, ReportModel, Text
from coordination.annual_report.wording import Wording

CHART_WIDTH = Cm(16)
MUTED = RGBColor(0x5B, 0x64, 0x75)
# XML 1.0 refuses these characters; a stray control character in a title must not stop the whole document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Zip entries' time when the report has no date of its own (the zip format cannot say 1970).
_FALLBACK_TIME = datetime(2000, 1, 1, tzinfo=UTC)
WORD_LANGUAGES = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


class _Writer:
    """Walks the model, writing the document; one instance per render."""

    def __init__(self, model: ReportModel) -> None:
        self.model = model
        self.words = Wording(model.language)
        self.document: DocumentObject = Document()
        styles = self.document.styles
        # Style ids, looked up once and set on each paragraph directly: python-docx's own ``paragraph.style =``
        # scans every style of the document each time, which made most of the time of a 100-body report.
        self.style_ids: dict[str, str] = {
            name: str(styles[name].style_id)
            for name in (
                "Title",
                "Subtitle",
                "Heading 1",
                "Heading 2",
                "Heading 3",
                "Heading 4",
                "List Bullet",
                "TOC Heading",
                "Caption",
                "Quote",
            )
        }
        self.table_style = styles["Light List Accent 1"]

    # ---------------------------------------------------------------- building blocks

    def paragraph(self, text: str = "", style: str = "Normal") -> Paragraph:
        paragraph = self.document.add_paragraph(_clean(text))
        if style != "Normal":
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def heading(self, text: str, level: int, marker: Text | None = None) -> Paragraph:
        paragraph = self.paragraph(text, f"Heading {level}")
        if marker is not None and marker.untranslated:
            self._marker(paragraph, marker)
        return paragraph

    def _marker(self, paragraph: Paragraph, value: Text) -> None:
        run = paragraph.add_run(" " + self.words.in_language(value.language))
        run.italic = True
        run.font.color.rgb = MUTED

    def text(self, paragraph: Paragraph, value: Text, *, bold: bool = False) -> None:
        """A person's text in a paragraph: single line breaks kept, its original language said when untranslated."""
        for index, line in enumerate(value.text.replace("\r\n", "\n").split("\n")):
            run = paragraph.add_run()
            if index:
                run.add_break()
            run.add_text(_clean(line))
            run.bold = bold
        if value.untranslated:
            self._marker(paragraph, value)

    def paragraphs(self, value: Text, style: str = "Normal") -> None:
        blocks = [block.strip() for block in value.text.replace("\r\n", "\n").split("\n\n") if block.strip()]
        for index, block in enumerate(blocks):
            paragraph = self.paragraph(style=style)
            last = index == len(blocks) - 1
            self.text(paragraph, Text(text=block, language=value.language, untranslated=value.untranslated and last))

    def _plain(self, value: Text) -> str:
        """A person's text inside a table cell, its original language said when untranslated."""
        return value.text + (f" {self.words.in_language(value.language)}" if value.untranslated else "")

    def muted(self, text: str) -> Paragraph:
        paragraph = self.paragraph()
        run = paragraph.add_run(_clean(text))
        run.italic = True
        run.font.color.rgb = MUTED
        return paragraph

    def bullet(self, text: str, value: Text | None = None) -> Paragraph:
        paragraph = self.paragraph(style="List Bullet")
        if value is not None:
            self.text(paragraph, value)
            if text:
                paragraph.add_run(_clean(text))
        else:
            paragraph.add_run(_clean(text))
        return paragraph

    def table(self, header: list[str], rows: list[list[str]], *, numbers_from: int = 99) -> Table:
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = self.table_style
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        header_row = table.rows[0]
        repeat = OxmlElement("w:tblHeader")  # repeated at the top of every page the table runs over
        repeat.set(qn("w:val"), "true")
        header_row._tr.get_or_add_trPr().append(repeat)
        for cell, label in zip(header_row.cells, header, strict=True):
            cell.text = _clean(label)
        for values in rows:
            cells = table.add_row().cells
            for position, (cell, value) in enumerate(zip(cells, values, strict=True)):
                cell.text = _clean(value)
                if position >= numbers_from:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.paragraph()
        return table

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def field(self, paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
        """A Word field (TOC, PAGE…): the word processor computes its value; ``placeholder`` shows until then."""
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        begin.set(qn("w:dirty"), "true")
        code = OxmlElement("w:instrText")
        code.set(qn("xml:space"), "preserve")
        code.text = f" {instruction} "
        separate = OxmlElement("w:fldChar")
        separate.set(qn("w:fldCharType"), "separate")
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        paragraph.add_run()._r.append(begin)
        paragraph.add_run()._r.append(code)
        paragraph.add_run()._r.append(separate)
        paragraph.add_run(_clean(placeholder))
        paragraph.add_run()._r.append(end)

    # ---------------------------------------------------------------- the document

    def write(self) -> bytes:
        self._page_setup()
        self._cover()
        self._contents()
        model, words = self.model, self.words
        if model.introduction is not None:
            self.heading(words.headings["introduction"], 1)
            self.paragraphs(model.introduction)
            self.page_break()
        self._overview(model.overview)
        if model.maturity is not None:
            self.page_break()
            self._maturity(model.maturity)
        for chapter in model.bodies:
            self.page_break()
            self._chapter(chapter)
        if not model.bodies:
            self.muted(words(W.NO_BODY, year=model.year))
        self.page_break()
        self._annex()
        self._metadata()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return _reproducible(buffer.getvalue(), self._when())

    def _page_setup(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2.2)
        normal = self.document.styles["Normal"]
        normal.font.size = Pt(10.5)
        # The language spell-checkers and hyphenation use, for the whole document.
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            run_properties = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if run_properties is not None:
                language = run_properties.find(qn("w:lang"))
                if language is None:
                    language = OxmlElement("w:lang")
                    run_properties.append(language)
                language.set(qn("w:val"), WORD_LANGUAGES[self.model.language])
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.field(footer, "PAGE", "1")
        footer.add_run(" / ")
        self.field(footer, "NUMPAGES", "1")
        header = section.header.paragraphs[0]
        header.text = _clean(f"{self.model.network.short_name or self.model.network.name} · {self.model.title}")
        section.different_first_page_header_footer = True  # the cover has neither

    def _cover(self) -> None:
        model, words = self.model, self.words
        self.paragraph(model.network.name, "Subtitle")
        self.paragraph(model.title, "Title")
        if model.edition is not None:
            edition = words(W.EDITION, number=model.edition.number, date=model.edition.frozen_at_text)
        else:
            edition = words(W.DRAFT)
        self.paragraph(edition).runs[0].bold = True
        if model.data_as_of_text:
            self.muted(words(W.DATA_AS_OF, date=model.data_as_of_text))
        if model.scope is not None:
            self.paragraph(words(W.NARROWED, body=model.scope.body_name.text))
        self.page_break()

    def _contents(self) -> None:
        self.paragraph(self.words.headings["contents"], "TOC Heading")
        self.field(self.paragraph(), 'TOC \\o "1-2" \\h \\z \\u', self.words(W.TOC_PLACEHOLDER))
        # Word updates the fields (the contents, page counts) when the document is opened.
        settings = self.document.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
        self.page_break()

    def _overview(self, overview: Overview) -> None:
        words, year = self.words, self.model.year
        self.heading(words.headings["overview"], 1)
        self.paragraph(
            words(
                W.OVERVIEW_SENTENCE,
                year=year,
                bodies=words.number(overview.bodies_total),
                activities=words.number(overview.activities_total),
                members=words.number(overview.members_taking_part),
                countries=words.number(overview.countries),
            )
        )
        for chart in overview.charts:
            self.paragraph(chart.title, "Caption")
            self.document.add_picture(io.BytesIO(charts.png(chart)), width=CHART_WIDTH)
            picture = self.document.paragraphs[-1]
            described = picture.runs[0]._r.find(".//" + qn("wp:docPr"))
            if described is not None:
                described.set("descr", _clean(chart.description))  # the image's alternative text
        self.heading(words(W.ACTIVITIES), 2)
        self.paragraph(words(W.ACTIVITIES_TABLE), "Caption")
        statuses = overview.activities_by_status
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
            + [
                [
                    words(W.TOTAL),
                    *(words.number(count.count) for count in statuses),
                    words.number(overview.activities_total),
                ]
            ],
            numbers_from=1,
        )
        self.heading(words(W.BODIES), 2)
        self.paragraph(words(W.BODIES_TABLE), "Caption")
        self.table(
            [words(W.KIND), words(W.BODIES)],
            [[count.label, words.number(count.count)] for count in overview.bodies_by_kind if count.count]
            + [[words(W.TOTAL), words.number(overview.bodies_total)]],
            numbers_from=1,
        )
        events = overview.events
        self.heading(words(W.EVENTS), 2)
        self.paragraph(words(W.EVENTS_TABLE, year=year), "Caption")
        self.table(
            [words(W.EVENTS), ""],
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
            self.paragraph(f"{words(W.PLACES)} {places}")
        self.heading(words(W.REPORTING), 2)
        reporting = overview.reporting
        if not reporting.available:
            self.muted(words(W.REPORTING_NOT_AVAILABLE, year=year))
            return
        self.paragraph(
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
        self.paragraph(words(W.REPORTING_TABLE), "Caption")
        self.table(
            [words(W.PERIOD), words(W.EXPECTED), words(W.RECEIVED), words(W.ON_TIME)],
            [
                [
                    period.label,
                    words.number(period.expected),
                    words.number(period.received),
                    words.number(period.on_time),
                ]
                for period in reporting.periods
            ],
            numbers_from=1,
        )

    def _maturity(self, section: MaturitySection) -> None:
        words = self.words
        self.heading(words.headings["maturity"], 1)
        self.paragraph(
            words(
                W.MATURITY_SENTENCE,
                count=words.number(section.participants),
                name=section.name,
                period=section.period_text,
            )
        )
        if not section.shown:
            self.muted(words(W.MATURITY_WITHHELD))
            return
        if section.chart is not None:
            self.paragraph(section.chart.title, "Caption")
            self.document.add_picture(io.BytesIO(charts.png(section.chart)), width=CHART_WIDTH)
            described = self.document.paragraphs[-1].runs[0]._r.find(".//" + qn("wp:docPr"))
            if described is not None:
                described.set("descr", _clean(section.chart.description))
        top = max(theme.levels for theme in section.themes)
        self.paragraph(words(W.MATURITY_TABLE), "Caption")
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
            self.paragraph(f"{words(W.MATURITY_WEAKEST)} {weakest}")
        if section.shared:
            self.heading(words(W.MATURITY_SHARED), 2)
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
        self.heading(chapter.name.text, 1, chapter.name)
        meta = [chapter.kind_label]
        if chapter.status != "active":
            meta.append(chapter.status_label)
        meta += [words.members(chapter.members_count), words.events(chapter.events_count)]
        self.muted(" · ".join(meta))
        if chapter.mandate is not None:
            paragraph = self.paragraph()
            paragraph.add_run(words(W.MANDATE) + " ").bold = True
            self.text(paragraph, chapter.mandate)

        self.heading(f"1. {words.headings['main_activities']}", 2)
        for group in chapter.priorities:
            self.heading(f"{group.code}. {group.title.text}", 3, group.title)
            for activity in group.activities:
                self._activity(activity)
            if not group.activities:
                self.muted(words(W.NO_ACTIVITY_UNDER_PRIORITY, year=year))
        if not chapter.priorities:
            self.muted(words(W.NO_ACTIVITY, year=year))

        self.heading(f"2. {words.headings['leadership']}", 2)
        leadership = chapter.leadership
        for leader in leadership.leaders:
            line = words(W.LEADER, role=leader.role_label, member=leader.member.name, date=leader.since_text)
            if leader.person:
                line += " — " + words(W.REPRESENTED_BY, person=leader.person)
                line += f", {leader.person_title}" if leader.person_title else ""
            self.bullet(line)
        if not leadership.leaders:
            self.muted(words(W.NO_LEADER))
        for change in leadership.changes:
            message = W.STARTED if change.change == "started" else W.ENDED
            self.bullet(words(message, date=change.on_text, member=change.member.name, role=change.role_label))
        if not leadership.changes:
            self.paragraph(words(W.NO_LEADERSHIP_CHANGE, year=year))
        if leadership.renaming is not None:
            renaming = leadership.renaming
            self.paragraph(words(W.RENAMED, date=renaming.on_text, name=renaming.name.text, kind=renaming.kind_label))
        if leadership.other_roles:
            self.paragraph(words(W.OTHER_ROLES))
            for role in leadership.other_roles:
                self.bullet(
                    words(W.OTHER_ROLE, member=role.member.name, role=role.role_label, body=role.body_name.text)
                )

        self.heading(f"3. {words.headings['summary']}", 2)
        summary = chapter.summary
        if summary.source == "secretariat" and summary.text is not None:
            self.paragraphs(summary.text)
        elif summary.source == "approved_reports":
            for highlight in summary.highlights:
                self.text(self.paragraph(), highlight.title, bold=True)
                self.paragraphs(highlight.text)
        else:
            self.muted(words(W.NO_APPROVED_REPORT))

    def _activity(self, activity: Activity) -> None:
        words = self.words
        self.heading(activity.title.text, 4, activity.title)
        facts: list[list[str]] = []
        if activity.planned is not None:
            facts.append([words(W.PLANNED), activity.planned.text])
        facts += [[words(W.STATUS), activity.status_label], [words(W.PROGRESS), activity.progress_text]]
        if activity.partners:
            facts.append([words(W.PARTNERS), ", ".join(activity.partners)])
        if activity.deliverables:
            listed = []
            for item in activity.deliverables:
                line = item.title.text + (
                    f" {words.in_language(item.title.language)}" if item.title.untranslated else ""
                )
                if item.delivered_on_text:
                    line += " — " + words(W.DELIVERED_ON, date=item.delivered_on_text)
                listed.append("• " + line)
            facts.append([words(W.DELIVERABLES), "\n".join(listed)])
        if activity.participants:
            names = ", ".join(member.name for member in activity.participants)
            facts.append([words(W.PARTICIPANTS), f"{names} ({words.number(len(activity.participants))})"])
        table = self.document.add_table(rows=0, cols=2)
        for label, value in facts:
            cells = table.add_row().cells
            cells[0].text = _clean(label)
            cells[0].paragraphs[0].runs[0].font.color.rgb = MUTED
            cells[0].width, cells[1].width = Cm(4), Cm(13)
            lines = value.split("\n")
            cells[1].text = _clean(lines[0])
            for line in lines[1:]:
                cells[1].add_paragraph(_clean(line))
        if activity.description.text.strip():
            self.paragraphs(activity.description)
        for narrative in activity.narratives:
            source = words(W.NARRATIVE_SOURCE, period=narrative.period)
            if narrative.approved_on_text:
                source += f" ({narrative.approved_on_text})"
            self.paragraph(source, "Caption")
            self.paragraphs(narrative.text, "Quote")

    def _annex(self) -> None:
        model, words = self.model, self.words
        self.heading(words.annex(model.year), 1)
        if not model.events:
            self.muted(words(W.NO_EVENT, year=model.year))
            return
        self.table(
            [words(W.DATE), words(W.EVENT), words(W.BODY), words(W.WHERE), words(W.STATUS)],
            [
                [
                    event.when,
                    self._plain(event.title) + f"\n{event.kind_label}",
                    event.body_name.text,
                    words.where(event.place, event.online),
                    event.status_label,
                ]
                for event in model.events
            ],
        )

    def _when(self) -> datetime:
        model = self.model
        if model.edition is not None:
            return model.edition.frozen_at
        return model.data_as_of or _FALLBACK_TIME

    def _metadata(self) -> None:
        model, properties = self.model, self.document.core_properties
        when = self._when().replace(microsecond=0)
        properties.title = _clean(f"{model.title} · {model.network.name}")[:255]
        properties.subject = _clean(model.title)
        properties.author = _clean(model.network.name)[:255]
        properties.last_modified_by = _clean(model.edition.frozen_by if model.edition else model.network.name)[:255]
        properties.created = when.replace(tzinfo=None)
        properties.modified = when.replace(tzinfo=None)
        properties.last_printed = when.replace(tzinfo=None)
        properties.revision = model.edition.number if model.edition else 1
        properties.language = WORD_LANGUAGES[model.language]
        properties.comments = (
            self.words(W.EDITION, number=model.edition.number, date=model.edition.frozen_at_text)
            if model.edition
            else self.words(W.DRAFT)
        )
        properties.keywords = f"{model.year}"
        properties.category = _clean(model.title)


def _reproducible(raw: bytes, when: datetime) -> bytes:
    """The same zip with every entry dated ``when``, so equal models give equal files."""
    stamp = when.astimezone(UTC).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(raw))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()


def render(model: ReportModel) -> bytes:
    return _Writer(model).write()
