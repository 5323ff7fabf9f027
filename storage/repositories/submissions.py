"""Submissions (versioned, never overwritten) and the findings their reviews open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select, update

from storage.repositories.base import Repository
from storage.tables.conversations import FindingRow, SubmissionRow


@dataclass(frozen=True)
class Submission:
    id: int
    kind: str
    department: str
    division: str
    period: str
    version: int
    content: str  # JSON text
    receipt: str
    submitted_by: int | None
    submitted_at: datetime


@dataclass(frozen=True)
class Finding:
    id: int
    department: str
    submission_id: int | None
    item: str
    verdict: str
    detail: str
    status: str
    reason: str
    decided_by: int | None
    decided_at: datetime | None
    created_at: datetime


class SubmissionRepository(Repository):
    def add(
        self,
        *,
        kind: str,
        department: str,
        division: str,
        period: str,
        content: str,
        submitted_by: int,
        submitted_at: datetime,
    ) -> Submission:
        """Store the next version for (kind, department, division, period). The unique constraint on
        the version makes a concurrent duplicate fail instead of silently sharing a number."""
        latest = self._session.exec(
            select(func.max(SubmissionRow.version)).where(
                SubmissionRow.kind == kind,
                SubmissionRow.department == department,
                SubmissionRow.division == division,
                SubmissionRow.period == period,
            )
        ).one()
        row = SubmissionRow(
            kind=kind,
            department=department,
            division=division,
            period=period,
            version=(latest or 0) + 1,
            content=content,
            submitted_by=submitted_by,
            submitted_at=submitted_at,
        )
        self._session.add(row)
        self._session.flush()
        return _submission(row)

    def set_receipt(self, submission_id: int, receipt: str) -> None:
        self._session.exec(
            update(SubmissionRow)
            .where(col(SubmissionRow.id) == submission_id)
            .values(receipt=receipt)
            .execution_options(synchronize_session="fetch")
        )

    def latest(self, kind: str, department: str, period: str, division: str = "") -> Submission | None:
        row = self._session.exec(
            select(SubmissionRow)
            .where(
                SubmissionRow.kind == kind,
                SubmissionRow.department == department,
                SubmissionRow.division == division,
                SubmissionRow.period == period,
            )
            .order_by(col(SubmissionRow.version).desc())
            .limit(1)
            .execution_options(populate_existing=True)
        ).first()
        return _submission(row) if row else None

    def of_department(self, department: str) -> list[Submission]:
        """Every version of every submission of the department, newest first."""
        rows = self._session.exec(
            select(SubmissionRow)
            .where(SubmissionRow.department == department)
            .order_by(col(SubmissionRow.id).desc())
            .execution_options(populate_existing=True)
        ).all()
        return [_submission(row) for row in rows]


class FindingRepository(Repository):
    def add(
        self,
        *,
        department: str,
        submission_id: int | None,
        item: str,
        verdict: str,
        detail: str,
        created_at: datetime,
    ) -> int:
        row = FindingRow(
            department=department,
            submission_id=submission_id,
            item=item,
            verdict=verdict,
            detail=detail,
            created_at=created_at,
        )
        self._session.add(row)
        self._session.flush()
        assert row.id is not None
        return row.id

    def get(self, finding_id: int) -> Finding | None:
        row = self._session.exec(
            select(FindingRow).where(FindingRow.id == finding_id).execution_options(populate_existing=True)
        ).first()
        return _finding(row) if row else None

    def open(self, department: str | None = None) -> list[Finding]:
        query = select(FindingRow).where(FindingRow.status == "open")
        if department is not None:
            query = query.where(FindingRow.department == department)
        rows = self._session.exec(
            query.order_by(col(FindingRow.id)).execution_options(populate_existing=True)
        )
        return [_finding(row) for row in rows.all()]

    def of_department(self, department: str) -> list[Finding]:
        rows = self._session.exec(
            select(FindingRow)
            .where(FindingRow.department == department)
            .order_by(col(FindingRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_finding(row) for row in rows]

    def decide(
        self, finding_id: int, *, status: str, reason: str, decided_by: int, decided_at: datetime
    ) -> bool:
        """Decide an open finding; False when it was decided already (two staff at once: the first wins)."""
        if status not in ("confirmed", "dismissed"):
            raise ValueError(f"a finding is confirmed or dismissed, not {status!r}")
        result = self._session.exec(
            update(FindingRow)
            .where(col(FindingRow.id) == finding_id, col(FindingRow.status) == "open")
            .values(status=status, reason=reason, decided_by=decided_by, decided_at=decided_at)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount == 1


def _submission(row: SubmissionRow) -> Submission:
    assert row.id is not None
    return Submission(
        id=row.id,
        kind=row.kind,
        department=row.department,
        division=row.division,
        period=row.period,
        version=row.version,
        content=row.content,
        receipt=row.receipt or "",
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
    )


def _finding(row: FindingRow) -> Finding:
    assert row.id is not None
    return Finding(
        id=row.id,
        department=row.department,
        submission_id=row.submission_id,
        item=row.item,
        verdict=row.verdict,
        detail=row.detail,
        status=row.status,
        reason=row.reason,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        created_at=row.created_at,
    )
