"""The delivery loop: one per channel per process, draining the outbox through the channel's Sender.

    loop = DeliveryLoop(database.unit_of_work, sender, settings=DeliverySettings.from_settings(settings))
    task = asyncio.create_task(loop.run(stop))   # until stop (an asyncio.Event) is set
    loop.wake()                                  # something was just queued, look now (from any thread)

The application wakes its loops itself: ``DeliveryWakeups`` listens to the database's outbox commits
(``Database.on_outbox_commit``), so a reply the engine queues in this process goes out at once. Polling
every ``idle_interval_s`` stays, for messages other processes queue.

Each round claims a batch of the channel's due messages (storage.repositories.outbox_delivery: SKIP LOCKED
on PostgreSQL, the single writer lock on SQLite, a recipient's messages in order), sends them one by one,
and records each fate in its own short transaction:

- sent: ``sent``;
- retry: back to ``pending`` with ``next_attempt_at`` after an exponential backoff (at least the sender's
  ``retry_after``), until ``max_attempts`` claims were spent: then ``failed``, and staff are told;
- undeliverable: ``undeliverable``, and staff are told (a notice about a notice is not sent, so a broken
  staff account cannot start a loop).

A process that dies after claiming leaves ``claimed`` rows; once ``claim_timeout`` has passed, any loop on
any process claims them again. The send itself is bounded by half that timeout, so a slow send is recorded
before another process could take the row over. The clock is injected, for tests and for ``fmbot``
commands that act "as of" a moment.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import secrets
import socket
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.channels.delivery_result import DeliveryResult, DeliveryStatus, Sender, backoff_delay
from bot.clock import utc_now
from bot.config import Settings
from conversations import ConversationKey, Outgoing, tell_staff_of_undelivered
from fm_domain.message_codec import decode_reply
from storage import UnitOfWork
from storage.repositories.outbox_delivery import FAILED, UNDELIVERABLE, ClaimedMessage

log = logging.getLogger("fmbot.delivery")


def default_worker_id() -> str:
    """Unique per process and loop; the host and pid tell an operator whose claim a row holds."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class DeliverySettings:
    batch_size: int = 20
    claim_timeout: timedelta = timedelta(minutes=5)
    max_attempts: int = 12
    idle_interval_s: float = 1.0  # how long an idle loop waits before looking again (wake() cuts it short)
    backoff_base_s: float = 5.0
    backoff_cap_s: float = 1800.0

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliverySettings:
        return cls(
            claim_timeout=timedelta(seconds=settings.delivery_claim_timeout_s),
            max_attempts=settings.delivery_max_attempts,
        )

    @property
    def send_timeout_s(self) -> float:
        return self.claim_timeout.total_seconds() / 2


@dataclass(frozen=True)
class Round:
    """What one round did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    undeliverable: int = 0
    lost_claims: int = 0  # sent or failed, but another worker had taken the row over meanwhile

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.undeliverable + self.lost_claims


def _current_event_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class DeliveryWakeups:
    """This process's delivery loops by channel: ``ring(channels)`` wakes the loops of those channels.

    The application passes ``ring`` to ``Database.on_outbox_commit``, so every commit that queued outbox
    messages here (a turn, a nudge sweep, a staff notice) wakes the loops that deliver them. Called from
    whichever thread committed.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loops: dict[str, list[DeliveryLoop]] = {}

    def add(self, loop: DeliveryLoop) -> None:
        with self._lock:
            self._loops.setdefault(loop.channel, []).append(loop)

    def ring(self, channels: Collection[str]) -> None:
        with self._lock:
            loops = [loop for channel in channels for loop in self._loops.get(channel, ())]
        for loop in loops:
            loop.wake()


