from __future__ import annotations

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table


class NetworkSettings(Table, tablename="network_settings"):
    """One row: the network's name and the languages it works in."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    name = Varchar(length=200)
    short_name = Varchar(length=50, default="")
    languages = Varchar(length=50, default="en,fr,es")
    default_language = Varchar(length=5, default="en")
    logo_url = Varchar(length=500, default="")  # shown in every page's header
    accent_color = Varchar(length=7, default="")  # "#0b5cad"; empty: the default colour
    revision = Integer(default=1)
    updated_at = Timestamptz()


class StrategicPriority(Table, tablename="strategic_priority"):
    """An ordered, translatable priority ("A Implementation", "B Advocacy"…)."""

    id: Serial  # added by Piccolo; declared so type-checkers know it
    code = Varchar(length=10, unique=True)
    position = Integer(default=0)
    title_en = Varchar(length=200)
    title_fr = Varchar(length=200, default="")
    title_es = Varchar(length=200, default="")
    revision = Integer(default=1)
    updated_at = Timestamptz()
