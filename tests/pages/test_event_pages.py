from __future__ import annotations

import re

import httpx

from tests.pages.conftest import Network
from tests.pages.html import Page, check_accessible


async def test_events_list_shows_each_timing_as_it_is_known(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/events", params={"when": "all"})
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Events"
    assert page.item("DataCités 2").startswith(
        "Restitution of the DataCités 2 programme 8 December 2020, 09:30–11:30 (Europe/Paris) · Online"
    )
    assert page.item("Forum des Interconnectés").startswith("Forum des Interconnectés 6–7 December 2021 · Lyon")
    assert page.item("City panel").startswith("City panel in Durban November 2019 (day to be confirmed) · Durban")
    assert page.item("Uraía").startswith("Uraía annual event Tentative · Date to be confirmed: 2020 · Málaga")


async def test_an_event_to_be_confirmed_never_shows_a_day(client: httpx.AsyncClient, demo_network: Network) -> None:
    for address in ("/events", f"/events/{demo_network.panel}", f"/events/{demo_network.malaga}"):
        for language in ("en", "fr", "es"):
            answer = await client.get(address, params={"lang": language, "when": "all"})
            page = Page(answer.text)
            panel_or_malaga = [item for item in page.items if "City panel" in item or "Uraía" in item] or [page.text]
            for text in panel_or_malaga:
                assert not re.search(r"\b\d{1,2}(?: de)? (?:November|novembre|noviembre|January|janvier|enero)", text)
    detail = Page((await client.get(f"/events/{demo_network.panel}", params={"lang": "fr"})).text)
    assert "novembre 2019" in detail.text
    answer = await client.get(f"/events/{demo_network.panel}", params={"lang": "en"})
    assert '<time datetime="2019-11">November 2019 (day to be confirmed)</time>' in answer.text


async def test_cancelled_tentative_and_members_only_events_are_marked(
    client: httpx.AsyncClient, antony_client: httpx.AsyncClient, demo_network: Network
) -> None:
    page = Page((await client.get("/events", params={"when": "all"})).text)
    assert page.item("Learning meeting in Bilbao").startswith(
        "Learning meeting in Bilbao Cancelled · 22 April 2020, 10:00–13:00 (Europe/Madrid) · Bilbao"
    )
    assert "Results for member cities" not in page.text  # the public never sees a members-only event
    page = Page((await antony_client.get("/events", params={"when": "all"})).text)
    assert page.item("Results for member cities").startswith(
        "Results for member cities Members only · 11 February 2020, 16:00–17:30 (Europe/Madrid) · Online"
    )
    detail = await client.get(f"/events/{demo_network.cancelled}")
    assert '<span class="badge cancelled">Cancelled</span>' in detail.text
    assert "Status Cancelled" in Page(detail.text).text


async def test_events_dates_read_in_the_page_language(client: httpx.AsyncClient, demo_network: Network) -> None:
    french = Page((await client.get("/events", params={"lang": "fr", "when": "all"})).text)
    assert "8 décembre 2020, 09:30–11:30 (Europe/Paris)" in french.item("DataCités 2")
    assert "6–7 décembre 2021" in french.item("Forum des Interconnectés")
    spanish = Page((await client.get("/events", params={"lang": "es", "when": "all"})).text)
    assert "8 de diciembre de 2020, 9:30–11:30 (Europe/Paris)" in spanish.item("DataCités 2")
    assert "6–7 de diciembre de 2021" in spanish.item("Forum des Interconnectés")


async def test_events_filters_are_a_labelled_get_form(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/events")
    page = Page(answer.text)
    check_accessible(page)
    assert '<form class="filters" method="get" action="/events">' in answer.text
    # The unnamed control is the calendar feed's address to copy (templates/feeds/_subscribe.html).
    assert [control.get("name") for control in page.controls] == ["body", "kind", "status", "from", "to", None]


async def test_events_filter_by_body_kind_status_and_dates(client: httpx.AsyncClient, demo_network: Network) -> None:
    def titles(answer: httpx.Response) -> list[str]:
        return [text for href, text in Page(answer.text).links if re.fullmatch(r"/events/\d+", href)]

    by_body = await client.get("/events", params={"body": "villes-moyennes"})
    assert titles(by_body) == ["Smart mid-sized cities day"]
    assert '<option value="villes-moyennes" selected>' in by_body.text
    # The members-only webinar ("Results for member cities") is not the public's to see.
    assert titles(await client.get("/events", params={"kind": "webinar", "when": "all"})) == [
        "Restitution of the DataCités 2 programme",
    ]
    assert titles(await client.get("/events", params={"status": "cancelled", "when": "all"})) == [
        "Learning meeting in Bilbao"
    ]
    in_2020 = await client.get("/events", params={"from": "2020-02-01", "to": "2020-12-31"})
    assert titles(in_2020) == [
        "Uraía annual event",  # the whole of 2020 is possible
        "Learning meeting in Bilbao",
        "Restitution of the DataCités 2 programme",
    ]
    assert "3 events" in Page(in_2020.text).text


async def test_events_bad_filters_are_pointed_out_not_refused(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/events", params={"from": "2020-13-45", "to": "2020-01-31", "kind": "party"})
    assert answer.status_code == 200
    page = Page(answer.text)
    assert "Enter a date such as 2021-12-06." in page.text
    assert 'value="2020-13-45" aria-invalid="true"' in answer.text
    # The good filter still applies; the bad ones are left out.
    assert "2 events" in page.text  # the panel in November 2019, and Málaga some time in 2020
    backwards = Page((await client.get("/events", params={"from": "2021-01-01", "to": "2020-01-01"})).text)
    assert "This date comes before the “from” date." in backwards.text


async def test_event_page_shows_sessions_and_links(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get(f"/events/{demo_network.restitution}")
    assert answer.status_code == 200
    page = Page(answer.text)
    check_accessible(page)
    assert page.h1 == "Restitution of the DataCités 2 programme"
    assert "When 8 December 2020, 09:30–11:30 (Europe/Paris) Where Online" in page.text
    assert page.link("https://meet.example.org/datacites-2") == "https://meet.example.org/datacites-2"
    assert page.link("Digital Cities Community of Practice") == "/bodies/digital-cities"
    assert page.link("Finalisation of the Smart Cities Study") == f"/activities/{demo_network.study}"
    assert (
        "Times in Europe/Paris Time Session Kind 09:45–10:30 Data governance in cities Round table "
        "10:40–11:25 Open data and the commons Round table"
    ) in page.text


async def test_members_only_event_page_is_shown_and_marked(
    client: httpx.AsyncClient, antony_client: httpx.AsyncClient, demo_network: Network
) -> None:
    page = Page((await antony_client.get(f"/events/{demo_network.briefing}")).text)
    assert page.h1 == "Results for member cities"
    assert "Open to Members only" in page.text
    hidden = await client.get(f"/events/{demo_network.briefing}")
    assert (hidden.status_code, Page(hidden.text).h1) == (404, "Page not found")


async def test_unknown_event_is_a_404_page(client: httpx.AsyncClient, demo_network: Network) -> None:
    answer = await client.get("/events/9999")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert Page(answer.text).h1 == "Page not found"


async def test_events_list_with_a_bad_offset_shows_the_first_page(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    for offset in ("-5", "many"):
        answer = await client.get("/events", params={"offset": offset, "when": "all"})
        assert answer.status_code == 200
        assert "6 events" in Page(answer.text).text  # the public's: the members-only one is not counted


async def test_events_list_starts_today_with_the_past_a_click_away(
    client: httpx.AsyncClient, demo_network: Network
) -> None:
    def titles(answer: httpx.Response) -> list[str]:
        return [text for href, text in Page(answer.text).links if re.fullmatch(r"/events/\d+", href)]

    first = await client.get("/events")
    # Only the event a month from now: every other one of the small network is over.
    assert titles(first) == ["Smart mid-sized cities day"]
    page = Page(first.text)
    assert page.link("Past events") == "/events?when=past"
    past = await client.get(page.link("Past events"))
    assert titles(past) == [
        "City panel in Durban",
        "Uraía annual event",
        "Learning meeting in Bilbao",
        "Restitution of the DataCités 2 programme",
        "Forum des Interconnectés",
    ]
    # A filter chosen in the past view stays in the past view.
    assert '<input type="hidden" name="when" value="past">' in past.text
    french = Page((await client.get("/events", params={"lang": "fr"})).text)
    assert french.link("Événements passés") == "/events?when=past"
