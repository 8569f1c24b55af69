"""Settings read from the environment (``COORDINATION_*``), with defaults for a laptop."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

# The checkout's root (tests keep caches there). Defaults for data, calendars, exports and template
# overrides are relative to the working directory instead, so an installed package works anywhere.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_ROOT = Path(__file__).resolve().parents[1]


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
    # Site overrides: a template here takes precedence over the packaged one of the same name.
    templates_dir: Path = Path("templates")
    base_url: str = "http://127.0.0.1:8000"
    scheduler_enabled: bool = True
    default_language: str = "en"
    debug: bool = False
    # Signs the CSRF tokens of forms; when empty, one is generated and kept in ``data_dir/secret_key``.
    secret_key: str = ""
    # Outgoing mail (invitations, password resets). Without a host, links are written to the log instead.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "coordination@localhost"
    smtp_tls: bool = False  # implicit TLS (port 465); otherwise STARTTLS is used whenever the server offers it
    session_days: int = 7  # a signed-in session lasts this long, then the person signs in again
    # Calendar feeds: how long a cancelled or deleted event stays in them as CANCELLED, and how
    # often (seconds) a worker asks the database whether the feeds it cached are stale.
    feeds_retention_days: int = 30
    # A quarter of a second: an edit is in every worker's feeds within a second (one tiny query each time).
    feeds_check_seconds: float = 0.25
    # A poll that starts a feed's render waits this long for it, then gets the previous version (feeds/cache.py).
    feeds_render_wait_seconds: float = 0.1
    # Render the network feed as a worker starts, so the first subscriber's poll after a restart doesn't wait.
    feeds_warm: bool = False
    # Signed-out pages and API answers kept per worker at most this long (0: not kept); see core/response_cache.py.
    page_cache_seconds: float = 30.0
    # Scheduled jobs: the process holding the lease runs them; it renews the lease every heartbeat, and
    # another process takes over at most lease + heartbeat seconds after it stopped renewing.
    jobs_lease_seconds: float = 40.0
    jobs_heartbeat_seconds: float = 10.0
    # PostgreSQL connections each worker process may open at most (workers × this ≤ the server's max_connections).
    database_pool_size: int = 10
    # Access log lines: "all", "no-feeds" (not the calendar feeds, polled all day long), or "off".
    access_log: str = "all"
    # The network's time zone (IANA name): the days of reminders and the hour of the weekly digest follow it.
    timezone: str = "UTC"
    # Reporting reminders: days before the due date (0: none), then on the due date, then every so many days
    # while overdue, at most so many times and never after the grace period; sent from this hour (local).
    reminder_days_before: int = 7
    reminder_overdue_every_days: int = 7
    reminder_overdue_count: int = 3
    reminder_hour: int = 8
    reminders_check_seconds: int = 900  # how often the reminders job looks for reminders due
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        data_dir = Path(env.get("COORDINATION_DATA_DIR") or "data").absolute()
        values: dict[str, object] = {
            "data_dir": data_dir,
            "database_url": env.get("COORDINATION_DATABASE_URL", f"sqlite:///{data_dir / 'coordination.sqlite3'}"),
            "calendars_dir": Path(env.get("COORDINATION_CALENDARS_DIR") or "calendars").absolute(),
            "exports_dir": Path(env.get("COORDINATION_EXPORTS_DIR") or "exports").absolute(),
            "templates_dir": Path(env.get("COORDINATION_TEMPLATES_DIR") or "templates").absolute(),
            "base_url": env.get("COORDINATION_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            "scheduler_enabled": _flag(env.get("COORDINATION_SCHEDULER"), True),
            "default_language": env.get("COORDINATION_DEFAULT_LANGUAGE", "en"),
            "debug": _flag(env.get("COORDINATION_DEBUG"), False),
            "feeds_retention_days": int(env.get("COORDINATION_FEEDS_RETENTION_DAYS") or 30),
            "feeds_check_seconds": float(env.get("COORDINATION_FEEDS_CHECK_SECONDS") or 0.25),
            "page_cache_seconds": float(env.get("COORDINATION_PAGE_CACHE_SECONDS") or 30),
            "feeds_warm": _flag(env.get("COORDINATION_FEEDS_WARM"), True),
            "feeds_render_wait_seconds": float(env.get("COORDINATION_FEEDS_RENDER_WAIT_SECONDS") or 0.1),
            "secret_key": env.get("COORDINATION_SECRET_KEY", ""),
            "smtp_host": env.get("COORDINATION_SMTP_HOST", ""),
            "smtp_port": int(env.get("COORDINATION_SMTP_PORT") or 587),
            "smtp_user": env.get("COORDINATION_SMTP_USER", ""),
            "smtp_password": env.get("COORDINATION_SMTP_PASSWORD", ""),
            "smtp_from": env.get("COORDINATION_SMTP_FROM") or "coordination@localhost",
            "smtp_tls": _flag(env.get("COORDINATION_SMTP_TLS"), False),
            "session_days": int(env.get("COORDINATION_SESSION_DAYS") or 7),
            "database_pool_size": int(env.get("COORDINATION_DATABASE_POOL_SIZE") or 10),
            "access_log": env.get("COORDINATION_ACCESS_LOG") or "all",
            "jobs_lease_seconds": float(env.get("COORDINATION_JOBS_LEASE_SECONDS") or 40),
            "jobs_heartbeat_seconds": float(env.get("COORDINATION_JOBS_HEARTBEAT_SECONDS") or 10),
            "timezone": env.get("COORDINATION_TIMEZONE") or "UTC",
            "reminder_days_before": int(env.get("COORDINATION_REMINDER_DAYS_BEFORE") or 7),
            "reminder_overdue_every_days": int(env.get("COORDINATION_REMINDER_OVERDUE_EVERY_DAYS") or 7),
            "reminder_overdue_count": int(env.get("COORDINATION_REMINDER_OVERDUE_COUNT") or 3),
            "reminder_hour": int(env.get("COORDINATION_REMINDER_HOUR") or 8),
            "reminders_check_seconds": int(env.get("COORDINATION_REMINDERS_CHECK_SECONDS") or 900),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def resolve_secret_key(settings: Settings) -> str:
    """``COORDINATION_SECRET_KEY``, or the key kept in ``data_dir/secret_key`` (made on first use).

    Every worker process reads the same file, so a form rendered by one worker
    is accepted by another; linking it into place makes the first writer win.
    """
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: a reader never sees a half-written key.
        draft = path.with_name(f".secret_key.{os.getpid()}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as key_file:
            key_file.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def cookies_are_secure(settings: Settings) -> bool:
    """Cookies carry the Secure flag when the site is served over https (as ``base_url`` says)."""
    return served_over_https(settings.base_url)


def served_over_https(base_url: str) -> bool:
    return base_url.startswith("https://")
