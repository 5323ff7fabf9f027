"""Issue reports, and written inquiries with every message of their exchange (fm_domain's records)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func
from sqlmodel import col, select, update

from fm_domain.records import Inquiry, InquiryMessage, InquiryMessageKind, InquiryStatus
from storage.repositories.base import Repository
from storage.tables.conversations import InquiryMessageRow, InquiryRow, IssueReportRow


@dataclass(frozen=True)
class IssueReport:
    id: int
    department: str
    kind: str
    description: str
    attachment_name: str
    attachment_mime: str
    receipt: str
    reported_by: int | None
    reported_at: datetime
    status: str  # open | replied | closed
    reply: str
    outcome: str
    handled_at: datetime | None


class IssueReportRepository(Repository):
    def add(
        self,
        *,
        department: str,
        kind: str,
        description: str,
        attachment_name: str,
        attachment_mime: str,
        attachment_content: bytes | None,
        reported_by: int,
        reported_at: datetime,
    ) -> IssueReport:
        row = IssueReportRow(
            department=department,
            kind=kind,
            description=description,
            attachment_name=attachment_name,
            attachment_mime=attachment_mime,
            attachment_content=attachment_content,
            reported_by=reported_by,
            reported_at=reported_at,
        )
        self._session.add(row)
        self._session.flush()
        return _report(row)

    def set_receipt(self, report_id: int, receipt: str) -> None:
        self._session.exec(
            update(IssueReportRow)
            .where(col(IssueReportRow.id) == report_id)
            .values(receipt=receipt)
            .execution_options(synchronize_session="fetch")
        )

    def of_department(self, department: str) -> list[IssueReport]:
        rows = self._session.exec(
            select(IssueReportRow)
            .where(IssueReportRow.department == department)
            .order_by(col(IssueReportRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_report(row) for row in rows]

    def get(self, report_id: int) -> IssueReport | None:
        row = self._session.exec(
            select(IssueReportRow)
            .where(IssueReportRow.id == report_id)
            .execution_options(populate_existing=True)
        ).first()
        return _report(row) if row else None

    def listed(self, *, department: str | None = None, kind: str | None = None) -> list[IssueReport]:
        """Reports for staff to work through: those not closed first (oldest first), then the closed."""
        query = select(IssueReportRow)
        if department is not None:
            query = query.where(IssueReportRow.department == department)
        if kind is not None:
            query = query.where(IssueReportRow.kind == kind)
        rows = self._session.exec(
            query.order_by(col(IssueReportRow.id)).execution_options(populate_existing=True)
        ).all()
        reports = [_report(row) for row in rows]
        return sorted(reports, key=lambda report: report.status == "closed")  # stable: ids stay in order

    def reply(self, report_id: int, *, text: str, by: int, at: datetime) -> bool:
        """Record staff's answer (a later one replaces it); False when the report is closed or gone."""
        return self._handle(report_id, status="replied", by=by, at=at, reply=text)

    def close(self, report_id: int, *, outcome: str, by: int, at: datetime) -> bool:
        """Close the case with its outcome; False when it was closed already (by someone else, perhaps
        between our read and this write) or is gone."""
        return self._handle(report_id, status="closed", by=by, at=at, outcome=outcome)

    def _handle(self, report_id: int, *, status: str, by: int, at: datetime, **values: str) -> bool:
        # Conditional on "not closed": two members of staff acting at once cannot both close it.
        result = self._session.exec(
            update(IssueReportRow)
            .where(col(IssueReportRow.id) == report_id, col(IssueReportRow.status) != "closed")
            .values(status=status, handled_by=by, handled_at=at, **values)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount == 1


class InquiryRepository(Repository):
    def create(self, *, department: str, deadline: date, asked_by: int, asked_at: datetime) -> Inquiry:
        row = InquiryRow(department=department, deadline=deadline, asked_by=asked_by, asked_at=asked_at)
        self._session.add(row)
        self._session.flush()
        return _inquiry(row)

    def get(self, inquiry_id: int) -> Inquiry | None:
        row = self._session.exec(
            select(InquiryRow).where(InquiryRow.id == inquiry_id).execution_options(populate_existing=True)
        ).first()
        return _inquiry(row) if row else None

    def set_status(self, inquiry_id: int, status: InquiryStatus, *, expected: InquiryStatus) -> bool:
        """Move an inquiry on from ``expected``; False when someone else moved it first (two liaisons
        answering at once, staff accepting while a follow-up is sent): the caller then writes nothing."""
        result = self._session.exec(
            update(InquiryRow)
            .where(col(InquiryRow.id) == inquiry_id, col(InquiryRow.status) == expected)
            .values(status=InquiryStatus(status))  # ValueError for a status no inquiry may have
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount == 1

    def of_department(self, department: str) -> list[Inquiry]:
        rows = self._session.exec(
            select(InquiryRow)
            .where(InquiryRow.department == department)
            .order_by(col(InquiryRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_inquiry(row) for row in rows]

    def open(self) -> list[Inquiry]:
        """Inquiries not yet closed (waiting for a reply, or for staff to judge one)."""
        rows = self._session.exec(
            select(InquiryRow)
            .where(col(InquiryRow.status).in_((InquiryStatus.OPEN, InquiryStatus.ANSWERED)))
            .order_by(col(InquiryRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_inquiry(row) for row in rows]

    def closed(self, limit: int) -> list[Inquiry]:
        """The closed (accepted) inquiries, the most recently asked first, at most ``limit``."""
        rows = self._session.exec(
            select(InquiryRow)
            .where(col(InquiryRow.status) == InquiryStatus.ACCEPTED)
            .order_by(col(InquiryRow.id).desc())
            .limit(limit)
            .execution_options(populate_existing=True)
        ).all()
        return [_inquiry(row) for row in rows]

    def asked_between(self, start: datetime, end: datetime) -> list[Inquiry]:
        """The inquiries asked from ``start`` up to (not including) ``end``, every department's."""
        rows = self._session.exec(
            select(InquiryRow)
            .where(col(InquiryRow.asked_at) >= start, col(InquiryRow.asked_at) < end)
            .order_by(col(InquiryRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [_inquiry(row) for row in rows]

    def first_replies(self, inquiry_ids: Sequence[int]) -> dict[int, datetime]:
        """When each of these inquiries was first answered by its department (absent: never)."""
        if not inquiry_ids:
            return {}
        rows = self._session.exec(
            select(InquiryMessageRow.inquiry_id, func.min(InquiryMessageRow.created_at))
            .where(
                col(InquiryMessageRow.inquiry_id).in_(list(inquiry_ids)),
                InquiryMessageRow.kind == InquiryMessageKind.REPLY,
            )
            .group_by(col(InquiryMessageRow.inquiry_id))
        ).all()
        return {inquiry_id: _utc(at) for inquiry_id, at in rows}

    def add_message(
        self,
        *,
        inquiry_id: int,
        author: int,
        kind: InquiryMessageKind,
        text: str,
        attachment_name: str,
        attachment_mime: str,
        attachment_content: bytes | None,
        created_at: datetime,
    ) -> int:
        row = InquiryMessageRow(
            inquiry_id=inquiry_id,
            author=author,
            kind=kind,
            text=text,
            attachment_name=attachment_name,
            attachment_mime=attachment_mime,
            attachment_content=attachment_content,
            created_at=created_at,
        )
        self._session.add(row)
        self._session.flush()
        assert row.id is not None
        return row.id

    def messages(self, inquiry_id: int) -> list[InquiryMessage]:
        rows = self._session.exec(
            select(InquiryMessageRow)
            .where(InquiryMessageRow.inquiry_id == inquiry_id)
            .order_by(col(InquiryMessageRow.id))
        ).all()
        return [message_of(row) for row in rows]


def message_of(row: InquiryMessageRow, *, content: bool = True) -> InquiryMessage:
    """A stored message; without ``content`` its file is named but not carried (bulk reads defer it)."""
    return InquiryMessage(
        id=row.id or 0,
        inquiry_id=row.inquiry_id,
        author=row.author,
        kind=InquiryMessageKind(row.kind),
        text=row.text,
        attachment_name=row.attachment_name,
        attachment_mime=row.attachment_mime,
        attachment_content=row.attachment_content if content else None,
        created_at=row.created_at,
    )


def _report(row: IssueReportRow) -> IssueReport:
    assert row.id is not None
    return IssueReport(
        id=row.id,
        department=row.department,
        kind=row.kind,
        description=row.description,
        attachment_name=row.attachment_name,
        attachment_mime=row.attachment_mime,
        receipt=row.receipt or "",
        reported_by=row.reported_by,
        reported_at=row.reported_at,
        status=row.status or "open",
        reply=row.reply or "",
        outcome=row.outcome or "",
        handled_at=row.handled_at,
    )


def _inquiry(row: InquiryRow) -> Inquiry:
    assert row.id is not None
    return Inquiry(
        id=row.id,
        department=row.department,
        deadline=row.deadline,
        status=InquiryStatus(row.status),
        asked_by=row.asked_by,
        asked_at=row.asked_at,
    )


def _utc(moment: datetime) -> datetime:
    """An aggregate (min) may come back naive on SQLite, where UTC is stored without its zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
