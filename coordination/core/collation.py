"""Names in the order people expect: "Métropole de Lyon" with the M's, "eThekwini" with the E's.

Byte order (and SQL's ``ORDER BY`` on SQLite and on PostgreSQL's "C"
collation) puts every capital before every small letter and every accented
letter after "z". We sort with the Unicode Collation Algorithm instead,
through ``pyuca`` (pinned): pure Python, so it installs with pip everywhere
the service runs, where PyICU would need ICU's headers and a compiler on
every machine and in CI. The default table (DUCET) ignores accents and case
at the first level, which is what English, French and Spanish readers
expect of a list of names. Spanish readers also expect "ñ" to be a letter of
its own, after every "n…" and before "o" (CLDR's Spanish tailoring), where
DUCET files "Ñuñoa" among the N's (as a French reader would): pyuca has no
tailoring syntax, so the Spanish table gets that one entry by hand
(``_spanish_collator``). Ties are broken by the name itself, so the order is
total and stable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

import pyuca

T = TypeVar("T")


@lru_cache(maxsize=1)
def _collator() -> pyuca.Collator:
    # Loading the table takes about 0.2 s: once per process.
    return pyuca.Collator()


# Above every primary weight of the table (the highest is 0xFFFD): "n" followed by it sorts after "n" + any letter.
_AFTER_EVERY_LETTER = 0xFFFF
_COMBINING_TILDE = 0x0303


@lru_cache(maxsize=1)
def _spanish_collator() -> pyuca.Collator:
    """DUCET with CLDR's Spanish tailoring ``&N < ñ <<< Ñ``: "ñ" sorts as "n" followed by a letter after "z"."""
    collator = pyuca.Collator()
    for letter in ("n", "N"):
        # Keys are NFD code points: "ñ" is "n" + a combining tilde. The case stays a third-level difference.
        [n_element] = collator.table.find_prefix([ord(letter)])[1]
        collator.table.add([ord(letter), _COMBINING_TILDE], [n_element, [_AFTER_EVERY_LETTER, 32, n_element[2]]])
    return collator


@lru_cache(maxsize=8192)
def _ducet_key(text: str) -> tuple[int, ...]:
    # pyuca is pure Python (about 20 µs a name): the members' and bodies' names are sorted on every list page,
    # so their keys are kept (a few thousand names, under a kilobyte each).
    return _collator().sort_key(text.strip())


@lru_cache(maxsize=8192)
def _spanish_key(text: str) -> tuple[int, ...]:
    return _spanish_collator().sort_key(text.strip())


def sort_key(text: str, language: str = "en") -> tuple[Any, ...]:
    """A key that orders ``text`` as a reader of ``language`` expects (en and fr: DUCET; es: "ñ" after "n")."""
    return (_spanish_key(text) if language == "es" else _ducet_key(text), text)


def _name_of(item: Any) -> str:
    return str(getattr(item, "name", item))


def sort_by_name(items: Iterable[T], language: str = "en", *, key: Callable[[T], str] | None = None) -> list[T]:
    """``items`` ordered by their name (``.name``, or what ``key`` gives) as a reader of ``language`` expects."""
    name = key or _name_of
    return sorted(items, key=lambda item: sort_key(name(item), language))


def ordered_ids(rows: Iterable[dict[str, Any]], *, name: str = "name", language: str = "en") -> list[int]:
    """The ``id`` of each row, rows ordered by ``name`` as people expect (then by id): for a list page to slice.

    Reading every matching id and name, then the page's rows, costs two queries; a network has at most a few
    thousand members or bodies, and neither SQLite nor every PostgreSQL install has the collation we want.
    """
    return [row["id"] for row in sorted(rows, key=lambda row: (*sort_key(str(row[name]), language), row["id"]))]
