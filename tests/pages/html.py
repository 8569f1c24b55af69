"""What a person sees on a page, read with the standard library's HTML parser.

``Page`` keeps the visible text (whitespace collapsed), the headings, the
links, the text of each list item and what the accessibility checks need:
form controls and their labels, table header scopes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "caption", "section", "nav",
    "header", "footer", "main", "h1", "h2", "h3", "h4", "h5", "h6", "br", "option", "label", "legend", "form",
}  # fmt: skip
_HIDDEN = {"style", "script", "title", "head"}
_VOID = {"br", "input", "meta", "link", "img", "hr"}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Page(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.headings: list[tuple[int, str]] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.items: list[str] = []  # the text of each <li>
        self.controls: list[dict[str, str]] = []
        self.label_targets: set[str] = set()
        self.header_cells: list[dict[str, str]] = []
        self._text: list[str] = []
        self._hidden = 0
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(source)
        self.close()
        self.text = squash("".join(self._text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag in _HIDDEN:
            self._hidden += 1
        if tag in _BLOCKS:
            self._write(" ")
        if tag in ("input", "select", "textarea") and values.get("type") not in ("hidden", "submit"):
            self.controls.append({"tag": tag, **values})
        if tag == "label" and "for" in values:
            self.label_targets.add(values["for"])
        if tag == "th":
            self.header_cells.append(values)
        if tag not in _VOID:
            self._open.append((tag, values, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden -= 1
        if tag in _BLOCKS:
            self._write(" ")
        while self._open:
            open_tag, values, parts = self._open.pop()
            text = squash("".join(parts))
            if re.fullmatch(r"h[1-6]", open_tag):
                self.headings.append((int(open_tag[1]), text))
            elif open_tag == "a":
                self.links.append((values.get("href", ""), text))
            elif open_tag == "li":
                self.items.append(text)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._write(data)

    def _write(self, text: str) -> None:
        self._text.append(text)
        for _, _, parts in self._open:
            parts.append(text)

    @property
    def h1(self) -> str:
        titles = [text for level, text in self.headings if level == 1]
        assert len(titles) == 1, f"expected one h1, found {titles}"
        return titles[0]

    def item(self, containing: str) -> str:
        """The one list item whose text contains ``containing``, innermost first."""
        found = [text for text in self.items if containing in text]
        assert found, f"no list item contains {containing!r}"
        return min(found, key=len)

    def link(self, text: str) -> str:
        hrefs = [href for href, shown in self.links if shown == text]
        assert hrefs, f"no link reads {text!r}"
        return hrefs[0]


def check_accessible(page: Page) -> None:
    """One h1, headings that never skip a level, a label for every control, a scope on every header cell."""
    assert page.h1
    previous = 0
    for level, text in page.headings:
        assert level <= previous + 1, f"heading {text!r} (h{level}) follows an h{previous}"
        previous = level
    for control in page.controls:
        assert control.get("id") in page.label_targets, f"no label for {control}"
    for cell in page.header_cells:
        assert cell.get("scope") in ("col", "row"), f"a header cell has no scope: {cell}"
    assert page.lang in ("en", "fr", "es")
