"""China's official working days: chinese_calendar, the office's holiday files, weekends as a last resort."""

from __future__ import annotations

import calendar as gregorian
import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum

import chinese_calendar

from fm_domain.calendar.schedule import CalendarDataError, YearSchedule, bundled_schedules

log = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)
# Official breaks last at most about ten days; a longer run without work means the holiday data is broken,
# and stepping on would never end.
_MAX_DAYS_WITHOUT_WORK = 60


class CalendarSource(StrEnum):
    """Where a year's working days come from."""

    HOLIDAY_FILE = "holiday_file"  # the office's own schedule (wins over the library)
    CHINESE_CALENDAR = "chinese_calendar"
    WEEKENDS_ONLY = "weekends_only"  # no data: Monday to Friday work, holidays unknown


class WorkingCalendar:
    """Answers "is this a working day" and counts working days.

    Years listed in the holiday schedules come from them alone; other years come from chinese_calendar;
    a year neither knows falls back to weekends only, is added to ``years_without_data`` and reported once
    through ``on_missing_year`` so the caller can tell staff the calendar needs updating.
    """

    def __init__(
        self,
        schedules: Iterable[YearSchedule] = (),
        *,
        on_missing_year: Callable[[int], None] | None = None,
    ) -> None:
        by_year: dict[int, YearSchedule] = {}
        for schedule in schedules:  # a later schedule for the same year replaces an earlier one
            by_year[schedule.year] = schedule
        self._schedule_years = frozenset(by_year)
        self._overrides: dict[date, bool] = {}
        for year in sorted(by_year):
            self._overrides.update(by_year[year].overrides())
        self._on_missing_year = on_missing_year
        self._missing: set[int] = set()
        self._library_years: dict[int, bool] = {}
        self._working: dict[date, bool] = {}
        self._months: dict[tuple[int, int], tuple[date, ...]] = {}

    @classmethod
    def standard(
        cls,
        extra: Iterable[YearSchedule] = (),
        *,
        on_missing_year: Callable[[int], None] | None = None,
    ) -> WorkingCalendar:
        """chinese_calendar, then the bundled holiday files, then ``extra`` (the office's file) on top."""
        return cls((*bundled_schedules(), *extra), on_missing_year=on_missing_year)

    # -- data coverage ---------------------------------------------------------------------------------

    def source(self, year: int) -> CalendarSource:
        """Where ``year`` comes from; asking does not count as a lookup, so nothing is reported."""
        if year in self._schedule_years:
            return CalendarSource.HOLIDAY_FILE
        if self._library_knows(year):
            return CalendarSource.CHINESE_CALENDAR
        return CalendarSource.WEEKENDS_ONLY

    def has_data(self, year: int) -> bool:
        return self.source(year) is not CalendarSource.WEEKENDS_ONLY

    @property
    def years_without_data(self) -> frozenset[int]:
        """Years looked up so far that had to fall back to weekends only."""
        return frozenset(self._missing)

    # -- single days -----------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        day = _as_date(day)
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = self._compute(day)
        return known

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        return self._step_to_working(_as_date(day), _ONE_DAY)

    def previous_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the last working day before it."""
        return self._step_to_working(_as_date(day), -_ONE_DAY)

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (before it when n < 0); n == 0 gives next_working_day."""
        day = _as_date(day)
        if n == 0:
            return self.next_working_day(day)
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        for _ in range(abs(n)):
            day = self._step_to_working(day + step, step)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days passed going from ``start`` to ``end``: those after start up to and including end,
        negative when end is earlier (then those from end up to, not including, start).

        For a working day ``d``: ``working_days_between(d, add_working_days(d, n)) == n``.
        """
        start, end = _as_date(start), _as_date(end)
        if end < start:
            return -self._count(end, start - _ONE_DAY)
        return self._count(start + _ONE_DAY, end)

    # -- months ----------------------------------------------------------------------------------------

    def working_days_of_month(self, year: int, month: int) -> tuple[date, ...]:
        key = (year, month)
        days = self._months.get(key)
        if days is None:
            length = gregorian.monthrange(year, month)[1]
            every_day = (date(year, month, number) for number in range(1, length + 1))
            days = self._months[key] = tuple(day for day in every_day if self.is_working_day(day))
        return days

    def nth_working_day_of_month(self, year: int, month: int, n: int) -> date:
        """The n-th working day of the month (1 = first); negative n counts from the end (-1 = last)."""
        days = self.working_days_of_month(year, month)
        if n == 0 or abs(n) > len(days):
            raise ValueError(f"{year}年{month}月只有 {len(days)} 个工作日，没有第 {n} 个")
        return days[n - 1] if n > 0 else days[n]

    # -- internals -------------------------------------------------------------------------------------

    def _compute(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override
        weekday = day.weekday() < 5
        if day.year in self._schedule_years:
            return weekday
        if self._library_knows(day.year):
            return bool(chinese_calendar.is_workday(day))
        self._report_missing(day.year)
        return weekday

    def _library_knows(self, year: int) -> bool:
        known = self._library_years.get(year)
        if known is None:
            try:
                chinese_calendar.is_workday(date(year, 1, 1))
                known = True
            except NotImplementedError:
                known = False
            self._library_years[year] = known
        return known

    def _report_missing(self, year: int) -> None:
        if year in self._missing:
            return
        self._missing.add(year)
        log.warning("no holiday data for %s: counting weekends only until the holiday file lists it", year)
        if self._on_missing_year is not None:
            self._on_missing_year(year)

    def _step_to_working(self, day: date, step: timedelta) -> date:
        for _ in range(_MAX_DAYS_WITHOUT_WORK):
            if self.is_working_day(day):
                return day
            day += step
        raise CalendarDataError(
            f"{day.isoformat()} 前后连续 {_MAX_DAYS_WITHOUT_WORK} 天没有工作日，节假日数据有误"
        )

    def _count(self, first: date, last: date) -> int:
        count = 0
        day = first
        while day <= last:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count


def _as_date(value: date) -> date:
    # datetime is a date subclass: without this, cache keys and arithmetic would silently keep the time.
    return value.date() if isinstance(value, datetime) else value
