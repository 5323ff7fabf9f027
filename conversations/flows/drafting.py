"""The part annual goals, monthly arrangements and half-year summaries share: enter items, preview them
with their review, edit / remove / add, confirm into a versioned submission with a receipt and findings for
staff.

```mermaid
stateDiagram-v2
    items --> preview: lines or .docx/.xlsx
    preview --> edit: 修改
    preview --> remove: 删除
    preview --> add: 添加
    edit --> preview
    remove --> preview
    remove --> items: nothing left
    add --> preview
    preview --> [*]: 确认提交 (submission + receipt + findings to staff)
```

The draft (``ctx.data``) holds ``department``, ``items`` (texts) and ``checks`` (an ItemCheck's JSON per
item); annual goals also ``division`` ("" for the department level). Every review is given the division
and the office's judgements (common.judgements), so a division's goals are checked against its duties first
and an item the office has judged follows that judgement (编办曾认定).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from conversations import texts
from conversations.attachments import AttachmentError, read_attachment_plan
from conversations.flow import Context, Finish, Goto, Stay, Step, Transition
from conversations.flows.common import (
    catalog,
    department_name,
    judgements,
    numbers_in,
    oversized,
    text_of,
)
from conversations.messages import Choice, Inbound, Reply
from conversations.obligations import PeriodChoice, open_periods_of, period_to_submit, read_reporting
from fm_domain.deadlines import TaskKind
from fm_domain.items import Plan, parse_items, read_plan, strip_numbering
from fm_domain.records import (
    FindingKind,
    ItemCheck,
    ReviewedItems,
    Submission,
    SubmissionKind,
    count_verdicts,
)

_EDIT = re.compile(r"^(\d+)\s*[\s、.．:：,，]\s*(.+)$", re.DOTALL)
_EDIT_SHORTCUT = re.compile(r"^(?:改|修改)\s*(\d+)\s*[\s、.．:：,，]\s*(.+)$", re.DOTALL)
_REMOVE_SHORTCUT = re.compile(r"^(?:删|删除)\s*([\d\s,，、;；]+)$")
_ADD_SHORTCUT = re.compile(r"^(?:加|添加)\s*[:：]?\s*(.+)$", re.DOTALL)
_PERIOD_WORD = re.compile(r"^(\d{4})(?:-(\d{1,2})|([Hh]1))?$")


@dataclass(frozen=True)
class Raised:
    """A finding a flow raises beside the duty review's, e.g. an annual goal reported not started."""

    item: str
    kind: FindingKind
    detail: str


@dataclass(frozen=True)
class Drafting:
    """What differs between the flows that use these steps."""

    items_prompt: Callable[[Context], str]
    preview_heading: Callable[[Context], str]
    confirm: Callable[[Context], Transition]
    extra_sections: Callable[[Context], list[str]] = lambda ctx: []
    extra_choices: Callable[[Context], tuple[Choice, ...]] = lambda ctx: ()
    on_extra_choice: Callable[[Context, str], Transition | None] = lambda ctx, payload: None
    # Buttons on the items step (年度目标: start from the last version) and what pressing one does.
    items_choices: Callable[[Context], tuple[Choice, ...]] = lambda ctx: ()
    on_items_choice: Callable[[Context, str], Transition | None] = lambda ctx, payload: None


def split_period(args: str) -> tuple[str, list[str]]:
    """The period a command names ("/月度安排 2026-12", "/半年总结 2026H1", as a nudge's button sends it)
    and its other words."""
    period, rest = "", []
    for word in args.split():
        match = _PERIOD_WORD.match(word)
        if match and not period:
            year, month, half = match.groups()
            period = f"{year}-{int(month):02d}" if month else f"{year}H1" if half else year
        else:
            rest.append(word)
    return period, rest


