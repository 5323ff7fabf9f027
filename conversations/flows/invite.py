"""/邀请 ROLE DEPT [days]: office staff issue a single-use invite code in chat."""

from __future__ import annotations

from conversations import texts
from conversations.flow import Command, Context, Transition, done
from conversations.flows.common import catalog, departments_list, find_department
from conversations.rights import ADMIN, OFFICE, role_of
from fm_domain.users import DEFAULT_INVITE_DAYS, InviteError, Role, invite_expiry


def _issue(ctx: Context, args: str) -> Transition:
    words = args.split()
    if not words:
        return done(texts.INVITE_USAGE)
    role = texts.ROLE_WORDS.get(words[0].lower())
    if role is None:
        return done(texts.unknown_role(words[0]))
    if role is Role.ADMIN and role_of(ctx.user) != ADMIN:
        return done(texts.ADMIN_INVITES_ONLY)  # no one grants more than they hold
    rest = words[1:]
    days = DEFAULT_INVITE_DAYS
    if rest and rest[-1].isdigit():
        days = int(rest.pop())
    department = None
    if rest:
        known = catalog(ctx)
        department = find_department(known, " ".join(rest))
        if department is None:
            return done(texts.unknown_department(" ".join(rest), departments_list(known)))
    elif role is Role.LIAISON:
        return done(texts.INVITE_USAGE)
    try:
        expires = invite_expiry(ctx.now, days)
        code = ctx.uow.invites.issue(
            role,
            department.code if department else None,
            expires,
            ctx.now,
            issued_by=ctx.user.id if ctx.user else None,
        )
    except InviteError as error:
        return done(str(error))
    name = department.display_name if department else None
    return done(texts.invite_issued(code, role.value, name, ctx.services.local(expires)))


COMMAND = Command(("邀请", "invite"), OFFICE, _issue, texts.SUMMARY_INVITE, usage=texts.USAGE_INVITE)
