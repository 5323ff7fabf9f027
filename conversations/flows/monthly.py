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

Progress of last month's items lives in ``ctx.data["progress"]`` as ``{"text", "status", "reason"}``;
``index`` is the item being asked about; ``revising`` is set when one status is changed from the preview.
"""

from __future__ import annotations

import json
from datetime import date

from conversations import texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import drafting
from conversations.flows.common import department_name, numbers_in, text_of
from conversations.messages import Choice, Inbound, Reply
from conversations.rights import LIAISONS

KIND = "monthly_arrangement"


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_month_key(day: date) -> str:
    return month_key(date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1))


def _start(ctx: Context, args: str) -> Transition:
    if ctx.user is None or not ctx.user.department:
        return done(texts.NOT_A_LIAISON_OF_A_DEPARTMENT)
    today = ctx.services.today()
    previous_period = previous_month_key(today)
    previous = ctx.uow.submissions.latest(KIND, ctx.user.department, previous_period)
    progress = []
    if previous is not None:
        progress = [
            {"text": item["text"], "status": "", "reason": ""}
            for item in json.loads(previous.content)["items"]
        ]
    ctx.data = {
        "department": ctx.user.department,
        "period": month_key(today),
        "previous_period": previous_period,
        "progress": progress,
        "index": 0,
        "revising": False,
        "items": [],
        "checks": [],
    }
    if not progress:
        return Goto("items", notes=(Reply(texts.monthly_no_previous(previous_period)),))
    return Goto("progress")


def _progress_prompt(ctx: Context) -> Reply:
    index, progress = ctx.data["index"], ctx.data["progress"]
    return Reply(
        texts.progress_prompt(index + 1, len(progress), progress[index]["text"]),
        tuple(Choice(label, status) for status, label in texts.PROGRESS_LABELS.items()),
    )


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
    items_prompt=lambda ctx: texts.monthly_items_prompt(*_who(ctx)),
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
