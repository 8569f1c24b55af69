"""Exporters: the report model in, bytes with a content type and a file name out. Nothing else.

One module per format; ``export(model, format)`` picks it. HTML and PDF render
the same template (``annual_report/report.html``); Word and Markdown walk the
model with the same fixed text (``wording.py``); JSON is the model itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

from coordination.annual_report.model import ReportModel

Format = Literal["html", "pdf", "docx", "md", "json"]
FORMATS: tuple[Format, ...] = get_args(Format)

CONTENT_TYPES: dict[Format, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    content_type: str
    filename: str


def filename(model: ReportModel, format: Format) -> str:
    """``annual-report-2020-edition-1-fr.pdf``, ``annual-report-2020-draft-digital-cities-en.docx``."""
    edition = f"edition-{model.edition.number}" if model.edition is not None else "draft"
    scope = f"-{model.scope.body_slug}" if model.scope is not None else ""
    return f"annual-report-{model.year}-{edition}{scope}-{model.language}.{format}"


def _renderer(format: Format) -> Callable[[ReportModel], bytes]:
    # Imported on first use: WeasyPrint and python-docx take a moment to load, and most commands need neither.
    if format == "html":
        from coordination.annual_report.exporters import html

        return html.render
    if format == "pdf":
        from coordination.annual_report.exporters import pdf

        return pdf.render
    if format == "docx":
        from coordination.annual_report.exporters import docx

        return docx.render
    if format == "md":
        from coordination.annual_report.exporters import markdown

        return markdown.render
    from coordination.annual_report.exporters import json

    return json.render


def export(model: ReportModel, format: Format) -> ExportedFile:
    """The report in ``format``. CPU-bound (a PDF of a large network takes seconds): run it in a worker thread."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    return ExportedFile(
        content=_renderer(format)(model), content_type=CONTENT_TYPES[format], filename=filename(model, format)
    )
