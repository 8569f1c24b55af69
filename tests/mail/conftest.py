"""The outbox tests send their mail to the real local SMTP sink (``mailbox``, in tests/conftest.py)."""

from __future__ import annotations

import dataclasses

import pytest

from coordination.core.settings import Settings
from tests.conftest import Mailbox


@pytest.fixture
def settings(settings: Settings, mailbox: Mailbox) -> Settings:
    """The app of these tests sends its mail to the local sink."""
    return dataclasses.replace(
        settings, smtp_host="127.0.0.1", smtp_port=mailbox.port, smtp_from="secretariat@example.org"
    )
