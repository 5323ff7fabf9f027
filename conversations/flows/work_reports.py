"""重要政策措施 and 重大活动: a liaison reports a policy the department issued (``/重要政策``) or a major
activity it held (``/重大活动``): its name, date, content and files. The report is checked against the 三定
as any item is (its name and content together); one the check sends to staff (not clearly in scope)
becomes a finding. Each is kept in the department's record with a receipt (/状态; staff: /政策活动 部门).

```mermaid
stateDiagram-v2
    [*] --> title --> date --> description
    description --> files: text only
    description --> files: text with a file (kept)
    files --> files: another file
    files --> preview: 完成 (the 三定 check shown)
    preview --> [*]: 确认提交 (receipt; a finding when the check raises one; staff told)
```
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from conversations import report_texts, texts
from conversations.flow import Command, Context, Finish, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import inquiry
from conversations.flows.common import (
    catalog,
    department_name,
    file_from_draft,
    judgements,
    keep_file,
    named_department,
    text_of,
)
from conversations.messages import Attachment, Choice, Inbound, Reply
from conversations.rights import LEADER, LIAISONS, OFFICE
from conversations.visit_records import MAX_FILES
from fm_domain.records import FindingKind, ItemCheck, WorkReport, WorkReportKind

LABEL_DONE = "完成"
_RECEIPT_PREFIXES = {WorkReportKind.POLICY: "ZC", WorkReportKind.EVENT: "HD"}


def _starter(kind: WorkReportKind) -> Callable[[Context, str], Transition]:
    def start(ctx: Context, args: str) -> Transition:
        if ctx.user is None or not ctx.user.department:
            return done(texts.NOT_A_LIAISON_OF_A_DEPARTMENT)
        ctx.data = {
            "kind": kind.value,
            "department": ctx.user.department,
            "title": args.strip(),
            "date": "",
            "description": "",
            "files": [],
            "check": None,
        }
        return Goto("date") if ctx.data["title"] else Goto("title")

    return start


def _kind(ctx: Context) -> WorkReportKind:
    return WorkReportKind(ctx.data["kind"])


def _title(ctx: Context, message: Inbound) -> Transition:
    if not text_of(message):
        return Stay(texts.TEXT_EXPECTED)
    ctx.data["title"] = text_of(message)
    return Goto("date")


def _date(ctx: Context, message: Inbound) -> Transition:
    text = text_of(message)
    today = ctx.services.today()
    day = inquiry.past_or_present_date(ctx, text)
    if day is None:
        return Stay(report_texts.WORK_DATE_FORMAT)
    if day > today:
        return Stay(report_texts.WORK_DATE_FUTURE)
    ctx.data["date"] = day.isoformat()
    return Goto("description")


def _description(ctx: Context, message: Inbound) -> Transition:
    if not text_of(message):
        return Stay(report_texts.WORK_DESCRIPTION_PROMPT)
    ctx.data["description"] = text_of(message)
    if message.attachment is not None and (refused := _keep_file(ctx, message.attachment)):
        return refused
    return Goto("files")


def _keep_file(ctx: Context, attachment: Attachment) -> Transition | None:
    refused = keep_file(ctx, attachment, limit=MAX_FILES, too_many=report_texts.WORK_FILES_PROMPT)
    return Stay(refused) if refused else None


def _files(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "done" or text_of(message) in (LABEL_DONE, texts.LABEL_SKIP):
        _check(ctx)
        return Goto("preview")
    if message.attachment is None:
        return Stay(report_texts.WORK_FILES_PROMPT)
    if refused := _keep_file(ctx, message.attachment):
        return refused
    return Stay(report_texts.WORK_FILES_MORE)


def _check(ctx: Context) -> None:
    """The report as one item (its name and content) against the department's 三定, kept in the draft."""
    item = f"{ctx.data['title']}：{ctx.data['description']}"
    review = ctx.services.reviewer.review(
        catalog(ctx), ctx.data["department"], [item], judgements=judgements(ctx)
    )
    ctx.data["check"] = review.items[0].to_json()


def _check_text(check: ItemCheck) -> str:
    label = texts.VERDICT_LABELS.get(check.counted_as, "")
    if check.low:
        label = texts.PENDING_JUDGEMENT
    detail = texts.finding_detail(check.label, check.note, low=False)
    return f"{label}（{detail}）" if detail else label


