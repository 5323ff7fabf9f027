"""The working-day calendar: chinese_calendar, the office's holiday files, weekends when nothing is known."""

from fm_domain.calendar.schedule import CalendarDataError, YearSchedule, bundled_schedules, parse_holiday_file
from fm_domain.calendar.working import CalendarSource, WorkingCalendar

__all__ = [
    "CalendarDataError",
    "CalendarSource",
    "WorkingCalendar",
    "YearSchedule",
    "bundled_schedules",
    "parse_holiday_file",
]
