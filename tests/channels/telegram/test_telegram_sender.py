"""Outbound: each outbox message sent once, its fate reported as sent / retry / undeliverable."""

from __future__ import annotations

import asyncio
import itertools
import socket
from datetime import UTC, datetime
from time import monotonic

import pytest
from aiogram import Bot
from fake_telegram import BAD_GATEWAY_HTML, CHAT_NOT_FOUND, FakeTelegram
from telegram_helpers import SimulatedTime

from bot.channels.delivery_result import DeliveryStatus
from bot.channels.telegram.client import create_bot
from bot.channels.telegram.flood import FloodLimiter, Slot
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.store import DatabaseTelegramStore
from conversations.messages import Attachment, Choice, ConversationKey, Outgoing, Reply

LIAISON = 1001
CREATED = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
RECEIPT = Attachment("回执-2026-001.docx", b"PK\x03\x04 receipt body", "application/octet-stream")


def outgoing(outbox_id: int, reply: Reply | str, chat_id: int = LIAISON) -> Outgoing:
    reply = Reply(reply) if isinstance(reply, str) else reply
    return Outgoing(outbox_id, ConversationKey("telegram", str(chat_id)), reply, CREATED)


class RecordingLimiter(FloodLimiter):
    """The real limiter (on simulated time, unless told otherwise), noting the slot each send was given."""

    def __init__(self, time: SimulatedTime | None = None) -> None:
        if time is None:
            super().__init__(clock=monotonic, sleep=asyncio.sleep)
        else:
            super().__init__(clock=time.clock, sleep=time.sleep)
        self.slots: list[tuple[float, int]] = []

    async def reserve(self, chat_id: int, *, instead_of: Slot | None = None) -> Slot:
        slot = await super().reserve(chat_id, instead_of=instead_of)
        self.slots.append((slot.at, chat_id))
        return slot


@pytest.fixture
def limiter(simulated_time: SimulatedTime) -> RecordingLimiter:
    return RecordingLimiter(simulated_time)


@pytest.fixture
def sender(
    bot: Bot,
    telegram_store: DatabaseTelegramStore,
    limiter: RecordingLimiter,
    simulated_time: SimulatedTime,
    fake_telegram: FakeTelegram,
) -> TelegramSender:
    fake_telegram.user(LIAISON)
    return TelegramSender(bot, telegram_store, limiter=limiter, sleep=simulated_time.sleep)


async def test_a_text_reply_is_sent_and_reported_with_its_telegram_message_id(
    sender: TelegramSender, fake_telegram: FakeTelegram
) -> None:
    result = await sender.send(outgoing(1, "本月还有 2 项报送未完成。"))

    [message] = fake_telegram.sent_to(LIAISON)
    assert result.status is DeliveryStatus.SENT
    assert result.platform_message_ids == (str(message["message_id"]),)
    assert message["text"] == "本月还有 2 项报送未完成。"


async def test_choices_become_inline_buttons_whose_data_is_a_short_token_for_the_payload(
    sender: TelegramSender, fake_telegram: FakeTelegram, telegram_store: DatabaseTelegramStore
) -> None:
    long_payload = "/年度目标 删除 " + "第三条：推进城乡居民最低生活保障标准动态调整" * 4
    reply = Reply("请选择", (Choice("确认提交", "/确认提交"), Choice("删除第三条", long_payload)))

    await sender.send(outgoing(1, reply))

    rows = fake_telegram.sent_to(LIAISON)[0]["reply_markup"]["inline_keyboard"]
    assert [[button["text"] for button in row] for row in rows] == [["确认提交"], ["删除第三条"]]
    data = [row[0]["callback_data"] for row in rows]
    assert all(len(token.encode()) <= 64 for token in data)
    assert [telegram_store.payload_for(token) for token in data] == ["/确认提交", long_payload]


async def test_a_file_goes_as_a_document_with_the_text_as_caption(
    sender: TelegramSender, fake_telegram: FakeTelegram
) -> None:
    result = await sender.send(outgoing(1, Reply("提交成功，回执见附件。", file=RECEIPT)))

    [call] = fake_telegram.calls_to("sendDocument")
    assert result.status is DeliveryStatus.SENT
    assert call.params["caption"] == "提交成功，回执见附件。"
    assert list(call.files.values()) == [(RECEIPT.name, RECEIPT.content)]


