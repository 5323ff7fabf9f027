"""Long polling: getUpdates in a loop, each update taken in before the offset moves past it.

aiogram's own ``start_polling`` moves the offset whether or not the update was handled (it logs the error
and goes on), which would lose a message whenever the database is briefly unavailable; this loop moves
the offset only past updates that :meth:`TelegramChannel.accept` took in, and retries the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter, TelegramUnauthorizedError
from aiogram.types import Update

from bot.channels.telegram.receiver import TelegramChannel

log = logging.getLogger("fmbot.telegram")

DEFAULT_POLLING_TIMEOUT_S = 25
# An update that still cannot be taken in after this many tries is skipped (and logged), so that one
# broken update cannot stop every other user's messages.
MAX_ATTEMPTS_PER_UPDATE = 5
BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 30.0)

Sleep = Callable[[float], Awaitable[None]]


async def run_polling(
    channel: TelegramChannel,
    stop: asyncio.Event,
    *,
    polling_timeout: int = DEFAULT_POLLING_TIMEOUT_S,
    backoff: tuple[float, ...] = BACKOFF_S,
) -> None:
    """Receive updates until ``stop`` is set, then finish the work already acknowledged.

    Deletes any webhook first (getUpdates is refused while one is set), keeping the updates Telegram
    queued meanwhile. A wrong token stops with TelegramUnauthorizedError.
    """
    bot = channel.bot
    await bot.delete_webhook(drop_pending_updates=False)
    await channel.start()
    me = await bot.get_me()
    log.info("Telegram long polling started for @%s", me.username)
    poller = _Poller(channel, stop, polling_timeout, backoff)
    try:
        await poller.run()
    finally:
        await channel.background.drain()
        log.info("Telegram long polling stopped")


class _Poller:
    def __init__(
        self, channel: TelegramChannel, stop: asyncio.Event, timeout: int, backoff: tuple[float, ...]
    ):
        self.channel = channel
        self.stop = stop
        self.timeout = timeout
        self.backoff = backoff
        self.offset: int | None = None
        self.failures = 0  # consecutive failures, of getUpdates or of the update at the head
        self.attempts: dict[int, int] = {}

    async def run(self) -> None:
        while not self.stop.is_set():
            updates = await self._fetch()
            if updates is None:
                continue
            for update in updates:
                if self.stop.is_set() or not await self._take(update):
                    break

    async def _fetch(self) -> list[Update] | None:
        """The next updates, or None when the stop came first or the call failed (after waiting)."""
        request = asyncio.ensure_future(
            self.channel.bot.get_updates(
                offset=self.offset,
                timeout=self.timeout,
                allowed_updates=self.channel.update_types,
                request_timeout=self.timeout + 10,
            )
        )
        stopping = asyncio.ensure_future(self.stop.wait())
        await asyncio.wait({request, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not request.done():
            request.cancel()
            await asyncio.gather(request, return_exceptions=True)
            return None
        stopping.cancel()
        try:
            updates = request.result()
        except TelegramUnauthorizedError:
            raise
        except TelegramRetryAfter as error:
            await self._pause(float(error.retry_after), "getUpdates flood control")
            return None
        except TelegramAPIError as error:
            await self._pause(self._next_delay(), f"getUpdates failed: {error}")
            return None
        self.failures = 0
        return updates

    async def _take(self, update: Update) -> bool:
        """True when the offset may move past the update."""
        try:
            await self.channel.accept(update)
        except Exception:
            tries = self.attempts[update.update_id] = self.attempts.get(update.update_id, 0) + 1
            if tries < MAX_ATTEMPTS_PER_UPDATE:
                log.exception("Telegram update %s not taken in (try %s); retrying", update.update_id, tries)
                await self._pause(self._next_delay(), "retry update")
                return False
            log.exception("Telegram update %s skipped after %s tries", update.update_id, tries)
        self.attempts.pop(update.update_id, None)
        self.failures = 0
        self.offset = update.update_id + 1
        return True

    def _next_delay(self) -> float:
        delay = self.backoff[min(self.failures, len(self.backoff) - 1)]
        self.failures += 1
        return delay

    async def _pause(self, seconds: float, why: str) -> None:
        log.warning("Telegram polling pauses %.1f s: %s", seconds, why)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop.wait(), timeout=seconds)
