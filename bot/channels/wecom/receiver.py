"""From a verified callback to the engine: record first, answer, then handle in the background.

The answer path does as little as WeCom's 5-second window allows: decrypt, parse, and one small insert —
into the engine's inbox (``record``), or into the staging table for a file and anything queued behind
one. Only then does the handler answer 200. Handling runs afterwards in background tasks, one member at a
time in arrival order, so a slow flow never delays an acknowledgement.

The inserts happen on a recording thread of the receiver's own (``bot.channels.batch_recorder``), never
in a pool the turns use, and the callbacks that arrive while one batch is being written are written
together next, in one transaction (``InboundStaging.accept_all``). On SQLite that thread's transactions
go before the turns' (``storage.sqlite_writers``): an acknowledgement waits at most for the one
transaction in progress.

A repeated delivery (WeCom resends what it did not see answered, three times) finds its message id
already recorded or staged and changes nothing.

A genuine message refused for its content (too long, a control character) goes no further, but its
sender is told why through the outbox, and WeCom gets its 200: the refusal is the answer, and a 4xx would
only make WeCom send it three times more, each time repeating the notice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping

from bot.channels.batch_recorder import BatchRecorder
from bot.channels.kit import Notify, Process
from bot.channels.wecom.callback_security import CallbackVerifier, MessageRefused
from bot.channels.wecom.inbound import CHANNEL, WecomInbound, to_inbound
from bot.channels.wecom.staging import InboundStaging
from conversations import ConversationKey

log = logging.getLogger("fmbot.wecom")


class WecomReceiver:
    def __init__(
        self,
        verifier: CallbackVerifier,
        process: Process,
        staging: InboundStaging,
        *,
        housekeeping: Callable[[], object] | None = None,
        notify: Notify | None = None,
        retry_interval: float = 60.0,
    ) -> None:
        self.verifier = verifier
        self._process = process
        self._staging = staging
        self._housekeeping = housekeeping or staging.purge
        self._notify = notify
        self._retry_interval = retry_interval
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._maintenance: asyncio.Task[None] | None = None
        self._recorder: BatchRecorder[WecomInbound, bool] = BatchRecorder(
            staging.accept_all, name="fmbot-wecom-recorder"
        )

    def verify_url(self, query: Mapping[str, str]) -> str:
        return self.verifier.verify_url(query)

    async def receive(self, query: Mapping[str, str], body: bytes) -> bool:
        """Verify, decrypt and record one POST callback; True when it was new. Raises CallbackRejected."""
        try:
            message = self.verifier.open_message(query, body)
        except MessageRefused as refused:
            if self._notify is None:
                raise
            log.warning(
                "WeCom message from %s refused (%s); the member is told", refused.sender, refused.reason
            )
            await self._recorder.run(self._notify, ConversationKey(CHANNEL, refused.sender), refused.notice)
            return False
        item = to_inbound(message)
        if item is None:
            log.debug("WeCom %s %s ignored", message._data.get("MsgType"), message._data.get("Event", ""))
            return False
        fresh = await self._recorder.record(item)
        if fresh:
            self._schedule(item.inbound.key.external_user_id)
        else:
            log.info("repeated WeCom delivery of message %s ignored", item.inbound.message_id)
        return fresh

    # --- background -----------------------------------------------------------------------------------

    def _schedule(self, user: str) -> None:
        task = asyncio.get_running_loop().create_task(self._handle(user), name=f"wecom:{user}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, user: str) -> None:
        # asyncio.Lock wakes waiters first come, first served: one member's messages stay in order.
        async with self._locks.setdefault(user, asyncio.Lock()):
            try:
                await asyncio.to_thread(self._staging.drain, user)
                await self._process(ConversationKey(CHANNEL, user))
            except Exception:
                log.exception("handling WeCom messages of %s failed; they stay recorded for a retry", user)

    async def resume(self) -> int:
        """Schedule every member with staged messages that are due (after a restart, or a failed download)."""
        users = await asyncio.to_thread(self._staging.users_due)
        for user in users:
            self._schedule(user)
        return len(users)

    async def start(self) -> None:
        """Resume what an earlier process left staged, then keep retrying postponed downloads."""
        await self.resume()
        self._maintenance = asyncio.get_running_loop().create_task(self._maintain(), name="wecom:maintenance")

    async def stop(self, timeout: float = 10.0) -> None:
        """Stop retrying and give running handlers ``timeout`` seconds to finish (what is cut off stays
        recorded or staged, and is handled on the next start)."""
        if self._maintenance is not None:
            self._maintenance.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._maintenance
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)
        await self._recorder.close()

    async def idle(self) -> None:
        """Wait until every scheduled handler has finished (tests, and orderly shutdown)."""
        while self._tasks:
            await asyncio.gather(*set(self._tasks), return_exceptions=True)

    async def _maintain(self) -> None:
        while True:
            await asyncio.sleep(self._retry_interval)
            try:
                await self.resume()
                await asyncio.to_thread(self._housekeeping)
            except Exception:
                log.exception("WeCom staging maintenance failed; next try in %.0f s", self._retry_interval)
