"""A finding (发现): an item the checks or a flow flagged for staff, with its lifecycle.

    open ──确认──▶ confirmed
         ──驳回──▶ dismissed
         ──a newer version no longer raises it──▶ superseded

The values are the strings stored in ``findings.verdict`` and ``findings.status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fm_domain.verdicts import Verdict


class FindingKind(StrEnum):
    """What the finding is about: a review's verdict on the item (an in_scope one is raised only because
    the matcher was not sure: 待编办研判), or what a flow reports of it."""

    IN_SCOPE = "in_scope"
    RETIRED = "retired"
    OVERLAP = "overlap"
    OUT_OF_SCOPE = "out_of_scope"
    NOT_STARTED = "not_started"  # an annual goal, in the half-year summary
    DELAYED = "delayed"  # last month's item, in the monthly arrangement

    @classmethod
    def of(cls, verdict: Verdict) -> FindingKind:
        return cls(verdict.value)

    @property
    def verdict(self) -> Verdict | None:
        """The review's verdict this finding raises, which staff may correct (编办认定); None for what a
        flow reports."""
        return Verdict(self.value) if self.value in Verdict._value2member_map_ else None


class FindingStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    SUPERSEDED = "superseded"  # a newer version of the submission changed or removed the item


DECISIONS = (FindingStatus.CONFIRMED, FindingStatus.DISMISSED)  # what staff decide an open finding to be


@dataclass(frozen=True)
class Finding:
    id: int
    department: str
    submission_id: int | None  # None: raised outside a submission
    item: str
    kind: FindingKind
    detail: str  # what it says of the item: the duty touched, the note, a reason given (Chinese)
    status: FindingStatus
    reason: str  # staff's reason for the decision, "" while open
    decided_by: int | None
    decided_at: datetime | None
    created_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status is FindingStatus.OPEN
