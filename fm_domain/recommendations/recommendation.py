"""A recommendation (动态管理): what the office might change for a department, from a year's confirmed
evidence, with the change to the 三定 it implies as data, and its lifecycle.

    proposed ──采纳──▶ adopted        the catalog changes become the next revision
             ──修改后采纳──▶ amended  staff's own changes instead
             ──不采纳──▶ rejected

The kinds follow the practice's four lines of 动态管理: 调整职能配置 (取消 or 督促履行 a
long-unperformed duty, 明确 a new function, 纠正 overreach or narrowing, 改进 the manner of performance),
推动职能转变 (取消, 转移, 下放, 整合, 加强), 理顺职责关系 (who leads, who assists), 调整机构编制 (staffing
against workload). The values are the strings a later table will store.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from fm_domain.models import DutyCategory, DutyStatus
from fm_domain.monitoring.signal import Evidence, Signal


class RecommendationKind(StrEnum):
    CANCEL = "cancel"  # 取消长期不履行的职能
    URGE = "urge"  # 督促履行
    CLARIFY = "clarify"  # 明确新增职能
    CORRECT = "correct"  # 纠正擅自扩大或缩小职责范围
    IMPROVE = "improve"  # 改进履职方式方法
    SHIFT = "shift"  # 推动职能转变
    STREAMLINE = "streamline"  # 理顺职责关系
    STAFFING = "staffing"  # 调整机构编制


class RecommendationState(StrEnum):
    PROPOSED = "proposed"
    ADOPTED = "adopted"
    AMENDED = "amended"  # adopted with staff's own changes
    REJECTED = "rejected"


class Shift(StrEnum):
    """职能转变: what a SHIFT recommendation proposes."""

    CANCEL = "cancel"  # 取消
    TRANSFER = "transfer"  # 转移
    DELEGATE = "delegate"  # 下放
    MERGE = "merge"  # 整合
    STRENGTHEN = "strengthen"  # 加强


# -- the changes to the catalog ------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusChange:
    """The duty is no longer the department's (or is again): 取消, 转移, 下放, 整合."""

    department: str
    n: int
    status: DutyStatus


@dataclass(frozen=True)
class NewDuty:
    """A duty the 三定 adds (明确新增职能, or one transferred in), numbered after the department's last."""

    department: str
    text: str
    category: DutyCategory


@dataclass(frozen=True)
class DutyNote:
    """A sentence added to a duty's text, as a 三定's 职责分工 reads: who leads the shared work, who
    assists."""

    department: str
    n: int
    note: str


CatalogChange = StatusChange | NewDuty | DutyNote


@dataclass(frozen=True)
class Recommendation:
    kind: RecommendationKind
    department: str  # the department-year it is made for
    year: int
    duties: tuple[str, ...]  # the duties concerned (any department's), none for the department as a whole
    category: DutyCategory | None  # the class it is grouped under; None: the department as a whole
    rationale: str  # plain Chinese: what the evidence shows and what is proposed
    signals: tuple[Signal, ...] = ()  # the monitoring signals behind it, each with its records
    evidence: tuple[Evidence, ...] = ()  # records beyond the signals: issue reports
    changes: tuple[CatalogChange, ...] = ()  # what adopting it changes in the catalog; none: advice only
    shift: Shift | None = None  # SHIFT: which change of function
    others: tuple[str, ...] = ()  # other departments concerned (STREAMLINE, SHIFT to another department)
    state: RecommendationState = RecommendationState.PROPOSED
    decided_by: int | None = None
    decided_at: datetime | None = None
    reason: str = ""  # staff's reason for the decision

    @property
    def adoptable(self) -> bool:
        """Whether adopting it changes the catalog (the others are advice to the department)."""
        return bool(self.changes)

    @property
    def departments(self) -> tuple[str, ...]:
        return (self.department, *self.others)


class DecisionError(ValueError):
    """A decision the recommendation's state does not allow (it was decided already)."""


def adopt(
    recommendation: Recommendation, *, by: int | None, at: datetime, reason: str = ""
) -> Recommendation:
    return _decide(recommendation, RecommendationState.ADOPTED, by, at, reason)


def amend(
    recommendation: Recommendation,
    changes: tuple[CatalogChange, ...],
    *,
    by: int | None,
    at: datetime,
    reason: str,
) -> Recommendation:
    """Adopt with staff's own changes (another lead, another wording of the new duty, 下放 for 取消)."""
    decided = _decide(recommendation, RecommendationState.AMENDED, by, at, reason)
    return replace(decided, changes=changes)


def reject(recommendation: Recommendation, *, by: int | None, at: datetime, reason: str) -> Recommendation:
    return _decide(recommendation, RecommendationState.REJECTED, by, at, reason)


def _decide(
    recommendation: Recommendation, state: RecommendationState, by: int | None, at: datetime, reason: str
) -> Recommendation:
    if recommendation.state is not RecommendationState.PROPOSED:
        raise DecisionError(f"recommendation already {recommendation.state.value}")
    return replace(recommendation, state=state, decided_by=by, decided_at=at, reason=reason)


@dataclass(frozen=True)
class StoredRecommendation:
    """A recommendation as storage keeps it: its number, the recommendation with its state and decision
    (``changes`` are those in force: an amended one's are staff's own), the changes as first proposed, and
    the catalog revisions (stable ids) its adoption made."""

    id: int
    recommendation: Recommendation
    proposed: tuple[CatalogChange, ...]
    revisions: tuple[int, ...]
    created_at: datetime

    @property
    def state(self) -> RecommendationState:
        return self.recommendation.state