class DeliveryLoop:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        sender: Sender,
        *,
        settings: DeliverySettings | None = None,
        clock: Callable[[], datetime] = utc_now,
        worker: str | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._uow = uow_factory
        self._sender = sender
        self.settings = settings or DeliverySettings()
        self._clock = clock
        self.worker = worker or default_worker_id()
        self._rng = rng or random.Random()
        self._wake = asyncio.Event()
        self._running_on: asyncio.AbstractEventLoop | None = None  # the event loop run() is on

    @property
    def channel(self) -> str:
        return self._sender.channel

    def wake(self) -> None:
        """Look at the outbox now rather than after the idle interval. Safe from any thread: the engine
        commits replies in worker threads. A loop not running yet looks at its first round anyway."""
        running_on = self._running_on
        if running_on is None:
            return
        if _current_event_loop() is running_on:
            self._wake.set()
        else:
            with contextlib.suppress(RuntimeError):  # that event loop is closed: nothing left to wake
                running_on.call_soon_threadsafe(self._wake.set)

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set. A failing database is logged and tried again after the interval."""
        log.info("delivery loop for %s started as %s", self.channel, self.worker)
        self._running_on = asyncio.get_running_loop()
        try:
            while not stop.is_set():
                # Cleared before the round, not after: a wake while it runs (a reply queued after its claim)
                # then cuts the idle wait that follows short instead of being lost.
                self._wake.clear()
                try:
                    handled = (await self.deliver_once()).handled
                except Exception:
                    log.exception("delivery round for %s failed; trying again shortly", self.channel)
                    handled = 0
                if handled == 0:
                    await self._idle(stop)
        finally:
            self._running_on = None
        log.info("delivery loop for %s stopped", self.channel)

    async def _idle(self, stop: asyncio.Event) -> None:
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait(
                waiters, timeout=self.settings.idle_interval_s, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def deliver_once(self) -> Round:
        """Claim one batch and deliver it; the counts of what became of it."""
        claimed = await asyncio.to_thread(self._claim)
        counts = {status: 0 for status in ("sent", "retried", "failed", "undeliverable", "lost_claims")}
        for position, message in enumerate(claimed):
            if not self._time_left_to_send(message):
                # Slow sends ate the batch's claim: what is left goes back rather than risk a second
                # process claiming it while this one sends it.
                await asyncio.to_thread(self._release, claimed[position:])
                break
            result = await self._send(message)
            outcome = await asyncio.to_thread(self._record, message, result)
            counts[outcome] += 1
        return Round(**counts)

    def _time_left_to_send(self, message: ClaimedMessage) -> bool:
        deadline = (
            message.claimed_at + self.settings.claim_timeout - timedelta(seconds=self.settings.send_timeout_s)
        )
        return self._clock() < deadline

    def _release(self, messages: list[ClaimedMessage]) -> None:
        with self._uow() as uow:
            for message in messages:
                uow.delivery.release(message)
            uow.commit()
        log.warning(
            "%d outbox messages of %s handed back unsent: their claim ran low", len(messages), self.channel
        )

    # -- steps -----------------------------------------------------------------------------------------

    def _claim(self) -> list[ClaimedMessage]:
        now = self._clock()
        with self._uow() as uow:
            claimed = uow.delivery.claim(
                self.channel,
                worker=self.worker,
                now=now,
                stale_before=now - self.settings.claim_timeout,
                limit=self.settings.batch_size,
            )
            uow.commit()
        return claimed

    async def _send(self, message: ClaimedMessage) -> DeliveryResult:
        try:
            reply = decode_reply(message.payload)
        except (ValueError, KeyError, TypeError) as error:
            log.error("outbox message %s cannot be read: %s", message.id, type(error).__name__)
            return DeliveryResult.undeliverable("消息内容无法读取")
        outgoing = Outgoing(
            message.id, ConversationKey(message.channel, message.external_user_id), reply, message.created_at
        )
        try:
            return await asyncio.wait_for(self._sender.send(outgoing), timeout=self.settings.send_timeout_s)
        except TimeoutError:
            log.warning("sending outbox message %s timed out", message.id)
            return DeliveryResult.retry("发送超时", 0.0)
        except Exception as error:
            # The class name only: an exception's text may carry a URL with a token in it.
            log.exception("sender for %s raised on outbox message %s", self.channel, message.id)
            return DeliveryResult.retry(f"发送出错（{type(error).__name__}）", 0.0)

    def _record(self, message: ClaimedMessage, result: DeliveryResult) -> str:
        """Write the fate of one message; the name of the count it adds to."""
        now = self._clock()
        with self._uow() as uow:
            if result.status is DeliveryStatus.SENT:
                outcome = "sent" if uow.delivery.mark_sent(message, now) else "lost_claims"
            elif result.status is DeliveryStatus.RETRY and message.attempts < self.settings.max_attempts:
                delay = backoff_delay(
                    message.attempts,
                    at_least=result.retry_after,
                    base=self.settings.backoff_base_s,
                    cap=self.settings.backoff_cap_s,
                    rng=self._rng,
                )
                later = now + timedelta(seconds=delay)
                outcome = (
                    "retried" if uow.delivery.retry_later(message, later, result.reason) else "lost_claims"
                )
            else:
                outcome = self._give_up(uow, message, result, now)
            uow.commit()
        if outcome == "lost_claims":
            log.warning(
                "outbox message %s was taken over by another worker before its fate was recorded", message.id
            )
        elif outcome != "sent":
            log.info("outbox message %s to %s: %s (%s)", message.id, self.channel, outcome, result.reason)
        return outcome

    def _give_up(
        self, uow: UnitOfWork, message: ClaimedMessage, result: DeliveryResult, now: datetime
    ) -> str:
        exhausted = result.status is DeliveryStatus.RETRY
        status = FAILED if exhausted else UNDELIVERABLE
        if not uow.delivery.give_up(message, status, result.reason):
            return "lost_claims"
        self._tell_staff(uow, message, result.reason, exhausted, now)
        return "failed" if exhausted else "undeliverable"

    @staticmethod
    def _tell_staff(
        uow: UnitOfWork, message: ClaimedMessage, reason: str, exhausted: bool, now: datetime
    ) -> None:
        try:
            excerpt = decode_reply(message.payload).text
        except (ValueError, KeyError, TypeError):
            excerpt = ""
        tell_staff_of_undelivered(
            uow,
            ConversationKey(message.channel, message.external_user_id),
            kind=message.kind,
            excerpt=excerpt,
            reason=reason,
            retries_exhausted=exhausted,
            now=now,
        )
