"""A finding's life around and after the decision: looked into by a written inquiry (``/函询发现 N``: the
inquiry flow, its findings under inquiry once it is sent), rectification asked for with a deadline
(``/整改 N 期限 要求``: the department's liaisons told, the deadline nudged like any task until the
department reports), the department's report (``/整改报告 N 情况``), the closing with its outcome
(``/办结发现 N 结果``: the liaisons told), and the whole record (``/发现记录 N``: what it stands on, every
step with who, when and why, the visits about it).

```mermaid
stateDiagram-v2
    open --> under_inquiry: /函询发现 (inquiry sent)
    open --> under_visit: /走访 (visit recorded)
    under_inquiry --> confirmed: /确认发现
    under_visit --> confirmed: /确认发现 or the visit's conclusion
    confirmed --> rectifying: /整改 (deadline, nudged)
    rectifying --> rectified: /整改报告 (liaison)
    rectified --> rectifying: /整改 again
    confirmed --> closed: /办结发现 (outcome)
    rectifying --> closed
    rectified --> closed
```

Each command takes several numbers (``12,13``) or a department (all its findings the step applies to),
and does all of them or, when one cannot take the step, none.
"""

from __future__ import annotations

from collections.abc import Collection

from conversations import monitoring_texts, texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import inquiry
from conversations.flows.common import catalog, department_name, text_of
from conversations.flows.findings import UNDECIDED, department_findings, numbers_and_reason
from conversations.messages import Choice, Inbound, Reply
from conversations.rights import BOUND, LIAISONS, OFFICE, is_office, sees_department
from fm_domain.monitoring import Mark
from fm_domain.recommendations import texts as signal_texts
from fm_domain.records import Finding, FindingStatus

RECTIFIABLE = (FindingStatus.CONFIRMED, FindingStatus.RECTIFYING, FindingStatus.RECTIFIED)
CLOSABLE = RECTIFIABLE


def _named(
    ctx: Context, args: str, statuses: Collection[FindingStatus], action: str, usage: str
) -> tuple[list[Finding], str] | str:
    """The findings a command names (numbers, or a department for all of its findings in ``statuses``)
    and the text after them; else what to reply: ``usage`` when nothing is named, the refusal when any
    named cannot take the step."""
    parsed = numbers_and_reason(args) or department_findings(ctx, args, statuses)
    if parsed is None:
        return usage
    if isinstance(parsed, str):
        return parsed
    numbers, rest = parsed
    found: list[Finding] = []
    problems: list[str] = []
    for number in numbers:
        finding = ctx.uow.findings.get(number)
        if finding is None or not sees_department(ctx.user, finding.department):
            problems.append(texts.no_such_finding(str(number)))
        elif finding.status not in statuses:
            problems.append(monitoring_texts.cannot_move(finding.id, finding.status, action))
        else:
            found.append(finding)
    if problems:
        return "\n".join([*problems, texts.FINDINGS_NONE_DECIDED] if len(numbers) > 1 else problems)
    return found, rest


# --- /函询发现: a written inquiry about findings ---------------------------------------------------------


def _inquire(ctx: Context, args: str) -> Transition:
    named = _named(ctx, args, UNDECIDED, monitoring_texts.ACTION_INQUIRE, texts.FINDING_NEED_ID)
    if isinstance(named, str):
        return done(named)
    findings, _ = named
    if len({f.department for f in findings}) > 1:
        return done(monitoring_texts.INQUIRE_NEED_ONE_DEPARTMENT)
    department = findings[0].department
    ctx.data = {
        "department": department,
        "question": "",
        "deadline": "",
        "findings": [f.id for f in findings],
    }
    lines = [texts.finding_line(f.id, f.kind, f.item, f.detail) for f in findings]
    note = Reply(monitoring_texts.inquiry_about_findings(department_name(ctx, department), lines))
    return Goto("question", notes=(note,))


# --- /整改: rectification with a deadline -----------------------------------------------------------------


