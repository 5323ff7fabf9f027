"""A finding (发现): an item the checks, a flow or the monitoring job flagged for staff, with its lifecycle.

    open ──函询──▶ under_inquiry ─┐
      │ ──走访──▶ under_visit ───┤
      ├──────────────────────────┼──确认──▶ confirmed ──要求整改──▶ rectifying ──部门报告──▶ rectified
      │                          └──驳回──▶ dismissed        │                   ▲  │               │
      └──a newer version no longer raises it──▶ superseded   │                   └──┼──再次要求整改─┘
                                                             └───────────办结──────▶ closed (with the outcome)

The first four values (open, confirmed, dismissed, superseded) are those stored before the lifecycle grew,
and keep their meaning: ``confirmed`` is staff's decision that the finding holds, and a finding that went
on to rectification and closing stays one staff bore out (``FindingStatus.bore_out``). The values are the
strings stored in ``findings.verdict`` and ``findings.status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from fm_domain.verdicts import Verdict


class FindingKind(StrEnum):
    """What the finding is about: a review's verdict on the item (an in_scope one is raised only because
    the matcher was not sure: 待编办研判), what a flow reports of it, or a monitoring signal (运行监管)."""

    IN_SCOPE = "in_scope"
    RETIRED = "retired"
    OVERLAP = "overlap"
    OUT_OF_SCOPE = "out_of_scope"
    NOT_STARTED = "not_started"  # an annual goal, in the half-year summary
    DELAYED = "delayed"  # last month's item, in the monthly arrangement
    # The monitoring job's signals (fm_domain.monitoring), each raised once with its evidence.
    GAP = "gap"  # 缺位
    OVERREACH = "overreach"  # 越位
    RELATION = "relation"  # 交叉 / 关系不顺 (not OVERLAP: that one is a single item's verdict)
    LAG = "lag"  # 滞后
    UNREPORTED = "unreported"  # 不报

    @classmethod
    def of(cls, verdict: Verdict) -> FindingKind:
        return cls(verdict.value)

    @property
    def verdict(self) -> Verdict | None:
        """The review's verdict this finding raises, which staff may correct (编办认定); None for what a
        flow or the monitoring job reports."""
        return Verdict(self.value) if self.value in Verdict._value2member_map_ else None

    @property
    def signal(self) -> bool:
        """Raised by the monitoring job (it has no submission item: its evidence is kept beside it)."""
        return self in _SIGNALS


_SIGNALS = frozenset(
    {FindingKind.GAP, FindingKind.OVERREACH, FindingKind.RELATION, FindingKind.LAG, FindingKind.UNREPORTED}
)


class FindingStatus(StrEnum):
    OPEN = "open"
    UNDER_INQUIRY = "under_inquiry"  # a written inquiry (书面函询) asks the department about it
    UNDER_VISIT = "under_visit"  # a visit (走访座谈, 现场查看) looked into it
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    SUPERSEDED = "superseded"  # a newer version of the submission changed or removed the item
    RECTIFYING = "rectifying"  # confirmed, and the department asked to rectify by a deadline
    RECTIFIED = "rectified"  # the department reported its rectification; staff to close it
    CLOSED = "closed"  # with the outcome

    @property
    def undecided(self) -> bool:
        """Staff have not yet said whether it holds: open, or being looked into."""
        return self in _UNDECIDED

    @property
    def bore_out(self) -> bool:
        """Staff confirmed it, whatever came after (rectification, closing)."""
        return self in _BORE_OUT

    @property
    def final(self) -> bool:
        return self in (FindingStatus.DISMISSED, FindingStatus.SUPERSEDED, FindingStatus.CLOSED)


_UNDECIDED = frozenset({FindingStatus.OPEN, FindingStatus.UNDER_INQUIRY, FindingStatus.UNDER_VISIT})
_BORE_OUT = frozenset(
    {FindingStatus.CONFIRMED, FindingStatus.RECTIFYING, FindingStatus.RECTIFIED, FindingStatus.CLOSED}
)

DECISIONS = (FindingStatus.CONFIRMED, FindingStatus.DISMISSED)  # what staff decide an open finding to be

# Where each status may go. A step to the same status is allowed where it records something new: a second
# inquiry or visit about the finding, a new rectification deadline.
TRANSITIONS: dict[FindingStatus, frozenset[FindingStatus]] = {
    FindingStatus.OPEN: frozenset(
        {
            FindingStatus.UNDER_INQUIRY,
            FindingStatus.UNDER_VISIT,
            FindingStatus.CONFIRMED,
            FindingStatus.DISMISSED,
            FindingStatus.SUPERSEDED,
        }
    ),
    FindingStatus.UNDER_INQUIRY: frozenset(
        {
            FindingStatus.UNDER_INQUIRY,
            FindingStatus.UNDER_VISIT,
            FindingStatus.CONFIRMED,
            FindingStatus.DISMISSED,
        }
    ),
    FindingStatus.UNDER_VISIT: frozenset(
        {
            FindingStatus.UNDER_INQUIRY,
            FindingStatus.UNDER_VISIT,
            FindingStatus.CONFIRMED,
            FindingStatus.DISMISSED,
        }
    ),
    FindingStatus.CONFIRMED: frozenset({FindingStatus.RECTIFYING, FindingStatus.CLOSED}),
    FindingStatus.RECTIFYING: frozenset(
        {FindingStatus.RECTIFYING, FindingStatus.RECTIFIED, FindingStatus.CLOSED}
    ),
    FindingStatus.RECTIFIED: frozenset({FindingStatus.RECTIFYING, FindingStatus.CLOSED}),
}


def can_move(current: FindingStatus, to: FindingStatus) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


@dataclass(frozen=True)
class Finding:
    id: int
    department: str
    submission_id: int | None  # None: raised outside a submission (the monitoring job's signals)
    item: str
    kind: FindingKind
    detail: str  # what it says of the item: the duty touched, the note, a reason given (Chinese)
    status: FindingStatus
    reason: str  # staff's reason for the decision (confirmed / dismissed), "" before one
    decided_by: int | None
    decided_at: datetime | None
    created_at: datetime
    deadline: date | None = None  # the rectification deadline, while one is asked for
    note: str = (
        ""  # why of the latest step after the decision: what to rectify, what was reported, the outcome
    )

    @property
    def is_open(self) -> bool:
        return self.status is FindingStatus.OPEN

    @property
    def undecided(self) -> bool:
        return self.status.undecided


@dataclass(frozen=True)
class FindingEvent:
    """One step of a finding's lifecycle: who moved it, when, why, and what it was linked to."""

    id: int
    finding_id: int
    from_status: FindingStatus | None  # None: raised
    to_status: FindingStatus
    by: int | None  # None: the system (a newer version superseded it, the monitoring job raised it)
    at: datetime
    reason: str = ""
    inquiry_id: int | None = None
    visit_id: int | None = None
    deadline: date | None = None
