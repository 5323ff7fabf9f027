"""What departments owe, read exactly as the nudge sweep reads it: the reporting tasks staff keep (/报送 and
the configuration file), the written inquiries waiting for a reply, and what has arrived (submissions
through the flows, receipts staff recorded with /报送 已收). The deciding is fm_domain.obligations'; this
module reads the ports and says how each task is submitted.

    reporting = read_reporting(uow.reporting, uow.inquiries, today, uow.findings, uow.progress)
    for owed in reporting.obligations(today, calendar, departments=[department]): ...

The submission flows draft from the same reading (period_to_submit), so the period a liaison is chased for
is the period /月度安排 and /年度目标 open.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from conversations.nudge_texts import inquiry_task_title, rectification_task_title, submit_command
from conversations.ports import FindingsPort, InquiriesPort, ProgressPort, ReportingPort
from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import ONCE_PERIOD, ReportingTask, TaskKind
from fm_domain.obligations import (
    Arrival,
    Obligation,
    arrivals_since,
    arrived,
    flow_kinds,
    obligations,
    progress_task_code,
    tasks_in_force,
)
from fm_domain.records import FindingStatus

TABLES_CHASED = timedelta(days=366)


@dataclass(frozen=True)
class Reporting:
    """The tasks in force and what has arrived for them, as read at one moment."""

    tasks: tuple[ReportingTask, ...]
    arrivals: frozenset[Arrival]  # (task code, period, department)
    inquiries: dict[str, int]  # task code → written inquiry id
    broken: tuple[tuple[str, str], ...]  # (code, Chinese reason) of active tasks whose rule does not parse
    rectifications: dict[str, int] = field(default_factory=dict)  # task code → finding id
    tables: dict[str, int] = field(default_factory=dict)  # task code → 统计表 id

    def command(self, task: ReportingTask) -> str | None:
        """The command that submits the task; None when it arrives outside the chat (staff record it)."""
        record = (
            self.inquiries.get(task.code) or self.rectifications.get(task.code) or self.tables.get(task.code)
        )
        return submit_command(task.kind, record)

    def inquiry_id(self, task: ReportingTask) -> int | None:
        return self.inquiries.get(task.code)

    def obligations(
        self, today: date, calendar: WorkingCalendar, departments: Collection[str] | None = None
    ) -> list[Obligation]:
        return obligations(self.tasks, self.arrivals, today, calendar, departments)


def read_reporting(
    reporting: ReportingPort,
    inquiries: InquiriesPort,
    today: date,
    findings: FindingsPort | None = None,
    progress: ProgressPort | None = None,
) -> Reporting:
    """Read the tasks in force and their arrivals for periods that can still be open on ``today``; with
    ``findings`` and ``progress``, the rectifications and the 统计表 departments owe too (the nudges and
    /待办 pass them)."""
    # A 统计表 long past its deadline leaves the nudges (it stays in the record): a year is plenty.
    tables = progress.tables(due_since=today - TABLES_CHASED) if progress is not None else ()
    in_force = tasks_in_force(
        reporting.tasks(active_only=True),
        inquiries.open(),
        reporting.department_codes(),
        inquiry_task_title,
        findings.in_status([FindingStatus.RECTIFYING]) if findings is not None else (),
        rectification_task_title,
        tables,
    )
    since = arrivals_since(today)
    kinds = flow_kinds(in_force.tasks)
    submissions = reporting.submitted(kinds, since) if kinds else ()
    filled = (
        {(progress_task_code(t), ONCE_PERIOD, d) for t, d in progress.filled([t.id for t in tables])}
        if progress is not None
        else set()
    )
    arrivals = arrived(in_force.tasks, submissions, {*reporting.receipts(since), *filled})
    return Reporting(
        in_force.tasks,
        arrivals,
        in_force.inquiries,
        in_force.broken,
        in_force.rectifications,
        in_force.tables,
    )


# -- the period a submission flow drafts ------------------------------------------------------------------


@dataclass(frozen=True)
class OpenPeriod:
    """One open period of the tasks of a kind, for one department."""

    key: str
    deadline: date  # the earliest deadline any task of the kind gives this period
    settled: bool  # every task of the kind has it: submitted, or received by staff


@dataclass(frozen=True)
class PeriodChoice:
    """The period a submission flow drafts for a department."""

    key: str
    deadline: date | None  # None: the department owes no stored task of the kind (the calendar's period)
    not_open: str = ""  # a period asked for by name that is not open; ``key`` replaces it


def open_periods_of(
    reporting: Reporting,
    kind: TaskKind,
    department: str,
    today: date,
    calendar: WorkingCalendar,
    accepts: Callable[[str], bool] = lambda key: True,
) -> tuple[OpenPeriod, ...]:
    """The open periods of the department's tasks of ``kind`` (the ones /待办 lists and the nudges chase),
    oldest deadline first; ``accepts`` drops keys the flow cannot draft (a task given a rule of the wrong
    shape)."""
    by_key: dict[str, OpenPeriod] = {}
    for owed in reporting.obligations(today, calendar, departments=[department]):
        key = owed.period.key
        if owed.task.kind is not kind or not accepts(key):
            continue
        known = by_key.get(key)
        if known is None:
            by_key[key] = OpenPeriod(key, owed.period.deadline, owed.settled)
        else:
            by_key[key] = OpenPeriod(
                key, min(known.deadline, owed.period.deadline), known.settled and owed.settled
            )
    return tuple(sorted(by_key.values(), key=lambda period: (period.deadline, period.key)))


def period_to_submit(periods: tuple[OpenPeriod, ...], calendar_key: str, asked: str = "") -> PeriodChoice:
    """The period the department owes: the one asked for when it is open (a nudge's button names the period
    it is about); else the earliest open period that has not arrived; else, every one having arrived, the
    most recent (a resubmission, which makes a new version); with no open period at all, ``calendar_key``,
    today's year or month."""
    if not periods:
        fallback = PeriodChoice(calendar_key, None)
        return fallback if asked in ("", calendar_key) else PeriodChoice(calendar_key, None, not_open=asked)
    named = next((period for period in periods if period.key == asked), None)
    if named is not None:
        return PeriodChoice(named.key, named.deadline)
    owed = next((period for period in periods if not period.settled), periods[-1])
    return PeriodChoice(owed.key, owed.deadline, not_open=asked)
