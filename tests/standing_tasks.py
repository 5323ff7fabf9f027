"""The office's three standing reporting tasks, built for tests that need them owed by departments of their
own. What ships is the rows migration 0005 seeds (owed by every department);
``tests/nudges/test_reporting_tasks_command.py`` checks that these are the same tasks."""

from __future__ import annotations

from collections.abc import Iterable

from fm_domain.deadlines import ReportingTask, TaskKind, parse_due_rule

# (kind, title, rule) as migration 0005 seeds them; each task's code is its kind.
_STANDING = (
    (TaskKind.ANNUAL_GOALS, "年度工作目标", "yearly 01-31"),
    (TaskKind.MONTHLY_ARRANGEMENT, "月度工作安排", "monthly wd5"),
    (TaskKind.HALF_YEAR_SUMMARY, "半年工作总结", "halfyear 07-15"),
)


def standing_tasks(departments: Iterable[str]) -> tuple[ReportingTask, ReportingTask, ReportingTask]:
    """Annual goals, monthly arrangement and half-year summary, each owed by ``departments``."""
    owed = tuple(departments)
    annual, monthly, half_year = (
        ReportingTask(kind.value, title, kind, parse_due_rule(rule), owed) for kind, title, rule in _STANDING
    )
    return annual, monthly, half_year
