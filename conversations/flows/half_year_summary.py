"""半年总结: the progress of each of the year's annual goals, and the other work done in the first half.

```mermaid
stateDiagram-v2
    [*] --> goal: the year's department-level goals were submitted
    [*] --> items: no goals that year (said in one line)
    goal --> goal: 已完成 / 推进中 (next goal)
    goal --> not_started_reason: 未启动
    not_started_reason --> goal: next goal
    goal --> items: last goal done
    not_started_reason --> items: last goal done
    items --> preview: lines or .docx/.xlsx/.txt
    items --> preview: 跳过 (only when there are goals)
    preview --> edit / remove / add --> preview
    preview --> goal_pick: 修改目标进展
    goal_pick --> goal --> preview
    preview --> [*]: 确认提交 (new version + receipt; 未启动 goals and review flags become findings)
```

The period is the one the department owes (drafting.choose_period for the half-year summary task: the
earliest open period not yet submitted, the one a nudge's button names, or this year's first half when no
task is kept); ``ctx.data["deadline"]`` holds its deadline (ISO, "" without a task). The goals are the
items of the department's latest department-level annual goals of that year.

Goal progress lives in ``ctx.data["goals"]`` as ``{"text", "status", "reason"}``; ``index`` is the goal
being asked about; ``revising`` is set when one status is changed from the preview. The other items are
the shared drafting steps' ``items`` and ``checks``; they may be left empty when there are goals.
"""

from __future__ import annotations

import json
import re

from conversations import texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import drafting
from conversations.flows.common import department_name, numbers_in, text_of
from conversations.messages import Choice, Inbound, Reply
from conversations.rights import LIAISONS
from fm_domain.deadlines import TaskKind

KIND = TaskKind.HALF_YEAR_SUMMARY.value
GOALS_KIND = TaskKind.ANNUAL_GOALS.value
_HALF_YEAR = re.compile(r"^\d{4}H1$")


def is_half_year_key(key: str) -> bool:
    return bool(_HALF_YEAR.match(key))


def _start(ctx: Context, args: str) -> Transition:
    if ctx.user is None or not ctx.user.department:
        return done(texts.NOT_A_LIAISON_OF_A_DEPARTMENT)
    asked, _ = drafting.split_period(args)
    # The calendar's half-year: the rule names only the first half, due mid-year, so it is this year's.
    calendar_key = f"{ctx.services.today().year:04d}H1"
    choice, notes = drafting.choose_period(
        ctx, TaskKind.HALF_YEAR_SUMMARY, calendar_key, is_half_year_key, asked
    )
    year = choice.key[:4]
    annual = ctx.uow.submissions.latest(GOALS_KIND, ctx.user.department, year)
    goals = []
    if annual is not None:
        goals = [
            {"text": item["text"], "status": "", "reason": ""} for item in json.loads(annual.content)["items"]
        ]
    ctx.data = {
        "department": ctx.user.department,
        "period": choice.key,
        "deadline": choice.deadline.isoformat() if choice.deadline else "",
        "year": year,
        "goals_receipt": annual.receipt if annual is not None else "",
        "goals": goals,
        "index": 0,
        "revising": False,
        "items": [],
        "checks": [],
    }
    if not goals:
        return Goto("items", notes=(*notes, Reply(texts.halfyear_no_goals(year))))
    return Goto("goal", notes=notes)


def _who(ctx: Context) -> tuple[str, str]:
    return department_name(ctx, ctx.data["department"]), ctx.data["period"]


def _goal_prompt(ctx: Context) -> Reply:
    index, goals = ctx.data["index"], ctx.data["goals"]
    prompt = texts.goal_prompt(index + 1, len(goals), goals[index]["text"])
    if index == 0 and not ctx.data["revising"]:
        # The flow's first question says which half-year it is for.
        prompt = f"{texts.halfyear_heading(*_who(ctx), drafting.due(ctx))}\n{prompt}"
    return Reply(prompt, tuple(Choice(label, status) for status, label in texts.GOAL_STATUS_LABELS.items()))


def _goal(ctx: Context, message: Inbound) -> Transition:
    status = message.choice or {v: k for k, v in texts.GOAL_STATUS_LABELS.items()}.get(text_of(message))
    if status not in texts.GOAL_STATUS_LABELS:
        return Stay(texts.UNKNOWN_CHOICE)
    entry = ctx.data["goals"][ctx.data["index"]]
    entry["status"] = status
    if status == "not_started":
        return Goto("not_started_reason")
    entry["reason"] = ""
    return _next_goal(ctx)


def _goal_back(ctx: Context) -> Transition | None:
    if ctx.data["revising"] or ctx.data["index"] == 0:
        return None  # the previous step
    ctx.data["index"] -= 1
    return Goto("goal")


def _not_started_reason(ctx: Context, message: Inbound) -> Transition:
    reason = text_of(message)
    if not reason:
        return Stay(texts.NOT_STARTED_REASON_EMPTY)
    ctx.data["goals"][ctx.data["index"]]["reason"] = reason
    return _next_goal(ctx)


