"""月度安排: this month's items, and the progress of each of last month's items.

```mermaid
stateDiagram-v2
    [*] --> progress: last month was submitted
    [*] --> items: nothing last month
    progress --> progress: 完成 / 推进中 (next item)
    progress --> delay_reason: 延期
    delay_reason --> progress: next item
    progress --> items: last item done
    delay_reason --> items: last item done
    items --> preview
    preview --> edit / remove / add --> preview
    preview --> progress_pick: 修改上月进展
    progress_pick --> progress --> preview
    preview --> [*]: 确认提交 (items marked 延期 and review flags become findings for staff)
```

The month is the one the department owes (drafting.choose_period: the earliest open period of the monthly
task not yet submitted, the one a nudge's button names, or today's month when no task is kept); "last
month" is the month before it. ``ctx.data["deadline"]`` holds its deadline (ISO, "" without a task).

Progress of last month's items lives in ``ctx.data["progress"]`` as ``{"text", "status", "reason"}``, asked
one item at a time by the steps of flows/progress.py.
"""

from __future__ import annotations

import re
from datetime import date

from conversations import texts
from conversations.flow import Command, Context, Flow, Goto, Transition, done
from conversations.flows import drafting
from conversations.flows.common import department_name
from conversations.flows.progress import Progress
from conversations.messages import Choice, Reply
from conversations.rights import LIAISONS
from fm_domain.deadlines import TaskKind
from fm_domain.records import FindingKind, SubmissionKind

KIND = SubmissionKind.MONTHLY_ARRANGEMENT
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_month_key(day: date) -> str:
    return month_key(date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1))


def is_month_key(key: str) -> bool:
    return bool(_MONTH.match(key))


def previous_period_of(key: str) -> str:
    """``2026-12`` → ``2026-11``, ``2027-01`` → ``2026-12``."""
    return previous_month_key(date(int(key[:4]), int(key[5:]), 1))


def _start(ctx: Context, args: str) -> Transition:
    if ctx.user is None or not ctx.user.department:
        return done(texts.NOT_A_LIAISON_OF_A_DEPARTMENT)
    asked, _ = drafting.split_period(args)
    today = ctx.services.today()
    choice, notes = drafting.choose_period(
        ctx, TaskKind.MONTHLY_ARRANGEMENT, month_key(today), is_month_key, asked
    )
    previous_period = previous_period_of(choice.key)
    previous = ctx.uow.submissions.latest(KIND, ctx.user.department, previous_period)
    progress = []
    if previous is not None:
        progress = [{"text": text, "status": "", "reason": ""} for text in previous.item_texts]
    ctx.data = {
        "department": ctx.user.department,
        "period": choice.key,
        "deadline": choice.deadline.isoformat() if choice.deadline else "",
        "previous_period": previous_period,
        "progress": progress,
        "index": 0,
        "revising": False,
        "items": [],
        "checks": [],
    }
    if not progress:
        return Goto("items", notes=(*notes, Reply(texts.monthly_no_previous(previous_period))))
    return _PROGRESS.start(notes)


def _heading(ctx: Context) -> str:
    return texts.monthly_heading(*_who(ctx), drafting.due(ctx))


_PROGRESS = Progress(
    key="progress",
    ask_step="progress",
    reason_step="delay_reason",
    pick_step="progress_pick",
    labels=texts.PROGRESS_LABELS,
    needs_reason="delayed",
    prompt=texts.progress_prompt,
    reason_prompt=texts.delay_reason_prompt,
    reason_empty=texts.REASON_EMPTY,
    pick_prompt=texts.PROGRESS_PICK_PROMPT,
    heading=_heading,  # the flow's first question says which month it is for
)


def _progress_section(ctx: Context) -> list[str]:
    progress = ctx.data["progress"]
    if not progress:
        return []
    return [texts.MONTHLY_PROGRESS_HEADING] + [
        texts.progress_line(n, entry["text"], entry["status"], entry["reason"])
        for n, entry in enumerate(progress, start=1)
    ]


def _extra_choice(ctx: Context, payload: str) -> Transition | None:
    if payload == "revise_progress" and ctx.data["progress"]:
        return _PROGRESS.revise()
    return None


def _confirm(ctx: Context) -> Transition:
    """Submit; a last-month item reported 延期 becomes a finding with its reason, as the half-year
    summary raises a goal not started, so staff see the delay and may follow it up."""
    progress = ctx.data["progress"]
    delayed = [
        drafting.Raised(entry["text"], FindingKind.DELAYED, texts.delayed_detail(entry["reason"]))
        for entry in progress
        if entry["status"] == _PROGRESS.needs_reason
    ]
    follow_up = texts.delayed_follow_up(department_name(ctx, ctx.data["department"])) if delayed else ""
    return drafting.submit(
        ctx,
        kind=KIND,
        title=texts.MONTHLY_TITLE,
        period=ctx.data["period"],
        division="",
        receipt_prefix="YD",
        details={"previous_period": ctx.data["previous_period"], "progress": progress},
        raised=delayed,
        tally=texts.progress_tally(ctx.data["previous_period"], _PROGRESS.counts(ctx)) if progress else "",
        follow_up=follow_up,
    )


def _who(ctx: Context) -> tuple[str, str]:
    return department_name(ctx, ctx.data["department"]), ctx.data["period"]


_DRAFTING = drafting.Drafting(
    items_prompt=lambda ctx: texts.monthly_items_prompt(*_who(ctx), drafting.due(ctx)),
    preview_heading=lambda ctx: texts.monthly_preview_heading(*_who(ctx), len(ctx.data["items"])),
    confirm=_confirm,
    extra_sections=_progress_section,
    extra_choices=lambda ctx: (
        (Choice(texts.LABEL_REVISE_PROGRESS, "revise_progress"),) if ctx.data["progress"] else ()
    ),
    on_extra_choice=_extra_choice,
)

FLOW = Flow(
    KIND.value,
    texts.MONTHLY_TITLE,
    {
        **_PROGRESS.steps(),
        **drafting.steps(_DRAFTING),
    },
)
COMMAND = Command(("月度安排", "monthly"), LIAISONS, _start, texts.SUMMARY_MONTHLY, flow=FLOW)
