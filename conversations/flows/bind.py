"""绑定: an invite code binds this chat account to a new user with the invite's role and department.

Wrong, used and expired codes get the same answer. Five failures within ten minutes lock binding for that
account for an hour; while locked, codes are not even tried (so a lucky guess cannot get through).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from conversations import texts
from conversations.flow import Command, Context, Finish, Flow, Goto, Stay, Step, Transition, done
from conversations.flows.common import department_name, text_of
from conversations.messages import Choice, Inbound, Reply
from conversations.rights import EVERYONE

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=10)
LOCK_DURATION = timedelta(hours=1)


def locked_until(failures: Sequence[datetime], now: datetime) -> datetime | None:
    """When binding opens again, or None if it is open: a lock starts at the failure that makes five
    within ten minutes and lasts an hour."""
    times = sorted(failures)
    for last in range(MAX_FAILURES - 1, len(times)):
        if times[last] - times[last - MAX_FAILURES + 1] <= FAILURE_WINDOW:
            until = times[last] + LOCK_DURATION
            if until > now:
                return until
    return None


def _recent_failures(ctx: Context) -> Sequence[datetime]:
    since = ctx.now - LOCK_DURATION - FAILURE_WINDOW
    return ctx.uow.bind_attempts.failures_since(ctx.key.channel, ctx.key.external_user_id, since)


def _locked_reply(ctx: Context) -> str | None:
    until = locked_until(_recent_failures(ctx), ctx.now)
    return texts.bind_locked(ctx.services.local(until)) if until else None


def _start(ctx: Context, args: str) -> Transition:
    if ctx.user is not None:
        return done(
            texts.already_bound(
                ctx.user.display_name, str(ctx.user.role), department_name(ctx, ctx.user.department)
            )
        )
    locked = _locked_reply(ctx)
    if locked:
        return done(locked)
    if not args:
        return Goto("code")
    return _redeem(ctx, args)


def _redeem(ctx: Context, code: str) -> Transition:
    invite = ctx.uow.invites.redeem(code, ctx.now)
    if invite is None:
        ctx.uow.bind_attempts.record_failure(ctx.key.channel, ctx.key.external_user_id, ctx.now)
        if locked_until(_recent_failures(ctx), ctx.now):
            return done(texts.BIND_LOCKED_NOW)
        return done(texts.BIND_REFUSED)
    role = str(invite.role)
    name = texts.default_display_name(role, department_name(ctx, invite.department), ctx.key.external_user_id)
    user = ctx.uow.users.create(name, invite.role, invite.department, ctx.now)
    ctx.uow.invites.record_redeemer(invite.id, user.id)
    ctx.uow.users.bind_account(user.id, ctx.key.channel, ctx.key.external_user_id, ctx.now)
    ctx.user = user
    return Goto("name", notes=(Reply(texts.bound(role, department_name(ctx, invite.department))),))


def _ask_name(ctx: Context) -> Reply:
    return Reply(texts.ASK_NAME, (Choice(texts.LABEL_SKIP, "skip"),))


def _name_entered(ctx: Context, message: Inbound) -> Transition:
    assert ctx.user is not None
    if message.choice == "skip":
        return Finish((ctx.menu(),))
    name = text_of(message).strip()
    if not _NAME.fullmatch(name):
        return Stay(texts.NAME_INVALID)
    ctx.user = ctx.uow.users.rename(ctx.user.id, name)
    return Finish((Reply(texts.name_saved(name)), ctx.menu()))


# A person's name as the office would write it: Chinese, or Latin letters with spaces and dots.
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,10}|[A-Za-z][A-Za-z .'-]{1,38}[A-Za-z.]")


def _code_entered(ctx: Context, message: Inbound) -> Transition:
    code = text_of(message)
    if not code:
        return Stay(texts.BIND_ASK_CODE)
    locked = _locked_reply(ctx)
    return done(locked) if locked else _redeem(ctx, code)


FLOW = Flow(
    "bind",
    texts.BIND_TITLE,
    {
        "code": Step(lambda ctx: Reply(texts.BIND_ASK_CODE), _code_entered),
        "name": Step(_ask_name, _name_entered, skippable=True),
    },
)
COMMAND = Command(("绑定", "bind"), EVERYONE, _start, texts.SUMMARY_BIND, usage=texts.USAGE_BIND, flow=FLOW)
