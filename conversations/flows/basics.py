"""/帮助, /取消 and /返回. Inside a flow the engine handles them itself; these are what they do when idle."""

from __future__ import annotations

from conversations import texts
from conversations.flow import Command, Context, Finish, Transition, done
from conversations.rights import EVERYONE


def _help(ctx: Context, args: str) -> Transition:
    return Finish((ctx.menu(),))


HELP = Command(("帮助", "help", "start", "菜单", "menu"), EVERYONE, _help, texts.SUMMARY_HELP)
CANCEL = Command(
    ("取消", "cancel"), EVERYONE, lambda ctx, args: done(texts.NOTHING_TO_CANCEL), texts.SUMMARY_CANCEL
)
BACK = Command(
    ("返回", "back"), EVERYONE, lambda ctx, args: done(texts.NOTHING_TO_GO_BACK), texts.SUMMARY_BACK
)
