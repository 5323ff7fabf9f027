"""问题报告: a liaison reports a problem of one of six kinds, with a description and optionally a file;
staff work it as a case.

Staff list the reports (``/报告 [部门] [类型]``, those not closed first; ``/报告 N`` shows one), answer one
(``/回复报告 N 内容``: 编办已回复) and close it with its outcome (``/办结报告 N 处理结果``: 已办结). The
department's liaisons are told each reply and the closing, and see where the case stands in /状态.

```mermaid
stateDiagram-v2
    [*] --> kind
    kind --> description
    description --> attachment: text only
    description --> preview: text with a file
    attachment --> preview: file or 跳过
    preview --> description: 修改描述
    preview --> [*]: 确认提交 (receipt, staff notified with the file)
```
"""

from __future__ import annotations

from conversations import texts
from conversations.flow import Command, Context, Finish, Flow, Goto, Stay, Step, Transition, done
from conversations.flows.common import (
    catalog,
    department_name,
    departments_list,
    file_from_draft,
    file_to_draft,
    find_department,
    oversized,
    text_of,
)
from conversations.messages import Choice, Inbound, Reply
from conversations.ports import IssueReportEntry
from conversations.rights import LEADER, LIAISONS, OFFICE, sees_department

KIND = "issue_report"
LIST_LIMIT = 30


def _start(ctx: Context, args: str) -> Transition:
    if ctx.user is None or not ctx.user.department:
        return done(texts.NOT_A_LIAISON_OF_A_DEPARTMENT)
    ctx.data = {
        "department": ctx.user.department,
        "kind": "",
        "description": "",
        "file": None,
        "asked": False,
    }
    return Goto("kind")


def _kind_prompt(ctx: Context) -> Reply:
    return Reply(
        texts.REPORT_KIND_PROMPT, tuple(Choice(label, key) for key, label in texts.ISSUE_KINDS.items())
    )


def _kind(ctx: Context, message: Inbound) -> Transition:
    by_label = {label: key for key, label in texts.ISSUE_KINDS.items()}
    kind = message.choice or by_label.get(text_of(message))
    if kind not in texts.ISSUE_KINDS:
        return Stay(texts.UNKNOWN_CHOICE)
    ctx.data["kind"] = kind
    return Goto("description")


def _description(ctx: Context, message: Inbound) -> Transition:
    description = text_of(message)
    if not description:
        return Stay(texts.REPORT_DESCRIPTION_EMPTY)
    ctx.data["description"] = description
    if message.attachment is not None:
        problem = oversized(ctx, message.attachment)
        if problem:
            return Stay(problem)
        ctx.data["file"], ctx.data["asked"] = file_to_draft(message.attachment), True
        return Goto("preview")
    return Goto("preview") if ctx.data.get("asked") else Goto("attachment")


