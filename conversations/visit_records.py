"""Recording a visit (走访座谈, 现场查看), for the chat (/走访) and the CLI (``fmbot visit add``) alike: the
visit is kept with its files, the findings it concerns go under visit (linked to it), and staff's
conclusion, when they give one, decides them: confirmed, dismissed, or (those already confirmed) closed.
Each department concerned hears each outcome, as when staff decide a finding in chat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from conversations import monitoring_texts, texts
from conversations.messages import Attachment, ConversationKey, Reply
from conversations.ports import UnitOfWork
from fm_domain.records import Finding, FindingStatus, Visit, VisitKind

NOTICE_KIND = "notice"
MAX_FILES = 10
# The findings a visit may look into, or settle: any not yet closed or dismissed.
VISIT_CONCERNS = (
    FindingStatus.OPEN,
    FindingStatus.UNDER_INQUIRY,
    FindingStatus.UNDER_VISIT,
    FindingStatus.CONFIRMED,
    FindingStatus.RECTIFYING,
    FindingStatus.RECTIFIED,
)


class VisitOutcome(StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    CLOSE = "close"  # findings staff had confirmed: the visit saw them settled
    NONE = "none"


@dataclass
class RecordedVisit:
    visit: Visit
    lines: list[str] = field(default_factory=list)  # for staff: the visit, then what became of each finding
    notices: list[tuple[str, Reply]] = field(default_factory=list)  # (department, reply) to its liaisons


def record_visit(
    uow: UnitOfWork,
    *,
    department: str,
    department_name: str,
    kind: VisitKind,
    visited_on: date,
    place: str,
    people: str,
    notes: str,
    findings: Sequence[Finding],
    files: Sequence[Attachment],
    outcome: VisitOutcome,
    conclusion: str,
    by: int | None,
    at: datetime,
) -> RecordedVisit:
    visit = uow.visits.add(
        department=department,
        kind=kind,
        visited_on=visited_on,
        place=place,
        people=people,
        notes=notes,
        finding_ids=[f.id for f in findings],
        files=files,
        recorded_by=by,
        recorded_at=at,
    )
    result = RecordedVisit(
        visit, [monitoring_texts.visit_recorded(visit.id, department_name, visit.finding_ids)]
    )
    reason = monitoring_texts.visit_reason(visit.id, conclusion or notes)
    for finding in findings:
        current = finding
        if finding.undecided:  # looked into by this visit, whatever staff conclude
            moved = uow.findings.move(
                finding.id, FindingStatus.UNDER_VISIT, by=by, at=at, reason=notes, visit_id=visit.id
            )
            current = moved or finding
        _conclude(uow, result, current, outcome, reason, by, at, visit.id)
    return result


def _conclude(
    uow: UnitOfWork,
    result: RecordedVisit,
    finding: Finding,
    outcome: VisitOutcome,
    reason: str,
    by: int | None,
    at: datetime,
    visit_id: int,
) -> None:
    if outcome is VisitOutcome.NONE:
        return
    target = {
        VisitOutcome.CONFIRM: FindingStatus.CONFIRMED,
        VisitOutcome.DISMISS: FindingStatus.DISMISSED,
        VisitOutcome.CLOSE: FindingStatus.CLOSED,
    }[outcome]
    moved = uow.findings.move(finding.id, target, by=by, at=at, reason=reason, visit_id=visit_id)
    if moved is None:
        result.lines.append(monitoring_texts.visit_finding_skipped(finding.id, finding.status, outcome.value))
        return
    if target is FindingStatus.CLOSED:
        notice = monitoring_texts.closed_to_liaison(finding.id, finding.item, reason)
        result.lines.append(monitoring_texts.closed(finding.id))
    else:
        notice = texts.finding_outcome_to_liaison(finding.id, finding.item, target, reason)
        result.lines.append(texts.finding_decided(finding.id, target))
    result.notices.append((finding.department, Reply(notice)))


def queue_notices(uow: UnitOfWork, notices: Sequence[tuple[str, Reply]], at: datetime) -> int:
    """Outside a chat turn (the CLI): each notice to every account of its department's liaisons."""
    queued = 0
    for department, reply in notices:
        for liaison in uow.users.liaisons_of(department):
            for channel, external_id in uow.users.accounts(liaison.id):
                uow.outbox.queue(ConversationKey(channel, external_id), reply, at=at, kind=NOTICE_KIND)
                queued += 1
    return queued
