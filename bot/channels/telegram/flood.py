"""Telegram's flood limits, kept on our side: about 30 messages a second overall, one a second per chat.

Telegram answers 429 with ``retry_after`` when a bot goes faster; staying under the limits avoids that,
and a 429 that still comes pauses the chat (and, as the limit it hit may be the global one, everything)
for the time Telegram names.

Two keepers of the same limits: :class:`SharedFloodLimiter`, the one fmbot runs, keeps the schedule in
the database (``send_pace``), so every process sending for the bot shares one allowance;
:class:`FloodLimiter` keeps it in memory, for one process (and for tests on a simulated clock). We go a
little under Telegram's figures: a request reaches Telegram a few milliseconds after its slot, not on it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.channels.telegram.background import call_off_loop
from bot.channels.telegram.store import TelegramStore

GLOBAL_PER_SECOND = 29.0
PER_CHAT_INTERVAL_S = 1.05

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Slot:
    """A moment taken for one message: ``await slot.ready()`` returns when it has come, ``ready(lead)``
    that long before (to prepare the call, so that it leaves on time)."""

    at: float
    clock: Clock
    sleep: Sleep

    async def ready(self, lead: float = 0.0) -> None:
        wait = self.at - lead - self.clock()
        if wait > 0:
            await self.sleep(wait)

    def missed(self, tolerance: float) -> bool:
        """More than ``tolerance`` past the slot: a call leaving now would crowd the next slot's."""
        return self.clock() - self.at > tolerance


class FloodLimits(Protocol):
    async def reserve(self, chat_id: int, *, instead_of: Slot | None = None) -> Slot:
        """Take the next slot for a message to ``chat_id``; returns once the chat is free, with the
        moment the message may go (the caller waits for it: ``await slot.ready()``). ``instead_of``: a
        slot of this chat's that was missed, whose hold on the chat does not count."""
        ...

    async def pause(self, seconds: float, chat_id: int | None = None) -> None:
        """Nothing to ``chat_id`` (or, without it, to anyone) for ``seconds``."""
        ...


class SharedFloodLimiter:
    """The limits as a schedule in the database: each slot is taken in one short transaction (the chat
    must be free, then the next overall slot is taken and the chat held a second past it), so processes
    sharing the database never go beyond the limits together. A slot taken by a process that dies is
    merely left unused."""

    def __init__(
        self,
        store: TelegramStore,
        per_second: float = GLOBAL_PER_SECOND,
        per_chat_interval: float = PER_CHAT_INTERVAL_S,
        *,
        clock: Clock = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._store = store
        self._interval = 1.0 / per_second
        self._chat_interval = per_chat_interval
        self._clock = clock
        self._sleep = sleep

    async def reserve(self, chat_id: int, *, instead_of: Slot | None = None) -> Slot:
        own_hold = None if instead_of is None else instead_of.at + self._chat_interval
        while True:
            taken = await call_off_loop(
                self._store.take_send_slot,
                chat_id,
                self._clock(),
                self._interval,
                self._chat_interval,
                own_hold,
            )
            slot = Slot(taken.at, self._clock, self._sleep)
            if taken.taken:
                return slot
            await slot.ready()  # the chat is busy until then

    async def acquire(self, chat_id: int) -> None:
        """Return when a message to ``chat_id`` may go (its slot taken)."""
        await (await self.reserve(chat_id)).ready()

    async def pause(self, seconds: float, chat_id: int | None = None) -> None:
        await call_off_loop(self._store.hold_sends, self._clock() + seconds, chat_id)


class FloodLimiter:
    """The same limits in memory, for one process: ``await limiter.acquire(chat_id)`` returns when a
    message may go.

    Slots are reserved without awaiting in between, so concurrent senders in one event loop never share
    a slot. ``clock`` and ``sleep`` are injectable: tests run the limits on a simulated clock.
    """

    def __init__(
        self,
        per_second: float = GLOBAL_PER_SECOND,
        per_chat_interval: float = PER_CHAT_INTERVAL_S,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._global_interval = 1.0 / per_second
        self._chat_interval = per_chat_interval
        self._clock = clock
        self._sleep = sleep
        self._next_global = float("-inf")
        self._paused_until = float("-inf")
        self._next_by_chat: dict[int, float] = {}

    async def reserve(self, chat_id: int, *, instead_of: Slot | None = None) -> Slot:
        own_hold = float("-inf") if instead_of is None else instead_of.at + self._chat_interval
        while True:
            now = self._clock()
            chat_ready = self._next_by_chat.get(chat_id, now)
            ready = max(now if chat_ready <= own_hold else chat_ready, self._paused_until)
            if ready <= now:
                break
            await self._sleep(ready - now)
        start = max(now, self._next_global)
        self._next_global = start + self._global_interval
        self._next_by_chat[chat_id] = start + self._chat_interval
        self._forget_idle_chats(now)
        return Slot(start, self._clock, self._sleep)

    async def acquire(self, chat_id: int) -> None:
        """Return when a message to ``chat_id`` may go (its slot taken)."""
        await (await self.reserve(chat_id)).ready()

    async def pause(self, seconds: float, chat_id: int | None = None) -> None:
        until = self._clock() + seconds
        if chat_id is None:
            self._paused_until = max(self._paused_until, until)
        else:
            self._next_by_chat[chat_id] = max(self._next_by_chat.get(chat_id, until), until)

    def _forget_idle_chats(self, now: float) -> None:
        if len(self._next_by_chat) > 10_000:
            self._next_by_chat = {chat: t for chat, t in self._next_by_chat.items() if t > now}
