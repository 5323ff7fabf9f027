"""A monitoring signal (运行监管): what a year of records shows about one department, with the records behind
it, so that a reader can check each claim against the submissions, items and findings it names.

    kind            pattern            what the records show
    缺位 GAP         UNPERFORMED        an active duty no report touched for its span
    越位 OVERREACH   OUT_OF_SCOPE       confirmed out-of-scope work, recorded in several periods
                    RETIRED            confirmed work on a cancelled / transferred duty, in several periods
    交叉 OVERLAP     RECURRING          the same two departments overlapping on the same duty again and again
                    BOTH_CLAIM         each of the two doing the work under its own duty, against the other's
    滞后 LAG         DELAYED            a monthly item reported 延期 in consecutive reports, twice or more
                    ONGOING            a monthly item still 推进中 report after report
                    NOT_STARTED        annual goals reported 未启动 at mid-year
    不报 UNREPORTED  LATE_OR_MISSING    reports due in the year that came late or not at all
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SignalKind(StrEnum):
    GAP = "gap"  # 缺位
    OVERREACH = "overreach"  # 越位
    OVERLAP = "overlap"  # 交叉 / 关系不顺
    LAG = "lag"  # 滞后
    UNREPORTED = "unreported"  # 不报


class Pattern(StrEnum):
    """Which of its kind's patterns a signal is."""

    UNPERFORMED = "unperformed"
    OUT_OF_SCOPE = "out_of_scope"
    RETIRED = "retired"
    RECURRING = "recurring"
    BOTH_CLAIM = "both_claim"
    DELAYED = "delayed"
    ONGOING = "ongoing"
    NOT_STARTED = "not_started"
    LATE_OR_MISSING = "late_or_missing"


class Severity(StrEnum):
    """How strongly the office should look: each signal module says what makes one serious."""

    NOTICE = "notice"  # 提示
    WARNING = "warning"  # 关注
    SERIOUS = "serious"  # 严重


class Mark(StrEnum):
    """What one record of the evidence shows."""

    EXAMINED = "examined"  # a report of the span that does not touch the duty
    LAST_PERFORMED = "last_performed"  # the latest report that did, before the span
    CONFIRMED = "confirmed"  # an item whose finding staff confirmed
    OVERLAPPING = "overlapping"  # an item the review placed on the other department's duty
    DELAYED = "delayed"  # 延期, with the reason given
    ONGOING = "ongoing"  # 推进中
    NOT_STARTED = "not_started"  # 未启动, with the reason given
    LATE = "late"  # a report that arrived after its deadline
    MISSING = "missing"  # a report due that has not arrived
    ISSUE_REPORTED = "issue_reported"  # a 问题报告 of the department (recommendations cite them)


@dataclass(frozen=True)
class Evidence:
    """One record behind a signal: a report (its period and submission id), an item of it, a finding."""

    mark: Mark
    period: str  # the report's period key ("2026", "2026-05", "2026H1"), or a task's period
    submission_id: int | None = None  # None: nothing was submitted (MISSING)
    item: str = ""  # the item's text, "" for a whole report
    finding_id: int | None = None
    department: str = ""  # whose record, where a signal concerns two departments
    reason: str = ""  # the reason the department gave (延期, 未启动), as written
    task: str = ""  # the reporting task's code (LATE, MISSING)
    working_days_late: int = 0  # LATE: working days after the deadline
    issue_report_id: int | None = None  # ISSUE_REPORTED
    work_report_id: int | None = None  # LAST_PERFORMED by a 重要政策措施 / 重大活动 report


@dataclass(frozen=True)
class Signal:
    kind: SignalKind
    pattern: Pattern
    department: str
    duties: tuple[str, ...]  # the duty ids concerned (none for 不报, or work no duty covers)
    start: date  # the span the signal looks at: [start, end)
    end: date
    severity: Severity
    evidence: tuple[Evidence, ...]
    other_department: str = ""  # OVERLAP: the other side (department is the one doing the overlapping work)

    @property
    def departments(self) -> tuple[str, ...]:
        return (self.department, self.other_department) if self.other_department else (self.department,)

    @property
    def periods(self) -> tuple[str, ...]:
        """The distinct periods of its evidence, in order first met."""
        return tuple(dict.fromkeys(evidence.period for evidence in self.evidence))
