"""绩效管理: the schemes of each year, evaluations imported from other offices (with the original file, kept
as evidence), leaders' ratings, and the years closed with their scores frozen.

Schemes and evaluations are only ever added: importing again adds a row, and the latest (highest id) per
year, or per year and source, is the one in force; the earlier ones stay as the record of what was
replaced. Their content is the JSON form of fm_domain.performance's records.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class PerformanceSchemeRow(Table, table=True):
    __tablename__ = "performance_schemes"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    content: str = Field(sa_type=sa.Text)  # Scheme.to_json()
    file_name: str = Field(default="", sa_type=sa.String(255))
    file_content: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    imported_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    imported_at: datetime = Field(sa_type=UtcDateTime)


class EvaluationImportRow(Table, table=True):
    """One sheet an evaluating office filled (督查, 信访 …) for one year, as imported, file and all."""

    __tablename__ = "performance_evaluations"
    __table_args__ = (sa.Index("ix_performance_evaluations_year_source", "year", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    source: str = Field(sa_type=sa.String(40))
    file_name: str = Field(sa_type=sa.String(255))
    file_content: bytes = Field(sa_type=sa.LargeBinary)
    content: str = Field(sa_type=sa.Text)  # Evaluation.content_json(): the values read, cell by cell
    imported_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    imported_at: datetime = Field(sa_type=UtcDateTime)


class LeaderRatingRow(Table, table=True):
    """A leader's grade of one department for one year; changed in place until the year is closed."""

    __tablename__ = "leader_ratings"
    __table_args__ = (sa.UniqueConstraint("year", "department", "leader"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code")
    leader: int = Field(foreign_key="users.id", ondelete="CASCADE")
    grade: str = Field(sa_type=sa.String(8))  # fm_domain.performance.Grade
    comment: str = Field(default="", sa_type=sa.Text)
    rated_at: datetime = Field(sa_type=UtcDateTime)  # the first rating
    updated_at: datetime = Field(sa_type=UtcDateTime)  # the last change


class ClosedYearRow(Table, table=True):
    """A closed year: its scores as they were when staff closed it; nothing later changes them."""

    __tablename__ = "performance_years"

    year: int = Field(primary_key=True, sa_type=sa.Integer, sa_column_kwargs={"autoincrement": False})
    scores: str = Field(sa_type=sa.Text)  # YearScores.to_json()
    closed_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    closed_at: datetime = Field(sa_type=UtcDateTime)
