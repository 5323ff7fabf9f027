"""The nudge plan (催办): which reminders are due at a given local moment. Pure: the clock is a parameter.

A sweep calls ``plan_nudges(now, ...)`` every minute and stores each planned nudge under its ``key``; storage
refuses a key it already holds. That makes delivery exactly-once without any state here:

- a nudge belongs to one local day (the reminder day, the overdue day, the digest day) and is planned at every
  sweep of that day from ``send_time`` until the window closes, so a sweep that missed 09:00 still plans it
  later the same day, and the key makes the repeats harmless;
- nothing is planned outside the window or on a non-working day, and a past day is never planned again;
- a submission for the period removes its department from the plan at the next sweep.

The planner returns data (kind, user, department, task, period, deadline); the Chinese text lives in
conversations/.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import Period, ReportingTask, next_deadline_after, period_at

DUE = "due"
OVERDUE = "overdue"
DIGEST = "digest"


def before_kind(working_days: int) -> str:
    """The kind of the reminder sent that many working days before the deadline: ``before_3``."""
    return f"before_{working_days}"


@dataclass(frozen=True)
class NudgeSettings:
    """When nudges go out. Times are local wall-clock times; the caller converts from its time zone.

    ``before``: working days before the deadline that get a reminder. ``overdue_limit``: at most that many
    overdue notices per period (None: every working day until the next period's deadline supersedes it).
    """

    send_time: time = time(9, 0)
    window_start: time = time(8, 30)
    window_end: time = time(18, 0)
    before: tuple[int, ...] = (3, 1)
    overdue_limit: int | None = None
    digest: bool = True
    digest_time: time | None = None  # None: with the other nudges at send_time

    def __post_init__(self) -> None:
        if not self.window_start < self.window_end:
            raise ValueError(f"催办时段的开始 {self.window_start:%H:%M} 应早于结束 {self.window_end:%H:%M}")
        for name, moment in (("发送时间", self.send_time), ("汇总发送时间", self.digest_time)):
            if moment is not None and not self.window_start <= moment <= self.window_end:
                raise ValueError(
                    f"{name} {moment:%H:%M} 应在催办时段 {self.window_start:%H:%M}–{self.window_end:%H:%M} 内"
                )
        if any(days < 1 for days in self.before) or len(set(self.before)) != len(self.before):
            raise ValueError(f"提前提醒的工作日数应为互不相同的正整数，实际为 {self.before}")
        if self.overdue_limit is not None and self.overdue_limit < 0:
            raise ValueError(f"逾期提醒次数上限不能为负数，实际为 {self.overdue_limit}")


@dataclass(frozen=True, order=True)
class OverdueItem:
    """One line of the staff digest: a department late with a period of a task."""

    task: str
    period: str
    deadline: date
    department: str
    working_days_late: int


@dataclass(frozen=True)
class Nudge:
    """One reminder to one user. For a digest, task/period/deadline/department are None and ``overdue``
    lists who is late."""

    kind: str
    user: str
    day: date
    task: str | None = None
    period: str | None = None
    deadline: date | None = None
    department: str | None = None
    overdue: tuple[OverdueItem, ...] = ()

    @property
    def key(self) -> str:
        """Unique per nudge that should exist once; storage makes a second row with this key impossible.

        Reminders are keyed by the deadline they announce (a changed deadline earns new reminders), overdue
        notices and digests by their day. JSON keeps user ids containing separators unambiguous.
        """
        if self.kind == DIGEST:
            parts: list[str] = [self.kind, self.user, self.day.isoformat()]
        else:
            when = self.day if self.kind == OVERDUE else self.deadline
            parts = [self.kind, self.user, self.department or "", self.task or "", self.period or ""]
            parts.append(when.isoformat() if when else "")
        return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


def plan_nudges(
    now: datetime,
    *,
    tasks: Iterable[ReportingTask],
    submitted: Collection[tuple[str, str, str]],
    liaisons: Mapping[str, Sequence[str]],
    staff: Sequence[str],
    calendar: WorkingCalendar,
    settings: NudgeSettings | None = None,
) -> list[Nudge]:
    """Every nudge due at ``now`` (naive local time).

    ``submitted`` holds (task code, period key, department) for what has arrived; ``liaisons`` maps a
    department to its liaisons' user ids; ``staff`` are the office users who get the digest.
    """
    settings = settings or NudgeSettings()
    if now.tzinfo is not None:
        raise ValueError("催办计划需要本地时间（不带时区），请先换算到本地时区")
    today, clock = now.date(), now.time()
    digest_time = settings.digest_time or settings.send_time
    first_time = min(settings.send_time, digest_time) if settings.digest else settings.send_time
    if not first_time <= clock <= settings.window_end or not calendar.is_working_day(today):
        return []
    done = submitted if isinstance(submitted, set | frozenset) else set(submitted)
    owing = [
        (task, period, kind, department)
        for task in tasks
        for period, kind in _reminders_due(task, today, calendar, settings)
        for department in task.departments
        if (task.code, period.key, department) not in done
    ]
    nudges: list[Nudge] = []
    if clock >= settings.send_time:
        for task, period, kind, department in owing:
            for user in liaisons.get(department, ()):
                nudges.append(Nudge(kind, user, today, task.code, period.key, period.deadline, department))
    if settings.digest and clock >= digest_time:
        late = sorted(
            OverdueItem(
                task.code,
                period.key,
                period.deadline,
                department,
                calendar.working_days_between(period.deadline, today),
            )
            for task, period, kind, department in owing
            if kind == OVERDUE
        )
        if late:
            nudges.extend(Nudge(DIGEST, user, today, overdue=tuple(late)) for user in staff)
    return nudges


def _reminders_due(
    task: ReportingTask, today: date, calendar: WorkingCalendar, settings: NudgeSettings
) -> Iterator[tuple[Period, str]]:
    """(period, kind) for each reminder of this task that belongs to ``today``."""
    for period in _periods_in_reach(task, today, calendar, settings):
        if task.active_from is not None and period.deadline < task.active_from:
            continue
        if today == period.deadline:
            yield period, DUE
        elif today < period.deadline:
            for days in settings.before:
                if calendar.add_working_days(period.deadline, -days) == today:
                    yield period, before_kind(days)
        elif _overdue_notice_today(task, period, today, calendar, settings):
            yield period, OVERDUE


def _periods_in_reach(
    task: ReportingTask, today: date, calendar: WorkingCalendar, settings: NudgeSettings
) -> Iterator[Period]:
    """The periods whose reminders might fall on ``today``: the current one and its neighbours.

    Two back, because a deadline moved past its cycle's end (a month's last day before a holiday) keeps the
    period before it open into the following cycle. The next period is looked at only once today is near
    its earliest possible deadline, so a year the calendar does not know is not looked up (and reported
    missing) months before it matters.
    """
    rule = task.rule
    index = rule.index_of(today)
    if not rule.cyclic:
        yield period_at(rule, index, calendar)
        return
    for back in (2, 1, 0):
        yield period_at(rule, index - back, calendar)
    if today >= rule.earliest(index + 1) - _reach(settings):
        yield period_at(rule, index + 1, calendar)


def _reach(settings: NudgeSettings) -> timedelta:
    # Calendar days that can hold max(before) working days: two per working day, plus the longest break.
    return timedelta(days=2 * max(settings.before, default=0) + 21)


def _overdue_notice_today(
    task: ReportingTask, period: Period, today: date, calendar: WorkingCalendar, settings: NudgeSettings
) -> bool:
    limit = settings.overdue_limit
    if limit is not None and calendar.working_days_between(period.deadline, today) > limit:
        return False
    if not task.rule.cyclic or today < task.rule.earliest(period.index + 1):
        return True  # cannot have been superseded yet: skip looking up the next period's year
    superseded = next_deadline_after(task, period, calendar)
    return superseded is None or today < superseded
