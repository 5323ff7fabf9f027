"""A call whose outcome is unknown (the answer never came, or the process died between recording the
call and making it) is made again by the message's next attempt as the very same request, and WeCom's
duplicate check sees that the member gets it once: never twice, never not at all."""

from __future__ import annotations

from dataclasses import replace

from fake_wecom import DOCX_MIME, FakeWecom
from wecom_doubles import Clock

from bot.channels.wecom import WecomChannel
from bot.channels.wecom.delivery_log import DatabasePartLog
from bot.channels.wecom.sender import REPLAY_WINDOW
from bot.clock import utc_from_seconds
from conversations.messages import Attachment, ConversationKey, Outgoing, Reply
from storage import Database

USER = "LiLei"
NOTICE = Reply("【报送提醒】教育局的月度工作安排今天截止，请在今天内报送。")


def queued(database: Database, clock: Clock, reply: Reply, *members: str) -> list[Outgoing]:
    """Messages in the outbox, as the delivery loop hands them to the sender on their first claim."""
    at = utc_from_seconds(clock())
    with database.unit_of_work() as uow:
        ids = [uow.outbox.queue(ConversationKey("wecom", member), reply, at=at) for member in members]
        uow.commit()
    return [
        Outgoing(id_, ConversationKey("wecom", member), reply, at, attempt=1)
        for id_, member in zip(ids, members, strict=True)
        if id_ is not None
    ]


def claimed_again(message: Outgoing) -> Outgoing:
    return replace(message, attempt=message.attempt + 1)


def slow_answer(channel: WecomChannel, fake_wecom: FakeWecom) -> None:
    """WeCom takes the next message/send, but its answer comes after the client has given up."""
    channel.client.timeout = 0.3
    fake_wecom.answer_slowly("message/send", 1.0)


async def test_an_answer_that_never_came_is_retried_and_the_member_gets_the_message_once(
    channel: WecomChannel, fake_wecom: FakeWecom, sqlite_database: Database, clock: Clock
) -> None:
    [message] = queued(sqlite_database, clock, Reply("您的月度安排已退回修改。"), USER)
    slow_answer(channel, fake_wecom)

    first = await channel.sender.send(message)
    again = await channel.sender.send(claimed_again(message))

    assert first.should_retry
    assert again.is_sent and not again.reason
    [original, remade] = fake_wecom.calls_to("message/send")
    assert original.body == remade.body  # the same request, so WeCom's duplicate check drops the second
    assert fake_wecom.duplicates_dropped == 1
    assert len(fake_wecom.messages_to(USER)) == 1


async def test_a_call_recorded_but_never_made_by_a_killed_process_is_made_by_the_next_attempt(
    channel: WecomChannel, fake_wecom: FakeWecom, sqlite_database: Database, clock: Clock
) -> None:
    [message] = queued(sqlite_database, clock, NOTICE, USER)
    # What a process killed between recording its call and making it leaves behind.
    DatabasePartLog(sqlite_database.unit_of_work, clock).begin([message.id], 0, call_id=4242)

    result = await channel.sender.send(claimed_again(message))

    assert result.is_sent
    [delivered] = fake_wecom.messages_to(USER)
    assert delivered["text"]["content"] == NOTICE.text
    assert fake_wecom.duplicates_dropped == 0


async def test_a_group_call_in_doubt_is_made_again_to_all_it_carried_and_settles_each_of_them(
    channel: WecomChannel, fake_wecom: FakeWecom, sqlite_database: Database, clock: Clock
) -> None:
    group = queued(sqlite_database, clock, NOTICE, "LiLei", "HanMeimei", "WangFang")
    slow_answer(channel, fake_wecom)
    await channel.sender.send_identical(group)

    # The next claim holds only one of them (the others come later, or to another process).
    result = await channel.sender.send(claimed_again(group[1]))
    later = await channel.sender.send_identical([claimed_again(m) for m in (group[0], group[2])])

    [original, remade] = fake_wecom.calls_to("message/send")
    assert remade.body == original.body and original.body["touser"] == "LiLei|HanMeimei|WangFang"
    assert result.is_sent and all(r.is_sent for r in later)
    assert all(len(fake_wecom.messages_to(m)) == 1 for m in ("LiLei", "HanMeimei", "WangFang"))


async def test_two_messages_of_the_same_text_to_one_member_are_different_requests_and_both_arrive(
    channel: WecomChannel, fake_wecom: FakeWecom, sqlite_database: Database, clock: Clock
) -> None:
    status = Reply("教育局：月度工作安排已报送，待审核。")
    first, second = (queued(sqlite_database, clock, status, USER)[0] for _ in range(2))

    results = [await channel.sender.send(first), await channel.sender.send(second)]

    assert all(r.is_sent for r in results)
    assert len(fake_wecom.messages_to(USER)) == 2
    assert fake_wecom.duplicates_dropped == 0


async def test_a_call_in_doubt_longer_than_the_duplicate_check_covers_is_not_made_again(
    channel: WecomChannel, fake_wecom: FakeWecom, sqlite_database: Database, clock: Clock
) -> None:
    [message] = queued(sqlite_database, clock, NOTICE, USER)
    slow_answer(channel, fake_wecom)
    await channel.sender.send(message)
    clock.advance(REPLAY_WINDOW.total_seconds() + 60)

    again = await channel.sender.send(claimed_again(message))

    assert again.is_sent and "outcome unknown" in again.reason
    assert len(fake_wecom.calls_to("message/send")) == 1


async def test_a_file_whose_sending_is_in_doubt_is_not_sent_again(
    channel: WecomChannel, fake_wecom: FakeWecom, sqlite_database: Database, clock: Clock
) -> None:
    report = Attachment("回执-2026-05.docx", b"PK\x03\x04 docx bytes", DOCX_MIME)
    [message] = queued(sqlite_database, clock, Reply("请查收附件。", file=report), USER)
    channel.client.timeout = 0.3
    fake_wecom.answer_slowly("message/send", 0.0)  # the text is answered in time …
    fake_wecom.answer_slowly("message/send", 1.0)  # … the file's message/send is not

    first = await channel.sender.send(message)
    again = await channel.sender.send(claimed_again(message))

    # A new upload would give a new media_id: a different request, which the duplicate check cannot catch.
    assert first.is_sent and "outcome unknown" in first.reason
    assert again.is_sent
    assert len(fake_wecom.calls_to("media/upload")) == 1
    assert [m["msgtype"] for m in fake_wecom.messages_to(USER)] == ["text", "file"]