def _preview_prompt(ctx: Context) -> Reply:
    data = ctx.data
    check = ItemCheck.from_json(data["check"])
    return Reply(
        report_texts.work_preview(
            _kind(ctx),
            department_name(ctx, data["department"]),
            data["title"],
            date.fromisoformat(data["date"]),
            data["description"],
            [file["name"] for file in data["files"]],
            _check_text(check),
        ),
        (Choice(texts.LABEL_CONFIRM, "confirm"), Choice(texts.LABEL_CANCEL, texts.CANCEL_COMMAND)),
    )


def _preview(ctx: Context, message: Inbound) -> Transition:
    if message.choice != "confirm":
        return Stay(texts.UNKNOWN_CHOICE)
    assert ctx.user is not None
    data, kind = ctx.data, _kind(ctx)
    check = ItemCheck.from_json(data["check"])
    finding_id = None
    if check.raises_finding:
        finding_id = ctx.uow.findings.add(
            department=data["department"],
            submission_id=None,
            item=check.text,
            kind=FindingKind.of(check.verdict),
            detail=texts.finding_detail(check.label, check.note, low=check.low),
            created_at=ctx.now,
        )
    report = ctx.uow.work_reports.add(
        department=data["department"],
        kind=kind,
        title=data["title"],
        happened_on=date.fromisoformat(data["date"]),
        description=data["description"],
        check=check,
        finding_id=finding_id,
        files=[attached for file in data["files"] if (attached := file_from_draft(file)) is not None],
        by=ctx.user.id,
        at=ctx.now,
    )
    receipt = f"{_RECEIPT_PREFIXES[kind]}{report.happened_on:%Y%m}-{report.id:05d}"
    ctx.uow.work_reports.set_receipt(report.id, receipt)
    name = department_name(ctx, data["department"])
    ctx.notify_staff(
        Reply(report_texts.work_to_staff(kind, name, report.title, receipt, _check_text(check), finding_id))
    )
    return Finish((Reply(report_texts.work_recorded(kind, receipt, finding_id)),))


def _flow(kind: WorkReportKind) -> Flow:
    return Flow(
        f"work_report_{kind.value}",
        report_texts.WORK_KINDS[kind],
        {
            "title": Step(lambda ctx: Reply(report_texts.WORK_TITLE_PROMPTS[_kind(ctx)]), _title),
            "date": Step(lambda ctx: Reply(report_texts.WORK_DATE_PROMPTS[_kind(ctx)]), _date),
            "description": Step(lambda ctx: Reply(report_texts.WORK_DESCRIPTION_PROMPT), _description),
            "files": Step(
                lambda ctx: Reply(report_texts.WORK_FILES_PROMPT, (Choice(LABEL_DONE, "done"),)), _files
            ),
            "preview": Step(_preview_prompt, _preview),
        },
    )


def _list(ctx: Context, args: str) -> Transition:
    if not args.strip():
        return done(report_texts.USAGE_WORK_LIST)
    department = named_department(ctx, args)
    if isinstance(department, str):
        return done(department)
    reports = ctx.uow.work_reports.of_department(department.code)
    lines = [report_texts.works_heading(department.display_name, len(reports))]
    lines += [report_lines(report) for report in reports]
    return done("\n".join(lines))


def report_lines(report: WorkReport) -> str:
    return report_texts.work_line(
        report.kind, report.happened_on, report.title, report.receipt, _check_text(report.check)
    )


COMMANDS = (
    Command(
        ("重要政策", "policy"),
        LIAISONS,
        _starter(WorkReportKind.POLICY),
        report_texts.SUMMARY_POLICY,
        flow=_flow(WorkReportKind.POLICY),
    ),
    Command(
        ("重大活动", "event"),
        LIAISONS,
        _starter(WorkReportKind.EVENT),
        report_texts.SUMMARY_EVENT,
        flow=_flow(WorkReportKind.EVENT),
    ),
    Command(
        ("政策活动", "works"),
        OFFICE | {LEADER},
        _list,
        report_texts.SUMMARY_WORK_LIST,
        usage=report_texts.USAGE_WORK_LIST,
    ),
)
