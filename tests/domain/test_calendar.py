"""The working-day calendar on chinese_calendar's data: 春节 and 国庆 with their adjusted working weekends.

The dates below are the State Council schedules as chinese_calendar 1.11 records them; the last test checks
the calendar against the package day by day, so a wrong expectation here could not pass silently.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from fm_domain.calendar import CalendarSource, WorkingCalendar


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


def test_spring_festival_2025_closes_january_28_to_february_4(calendar: WorkingCalendar) -> None:
    closed = [d("2025-01-28") + timedelta(days=offset) for offset in range(8)]
    assert not any(calendar.is_working_day(day) for day in closed)
    assert calendar.is_working_day(d("2025-01-27"))
    assert calendar.is_working_day(d("2025-02-05"))


def test_spring_festival_2025_makes_sunday_january_26_and_saturday_february_8_working_days(
    calendar: WorkingCalendar,
) -> None:
    assert calendar.is_working_day(d("2025-01-26"))  # Sunday
    assert calendar.is_working_day(d("2025-02-08"))  # Saturday
    assert not calendar.is_working_day(d("2025-02-09"))  # the Sunday after stays a rest day


def test_spring_festival_2026_closes_february_15_to_23_between_two_working_saturdays(
    calendar: WorkingCalendar,
) -> None:
    closed = [d("2026-02-15") + timedelta(days=offset) for offset in range(9)]
    assert not any(calendar.is_working_day(day) for day in closed)
    assert calendar.is_working_day(d("2026-02-14"))  # Saturday
    assert calendar.is_working_day(d("2026-02-28"))  # Saturday


def test_national_day_2025_closes_october_1_to_8_with_september_28_and_october_11_worked(
    calendar: WorkingCalendar,
) -> None:
    closed = [d("2025-10-01") + timedelta(days=offset) for offset in range(8)]
    assert not any(calendar.is_working_day(day) for day in closed)
    assert calendar.is_working_day(d("2025-09-28"))  # Sunday
    assert calendar.is_working_day(d("2025-10-11"))  # Saturday


def test_national_day_2026_closes_october_1_to_7_with_september_20_and_october_10_worked(
    calendar: WorkingCalendar,
) -> None:
    closed = [d("2026-10-01") + timedelta(days=offset) for offset in range(7)]
    assert not any(calendar.is_working_day(day) for day in closed)
    assert calendar.is_working_day(d("2026-09-20"))  # Sunday
    assert calendar.is_working_day(d("2026-10-10"))  # Saturday
    assert calendar.is_working_day(d("2026-10-08"))


def test_next_working_day_is_the_same_day_when_it_is_a_working_day(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day(d("2026-09-30")) == d("2026-09-30")


def test_next_working_day_after_national_day_2025_is_october_9(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day(d("2025-10-01")) == d("2025-10-09")


def test_previous_working_day_before_spring_festival_2026_is_the_working_saturday(
    calendar: WorkingCalendar,
) -> None:
    assert calendar.previous_working_day(d("2026-02-20")) == d("2026-02-14")


def test_adding_working_days_jumps_the_spring_festival_2026(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(d("2026-02-13"), 1) == d("2026-02-14")
    assert calendar.add_working_days(d("2026-02-14"), 1) == d("2026-02-24")
    assert calendar.add_working_days(d("2026-02-13"), 3) == d("2026-02-25")


def test_subtracting_working_days_jumps_back_over_national_day_2026(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(d("2026-10-08"), -1) == d("2026-09-30")
    assert calendar.add_working_days(d("2026-10-08"), -3) == d("2026-09-28")


def test_adding_zero_working_days_from_a_holiday_gives_the_next_working_day(
    calendar: WorkingCalendar,
) -> None:
    assert calendar.add_working_days(d("2026-10-03"), 0) == d("2026-10-08")


def test_working_days_between_counts_across_national_day_2026(calendar: WorkingCalendar) -> None:
    assert calendar.working_days_between(d("2026-09-30"), d("2026-10-08")) == 1
    assert calendar.working_days_between(d("2026-10-08"), d("2026-09-30")) == -1
    assert calendar.working_days_between(d("2026-10-08"), d("2026-10-08")) == 0
    # Sep 20 (a working Sunday) through Sep 30: 20, 21, 22, 23, 24, 28, 29, 30.
    assert calendar.working_days_between(d("2026-09-19"), d("2026-09-30")) == 8


def test_working_days_between_undoes_add_working_days(calendar: WorkingCalendar) -> None:
    start = d("2026-02-13")
    for n in (-7, -1, 1, 4, 12):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


def test_fifth_working_day_of_october_2026_comes_after_the_working_saturday(
    calendar: WorkingCalendar,
) -> None:
    # Oct 8, 9, 10 (Saturday), 12, 13.
    assert calendar.nth_working_day_of_month(2026, 10, 5) == d("2026-10-13")


def test_fifth_working_day_of_february_2026_is_before_the_spring_festival(calendar: WorkingCalendar) -> None:
    assert calendar.nth_working_day_of_month(2026, 2, 5) == d("2026-02-06")


def test_fifth_working_day_of_february_2025_counts_the_working_saturday(calendar: WorkingCalendar) -> None:
    # Feb 5, 6, 7, 8 (Saturday), 10.
    assert calendar.nth_working_day_of_month(2025, 2, 5) == d("2025-02-10")


def test_fifth_working_day_of_january_2026_counts_the_working_sunday(calendar: WorkingCalendar) -> None:
    # Jan 4 (Sunday), 5, 6, 7, 8.
    assert calendar.nth_working_day_of_month(2026, 1, 5) == d("2026-01-08")


def test_last_working_day_of_february_2026_is_a_working_saturday(calendar: WorkingCalendar) -> None:
    assert calendar.nth_working_day_of_month(2026, 2, -1) == d("2026-02-28")


def test_asking_for_more_working_days_than_a_month_has_is_refused_in_chinese(
    calendar: WorkingCalendar,
) -> None:
    with pytest.raises(ValueError, match="2026年2月只有 16 个工作日"):
        calendar.nth_working_day_of_month(2026, 2, 17)


def test_a_datetime_is_treated_as_its_date(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day(datetime(2026, 10, 3, 15, 30)) == d("2026-10-08")


def test_years_the_package_knows_are_reported_as_chinese_calendar_data(calendar: WorkingCalendar) -> None:
    assert calendar.source(2004) is CalendarSource.CHINESE_CALENDAR
    assert calendar.source(2026) is CalendarSource.CHINESE_CALENDAR
    assert calendar.years_without_data == frozenset()


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_day_of_the_year_agrees_with_chinese_calendar(calendar: WorkingCalendar, year: int) -> None:
    day = date(year, 1, 1)
    disagreements = []
    while day.year == year:
        if calendar.is_working_day(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []
