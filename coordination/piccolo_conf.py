"""Piccolo's configuration: the engine from ``COORDINATION_DATABASE_URL``.

Used by ``coordination migrate`` and by Piccolo's own CLI
(``PICCOLO_CONF=coordination.piccolo_conf piccolo migrations new coordination --auto``).
"""

from __future__ import annotations

from piccolo.conf.apps import AppRegistry

from coordination.core.database import engine_from_url
from coordination.core.settings import Settings

DB = engine_from_url(Settings.from_env().database_url)

APP_REGISTRY = AppRegistry(apps=["coordination.piccolo_app"])
