"""Holiday schedules the office adds itself, for years chinese_calendar does not know yet.

Every year the State Council publishes the next year's 节假日安排: the holidays and the weekends that
become working days (调休上班). chinese_calendar ships them up to the year of its release; for later years
staff copy the notice into a small TOML file:

    [2027]
    source = "国务院办公厅关于2027年部分节假日安排的通知"
    holidays = ["2027-01-01", "2027-02-05~2027-02-11"]
    workdays = ["2027-02-14"]

A year listed this way is taken from the file alone (Monday to Friday work, the listed dates adjusted) and
wins over chinese_calendar. Parsing takes text, not a path: reading the office's file is the caller's I/O;
the domain only reads the files bundled with it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

# A State Council holiday never spans more than nine or ten days; a longer range is a typo.
_MAX_RANGE_DAYS = 31
_WEEKDAY_NAMES = "一二三四五六日"
_DATE = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_ENTRY = re.compile(rf"^{_DATE}(?:\s*[~～至]\s*{_DATE})?$")
_KEYS = {"source", "holidays", "workdays"}
_FORMAT_HINT = "应写成 YYYY-MM-DD，连续多天写成 YYYY-MM-DD~YYYY-MM-DD"


class CalendarDataError(ValueError):
    """A holiday file that cannot be accepted; ``where`` names the file, the year and the entry."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}：{message}" if where else message)


@dataclass(frozen=True)
class YearSchedule:
    """One year's official arrangement: its holidays and its adjusted working weekends."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str = ""

    def overrides(self) -> Iterator[tuple[date, bool]]:
        """Each listed date with whether it is a working day."""
        for day in self.holidays:
            yield day, False
        for day in self.workdays:
            yield day, True


def parse_holiday_file(text: str, source: str = "节假日文件") -> tuple[YearSchedule, ...]:
    """Read a holiday file (TOML, one ``[year]`` table per year); raise CalendarDataError in Chinese."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CalendarDataError(f"TOML 格式错误（{exc}）", source) from None
    schedules = [_parse_year(key, value, source) for key, value in document.items()]
    _reject_conflicts(schedules, source)
    return tuple(sorted(schedules, key=lambda schedule: schedule.year))


@functools.cache
def bundled_schedules() -> tuple[YearSchedule, ...]:
    """The schedules shipped in ``fm_domain/data/holidays/*.toml``, read once."""
    folder = resources.files("fm_domain").joinpath("data", "holidays")
    schedules: list[YearSchedule] = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            schedules.extend(parse_holiday_file(entry.read_text(encoding="utf-8"), entry.name))
    return tuple(schedules)


def _parse_year(key: str, value: object, source: str) -> YearSchedule:
    if not re.fullmatch(r"\d{4}", key) or not isinstance(value, dict):
        raise CalendarDataError(f"顶层只能是年份表，例如 [2027]，不能是“{key}”", source)
    where = f"{source} [{key}]"
    unknown = sorted(set(value) - _KEYS)
    if unknown:
        raise CalendarDataError(f"未知的键 {'、'.join(unknown)}；只能有 source、holidays、workdays", where)
    year = int(key)
    holidays = _parse_dates(value.get("holidays", []), year, f"{where} holidays")
    workdays = _parse_dates(value.get("workdays", []), year, f"{where} workdays")
    if not holidays:
        raise CalendarDataError("没有列出任何放假日期（holidays）；每年至少有元旦", where)
    for day in sorted(workdays):
        if day.weekday() < 5:
            raise CalendarDataError(
                f"{day.isoformat()} 是星期{_WEEKDAY_NAMES[day.weekday()]}，本来就是工作日，"
                "workdays 只列调休上班的周六、周日",
                where,
            )
    both = sorted(holidays & workdays)
    if both:
        raise CalendarDataError(f"{both[0].isoformat()} 同时列为放假和上班", where)
    source_text = value.get("source", "")
    if not isinstance(source_text, str):
        raise CalendarDataError("source 应为文字（通知的名称或文号）", where)
    return YearSchedule(year, frozenset(holidays), frozenset(workdays), source_text)


def _parse_dates(raw: object, year: int, where: str) -> set[date]:
    if not isinstance(raw, list):
        raise CalendarDataError(f'应为日期列表，例如 ["{year}-01-01"]', where)
    days: set[date] = set()
    for position, entry in enumerate(raw, start=1):
        entry_where = f"{where} 第{position}项"
        if not isinstance(entry, str):
            raise CalendarDataError(f"{entry!r} 不是文字；{_FORMAT_HINT}", entry_where)
        days.update(_parse_entry(entry.strip(), year, entry_where))
    return days


def _parse_entry(entry: str, year: int, where: str) -> list[date]:
    match = _ENTRY.match(entry)
    if not match:
        raise CalendarDataError(f"“{entry}”格式不对；{_FORMAT_HINT}", where)
    first = _make_date(match.group(1, 2, 3), entry, where)
    last = _make_date(match.group(4, 5, 6), entry, where) if match.group(4) else first
    if last < first:
        raise CalendarDataError(f"“{entry}”的结束日期早于开始日期", where)
    if (last - first).days >= _MAX_RANGE_DAYS:
        raise CalendarDataError(f"“{entry}”跨度超过 {_MAX_RANGE_DAYS} 天，请检查是否写错", where)
    # A notice may reach into the neighbouring year (the 元旦 adjustment around 12-31), never further.
    for day in (first, last):
        if abs(day.year - year) > 1:
            raise CalendarDataError(f"“{entry}”不在 {year} 年前后，不属于这一年的安排", where)
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _make_date(parts: tuple[str | None, ...], entry: str, where: str) -> date:
    try:
        return date(*(int(part or "") for part in parts))
    except ValueError:
        raise CalendarDataError(f"“{entry}”中的日期不存在", where) from None


def _reject_conflicts(schedules: Iterable[YearSchedule], source: str) -> None:
    """Two tables of one file must not disagree about a date they both list."""
    seen: dict[date, tuple[bool, int]] = {}
    for schedule in schedules:
        for day, working in schedule.overrides():
            earlier = seen.setdefault(day, (working, schedule.year))
            if earlier[0] != working:
                raise CalendarDataError(
                    f"{day.isoformat()} 在 [{earlier[1]}] 和 [{schedule.year}] 中一处放假、一处上班", source
                )