def choose_period(
    ctx: Context, kind: TaskKind, calendar_key: str, accepts: Callable[[str], bool], asked: str = ""
) -> tuple[PeriodChoice, tuple[Reply, ...]]:
    """The period the draft is for, read from the reporting tasks as /待办 and the nudges read them (see
    obligations.period_to_submit), and a note when the period asked for is not open."""
    assert ctx.user is not None and ctx.user.department
    today = ctx.services.today()
    reporting = read_reporting(ctx.uow.reporting, ctx.uow.inquiries, today)
    periods = open_periods_of(reporting, kind, ctx.user.department, today, ctx.services.calendar, accepts)
    choice = period_to_submit(periods, calendar_key, asked)
    notes = (Reply(texts.period_not_open(choice.not_open, choice.key)),) if choice.not_open else ()
    return choice, notes


def items_from(ctx: Context, message: Inbound) -> Plan | str:
    """The items a message carries (with the section headings left out of them), or the Chinese reason
    there are none."""
    if message.attachment is not None:
        if problem := oversized(ctx, message.attachment):
            return problem
        try:
            return read_attachment_plan(message.attachment)
        except AttachmentError as error:
            return str(error)
    plan = read_plan(message.text)
    return plan if plan.items else texts.ITEMS_EMPTY


def _headings_note(plan: Plan) -> tuple[Reply, ...]:
    """Say which lines were taken as section headings, so nothing sent is left out unseen."""
    return (Reply(texts.headings_left_out(plan.headings)),) if plan.headings else ()


def review_draft(ctx: Context, division: str = "") -> ReviewedItems:
    """The review of the draft's items, with the division's duties first and the office's judgements."""
    return ctx.services.reviewer.review(
        catalog(ctx),
        ctx.data["department"],
        ctx.data["items"],
        division=division or None,
        judgements=judgements(ctx),
    )


def recheck(ctx: Context) -> None:
    """Review the draft's items again (the index is cached, so this is cheap)."""
    review = review_draft(ctx, ctx.data.get("division", ""))
    ctx.data["checks"] = [check.to_json() for check in review.items]


def draft_checks(ctx: Context) -> list[ItemCheck]:
    return [ItemCheck.from_json(check) for check in ctx.data["checks"]]


def item_line(n: int, check: ItemCheck) -> str:
    return texts.item_line(
        n,
        check.text,
        check.verdict,
        check.label,
        check.note,
        low=check.low,
        internal=check.internal,
        precedent=check.precedent,
    )


