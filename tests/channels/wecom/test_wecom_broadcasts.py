"""Broadcasts: an identical nudge to many WeCom members is one outbox broadcast, claimed as one row and sent
in one call per thousand members, with one ledger row per call before it and each member's records after
it; and still each member's messages in order, the per-member limits, each member's own fate, and exactly
once when a process dies around a call or two processes claim together. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from fake_wecom import MAX_TOUSER, FakeWecom
from wecom_doubles import Clock

from bot.channels.wecom import WecomChannel
from bot.channels.wecom.quota import DatabaseRecipientQuota
from bot.channels.wecom.sender import INVALID_USER
from bot.clock import utc_from_seconds
from bot.delivery import DeliveryLoop, DeliverySettings
from conversations.messages import ConversationKey, Reply
from storage import Database
from storage.repositories.outbox import PENDING, SENT, UNDELIVERABLE
from storage.repositories.outbox_broadcasts import BroadcastCall

NOTICE = Reply("【报送提醒】教育局的月度工作安排今天截止，请在今天内报送。")
LEASE = timedelta(seconds=20)


def broadcast(database: Database, clock: Clock, *members: str) -> list[int]:
    """The nudge queued to these members as the sweep queues it; their outbox ids."""
    with database.unit_of_work() as uow:
        keys = [ConversationKey("wecom", member) for member in members]
        ids = uow.outbox.queue_many(keys, NOTICE, at=utc_from_seconds(clock()), kind="due")
        uow.commit()
    assert all(id_ is not None for id_ in ids)
    return [id_ for id_ in ids if id_ is not None]


def delivery(database: Database, channel: WecomChannel, clock: Clock) -> DeliveryLoop:
    """A delivery loop on the test's clock, so that a test can let a lease run out."""
    return DeliveryLoop(
        database.unit_of_work,
        channel.sender,
        settings=DeliverySettings(claim_timeout=LEASE),
        clock=lambda: utc_from_seconds(clock()),
    )


async def drain(*loops: DeliveryLoop) -> None:
    """Rounds of every loop side by side, until none finds anything more to do."""
    while True:
        rounds = await asyncio.gather(*(loop.deliver_once() for loop in loops))
        if not any(r.handled or r.more for r in rounds):
            return


def statuses(database: Database) -> dict[str, str]:
    with database.unit_of_work() as uow:
        return {fate.external_user_id: fate.status for fate in uow.outbox.fates("wecom")}


def touser(fake_wecom: FakeWecom) -> list[str]:
    return [call.body["touser"] for call in fake_wecom.calls_to("message/send") if call.body]


async def test_a_nudge_to_many_members_goes_out_in_one_call_per_thousand_and_each_member_is_settled(
    make_channel: Callable[[Database], WecomChannel], database: Database, fake_wecom: FakeWecom, clock: Clock
) -> None:
    members = [f"member{n:04d}" for n in range(2 * MAX_TOUSER + 500)]
    ids = broadcast(database, clock, *members)

    await drain(delivery(database, make_channel(database), clock))

    assert sorted(len(t.split("|")) for t in touser(fake_wecom)) == [500, 1000, 1000]
    assert all(len(fake_wecom.messages_to(m)) == 1 for m in members)
    assert set(statuses(database).values()) == {SENT}
    with database.unit_of_work() as uow:
        states = uow.outbox_parts.states_of(ids)
        assert {state for parts in states.values() for state, _ in parts.values()} == {"sent"}
        assert len(states) == len(members)  # each member's part recorded after the call
        [(broadcast_id, status)] = uow.broadcasts.of_channel("wecom")
        assert status == "done"
        assert uow.broadcasts.calls_of(broadcast_id) == []  # every call's outcome is in the ledger


async def test_the_regular_claim_leaves_a_broadcasts_members_to_it(database: Database, clock: Clock) -> None:
    broadcast(database, clock, "LiLei", "HanMeimei")
    now = utc_from_seconds(clock())

    with database.unit_of_work() as uow:
        claimed = uow.outbox.claim("wecom", worker="w", now=now, stale_before=now - LEASE, limit=10)

    assert claimed == []


async def test_a_member_whose_earlier_reply_waits_gets_the_reply_first_and_then_the_nudge(
    make_channel: Callable[[Database], WecomChannel], database: Database, fake_wecom: FakeWecom, clock: Clock
) -> None:
    with database.unit_of_work() as uow:
        at = utc_from_seconds(clock())
        uow.outbox.queue(ConversationKey("wecom", "LiLei"), Reply("您的月度安排已退回修改。"), at=at)
        uow.commit()
    broadcast(database, clock, "LiLei", "HanMeimei", "WangFang")

    await drain(delivery(database, make_channel(database), clock))

    assert touser(fake_wecom)[0] == "HanMeimei|WangFang"  # the broadcast went without LiLei
    texts = [message["text"]["content"] for message in fake_wecom.messages_to("LiLei")]
    assert texts == ["您的月度安排已退回修改。", NOTICE.text]
    assert set(statuses(database).values()) == {SENT}


async def test_a_member_over_the_per_member_allowance_waits_and_the_others_get_the_nudge_now(
    make_channel: Callable[[Database], WecomChannel], database: Database, fake_wecom: FakeWecom, clock: Clock
) -> None:
    quota = DatabaseRecipientQuota(database.unit_of_work, clock)
    quota.reserve({"Busy": quota.max_burst}, calls=0)  # a member who had their minute's worth already
    broadcast(database, clock, "LiLei", "Busy", "WangFang")

    await delivery(database, make_channel(database), clock).deliver_once()

    assert touser(fake_wecom) == ["LiLei|WangFang"]
    with database.unit_of_work() as uow:
        busy = next(f for f in uow.outbox.fates("wecom") if f.external_user_id == "Busy")
    assert (busy.status, busy.last_error) == (PENDING, "per-member limit")
    assert busy.next_attempt_at is not None and busy.next_attempt_at > utc_from_seconds(clock())
    assert statuses(database)["LiLei"] == SENT


