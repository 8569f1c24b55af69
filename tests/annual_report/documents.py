"""Reading the report's files back as a reader's software would: python-docx for Word, pypdf for the PDF."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import docx
from docx.document import Document
from pypdf import PdfReader


@dataclass(frozen=True)
class WordDocument:
    document: Document

    def headings(self, level: int) -> list[str]:
        return [p.text for p in self.document.paragraphs if p.style is not None and p.style.name == f"Heading {level}"]

    @property
    def text(self) -> str:
        """Every paragraph, table cell included, one per line."""
        parts = [p.text for p in self.document.paragraphs]
        for table in self.document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)

    @property
    def field_codes(self) -> list[str]:
        body = self.document.element.body
        return [node.text.strip() for node in body.iter() if node.tag.endswith("}instrText") and node.text]


def read_docx(content: bytes) -> WordDocument:
    return WordDocument(docx.Document(io.BytesIO(content)))


def normalise(text: str) -> str:
    """Text as a reader reads it: words broken at the end of a line joined again, runs of spaces as one."""
    joined = re.sub(r"(\w)[-\u2010]\n(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", joined).strip()


@dataclass(frozen=True)
class PdfDocument:
    pages: list[str]

    @property
    def text(self) -> str:
        return normalise("\n".join(self.pages))

    def first_page_starting_with(self, heading: str) -> int:
        """The number (from 1) of the page whose first line is ``heading``: where a chapter begins."""
        for number, page in enumerate(self.pages, start=1):
            if normalise(page).startswith(heading):
                return number
        raise AssertionError(f"no page begins with {heading!r}")


def read_pdf(content: bytes) -> PdfDocument:
    reader = PdfReader(io.BytesIO(content))
    return PdfDocument(pages=[page.extract_text() or "" for page in reader.pages])
