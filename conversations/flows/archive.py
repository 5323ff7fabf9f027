"""/档案 部门 [年]: a department's dossier (电子档案) for a year, as a Word file through the channel; /登录: a
one-time link to the web console.

Rights as everywhere (conversations.rights.sees_department): staff and leaders name any department, a
liaison gets their own (naming another is refused, as /部门 refuses it).
"""

from __future__ import annotations

import re

from conversations import archive_texts
from conversations.archive.dossier_document import dossier_document
from conversations.archive.extension import DOCX_MIME
from conversations.archive.reading import read_dossier
from conversations.flow import Command, Context, Transition, done
from conversations.flows.common import catalog, named_department
from conversations.messages import Attachment, Reply
from conversations.rights import BOUND, LEADER, LIAISONS, OFFICE
from fm_domain import sign_in

_YEAR = re.compile(r"^(19|20)\d{2}$")


def _archive(ctx: Context, args: str) -> Transition:
    writer = ctx.services.documents
    if writer is None:
        return done(archive_texts.ARCHIVE_UNAVAILABLE)
    words = args.split()
    year = ctx.services.today().year
    if words and _YEAR.match(words[-1]):
        year = int(words.pop())
    elif len(words) > 1:
        return done(archive_texts.archive_year_invalid(words[-1]))
    if not words:
        if ctx.user is None or not ctx.user.department:
            return done(archive_texts.ARCHIVE_ASK)
        words = [ctx.user.department]  # a liaison's own department
    department = named_department(ctx, " ".join(words))
    if isinstance(department, str):
        return done(department)
    dossier = read_dossier(ctx.uow, ctx.services, catalog(ctx), department, year)
    document = dossier_document(dossier, ctx.services.timezone, ctx.now)
    name = archive_texts.archive_file_name(department.code, year, "docx")
    file = Attachment(name, writer.docx(document), DOCX_MIME)
    return done(Reply(archive_texts.archive_ready(department.display_name, year, name), file=file))


def _sign_in(ctx: Context, args: str) -> Transition:
    console = ctx.services.console
    if console is None or ctx.user is None:
        return done(archive_texts.SIGN_IN_UNAVAILABLE)
    key = console.secret or ctx.uow.web.signing_key(sign_in.new_key(), ctx.now)
    text, token = sign_in.issue(key, ctx.user.id, ctx.now)
    ctx.uow.web.issue_sign_in(
        nonce_hash=token.nonce_hash, user_id=ctx.user.id, issued_at=ctx.now, expires_at=token.expires_at
    )
    minutes = int(sign_in.LINK_LIFETIME.total_seconds() // 60)
    return done(archive_texts.sign_in_link(f"{console.base_url}/signin/{text}", minutes))


COMMANDS = (
    Command(
        ("档案", "archive"),
        OFFICE | {LEADER} | LIAISONS,
        _archive,
        archive_texts.SUMMARY_ARCHIVE,
        usage=archive_texts.USAGE_ARCHIVE,
    ),
    Command(("登录", "signin"), BOUND, _sign_in, archive_texts.SUMMARY_SIGN_IN),
)
