"""年度目标: a liaison submits the year's goals of the department, or of one of its divisions.

```mermaid
stateDiagram-v2
    [*] --> level: /年度目标 (department has divisions)
    [*] --> items: no divisions
    level --> items: 部门
    level --> division: 处室
    division --> items
    items --> preview
    preview --> edit / remove / add --> preview
    preview --> [*]: 确认提交
```
"""

from __future__ import annotations

from conversations import texts
from conversations.flow import Command, Context, Flow, Goto, Stay, Step, Transition, done
from conversations.flows import drafting
from conversations.flows.common import catalog, department_name, text_of
from conversations.messages import Choice, Inbound, Reply
from conversations.rights import LIAISONS

KIND = "annual_goals"


def _divisions(ctx: Context) -> list[str]:
    department = catalog(ctx).get(ctx.data["department"])
    return [division.name for division in department.divisions] if department else []


def _start(ctx: Context, args: str) -> Transition:
    if ctx.user is None or not ctx.user.department:
        return done(texts.NOT_A_LIAISON_OF_A_DEPARTMENT)
    ctx.data = {
        "department": ctx.user.department,
        "year": f"{ctx.services.today().year}",
        "division": "",
        "items": [],
        "checks": [],
    }
    if not _divisions(ctx):
        return Goto("items")
    if args in ("处室", "division"):
        return Goto("division")
    return Goto("level")


def _level_prompt(ctx: Context) -> Reply:
    return Reply(
        texts.GOALS_LEVEL_PROMPT,
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
        texts.GOALS_DIVISION_PROMPT, tuple(Choice(name, f"division:{name}") for name in _divisions(ctx))
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


_DRAFTING = drafting.Drafting(
    items_prompt=lambda ctx: texts.goals_items_prompt(*_who(ctx)),
    preview_heading=lambda ctx: texts.goals_preview_heading(*_who(ctx), len(ctx.data["items"])),
    confirm=_confirm,
)

FLOW = Flow(
    KIND,
    texts.GOALS_TITLE,
    {
        "level": Step(_level_prompt, _level),
        "division": Step(_division_prompt, _division),
        **drafting.steps(_DRAFTING),
    },
)
COMMAND = Command(("年度目标", "goals"), LIAISONS, _start, texts.SUMMARY_GOALS, flow=FLOW)
