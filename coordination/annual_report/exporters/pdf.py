"""PDF: WeasyPrint lays out the report's HTML (the same template) with its print styles.

A4 pages, a cover, a table of contents whose page numbers come from
``target-counter()``, the chapter's name in the running header, page numbers
in the footer, charts as vectors. WeasyPrint needs a font installed on the
machine (``fonts-dejavu-core``; ``.ci/run`` installs it); the same model gives
the same bytes.
"""

from __future__ import annotations

import logging

# WeasyPrint logs every step and page at INFO (from its import on): a 200-page report would flood the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from coordination.annual_report.exporters import html  # noqa: E402
from coordination.annual_report.model import ReportModel  # noqa: E402


def render(model: ReportModel) -> bytes:
    document = HTML(string=html.render_text(model), base_url=None)
    rendered = document.write_pdf(font_config=FontConfiguration())
    assert rendered is not None  # write_pdf returns the bytes when no target is given
    return rendered
