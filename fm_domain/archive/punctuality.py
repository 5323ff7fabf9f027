"""Reports on time (报送及时性): for each task, period of a year and department, whether it arrived, and how
late, counted in working days.

The first arrival counts: a resubmission is a new version of the same period, not a new report. What
arrived is given with its local date: a department-level submission through a flow (its first version)
settles every task of its kind, as fm_domain.obligations counts it, and a receipt staff recorded settles
its own task.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import OnceRule, Period, ReportingTask, TaskKind, period_at
from fm_domain.obligations import SUBMITTED_BY_FLOW

# (kind or task code, period key, department) → the local date it first arrived
ArrivalDates = Mapping[tuple[str, str, str], date]


class ReportState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"  # arrived after the deadline
    OVERDUE = "overdue"  # not arrived, deadline passed
    DUE = "due"  # not arrived, deadline still ahead (the period has begun)
    FUTURE = "future"  # the period has not begun
    NOT_OWED = "not_owed"  # before the task applied to the department

    @property
    def settled(self) -> bool:
        return self in (ReportState.ON_TIME, ReportState.LATE)


@dataclass(frozen=True)
class ReportCell:
    task: str  # code
    title: str
    kind: TaskKind
    period: str
    department: str
    deadline: date
    arrived: date | None
    state: ReportState
    working_days_late: int = 0  # LATE: after the deadline; OVERDUE: so far

    @property
    def month(self) -> int:
        """The month the period is reported for (a monthly period's own month, else the deadline's)."""
        if len(self.period) == 7 and self.period[4] == "-":
            return int(self.period[5:])
        return self.deadline.month


def periods_of_year(task: ReportingTask, year: int, calendar: WorkingCalendar) -> tuple[Period, ...]:
    """The task's periods whose cycle lies in ``year``: twelve months, one year, the first half, or the
    one date of a one-off task (when it falls in the year)."""
    rule = task.rule
    if isinstance(rule, OnceRule):
        return (period_at(rule, 0, calendar),) if rule.day.year == year else ()
    first, last = rule.index_of(date(year, 1, 1)), rule.index_of(date(year, 12, 31))
    return tuple(period_at(rule, index, calendar) for index in range(first, last + 1))


def report_cells(
    tasks: Iterable[ReportingTask],
    submitted: ArrivalDates,
    received: ArrivalDates,
    year: int,
    today: date,
    calendar: WorkingCalendar,
    departments: Sequence[str] | None = None,
) -> list[ReportCell]:
    """One cell per (task, period of ``year``, department owing it), task by task, period by period.

    ``submitted`` is keyed by submission kind, ``received`` by task code (staff's receipts)."""
    cells: list[ReportCell] = []
    for task in tasks:
        if task.kind is TaskKind.INQUIRY_REPLY:
            continue  # a written inquiry's reply is followed in the inquiries, not as a report
        owing = [d for d in task.departments if departments is None or d in departments]
        if not owing:
            continue
        for period in periods_of_year(task, year, calendar):
            for department in owing:
                arrived = _first_arrival(task, period.key, department, submitted, received)
                cells.append(_cell(task, period, department, arrived, today, calendar))
    return cells


def _first_arrival(
    task: ReportingTask, period: str, department: str, submitted: ArrivalDates, received: ArrivalDates
) -> date | None:
    dates = [received.get((task.code, period, department))]
    if task.kind in SUBMITTED_BY_FLOW:
        dates.append(submitted.get((task.kind.value, period, department)))
    known = [day for day in dates if day is not None]
    return min(known) if known else None


def _cell(
    task: ReportingTask,
    period: Period,
    department: str,
    arrived: date | None,
    today: date,
    calendar: WorkingCalendar,
) -> ReportCell:
    def cell(state: ReportState, late: int = 0) -> ReportCell:
        return ReportCell(
            task.code, task.title, task.kind, period.key, department, period.deadline, arrived, state, late
        )

    owed = task.active_from is None or period.deadline >= task.active_from
    if arrived is not None:
        if arrived <= period.deadline:
            return cell(ReportState.ON_TIME)
        return cell(ReportState.LATE, calendar.working_days_between(period.deadline, arrived))
    if not owed:
        return cell(ReportState.NOT_OWED)
    if period.deadline < today:
        return cell(ReportState.OVERDUE, calendar.working_days_between(period.deadline, today))
    if isinstance(task.rule, OnceRule) or _cycle_started(task, period, today):
        return cell(ReportState.DUE)
    return cell(ReportState.FUTURE)


def _cycle_started(task: ReportingTask, period: Period, today: date) -> bool:
    """Whether today lies in or after the period's own cycle (its month, year or half-year)."""
    return task.rule.index_of(today) >= period.index
