"""The delivery loop: one per channel per process, draining the outbox through the channel's Sender.

    loop = DeliveryLoop(database.unit_of_work, sender, settings=DeliverySettings.from_settings(settings))
    task = asyncio.create_task(loop.run(stop))   # until stop (an asyncio.Event) is set
    loop.wake()                                  # something was just queued, look now (from any thread)

The application wakes its loops itself: ``DeliveryWakeups`` listens to the database's outbox commits
(``Database.on_outbox_commit``), so a reply the engine queues in this process goes out at once. Polling
every ``idle_interval_s`` stays, for messages other processes queue.

Each round claims a batch of the channel's due messages (storage.repositories.outbox: SKIP LOCKED
on PostgreSQL, the single writer lock on SQLite) and sends them concurrently, up to the sender's
``capacity.in_flight`` at a time. Order per recipient needs nothing more: a claim never holds two messages
to one account (a later message waits while an earlier one is pending or claimed), so the messages sent
side by side all go to different people. Messages of identical content and kind (a nudge, a digest to
many members) go to a ``GroupSender`` together, one platform call for up to ``group_size`` recipients,
each message still with its own fate. Fates are recorded per send (or group) in one short transaction:

- sent: ``sent``;
- retry: back to ``pending`` with ``next_attempt_at`` after an exponential backoff (at least the sender's
  ``retry_after``), until ``max_attempts`` claims were spent: then ``failed``, and staff are told;
- undeliverable: ``undeliverable``, and staff are told (a notice about a notice is not sent, so a broken
  staff account cannot start a loop).

A sender that takes broadcasts (``BroadcastSender``: WeCom) first gets, each round, the channel's oldest
due broadcast (storage.repositories.outbox_broadcasts: an identical nudge to many members, claimed as one
row with its members read, not stamped); it writes a row per call before each call and each member's
records after it, and the loop settles the members in one transaction. Members the broadcast cannot take
now (an earlier message to them waits, over their allowance, a call that failed or is in doubt) go the
regular way, where the part ledger makes a call in doubt again as the same request.

A claim is a lease of ``claim_timeout`` (FM_DELIVERY_CLAIM_TIMEOUT): while a round runs, the loop renews
what it still holds every quarter of it, so a slow round keeps its messages, and a process that dies
leaves ``claimed`` rows that any loop on any process claims again once the lease has run out. Exactly
once does not rest on the lease: the senders' part ledgers record each platform call before it is made,
so a message taken over from a live but stalled process is still sent once. The clock is injected, for
tests and for ``fmbot`` commands that act "as of" a moment.
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
from collections import Counter
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.channels.delivery_result import (
    BroadcastSender,
    DeliveryResult,
    DeliveryStatus,
    GroupSender,
    Sender,
    backoff_delay,
    capacity_of,
)
from bot.clock import utc_now
from bot.config import Settings
from bot.delivery_lease import Lease
from conversations import ConversationKey, Outgoing, Reply, tell_staff_of_undelivered
from fm_domain.message_codec import decode_reply
from storage import UnitOfWork
from storage.repositories.outbox import FAILED, UNDELIVERABLE, ClaimedMessage
from storage.repositories.outbox_broadcasts import ClaimedBroadcast

log = logging.getLogger("fmbot.delivery")

T = TypeVar("T")
# How the loop runs its transactions (synchronous storage calls) from the event loop.
Blocking = Callable[..., Awaitable[Any]]


async def in_place(function: Callable[..., T], *args: Any) -> T:
    """Run a transaction on the event loop's own thread: for a loop that serves nothing else meanwhile
    (an in-process channel's drain), where a hop to a worker thread and back would be all its cost."""
    return function(*args)


def default_worker_id() -> str:
    """Unique per process and loop; the host and pid tell an operator whose claim a row holds."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class DeliverySettings:
    # Messages per claim and sends at once; None: as the sender's capacity says.
    batch_size: int | None = None
    in_flight: int | None = None
    # The lease: a claim not renewed for this long is taken over (its process died). Renewed every quarter.
    claim_timeout: timedelta = timedelta(seconds=20)
    max_attempts: int = 12
    idle_interval_s: float = 1.0  # how long an idle loop waits before looking again (wake() cuts it short)
    backoff_base_s: float = 5.0
    backoff_cap_s: float = 1800.0
    send_timeout_s: float = 60.0  # one send (or group); its lease is renewed meanwhile

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliverySettings:
        return cls(
            claim_timeout=timedelta(seconds=settings.delivery_claim_timeout_s),
            max_attempts=settings.delivery_max_attempts,
        )

    @property
    def renew_interval_s(self) -> float:
        return self.claim_timeout.total_seconds() / 4


@dataclass(frozen=True)
class Round:
    """What one round did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    undeliverable: int = 0
    lost_claims: int = 0  # sent or failed, but another worker had taken the row over meanwhile
    released: int = 0  # handed back unsent, as the loop was stopping
    # The claim left due messages behind (the next message to one of its recipients, or a full batch's
    # worth): another round now would find them. False: one would find only what was queued since.
    more: bool = False

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
        blocking: Blocking = asyncio.to_thread,
    ) -> None:
        self._uow = uow_factory
        # A worker thread by default, so the event loop goes on serving (webhooks, other sends) while the
        # database works; ``in_place`` where nothing else runs on the loop.
        self._blocking = blocking
        self._sender = sender
        # Asked once: isinstance against a runtime-checkable Protocol walks its members on every call.
        self._groups = isinstance(sender, GroupSender)
        self._broadcasts = isinstance(sender, BroadcastSender)
        self.settings = settings or DeliverySettings()
        self._clock = clock
        self.worker = worker or default_worker_id()
        self._rng = rng or random.Random()
        self._wake = asyncio.Event()
        self._running_on: asyncio.AbstractEventLoop | None = None  # the event loop run() is on
        self._stop: asyncio.Event | None = None  # run()'s
        # What every send of the sender needs first (WeCom's access_token), if it has such a step.
        self._prepare: Callable[[], Awaitable[None]] | None = getattr(sender, "prepare", None)

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
        self._stop = stop
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
            self._stop = None
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
        """Claim one batch and deliver it; the counts of what became of it. Sends not yet begun when the
        running loop is asked to stop are handed back, so that another process need not wait for their
        lease."""
        await self._prepare_sender()
        if self._broadcasts and (broadcast := await self._deliver_broadcast()) is not None:
            return broadcast
        limit = self._claim_limit
        claimed = await self._blocking(self._claim, limit)
        if not claimed:
            return Round()
        more = len(claimed) >= limit or any(message.followed for message in claimed)
        slots = asyncio.Semaphore(self.settings.in_flight or capacity_of(self._sender).in_flight)
        lease = Lease(self._renew, claimed, self.settings.renew_interval_s)
        units = self._units(claimed)
        async with lease:
            if len(units) == 1:  # one send (a console reply): no task of its own to gather
                outcomes = [await self._outcome(self._deliver(units[0], slots, lease))]
            else:
                outcomes = await asyncio.gather(
                    *(self._deliver(unit, slots, lease) for unit in units), return_exceptions=True
                )
        counts: Counter[str] = Counter()
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                # Its messages stay claimed until the lease runs out; the ledgers keep them from going twice.
                log.error("delivering outbox messages of %s failed", self.channel, exc_info=outcome)
            else:
                counts += outcome
        return Round(**counts, more=more)

    @staticmethod
    async def _outcome(delivery: Awaitable[Counter[str]]) -> Counter[str] | BaseException:
        """What ``gather(..., return_exceptions=True)`` makes of one delivery."""
        try:
            return await delivery
        except Exception as error:
            return error

    async def _prepare_sender(self) -> None:
        """What every send of the sender needs first (WeCom's access_token), before the claim: the sender
        returns once its own transactions are done and leaves a round trip going on beside the claim, so a
        fan-out's calls wait for the longer of the two, not for both. A failure is the sends' to report."""
        if self._prepare is None:
            return
        try:
            await self._prepare()
        except Exception as error:  # the class name only: the text may carry a URL with a secret
            log.warning("preparing the sender failed (%s)", type(error).__name__)

    def _units(self, claimed: list[ClaimedMessage]) -> list[list[ClaimedMessage]]:
        """What goes out in one send: a message, or a group of identical ones for a GroupSender."""
        if not self._groups:
            return [[message] for message in claimed]
        alike: dict[tuple[str, str], list[ClaimedMessage]] = {}
        for message in claimed:
            alike.setdefault((message.kind, message.payload), []).append(message)
        assert isinstance(self._sender, GroupSender)
        size = max(1, self._sender.group_size)
        units = [
            group[start : start + size] for group in alike.values() for start in range(0, len(group), size)
        ]
        return sorted(units, key=lambda unit: unit[0].id)  # the oldest message's send first

    async def _deliver(
        self,
        unit: list[ClaimedMessage],
        slots: asyncio.Semaphore,
        lease: Lease,
    ) -> Counter[str]:
        async with slots:
            if self._stop is not None and self._stop.is_set():
                await self._blocking(self._release, unit)
                return Counter(released=len(unit))
            held = [message for message in unit if message.id not in lease.lost]
            if len(held) < len(unit):
                log.warning("%d outbox messages were taken over before being sent", len(unit) - len(held))
            results = await self._send(held) if held else []
        lost = Counter(lost_claims=len(unit) - len(held))
        if held:
            lost += await self._blocking(self._record, list(zip(held, results, strict=True)))
        lease.settled(message.id for message in unit)
        return lost

    # -- broadcasts (storage.repositories.outbox_broadcasts) ---------------------------------------------

    async def _deliver_broadcast(self) -> Round | None:
        """Claim a due broadcast and send its members; None when none had members to send now (those it
        detached are the regular claim's, in the same round)."""
        claim = await self._blocking(self._claim_broadcast, self._claim_limit)
        if claim is None:
            return None
        if not claim.members:
            await self._blocking(self._finish_broadcast, claim)
            return None
        if self._stop is not None and self._stop.is_set():
            await self._blocking(self._release_broadcast, claim)
            return Round(released=len(claim.members))
        try:
            reply = decode_reply(claim.payload)
        except (ValueError, KeyError, TypeError) as error:
            log.error("broadcast %s cannot be read: %s", claim.id, type(error).__name__)
            unreadable = DeliveryResult.undeliverable("消息内容无法读取")
            return Round(
                **await self._blocking(self._record_broadcast, claim, None, [unreadable] * len(claim.members))
            )
        lease = Lease(lambda _: self._renew_broadcast(claim), [claim], self.settings.renew_interval_s)
        async with lease:
            try:
                async with asyncio.timeout(self.settings.send_timeout_s):
                    assert isinstance(self._sender, BroadcastSender)
                    results = await self._sender.send_broadcast(claim, reply)
            except Exception:
                # Nothing settled: the broadcast stays claimed until its lease runs out, and the claim after
                # it hands every member a call may have carried to the regular way, through the ledger.
                log.exception("sending broadcast %s of %s failed", claim.id, self.channel)
                return Round(more=True)
        if len(results) != len(claim.members):
            log.error(
                "sender for %s answered %d fates for %d members",
                self.channel,
                len(results),
                len(claim.members),
            )
            return Round(more=True)
        counts = await self._blocking(self._record_broadcast, claim, reply, results)
        return Round(**counts, more=True)

    def _claim_broadcast(self, limit: int) -> ClaimedBroadcast | None:
        return self._claim_from(lambda uow: uow.broadcasts.claim, limit)

    def _renew_broadcast(self, claim: ClaimedBroadcast) -> set[int]:
        with self._uow() as uow:
            held = uow.broadcasts.renew(claim, self._clock())
            uow.commit()
        return {claim.id} if held else set()

    def _finish_broadcast(self, claim: ClaimedBroadcast) -> None:
        with self._uow() as uow:
            uow.broadcasts.finish(claim, self._clock())
            uow.commit()

    def _release_broadcast(self, claim: ClaimedBroadcast) -> None:
        with self._uow() as uow:
            uow.broadcasts.release(claim)
            uow.commit()

    def _record_broadcast(
        self, claim: ClaimedBroadcast, reply: Reply | None, results: list[DeliveryResult]
    ) -> Counter[str]:
        """Settle a broadcast's members in one transaction: sent; undeliverable (staff are told); any other
        fate (over the allowance, a call failed or in doubt) goes the regular way after a backoff, which
        reads the part ledger and so makes a call in doubt again as the same request."""
        now = self._clock()
        outcomes: Counter[str] = Counter()
        fates = list(zip(claim.members, results, strict=True))
        sent = [i for (i, _), result in fates if result.status is DeliveryStatus.SENT]
        refused = [
            (i, m, result) for (i, m), result in fates if result.status is DeliveryStatus.UNDELIVERABLE
        ]
        later: dict[tuple[float, str], list[int]] = {}
        for (outbox_id, _), result in fates:
            if result.status is DeliveryStatus.RETRY:
                later.setdefault((result.retry_after, result.reason), []).append(outbox_id)
        with self._uow() as uow:
            recorded = uow.broadcasts.mark_sent(claim, sent, now)
            outcomes.update(sent=len(recorded), lost_claims=len(sent) - len(recorded))
            for (after, reason), ids in later.items():
                # One delay for the members who failed together: their retries need not be spread, the
                # regular claim takes a thousand at a time.
                delay = backoff_delay(
                    claim.attempts,
                    at_least=after,
                    base=self.settings.backoff_base_s,
                    cap=self.settings.backoff_cap_s,
                    rng=self._rng,
                )
                detached = uow.broadcasts.retry_later(claim, ids, now + timedelta(seconds=delay), reason, now)
                outcomes.update(retried=len(detached), lost_claims=len(ids) - len(detached))
            for outbox_id, member, result in refused:
                if not uow.broadcasts.give_up(claim, [outbox_id], UNDELIVERABLE, result.reason, now):
                    outcomes["lost_claims"] += 1
                    continue
                outcomes["undeliverable"] += 1
                tell_staff_of_undelivered(
                    uow,
                    ConversationKey(claim.channel, member),
                    kind=claim.kind,
                    excerpt=reply.text if reply is not None else "",
                    reason=result.reason,
                    retries_exhausted=False,
                    now=now,
                )
            uow.broadcasts.finish(claim, now)
            uow.commit()
        if outcomes["lost_claims"]:
            log.warning(
                "broadcast %s was taken over before %d fates were recorded", claim.id, outcomes["lost_claims"]
            )
        return outcomes

    # -- steps -----------------------------------------------------------------------------------------

    @property
    def _claim_limit(self) -> int:
        return self.settings.batch_size or capacity_of(self._sender).claim

    def _claim(self, limit: int) -> list[ClaimedMessage]:
        return self._claim_from(lambda uow: uow.outbox.claim, limit)

    def _claim_from(self, claim: Callable[[UnitOfWork], Callable[..., T]], limit: int) -> T:
        """A claim of the outbox (its messages, or a broadcast), leased to this worker and committed."""
        now = self._clock()
        with self._uow() as uow:
            claimed = claim(uow)(
                self.channel,
                worker=self.worker,
                now=now,
                stale_before=now - self.settings.claim_timeout,
                limit=limit,
            )
            uow.commit()
        return claimed

    def _renew(self, message_ids: list[int]) -> set[int]:
        with self._uow() as uow:
            renewed = uow.outbox.renew(message_ids, self.worker, self._clock())
            uow.commit()
        return renewed

    def _release(self, messages: list[ClaimedMessage]) -> None:
        with self._uow() as uow:
            for message in messages:
                uow.outbox.release(message)
            uow.commit()
        log.info("%d outbox messages of %s handed back unsent: stopping", len(messages), self.channel)

    async def _send(self, unit: list[ClaimedMessage]) -> list[DeliveryResult]:
        first = unit[0]
        try:
            reply = decode_reply(first.payload)  # the group's messages have the same payload
        except (ValueError, KeyError, TypeError) as error:
            log.error("outbox message %s cannot be read: %s", first.id, type(error).__name__)
            return [DeliveryResult.undeliverable("消息内容无法读取")] * len(unit)
        outgoings = [
            Outgoing(
                m.id, ConversationKey(m.channel, m.external_user_id), reply, m.created_at, m.kind, m.attempts
            )
            for m in unit
        ]
        try:
            # A timeout scope, not wait_for: before Python 3.12 wait_for runs the send as a task of its own.
            async with asyncio.timeout(self.settings.send_timeout_s):
                if len(outgoings) == 1:
                    sent = [await self._sender.send(outgoings[0])]
                else:
                    assert isinstance(self._sender, GroupSender)
                    sent = await self._sender.send_identical(outgoings)
        except TimeoutError:
            log.warning("sending outbox message %s (%d in its group) timed out", first.id, len(unit))
            return [DeliveryResult.retry("发送超时", 0.0)] * len(unit)
        except Exception as error:
            # The class name only: an exception's text may carry a URL with a token in it.
            log.exception("sender for %s raised on outbox message %s", self.channel, first.id)
            return [DeliveryResult.retry(f"发送出错（{type(error).__name__}）", 0.0)] * len(unit)
        if len(sent) != len(unit):
            log.error("sender for %s answered %d fates for %d messages", self.channel, len(sent), len(unit))
            return [DeliveryResult.retry("发送出错（结果数目不符）", 0.0)] * len(unit)
        return sent

    def _record(self, fates: list[tuple[ClaimedMessage, DeliveryResult]]) -> Counter[str]:
        """Write the fates of one send (or group) in one transaction; how many went to each count."""
        now = self._clock()
        outcomes: Counter[str] = Counter()
        with self._uow() as uow:
            sent = [message for message, result in fates if result.status is DeliveryStatus.SENT]
            recorded = uow.outbox.mark_all_sent(sent, now) if sent else set()
            outcomes.update(sent=len(recorded), lost_claims=len(sent) - len(recorded))
            for message, result in fates:
                if result.status is DeliveryStatus.SENT:
                    if message.id not in recorded:
                        log.warning("outbox message %s was taken over before it was recorded", message.id)
                    continue
                outcome = self._record_failure(uow, message, result, now)
                outcomes[outcome] += 1
            uow.commit()
        return outcomes

    def _record_failure(
        self, uow: UnitOfWork, message: ClaimedMessage, result: DeliveryResult, now: datetime
    ) -> str:
        if result.status is DeliveryStatus.RETRY and message.attempts < self.settings.max_attempts:
            delay = backoff_delay(
                message.attempts,
                at_least=result.retry_after,
                base=self.settings.backoff_base_s,
                cap=self.settings.backoff_cap_s,
                rng=self._rng,
            )
            later = now + timedelta(seconds=delay)
            outcome = "retried" if uow.outbox.retry_later(message, later, result.reason) else "lost_claims"
        else:
            outcome = self._give_up(uow, message, result, now)
        if outcome == "lost_claims":
            log.warning("outbox message %s was taken over before its fate was recorded", message.id)
        else:
            log.info("outbox message %s to %s: %s (%s)", message.id, self.channel, outcome, result.reason)
        return outcome

    def _give_up(
        self, uow: UnitOfWork, message: ClaimedMessage, result: DeliveryResult, now: datetime
    ) -> str:
        exhausted = result.status is DeliveryStatus.RETRY
        status = FAILED if exhausted else UNDELIVERABLE
        if not uow.outbox.give_up(message, status, result.reason):
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
