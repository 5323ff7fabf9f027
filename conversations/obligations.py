"""What a department owes now: the current period and deadline of each reporting task with a flow.

Uses fm_domain.deadlines' standing tasks (annual goals due 1月31日, monthly arrangement on the 5th working
day). When staff-configured tasks are stored (the nudges issue), read them here instead; nothing else in
the conversations needs to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fm_domain.calendar import WorkingCalendar
from fm_domain.deadlines import Period, ReportingTask, TaskKind, current_period, default_tasks

# The tasks a liaison can submit through a flow, and the command that starts it.
FLOW_COMMANDS = {
    TaskKind.ANNUAL_GOALS: "/年度目标",
    TaskKind.MONTHLY_ARRANGEMENT: "/月度安排",
}


@dataclass(frozen=True)
class Obligation:
    task: ReportingTask
    period: Period

    @property
    def kind(self) -> str:
        return self.task.kind.value

    @property
    def command(self) -> str:
        return FLOW_COMMANDS[self.task.kind]


def current_obligations(departments: list[str], today: date, calendar: WorkingCalendar) -> list[Obligation]:
    return [
        Obligation(task, current_period(task, today, calendar))
        for task in default_tasks(departments)
        if task.kind in FLOW_COMMANDS
    ]