def steps(drafting: Drafting) -> dict[str, Step]:
    def enter_items(ctx: Context, message: Inbound) -> Transition:
        if message.choice is not None:
            return drafting.on_items_choice(ctx, message.choice) or Stay(texts.UNKNOWN_CHOICE)
        plan = items_from(ctx, message)
        if isinstance(plan, str):
            return Stay(plan)
        if len(plan.items) > ctx.services.max_items:
            return Stay(texts.too_many_items(len(plan.items), ctx.services.max_items))
        ctx.data["items"] = plan.items
        recheck(ctx)
        return Goto("preview", notes=_headings_note(plan))

    def preview_prompt(ctx: Context) -> Reply:
        checks = draft_checks(ctx)
        lines = [drafting.preview_heading(ctx)]
        lines += [item_line(n, check) for n, check in enumerate(checks, start=1)]
        lines += drafting.extra_sections(ctx)
        summary = texts.review_summary(count_verdicts(checks))
        if summary:
            lines.append(summary)
        lines.append(texts.PREVIEW_CHOICE_HINT)
        choices = (
            Choice(texts.LABEL_CONFIRM, "confirm"),
            Choice(texts.LABEL_EDIT, "edit"),
            Choice(texts.LABEL_REMOVE, "remove"),
            Choice(texts.LABEL_ADD, "add"),
            *drafting.extra_choices(ctx),
            Choice(texts.LABEL_CANCEL, texts.CANCEL_COMMAND),
        )
        return Reply("\n".join(lines), choices)

    def preview(ctx: Context, message: Inbound) -> Transition:
        if message.choice == "confirm":
            return drafting.confirm(ctx)
        if message.choice in ("edit", "remove", "add"):
            return Goto(message.choice)
        if message.choice is not None:
            return drafting.on_extra_choice(ctx, message.choice) or Stay(texts.UNKNOWN_CHOICE)
        text = text_of(message)
        if match := _EDIT_SHORTCUT.match(text):
            return _edit(ctx, int(match.group(1)), match.group(2))
        if match := _REMOVE_SHORTCUT.match(text):
            return _remove(ctx, numbers_in(match.group(1)) or [])
        if match := _ADD_SHORTCUT.match(text):
            return _add(ctx, read_plan(match.group(1)))
        if _looks_like_more_items(text):
            # Items arrive in several messages when a plan is pasted in parts or line by line.
            return _add(ctx, read_plan(text))
        if text.strip():
            # One plain line could be an item or a remark: adding it unasked would put a remark in the plan.
            return Stay(texts.not_a_preview_choice(text.strip(), len(ctx.data["items"])))
        return Stay(texts.PREVIEW_CHOICE_HINT)

    def edit(ctx: Context, message: Inbound) -> Transition:
        match = _EDIT.match(text_of(message))
        if not match:
            return Stay(texts.EDIT_FORMAT)
        return _edit(ctx, int(match.group(1)), match.group(2))

    def remove(ctx: Context, message: Inbound) -> Transition:
        numbers = numbers_in(text_of(message))
        if numbers is None:
            return Stay(texts.REMOVE_FORMAT)
        return _remove(ctx, numbers)

    def add(ctx: Context, message: Inbound) -> Transition:
        plan = items_from(ctx, message)
        if isinstance(plan, str):
            return Stay(plan)
        return _add(ctx, plan)

    return {
        "items": Step(
            lambda ctx: Reply(drafting.items_prompt(ctx), drafting.items_choices(ctx)), enter_items
        ),
        "preview": Step(preview_prompt, preview),
        "edit": Step(lambda ctx: Reply(texts.EDIT_PROMPT), edit),
        "remove": Step(lambda ctx: Reply(texts.REMOVE_PROMPT), remove),
        "add": Step(lambda ctx: Reply(texts.ADD_PROMPT), add),
    }


