"""A submission: one version of a department's (or a division's) annual goals, monthly arrangement or
half-year summary, as confirmed in the chat. Never changed once stored but for its receipt, which is known
once it has its id; a resubmission is the next version of the same series.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from fm_domain.records.item_check import ReviewedItems


class SubmissionKind(StrEnum):
    """The flow that made it; the values are the stored ``submissions.kind`` and the reporting tasks'
    kinds these submissions settle (fm_domain.deadlines.TaskKind)."""

    ANNUAL_GOALS = "annual_goals"
    MONTHLY_ARRANGEMENT = "monthly_arrangement"
    HALF_YEAR_SUMMARY = "half_year_summary"


@dataclass(frozen=True)
class Series:
    """The versions of one submission: one kind, department, division and period."""

    kind: SubmissionKind
    department: str
    division: str  # "" for the department level
    period: str  # "2026", "2026-05" or "2026H1"


@dataclass(frozen=True)
class Submission:
    id: int
    kind: SubmissionKind
    department: str
    division: str  # "" for the department level
    period: str  # "2026", "2026-05" or "2026H1"
    version: int  # from 1 within its series
    review: ReviewedItems  # its items as the duty review checked them
    receipt: str  # "" until set
    submitted_by: int | None
    submitted_at: datetime
    # What the flow adds, as JSON values: a monthly arrangement's ``previous_period`` and ``progress``, a
    # half-year summary's ``year``, ``goals_receipt`` and ``goals`` (each ``{"text", "status", "reason"}``).
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def series(self) -> Series:
        return Series(self.kind, self.department, self.division, self.period)

    @property
    def item_texts(self) -> list[str]:
        return [check.text for check in self.review.items]
