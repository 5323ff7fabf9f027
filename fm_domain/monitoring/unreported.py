"""不报: a department late or missing on its reports over the monitoring year.

Every period of every task whose deadline fell in the year (and before now) is owed by each department the
task names. A report arrived when its first version was submitted through a flow, or when staff recorded
its receipt (a paper report); after the deadline it is late, not at all it is missing. One late report is
an incident the nudges already chased; ``missed_reports`` of them in a year is a habit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import Period, ReportingTask, period_at
from fm_domain.monitoring.periods import add_months, local_date
from fm_domain.monitoring.settings import DEFAULT_SETTINGS, MonitoringSettings
from fm_domain.monitoring.signal import Evidence, Mark, Pattern, Severity, Signal, SignalKind
from fm_domain.obligations import SUBMITTED_BY_FLOW
from fm_domain.records import Submission


@dataclass(frozen=True)
class Delivery:
    """A report's arrival: (task, period, department) and the local date it arrived."""

    task: str
    period: str
    department: str
    on: date
    submission_id: int | None = None  # None: a receipt staff recorded


def deliveries(
    tasks: Iterable[ReportingTask],
    submissions: Iterable[Submission],
    receipts: Iterable[tuple[str, str, str, datetime]],
    now: datetime,
) -> list[Delivery]:
    """Arrivals from department-level submissions (the first version: a resubmission is not the report
    arriving) for every task of their kind, and from receipts ``(task, period, department, recorded_at)``;
    dates are local to ``now``'s time zone."""
    codes_by_kind: dict[str, list[str]] = {}
    for task in tasks:
        if task.kind in SUBMITTED_BY_FLOW:
            codes_by_kind.setdefault(task.kind.value, []).append(task.code)
    first: dict[tuple[str, str, str], Submission] = {}
    for submission in submissions:
        key = (submission.kind.value, submission.period, submission.department)
        if not submission.division and (key not in first or submission.version < first[key].version):
            first[key] = submission
    result = [
        Delivery(code, period, department, local_date(s.submitted_at, now), s.id)
        for (kind, period, department), s in first.items()
        for code in codes_by_kind.get(kind, ())
    ]
    result += [Delivery(task, period, dept, local_date(at, now)) for task, period, dept, at in receipts]
    return result


def due_periods(task: ReportingTask, start: date, end: date, calendar: WorkingCalendar) -> list[Period]:
    """The task's periods whose deadline falls in [start, end) and that are owed (``active_from``)."""
    rule = task.rule
    # A period's deadline may fall after its own cycle (last year's goals, due in January): one more back.
    indexes = range(rule.index_of(start) - 1, rule.index_of(end) + 1) if rule.cyclic else (0,)
    # A period whose nominal date cannot come before ``end`` is skipped before the calendar is asked for
    # its year, which it may not know yet (next January, looked at on the first days of January).
    return [
        period
        for period in (period_at(rule, index, calendar) for index in indexes if rule.earliest(index) < end)
        if start <= period.deadline < end
        and (task.active_from is None or period.deadline >= task.active_from)
    ]


def unreported(
    tasks: Iterable[ReportingTask],
    arrived: Iterable[Delivery],
    calendar: WorkingCalendar,
    now: datetime,
    *,
    settings: MonitoringSettings = DEFAULT_SETTINGS,
) -> list[Signal]:
    """One signal per department with ``missed_reports`` late or missing reports in the year, by code."""
    today = now.date()
    start = add_months(today, -settings.window_months)
    earliest: dict[tuple[str, str, str], Delivery] = {}
    for delivery in arrived:
        key = (delivery.task, delivery.period, delivery.department)
        if key not in earliest or delivery.on < earliest[key].on:
            earliest[key] = delivery
    missed: dict[str, list[Evidence]] = {}
    for task in tasks:
        for period in due_periods(task, start, today, calendar):
            for department in task.departments:
                delivery = earliest.get((task.code, period.key, department))
                if delivery is None or delivery.on > today:
                    missed.setdefault(department, []).append(
                        Evidence(Mark.MISSING, period.key, department=department, task=task.code)
                    )
                elif delivery.on > period.deadline:
                    late = calendar.working_days_between(period.deadline, delivery.on)
                    missed.setdefault(department, []).append(
                        Evidence(
                            Mark.LATE,
                            period.key,
                            delivery.submission_id,
                            department=department,
                            task=task.code,
                            working_days_late=late,
                        )
                    )
    signals = []
    for department, evidence in sorted(missed.items()):
        if len(evidence) < settings.missed_reports:
            continue
        missing = sum(1 for e in evidence if e.mark is Mark.MISSING)
        # Reports never sent leave the office without what it monitors: worse than reports sent late.
        serious = missing >= settings.missed_reports or len(evidence) >= 2 * settings.missed_reports
        signals.append(
            Signal(
                SignalKind.UNREPORTED,
                Pattern.LATE_OR_MISSING,
                department,
                (),
                start,
                today,
                Severity.SERIOUS if serious else Severity.WARNING,
                tuple(evidence),
            )
        )
    return signals
