"""Factories that build test data through the services, one module per domain.

Each factory takes keyword overrides and fills the rest with realistic values.
"""

from __future__ import annotations

import itertools

_sequence = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_sequence)}"