async def test_a_long_reply_goes_in_several_messages_with_the_buttons_on_the_last(
    sender: TelegramSender, fake_telegram: FakeTelegram
) -> None:
    text = "\n".join(f"{n}. 开展困难群众临时救助，落实特困人员救助供养政策。" for n in range(400))

    result = await sender.send(outgoing(1, Reply(text, (Choice("确认提交", "/确认提交"),))))

    messages = fake_telegram.sent_to(LIAISON)
    assert len(messages) > 1 and len(result.platform_message_ids) == len(messages)
    assert "\n".join(m["text"] for m in messages) == text
    assert ["reply_markup" in m for m in messages] == [False] * (len(messages) - 1) + [True]


async def test_the_same_outbox_message_is_never_sent_twice(
    sender: TelegramSender, fake_telegram: FakeTelegram
) -> None:
    first = await sender.send(outgoing(7, "您的月度安排已提交。"))
    again = await sender.send(outgoing(7, "您的月度安排已提交。"))

    assert len(fake_telegram.calls_to("sendMessage")) == 1
    assert again == first


async def test_flood_control_means_retry_after_the_time_telegram_names_and_pauses_sending(
    sender: TelegramSender, fake_telegram: FakeTelegram, limiter: RecordingLimiter
) -> None:
    fake_telegram.flood_next("sendMessage", retry_after=3)

    result = await sender.send(outgoing(1, "催办：年度目标 1月31日截止。"))
    await sender.send(outgoing(2, "另一条消息"))

    assert (result.status, result.retry_after) == (DeliveryStatus.RETRY, 3)
    assert limiter.slots[1][0] - limiter.slots[0][0] >= 3


async def test_a_retried_message_resends_only_the_parts_telegram_did_not_take(
    sender: TelegramSender, fake_telegram: FakeTelegram
) -> None:
    text = "\n".join(f"{n}. 推进社区矫正对象分类管理和个别化教育。" for n in range(400))
    fake_telegram.flood_next("sendMessage", retry_after=1, skip=1)

    first = await sender.send(outgoing(3, text))
    second = await sender.send(outgoing(3, text))

    assert first.status is DeliveryStatus.RETRY and second.status is DeliveryStatus.SENT
    assert "\n".join(fake_telegram.texts_to(LIAISON)) == text


