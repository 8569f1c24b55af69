"""A person subscribes to the calendars of the events list, a body and a member, and adds one event to theirs."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.async_api import Page, expect

from coordination.events import services as events
from tests.browser.engines import ON_SQLITE

pytestmark = [pytest.mark.browser, pytest.mark.demo, ON_SQLITE]

NETWORK = "United Cities and Local Governments — demo network"


async def _links(page: Page) -> dict[str, str]:
    hrefs = {
        kind: await page.locator(f'a[data-subscribe="{kind}"]').get_attribute("href")
        for kind in ("webcal", "google", "outlook")
    }
    hrefs["feed"] = await page.get_by_label("Or copy the calendar’s address into any calendar app:").input_value()
    assert all(hrefs.values()), hrefs
    return {kind: href or "" for kind, href in hrefs.items()}


def _check_points_at(links: dict[str, str], feed: str) -> None:
    assert links["feed"] == feed
    assert links["webcal"] == "webcal://" + feed.removeprefix("http://")
    google = urlsplit(links["google"])
    assert (google.scheme, google.netloc, google.path) == ("https", "calendar.google.com", "/calendar/render")
    assert parse_qs(google.query) == {"cid": [links["webcal"]]}
    outlook = urlsplit(links["outlook"])
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/addfromweb")
    assert parse_qs(outlook.query)["url"] == [feed]


def _calendar(url: str) -> str:
    answer = httpx.get(url, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    return answer.text


async def test_events_list_subscribe_links_follow_the_filters(page: Page, demo_server: str) -> None:
    await page.goto(demo_server + "/events")
    _check_points_at(await _links(page), f"{demo_server}/calendars/network.ics")
    assert "Restitution de DataCités 2" in _calendar(f"{demo_server}/calendars/network.ics")

    await page.get_by_label("Body").select_option("numerique-innovation")
    await page.get_by_label("Kind").select_option("forum")
    await page.get_by_role("button", name="Filter").click()
    links = await _links(page)
    _check_points_at(links, f"{demo_server}/calendars/network.ics?body=numerique-innovation&kind=forum")
    assert parse_qs(urlsplit(links["outlook"]).query)["name"] == [
        f"Commission Développement économique, numérique et innovation, Forum ({NETWORK})"
    ]
    feed = _calendar(links["feed"]).replace("\r\n ", "")
    assert "Forum des Interconnectés" in feed
    assert "Restitution de DataCités 2" not in feed


async def test_body_page_subscribes_to_the_body_feed(page: Page, demo_server: str) -> None:
    await page.goto(demo_server + "/bodies/digital-cities")
    links = await _links(page)
    _check_points_at(links, f"{demo_server}/calendars/bodies/digital-cities.ics")
    assert parse_qs(urlsplit(links["outlook"]).query)["name"] == [f"Digital Cities Community of Practice ({NETWORK})"]
    feed = _calendar(links["feed"]).replace("\r\n ", "")
    assert "Digital Cities Community of Practice" in feed
    assert "BEGIN:VEVENT" in feed
    # France urbaine's commission has events in the demo; none of them belongs here.
    assert "Commission Développement économique" not in feed
    assert "DataCités" not in feed


async def test_member_page_subscribes_to_the_member_feed(page: Page, demo_server: str) -> None:
    await page.goto(demo_server + "/members/bilbao")
    links = await _links(page)
    _check_points_at(links, f"{demo_server}/calendars/members/bilbao.ics")
    assert parse_qs(urlsplit(links["outlook"]).query)["name"] == [f"Bilbao: events of its bodies ({NETWORK})"]
    feed = _calendar(links["feed"]).replace("\r\n ", "")
    assert "Digital Cities Community of Practice" in feed  # Bilbao belongs to it
    assert "DataCités" not in feed


async def test_copy_button_selects_the_feed_address(page: Page, demo_server: str) -> None:
    await page.goto(demo_server + "/bodies/digital-cities")
    field = page.get_by_label("Or copy the calendar’s address into any calendar app:")
    await expect(field).to_have_attribute("readonly", "")
    await page.get_by_role("button", name="Copy").click()
    await expect(field).to_have_value(f"{demo_server}/calendars/bodies/digital-cities.ics")
    await expect(field).to_be_focused()
    # Without clipboard permission the page says how to copy; with it, that it copied.
    await expect(page.locator("#subscribe-status")).to_have_text(
        re.compile(r"^(Address copied\.|Address selected: press Ctrl\+C \(⌘C on a Mac\) to copy it\.)$")
    )


async def test_add_to_calendar_downloads_the_events_own_file(page: Page, demo_server: str, tmp_path: Path) -> None:
    await page.goto(demo_server + "/events?when=all")  # a past event: the list starts at today
    await page.get_by_role("link", name="Restitution de DataCités 2", exact=False).first.click()
    event_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    async with page.expect_download() as waiting:
        await page.get_by_role("link", name="Add to calendar (.ics)").click()
    download = await waiting.value
    assert download.url == f"{demo_server}/calendars/events/{event_id}.ics"
    saved = tmp_path / "event.ics"
    await download.save_as(saved)
    content = saved.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert content.count("BEGIN:VEVENT") == 1
    uid = (await events.get_event(event_id=event_id)).uid
    assert f"UID:{uid}\r\n" in content
    assert "SUMMARY:Restitution de DataCités 2" in content
