"""Notices from a channel itself (a file too large or no longer fetchable, a sticker) leave through the
outbox like any reply, so they survive a restart and keep to the channel's sending limits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from bot.clock import Clock, utc_now
from conversations import ConversationKey, Reply


class _Outbox(Protocol):
    def queue(self, recipient: ConversationKey, reply: Reply, *, at: datetime) -> int | None: ...


class OutboxUnitOfWork(Protocol):
    """The part of ``storage.UnitOfWork`` a notice needs: the outbox, in a transaction."""

    outbox: _Outbox

    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def commit(self) -> None: ...


NoticeToOutbox = Callable[[ConversationKey, str], None]


def outbox_notice(uow_factory: Callable[[], OutboxUnitOfWork], clock: Clock = utc_now) -> NoticeToOutbox:
    """``notify(key, text)``: queue ``text`` as a plain reply to that account, in its own transaction."""

    def notify(key: ConversationKey, text: str) -> None:
        with uow_factory() as uow:
            uow.outbox.queue(key, Reply(text), at=clock())
            uow.commit()

    return notify
