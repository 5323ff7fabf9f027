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

Goal progress lives in ``ctx.data["goals"]`` as ``{"text", "status", "reason"}``, asked one goal at a time
by the steps of flows/progress.py (as 月度安排 asks about last month's items). The other items are
the shared drafting steps' ``items`` and ``checks``; they may be left empty when there are goals.
"""

from __future__ import annotations

import re

from conversations import texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import drafting
from conversations.flows.common import department_name, text_of
from conversations.flows.progress import Progress
from conversations.messages import Choice, Inbound, Reply
from conversations.rights import LIAISONS
from fm_domain.deadlines import TaskKind
from fm_domain.records import FindingKind, SubmissionKind

KIND = SubmissionKind.HALF_YEAR_SUMMARY
GOALS_KIND = SubmissionKind.ANNUAL_GOALS
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
        goals = [{"text": text, "status": "", "reason": ""} for text in annual.item_texts]
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
    return _GOALS.start(notes)


def _who(ctx: Context) -> tuple[str, str]:
    return department_name(ctx, ctx.data["department"]), ctx.data["period"]


def _heading(ctx: Context) -> str:
    return texts.halfyear_heading(*_who(ctx), drafting.due(ctx))


_GOALS = Progress(
    key="goals",
    ask_step="goal",
    reason_step="not_started_reason",
    pick_step="goal_pick",
    labels=texts.GOAL_STATUS_LABELS,
    needs_reason="not_started",
    prompt=texts.goal_prompt,
    reason_prompt=texts.not_started_reason_prompt,
    reason_empty=texts.NOT_STARTED_REASON_EMPTY,
    pick_prompt=texts.GOAL_PICK_PROMPT,
    heading=_heading,  # the flow's first question says which half-year it is for
)


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


def _preview_heading(ctx: Context) -> str:
    """The heading, the goals with their progress, then the heading of the other items (listed after it)."""
    year, goals = ctx.data["year"], ctx.data["goals"]
    lines = [texts.halfyear_preview_heading(*_who(ctx))]
    if goals:
        lines.append(texts.goals_progress_heading(year, _GOALS.counts(ctx)))
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
        return _GOALS.revise()
    return None


def _confirm(ctx: Context) -> Transition:
    goals = ctx.data["goals"]
    not_started = [
        drafting.Raised(entry["text"], FindingKind.NOT_STARTED, texts.not_started_detail(entry["reason"]))
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
        details={"year": ctx.data["year"], "goals_receipt": ctx.data["goals_receipt"], "goals": goals},
        raised=not_started,
        tally=texts.goals_tally(_GOALS.counts(ctx)) if goals else "",
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
    KIND.value,
    texts.HALFYEAR_TITLE,
    {
        **_GOALS.steps(),
        **_SHARED,
        "items": _items(_SHARED["items"]),
    },
)
COMMAND = Command(("半年总结", "halfyear"), LIAISONS, _start, texts.SUMMARY_HALFYEAR, flow=FLOW)
