"""Settings read from the environment (``COORDINATION_*``), with defaults for a laptop."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    calendars_dir: Path
    exports_dir: Path
    templates_dir: Path = PROJECT_ROOT / "templates"
    base_url: str = "http://127.0.0.1:8000"
    scheduler_enabled: bool = True
    default_language: str = "en"
    debug: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        data_dir = Path(env.get("COORDINATION_DATA_DIR", PROJECT_ROOT / "data"))
        values: dict[str, object] = {
            "data_dir": data_dir,
            "database_url": env.get("COORDINATION_DATABASE_URL", f"sqlite:///{data_dir / 'coordination.sqlite3'}"),
            "calendars_dir": Path(env.get("COORDINATION_CALENDARS_DIR", PROJECT_ROOT / "calendars")),
            "exports_dir": Path(env.get("COORDINATION_EXPORTS_DIR", PROJECT_ROOT / "exports")),
            "base_url": env.get("COORDINATION_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            "scheduler_enabled": _flag(env.get("COORDINATION_SCHEDULER"), True),
            "default_language": env.get("COORDINATION_DEFAULT_LANGUAGE", "en"),
            "debug": _flag(env.get("COORDINATION_DEBUG"), False),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
