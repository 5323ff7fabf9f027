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
    preview --> [*]: 确认提交
```

The month is the one the department owes (drafting.choose_period: the earliest open period of the monthly
task not yet submitted, the one a nudge's button names, or today's month when no task is kept); "last
month" is the month before it. ``ctx.data["deadline"]`` holds its deadline (ISO, "" without a task).

Progress of last month's items lives in ``ctx.data["progress"]`` as ``{"text", "status", "reason"}``;
``index`` is the item being asked about; ``revising`` is set when one status is changed from the preview.
"""

from __future__ import annotations

import json
import re
from datetime import date

from conversations import texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import drafting
from conversations.flows.common import department_name, numbers_in, text_of
from conversations.messages import Choice, Inbound, Reply
from conversations.rights import LIAISONS
from fm_domain.deadlines import TaskKind

KIND = TaskKind.MONTHLY_ARRANGEMENT.value
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
        progress = [
            {"text": item["text"], "status": "", "reason": ""}
            for item in json.loads(previous.content)["items"]
        ]
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
    return Goto("progress", notes=notes)


def _heading(ctx: Context) -> str:
    return texts.monthly_heading(*_who(ctx), drafting.due(ctx))


def _progress_prompt(ctx: Context) -> Reply:
    index, progress = ctx.data["index"], ctx.data["progress"]
    prompt = texts.progress_prompt(index + 1, len(progress), progress[index]["text"])
    if index == 0 and not ctx.data["revising"]:
        prompt = f"{_heading(ctx)}\n{prompt}"  # the flow's first question says which month it is for
    return Reply(prompt, tuple(Choice(label, status) for status, label in texts.PROGRESS_LABELS.items()))


def _progress(ctx: Context, message: Inbound) -> Transition:
    status = message.choice or {v: k for k, v in texts.PROGRESS_LABELS.items()}.get(text_of(message))
    if status not in texts.PROGRESS_LABELS:
        return Stay(texts.UNKNOWN_CHOICE)
    entry = ctx.data["progress"][ctx.data["index"]]
    entry["status"] = status
    if status == "delayed":
        return Goto("delay_reason")
    entry["reason"] = ""
    return _next_item(ctx)


def _progress_back(ctx: Context) -> Transition | None:
    if ctx.data["revising"] or ctx.data["index"] == 0:
        return None  # the previous step
    ctx.data["index"] -= 1
    return Goto("progress")


def _delay_reason(ctx: Context, message: Inbound) -> Transition:
    reason = text_of(message)
    if not reason:
        return Stay(texts.REASON_EMPTY)
    ctx.data["progress"][ctx.data["index"]]["reason"] = reason
    return _next_item(ctx)


def _next_item(ctx: Context) -> Transition:
    if ctx.data["revising"]:
        ctx.data["revising"] = False
        return Goto("preview")
    if ctx.data["index"] + 1 < len(ctx.data["progress"]):
        ctx.data["index"] += 1
        return Goto("progress")
    return Goto("preview") if ctx.data["items"] else Goto("items")


def _progress_pick(ctx: Context, message: Inbound) -> Transition:
    numbers = numbers_in(text_of(message))
    count = len(ctx.data["progress"])
    if not numbers or len(numbers) != 1:
        return Stay(texts.PROGRESS_PICK_PROMPT)
    if not 1 <= numbers[0] <= count:
        return Stay(texts.number_out_of_range(numbers[0], count))
    ctx.data["index"], ctx.data["revising"] = numbers[0] - 1, True
    return Goto("progress")


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
        return Goto("progress_pick")
    return None


def _confirm(ctx: Context) -> Transition:
    return drafting.submit(
        ctx,
        kind=KIND,
        title=texts.MONTHLY_TITLE,
        period=ctx.data["period"],
        division="",
        receipt_prefix="YD",
        extra={"previous_period": ctx.data["previous_period"], "progress": ctx.data["progress"]},
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
    KIND,
    texts.MONTHLY_TITLE,
    {
        "progress": Step(_progress_prompt, _progress, back=_progress_back),
        "delay_reason": Step(
            lambda ctx: Reply(texts.delay_reason_prompt(ctx.data["progress"][ctx.data["index"]]["text"])),
            _delay_reason,
        ),
        "progress_pick": Step(lambda ctx: Reply(texts.PROGRESS_PICK_PROMPT), _progress_pick),
        **drafting.steps(_DRAFTING),
    },
)
COMMAND = Command(("月度安排", "monthly"), LIAISONS, _start, texts.SUMMARY_MONTHLY, flow=FLOW)