async def test_a_user_who_blocked_the_bot_is_undeliverable(
    sender: TelegramSender, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.block(LIAISON)

    result = await sender.send(outgoing(1, "催办"))

    assert (result.status, result.reason) == (
        DeliveryStatus.UNDELIVERABLE,
        "Forbidden: bot was blocked by the user",
    )


async def test_a_chat_telegram_does_not_know_is_undeliverable(sender: TelegramSender) -> None:
    result = await sender.send(outgoing(1, "催办", chat_id=424242))

    assert (result.status, result.reason) == (DeliveryStatus.UNDELIVERABLE, CHAT_NOT_FOUND["description"])


async def test_a_reply_for_another_channel_is_undeliverable_here(sender: TelegramSender) -> None:
    wrong = Outgoing(1, ConversationKey("wecom", "wangfang"), Reply("催办"), CREATED)

    assert (await sender.send(wrong)).status is DeliveryStatus.UNDELIVERABLE


async def test_server_errors_are_retried_with_backoff_and_the_message_goes_once(
    bot: Bot, telegram_store: DatabaseTelegramStore, fake_telegram: FakeTelegram, limiter: RecordingLimiter
) -> None:
    backoff = SimulatedTime()
    sender = TelegramSender(bot, telegram_store, limiter=limiter, sleep=backoff.sleep)
    fake_telegram.user(LIAISON)
    fake_telegram.fail_next("sendMessage", 500, times=2)

    result = await sender.send(outgoing(1, "催办"))

    assert result.status is DeliveryStatus.SENT
    assert len(fake_telegram.calls_to("sendMessage")) == 3
    assert len(fake_telegram.sent_to(LIAISON)) == 1
    assert backoff.sleeps == [0.5, 1.0]


async def test_a_gateway_that_keeps_failing_means_retry_later(
    sender: TelegramSender, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.fail_next("sendMessage", 502, BAD_GATEWAY_HTML, times=10)

    result = await sender.send(outgoing(1, "催办"))

    assert result.status is DeliveryStatus.RETRY and result.retry_after > 0
    assert len(fake_telegram.calls_to("sendMessage")) == 4


async def test_no_connection_to_the_bot_api_means_retry_later(
    telegram_store: DatabaseTelegramStore, simulated_time: SimulatedTime
) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    bot = create_bot("123456789:AAH-fake-token-for-tests_0123456789a", f"http://127.0.0.1:{port}")
    sender = TelegramSender(
        bot, telegram_store, limiter=RecordingLimiter(simulated_time), sleep=simulated_time.sleep
    )

    result = await sender.send(outgoing(1, "催办"))
    await bot.session.close()

    assert result.status is DeliveryStatus.RETRY
    assert "no connection" in result.reason
    assert telegram_store.delivered_parts(1) == {}


async def test_a_send_whose_outcome_is_unknown_is_not_repeated(
    sender: TelegramSender, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.fail_next("sendMessage", None)  # the request arrives, the connection drops

    first = await sender.send(outgoing(1, "催办"))
    again = await sender.send(outgoing(1, "催办"))

    assert len(fake_telegram.calls_to("sendMessage")) == 1
    assert first.status is DeliveryStatus.SENT and "outcome unknown" in first.reason
    assert again.status is DeliveryStatus.SENT


async def test_a_part_claimed_by_a_process_that_died_is_not_sent_again(
    sender: TelegramSender, fake_telegram: FakeTelegram, telegram_store: DatabaseTelegramStore
) -> None:
    telegram_store.begin_part(5, 0, LIAISON, CREATED)  # claimed, then the process was killed

    result = await sender.send(outgoing(5, "催办"))

    assert fake_telegram.calls_to("sendMessage") == []
    assert result.status is DeliveryStatus.SENT and "outcome unknown" in result.reason


async def test_a_burst_with_flood_control_in_the_middle_delivers_every_message_exactly_once(
    sender: TelegramSender,
    fake_telegram: FakeTelegram,
    limiter: RecordingLimiter,
    simulated_time: SimulatedTime,
) -> None:
    chats = list(range(2001, 2061))
    for chat in chats:
        fake_telegram.user(chat)
    fake_telegram.flood_next("sendMessage", retry_after=2, skip=25)
    queue = [
        outgoing(n, f"催办第 {n} 号：月度安排请于本月 7 日前报送。", chat) for n, chat in enumerate(chats, 1)
    ]
    not_before: dict[int, float] = {}

    while queue:  # what the outbox delivery loop does with the results
        item = queue.pop(0)
        if simulated_time.now < not_before.get(item.id, 0.0):
            await simulated_time.sleep(not_before[item.id] - simulated_time.now)
        result = await sender.send(item)
        if result.should_retry:
            not_before[item.id] = simulated_time.now + result.retry_after
            queue.append(item)

    assert sorted(len(fake_telegram.sent_to(chat)) for chat in chats) == [1] * len(chats)
    flooded_at = limiter.slots[25][0]
    assert limiter.slots[26][0] - flooded_at >= 2
    times = [t for t, _ in limiter.slots]
    assert all(later - earlier >= 1 / 30 - 1e-9 for earlier, later in itertools.pairwise(times))


async def test_messages_sent_at_once_each_get_their_own_slot_and_go_once(
    bot: Bot, telegram_store: DatabaseTelegramStore, fake_telegram: FakeTelegram
) -> None:
    # The real clock: sends in flight together wait side by side (a simulated clock would add their waits up).
    limiter = RecordingLimiter()
    sender = TelegramSender(bot, telegram_store, limiter=limiter)
    chats = list(range(3001, 3016))
    for chat in chats:
        fake_telegram.user(chat)

    results = await asyncio.gather(
        *(sender.send(outgoing(n, "催办", chat)) for n, chat in enumerate(chats, 1))
    )

    assert all(result.status is DeliveryStatus.SENT for result in results)
    assert sorted(len(fake_telegram.sent_to(chat)) for chat in chats) == [1] * len(chats)
    times = sorted(t for t, _ in limiter.slots)
    assert all(later - earlier >= 1 / 30 - 1e-9 for earlier, later in itertools.pairwise(times))


class SlowClaims(DatabaseTelegramStore):
    """The ledger write before the first call takes long (a busy database): the slot passes meanwhile."""

    def __init__(self, store: DatabaseTelegramStore, time: SimulatedTime) -> None:
        super().__init__(store._uow)
        self._time = time
        self.slow = True

    def begin_part(self, outbox_id: int, part: int, chat_id: int, now: datetime) -> bool:
        if self.slow:
            self.slow = False
            self._time.now += 0.2
        return super().begin_part(outbox_id, part, chat_id, now)


async def test_a_call_whose_slot_passed_while_its_part_was_claimed_waits_for_a_new_slot(
    bot: Bot,
    telegram_store: DatabaseTelegramStore,
    fake_telegram: FakeTelegram,
    limiter: RecordingLimiter,
    simulated_time: SimulatedTime,
) -> None:
    fake_telegram.user(LIAISON)
    sender = TelegramSender(bot, SlowClaims(telegram_store, simulated_time), limiter=limiter)

    result = await sender.send(outgoing(1, "催办"))

    assert result.status is DeliveryStatus.SENT
    [(missed, _), (taken, _)] = limiter.slots
    assert taken - missed >= 0.2
    assert len(fake_telegram.calls_to("sendMessage")) == 1
