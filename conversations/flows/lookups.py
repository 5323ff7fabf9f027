"""Look-ups: 待办 and 状态 for a liaison's own department; 职责 for everyone bound; 未报, 部门 for
the office."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from conversations import monitoring_texts, report_texts, texts
from conversations.flow import Command, Context, Transition, done
from conversations.flows import work_reports
from conversations.flows.common import (
    catalog,
    department_name,
    named_department,
)
from conversations.obligations import Reporting, read_reporting
from conversations.rights import BOUND, LEADER, LIAISONS, OFFICE, sees_department
from fm_domain.deadlines import ONCE_PERIOD
from fm_domain.models import DutyStatus
from fm_domain.obligations import SUBMITTED_BY_FLOW, Obligation
from fm_domain.records import Finding, FindingStatus, Submission, SubmissionKind

SUBMISSION_TITLES = {
    SubmissionKind.ANNUAL_GOALS: texts.GOALS_TITLE,
    SubmissionKind.MONTHLY_ARRANGEMENT: texts.MONTHLY_TITLE,
    SubmissionKind.HALF_YEAR_SUMMARY: texts.HALFYEAR_TITLE,
}
DUTY_RESULTS = 3


def _todo(ctx: Context, args: str) -> Transition:
    assert ctx.user is not None and ctx.user.department
    department = ctx.user.department
    today = ctx.services.today()
    reporting = read_reporting(
        ctx.uow.reporting, ctx.uow.inquiries, today, ctx.uow.findings, ctx.uow.progress
    )
    owed = reporting.obligations(today, ctx.services.calendar, departments=[department])
    if not owed:
        return done(texts.TODO_NOTHING)
    return done("\n".join([texts.TODO_HEADING, *(_todo_line(ctx, reporting, o, today) for o in owed)]))


def _todo_line(ctx: Context, reporting: Reporting, owed: Obligation, today: date) -> str:
    task, period = owed.task, owed.period
    inquiry_id = reporting.inquiry_id(task)
    if inquiry_id is not None:
        return texts.todo_inquiry_line(inquiry_id, period.deadline, today)
    table_id = reporting.tables.get(task.code)
    if table_id is not None:  # a 统计表: settled by filling it, not by a receipt staff record
        return report_texts.todo_table_line(table_id, task.title, period.deadline, today, owed.settled)
    key = _period_text(period.key)
    if owed.settled:
        latest = (
            ctx.uow.submissions.latest(SubmissionKind(task.kind.value), owed.department, period.key)
            if task.kind in SUBMITTED_BY_FLOW
            else None
        )
        if latest is None or not latest.receipt:
            return texts.todo_received_line(task.title, key)  # staff recorded it with /报送 已收
        return texts.todo_line(task.title, key, period.deadline, today, latest.receipt, "")
    command = reporting.command(task)
    if command is None:
        return texts.todo_offline_line(task.title, key, period.deadline, today)
    return texts.todo_line(task.title, key, period.deadline, today, "", command)


def _period_text(key: str) -> str:
    return texts.ONCE_PERIOD_TEXT if key == ONCE_PERIOD else key


def _latest_versions(entries: Sequence[Submission]) -> list[tuple[Submission, int]]:
    """The newest version of each (kind, period, division), newest first, with how many versions exist."""
    groups: dict[tuple[str, str, str], list[Submission]] = {}
    for entry in entries:
        groups.setdefault((entry.kind, entry.period, entry.division), []).append(entry)
    latest = [(max(group, key=lambda e: e.version), len(group)) for group in groups.values()]
    return sorted(latest, key=lambda pair: pair[0].submitted_at, reverse=True)


def _status(ctx: Context, args: str) -> Transition:
    assert ctx.user is not None and ctx.user.department
    department = ctx.user.department
    submissions = ctx.uow.submissions.of_department(department)
    findings = ctx.uow.findings.of_department(department)
    reports = ctx.uow.issue_reports.of_department(department)
    inquiries = ctx.uow.inquiries.of_department(department)
    works = ctx.uow.work_reports.of_department(department)
    if not (submissions or reports or inquiries or works):
        return done(texts.STATUS_NOTHING)
    lines = [texts.status_heading(department_name(ctx, department))]
    for entry, _versions in _latest_versions(submissions):
        lines.append(
            texts.status_submission_line(
                SUBMISSION_TITLES[entry.kind],
                entry.period,
                entry.division,
                entry.version,
                entry.receipt,
                texts.review_counts(entry.review.counts),
            )
        )
    if findings:
        lines.append(texts.STATUS_FINDINGS_HEADING)
        lines += [_status_finding_line(f) for f in findings]
    if reports:
        lines.append(texts.STATUS_REPORTS_HEADING)
        lines += [
            texts.status_report_line(
                r.receipt,
                texts.ISSUE_KINDS.get(r.kind, r.kind),
                ctx.services.local(r.reported_at),
                r.status,
                r.reply,
                r.outcome,
            )
            for r in reports
        ]
    if works:
        lines.append(report_texts.WORK_STATUS_HEADING)
        lines += [work_reports.report_lines(report) for report in works]
    if inquiries:
        lines.append(texts.STATUS_INQUIRIES_HEADING)
        lines += [
            texts.inquiry_list_line(i.id, department_name(ctx, i.department), i.status, i.deadline)
            for i in inquiries
        ]
    return done("\n".join(lines))


_DECIDED_ONCE = (
    FindingStatus.OPEN,
    FindingStatus.CONFIRMED,
    FindingStatus.DISMISSED,
    FindingStatus.SUPERSEDED,
)


def _status_finding_line(finding: Finding) -> str:
    """A finding as the department sees it: decided (or not) as before; the steps around and after a
    decision (inquiry, visit, rectification, closing) with their note and deadline."""
    if finding.status in _DECIDED_ONCE:
        return texts.status_finding_line(
            finding.id, finding.kind, finding.item, finding.status, finding.reason
        )
    return monitoring_texts.status_finding_line(
        finding.id,
        finding.kind,
        finding.item,
        finding.status,
        finding.reason,
        finding.note,
        finding.deadline,
    )


def _duty(ctx: Context, args: str) -> Transition:
    topic = args.strip()
    if not topic:
        return done(texts.DUTY_ASK)
    known = catalog(ctx)
    if not len(known):
        return done(texts.NO_CATALOG)
    hits = ctx.services.reviewer.search(known, topic, DUTY_RESULTS)
    if not hits:
        return done(texts.duty_nothing(topic))
    lines = [texts.duty_results_heading(topic, closely=any(hit.close for hit in hits))]
    for rank, hit in enumerate(hits, start=1):
        duty = known.duty(hit.duty_id)
        if duty is None:
            continue
        lines.append(
            texts.duty_result_line(
                rank,
                department_name(ctx, duty.department),
                duty.n,
                duty.text,
                "" if duty.active else duty.status.label,
                texts.DUTY_FIT_CLOSE if hit.close else texts.DUTY_FIT_PARTIAL,
            )
        )
    return done("\n".join(lines))


def _missing(ctx: Context, args: str) -> Transition:
    if not len(catalog(ctx)):
        return done(texts.NO_CATALOG)
    today = ctx.services.today()
    reporting = read_reporting(
        ctx.uow.reporting, ctx.uow.inquiries, today, ctx.uow.findings, ctx.uow.progress
    )
    late: dict[tuple[str, str], list[Obligation]] = {}
    for owed in reporting.obligations(today, ctx.services.calendar):
        group = late.setdefault((owed.task.code, owed.period.key), [])
        if not owed.settled and sees_department(ctx.user, owed.department):
            group.append(owed)
    lines = []
    for group in late.values():
        if group:
            task, period = group[0].task, group[0].period
            key = "" if period.key == ONCE_PERIOD else period.key
            lines.append(texts.missing_heading(task.title, key, period.deadline))
            lines.append(texts.missing_departments(department_name(ctx, owed.department) for owed in group))
    lines += [texts.missing_task_unreadable(code, reason) for code, reason in reporting.broken]
    return done("\n".join(lines) if lines else texts.MISSING_NONE)


def _department(ctx: Context, args: str) -> Transition:
    if not args.strip():
        return done(texts.DEPARTMENT_ASK)
    department = named_department(ctx, args)
    if isinstance(department, str):
        return done(department)
    known = catalog(ctx)
    active = sum(1 for d in department.duties if d.status is DutyStatus.ACTIVE)
    lines = [
        texts.department_heading(department.name, department.code, active, len(department.duties) - active)
    ]
    goals = [
        e
        for e in ctx.uow.submissions.of_department(department.code)
        if e.kind is SubmissionKind.ANNUAL_GOALS and not e.division
    ]
    if goals:
        latest = max(goals, key=lambda e: (e.period, e.version))
        lines.append(texts.coverage_heading(latest.period, latest.receipt))
        for coverage in latest.review.duties:
            duty = known.duty(coverage.duty)
            if duty is not None:
                status = duty.status.label if not duty.active else ""
                lines.append(
                    texts.coverage_line(duty.n, duty.text, coverage.status, len(coverage.items), status)
                )
    else:
        lines.append(texts.COVERAGE_NONE)
    findings = ctx.uow.findings.open(department.code)
    if findings:
        lines.append(texts.OPEN_FINDINGS_HEADING)
        lines += [texts.finding_line(f.id, f.kind, f.item, f.detail) for f in findings]
    reports = [r for r in ctx.uow.issue_reports.listed(department=department.code) if r.status != "closed"]
    if reports:  # the department's cases still to handle, as /报告 部门 lists them
        lines.append(texts.department_open_reports(len(reports), department.display_name))
    return done("\n".join(lines))


DUTY = Command(("职责", "duty"), BOUND, _duty, texts.SUMMARY_DUTY, usage=texts.USAGE_DUTY)
COMMANDS = (
    Command(("待办", "todo"), LIAISONS, _todo, texts.SUMMARY_TODO),
    Command(("状态", "status"), LIAISONS, _status, texts.SUMMARY_STATUS),
    DUTY,
    Command(("未报", "missing"), OFFICE | {LEADER}, _missing, texts.SUMMARY_MISSING),
    Command(
        ("部门", "department"),
        OFFICE | {LEADER},
        _department,
        texts.SUMMARY_DEPARTMENT,
        usage=texts.USAGE_DEPARTMENT,
    ),
)
