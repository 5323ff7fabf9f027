"""What departments owe (应报事项): the reporting tasks in force, the periods open, and what has arrived.

One source for the nudge sweep and the look-ups /待办 and /未报, so a task changed with /报送 (or in the
configuration file), a receipt recorded with /报送 已收 and a written inquiry count the same everywhere.
Pure: stored tasks come in as records read by attribute (storage's StoredTask fits), written inquiries as
fm_domain.records.Inquiry, what has arrived as (kind | task, period, department) tuples the caller read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import (
    DueRuleError,
    Period,
    ReportingTask,
    TaskKind,
    inquiry_task,
    open_periods,
    parse_due_rule,
    progress_table_task,
    rectification_task,
)
from fm_domain.records import Finding, FindingStatus, Inquiry, InquiryStatus, ProgressTable, SubmissionKind

INQUIRY_TASK_PREFIX = "inquiry-"  # the codes of written inquiries' replies; staff tasks may not take them
RECTIFICATION_TASK_PREFIX = "rectification-"  # the codes of findings' rectifications, likewise
PROGRESS_TASK_PREFIX = "progress-"  # the codes of published 统计表, likewise
# Submissions through these flows settle every task of the same kind; other tasks arrive outside the chat
# and are settled by the receipt staff record (which settles a flow's task too, for one sent on paper).
SUBMITTED_BY_FLOW = frozenset(TaskKind(kind.value) for kind in SubmissionKind)
# Arrivals are read from this many years back: no open period is older (two cycles of a yearly task).
YEARS_BACK = 2
# Word characters in any script: staff name a task in Chinese (统计表) and use that name as its code.
_CODE = re.compile(r"^[\w-]{1,64}$")

Arrival = tuple[str, str, str]  # (task code, period key, department)


class TaskRecord(Protocol):
    """A reporting task as staff keep it."""

    @property
    def code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def rule(self) -> str: ...  # canonical rule text, e.g. ``monthly wd5``
    @property
    def departments(self) -> tuple[str, ...] | None: ...  # None: every department
    @property
    def active(self) -> bool: ...
    @property
    def active_from(self) -> date | None: ...


def is_valid_task_code(code: str) -> bool:
    """Letters (汉字 too), digits, ``_`` and ``-``, at most 64 characters, and not the code of a task fmbot
    makes for one record (an inquiry's reply, a finding's rectification)."""
    lowered = code.lower()
    return bool(_CODE.match(code)) and not lowered.startswith(
        (INQUIRY_TASK_PREFIX, RECTIFICATION_TASK_PREFIX)
    )


def task_kind(kind: str) -> TaskKind:
    """The kind a stored task names; a kind this version does not know is "other" (settled by receipts)."""
    return TaskKind(kind) if kind in TaskKind._value2member_map_ else TaskKind.OTHER


def task_from_record(record: TaskRecord, every_department: Sequence[str]) -> ReportingTask:
    """The domain task; raises DueRuleError (Chinese) for a rule that no longer parses."""
    return ReportingTask(
        code=record.code,
        title=record.title,
        kind=task_kind(record.kind),
        rule=parse_due_rule(record.rule),
        departments=tuple(every_department) if record.departments is None else record.departments,
        active_from=record.active_from,
    )


def inquiry_task_code(inquiry_id: int) -> str:
    return f"{INQUIRY_TASK_PREFIX}{inquiry_id}"


def rectification_task_code(finding_id: int) -> str:
    return f"{RECTIFICATION_TASK_PREFIX}{finding_id}"


def progress_task_code(table_id: int) -> str:
    return f"{PROGRESS_TASK_PREFIX}{table_id}"


@dataclass(frozen=True)
class TasksInForce:
    tasks: tuple[ReportingTask, ...]
    inquiries: dict[str, int]  # task code → written inquiry id, for the inquiry replies among the tasks
    broken: tuple[tuple[str, str], ...]  # (code, Chinese reason) of active tasks whose rule does not parse
    rectifications: dict[str, int] = field(default_factory=dict)  # task code → finding id
    tables: dict[str, int] = field(default_factory=dict)  # task code → 统计表 id


def tasks_in_force(
    records: Iterable[TaskRecord],
    inquiries: Iterable[Inquiry],
    every_department: Sequence[str],
    inquiry_title: Callable[[int], str],
    rectifications: Iterable[Finding] = (),
    rectification_title: Callable[[int], str] = str,
    tables: Iterable[ProgressTable] = (),
) -> TasksInForce:
    """The active stored tasks, and a one-off task for each written inquiry waiting for the department's
    reply (an answered one waits for staff, not for the department) and for each finding whose
    rectification the department has yet to report (one reported waits for staff to close it), and each
    统计表 staff published (settled for a department once it has filled it: an arrival the caller reads)."""
    tasks: list[ReportingTask] = []
    broken: list[tuple[str, str]] = []
    for record in records:
        if not record.active:
            continue
        try:
            tasks.append(task_from_record(record, every_department))
        except DueRuleError as error:
            broken.append((record.code, error.message))
    replies: dict[str, int] = {}
    for inquiry in inquiries:
        if inquiry.status is InquiryStatus.OPEN:
            code = inquiry_task_code(inquiry.id)
            tasks.append(inquiry_task(code, inquiry_title(inquiry.id), inquiry.department, inquiry.deadline))
            replies[code] = inquiry.id
    published: dict[str, int] = {}
    for table in tables:
        code = progress_task_code(table.id)
        owing = tuple(every_department) if table.departments is None else table.departments
        tasks.append(progress_table_task(code, table.title, owing, table.deadline))
        published[code] = table.id
    rectifying: dict[str, int] = {}
    for finding in rectifications:
        if finding.status is FindingStatus.RECTIFYING and finding.deadline is not None:
            code = rectification_task_code(finding.id)
            title = rectification_title(finding.id)
            tasks.append(rectification_task(code, title, finding.department, finding.deadline))
            rectifying[code] = finding.id
    return TasksInForce(tuple(tasks), replies, tuple(broken), rectifying, published)


# -- what has arrived ----------------------------------------------------------------------------------


def arrivals_since(today: date) -> str:
    """The oldest period key worth reading arrivals for (keys start with the year, so they compare as
    text)."""
    return f"{today.year - YEARS_BACK:04d}"


def flow_kinds(tasks: Iterable[ReportingTask]) -> tuple[str, ...]:
    """The submission kinds that settle some of these tasks."""
    return tuple(sorted({task.kind.value for task in tasks if task.kind in SUBMITTED_BY_FLOW}))


def arrived(
    tasks: Iterable[ReportingTask], submissions: Iterable[Arrival], receipts: Iterable[Arrival]
) -> frozenset[Arrival]:
    """(task code, period, department) of everything that has arrived: a department-level submission of a
    task's kind (``submissions`` holds (kind, period, department)) and each receipt staff recorded."""
    codes_by_kind: dict[str, list[str]] = {}
    for task in tasks:
        if task.kind in SUBMITTED_BY_FLOW:
            codes_by_kind.setdefault(task.kind.value, []).append(task.code)
    result = set(receipts)
    for kind, period, department in submissions:
        result.update((code, period, department) for code in codes_by_kind.get(kind, ()))
    return frozenset(result)


# -- who owes what -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Obligation:
    """One department's part in one open period of a task."""

    task: ReportingTask
    period: Period
    department: str
    settled: bool  # submitted through a flow, or received by staff

    def overdue(self, today: date) -> bool:
        return not self.settled and self.period.deadline < today


def obligations(
    tasks: Iterable[ReportingTask],
    arrivals: Collection[Arrival],
    today: date,
    calendar: WorkingCalendar,
    departments: Collection[str] | None = None,
) -> list[Obligation]:
    """Every open period of every task (see deadlines.open_periods) for each department owing it (only
    those in ``departments`` when given), in task order, oldest period first."""
    result: list[Obligation] = []
    for task in tasks:
        owing = [d for d in task.departments if departments is None or d in departments]
        if not owing:
            continue  # skip the calendar for tasks nobody asked about
        for period in open_periods(task, today, calendar):
            result.extend(
                Obligation(task, period, department, (task.code, period.key, department) in arrivals)
                for department in owing
            )
    return result
