"""Staff hear of a message fmbot could not deliver: who it was for, on which channel, why, and how it began,
so someone can reach that person another way."""

from __future__ import annotations

from datetime import datetime

from conversations.messages import ConversationKey
from conversations.nudge_texts import delivery_failed_notice
from conversations.ports import UnitOfWork
from fm_domain.users import Role

DELIVERY_FAILURE_KIND = "delivery_failure"


def tell_staff_of_undelivered(
    uow: UnitOfWork,
    recipient: ConversationKey,
    *,
    kind: str,
    excerpt: str,
    reason: str,
    retries_exhausted: bool,
    now: datetime,
) -> int:
    """Queue the notice to every staff account, in the transaction that gives the message up; how many
    were queued. A notice about a notice is not sent, so a broken staff account cannot start a loop."""
    if kind == DELIVERY_FAILURE_KIND:
        return 0
    known = uow.users.recipient(recipient.channel, recipient.external_user_id)
    name = known.display_name if known else recipient.external_user_id
    notice = delivery_failed_notice(
        name, recipient.channel, reason, excerpt, retries_exhausted=retries_exhausted
    )
    staff = uow.users.recipients([Role.STAFF])
    for account in staff:
        uow.outbox.queue(
            ConversationKey(account.channel, account.external_id), notice, at=now, kind=DELIVERY_FAILURE_KIND
        )
    return len(staff)
