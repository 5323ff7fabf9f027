"""The 三定 catalog: one row per department, and its revisions, each with its own duties and divisions.

A revision is never changed once written; importing a department again adds a revision. Anything
checked against a revision points at ``department_revisions.id``, which stays valid for good.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import Json, UtcDateTime


class DepartmentRow(Table, table=True):
    __tablename__ = "departments"

    code: str = Field(sa_type=sa.String(64), primary_key=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


class DepartmentRevisionRow(Table, table=True):
    __tablename__ = "department_revisions"
    __table_args__ = (sa.UniqueConstraint("department", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code", index=True)
    revision: int
    name: str = Field(sa_type=sa.String(200))
    short: str = Field(sa_type=sa.String(100))
    partial: bool
    staffing_administrative: int | None = None
    staffing_leaders: int | None = None
    staffing_bodies: int | None = None
    source: str = Field(sa_type=sa.Text)
    imported_at: datetime = Field(sa_type=UtcDateTime)


class DutyRow(Table, table=True):
    __tablename__ = "duties"
    __table_args__ = (sa.UniqueConstraint("revision_id", "n"),)

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="department_revisions.id", ondelete="CASCADE", index=True)
    position: int
    n: int
    text: str = Field(sa_type=sa.Text)
    category: str = Field(sa_type=sa.String(32))
    category_guessed: bool
    status: str = Field(sa_type=sa.String(16))
    periodic: bool
    divisions: list[str] = Field(sa_type=Json)


class DivisionRow(Table, table=True):
    __tablename__ = "divisions"
    __table_args__ = (sa.UniqueConstraint("revision_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="department_revisions.id", ondelete="CASCADE", index=True)
    position: int
    name: str = Field(sa_type=sa.String(200))
    duties: list[str] = Field(sa_type=Json)
