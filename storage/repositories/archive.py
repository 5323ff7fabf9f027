"""Bulk reads for the dossier (电子档案) and the web console: a year's records of one department or of all
of them, in a few queries each, mapped to fm_domain's records. Read only.

The overview of forty departments must render in well under a second, so nothing here reads per
department or per period: each method is one query (two for inquiries with their threads).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.orm import defer
from sqlmodel import col, select

from fm_domain.archive import InquiryThread, Revision
from fm_domain.records import Finding, InquiryMessage, Submission
from storage.repositories.base import Repository
from storage.repositories.catalog import CatalogRepository
from storage.repositories.inquiries import IssueReport, _inquiry, _report, message_of
from storage.repositories.submissions import _finding, _submission
from storage.tables.conversations import (
    FindingRow,
    InquiryMessageRow,
    InquiryRow,
    IssueReportRow,
    SubmissionRow,
)
from storage.tables.reporting import ReportReceiptRow

# (kind or task code, period, department) → when it first arrived
FirstArrivals = dict[tuple[str, str, str], datetime]


class ArchiveRepository(Repository):
    def revisions(self, code: str) -> list[Revision]:
        """Every stored revision of the department's 三定, oldest first, each as it was."""
        catalog = CatalogRepository(self._transaction)
        result = []
        for info in catalog.revisions(code):
            department = catalog.department_at(info.id)
            if department is not None:
                result.append(Revision(info.revision, info.source, info.imported_at, department))
        return result

    def submissions(self, year: int, department: str | None = None) -> list[Submission]:
        """Every version of the submissions for periods of ``year`` (``2026``, ``2026-05``, ``2026H1``)."""
        query = select(SubmissionRow).where(col(SubmissionRow.period).startswith(f"{year:04d}"))
        if department is not None:
            query = query.where(SubmissionRow.department == department)
        rows = self._session.exec(query.order_by(col(SubmissionRow.id))).all()
        return [_submission(row) for row in rows]

    def findings(self, department: str | None = None) -> list[Finding]:
        query = select(FindingRow)
        if department is not None:
            query = query.where(FindingRow.department == department)
        return [_finding(row) for row in self._session.exec(query.order_by(col(FindingRow.id))).all()]

    def inquiry_threads(self, department: str | None = None) -> list[InquiryThread]:
        """Inquiries with every message of their exchange, oldest first."""
        query = select(InquiryRow)
        if department is not None:
            query = query.where(InquiryRow.department == department)
        inquiries = [_inquiry(row) for row in self._session.exec(query.order_by(col(InquiryRow.id))).all()]
        if not inquiries:
            return []
        messages: dict[int, list[InquiryMessage]] = defaultdict(list)
        for row in self._session.exec(
            select(InquiryMessageRow)
            .where(col(InquiryMessageRow.inquiry_id).in_([i.id for i in inquiries]))
            .options(defer(InquiryMessageRow.attachment_content))  # type: ignore[arg-type]
            .order_by(col(InquiryMessageRow.id))
        ).all():
            messages[row.inquiry_id].append(message_of(row, content=False))  # the files are named, not read
        return [InquiryThread(inquiry, tuple(messages[inquiry.id])) for inquiry in inquiries]

    def issue_reports(self, department: str | None = None) -> list[IssueReport]:
        query = select(IssueReportRow)
        if department is not None:
            query = query.where(IssueReportRow.department == department)
        return [_report(row) for row in self._session.exec(query.order_by(col(IssueReportRow.id))).all()]

    def first_submissions(self, year: int) -> FirstArrivals:
        """(kind, period, department) → the first department-level version's time, for ``year``'s periods."""
        rows = self._session.exec(
            select(
                SubmissionRow.kind,
                SubmissionRow.period,
                SubmissionRow.department,
                func.min(SubmissionRow.submitted_at),
            )
            .where(SubmissionRow.division == "", col(SubmissionRow.period).startswith(f"{year:04d}"))
            .group_by(col(SubmissionRow.kind), col(SubmissionRow.period), col(SubmissionRow.department))
        ).all()
        return {(kind, period, department): at for kind, period, department, at in rows}

    def receipts(self, year: int) -> FirstArrivals:
        """(task, period, department) → when staff recorded receiving it, for ``year``'s periods (and the
        one-off tasks' ``once`` period, which carries no year)."""
        rows = self._session.exec(
            select(
                ReportReceiptRow.task,
                ReportReceiptRow.period,
                ReportReceiptRow.department,
                ReportReceiptRow.recorded_at,
            ).where(
                col(ReportReceiptRow.period).startswith(f"{year:04d}")
                | (col(ReportReceiptRow.period) == "once")
            )
        ).all()
        return {(task, period, department): at for task, period, department, at in rows}
