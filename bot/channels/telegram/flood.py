"""Telegram's flood limits, kept on our side: about 30 messages a second overall, one a second per chat.

Telegram answers 429 with ``retry_after`` when a bot goes faster; staying under the limits avoids that,
and a 429 that still comes pauses the chat (and, as the limit it hit may be the global one, everything)
for the time Telegram names.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

GLOBAL_PER_SECOND = 30.0
PER_CHAT_INTERVAL_S = 1.0

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class FloodLimiter:
    """Hands out send slots: ``await limiter.acquire(chat_id)`` returns when a message may go.

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

    async def acquire(self, chat_id: int) -> None:
        while True:
            now = self._clock()
            ready = max(self._next_by_chat.get(chat_id, now), self._paused_until)
            if ready <= now:
                break
            await self._sleep(ready - now)
        start = max(now, self._next_global)
        self._next_global = start + self._global_interval
        self._next_by_chat[chat_id] = start + self._chat_interval
        self._forget_idle_chats(now)
        if start > now:
            await self._sleep(start - now)

    def pause(self, seconds: float, chat_id: int | None = None) -> None:
        """Nothing to ``chat_id`` (or, without it, to anyone) for ``seconds``."""
        until = self._clock() + seconds
        if chat_id is None:
            self._paused_until = max(self._paused_until, until)
        else:
            self._next_by_chat[chat_id] = max(self._next_by_chat.get(chat_id, until), until)

    def _forget_idle_chats(self, now: float) -> None:
        if len(self._next_by_chat) > 10_000:
            self._next_by_chat = {chat: t for chat, t in self._next_by_chat.items() if t > now}
