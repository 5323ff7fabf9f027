"""Claims are leases: a live loop renews what it holds while it sends, so a slow send keeps its messages;
a claim nobody renews (its process died) is taken over once the lease has run out, and sent once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.channels.delivery_result import DeliveryResult, SendCapacity
from bot.delivery import DeliveryLoop, DeliverySettings
from bot.delivery_lease import Lease
from conversations.messages import Outgoing
from storage import Database
from storage.repositories.outbox import PENDING, SENT, ClaimedMessage, MessageFate
from tests.delivery.kit import CHANNEL, T0, Clock, FakeSender, queue
from tests.waiting import eventually

LEASE = timedelta(seconds=20)
QUICK_RENEWALS = DeliverySettings(claim_timeout=timedelta(milliseconds=200))  # renewed every 50 ms
BOUND_S = 5.0  # for waiting on another task to get somewhere, never a timing assertion


@pytest.fixture
def clock() -> Clock:
    return Clock()


def fate(database: Database, message_id: int) -> MessageFate:
    with database.unit_of_work() as uow:
        recorded = uow.outbox.fate(message_id)
    assert recorded is not None
    return recorded


class GatedSender(FakeSender):
    """Holds every send until ``gate`` is set; ``started`` is set when the first send begins."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.started = asyncio.Event()

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        self.started.set()
        await self.gate.wait()
        return await super().send(outgoing)


async def test_a_lease_renewed_while_a_slow_send_runs_is_not_taken_over(
    database: Database, clock: Clock
) -> None:
    [message_id] = queue(database, [("u1", "回执")])
    slow = GatedSender()
    first = DeliveryLoop(database.unit_of_work, slow, settings=QUICK_RENEWALS, clock=clock, worker="w1")
    sending = asyncio.create_task(first.deliver_once())
    await asyncio.wait_for(slow.started.wait(), BOUND_S)

    clock.advance(minutes=10)  # far past the lease the claim began with
    # renewed at the new time
    await eventually(lambda: fate(database, message_id).claimed_at == clock.now, BOUND_S)
    other = DeliveryLoop(
        database.unit_of_work, FakeSender(), settings=QUICK_RENEWALS, clock=clock, worker="w2"
    )
    taken_over = await other.deliver_once()
    slow.gate.set()
    outcome = await sending

    assert taken_over.handled == 0
    assert outcome.sent == 1
    recorded = fate(database, message_id)
    assert (recorded.status, recorded.claimed_by, recorded.attempts) == (SENT, "w1", 1)


async def test_a_claim_nobody_renews_is_taken_over_once_after_the_lease_and_sent_once(
    database: Database, clock: Clock
) -> None:
    [message_id] = queue(database, [("u1", "提醒")])
    with database.unit_of_work() as uow:  # a process that claimed, then died
        uow.outbox.claim(CHANNEL, worker="dead", now=T0, stale_before=T0 - LEASE, limit=10)
        uow.commit()
    sender = FakeSender()
    settings = DeliverySettings(claim_timeout=LEASE)
    rescuers = [
        DeliveryLoop(database.unit_of_work, sender, settings=settings, clock=clock, worker=f"w{n}")
        for n in range(3)
    ]

    clock.now = T0 + LEASE - timedelta(seconds=1)
    too_early = await rescuers[0].deliver_once()
    clock.now = T0 + LEASE + timedelta(seconds=1)
    rescued = await rescuers[1].deliver_once()
    again = await rescuers[2].deliver_once()

    assert (too_early.handled, rescued.sent, again.handled) == (0, 1, 0)
    assert [call.id for call in sender.calls] == [message_id]
    recorded = fate(database, message_id)
    assert (recorded.status, recorded.claimed_by, recorded.attempts) == (SENT, "w1", 2)


async def test_a_loop_asked_to_stop_hands_back_what_it_has_not_begun_to_send(
    database: Database, clock: Clock
) -> None:
    first, *rest = queue(database, [("u1", "一"), ("u2", "二"), ("u3", "三")])
    stop = asyncio.Event()

    class StoppingSender(FakeSender):
        async def send(self, outgoing: Outgoing) -> DeliveryResult:
            stop.set()  # SIGTERM arrives while the first message is being sent
            return await super().send(outgoing)

    loop = DeliveryLoop(
        database.unit_of_work, StoppingSender(capacity=SendCapacity(in_flight=1)), clock=clock
    )

    await asyncio.wait_for(loop.run(stop), BOUND_S)

    assert fate(database, first).status == SENT
    assert [(fate(database, i).status, fate(database, i).attempts) for i in rest] == [(PENDING, 0)] * 2


async def test_messages_the_lease_could_not_keep_are_noted_lost_and_the_settled_are_not() -> None:
    renewals: list[list[int]] = []

    def renew(ids: list[int]) -> set[int]:
        renewals.append(ids)
        return {1}  # 2 was taken over by another worker; 3 is settled meanwhile

    claimed = [_claimed(n) for n in (1, 2, 3)]
    async with Lease(renew, claimed, interval_s=0.01) as lease:
        lease.settled([3])
        await eventually(lambda: lease.lost, BOUND_S)  # the first renewal's answer read

    assert renewals[0] == [1, 2]
    assert lease.lost == {2}


def _claimed(message_id: int) -> ClaimedMessage:
    return ClaimedMessage(message_id, CHANNEL, f"u{message_id}", "{}", T0, "reply", 1, "w1", T0, "")


async def test_a_round_over_before_its_first_renewal_is_due_renews_nothing() -> None:
    renewals: list[list[int]] = []

    def renew(ids: list[int]) -> set[int]:
        renewals.append(ids)
        return set(ids)

    async with Lease(renew, [_claimed(1)], interval_s=0.05):
        pass
    await asyncio.sleep(0.1)  # past the interval: the timer was cancelled with the round

    assert renewals == []
