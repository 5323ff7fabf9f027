"""Delivery loops are woken when this process queues a message: a reply goes out at once, not at the next
poll. The idle interval here is a minute, so only a wake can make a send happen within the bounded waits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest

from bot.app import Application, build_application
from bot.channels.delivery_result import DeliveryResult
from bot.config import load_settings
from bot.delivery import DeliveryLoop, DeliverySettings, DeliveryWakeups, Round
from conversations.messages import ConversationKey, Inbound, Outgoing
from storage import Database
from tests.delivery.kit import CHANNEL, FakeSender, queue

A_MINUTE = DeliverySettings(idle_interval_s=60.0)
PROMPTLY_S = 5.0  # a bound for the waits below, far under the idle interval


class SignallingSender(FakeSender):
    """Sets ``sent_one`` on every send."""

    def __init__(self) -> None:
        super().__init__()
        self.sent_one = asyncio.Event()

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        result = await super().send(outgoing)
        self.sent_one.set()
        return result


def signal_empty_rounds(loop: DeliveryLoop) -> asyncio.Event:
    """An event set whenever a round of ``loop`` found nothing, i.e. it is about to wait idle."""
    empty = asyncio.Event()
    deliver_once = loop.deliver_once

    async def watched() -> Round:
        result = await deliver_once()
        if result.handled == 0:
            empty.set()
        return result

    loop.deliver_once = watched  # type: ignore[method-assign]
    return empty


@asynccontextmanager
async def idling(loop: DeliveryLoop) -> AsyncIterator[None]:
    """``loop`` running, past its first round: the outbox was empty, it waits for its idle interval."""
    empty = signal_empty_rounds(loop)
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop))
    try:
        await asyncio.wait_for(empty.wait(), PROMPTLY_S)
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, PROMPTLY_S)


@pytest.fixture
def app(database_url: str) -> Iterator[Application]:
    application = build_application(load_settings({"FM_DATABASE_URL": database_url}))
    yield application
    application.close()


async def test_a_reply_queued_by_a_turn_goes_out_at_once(app: Application) -> None:
    sender = SignallingSender()
    async with idling(app.delivery_loop(sender, A_MINUTE)):
        inbound = Inbound(ConversationKey(CHANNEL, "u1"), "m1", datetime.now(UTC), text="你好")
        await app.engine.handle(inbound)
        await asyncio.wait_for(sender.sent_one.wait(), PROMPTLY_S)
    assert [call.key.external_user_id for call in sender.calls] == ["u1"]


class RecordingLoop:
    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.wakes = 0

    def wake(self) -> None:
        self.wakes += 1


def test_only_the_loops_of_the_channels_that_got_messages_are_woken() -> None:
    wakeups = DeliveryWakeups()
    telegram, wecom, second_wecom = RecordingLoop("telegram"), RecordingLoop("wecom"), RecordingLoop("wecom")
    for loop in (telegram, wecom, second_wecom):
        wakeups.add(loop)  # type: ignore[arg-type]
    wakeups.ring({"wecom", "console"})
    assert (telegram.wakes, wecom.wakes, second_wecom.wakes) == (0, 1, 1)


async def test_a_wake_while_a_round_runs_cuts_the_following_wait_short(database: Database) -> None:
    sender = SignallingSender()
    loop = DeliveryLoop(database.unit_of_work, sender, settings=A_MINUTE)
    deliver_once = loop.deliver_once
    rounds = 0

    async def queued_just_after_the_claim() -> Round:
        nonlocal rounds
        result = await deliver_once()
        rounds += 1
        if rounds == 1:  # as a turn committing right after this round found the outbox empty
            await asyncio.to_thread(queue, database, [("u1", "刚排队")])
            await asyncio.to_thread(loop.wake)  # from another thread, as the engine's commit does
        return result

    loop.deliver_once = queued_just_after_the_claim  # type: ignore[method-assign]
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop))
    try:
        await asyncio.wait_for(sender.sent_one.wait(), PROMPTLY_S)
    finally:
        stop.set()
        await asyncio.wait_for(task, PROMPTLY_S)
    assert sender.delivered_to("u1") == ["刚排队"]
