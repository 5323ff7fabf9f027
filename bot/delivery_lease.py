"""The lease on a delivery round's claims: renewed in the background while the round runs.

    async with Lease(renew, claimed, interval_s) as lease:
        ...                         # send; lease.settled(ids) as fates are recorded
        if message.id in lease.lost: ...   # another process took it over: do not begin sending it

Claiming stamps ``claimed_at``; a claim whose ``claimed_at`` is older than the lease is taken over by any
loop (its process is taken for dead). So while the round runs, every ``interval_s`` the claims not yet
settled are stamped again, in one statement. One that could not be renewed (settled meanwhile, or taken
over after this process stalled past the lease) is noted in ``lost``. A renewal that fails (the database
unreachable) is logged and tried again next time: the lease may then run out, and exactly-once still
holds through the senders' part ledgers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Self

from storage.repositories.outbox import ClaimedMessage

log = logging.getLogger("fmbot.delivery")

Renew = Callable[[list[int]], set[int]]  # the ids still held afterwards; synchronous (a transaction)


class Lease:
    def __init__(self, renew: Renew, claimed: Iterable[ClaimedMessage], interval_s: float) -> None:
        self._renew = renew
        self._interval_s = interval_s
        self._held = {message.id for message in claimed}
        self.lost: set[int] = set()
        self._task: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None

    def settled(self, message_ids: Iterable[int]) -> None:
        """These messages' fates are recorded: nothing left to renew for them."""
        self._held.difference_update(message_ids)

    async def __aenter__(self) -> Self:
        # A timer, not a task: most rounds end well within one interval (a console reply in a
        # millisecond), and a timer costs nothing to cancel where a task costs turns of the event loop to
        # start, cancel and await. The renewing task starts only when the first renewal is due.
        self._timer = asyncio.get_running_loop().call_later(self._interval_s, self._start_renewing)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def _start_renewing(self) -> None:
        self._task = asyncio.create_task(self._keep(), name="delivery lease")

    async def _keep(self) -> None:
        while True:
            await self._renew_held()
            await asyncio.sleep(self._interval_s)

    async def _renew_held(self) -> None:
        wanted = sorted(self._held)
        if not wanted:
            return
        try:
            renewed = await asyncio.to_thread(self._renew, wanted)
        except Exception:
            log.exception("renewing the lease on %d outbox messages failed", len(wanted))
            return
        # Settled while the renewal ran is not lost: only what is still held and was not renewed.
        lost = (set(wanted) - renewed) & self._held
        if lost:
            log.warning("%d outbox messages were taken over by another worker", len(lost))
            self.lost |= lost
            self._held -= lost
