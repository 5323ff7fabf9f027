"""Findings (发现): what a review flagged, for staff to confirm or dismiss with a reason. The liaisons
of the department are told the outcome, and see it in /状态."""

from __future__ import annotations

from conversations import texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows.common import department_name, text_of
from conversations.messages import Inbound, Reply
from conversations.ports import FindingEntry
from conversations.rights import LEADER, OFFICE, sees_department

LIST_LIMIT = 30


def _finding(ctx: Context, number: str) -> FindingEntry | str:
    number = number.strip().lstrip("#")
    if not number.isdigit():
        return texts.FINDING_NEED_ID
    finding = ctx.uow.findings.get(int(number))
    if finding is None:
        return texts.no_such_finding(number)
    if finding.status != "open":
        return texts.finding_already_decided(finding.id, finding.status)
    return finding


def _record(ctx: Context, finding: FindingEntry, status: str, reason: str) -> Transition:
    assert ctx.user is not None
    if not ctx.uow.findings.decide(
        finding.id, status=status, reason=reason, decided_by=ctx.user.id, decided_at=ctx.now
    ):  # another member of staff decided it between our read and this write
        decided = ctx.uow.findings.get(finding.id)
        return done(texts.finding_already_decided(finding.id, decided.status if decided else status))
    ctx.notify_liaisons(
        finding.department, Reply(texts.finding_outcome_to_liaison(finding.id, finding.item, status, reason))
    )
    return done(texts.finding_decided(finding.id, status))


def _decider(status: str):
    def run(ctx: Context, args: str) -> Transition:
        number, _, reason = args.strip().partition(" ")
        finding = _finding(ctx, number)
        if isinstance(finding, str):
            return done(finding)
        if reason.strip():
            return _record(ctx, finding, status, reason.strip())
        ctx.data = {"finding": finding.id, "status": status}
        return Goto("reason")

    return run


def _reason(ctx: Context, message: Inbound) -> Transition:
    reason = text_of(message)
    if not reason:
        return Stay(texts.FINDING_REASON_PROMPT)
    finding = _finding(ctx, str(ctx.data["finding"]))
    if isinstance(finding, str):
        return done(finding)
    return _record(ctx, finding, ctx.data["status"], reason)


def _list(ctx: Context, args: str) -> Transition:
    findings = [f for f in ctx.uow.findings.open() if sees_department(ctx.user, f.department)]
    if not findings:
        return done(texts.FINDINGS_NONE)
    lines = [texts.findings_heading(len(findings))]
    lines += [
        texts.department_prefixed(
            department_name(ctx, f.department), texts.finding_line(f.id, f.verdict, f.item, f.detail)
        )
        for f in findings[:LIST_LIMIT]
    ]
    lines.append(texts.FINDINGS_HINT)
    return done("\n".join(lines))


FLOW = Flow(
    "finding_decision",
    texts.FINDING_TITLE,
    {"reason": Step(lambda ctx: Reply(texts.FINDING_REASON_PROMPT), _reason)},
)
COMMANDS = (
    Command(("发现", "findings"), OFFICE | {LEADER}, _list, texts.SUMMARY_FINDINGS),
    Command(
        ("确认发现", "confirm"),
        OFFICE,
        _decider("confirmed"),
        texts.SUMMARY_CONFIRM,
        usage=texts.USAGE_CONFIRM,
        flow=FLOW,
    ),
    Command(
        ("驳回发现", "dismiss"),
        OFFICE,
        _decider("dismissed"),
        texts.SUMMARY_DISMISS,
        usage=texts.USAGE_DISMISS,
        flow=FLOW,
    ),
)
