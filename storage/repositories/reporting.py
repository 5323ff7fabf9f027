"""Reporting tasks (报送任务) as staff keep them, and what the nudge sweep reads besides: which departments
exist, what has been submitted or received, which calendar notices were already given."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, delete, select, update

from storage.repositories.base import Repository
from storage.tables.catalog import DepartmentRevisionRow, DepartmentRow
from storage.tables.conversations import SubmissionRow
from storage.tables.reporting import CalendarNoticeRow, ReportingTaskRow, ReportReceiptRow


@dataclass(frozen=True)
class StoredTask:
    """A task as stored. ``departments`` is None for "every department" (全部), resolved at each sweep."""

    code: str
    title: str
    kind: str
    rule: str  # canonical rule text, e.g. ``monthly wd5``
    departments: tuple[str, ...] | None
    active: bool
    active_from: date | None
    updated_at: datetime


class ReportingRepository(Repository):
    # -- tasks -----------------------------------------------------------------------------------------

    def tasks(self, *, active_only: bool = False) -> list[StoredTask]:
        statement = select(ReportingTaskRow).order_by(col(ReportingTaskRow.code))
        if active_only:
            statement = statement.where(col(ReportingTaskRow.active).is_(True))
        rows = self._session.exec(statement.execution_options(populate_existing=True)).all()
        return [_task(row) for row in rows]

    def task(self, code: str) -> StoredTask | None:
        row = self._session.exec(
            select(ReportingTaskRow)
            .where(ReportingTaskRow.code == code)
            .execution_options(populate_existing=True)
        ).first()
        return _task(row) if row else None

    def save_task(
        self,
        *,
        code: str,
        title: str,
        kind: str,
        rule: str,
        departments: Sequence[str] | None,
        active_from: date | None,
        now: datetime,
        updated_by: int | None = None,
        active: bool = True,
    ) -> StoredTask:
        """Create the task or replace every field of it. ``departments`` None: every department."""
        row = self._session.get(ReportingTaskRow, code) or ReportingTaskRow(code=code, updated_at=now)
        row.title = title
        row.kind = kind
        row.rule = rule
        row.all_departments = departments is None
        row.departments = json.dumps(list(departments or ()), ensure_ascii=False)
        row.active = active
        row.active_from = active_from
        row.updated_by = updated_by
        row.updated_at = now
        self._session.add(row)
        self._session.flush()
        return _task(row)

    def set_active(self, code: str, active: bool, *, now: datetime, updated_by: int | None = None) -> bool:
        """Stop or resume a task; False when there is no such task."""
        result = self._session.exec(
            update(ReportingTaskRow)
            .where(col(ReportingTaskRow.code) == code)
            .values(active=active, updated_by=updated_by, updated_at=now)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount == 1

    def remove_task(self, code: str) -> bool:
        """Delete a task and its receipts (maintenance and tests; staff stop a task with set_active)."""
        self._session.exec(delete(ReportReceiptRow).where(col(ReportReceiptRow.task) == code))
        result = self._session.exec(delete(ReportingTaskRow).where(col(ReportingTaskRow.code) == code))
        return result.rowcount == 1

    # -- departments -----------------------------------------------------------------------------------

    def department_codes(self) -> list[str]:
        return list(self._session.exec(select(DepartmentRow.code).order_by(col(DepartmentRow.code))).all())

    def department_names(self) -> dict[str, str]:
        """Each department's short name (its full name when it has none), from its latest revision."""
        revision = DepartmentRevisionRow
        latest = (
            select(revision.department, func.max(revision.revision).label("revision"))
            .group_by(col(revision.department))
            .subquery()
        )
        rows = self._session.exec(
            select(revision.department, revision.short, revision.name).join(
                latest,
                (col(revision.department) == latest.c.department)
                & (col(revision.revision) == latest.c.revision),
            )
        ).all()
        return {code: short or name for code, short, name in rows}

    # -- what has arrived ------------------------------------------------------------------------------

    def submitted(self, kinds: Iterable[str], since_period: str) -> set[tuple[str, str, str]]:
        """(kind, period, department) of every department-level submission of these kinds for a period
        from ``since_period`` on (period keys start with the year, so they compare as text)."""
        rows = self._session.exec(
            select(SubmissionRow.kind, SubmissionRow.period, SubmissionRow.department)
            .where(
                col(SubmissionRow.kind).in_(list(kinds)),
                SubmissionRow.division == "",
                col(SubmissionRow.period) >= since_period,
            )
            .distinct()
        ).all()
        return {(kind, period, department) for kind, period, department in rows}

    def record_receipt(
        self, *, task: str, period: str, department: str, now: datetime, recorded_by: int | None = None
    ) -> bool:
        """Record that staff received a department's submission for one period; False if already recorded."""
        values = {
            "task": task,
            "period": period,
            "department": department,
            "recorded_by": recorded_by,
            "recorded_at": now,
        }
        return self._insert_new(ReportReceiptRow, values, conflict_on=["task", "period", "department"])

    def receipts(self, since_period: str) -> set[tuple[str, str, str]]:
        """(task, period, department) of the receipts staff recorded for periods from ``since_period`` on."""
        rows = self._session.exec(
            select(ReportReceiptRow.task, ReportReceiptRow.period, ReportReceiptRow.department).where(
                col(ReportReceiptRow.period) >= since_period
            )
        ).all()
        return {(task, period, department) for task, period, department in rows}

    def received(self, since_period: str) -> list[tuple[str, str, str, datetime]]:
        """(task, period, department, when recorded) of the receipts staff recorded for periods from
        ``since_period`` on: whether a report received on paper came in time."""
        rows = self._session.exec(
            select(
                ReportReceiptRow.task,
                ReportReceiptRow.period,
                ReportReceiptRow.department,
                ReportReceiptRow.recorded_at,
            ).where(col(ReportReceiptRow.period) >= since_period)
        ).all()
        return [(task, period, department, at) for task, period, department, at in rows]

    # -- calendar notices ------------------------------------------------------------------------------

    def record_calendar_notice(self, year: int, now: datetime) -> bool:
        """True the first time a year without holiday data is recorded: tell staff then, and only then."""
        return self._insert_new(CalendarNoticeRow, {"year": year, "noticed_at": now}, conflict_on=["year"])


def _task(row: ReportingTaskRow) -> StoredTask:
    return StoredTask(
        code=row.code,
        title=row.title,
        kind=row.kind,
        rule=row.rule,
        departments=None if row.all_departments else tuple(json.loads(row.departments or "[]")),
        active=row.active,
        active_from=row.active_from,
        updated_at=row.updated_at,
    )
