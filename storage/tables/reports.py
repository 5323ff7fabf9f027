"""The reports the practice names beside goals and arrangements: 统计表 (职能履行和工作推进情况统计表),
published by staff as a template and filled by each department, and 重要政策措施 / 重大活动 reports; the
files that come with visits and reports.

Filled tables and reports are versioned and never overwritten: a department filling a table again adds
the next version, with its own receipt.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class ProgressTableRow(Table, table=True):
    """A 统计表 template for one period: its rows and columns (JSON), the departments that fill it (JSON list;
    null: every department), its deadline, and the workbook staff published."""

    __tablename__ = "progress_tables"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_type=sa.String(200))
    period: str = Field(sa_type=sa.String(16))
    rows: str = Field(sa_type=sa.Text)
    columns: str = Field(sa_type=sa.Text)
    departments: str | None = Field(default=None, sa_type=sa.Text)
    deadline: date = Field(sa_type=sa.Date)
    published_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    published_at: datetime = Field(sa_type=UtcDateTime)


class ProgressReportRow(Table, table=True):
    """One version of a department's filled 统计表: the values (JSON, row by column), the file it came in."""

    __tablename__ = "progress_reports"
    __table_args__ = (sa.UniqueConstraint("table_id", "department", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="progress_tables.id", ondelete="CASCADE", index=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code", index=True)
    version: int
    values: str = Field(sa_type=sa.Text)
    file_name: str = Field(default="", sa_type=sa.String(255))
    file_content: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    receipt: str | None = Field(default=None, sa_type=sa.String(40), unique=True)
    submitted_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    submitted_at: datetime = Field(sa_type=UtcDateTime)


class WorkReportRow(Table, table=True):
    """A 重要政策措施 or 重大活动 report, with its check against the 三定 (an ItemCheck's JSON)."""

    __tablename__ = "work_reports"

    id: int | None = Field(default=None, primary_key=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code", index=True)
    kind: str = Field(sa_type=sa.String(16))  # policy | event
    title: str = Field(sa_type=sa.Text)
    happened_on: date = Field(sa_type=sa.Date)
    description: str = Field(default="", sa_type=sa.Text)
    review: str = Field(default="{}", sa_type=sa.Text)
    finding_id: int | None = Field(default=None, foreign_key="findings.id", ondelete="SET NULL")
    receipt: str | None = Field(default=None, sa_type=sa.String(40), unique=True)
    submitted_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    submitted_at: datetime = Field(sa_type=UtcDateTime)


class RecordFileRow(Table, table=True):
    """A file kept with a visit or a work report (photos, documents), as received."""

    __tablename__ = "record_files"
    __table_args__ = (sa.Index("ix_record_files_owner", "owner", "owner_id"),)

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(sa_type=sa.String(16))  # visit | work_report
    owner_id: int
    name: str = Field(sa_type=sa.String(255))
    mime_type: str = Field(default="", sa_type=sa.String(128))
    content: bytes = Field(sa_type=sa.LargeBinary)
    added_at: datetime = Field(sa_type=UtcDateTime)