def _next_goal(ctx: Context) -> Transition:
    if ctx.data["revising"]:
        ctx.data["revising"] = False
        return Goto("preview")
    if ctx.data["index"] + 1 < len(ctx.data["goals"]):
        ctx.data["index"] += 1
        return Goto("goal")
    return Goto("preview") if ctx.data["items"] else Goto("items")


def _goal_pick(ctx: Context, message: Inbound) -> Transition:
    numbers = numbers_in(text_of(message))
    count = len(ctx.data["goals"])
    if not numbers or len(numbers) != 1:
        return Stay(texts.GOAL_PICK_PROMPT)
    if not 1 <= numbers[0] <= count:
        return Stay(texts.number_out_of_range(numbers[0], count))
    ctx.data["index"], ctx.data["revising"] = numbers[0] - 1, True
    return Goto("goal")


# -- the other items: the shared drafting steps, with 跳过 when the goals already say something ----------


def _items_prompt(ctx: Context) -> Reply:
    skippable = bool(ctx.data["goals"])
    text = texts.halfyear_items_prompt(*_who(ctx), drafting.due(ctx), skippable)
    return Reply(text, (Choice(texts.LABEL_SKIP, "skip"),) if skippable else ())


def _items(enter: Step) -> Step:
    def handle(ctx: Context, message: Inbound) -> Transition:
        # Typed 跳过 is a skip even where no button offers it, rather than an item named 跳过.
        if message.choice != "skip" and text_of(message) != texts.LABEL_SKIP:
            return enter.handle(ctx, message)
        if not ctx.data["goals"]:
            return Stay(texts.HALFYEAR_NOTHING)
        ctx.data["items"], ctx.data["checks"] = [], []
        return Goto("preview")

    return Step(_items_prompt, handle)


# -- preview and submission --------------------------------------------------------------------------


def _goal_counts(ctx: Context) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in ctx.data["goals"]:
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    return counts


def _preview_heading(ctx: Context) -> str:
    """The heading, the goals with their progress, then the heading of the other items (listed after it)."""
    year, goals = ctx.data["year"], ctx.data["goals"]
    lines = [texts.halfyear_preview_heading(*_who(ctx))]
    if goals:
        lines.append(texts.goals_progress_heading(year, _goal_counts(ctx)))
        lines += [
            texts.goal_line(n, entry["text"], entry["status"], entry["reason"])
            for n, entry in enumerate(goals, start=1)
        ]
    else:
        lines.append(texts.halfyear_goals_none(year))
    lines.append(texts.halfyear_items_heading(len(ctx.data["items"])))
    return "\n".join(lines)


def _extra_choice(ctx: Context, payload: str) -> Transition | None:
    if payload == "revise_goals" and ctx.data["goals"]:
        return Goto("goal_pick")
    return None


def _confirm(ctx: Context) -> Transition:
    goals = ctx.data["goals"]
    not_started = [
        drafting.Raised(entry["text"], "not_started", texts.not_started_detail(entry["reason"]))
        for entry in goals
        if entry["status"] == "not_started"
    ]
    follow_up = (
        texts.not_started_follow_up(department_name(ctx, ctx.data["department"])) if not_started else ""
    )
    return drafting.submit(
        ctx,
        kind=KIND,
        title=texts.HALFYEAR_TITLE,
        period=ctx.data["period"],
        division="",
        receipt_prefix="BN",
        extra={"year": ctx.data["year"], "goals_receipt": ctx.data["goals_receipt"], "goals": goals},
        raised=not_started,
        tally=texts.goals_tally(_goal_counts(ctx)) if goals else "",
        follow_up=follow_up,
    )


_DRAFTING = drafting.Drafting(
    items_prompt=lambda ctx: _items_prompt(ctx).text,
    preview_heading=_preview_heading,
    confirm=_confirm,
    extra_choices=lambda ctx: (
        (Choice(texts.LABEL_REVISE_GOALS, "revise_goals"),) if ctx.data["goals"] else ()
    ),
    on_extra_choice=_extra_choice,
)
_SHARED = drafting.steps(_DRAFTING)

FLOW = Flow(
    KIND,
    texts.HALFYEAR_TITLE,
    {
        "goal": Step(_goal_prompt, _goal, back=_goal_back),
        "not_started_reason": Step(
            lambda ctx: Reply(texts.not_started_reason_prompt(ctx.data["goals"][ctx.data["index"]]["text"])),
            _not_started_reason,
        ),
        "goal_pick": Step(lambda ctx: Reply(texts.GOAL_PICK_PROMPT), _goal_pick),
        **_SHARED,
        "items": _items(_SHARED["items"]),
    },
)
COMMAND = Command(("半年总结", "halfyear"), LIAISONS, _start, texts.SUMMARY_HALFYEAR, flow=FLOW)
