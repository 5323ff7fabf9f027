"""统计表 and 重要政策措施 / 重大活动 reports as fm_domain.records' ProgressTable, ProgressReport and
WorkReport.

A department's filled table is versioned like a submission: the next version of (table, department) is
read and written under a lock on PostgreSQL (SQLite's write lock serves otherwise), so two confirmations
at once both keep their versions. Nothing is ever overwritten but the receipt, known once the row has
its id.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select, update

from fm_domain.messages import Attachment
from fm_domain.records import (
    Figures,
    ItemCheck,
    ProgressReport,
    ProgressTable,
    WorkReport,
    WorkReportKind,
)
from storage.repositories.base import Repository, lock_key
from storage.repositories.record_files import FileKeepingRepository
from storage.tables.reports import ProgressReportRow, ProgressTableRow, WorkReportRow

_PROGRESS_LOCKS = 0x50726F67  # "Prog": the first key of the advisory locks of filled tables
WORK_REPORT = "work_report"


class ProgressRepository(Repository):
    def publish(
        self,
        *,
        title: str,
        period: str,
        rows: Sequence[str],
        columns: Sequence[str],
        departments: Sequence[str] | None,
        deadline: date,
        by: int | None,
        at: datetime,
    ) -> ProgressTable:
        row = ProgressTableRow(
            title=title,
            period=period,
            rows=json.dumps(list(rows), ensure_ascii=False),
            columns=json.dumps(list(columns), ensure_ascii=False),
            departments=json.dumps(list(departments)) if departments is not None else None,
            deadline=deadline,
            published_by=by,
            published_at=at,
        )
        self._session.add(row)
        self._session.flush()
        return _table(row)

    def table(self, table_id: int) -> ProgressTable | None:
        row = self._session.get(ProgressTableRow, table_id)
        return _table(row) if row else None

    def tables(self, *, due_since: date | None = None) -> list[ProgressTable]:
        """Every table published (those due on or after ``due_since``), oldest first."""
        query = select(ProgressTableRow)
        if due_since is not None:
            query = query.where(col(ProgressTableRow.deadline) >= due_since)
        return [_table(row) for row in self._session.exec(query.order_by(col(ProgressTableRow.id))).all()]

    def add_report(
        self,
        *,
        table_id: int,
        department: str,
        figures: Sequence[Figures],
        file_name: str,
        file_content: bytes | None,
        by: int | None,
        at: datetime,
    ) -> ProgressReport:
        """Store the next version of the department's filled table."""
        self._lock_until_commit(_PROGRESS_LOCKS, lock_key(str(table_id), department))
        latest = self._session.exec(
            select(func.max(ProgressReportRow.version)).where(
                ProgressReportRow.table_id == table_id, ProgressReportRow.department == department
            )
        ).one()
        row = ProgressReportRow(
            table_id=table_id,
            department=department,
            version=(latest or 0) + 1,
            values=json.dumps([list(row) for row in figures]),
            file_name=file_name,
            file_content=file_content,
            submitted_by=by,
            submitted_at=at,
        )
        self._session.add(row)
        self._session.flush()
        return _report(row)

    def set_receipt(self, report_id: int, receipt: str) -> None:
        self._session.exec(
            update(ProgressReportRow)
            .where(col(ProgressReportRow.id) == report_id)
            .values(receipt=receipt)
            .execution_options(synchronize_session="fetch")
        )

    def reports(self, table_id: int, department: str | None = None) -> list[ProgressReport]:
        """Every version filled for the table (by one department), oldest first."""
        query = select(ProgressReportRow).where(ProgressReportRow.table_id == table_id)
        if department is not None:
            query = query.where(ProgressReportRow.department == department)
        rows = self._session.exec(
            query.order_by(col(ProgressReportRow.id)).execution_options(populate_existing=True)
        ).all()
        return [_report(row) for row in rows]

    def filled(self, table_ids: Collection[int]) -> set[tuple[int, str]]:
        """(table, department) of every table among these a department has filled."""
        if not table_ids:
            return set()
        rows = self._session.exec(
            select(ProgressReportRow.table_id, ProgressReportRow.department)
            .where(col(ProgressReportRow.table_id).in_(list(table_ids)))
            .distinct()
        ).all()
        return {(table_id, department) for table_id, department in rows}

    def file(self, report_id: int) -> tuple[str, bytes] | None:
        row = self._session.get(ProgressReportRow, report_id)
        if row is None or row.file_content is None:
            return None
        return row.file_name, row.file_content


class WorkReportRepository(FileKeepingRepository):
    def add(
        self,
        *,
        department: str,
        kind: WorkReportKind,
        title: str,
        happened_on: date,
        description: str,
        check: ItemCheck,
        finding_id: int | None,
        files: Iterable[Attachment],
        by: int | None,
        at: datetime,
    ) -> WorkReport:
        row = WorkReportRow(
            department=department,
            kind=kind,
            title=title,
            happened_on=happened_on,
            description=description,
            review=json.dumps(check.to_json(), ensure_ascii=False),
            finding_id=finding_id,
            submitted_by=by,
            submitted_at=at,
        )
        self._session.add(row)
        self._session.flush()
        assert row.id is not None
        self._add_files(WORK_REPORT, row.id, files, at)
        self._session.flush()
        return self._reports([row])[0]

    def set_receipt(self, report_id: int, receipt: str) -> None:
        self._session.exec(
            update(WorkReportRow)
            .where(col(WorkReportRow.id) == report_id)
            .values(receipt=receipt)
            .execution_options(synchronize_session="fetch")
        )

    def of_department(self, department: str) -> list[WorkReport]:
        rows = self._session.exec(
            select(WorkReportRow)
            .where(WorkReportRow.department == department)
            .order_by(col(WorkReportRow.happened_on), col(WorkReportRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return self._reports(rows)

    def files(self, report_id: int) -> list[Attachment]:
        return self._files_of(WORK_REPORT, report_id)

    def _reports(self, rows: Sequence[WorkReportRow]) -> list[WorkReport]:
        ids = [row.id for row in rows if row.id is not None]
        names = self._file_names(WORK_REPORT, ids)
        result = []
        for row in rows:
            assert row.id is not None
            result.append(
                WorkReport(
                    id=row.id,
                    department=row.department,
                    kind=WorkReportKind(row.kind),
                    title=row.title,
                    happened_on=row.happened_on,
                    description=row.description,
                    check=ItemCheck.from_json(json.loads(row.review)),
                    finding_id=row.finding_id,
                    receipt=row.receipt or "",
                    file_names=names.get(row.id, ()),
                    submitted_by=row.submitted_by,
                    submitted_at=row.submitted_at,
                )
            )
        return result


def _table(row: ProgressTableRow) -> ProgressTable:
    assert row.id is not None
    return ProgressTable(
        id=row.id,
        title=row.title,
        period=row.period,
        rows=tuple(json.loads(row.rows)),
        columns=tuple(json.loads(row.columns)),
        departments=tuple(json.loads(row.departments)) if row.departments is not None else None,
        deadline=row.deadline,
        published_by=row.published_by,
        published_at=row.published_at,
    )


def _report(row: ProgressReportRow) -> ProgressReport:
    assert row.id is not None
    return ProgressReport(
        id=row.id,
        table_id=row.table_id,
        department=row.department,
        version=row.version,
        figures=tuple(tuple(float(v) for v in values) for values in json.loads(row.values)),
        file_name=row.file_name,
        receipt=row.receipt or "",
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
    )
