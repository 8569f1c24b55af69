"""Names sort as people expect: accents and case ignored, "eThekwini" with the E's (core/collation.py)."""

from __future__ import annotations

import httpx
from litestar import Litestar

from coordination.core.collation import sort_by_name
from tests.factories.bodies import body
from tests.factories.members import member
from tests.pages.html import Page

NAMES = ["Zaragoza", "eThekwini", "Métropole de Lyon", "Éire", "Bilbao", "Lyon", "metro", "Ñuñoa", "Nairobi"]
EXPECTED = ["Bilbao", "Éire", "eThekwini", "Lyon", "metro", "Métropole de Lyon", "Nairobi", "Ñuñoa", "Zaragoza"]


def test_names_sort_with_accents_and_case_ignored() -> None:
    # Byte order would put "Zaragoza" before "eThekwini" and every accented name last.
    assert sorted(NAMES) != EXPECTED
    assert sort_by_name(NAMES, "fr") == EXPECTED
    assert sort_by_name([{"n": name} for name in NAMES], "es", key=lambda item: item["n"])[1] == {"n": "Éire"}


def test_spanish_files_enye_as_a_letter_after_n() -> None:
    names = ["Peña", "Oaxaca", "Ñuñoa", "Penz", "Nzeto", "Pena", "Nairobi", "ÑUÑOA"]
    # A Spanish reader: "ñ" after every "n…" and before "o"; case second ("ñuñoa" before "ÑUÑOA").
    assert sort_by_name(names, "es") == ["Nairobi", "Nzeto", "Ñuñoa", "ÑUÑOA", "Oaxaca", "Pena", "Penz", "Peña"]
    # An English or French reader: "ñ" is an "n" with a tilde, which counts only between otherwise equal names.
    assert sort_by_name(names, "fr") == ["Nairobi", "Ñuñoa", "ÑUÑOA", "Nzeto", "Oaxaca", "Pena", "Peña", "Penz"]


async def test_members_and_bodies_lists_sort_their_names_across_pages(client: httpx.AsyncClient, db: Litestar) -> None:
    for name in NAMES:
        await member(name=name)
        await body(name=f"{name} commission")
    page = Page((await client.get("/members")).text)
    shown = [text for href, text in page.links if href.startswith("/members/")]
    assert shown == EXPECTED
    # The order holds across pages of the list: the second page starts where the first stopped.
    second = Page((await client.get("/members", params={"offset": "3"})).text)
    assert next(text for href, text in second.links if href.startswith("/members/")) == "Lyon"
    bodies_page = Page((await client.get("/bodies")).text)
    listed = [text for href, text in bodies_page.links if href.startswith("/bodies/")]
    assert [name.removesuffix(" commission") for name in listed if name.endswith(" commission")] == EXPECTED
    # In Spanish the list files "Ñuñoa" after every N.
    await member(name="Nzeto")
    spanish = Page((await client.get("/members", params={"lang": "es"})).text)
    shown = [text for href, text in spanish.links if href.startswith("/members/")]
    assert shown[shown.index("Nairobi") :][:3] == ["Nairobi", "Nzeto", "Ñuñoa"]
