"""The addresses of the "subscribe" buttons: one feed URL, as each calendar app wants to be given it. Pure.

- ``webcal``: the feed's URL with the scheme ``webcal://``; the operating
  system hands it to the default calendar app (Apple Calendar, Outlook,
  Thunderbird…), which subscribes rather than importing once.
- ``google``: Google Calendar's "add by URL" page, ``cid`` being the webcal
  URL (Google accepts webcal and http(s) there; webcal is what it documents
  for public iCal feeds).
- ``outlook``: Outlook.com's "subscribe from web" page, given the http(s) URL
  and the calendar's name.
- ``feed``: the http(s) URL itself, for copying into any other app.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

GOOGLE_ADD_BY_URL = "https://calendar.google.com/calendar/render?cid="
OUTLOOK_ADD_FROM_WEB = "https://outlook.live.com/calendar/0/addfromweb?url="


@dataclass(frozen=True)
class SubscribeLinks:
    name: str  # the calendar's name, as the subscriber's app will show it
    feed: str  # http(s)
    webcal: str
    google: str
    outlook: str


def subscribe_links(feed_url: str, name: str) -> SubscribeLinks:
    """The subscribe addresses of the feed at ``feed_url`` (an absolute http or https URL)."""
    scheme, separator, rest = feed_url.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        raise ValueError(f"a feed URL is absolute, http or https: {feed_url!r}")
    webcal = f"webcal://{rest}"
    return SubscribeLinks(
        name=name,
        feed=feed_url,
        webcal=webcal,
        # safe="": every reserved character is encoded, so the feed's own query (?body=…&kind=…)
        # stays inside the one parameter.
        google=GOOGLE_ADD_BY_URL + quote(webcal, safe=""),
        outlook=f"{OUTLOOK_ADD_FROM_WEB}{quote(feed_url, safe='')}&name={quote(name, safe='')}",
    )
