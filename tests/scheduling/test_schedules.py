"""Due times: the same in every process, and the latest one before a moment found without walking years."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from coordination.scheduling.schedules import daily, every, weekly


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_an_interval_is_on_a_fixed_grid_whatever_the_moment_a_process_started() -> None:
    minute = every(minutes=1)
    # Two processes started at different seconds agree on the due times.
    assert minute.next_due(at("2026-12-01T08:00:05+00:00")) == at("2026-12-01T08:01:00+00:00")
    assert minute.next_due(at("2026-12-01T08:00:59.999+00:00")) == at("2026-12-01T08:01:00+00:00")
    assert minute.latest_due(at("2026-12-01T08:00:05+00:00")) == at("2026-12-01T08:00:00+00:00")
    assert every(hours=1).latest_due(at("2026-12-01T08:59:59+00:00")) == at("2026-12-01T08:00:00+00:00")


def test_a_due_time_at_the_very_moment_is_due_now_not_next() -> None:
    assert every(hours=1).latest_due(at("2026-12-01T08:00:00+00:00")) == at("2026-12-01T08:00:00+00:00")
    assert every(hours=1).next_due(at("2026-12-01T08:00:00+00:00")) == at("2026-12-01T09:00:00+00:00")


def test_latest_due_after_a_run_is_none_until_the_next_due_time() -> None:
    hourly = every(hours=1)
    last = at("2026-12-01T08:00:00+00:00")
    assert hourly.latest_due(at("2026-12-01T08:59:59+00:00"), after=last) is None
    assert hourly.latest_due(at("2026-12-01T09:00:00+00:00"), after=last) == at("2026-12-01T09:00:00+00:00")
    # Down for three days: only the latest due time is owed, once.
    assert hourly.latest_due(at("2026-12-04T10:30:00+00:00"), after=last) == at("2026-12-04T10:00:00+00:00")


def test_daily_follows_the_wall_clock_of_its_time_zone_across_a_change_of_hour() -> None:
    paris = daily(time(7, 0), timezone="Europe/Paris")
    # 07:00 in Paris is 06:00 UTC in winter and 05:00 UTC in summer (clocks moved on 29 March 2026).
    assert paris.latest_due(at("2026-03-28T12:00:00+00:00")) == at("2026-03-28T06:00:00+00:00")
    assert paris.latest_due(at("2026-03-29T12:00:00+00:00")) == at("2026-03-29T05:00:00+00:00")
    assert paris.next_due(at("2026-03-28T12:00:00+00:00")) == at("2026-03-29T05:00:00+00:00")


def test_weekly_and_rare_schedules_find_their_latest_due_time() -> None:
    mondays = weekly(0, time(7, 30))
    # 1 December 2026 is a Tuesday.
    assert mondays.latest_due(at("2026-12-01T12:00:00+00:00")) == at("2026-11-30T07:30:00+00:00")
    assert mondays.next_due(at("2026-12-01T12:00:00+00:00")) == at("2026-12-07T07:30:00+00:00")
    seconds = every(seconds=1)
    assert seconds.latest_due(at("2026-12-01T12:00:00.5+00:00"), after=at("2026-01-01T00:00:00+00:00")) == at(
        "2026-12-01T12:00:00+00:00"
    )


def test_the_command_line_describes_each_kind_of_schedule() -> None:
    assert every(minutes=1).summary() == "every 1 min"
    assert every(hours=2).summary() == "every 2 h"
    assert every(seconds=90).summary() == "every 90 s"
    assert daily(time(3, 15)).summary() == "daily at 03:15 (UTC)"
    assert weekly(0, time(7, 0), timezone="Europe/Madrid").summary() == "mondays at 07:00 (Europe/Madrid)"


@pytest.mark.parametrize("bad", [lambda: every(), lambda: weekly(7, time(7, 0))])
def test_impossible_schedules_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        bad()  # type: ignore[operator]
