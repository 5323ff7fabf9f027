"""Report periods as dates, and month arithmetic: the spans the signals look at are half-open [start, end)."""

from __future__ import annotations

import calendar as gregorian
import re
from datetime import date, datetime

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_HALF = re.compile(r"^(\d{4})H1$")


def period_span(key: str) -> tuple[date, date]:
    """``2026`` → the year, ``2026-05`` → May, ``2026H1`` → January to June; ValueError for other keys."""
    if match := _YEAR.match(key):
        year = int(match.group(1))
        return date(year, 1, 1), date(year + 1, 1, 1)
    if match := _MONTH.match(key):
        start = date(int(match.group(1)), int(match.group(2)), 1)
        return start, add_months(start, 1)
    if match := _HALF.match(key):
        year = int(match.group(1))
        return date(year, 1, 1), date(year, 7, 1)
    raise ValueError(f"not a report period: {key!r}")


def next_month(key: str) -> str:
    start = add_months(period_span(key)[0], 1)
    return f"{start.year:04d}-{start.month:02d}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, gregorian.monthrange(year, month + 1)[1]))


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 when end is not a full month later)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def local_date(moment: datetime, like: datetime) -> date:
    """The date of ``moment`` in the time zone of ``like`` (the caller's "now"), where both are aware."""
    if moment.tzinfo is not None and like.tzinfo is not None:
        return moment.astimezone(like.tzinfo).date()
    return moment.date()
