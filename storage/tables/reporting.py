"""Reporting tasks (报送任务) that staff edit, receipts staff record for what arrives outside a flow, and the
calendar notices already given, so "staff are told once" survives restarts."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class ReportingTaskRow(Table, table=True):
    """One task; ``rule`` is the canonical text of fm_domain.deadlines (``monthly wd5``).

    ``departments`` is a JSON list of department codes; ``all_departments`` means every department of the
    catalog at the time of each sweep, so a department imported later owes the standing tasks too.
    """

    __tablename__ = "reporting_tasks"

    code: str = Field(primary_key=True, sa_type=sa.String(64))
    title: str = Field(sa_type=sa.String(200))
    kind: str = Field(sa_type=sa.String(32))
    rule: str = Field(sa_type=sa.String(64))
    all_departments: bool = Field(default=False)
    departments: str = Field(default="[]", sa_type=sa.Text)
    active: bool = Field(default=True)
    active_from: date | None = Field(default=None, sa_type=sa.Date)
    updated_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    updated_at: datetime = Field(sa_type=UtcDateTime)


class ReportReceiptRow(Table, table=True):
    """A submission staff received outside the chat flows (a half-year summary sent as a document)."""

    __tablename__ = "report_receipts"
    __table_args__ = (sa.UniqueConstraint("task", "period", "department"),)

    id: int | None = Field(default=None, primary_key=True)
    task: str = Field(sa_type=sa.String(64), foreign_key="reporting_tasks.code", ondelete="CASCADE")
    period: str = Field(sa_type=sa.String(16))
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code")
    recorded_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    recorded_at: datetime = Field(sa_type=UtcDateTime)


class CalendarNoticeRow(Table, table=True):
    """A year the working-day calendar had no data for, and when staff were told."""

    __tablename__ = "calendar_notices"

    year: int = Field(primary_key=True, sa_type=sa.Integer, sa_column_kwargs={"autoincrement": False})
    noticed_at: datetime = Field(sa_type=UtcDateTime)