def _rectify(ctx: Context, args: str) -> Transition:
    assert ctx.user is not None
    named = _named(
        ctx, args, RECTIFIABLE, monitoring_texts.ACTION_RECTIFY, monitoring_texts.RECTIFY_USAGE_HINT
    )
    if isinstance(named, str):
        return done(named)
    findings, rest = named
    when, _, requirement = rest.partition(" ")
    deadline = inquiry.deadline_from(ctx, when)
    if deadline is None or not requirement.strip():
        return done(monitoring_texts.RECTIFY_USAGE_HINT)
    if deadline <= ctx.services.today():
        return done(monitoring_texts.RECTIFY_DEADLINE_PAST)
    requirement = requirement.strip()
    lines = []
    for finding in findings:
        moved = ctx.uow.findings.move(
            finding.id,
            FindingStatus.RECTIFYING,
            by=ctx.user.id,
            at=ctx.now,
            reason=requirement,
            deadline=deadline,
        )
        if moved is None:  # another member of staff moved it between our read and this write
            lines.append(_moved_on(ctx, finding.id, monitoring_texts.ACTION_RECTIFY))
            continue
        ctx.notify_liaisons(
            finding.department,
            Reply(
                monitoring_texts.rectify_to_liaison(finding.id, finding.item, requirement, deadline),
                (Choice(monitoring_texts.LABEL_REPORT_RECTIFICATION, f"/整改报告 {finding.id}"),),
            ),
        )
        lines.append(monitoring_texts.rectify_requested(finding.id, deadline))
    return done("\n".join(lines))


def _moved_on(ctx: Context, finding_id: int, action: str) -> str:
    now = ctx.uow.findings.get(finding_id)
    return monitoring_texts.cannot_move(finding_id, now.status if now else FindingStatus.CLOSED, action)


# --- /整改报告: the department reports its rectification ------------------------------------------------


def _report(ctx: Context, args: str) -> Transition:
    number, _, text = args.strip().partition(" ")
    number = number.lstrip("#")
    if not number.isdigit():
        return done(monitoring_texts.RECTIFIED_NEED_ID)
    finding = ctx.uow.findings.get(int(number))
    if finding is None or not sees_department(ctx.user, finding.department):
        return done(texts.no_such_finding(number))
    if finding.status is not FindingStatus.RECTIFYING:
        return done(monitoring_texts.cannot_move(finding.id, finding.status, monitoring_texts.ACTION_REPORT))
    if text.strip():
        return _record_report(ctx, finding, text.strip())
    ctx.data = {"finding": finding.id}
    return Goto("text")


def _report_prompt(ctx: Context) -> Reply:
    finding = ctx.uow.findings.get(ctx.data["finding"])
    assert finding is not None
    return Reply(monitoring_texts.rectified_prompt(finding.id, finding.item, finding.note))


def _report_text(ctx: Context, message: Inbound) -> Transition:
    text = text_of(message)
    if not text:
        return Stay(monitoring_texts.RECTIFIED_EMPTY)
    finding = ctx.uow.findings.get(ctx.data["finding"])
    if finding is None or finding.status is not FindingStatus.RECTIFYING:
        return done(_moved_on(ctx, ctx.data["finding"], monitoring_texts.ACTION_REPORT))
    return _record_report(ctx, finding, text)


def _record_report(ctx: Context, finding: Finding, text: str) -> Transition:
    assert ctx.user is not None
    if (
        ctx.uow.findings.move(finding.id, FindingStatus.RECTIFIED, by=ctx.user.id, at=ctx.now, reason=text)
        is None
    ):
        return done(_moved_on(ctx, finding.id, monitoring_texts.ACTION_REPORT))
    notice = Reply(
        monitoring_texts.rectified_to_staff(
            department_name(ctx, finding.department), finding.id, finding.item, text
        ),
        (Choice(monitoring_texts.LABEL_CLOSE, f"/办结发现 {finding.id}"),),
    )
    asked = [e for e in ctx.uow.findings.history(finding.id) if e.to_status is FindingStatus.RECTIFYING]
    asker = ctx.uow.users.get(asked[-1].by) if asked and asked[-1].by is not None else None
    if asker is not None and is_office(asker):
        ctx.notify(asker.id, notice)
    else:
        ctx.notify_staff(notice)
    return done(monitoring_texts.rectified_recorded(finding.id))


REPORT_FLOW = Flow(
    "rectification_report",
    monitoring_texts.RECTIFIED_TITLE,
    {"text": Step(_report_prompt, _report_text)},
)


# --- /办结发现: closing with the outcome -------------------------------------------------------------------


def close_findings(
    ctx: Context, findings: list[Finding], outcome: str, visit_id: int | None = None
) -> list[str]:
    """Close each with the outcome and tell its department's liaisons; a line per finding for staff."""
    assert ctx.user is not None
    lines = []
    for finding in findings:
        moved = ctx.uow.findings.move(
            finding.id, FindingStatus.CLOSED, by=ctx.user.id, at=ctx.now, reason=outcome, visit_id=visit_id
        )
        if moved is None:
            lines.append(_moved_on(ctx, finding.id, monitoring_texts.ACTION_CLOSE))
            continue
        ctx.notify_liaisons(
            finding.department, Reply(monitoring_texts.closed_to_liaison(finding.id, finding.item, outcome))
        )
        lines.append(monitoring_texts.closed(finding.id))
    return lines


