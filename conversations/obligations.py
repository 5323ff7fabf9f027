"""What departments owe, read exactly as the nudge sweep reads it: the reporting tasks staff keep (/报送 and
the configuration file), the written inquiries waiting for a reply, and what has arrived (submissions
through the flows, receipts staff recorded with /报送 已收). The deciding is fm_domain.obligations'; this
module reads the ports and says how each task is submitted.

    reporting = read_reporting(uow.reporting, uow.inquiries, today)
    for owed in reporting.obligations(today, calendar, departments=[department]): ...
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from conversations.nudge_texts import inquiry_task_title, submit_command
from conversations.ports import InquiriesPort, ReportingPort
from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import ReportingTask
from fm_domain.obligations import (
    Arrival,
    Obligation,
    arrivals_since,
    arrived,
    flow_kinds,
    obligations,
    tasks_in_force,
)


@dataclass(frozen=True)
class Reporting:
    """The tasks in force and what has arrived for them, as read at one moment."""

    tasks: tuple[ReportingTask, ...]
    arrivals: frozenset[Arrival]  # (task code, period, department)
    inquiries: dict[str, int]  # task code → written inquiry id
    broken: tuple[tuple[str, str], ...]  # (code, Chinese reason) of active tasks whose rule does not parse

    def command(self, task: ReportingTask) -> str | None:
        """The command that submits the task; None when it arrives outside the chat (staff record it)."""
        return submit_command(task.kind, self.inquiries.get(task.code))

    def inquiry_id(self, task: ReportingTask) -> int | None:
        return self.inquiries.get(task.code)

    def obligations(
        self, today: date, calendar: WorkingCalendar, departments: Collection[str] | None = None
    ) -> list[Obligation]:
        return obligations(self.tasks, self.arrivals, today, calendar, departments)


def read_reporting(reporting: ReportingPort, inquiries: InquiriesPort, today: date) -> Reporting:
    """Read the tasks in force and their arrivals for periods that can still be open on ``today``."""
    in_force = tasks_in_force(
        reporting.tasks(active_only=True), inquiries.open(), reporting.department_codes(), inquiry_task_title
    )
    since = arrivals_since(today)
    kinds = flow_kinds(in_force.tasks)
    submissions = reporting.submitted(kinds, since) if kinds else ()
    arrivals = arrived(in_force.tasks, submissions, reporting.receipts(since))
    return Reporting(in_force.tasks, arrivals, in_force.inquiries, in_force.broken)
