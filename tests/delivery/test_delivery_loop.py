"""The delivery loop: every message sent once, transient failures retried with backoff, the hopeless ones
marked and reported to staff; on SQLite and PostgreSQL, with a clock moved by hand."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.channels.delivery_result import DeliveryResult
from bot.delivery import DeliveryLoop, DeliverySettings
from conversations import DELIVERY_FAILURE_KIND
from fm_domain.messages import ConversationKey, Reply
from storage import Database
from storage.repositories.outbox import FAILED, PENDING, SENT, UNDELIVERABLE, MessageFate
from storage.tables.conversations import OutboxMessageRow
from tests.delivery.kit import CHANNEL, Clock, FakeSender, add_staff_and_liaison, queue

SETTINGS = DeliverySettings(batch_size=10, max_attempts=4, backoff_base_s=5.0, backoff_cap_s=600.0)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sender() -> FakeSender:
    return FakeSender()


@pytest.fixture
def loop(database: Database, sender: FakeSender, clock: Clock) -> DeliveryLoop:
    return DeliveryLoop(
        database.unit_of_work, sender, settings=SETTINGS, clock=clock, worker="w1", rng=random.Random(7)
    )


def fates(database: Database) -> list[MessageFate]:
    with database.unit_of_work() as uow:
        return uow.outbox.fates(CHANNEL)


def fate(database: Database, message_id: int) -> MessageFate:
    return next(f for f in fates(database) if f.id == message_id)


async def test_queued_messages_are_sent_once_each_and_marked_sent(
    database: Database, loop: DeliveryLoop, sender: FakeSender, clock: Clock
) -> None:
    ids = queue(database, [("u1", "您好"), ("u2", "收到")])

    first = await loop.deliver_once()
    second = await loop.deliver_once()

    assert (first.sent, second.handled) == (2, 0)
    assert [(c.id, c.key.external_user_id, c.reply.text) for c in sender.calls] == [
        (ids[0], "u1", "您好"),
        (ids[1], "u2", "收到"),
    ]
    assert [(f.status, f.sent_at, f.attempts) for f in fates(database)] == [(SENT, clock.now, 1)] * 2


async def test_a_round_says_whether_another_would_find_messages_left_behind(
    database: Database, loop: DeliveryLoop, sender: FakeSender
) -> None:
    queue(database, [("u1", "一"), ("u2", "二"), ("u1", "三")])

    first = await loop.deliver_once()
    second = await loop.deliver_once()

    assert (first.sent, first.more) == (2, True)  # u1's second message waited behind the first
    assert (second.sent, second.more) == (1, False)
    assert [c.reply.text for c in sender.calls] == ["一", "二", "三"]


async def test_a_full_batch_says_more_may_wait(database: Database, sender: FakeSender, clock: Clock) -> None:
    queue(database, [(f"u{n}", "提醒") for n in range(3)])
    loop = DeliveryLoop(database.unit_of_work, sender, settings=DeliverySettings(batch_size=2), clock=clock)

    assert (await loop.deliver_once()).more is True
    last = await loop.deliver_once()
    assert (last.sent, last.more) == (1, False)


async def test_a_transient_failure_is_retried_after_a_growing_backoff_until_it_is_sent(
    database: Database, loop: DeliveryLoop, sender: FakeSender, clock: Clock
) -> None:
    [message_id] = queue(database, [("u1", "提醒")])
    sender.script["u1"] = [DeliveryResult.retry("网络错误", 0), DeliveryResult.retry("网络错误", 0)]

    await loop.deliver_once()
    first_wait = fate(database, message_id).next_attempt_at - clock.now
    clock.now = fate(database, message_id).next_attempt_at - timedelta(seconds=1)
    assert (await loop.deliver_once()).handled == 0  # not before its time
    clock.advance(seconds=1)
    await loop.deliver_once()
    second_wait = fate(database, message_id).next_attempt_at - clock.now
    clock.now = fate(database, message_id).next_attempt_at
    await loop.deliver_once()

    assert timedelta(seconds=4) <= first_wait <= timedelta(seconds=6)  # base 5 s, ±20 %
    assert timedelta(seconds=8) <= second_wait <= timedelta(seconds=12)  # doubled
    recorded = fate(database, message_id)
    assert (recorded.status, recorded.attempts, len(sender.calls)) == (SENT, 3, 3)


async def test_a_retry_waits_at_least_as_long_as_the_platform_asks(
    database: Database, loop: DeliveryLoop, sender: FakeSender, clock: Clock
) -> None:
    [message_id] = queue(database, [("u1", "提醒")])
    sender.script["u1"] = [DeliveryResult.retry("限流", 120)]

    await loop.deliver_once()

    recorded = fate(database, message_id)
    assert (recorded.status, recorded.last_error) == (PENDING, "限流")
    assert recorded.next_attempt_at - clock.now >= timedelta(seconds=120)


async def test_a_message_still_failing_after_the_last_attempt_is_marked_failed_and_staff_are_told(
    database: Database, loop: DeliveryLoop, sender: FakeSender, clock: Clock
) -> None:
    add_staff_and_liaison(database)
    [message_id] = queue(database, [("a1", "【逾期提醒】教育局的月度工作安排")])
    sender.script["a1"] = [DeliveryResult.retry("企业微信繁忙", 0)] * SETTINGS.max_attempts

    for _ in range(SETTINGS.max_attempts):
        await loop.deliver_once()
        clock.advance(hours=1)
    await loop.deliver_once()  # delivers the notice to staff

    recorded = fate(database, message_id)
    assert (recorded.status, recorded.attempts, recorded.last_error) == (FAILED, 4, "企业微信繁忙")
    [notice] = sender.delivered_to("s1")
    assert "李敏" in notice and "多次重试后仍未送达" in notice and "企业微信繁忙" in notice


async def test_an_undeliverable_message_is_marked_at_once_and_reported_to_staff(
    database: Database, loop: DeliveryLoop, sender: FakeSender
) -> None:
    add_staff_and_liaison(database)
    [message_id] = queue(database, [("a1", "【报送提醒】教育局的月度工作安排将于12月7日截止")])
    sender.script["a1"] = [DeliveryResult.undeliverable("用户已屏蔽机器人")]

    outcome = await loop.deliver_once()
    await loop.deliver_once()

    assert outcome.undeliverable == 1
    recorded = fate(database, message_id)
    assert (recorded.status, recorded.attempts, recorded.last_error) == (UNDELIVERABLE, 1, "用户已屏蔽机器人")
    [notice] = sender.delivered_to("s1")
    assert "李敏" in notice and "用户已屏蔽机器人" in notice and "【报送提醒】教育局的月度工作安排" in notice
    notices = [f for f in fates(database) if f.kind == DELIVERY_FAILURE_KIND]
    assert [(f.external_user_id, f.status) for f in notices] == [("s1", SENT)]


async def test_a_notice_to_staff_that_cannot_be_delivered_starts_no_further_notices(
    database: Database, loop: DeliveryLoop, sender: FakeSender
) -> None:
    add_staff_and_liaison(database)
    queue(database, [("a1", "提醒")])
    sender.script["a1"] = [DeliveryResult.undeliverable("用户不存在")]
    sender.script["s1"] = [DeliveryResult.undeliverable("用户不存在")]

    for _ in range(3):
        await loop.deliver_once()

    assert [(f.external_user_id, f.kind, f.status) for f in fates(database)] == [
        ("a1", "reply", UNDELIVERABLE),
        ("s1", DELIVERY_FAILURE_KIND, UNDELIVERABLE),
    ]


async def test_a_sender_that_raises_counts_as_a_transient_failure_without_leaking_the_error_text(
    database: Database, loop: DeliveryLoop, sender: FakeSender
) -> None:
    [message_id] = queue(database, [("u1", "提醒")])
    sender.raise_on.add("u1")

    outcome = await loop.deliver_once()

    recorded = fate(database, message_id)
    assert outcome.retried == 1
    assert (recorded.status, recorded.last_error) == (PENDING, "发送出错（RuntimeError）")


async def test_a_message_whose_payload_cannot_be_read_is_undeliverable(
    database: Database, loop: DeliveryLoop, sender: FakeSender, clock: Clock
) -> None:
    with database.unit_of_work() as uow:
        message_id = uow.outbox.queue(ConversationKey(CHANNEL, "u1"), Reply("回复"), at=clock())
        uow.commit()
    with database.engine.begin() as connection:  # as a row written by some other version might read
        connection.execute(
            update(OutboxMessageRow).where(OutboxMessageRow.id == message_id).values(payload="not json")
        )

    await loop.deliver_once()

    assert fate(database, message_id).status == UNDELIVERABLE
    assert sender.calls == []


async def test_the_running_loop_delivers_what_is_queued_and_stops_when_asked(
    database: Database, sender: FakeSender, clock: Clock
) -> None:
    loop = DeliveryLoop(
        database.unit_of_work,
        sender,
        settings=DeliverySettings(idle_interval_s=0.01),
        clock=clock,
        worker="w1",
    )
    stop = asyncio.Event()
    running = asyncio.create_task(loop.run(stop))
    queue(database, [("u1", "一"), ("u2", "二")])
    loop.wake()
    for _ in range(500):
        if len(sender.calls) == 2:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(running, timeout=5)

    assert sorted(call.reply.text for call in sender.calls) == ["一", "二"]
    assert {f.status for f in fates(database)} == {SENT}


class PreparingSender(FakeSender):
    """A sender with something every send needs first (as WeCom's access_token): ``prepare`` returns when
    the test lets it, or fails."""

    def __init__(self, fails: bool = False) -> None:
        super().__init__()
        self.prepared = 0
        self.release = asyncio.Event()
        self.fails = fails

    async def prepare(self) -> None:
        self.prepared += 1
        await self.release.wait()
        if self.fails:
            raise RuntimeError("https://api.example/secret-token unreachable")


async def test_the_loop_claims_only_once_the_senders_preparation_has_returned(
    database: Database, clock: Clock
) -> None:
    sender = PreparingSender()
    loop = DeliveryLoop(database.unit_of_work, sender, settings=SETTINGS, clock=clock, worker="w1")
    queue(database, [("u1", "您好")])

    # The preparation's own transactions go first (WeCom's access_token); its round trip, if any, is the
    # sender's to leave running when it returns.
    delivering = asyncio.create_task(loop.deliver_once())
    for _ in range(20):
        await asyncio.sleep(0)
    assert sender.prepared == 1
    assert [fate.status for fate in fates(database)] == [PENDING] and not sender.calls

    sender.release.set()
    assert (await delivering).sent == 1
    await loop.deliver_once()
    assert sender.prepared == 2  # asked before every claim: the sender knows whether it has anything to do


async def test_a_failed_preparation_is_logged_without_its_text_and_delivery_goes_on(
    database: Database, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    sender = PreparingSender(fails=True)
    sender.release.set()
    loop = DeliveryLoop(database.unit_of_work, sender, settings=SETTINGS, clock=clock, worker="w1")
    queue(database, [("u1", "您好")])

    result = await loop.deliver_once()
    await asyncio.sleep(0)

    assert result.sent == 1
    assert "preparing the sender failed (RuntimeError)" in caplog.text
    assert "secret-token" not in caplog.text