def _close(ctx: Context, args: str) -> Transition:
    named = _named(ctx, args, CLOSABLE, monitoring_texts.ACTION_CLOSE, texts.FINDING_NEED_ID)
    if isinstance(named, str):
        return done(named)
    findings, outcome = named
    if not outcome:
        return done(monitoring_texts.CLOSE_NEED_OUTCOME)
    return done("\n".join(close_findings(ctx, findings, outcome)))


# --- /发现记录: the record of one finding ------------------------------------------------------------------


def _record(ctx: Context, args: str) -> Transition:
    number = args.strip().lstrip("#")
    if not number.isdigit():
        return done(texts.FINDING_NEED_ID)
    finding = ctx.uow.findings.get(int(number))
    if finding is None or not sees_department(ctx.user, finding.department):
        return done(texts.no_such_finding(number))
    known = catalog(ctx)
    lines = [
        monitoring_texts.record_heading(
            finding.id, department_name(ctx, finding.department), finding.kind, finding.status
        ),
        monitoring_texts.record_item(finding.item, finding.detail),
    ]
    raised = ctx.uow.monitoring.of_finding(finding.id)
    if raised is not None:
        lines.append(monitoring_texts.RECORD_EVIDENCE_HEADING)
        lines.append(signal_texts.signal_line(known, raised.signal))
        examined = [e for e in raised.signal.evidence if e.mark is Mark.EXAMINED]
        lines += [
            f"  - {signal_texts.evidence_text(known, e)}"
            for e in raised.signal.evidence
            if e.mark is not Mark.EXAMINED
        ]
        if examined:
            lines.append(f"  - {signal_texts.examined_text(examined)}")
    lines.append(monitoring_texts.RECORD_HISTORY_HEADING)
    where = monitoring_texts.RAISED_BY_MONITORING if raised is not None else _raised_in(ctx, finding)
    lines.append(monitoring_texts.record_raised(ctx.services.local(finding.created_at), where))
    for step in ctx.uow.findings.history(finding.id):
        who = ctx.uow.users.get(step.by) if step.by is not None else None
        lines.append(
            monitoring_texts.record_step(
                ctx.services.local(step.at),
                who.display_name if who else monitoring_texts.SYSTEM,
                step.to_status,
                step.reason,
                step.inquiry_id,
                step.visit_id,
                step.deadline,
            )
        )
    visits = ctx.uow.visits.of_finding(finding.id)
    if visits:
        lines.append(monitoring_texts.RECORD_VISITS_HEADING)
        lines += [monitoring_texts.visit_line(v.id, v.kind, v.visited_on, v.place, v.notes) for v in visits]
    return done("\n".join(lines))


def _raised_in(ctx: Context, finding: Finding) -> str:
    if finding.submission_id is None:
        return monitoring_texts.raised_by_submission("")
    found = next(
        (s for s in ctx.uow.submissions.of_department(finding.department) if s.id == finding.submission_id),
        None,
    )
    return monitoring_texts.raised_by_submission(found.receipt if found else "")


COMMANDS = (
    Command(
        ("函询发现", "inquire"),
        OFFICE,
        _inquire,
        monitoring_texts.SUMMARY_INQUIRE_FINDINGS,
        usage=monitoring_texts.USAGE_INQUIRE_FINDINGS,
        flow=inquiry.ASK_FLOW,
    ),
    Command(
        ("整改", "rectify"),
        OFFICE,
        _rectify,
        monitoring_texts.SUMMARY_RECTIFY,
        usage=monitoring_texts.USAGE_RECTIFY,
    ),
    Command(
        ("整改报告", "rectified"),
        LIAISONS,
        _report,
        monitoring_texts.SUMMARY_RECTIFIED,
        usage=monitoring_texts.USAGE_RECTIFIED,
        flow=REPORT_FLOW,
    ),
    Command(
        ("办结发现", "close"),
        OFFICE,
        _close,
        monitoring_texts.SUMMARY_CLOSE,
        usage=monitoring_texts.USAGE_CLOSE,
    ),
    Command(
        ("发现记录", "finding"),
        BOUND,
        _record,
        monitoring_texts.SUMMARY_FINDING_RECORD,
        usage=monitoring_texts.USAGE_FINDING_RECORD,
    ),
)