def _attachment(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "skip":
        ctx.data["asked"] = True
        return Goto("preview")
    if message.attachment is None:
        return Stay(texts.REPORT_ATTACHMENT_PROMPT)
    problem = oversized(ctx, message.attachment)
    if problem:
        return Stay(problem)
    ctx.data["file"], ctx.data["asked"] = file_to_draft(message.attachment), True
    return Goto("preview")


def _preview_prompt(ctx: Context) -> Reply:
    attached = file_from_draft(ctx.data["file"])
    return Reply(
        texts.report_preview(
            department_name(ctx, ctx.data["department"]),
            texts.ISSUE_KINDS[ctx.data["kind"]],
            ctx.data["description"],
            attached.name if attached else "",
        ),
        (
            Choice(texts.LABEL_CONFIRM, "confirm"),
            Choice(texts.LABEL_EDIT_DESCRIPTION, "edit"),
            Choice(texts.LABEL_CANCEL, texts.CANCEL_COMMAND),
        ),
    )


def _preview(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "edit":
        return Goto("description")
    if message.choice != "confirm":
        return Stay(texts.UNKNOWN_CHOICE)
    assert ctx.user is not None
    attached = file_from_draft(ctx.data["file"])
    kind = texts.ISSUE_KINDS[ctx.data["kind"]]
    report = ctx.uow.issue_reports.add(
        department=ctx.data["department"],
        kind=ctx.data["kind"],
        description=ctx.data["description"],
        attachment_name=attached.name if attached else "",
        attachment_mime=attached.mime_type if attached else "",
        attachment_content=attached.content if attached else None,
        reported_by=ctx.user.id,
        reported_at=ctx.now,
    )
    receipt = f"WT{ctx.services.local(ctx.now):%Y%m%d}-{report.id:05d}"
    ctx.uow.issue_reports.set_receipt(report.id, receipt)
    ctx.notify_staff(
        Reply(
            texts.staff_report_notice(
                report.id,
                department_name(ctx, ctx.data["department"]),
                ctx.user.display_name,
                kind,
                ctx.data["description"],
                receipt,
            ),
            file=attached,
        )
    )
    return Finish((Reply(texts.report_submitted(receipt)),))


FLOW = Flow(
    KIND,
    texts.REPORT_TITLE,
    {
        "kind": Step(_kind_prompt, _kind),
        "description": Step(lambda ctx: Reply(texts.REPORT_DESCRIPTION_PROMPT), _description),
        "attachment": Step(
            lambda ctx: Reply(texts.REPORT_ATTACHMENT_PROMPT, (Choice(texts.LABEL_SKIP, "skip"),)),
            _attachment,
        ),
        "preview": Step(_preview_prompt, _preview),
    },
)
COMMAND = Command(("问题报告", "report"), LIAISONS, _start, texts.SUMMARY_REPORT, flow=FLOW)


# --- staff: the report as a case ---------------------------------------------------------------------


def _kind_named(word: str) -> str | None:
    """The kind a word names: its label (职责交叉) or its code (overlap)."""
    by_label = {label: key for key, label in texts.ISSUE_KINDS.items()}
    return by_label.get(word) or (word if word in texts.ISSUE_KINDS else None)


def _list(ctx: Context, args: str) -> Transition:
    words = args.split()
    if len(words) == 1 and words[0].lstrip("#").isdigit():
        return _show(ctx, words[0])
    department: str | None = None
    kind: str | None = None
    for word in words:
        if (named_kind := _kind_named(word)) is not None:
            kind = named_kind
        elif (named := find_department(catalog(ctx), word)) is not None:
            department = named.code
        else:
            return done(texts.reports_filter_unknown(word, departments_list(catalog(ctx))))
    scope = "·".join(
        part for part in (department_name(ctx, department), texts.ISSUE_KINDS.get(kind or "", "")) if part
    )
    reports = [
        r
        for r in ctx.uow.issue_reports.listed(department=department, kind=kind)
        if sees_department(ctx.user, r.department)
    ]
    if not reports:
        return done(texts.reports_none(scope))
    closed = sum(1 for r in reports if r.status == "closed")
    lines = [texts.reports_heading(len(reports) - closed, closed, scope)]
    lines += [
        texts.report_list_line(
            r.id,
            department_name(ctx, r.department),
            texts.ISSUE_KINDS.get(r.kind, r.kind),
            r.status,
            r.description,
            ctx.services.local(r.reported_at),
        )
        for r in reports[:LIST_LIMIT]
    ]
    lines.append(texts.REPORTS_HINT)
    return done("\n".join(lines))


def _report(ctx: Context, number: str, usage: str) -> IssueReportEntry | str:
    """The report a number names, if this user may see it; else the Chinese reason."""
    number = number.strip().lstrip("#")
    if not number.isdigit():
        return texts.report_need_id(usage)
    report = ctx.uow.issue_reports.get(int(number))
    if report is None or not sees_department(ctx.user, report.department):
        return texts.no_such_report(number)
    return report


def _show(ctx: Context, number: str) -> Transition:
    report = _report(ctx, number, texts.USAGE_REPORTS)
    if isinstance(report, str):
        return done(report)
    return done(
        texts.report_detail(
            report.id,
            report.receipt,
            department_name(ctx, report.department),
            texts.ISSUE_KINDS.get(report.kind, report.kind),
            report.status,
            report.description,
            report.attachment_name,
            ctx.services.local(report.reported_at),
            report.reply,
            report.outcome,
        )
    )


def _handler(action: str, usage: str):
    """/回复报告 and /办结报告: both take ``编号 文字``, write only while the case is not closed, and tell
    the department's liaisons in the same transaction."""

    def run(ctx: Context, args: str) -> Transition:
        assert ctx.user is not None
        number, _, text = args.strip().partition(" ")
        report = _report(ctx, number, usage)
        if isinstance(report, str):
            return done(report)
        text = text.strip()
        if not text:
            return done(texts.report_need_text(usage))
        kind, name = texts.ISSUE_KINDS.get(report.kind, report.kind), department_name(ctx, report.department)
        if action == "reply":
            written = ctx.uow.issue_reports.reply(report.id, text=text, by=ctx.user.id, at=ctx.now)
            to_liaison, to_staff = (
                texts.report_reply_to_liaison(report.receipt, kind, text),
                texts.report_replied(report.id, name),
            )
        else:
            written = ctx.uow.issue_reports.close(report.id, outcome=text, by=ctx.user.id, at=ctx.now)
            to_liaison, to_staff = (
                texts.report_closed_to_liaison(report.receipt, kind, text),
                texts.report_closed(report.id, name),
            )
        if not written:  # closed already, perhaps by another member of staff a moment ago
            return done(texts.report_already_closed(report.id, report.receipt))
        ctx.notify_liaisons(report.department, Reply(to_liaison))
        return done(to_staff)

    return run


STAFF_COMMANDS = (
    Command(("报告", "reports"), OFFICE | {LEADER}, _list, texts.SUMMARY_REPORTS, usage=texts.USAGE_REPORTS),
    Command(
        ("回复报告", "reply_report"),
        OFFICE,
        _handler("reply", texts.USAGE_REPLY_REPORT),
        texts.SUMMARY_REPLY_REPORT,
        usage=texts.USAGE_REPLY_REPORT,
    ),
    Command(
        ("办结报告", "close_report"),
        OFFICE,
        _handler("close", texts.USAGE_CLOSE_REPORT),
        texts.SUMMARY_CLOSE_REPORT,
        usage=texts.USAGE_CLOSE_REPORT,
    ),
)
