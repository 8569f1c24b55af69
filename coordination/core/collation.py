"""Names in the order people expect: "Métropole de Lyon" with the M's, "eThekwini" with the E's.

Byte order (and SQL's ``ORDER BY`` on SQLite and on PostgreSQL's "C"
collation) puts every capital before every small letter and every accented
letter after "z". We sort with the Unicode Collation Algorithm instead,
through ``pyuca`` (pinned): pure Python, so it installs with pip everywhere
the service runs, where PyICU would need ICU's headers and a compiler on
every machine and in CI. The default table (DUCET) ignores accents and case
at the first level, which is what English, French and Spanish readers
expect of a list of names; it lacks only the Spanish tailoring that files
"ñ" after "n" (DUCET files "Ñuñoa" among the N's, as a French reader would).
Ties are broken by the name itself, so the order is total and stable.
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


@lru_cache(maxsize=8192)
def _ducet_key(text: str) -> tuple[int, ...]:
    # pyuca is pure Python (about 20 µs a name): the members' and bodies' names are sorted on every list page,
    # so their keys are kept (a few thousand names, under a kilobyte each).
    return _collator().sort_key(text.strip())


def sort_key(text: str, language: str = "en") -> tuple[Any, ...]:
    """A key that orders ``text`` as a reader of ``language`` expects (en, fr, es share DUCET's order)."""
    del language  # one table serves the three languages; kept so a tailored one can come without changing callers
    return (_ducet_key(text), text)


def _name_of(item: Any) -> str:
    return str(getattr(item, "name", item))


def sort_by_name(items: Iterable[T], language: str = "en", *, key: Callable[[T], str] | None = None) -> list[T]:
    """``items`` ordered by their name (``.name``, or what ``key`` gives) as a reader of ``language`` expects."""
    name = key or _name_of
    return sorted(items, key=lambda item: sort_key(name(item), language))


def ordered_ids(rows: Iterable[dict[str, Any]], *, name: str = "name") -> list[int]:
    """The ``id`` of each row, rows ordered by ``name`` as people expect (then by id): for a list page to slice.

    Reading every matching id and name, then the page's rows, costs two queries; a network has at most a few
    thousand members or bodies, and neither SQLite nor every PostgreSQL install has the collation we want.
    """
    return [row["id"] for row in sorted(rows, key=lambda row: (*sort_key(str(row[name])), row["id"]))]
