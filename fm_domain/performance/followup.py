"""The three record indicators that follow the office's work through (运行监管 and 动态管理): findings
rectified by their deadline, recommendations adopted and carried out, 越位 / 缺位 signals left open at
the year's end.

Each returns the evidence of its cases; fm_domain.performance.record_indicators makes the share or the
count of them. A finding's history comes in as :class:`Step`\\ s with local dates, so that "by the deadline"
and "at the year's end" are the office's days, not UTC's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from fm_domain.performance.evidence import Evidence, EvidenceKind
from fm_domain.recommendations.recommendation import RecommendationState, StoredRecommendation
from fm_domain.records import Finding, FindingKind, FindingStatus


@dataclass(frozen=True)
class Step:
    """One step of a finding's lifecycle as the indicators read it."""

    to: FindingStatus
    on: date  # local date
    deadline: date | None = None  # the rectification deadline a step to RECTIFYING set


Histories = Mapping[int, Sequence[Step]]  # finding id → its steps, oldest first

# A department settles a rectification by reporting it; staff may also close it straight away (the
# outcome seen on a visit), which settles it on that day as well.
_SETTLING = (FindingStatus.RECTIFIED, FindingStatus.CLOSED)


def rectifications(findings: Iterable[Finding], histories: Histories, as_of: date) -> list[Evidence]:
    """Each finding asked to rectify, once settled or past its deadline: settled by the deadline in force
    when it was settled (staff may extend one by asking again; a report staff sent back is not settled)."""
    evidence = []
    for finding in findings:
        deadline: date | None = None
        settled: date | None = None
        for step in histories.get(finding.id, ()):
            if step.to is FindingStatus.RECTIFYING:
                deadline, settled = step.deadline, None
            elif step.to in _SETTLING and deadline is not None and settled is None:
                settled = step.on
        if deadline is None or (settled is None and deadline >= as_of):
            continue  # never asked, or still within its time
        evidence.append(
            Evidence(
                EvidenceKind.RECTIFICATION,
                str(finding.id),
                finding.kind.value,
                due=deadline,
                at=settled,
                counted=settled is not None and settled <= deadline,
                note=finding.item,
            )
        )
    return evidence


_ADOPTED = (RecommendationState.ADOPTED, RecommendationState.AMENDED)


def carried_out(recommendations: Iterable[StoredRecommendation]) -> tuple[list[Evidence], list[Evidence]]:
    """(cases, advice): the adopted recommendations that change the 三定, each carried out once the
    catalog revision its adoption made is saved; and adopted advice (改进, 督促, 机构编制 with no change
    to the catalog), listed but not counted, since fmbot keeps no record of a department acting on it."""
    cases, advice = [], []
    for stored in recommendations:
        recommendation = stored.recommendation
        if recommendation.state not in _ADOPTED:
            continue  # proposed (staff to decide) or rejected: nothing to carry out
        decided = recommendation.decided_at.date() if recommendation.decided_at else None
        if not recommendation.adoptable:
            advice.append(
                Evidence(
                    EvidenceKind.RECOMMENDATION,
                    str(stored.id),
                    recommendation.kind.value,
                    at=decided,
                    counted=False,
                    note="advice",
                )
            )
            continue
        revisions = ",".join(str(revision) for revision in stored.revisions)
        cases.append(
            Evidence(
                EvidenceKind.RECOMMENDATION,
                str(stored.id),
                recommendation.kind.value,
                at=decided,
                counted=bool(stored.revisions),
                note=revisions,
            )
        )
    return cases, advice


_WATCHED = (FindingKind.GAP, FindingKind.OVERREACH)  # 缺位, 越位
# A signal is no longer open once dismissed, superseded, closed, or rectified (the department did its
# part; staff closing it is the office's step, not held against the department).
_SETTLED = frozenset(
    {FindingStatus.DISMISSED, FindingStatus.SUPERSEDED, FindingStatus.CLOSED, FindingStatus.RECTIFIED}
)


def open_signals(findings: Iterable[Finding], histories: Histories, year_end: date) -> list[Evidence]:
    """The 越位 and 缺位 signals raised as findings whose status at ``year_end`` still left them open
    (raised, looked into, confirmed or being rectified); the evidence notes that status."""
    evidence = []
    for finding in findings:
        if finding.kind not in _WATCHED:
            continue
        status = FindingStatus.OPEN
        for step in histories.get(finding.id, ()):
            if step.on <= year_end:
                status = step.to
        if status in _SETTLED:
            continue
        evidence.append(
            Evidence(
                EvidenceKind.SIGNAL,
                str(finding.id),
                finding.kind.value,
                due=year_end,
                counted=False,
                note=status.value,
            )
        )
    return evidence
