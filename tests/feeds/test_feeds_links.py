"""The subscribe addresses, checked against strings worked out by hand."""

from __future__ import annotations

import pytest

from coordination.feeds.links import subscribe_links


def test_subscribe_links_of_a_filtered_https_feed_keep_its_query_inside_one_parameter() -> None:
    links = subscribe_links(
        "https://coordination.example.org/calendars/network.ics?body=digital-cities&kind=webinar",
        "Digital Cities Community of Practice (UCLG)",
    )
    assert links.feed == "https://coordination.example.org/calendars/network.ics?body=digital-cities&kind=webinar"
    assert links.webcal == "webcal://coordination.example.org/calendars/network.ics?body=digital-cities&kind=webinar"
    assert links.google == (
        "https://calendar.google.com/calendar/render?cid="
        "webcal%3A%2F%2Fcoordination.example.org%2Fcalendars%2Fnetwork.ics%3Fbody%3Ddigital-cities%26kind%3Dwebinar"
    )
    assert links.outlook == (
        "https://outlook.live.com/calendar/0/addfromweb?url="
        "https%3A%2F%2Fcoordination.example.org%2Fcalendars%2Fnetwork.ics%3Fbody%3Ddigital-cities%26kind%3Dwebinar"
        "&name=Digital%20Cities%20Community%20of%20Practice%20%28UCLG%29"
    )
    assert links.name == "Digital Cities Community of Practice (UCLG)"


def test_subscribe_links_of_an_http_feed_with_a_port_and_a_non_ascii_name() -> None:
    links = subscribe_links(
        "http://127.0.0.1:8000/calendars/members/antony.ics", "Ville d’Antony: events of its bodies (R&D network)"
    )
    assert links.webcal == "webcal://127.0.0.1:8000/calendars/members/antony.ics"
    assert links.google == (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1%3A8000%2Fcalendars%2Fmembers%2Fantony.ics"
    )
    assert links.outlook == (
        "https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2F127.0.0.1%3A8000%2Fcalendars%2Fmembers%2Fantony.ics"
        "&name=Ville%20d%E2%80%99Antony%3A%20events%20of%20its%20bodies%20%28R%26D%20network%29"
    )


@pytest.mark.parametrize(
    "url", ["/calendars/network.ics", "ftp://example.org/network.ics", "webcal://example.org/x.ics"]
)
def test_subscribe_links_of_a_url_that_is_not_absolute_http_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="absolute, http or https"):
        subscribe_links(url, "Network")
