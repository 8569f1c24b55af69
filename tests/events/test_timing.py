"""The pure timing rules, without a database: instants, days covered, and each refusal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from coordination.core.errors import InvalidInput
from coordination.events.enums import EventTiming
from coordination.events.timing import TBC_HAS_NO_DAY, Timing, resolve_session, resolve_timing

TIMED = EventTiming.timed
ALL_DAY = EventTiming.all_day
TBC = EventTiming.to_be_confirmed


def timed(start: str, end: str, timezone: str) -> Timing:
    return resolve_timing(TIMED, {"start": start, "end": end, "timezone": timezone})


def refusal(timing: EventTiming, given: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(InvalidInput) as caught:
        resolve_timing(timing, given)
    [error] = caught.value.errors
    return error.field, error.message


def test_timed_datacites_restitution_in_paris_winter_is_one_hour_ahead_of_utc() -> None:
    timing = timed("2020-12-08T09:30", "2020-12-08T11:30", "Europe/Paris")
    assert timing.starts_at == datetime(2020, 12, 8, 8, 30, tzinfo=UTC)
    assert timing.ends_at == datetime(2020, 12, 8, 10, 30, tzinfo=UTC)
    assert (timing.first_day, timing.last_day) == (date(2020, 12, 8), date(2020, 12, 8))
    assert (timing.start_local, timing.timezone) == (datetime(2020, 12, 8, 9, 30), "Europe/Paris")


def test_timed_across_paris_spring_forward_2021_03_28_lasts_one_real_hour() -> None:
    timing = timed("2021-03-28T01:30", "2021-03-28T03:30", "Europe/Paris")
    assert timing.starts_at == datetime(2021, 3, 28, 0, 30, tzinfo=UTC)  # still UTC+1
    assert timing.ends_at == datetime(2021, 3, 28, 1, 30, tzinfo=UTC)  # already UTC+2


def test_timed_in_paris_spring_forward_gap_is_refused_naming_the_field() -> None:
    field, message = refusal(
        TIMED, {"start": "2021-03-28T02:30", "end": "2021-03-28T04:00", "timezone": "Europe/Paris"}
    )
    assert field == "start"
    assert message == (
        "2021-03-28T02:30 in Europe/Paris does not exist: the clocks skip that hour "
        "(daylight saving time starts); give another time"
    )
    field, _ = refusal(TIMED, {"start": "2021-03-28T01:00", "end": "2021-03-28T02:15", "timezone": "Europe/Paris"})
    assert field == "end"


def test_timed_in_paris_fall_back_overlap_is_refused_as_ambiguous() -> None:
    field, message = refusal(
        TIMED, {"start": "2021-10-31T02:30", "end": "2021-10-31T04:00", "timezone": "Europe/Paris"}
    )
    assert field == "start"
    assert message == (
        "2021-10-31T02:30 in Europe/Paris happens twice: the clocks go back over that hour "
        "(daylight saving time ends); give another time"
    )


def test_timed_new_york_offsets_before_and_after_its_2021_03_14_change() -> None:
    before = timed("2021-03-13T09:00", "2021-03-13T10:00", "America/New_York")
    after = timed("2021-03-14T09:00", "2021-03-14T10:00", "America/New_York")
    assert before.starts_at == datetime(2021, 3, 13, 14, 0, tzinfo=UTC)  # EST, UTC-5
    assert after.starts_at == datetime(2021, 3, 14, 13, 0, tzinfo=UTC)  # EDT, UTC-4
    assert (
        refusal(TIMED, {"start": "2021-03-14T02:30", "end": "2021-03-14T04:00", "timezone": "America/New_York"})[0]
        == "start"
    )


def test_timed_new_york_night_over_fall_back_lasts_six_real_hours_and_covers_two_days() -> None:
    timing = timed("2021-11-06T22:00", "2021-11-07T03:00", "America/New_York")
    assert timing.starts_at == datetime(2021, 11, 7, 2, 0, tzinfo=UTC)
    assert timing.ends_at == datetime(2021, 11, 7, 8, 0, tzinfo=UTC)
    assert (timing.first_day, timing.last_day) == (date(2021, 11, 6), date(2021, 11, 7))
    assert (
        refusal(TIMED, {"start": "2021-11-07T01:30", "end": "2021-11-07T03:00", "timezone": "America/New_York"})[0]
        == "start"
    )


def test_timed_ending_at_midnight_does_not_cover_the_next_day() -> None:
    timing = timed("2021-06-01T20:00", "2021-06-02T00:00", "Europe/Madrid")
    assert (timing.first_day, timing.last_day) == (date(2021, 6, 1), date(2021, 6, 1))


def test_timed_end_not_after_start_is_refused_on_end() -> None:
    for end in ("2020-12-08T09:30", "2020-12-08T08:00"):
        field, _ = refusal(TIMED, {"start": "2020-12-08T09:30", "end": end, "timezone": "Europe/Paris"})
        assert field == "end"


def test_timed_unknown_or_malformed_timezone_is_refused_on_timezone() -> None:
    for name in ("Europe/Pariss", "Europe", "localtime", "../etc/passwd", "", "CET+1"):
        field, _ = refusal(TIMED, {"start": "2020-12-08T09:30", "end": "2020-12-08T11:30", "timezone": name})
        assert field == "timezone", name


def test_timed_times_with_an_offset_or_without_a_time_are_refused() -> None:
    base = {"end": "2020-12-08T11:30", "timezone": "Europe/Paris"}
    for start in ("2020-12-08T09:30+01:00", "2020-12-08T08:30Z", "2020-12-08", "9:30", "tomorrow"):
        assert refusal(TIMED, {**base, "start": start})[0] == "start", start


def test_timed_missing_timezone_is_refused_on_timezone() -> None:
    field, message = refusal(TIMED, {"start": "2020-12-08T09:30", "end": "2020-12-08T11:30"})
    assert (field, message) == ("timezone", "a timed event needs a time zone (e.g. 'Europe/Paris')")


def test_a_missing_time_is_named_in_the_readers_words_on_a_page() -> None:
    with pytest.raises(InvalidInput) as caught:
        resolve_timing(TIMED, {"end": "2020-12-08T11:30", "timezone": "Europe/Paris"})
    [error] = caught.value.errors
    assert error.message_in("fr") == "un événement à heure fixe demande un début (par exemple '2020-12-08T09:30')"
    assert error.message_in("es") == "un evento con hora fija necesita un inicio (por ejemplo '2020-12-08T09:30')"
    with pytest.raises(InvalidInput) as caught:
        resolve_timing(ALL_DAY, {})
    [error] = caught.value.errors
    assert error.message_in("fr") == (
        "un événement sur des journées entières demande un premier jour (par exemple '2021-12-06')"
    )


def test_timed_with_all_day_fields_mixed_in_is_refused_on_the_foreign_field() -> None:
    given = {"start": "2020-12-08T09:30", "end": "2020-12-08T11:30", "timezone": "Europe/Paris"}
    field, message = refusal(TIMED, {**given, "start_date": date(2020, 12, 8)})
    assert (field, message) == (
        "start_date",
        "start_date does not belong to a timed event, which takes only start, end, timezone",
    )
    assert refusal(TIMED, {**given, "year": 2020})[0] == "year"


def test_all_day_forum_des_interconnectes_covers_both_days_inclusively() -> None:
    timing = resolve_timing(ALL_DAY, {"start_date": date(2021, 12, 6), "end_date": date(2021, 12, 7)})
    assert (timing.first_day, timing.last_day) == (date(2021, 12, 6), date(2021, 12, 7))
    assert (timing.starts_at, timing.ends_at, timing.timezone) == (None, None, None)


def test_all_day_without_end_date_is_a_single_day() -> None:
    timing = resolve_timing(ALL_DAY, {"start_date": date(2021, 12, 6)})
    assert (timing.end_date, timing.last_day) == (date(2021, 12, 6), date(2021, 12, 6))


def test_all_day_end_date_before_start_date_is_refused_on_end_date() -> None:
    field, message = refusal(ALL_DAY, {"start_date": date(2021, 12, 7), "end_date": date(2021, 12, 6)})
    assert (field, message) == ("end_date", "the end date (2021-12-06) comes before the start date (2021-12-07)")


def test_all_day_with_a_timezone_mixed_in_is_refused_on_timezone() -> None:
    assert refusal(ALL_DAY, {"start_date": date(2021, 12, 6), "timezone": "Europe/Paris"})[0] == "timezone"


def test_to_be_confirmed_year_only_covers_the_whole_year() -> None:
    timing = resolve_timing(TBC, {"year": 2021})
    assert (timing.first_day, timing.last_day, timing.month) == (date(2021, 1, 1), date(2021, 12, 31), None)


def test_to_be_confirmed_month_covers_the_month_leap_february_included() -> None:
    october = resolve_timing(TBC, {"year": 2021, "month": 10})
    assert (october.first_day, october.last_day) == (date(2021, 10, 1), date(2021, 10, 31))
    february = resolve_timing(TBC, {"year": 2024, "month": 2})
    assert february.last_day == date(2024, 2, 29)


def test_to_be_confirmed_with_a_day_is_refused_with_the_reason() -> None:
    for name, value in [("start_date", date(2021, 10, 12)), ("day", 12), ("start", "2021-10-12T10:00")]:
        field, message = refusal(TBC, {"year": 2021, "month": 10, name: value})
        assert (field, message) == (name, TBC_HAS_NO_DAY)
    assert TBC_HAS_NO_DAY.startswith("a date to be confirmed has only a month or a year")


def test_to_be_confirmed_month_outside_1_to_12_is_refused_on_month() -> None:
    for month in (0, 13, -1):
        field, message = refusal(TBC, {"year": 2021, "month": month})
        assert (field, message) == ("month", f"the month must be between 1 and 12, not {month}")


def test_to_be_confirmed_needs_a_sensible_year() -> None:
    assert refusal(TBC, {"month": 10})[0] == "year"
    assert refusal(TBC, {"year": 20210})[0] == "year"


def test_session_within_the_event_gets_its_utc_instants() -> None:
    event = timed("2020-12-08T09:30", "2020-12-08T11:30", "Europe/Paris")
    times = resolve_session(start="2020-12-08T09:45", end="2020-12-08T10:30", event=event, field="sessions[0]")
    assert (times.starts_at, times.ends_at) == (
        datetime(2020, 12, 8, 8, 45, tzinfo=UTC),
        datetime(2020, 12, 8, 9, 30, tzinfo=UTC),
    )


def test_session_outside_the_event_or_backwards_is_refused_on_its_own_field() -> None:
    event = timed("2020-12-08T09:30", "2020-12-08T11:30", "Europe/Paris")
    for start, end, field in [
        ("2020-12-08T09:00", "2020-12-08T10:00", "sessions[1].start"),
        ("2020-12-08T11:00", "2020-12-08T12:00", "sessions[1].end"),
        ("2020-12-08T10:30", "2020-12-08T10:00", "sessions[1].end"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            resolve_session(start=start, end=end, event=event, field="sessions[1]")
        assert caught.value.errors[0].field == field


def test_session_of_an_event_that_is_not_timed_is_refused_on_sessions() -> None:
    event = resolve_timing(ALL_DAY, {"start_date": date(2021, 12, 6)})
    with pytest.raises(InvalidInput) as caught:
        resolve_session(start="2021-12-06T10:00", end="2021-12-06T11:00", event=event, field="sessions[0]")
    assert caught.value.errors[0].field == "sessions"
