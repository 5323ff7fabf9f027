"""年度目标: a liaison submits the year's goals of the department, or of one of its divisions.

```mermaid
stateDiagram-v2
    [*] --> level: /年度目标 (department has divisions)
    [*] --> items: no divisions
    level --> items: 部门
    level --> division: 处室
    division --> items
    items --> preview: the items, or 从上一版（第N版）开始修改 on a re-submission
    items --> items: 重新填写
    preview --> edit / remove / add --> preview
    preview --> [*]: 确认提交
```

The year is the one the department owes (drafting.choose_period: the earliest open period of the annual
goals task not yet submitted, the one a nudge's button names, or this year when no task is kept); its
deadline is kept in ``ctx.data["deadline"]`` (ISO, "" without a task).
"""

from __future__ import annotations

import re

from conversations import texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import drafting
from conversations.flows.common import catalog, department_name, text_of
from conversations.messages import Choice, Inbound, Reply
from conversations.rights import LIAISONS
from fm_domain.deadlines import TaskKind
from fm_domain.records import SubmissionKind

KIND = SubmissionKind.ANNUAL_GOALS
_YEAR = re.compile(r"^\d{4}$")


def is_year_key(key: str) -> bool:
    return bool(_YEAR.match(key))


def _divisions(ctx: Context) -> list[str]:
    department = catalog(ctx).get(ctx.data["department"])
    return [division.name for division in department.divisions] if department else []


def _start(ctx: Context, args: str) -> Transition:
    if ctx.user is None or not ctx.user.department:
        return done(texts.NOT_A_LIAISON_OF_A_DEPARTMENT)
    asked, words = drafting.split_period(args)
    choice, notes = drafting.choose_period(
        ctx, TaskKind.ANNUAL_GOALS, f"{ctx.services.today().year:04d}", is_year_key, asked
    )
    ctx.data = {
        "department": ctx.user.department,
        "year": choice.key,
        "deadline": choice.deadline.isoformat() if choice.deadline else "",
        "division": "",
        "items": [],
        "checks": [],
    }
    if not _divisions(ctx):
        return Goto("items", notes=notes)
    if " ".join(words) in ("处室", "division"):
        return Goto("division", notes=notes)
    return Goto("level", notes=notes)


def _heading(ctx: Context) -> str:
    """Which year, and its deadline, on the level and division questions (the division is not chosen yet)."""
    return texts.goals_heading(
        department_name(ctx, ctx.data["department"]), ctx.data["year"], "", drafting.due(ctx)
    )


def _level_prompt(ctx: Context) -> Reply:
    return Reply(
        f"{_heading(ctx)}\n{texts.GOALS_LEVEL_PROMPT}",
        (Choice(texts.LABEL_DEPARTMENT_LEVEL, "department"), Choice(texts.LABEL_DIVISION_LEVEL, "division")),
    )


def _level(ctx: Context, message: Inbound) -> Transition:
    if message.choice == "department":
        ctx.data["division"] = ""
        return Goto("items")
    if message.choice == "division":
        return Goto("division")
    return Stay(texts.UNKNOWN_CHOICE)


def _division_prompt(ctx: Context) -> Reply:
    return Reply(
        f"{_heading(ctx)}\n{texts.GOALS_DIVISION_PROMPT}",
        tuple(Choice(name, f"division:{name}") for name in _divisions(ctx)),
    )


def _division(ctx: Context, message: Inbound) -> Transition:
    chosen = (message.choice or "").removeprefix("division:") or text_of(message)
    if chosen not in _divisions(ctx):
        return Stay(texts.UNKNOWN_CHOICE)
    ctx.data["division"] = chosen
    return Goto("items")


def _who(ctx: Context) -> tuple[str, str, str]:
    return department_name(ctx, ctx.data["department"]), ctx.data["year"], ctx.data["division"]


def _confirm(ctx: Context) -> Transition:
    return drafting.submit(
        ctx,
        kind=KIND,
        title=texts.GOALS_TITLE,
        period=ctx.data["year"],
        division=ctx.data["division"],
        receipt_prefix="ND",
    )


def _last_version(ctx: Context) -> tuple[int, list[str]] | None:
    """The version last submitted for this year and level, and its items; None before the first."""
    last = ctx.uow.submissions.latest(KIND, ctx.data["department"], ctx.data["year"], ctx.data["division"])
    if last is None:
        return None
    items = [text for text in last.item_texts if text]
    return (last.version, items) if items else None


def _items_choices(ctx: Context) -> tuple[Choice, ...]:
    """A re-submission may start from the last version rather than from an empty list (issue 12, item 9)."""
    last = _last_version(ctx)
    if last is None:
        return ()
    version, items = last
    return (
        Choice(texts.goals_from_last_version(version, len(items)), _FROM_LAST),
        Choice(texts.LABEL_START_AFRESH, _AFRESH),
    )


def _items_choice(ctx: Context, payload: str) -> Transition | None:
    if payload == _AFRESH:
        return Stay(texts.GOALS_AFRESH)
    if payload != _FROM_LAST:
        return None
    last = _last_version(ctx)
    if last is None:  # the buttons of a prompt shown before the version was gone; never in practice
        return Stay(texts.ITEMS_PROMPT)
    return drafting.start_from(ctx, last[1])


_FROM_LAST, _AFRESH = "from_last", "afresh"
_DRAFTING = drafting.Drafting(
    items_prompt=lambda ctx: texts.goals_items_prompt(*_who(ctx), drafting.due(ctx)),
    preview_heading=lambda ctx: texts.goals_preview_heading(*_who(ctx), len(ctx.data["items"])),
    confirm=_confirm,
    items_choices=_items_choices,
    on_items_choice=_items_choice,
)

FLOW = Flow(
    KIND.value,
    texts.GOALS_TITLE,
    {
        "level": Step(_level_prompt, _level),
        "division": Step(_division_prompt, _division),
        **drafting.steps(_DRAFTING),
    },
)
COMMAND = Command(("年度目标", "goals"), LIAISONS, _start, texts.SUMMARY_GOALS, flow=FLOW)
