"""Years without data, and the office's holiday file that adds or replaces years."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from fm_domain.calendar import (
    CalendarDataError,
    CalendarSource,
    WorkingCalendar,
    bundled_schedules,
    parse_holiday_file,
)

# A made-up schedule for a year no package knows: the tests need a format example, not real dates.
FILE_2031 = """
[2031]
source = "测试用安排"
holidays = [
  "2031-01-01",
  "2031-01-22~2031-01-28",  # a Wednesday-to-Tuesday break
]
workdays = ["2031-01-19", "2031-02-08"]  # Sunday, Saturday
"""


def d(text: str) -> date:
    return date.fromisoformat(text)


# -- a year without data -------------------------------------------------------------------------------


def test_a_year_without_data_counts_monday_to_friday_as_working_days() -> None:
    calendar = WorkingCalendar()
    week = [d("2031-10-06") + timedelta(days=offset) for offset in range(7)]  # Monday to Sunday
    assert [calendar.is_working_day(day) for day in week] == [True] * 5 + [False] * 2


def test_a_year_without_data_keeps_national_day_as_a_working_day_for_lack_of_data() -> None:
    assert WorkingCalendar().is_working_day(d("2031-10-01"))  # a Wednesday


def test_a_year_without_data_is_recorded_for_the_caller() -> None:
    calendar = WorkingCalendar()
    calendar.nth_working_day_of_month(2031, 1, 5)
    assert calendar.years_without_data == frozenset({2031})
    assert calendar.source(2031) is CalendarSource.WEEKENDS_ONLY
    assert not calendar.has_data(2031)


def test_a_year_without_data_is_reported_once_however_often_it_is_used() -> None:
    reported: list[int] = []
    calendar = WorkingCalendar(on_missing_year=reported.append)
    for month in range(1, 13):
        calendar.nth_working_day_of_month(2031, month, 5)
    calendar.add_working_days(d("2031-06-01"), 40)
    assert reported == [2031]


def test_asking_whether_a_year_has_data_does_not_report_it() -> None:
    reported: list[int] = []
    calendar = WorkingCalendar(on_missing_year=reported.append)
    assert not calendar.has_data(2031)
    assert reported == []
    assert calendar.years_without_data == frozenset()


def test_counting_into_a_year_without_data_goes_on_by_weekends() -> None:
    calendar = WorkingCalendar()
    # 2026-12-31 is a Thursday; 2027 is unknown to chinese_calendar 1.11, so 2027-01-01 (a Friday) counts.
    assert calendar.add_working_days(d("2026-12-31"), 1) == d("2027-01-01")
    assert calendar.years_without_data == frozenset({2027})


# -- the holiday file ----------------------------------------------------------------------------------


def test_the_holiday_file_gives_a_new_year_its_holidays_and_working_weekends() -> None:
    calendar = WorkingCalendar(parse_holiday_file(FILE_2031))
    assert not calendar.is_working_day(d("2031-01-22"))
    assert not calendar.is_working_day(d("2031-01-28"))
    assert calendar.is_working_day(d("2031-01-19"))  # Sunday
    assert calendar.is_working_day(d("2031-02-08"))  # Saturday
    assert calendar.is_working_day(d("2031-01-29"))
    assert not calendar.is_working_day(d("2031-02-09"))  # an ordinary Sunday


def test_a_year_in_the_holiday_file_is_not_reported_missing() -> None:
    reported: list[int] = []
    calendar = WorkingCalendar(parse_holiday_file(FILE_2031), on_missing_year=reported.append)
    calendar.nth_working_day_of_month(2031, 1, 5)
    assert calendar.source(2031) is CalendarSource.HOLIDAY_FILE
    assert reported == []


def test_a_year_in_the_holiday_file_replaces_chinese_calendar_for_that_year() -> None:
    replacement = parse_holiday_file('[2026]\nholidays = ["2026-10-08"]\n')
    calendar = WorkingCalendar(replacement)
    assert not calendar.is_working_day(d("2026-10-08"))
    assert calendar.is_working_day(d("2026-10-01"))  # the file no longer lists 国庆
    assert not calendar.is_working_day(d("2026-10-10"))  # nor its working Saturday
    assert calendar.source(2026) is CalendarSource.HOLIDAY_FILE
    assert calendar.source(2025) is CalendarSource.CHINESE_CALENDAR


def test_a_later_schedule_for_the_same_year_wins() -> None:
    first = parse_holiday_file('[2031]\nholidays = ["2031-05-01"]\n')
    second = parse_holiday_file('[2031]\nholidays = ["2031-05-02"]\n')
    calendar = WorkingCalendar((*first, *second))
    assert calendar.is_working_day(d("2031-05-01"))
    assert not calendar.is_working_day(d("2031-05-02"))


def test_a_date_reaching_into_the_previous_year_overrides_only_that_date() -> None:
    calendar = WorkingCalendar(parse_holiday_file('[2031]\nholidays = ["2030-12-31", "2031-01-01"]\n'))
    assert not calendar.is_working_day(d("2030-12-31"))
    assert calendar.is_working_day(d("2030-12-30"))
    assert calendar.source(2030) is CalendarSource.WEEKENDS_ONLY


def test_a_range_may_be_written_with_the_chinese_word_for_to() -> None:
    (schedule,) = parse_holiday_file('[2031]\nholidays = ["2031-10-01至2031-10-07"]\n')
    assert len(schedule.holidays) == 7


def test_the_standard_calendar_puts_the_office_file_over_chinese_calendar() -> None:
    calendar = WorkingCalendar.standard(parse_holiday_file('[2026]\nholidays = ["2026-10-08"]\n'))
    assert not calendar.is_working_day(d("2026-10-08"))


def test_the_bundled_holiday_files_parse_and_do_not_contradict_chinese_calendar() -> None:
    calendar = WorkingCalendar.standard()
    years = {schedule.year for schedule in bundled_schedules()}
    day = d("2025-01-01")
    while day.year < 2027:
        if day.year not in years:
            assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[2031\nholidays = 1", "TOML 格式错误"),
        ('holidays = ["2031-01-01"]', "顶层只能是年份表"),
        ('[2031]\nholiday = ["2031-01-01"]', "未知的键 holiday"),
        ('[2031]\nholidays = "2031-01-01"', "应为日期列表"),
        ('[2031]\nholidays = ["2031/01/01"]', "“2031/01/01”格式不对"),
        ('[2031]\nholidays = ["2031-02-30"]', "日期不存在"),
        ('[2031]\nholidays = ["2031-02-05~2031-02-01"]', "结束日期早于开始日期"),
        ('[2031]\nholidays = ["2031-02-01~2031-12-01"]', "跨度超过 31 天"),
        ('[2031]\nholidays = ["2029-01-01"]', "不在 2031 年前后"),
        ('[2031]\nworkdays = ["2031-01-04"]', "没有列出任何放假日期"),
        ('[2031]\nholidays = ["2031-01-01"]\nworkdays = ["2031-01-06"]', "是星期一，本来就是工作日"),
        ('[2031]\nholidays = ["2031-01-04"]\nworkdays = ["2031-01-04"]', "同时列为放假和上班"),
        (
            '[2032]\nholidays = ["2032-01-01"]\nworkdays = ["2031-12-28"]\n[2031]\nholidays = ["2031-12-28"]',
            "一处放假、一处上班",
        ),
    ],
)
def test_a_bad_holiday_file_is_refused_with_a_chinese_message(text: str, message: str) -> None:
    with pytest.raises(CalendarDataError, match=message):
        parse_holiday_file(text, "office.toml")


def test_a_holiday_file_error_names_the_file_the_year_and_the_entry() -> None:
    with pytest.raises(CalendarDataError) as caught:
        parse_holiday_file('[2031]\nholidays = ["2031-01-01", "2031-1-2x"]', "office.toml")
    assert caught.value.where == "office.toml [2031] holidays 第2项"
