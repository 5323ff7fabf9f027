"""运行监管 and 动态管理 (issue 14): each step of a finding's lifecycle, the signals raised as findings with
their evidence, the days the monitoring job ran, visits (走访座谈, 现场查看) with the findings they concern,
and recommendations with their decisions.

Lifecycle steps, signals and visits are only ever added. A recommendation is stored once, as first made,
and changes only by its one decision (state, who, when, why, the changes in force, the revisions made).
JSON travels as text, as in the conversation tables.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table
from storage.types import UtcDateTime


class FindingEventRow(Table, table=True):
    """One step of a finding (fm_domain.records.FindingEvent); ``from_status`` None: raised."""

    __tablename__ = "finding_events"

    id: int | None = Field(default=None, primary_key=True)
    finding_id: int = Field(foreign_key="findings.id", ondelete="CASCADE", index=True)
    from_status: str | None = Field(default=None, sa_type=sa.String(16))
    to_status: str = Field(sa_type=sa.String(16))
    by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    at: datetime = Field(sa_type=UtcDateTime)
    reason: str = Field(default="", sa_type=sa.Text)
    inquiry_id: int | None = Field(default=None, foreign_key="inquiries.id", ondelete="SET NULL")
    visit_id: int | None = Field(default=None, foreign_key="visits.id", ondelete="SET NULL")
    deadline: date | None = Field(default=None, sa_type=sa.Date)


class SignalFindingRow(Table, table=True):
    """A monitoring signal raised as a finding, with the records behind it (``signal``: its JSON).

    ``signal_key`` is what the signal is about (kind, pattern, departments, duties) and ``refs`` its evidence
    as stable references (fm_domain.monitoring.raising): a later run's signal sharing a reference with a row
    of the same key is the one raised already. ``fingerprint`` (key and evidence, digested) makes the same
    signal computed by two processes at once one row."""

    __tablename__ = "signal_findings"

    finding_id: int = Field(primary_key=True, foreign_key="findings.id", ondelete="CASCADE")
    signal_key: str = Field(sa_type=sa.String(400), index=True)
    fingerprint: str = Field(sa_type=sa.String(64), unique=True)
    signal: str = Field(sa_type=sa.Text)
    refs: str = Field(sa_type=sa.Text)  # JSON list
    raised_at: datetime = Field(sa_type=UtcDateTime)


class MonitoringRunRow(Table, table=True):
    """A day the periodic job ran (local date): claimed by the first process, so it runs once a day."""

    __tablename__ = "monitoring_runs"

    day: date = Field(primary_key=True, sa_type=sa.Date)
    ran_at: datetime = Field(sa_type=UtcDateTime)
    signals: int = 0
    raised: int = 0


class VisitRow(Table, table=True):
    __tablename__ = "visits"

    id: int | None = Field(default=None, primary_key=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code", index=True)
    kind: str = Field(sa_type=sa.String(16))  # fm_domain.records.VisitKind
    visited_on: date = Field(sa_type=sa.Date)
    place: str = Field(default="", sa_type=sa.Text)
    people: str = Field(default="", sa_type=sa.Text)
    notes: str = Field(default="", sa_type=sa.Text)
    recorded_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    recorded_at: datetime = Field(sa_type=UtcDateTime)


class VisitFindingRow(Table, table=True):
    __tablename__ = "visit_findings"

    visit_id: int = Field(primary_key=True, foreign_key="visits.id", ondelete="CASCADE")
    finding_id: int = Field(primary_key=True, foreign_key="findings.id", ondelete="CASCADE", index=True)


class RecommendationRow(Table, table=True):
    """A recommendation (动态管理) for a department and year, as first made (``content``), and its decision.

    ``changes`` are the catalog changes in force once decided (an amended one: staff's own), ``revisions``
    the catalog revisions (stable ids) its adoption made."""

    __tablename__ = "recommendations"
    __table_args__ = (sa.Index("ix_recommendations_department_year", "department", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    department: str = Field(sa_type=sa.String(64), foreign_key="departments.code")
    year: int
    kind: str = Field(sa_type=sa.String(16))  # RecommendationKind
    key: str = Field(sa_type=sa.String(64), unique=True)  # fm_domain.recommendations.recommendation_key
    content: str = Field(sa_type=sa.Text)
    state: str = Field(default="proposed", sa_type=sa.String(16), index=True)  # RecommendationState
    decided_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    decided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    reason: str = Field(default="", sa_type=sa.Text)
    changes: str = Field(default="[]", sa_type=sa.Text)
    revisions: str = Field(default="[]", sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
