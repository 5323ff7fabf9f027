"""The Telegram channel's shared records, as a port: the channel code depends on this Protocol, the
database-backed implementation is below (one short transaction per call)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from storage.repositories.telegram import TelegramRepository
from storage.unit_of_work import UnitOfWork

# Telegram resends an unanswered update for about a day; after that its id cannot come back.
HANDLED_UPDATES_KEPT = timedelta(days=1)
# Long enough for any re-claim of an outbox row by the delivery loop.
# Buttons of older messages answer "按钮已失效" after this.
CALLBACK_TOKENS_KEPT = timedelta(days=180)
# The send schedule: the bot's overall key, and one key per chat (forgotten a while after its last use).
PACE_KEY = "telegram"
CHAT_PACE_PREFIX = "telegram:"
CHAT_PACE_KEPT = timedelta(minutes=10)

T = TypeVar("T")
_SAME_MOMENT_S = 1e-6  # a hold read back from the database is the float written, give or take rounding


@dataclass(frozen=True)
class SendSlot:
    """``taken``: the caller may send at ``at`` (seconds since the epoch). Not taken: the chat is busy
    until ``at``; ask again then."""

    taken: bool
    at: float


class TelegramStore(Protocol):
    """Synchronous (database) calls; the channel runs them off the event loop."""

    def issue_tokens(self, payloads: Iterable[str], now: datetime) -> dict[str, str]: ...
    def payload_for(self, token: str) -> str | None: ...
    def is_update_handled(self, bot_id: int, update_id: int) -> bool: ...
    def mark_update_handled(self, bot_id: int, update_id: int, now: datetime) -> None: ...
    def delivered_parts(self, outbox_id: int) -> dict[int, str]: ...
    def sent_message_ids(self, outbox_id: int) -> list[int]: ...
    def begin_part(self, outbox_id: int, part: int, chat_id: int, now: datetime) -> bool: ...
    def finish_part(
        self, outbox_id: int, part: int, state: str, now: datetime, message_id: int | None = None
    ) -> None: ...
    def abandon_part(self, outbox_id: int, part: int) -> None: ...
    def take_send_slot(
        self, chat_id: int, now: float, interval: float, chat_interval: float, own_hold: float | None = None
    ) -> SendSlot: ...
    def hold_sends(self, until: float, chat_id: int | None = None) -> None: ...
    def forget_expired(self, now: datetime) -> None: ...


class DatabaseTelegramStore:
    """:class:`TelegramStore` on fmbot's database, through ``storage``'s unit of work."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow = uow_factory

    def issue_tokens(self, payloads: Iterable[str], now: datetime) -> dict[str, str]:
        return self._write(lambda repo: repo.issue_tokens(payloads, now))

    def payload_for(self, token: str) -> str | None:
        return self._read(lambda repo: repo.payload_for(token))

    def is_update_handled(self, bot_id: int, update_id: int) -> bool:
        return self._read(lambda repo: repo.is_update_handled(bot_id, update_id))

    def mark_update_handled(self, bot_id: int, update_id: int, now: datetime) -> None:
        self._write(lambda repo: repo.mark_update_handled(bot_id, update_id, now))

    def delivered_parts(self, outbox_id: int) -> dict[int, str]:
        with self._uow() as uow:
            return {part: state for part, (state, _) in uow.outbox_parts.states(outbox_id).items()}

    def sent_message_ids(self, outbox_id: int) -> list[int]:
        with self._uow() as uow:
            return [int(message_id) for message_id in uow.outbox_parts.sent_message_ids(outbox_id)]

    def begin_part(self, outbox_id: int, part: int, chat_id: int, now: datetime) -> bool:
        with self._uow() as uow:
            claimed = uow.outbox_parts.begin(outbox_id, part, now, chat=str(chat_id))
            uow.commit()
        return claimed

    def finish_part(
        self, outbox_id: int, part: int, state: str, now: datetime, message_id: int | None = None
    ) -> None:
        with self._uow() as uow:
            uow.outbox_parts.finish(
                outbox_id, part, state, now, "" if message_id is None else str(message_id)
            )
            uow.commit()

    def abandon_part(self, outbox_id: int, part: int) -> None:
        with self._uow() as uow:
            uow.outbox_parts.abandon(outbox_id, part)
            uow.commit()

    def take_send_slot(
        self, chat_id: int, now: float, interval: float, chat_interval: float, own_hold: float | None = None
    ) -> SendSlot:
        """The next overall slot (``interval`` after the one before), if the chat is free by now; the chat
        is then held ``chat_interval`` past that slot. One transaction: the chat's row stays locked from
        the look to the hold, so two processes cannot both find it free. ``own_hold``: the hold of a slot
        the caller missed, which does not keep the chat busy (a later hold, another's, does)."""
        chat_key = f"{CHAT_PACE_PREFIX}{chat_id}"
        with self._uow() as uow:
            free_at = uow.pacing.free_at(chat_key)
            if free_at > now and (own_hold is None or free_at > own_hold + _SAME_MOMENT_S):
                return SendSlot(taken=False, at=free_at)
            at = uow.pacing.take(PACE_KEY, interval, now)
            uow.pacing.hold(chat_key, at + chat_interval)
            uow.commit()
        return SendSlot(taken=True, at=at)

    def hold_sends(self, until: float, chat_id: int | None = None) -> None:
        """No message to ``chat_id`` (without it: to anyone) before ``until``: Telegram's 429 said so."""
        key = PACE_KEY if chat_id is None else f"{CHAT_PACE_PREFIX}{chat_id}"
        with self._uow() as uow:
            uow.pacing.hold(key, until)
            uow.commit()

    def forget_expired(self, now: datetime) -> None:
        def forget(repo: TelegramRepository) -> None:
            repo.forget_updates_handled_before(now - HANDLED_UPDATES_KEPT)
            repo.forget_tokens_issued_before(now - CALLBACK_TOKENS_KEPT)

        self._write(forget)
        with self._uow() as uow:
            uow.pacing.forget_idle(CHAT_PACE_PREFIX, (now - CHAT_PACE_KEPT).timestamp())
            uow.outbox_parts.forget_expired(now)
            uow.commit()

    def _read(self, query: Callable[[TelegramRepository], T]) -> T:
        with self._uow() as uow:
            return query(uow.telegram)

    def _write(self, change: Callable[[TelegramRepository], T]) -> T:
        with self._uow() as uow:
            result = change(uow.telegram)
            uow.commit()
            return result
