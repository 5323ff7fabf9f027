"""Delivery at the platforms' limits: several sends in flight while each recipient's messages stay in
order, identical notices handed to a group sender together, each message with its own fate."""

from __future__ import annotations

import pytest

from bot.channels.delivery_result import SendCapacity
from bot.delivery import DeliveryLoop, DeliverySettings
from storage import Database
from storage.repositories.outbox import SENT, UNDELIVERABLE, MessageFate
from tests.delivery.kit import CHANNEL, Clock, FakeGroupSender, FakeSender, add_staff_and_liaison, queue

FOUR_AT_ONCE = SendCapacity(in_flight=4, claim=100)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def fates(database: Database) -> list[MessageFate]:
    with database.unit_of_work() as uow:
        return uow.outbox.fates(CHANNEL)


async def drain(loop: DeliveryLoop) -> int:
    rounds = 0
    while (await loop.deliver_once()).handled:
        rounds += 1
    return rounds


async def test_sends_to_different_recipients_go_side_by_side_and_each_recipients_stay_in_order(
    database: Database, clock: Clock
) -> None:
    queue(database, [(user, f"{user} 第{n}条") for n in range(3) for user in ("u1", "u2", "u3", "u4")])
    sender = FakeSender(capacity=FOUR_AT_ONCE)
    loop = DeliveryLoop(database.unit_of_work, sender, clock=clock, worker="w1")

    rounds = await drain(loop)

    assert sender.most_in_flight == 4
    assert not sender.same_recipient_at_once
    for user in ("u1", "u2", "u3", "u4"):
        assert sender.delivered_to(user) == [f"{user} 第{n}条" for n in range(3)]
    assert rounds == 3  # a claim holds one message per recipient: the next waits for the one before
    assert {f.status for f in fates(database)} == {SENT}


async def test_a_sender_that_does_not_say_its_capacity_is_sent_one_message_at_a_time(
    database: Database, clock: Clock
) -> None:
    queue(database, [(f"u{n}", "您好") for n in range(5)])
    sender = FakeSender()
    loop = DeliveryLoop(database.unit_of_work, sender, clock=clock, worker="w1")

    await drain(loop)

    assert (sender.most_in_flight, len(sender.calls)) == (1, 5)


async def test_identical_notices_in_a_claim_go_to_a_group_sender_as_one_group(
    database: Database, clock: Clock
) -> None:
    nudges = queue(database, [(f"u{n}", "【报送提醒】月度工作安排今天截止") for n in range(5)], kind="due")
    [reply] = queue(database, [("u9", "收到")])
    sender = FakeGroupSender(capacity=FOUR_AT_ONCE)
    loop = DeliveryLoop(database.unit_of_work, sender, clock=clock, worker="w1")

    outcome = await loop.deliver_once()

    assert [[o.id for o in group] for group in sender.groups] == [nudges]
    assert [call.id for call in sender.calls] == [reply]
    assert outcome.sent == 6
    assert {(f.status, f.attempts) for f in fates(database)} == {(SENT, 1)}


async def test_the_same_text_of_another_kind_is_not_grouped_with_it(database: Database, clock: Clock) -> None:
    queue(database, [("u1", "请报送"), ("u2", "请报送")], kind="due")
    queue(database, [("u3", "请报送"), ("u4", "请报送")], kind="overdue")
    sender = FakeGroupSender(capacity=FOUR_AT_ONCE)
    loop = DeliveryLoop(database.unit_of_work, sender, clock=clock, worker="w1")

    await loop.deliver_once()

    assert sorted([o.key.external_user_id for o in group] for group in sender.groups) == [
        ["u1", "u2"],
        ["u3", "u4"],
    ]


async def test_a_group_is_never_larger_than_the_sender_takes(database: Database, clock: Clock) -> None:
    queue(database, [(f"u{n}", "逾期汇总") for n in range(5)], kind="digest")
    sender = FakeGroupSender(capacity=FOUR_AT_ONCE, group_size=2)
    loop = DeliveryLoop(database.unit_of_work, sender, clock=clock, worker="w1")

    await loop.deliver_once()

    assert [len(group) for group in sender.groups] == [2, 2]
    assert [call.key.external_user_id for call in sender.calls] == ["u4"]  # a group of one is a plain send


async def test_a_member_the_platform_refuses_within_a_group_gets_its_own_fate_and_staff_are_told(
    database: Database, clock: Clock
) -> None:
    add_staff_and_liaison(database)
    queue(database, [(user, "【报送提醒】月度工作安排今天截止") for user in ("a1", "u2", "u3")], kind="due")
    sender = FakeGroupSender(capacity=FOUR_AT_ONCE, refuse={"a1"})
    loop = DeliveryLoop(database.unit_of_work, sender, clock=clock, worker="w1")

    outcome = await loop.deliver_once()
    await loop.deliver_once()  # the notice to staff

    assert (outcome.sent, outcome.undeliverable) == (2, 1)
    by_user = {f.external_user_id: f for f in fates(database)}
    assert (by_user["a1"].status, by_user["a1"].last_error) == (UNDELIVERABLE, "不在应用可见范围内")
    assert by_user["u2"].status == by_user["u3"].status == SENT
    [notice] = sender.delivered_to("s1")
    assert "李敏" in notice and "不在应用可见范围内" in notice


async def test_settings_can_hold_a_capable_sender_to_smaller_claims(database: Database, clock: Clock) -> None:
    queue(database, [(f"u{n}", "您好") for n in range(5)])
    sender = FakeSender(capacity=FOUR_AT_ONCE)
    settings = DeliverySettings(batch_size=2, in_flight=1)
    loop = DeliveryLoop(database.unit_of_work, sender, settings=settings, clock=clock, worker="w1")

    outcome = await loop.deliver_once()

    assert (outcome.sent, sender.most_in_flight) == (2, 1)