def _looks_like_more_items(text: str) -> bool:
    """Several lines, or one line that carries its own numbering ("5. …", "（五）…"): more of the plan."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) > 1 or (len(lines) == 1 and strip_numbering(lines[0]) != lines[0].strip())


def _edit(ctx: Context, n: int, text: str) -> Transition:
    items: list[str] = ctx.data["items"]
    if not 1 <= n <= len(items):
        return Stay(texts.number_out_of_range(n, len(items)))
    replacement = parse_items(text)
    if not replacement:
        return Stay(texts.EDIT_FORMAT)
    items[n - 1] = " ".join(replacement)
    recheck(ctx)
    return Goto("preview")


def _remove(ctx: Context, numbers: list[int]) -> Transition:
    items: list[str] = ctx.data["items"]
    wrong = next((n for n in numbers if not 1 <= n <= len(items)), None)
    if wrong is not None or not numbers:
        return Stay(texts.number_out_of_range(wrong or 0, len(items)))
    ctx.data["items"] = [item for n, item in enumerate(items, start=1) if n not in set(numbers)]
    if not ctx.data["items"]:
        ctx.data["checks"] = []
        return Goto("items", notes=(Reply(texts.REMOVED_ALL),))
    recheck(ctx)
    return Goto("preview")


def start_from(ctx: Context, items: list[str]) -> Transition:
    """Take these items (an earlier version's) as the draft and show its preview to be changed."""
    ctx.data["items"] = list(items)
    recheck(ctx)
    return Goto("preview")


def _add(ctx: Context, plan: Plan) -> Transition:
    items = plan.items
    if not items:
        return Stay(texts.ITEMS_EMPTY)
    if len(ctx.data["items"]) + len(items) > ctx.services.max_items:
        return Stay(texts.too_many_items(len(ctx.data["items"]) + len(items), ctx.services.max_items))
    ctx.data["items"] = [*ctx.data["items"], *items]
    recheck(ctx)
    return Goto("preview", notes=_headings_note(plan))


def submit(
    ctx: Context,
    *,
    kind: SubmissionKind,
    title: str,
    period: str,
    division: str,
    receipt_prefix: str,
    details: Mapping[str, Any] | None = None,
    raised: Sequence[Raised] = (),
    tally: str = "",
    follow_up: str = "",
) -> Transition:
    """Store the draft as the next version of this submission (with the flow's ``details``), open a finding
    for every item that is not clearly in scope (after the flow's own ``raised`` ones; see
    ItemCheck.raises_finding) and settle the earlier versions' open findings (_findings_of_version), tell
    staff, and give the liaison the receipt. One transaction with the state change. ``tally`` is the flow's
    own count, shown before the review's; ``follow_up`` a line the flow adds to the staff notice."""
    assert ctx.user is not None
    department = ctx.data["department"]
    review = review_draft(ctx, division)
    entry = ctx.uow.submissions.add(
        kind=kind,
        department=department,
        division=division,
        period=period,
        review=review,
        details=details,
        submitted_by=ctx.user.id,
        submitted_at=ctx.now,
    )
    receipt = f"{receipt_prefix}{period.replace('-', '')}-{entry.id:05d}"
    ctx.uow.submissions.set_receipt(entry.id, receipt)
    reviewed = [
        Raised(
            check.text,
            FindingKind.of(check.verdict),
            texts.finding_detail(check.label, check.note, low=check.low),
        )
        for check in review.items
        if check.raises_finding
    ]
    findings, carried, closed = _findings_of_version(ctx, entry, (*raised, *reviewed))
    summary = "\n".join(part for part in (tally, texts.review_summary(review.counts)) if part)
    follow_up = "\n".join(part for part in (follow_up, texts.earlier_findings(carried, closed)) if part)
    name = department_name(ctx, department)
    ctx.notify_staff(
        Reply(
            texts.staff_review_notice(
                title,
                name + (division or ""),
                ctx.user.display_name,
                receipt,
                entry.version,
                summary,
                findings,
                follow_up,
            )
        )
    )
    closed_note = texts.earlier_findings_closed(len(closed)) if closed else ""
    return Finish((Reply(texts.submitted(title, receipt, entry.version, summary) + closed_note),))


def _findings_of_version(
    ctx: Context, submission: Submission, raised: Sequence[Raised]
) -> tuple[list[str], list[int], list[int]]:
    """Open the findings a new version raises, and settle the earlier versions' open ones, so staff never
    decide an item the department has since changed: one raised again (the same item, the same verdict)
    is carried over with its number, the rest are closed as superseded. Returns the finding lines for
    staff, and the numbers carried over and closed."""
    earlier: dict[tuple[str, FindingKind], list[int]] = {}
    for old in ctx.uow.findings.open_of_series(submission.series):
        earlier.setdefault((old.item, old.kind), []).append(old.id)
    lines, carried = [], []
    for finding in raised:
        same = earlier.get((finding.item, finding.kind))
        old_id = same.pop(0) if same else None
        if old_id is not None and ctx.uow.findings.carry_over(
            old_id, submission_id=submission.id, detail=finding.detail
        ):
            finding_id = old_id
            carried.append(old_id)
        else:  # new, or decided by staff meanwhile: a finding of its own
            finding_id = ctx.uow.findings.add(
                department=submission.department,
                submission_id=submission.id,
                item=finding.item,
                kind=finding.kind,
                detail=finding.detail,
                created_at=ctx.now,
            )
        lines.append(texts.finding_line(finding_id, finding.kind, finding.item, finding.detail))
    left = [finding_id for ids in earlier.values() for finding_id in ids]
    closed = list(ctx.uow.findings.supersede(left, at=ctx.now))
    return lines, carried, closed


def due(ctx: Context) -> str:
    """The draft's deadline as the prompts show it ("截止 …", or overdue)."""
    deadline = ctx.data.get("deadline", "")  # absent from drafts begun before periods had deadlines
    return texts.period_due(date.fromisoformat(deadline) if deadline else None, ctx.services.today())
