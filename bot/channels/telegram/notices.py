"""Notices from the channel itself (a file too large, a sticker) leave through the outbox like any reply,
so they survive a restart and keep to the same flood limits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bot.channels.telegram.channel import Notify
from conversations.codec import encode_reply
from conversations.messages import ConversationKey, Reply
from storage.unit_of_work import UnitOfWork


def outbox_notice(
    uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime] | None = None
) -> Notify:
    now = clock or (lambda: datetime.now(UTC))

    def notify(key: ConversationKey, text: str) -> None:
        with uow_factory() as uow:
            uow.outbox.add(key.channel, key.external_user_id, encode_reply(Reply(text)), now())
            uow.commit()

    return notify
