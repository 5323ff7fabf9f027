"""Identical notices (a nudge, a digest) to many members: one message/send with all of them in ``touser``,
and still one fate per member; through the delivery loop, a fan-out in as few calls as WeCom allows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from fake_wecom import MAX_TOUSER, FakeWecom
from wecom_doubles import Clock

from bot.channels.delivery_result import DeliveryStatus
from bot.channels.wecom import WecomChannel
from bot.channels.wecom.quota import CORP_CALL_BURST, CORP_CALL_INTERVAL_S, DatabaseRecipientQuota
from bot.channels.wecom.sender import INVALID_USER
from bot.delivery import DeliveryLoop
from conversations.messages import ConversationKey, Outgoing, Reply
from storage import Database
from storage.repositories.outbox import SENT

NOTICE = Reply("【报送提醒】教育局的月度工作安排今天截止，请在今天内报送。")


def notices(*members: str, first_id: int = 100) -> list[Outgoing]:
    return [
        Outgoing(first_id + n, ConversationKey("wecom", member), NOTICE, datetime.now(UTC))
        for n, member in enumerate(members)
    ]


def claimed_again(message: Outgoing) -> Outgoing:
    """The same outbox message as the delivery loop hands it over on its next claim."""
    return replace(message, attempt=message.attempt + 1)


async def test_identical_notices_to_several_members_go_out_as_one_message_send(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    results = await channel.sender.send_identical(notices("LiLei", "HanMeimei", "WangFang"))

    [call] = fake_wecom.calls_to("message/send")
    assert call.body is not None and call.body["touser"] == "LiLei|HanMeimei|WangFang"
    assert [r.status for r in results] == [DeliveryStatus.SENT] * 3
    assert len({r.platform_message_ids for r in results}) == 1  # one WeCom message, one msgid
    assert all(len(fake_wecom.messages_to(m)) == 1 for m in ("LiLei", "HanMeimei", "WangFang"))


async def test_a_member_wecom_names_in_invaliduser_is_undeliverable_and_the_others_are_sent(
    channel: WecomChannel, fake_wecom: FakeWecom, sqlite_database: Database
) -> None:
    fake_wecom.unknown_users.add("Left")
    group = notices("LiLei", "Left", "WangFang")

    results = await channel.sender.send_identical(group)

    assert [r.status for r in results] == [
        DeliveryStatus.SENT,
        DeliveryStatus.UNDELIVERABLE,
        DeliveryStatus.SENT,
    ]
    assert results[1].reason == INVALID_USER
    with sqlite_database.unit_of_work() as uow:  # WeCom certainly did not take it: nothing held for it
        assert uow.outbox_parts.states(group[1].id) == {}
        assert uow.outbox_parts.states(group[0].id)[0][0] == "sent"


async def test_a_member_over_the_per_member_allowance_waits_while_the_group_goes_without_them(
    channel: WecomChannel, fake_wecom: FakeWecom, sqlite_database: Database, clock: Clock
) -> None:
    quota = DatabaseRecipientQuota(sqlite_database.unit_of_work, clock)
    quota.reserve({"Busy": quota.max_burst}, calls=0)  # a member who had their minute's worth already

    results = await channel.sender.send_identical(notices("LiLei", "Busy", "WangFang"))

    [call] = fake_wecom.calls_to("message/send")
    assert call.body is not None and call.body["touser"] == "LiLei|WangFang"
    busy = results[1]
    assert (busy.status, busy.reason) == (DeliveryStatus.RETRY, "per-member limit")
    assert 0 < busy.retry_after <= 60


async def test_a_group_sent_again_goes_only_to_the_members_who_did_not_get_it(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    first, second, third = notices("LiLei", "HanMeimei", "WangFang")
    await channel.sender.send_identical([first, second])

    results = await channel.sender.send_identical([claimed_again(first), claimed_again(second), third])

    touser = [call.body["touser"] for call in fake_wecom.calls_to("message/send") if call.body]
    assert touser == ["LiLei|HanMeimei", "WangFang"]
    assert [r.status for r in results] == [DeliveryStatus.SENT] * 3
    assert all(len(fake_wecom.messages_to(m)) == 1 for m in ("LiLei", "HanMeimei", "WangFang"))


async def test_a_group_whose_call_fails_on_the_way_is_retried_whole_and_sent_once(
    channel: WecomChannel, fake_wecom: FakeWecom
) -> None:
    group = notices("LiLei", "HanMeimei")
    fake_wecom.fail_next("message/send", errcode=45009)

    failed = await channel.sender.send_identical(group)
    retried = await channel.sender.send_identical([claimed_again(notice) for notice in group])

    assert [r.status for r in failed] == [DeliveryStatus.RETRY] * 2
    assert [r.status for r in retried] == [DeliveryStatus.SENT] * 2
    assert [len(fake_wecom.messages_to(m)) for m in ("LiLei", "HanMeimei")] == [1, 1]


async def test_calls_of_two_processes_share_the_corporations_allowance(
    database: Database, database_url: str, clock: Clock
) -> None:
    other_process = Database(database_url)
    quotas = [DatabaseRecipientQuota(d.unit_of_work, clock) for d in (database, other_process)]

    calls = CORP_CALL_BURST // 2 + 1  # each process alone would fit in the burst; together they do not
    times = [t for quota in quotas for t in quota.reserve({"LiLei": 1}, calls=calls).call_times]
    other_process.dispose()

    offsets = [round((t - clock.now) / CORP_CALL_INTERVAL_S, 2) for t in times]
    assert offsets == [0] * CORP_CALL_BURST + [1, 2]


async def test_a_fan_out_through_the_delivery_loop_takes_one_call_per_thousand_members(
    channel: WecomChannel, fake_wecom: FakeWecom, sqlite_database: Database
) -> None:
    members = [f"member{n:04d}" for n in range(2 * MAX_TOUSER + 500)]
    with sqlite_database.unit_of_work() as uow:
        for member in members:
            uow.outbox.queue(ConversationKey("wecom", member), NOTICE, at=datetime.now(UTC), kind="due")
        uow.commit()
    loop = DeliveryLoop(sqlite_database.unit_of_work, channel.sender)

    while (await loop.deliver_once()).handled:
        pass

    calls = fake_wecom.calls_to("message/send")
    assert sorted(len(c.body["touser"].split("|")) for c in calls if c.body) == [500, 1000, 1000]
    assert fake_wecom.limit_errors == 0
    assert all(len(fake_wecom.messages_to(m)) == 1 for m in members)
    with sqlite_database.unit_of_work() as uow:
        assert {f.status for f in uow.outbox.fates("wecom")} == {SENT}
