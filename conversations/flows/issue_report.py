"""问题报告: a liaison reports a problem of one of six kinds, with a description and optionally a file.

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
from conversations.flows.common import department_name, file_from_draft, file_to_draft, oversized, text_of
from conversations.messages import Choice, Inbound, Reply
from conversations.rights import LIAISONS

KIND = "issue_report"


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
