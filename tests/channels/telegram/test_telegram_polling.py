"""Long polling: the real aiogram client against the fake Bot API, updates in, Inbound messages out."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from aiogram import Bot
from fake_telegram import DOCX_MIME, FakeTelegram
from telegram_helpers import RecordingEngine, polling

from bot.channels.telegram.client import create_bot
from bot.channels.telegram.inbound import message_id_of
from bot.channels.telegram.receiver import TelegramChannel
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.store import DatabaseTelegramStore
from conversations.messages import Attachment, Choice, ConversationKey, Outgoing, Reply
from tests.waiting import eventually

LIAISON = 1001


def sent_id(fake: FakeTelegram, update_id: int) -> str:
    """The engine's id of the user's message that an update carried."""
    return message_id_of(*fake.sent_message_key(update_id))


KEY = ConversationKey("telegram", str(LIAISON))


async def test_a_text_message_becomes_an_inbound_of_the_telegram_account(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with polling(channel):
        update_id = await fake_telegram.user_says(LIAISON, "待办")
        await eventually(lambda: engine.processed)

    [inbound] = engine.inbox
    assert (inbound.key, inbound.message_id, inbound.text) == (KEY, sent_id(fake_telegram, update_id), "待办")
    assert inbound.received_at.tzinfo is not None
    assert engine.processed == [KEY]


async def test_polling_sets_the_chinese_command_menu_and_removes_any_webhook_first(
    fake_telegram: FakeTelegram, channel: TelegramChannel
) -> None:
    fake_telegram.webhook_url = "https://old.example.org/telegram/webhook"

    async with polling(channel):
        await eventually(lambda: fake_telegram.calls_to("getUpdates"))

    methods = [call.method for call in fake_telegram.calls]
    assert methods.index("deleteWebhook") < methods.index("getUpdates")
    assert fake_telegram.commands
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", c["command"]) for c in fake_telegram.commands)
    assert all(re.search(r"[\u4e00-\u9fff]", c["description"]) for c in fake_telegram.commands)


async def test_an_update_is_confirmed_to_telegram_only_after_its_message_is_recorded(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    engine.fail_recording = 2

    async with polling(channel, backoff=(0.01,)):
        update_id = await fake_telegram.user_says(LIAISON, "待办")
        await eventually(lambda: engine.inbox and not fake_telegram.pending_updates())

    offsets = [call.params.get("offset") for call in fake_telegram.calls_to("getUpdates")]
    assert offsets[:3] == [None, None, None]  # fetched again after each failed recording
    assert str(update_id + 1) in offsets
    assert [inbound.message_id for inbound in engine.inbox] == [sent_id(fake_telegram, update_id)]


async def test_an_update_handled_before_a_restart_is_not_handled_again(
    fake_telegram: FakeTelegram, bot: Bot, telegram_store: DatabaseTelegramStore, engine: RecordingEngine
) -> None:
    first = TelegramChannel(bot, telegram_store, record=engine.record_all, process=engine.process)
    async with polling(first):
        update_id = await fake_telegram.user_says(LIAISON, "待办")
        await eventually(lambda: engine.processed)
    calls_to_record = []
    second = TelegramChannel(
        create_bot(fake_telegram.token, fake_telegram.base_url),
        telegram_store,
        record=lambda inbounds: [calls_to_record.append(i) or True for i in inbounds],
        process=engine.process,
    )

    await fake_telegram.resend(update_id)  # not confirmed before the restart: Telegram sends it again
    async with polling(second):
        await fake_telegram.user_says(LIAISON, "状态")
        await eventually(lambda: calls_to_record)
    await second.bot.session.close()

    assert [inbound.text for inbound in calls_to_record] == ["状态"]


async def test_a_document_is_downloaded_and_becomes_the_inbounds_attachment(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    content = b"PK\x03\x04" + "（一）推进最低生活保障标准调整".encode() * 50

    async with polling(channel):
        await fake_telegram.user_sends_document(LIAISON, "2026年度目标.docx", content, caption="/年度目标")
        await eventually(lambda: engine.inbox)

    [inbound] = engine.inbox
    assert inbound.attachment == Attachment("2026年度目标.docx", content, DOCX_MIME)
    assert inbound.text == "/年度目标"


async def test_a_document_over_the_size_limit_is_refused_in_chinese_without_downloading_it(
    fake_telegram: FakeTelegram, bot: Bot, telegram_store: DatabaseTelegramStore, engine: RecordingEngine
) -> None:
    channel = TelegramChannel(
        bot,
        telegram_store,
        record=engine.record_all,
        process=engine.process,
        max_attachment_bytes=1024 * 1024,
    )

    async with polling(channel):
        await fake_telegram.user_sends_document(LIAISON, "全年台账.xlsx", b"x" * (3 * 1024 * 1024))
        await eventually(lambda: fake_telegram.texts_to(LIAISON))

    [notice] = fake_telegram.texts_to(LIAISON)
    assert "文件过大（3.0 MB）" in notice and "不超过 1.0 MB" in notice
    assert engine.inbox == []
    assert fake_telegram.calls_to("getFile") == []


async def test_a_document_larger_than_it_declared_is_refused_after_download(
    fake_telegram: FakeTelegram, bot: Bot, telegram_store: DatabaseTelegramStore, engine: RecordingEngine
) -> None:
    channel = TelegramChannel(
        bot, telegram_store, record=engine.record_all, process=engine.process, max_attachment_bytes=1024
    )

    async with polling(channel):
        await fake_telegram.user_sends_document(LIAISON, "目标.docx", b"x" * 4096, declared_size=100)
        await eventually(lambda: fake_telegram.texts_to(LIAISON))

    assert "文件过大" in fake_telegram.texts_to(LIAISON)[0]
    assert engine.inbox == []


async def test_a_message_without_text_or_document_is_answered_with_what_fmbot_understands(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with polling(channel):
        await fake_telegram.user_sends_sticker(LIAISON)
        await eventually(lambda: fake_telegram.texts_to(LIAISON))

    assert "请发送文字" in fake_telegram.texts_to(LIAISON)[0]
    assert engine.inbox == []


async def test_messages_in_groups_are_ignored(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with polling(channel):
        await fake_telegram.user_says_in_group(-100123, LIAISON, "待办")
        await fake_telegram.user_says(LIAISON, "状态")
        await eventually(lambda: engine.inbox)

    assert [inbound.text for inbound in engine.inbox] == ["状态"]


async def test_a_button_press_becomes_its_payload_is_answered_and_its_keyboard_removed(
    fake_telegram: FakeTelegram,
    channel: TelegramChannel,
    engine: RecordingEngine,
    bot: Bot,
    telegram_store: DatabaseTelegramStore,
) -> None:
    fake_telegram.user(LIAISON)
    reply = Reply("共 3 条目标，确认提交吗？", (Choice("确认提交", "/确认提交"), Choice("修改", "/修改")))
    await TelegramSender(bot, telegram_store).send(Outgoing(1, KEY, reply, datetime.now(UTC)))

    async with polling(channel):
        await fake_telegram.user_presses(LIAISON, "确认提交")
        await eventually(lambda: engine.inbox and fake_telegram.calls_to("editMessageReplyMarkup"))

    [inbound] = engine.inbox
    assert (inbound.key, inbound.choice) == (KEY, "/确认提交")
    [answer] = fake_telegram.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == fake_telegram.delivered[-1]["callback_query"]["id"]
    assert "reply_markup" not in fake_telegram.sent_to(LIAISON)[-1]


async def test_a_button_whose_token_is_unknown_is_answered_with_an_alert_and_not_recorded(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with polling(channel):
        await fake_telegram.user_sends_callback(LIAISON, "gone-token")
        await eventually(lambda: fake_telegram.calls_to("answerCallbackQuery"))

    [answer] = fake_telegram.calls_to("answerCallbackQuery")
    assert answer.params["text"] == "这个按钮已失效，请重新发送命令。"
    assert answer.params["show_alert"] == "true"
    assert engine.inbox == []


async def test_messages_of_one_user_are_recorded_in_the_order_they_were_sent(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with polling(channel):
        for text in ("/年度目标", "1. 推进低保扩围", "2. 开展临时救助", "/确认"):
            await fake_telegram.user_says(LIAISON, text)
        await eventually(lambda: len(engine.inbox) == 4)

    assert [inbound.text for inbound in engine.inbox] == [
        "/年度目标",
        "1. 推进低保扩围",
        "2. 开展临时救助",
        "/确认",
    ]