async def test_a_member_wecom_names_in_invaliduser_is_undeliverable_and_the_others_are_sent(
    make_channel: Callable[[Database], WecomChannel], database: Database, fake_wecom: FakeWecom, clock: Clock
) -> None:
    fake_wecom.unknown_users.add("Left")
    broadcast(database, clock, "LiLei", "Left", "WangFang")

    await drain(delivery(database, make_channel(database), clock))

    assert statuses(database) == {"LiLei": SENT, "Left": UNDELIVERABLE, "WangFang": SENT}
    with database.unit_of_work() as uow:
        left = next(f for f in uow.outbox.fates("wecom") if f.external_user_id == "Left")
    assert left.last_error == INVALID_USER


async def test_a_call_recorded_by_a_process_killed_before_making_it_is_made_once_after_the_lease(
    make_channel: Callable[[Database], WecomChannel], database: Database, fake_wecom: FakeWecom, clock: Clock
) -> None:
    ids = broadcast(database, clock, "LiLei", "HanMeimei")
    # What a process killed between recording its call and making it leaves behind.
    now = utc_from_seconds(clock())
    with database.unit_of_work() as uow:
        dead = uow.broadcasts.claim("wecom", worker="dead", now=now, stale_before=now - LEASE, limit=10)
        assert dead is not None
        call = BroadcastCall(4242, 0, [(ids[0], "LiLei"), (ids[1], "HanMeimei")])
        assert uow.broadcasts.begin_calls(dead, [call], now)
        uow.commit()
    loop = delivery(database, make_channel(database), clock)

    await drain(loop)
    assert fake_wecom.calls_to("message/send") == []  # the dead process's lease still holds
    clock.advance(LEASE.total_seconds() + 1)
    await drain(loop)

    assert touser(fake_wecom) == ["LiLei|HanMeimei"]  # the call as it was recorded
    assert [len(fake_wecom.messages_to(m)) for m in ("LiLei", "HanMeimei")] == [1, 1]
    assert set(statuses(database).values()) == {SENT}


async def test_a_call_whose_answer_never_came_is_made_again_as_the_same_request_and_delivered_once(
    make_channel: Callable[[Database], WecomChannel], database: Database, fake_wecom: FakeWecom, clock: Clock
) -> None:
    broadcast(database, clock, "LiLei", "HanMeimei")
    channel = make_channel(database)
    channel.client.timeout = 0.3
    fake_wecom.answer_slowly("message/send", 1.0)  # WeCom takes it; the answer comes after we gave up
    loop = delivery(database, channel, clock)

    await loop.deliver_once()
    clock.advance(3600)  # past the backoff, within WeCom's duplicate check
    await drain(loop)

    [original, remade] = fake_wecom.calls_to("message/send")
    assert original.body == remade.body
    assert fake_wecom.duplicates_dropped == 1
    assert [len(fake_wecom.messages_to(m)) for m in ("LiLei", "HanMeimei")] == [1, 1]
    assert set(statuses(database).values()) == {SENT}


async def test_two_processes_claiming_one_broadcast_send_each_member_the_nudge_once(
    make_channel: Callable[[Database], WecomChannel],
    database: Database,
    database_url: str,
    fake_wecom: FakeWecom,
    clock: Clock,
) -> None:
    members = [f"member{n:04d}" for n in range(1500)]
    broadcast(database, clock, *members)
    other_process = Database(database_url)
    try:
        loops = [delivery(d, make_channel(d), clock) for d in (database, other_process)]
        await drain(*loops)
    finally:
        other_process.dispose()

    assert all(len(fake_wecom.messages_to(m)) == 1 for m in members)
    assert set(statuses(database).values()) == {SENT}


async def test_telegram_members_keep_a_message_each(database: Database, clock: Clock) -> None:
    with database.unit_of_work() as uow:
        keys = [ConversationKey("telegram", chat) for chat in ("1001", "1002")]
        uow.outbox.queue_many(keys, NOTICE, at=utc_from_seconds(clock()), kind="due")
        uow.commit()
    now = utc_from_seconds(clock())

    with database.unit_of_work() as uow:
        claimed = uow.outbox.claim("telegram", worker="w", now=now, stale_before=now - LEASE, limit=10)

    assert sorted(m.external_user_id for m in claimed) == ["1001", "1002"]


async def test_a_nudge_queued_again_under_the_same_keys_is_not_queued_twice(
    database: Database, clock: Clock
) -> None:
    keys = [ConversationKey("wecom", member) for member in ("LiLei", "HanMeimei")]
    at: datetime = utc_from_seconds(clock())
    with database.unit_of_work() as uow:
        first = uow.outbox.queue_many(keys, NOTICE, at=at, kind="due", unique_keys=["n:LiLei", "n:HanMeimei"])
        again = uow.outbox.queue_many(keys, NOTICE, at=at, kind="due", unique_keys=["n:LiLei", "n:HanMeimei"])
        uow.commit()

    assert all(id_ is not None for id_ in first)
    assert again == [None, None]
    assert len(statuses(database)) == 2
