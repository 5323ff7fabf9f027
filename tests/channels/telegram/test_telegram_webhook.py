"""Webhook mode: Telegram (the fake) POSTs updates to /telegram/webhook on fmbot's aiohttp server."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from aiohttp import web
from fake_telegram import FakeTelegram
from telegram_helpers import WEBHOOK_SECRET, RecordingEngine, serving

from bot.channels.telegram.inbound import message_id_of
from bot.channels.telegram.receiver import TelegramChannel
from bot.channels.telegram.store import DatabaseTelegramStore
from bot.channels.telegram.webhook import add_telegram_routes
from bot.config import ConfigError
from tests.waiting import eventually

SECRET = WEBHOOK_SECRET
LIAISON = 1001


def sent_id(fake: FakeTelegram, update_id: int) -> str:
    """The engine's id of the user's message that an update carried."""
    return message_id_of(*fake.sent_message_key(update_id))


async def post(url: str, body: bytes, secret: str | None = SECRET) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with aiohttp.ClientSession() as client, client.post(url, data=body, headers=headers) as response:
        return response.status


UPDATE = (
    b'{"update_id": 9001, "message": {"message_id": 5, "date": 1767225600, "text": "\\u5f85\\u529e",'
    b' "from": {"id": 1001, "is_bot": false, "first_name": "Wang"},'
    b' "chat": {"id": 1001, "first_name": "Wang", "type": "private"}}}'
)


async def test_starting_registers_the_webhook_with_its_secret_and_the_update_kinds_fmbot_handles(
    fake_telegram: FakeTelegram, channel: TelegramChannel
) -> None:
    async with serving(channel) as url:
        [call] = fake_telegram.calls_to("setWebhook")

    assert call.params["url"] == url
    assert call.params["secret_token"] == SECRET
    assert call.json_param("allowed_updates") == ["callback_query", "message"]
    assert fake_telegram.commands


async def test_an_update_is_recorded_before_the_answer_and_handled_after_it(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    engine.processing_gate = threading.Event()

    async with serving(channel):
        update_id = await fake_telegram.user_says(LIAISON, "待办")
        answered_with = fake_telegram.last_webhook_status
        recorded_when_answered = [inbound.message_id for inbound in engine.inbox]
        processed_when_answered = list(engine.processed)
        engine.processing_gate.set()
        await eventually(lambda: engine.processed)

    assert answered_with == 200
    assert recorded_when_answered == [sent_id(fake_telegram, update_id)]
    assert processed_when_answered == []


async def test_an_update_that_cannot_be_recorded_is_not_acknowledged_and_its_resend_is_taken(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    engine.fail_recording = 1

    async with serving(channel):
        update_id = await fake_telegram.user_says(LIAISON, "待办")
        first_status = fake_telegram.last_webhook_status
        await fake_telegram.resend(update_id)
        second_status = fake_telegram.last_webhook_status

    assert (first_status, second_status) == (500, 200)
    assert [inbound.message_id for inbound in engine.inbox] == [sent_id(fake_telegram, update_id)]


async def test_an_update_delivered_twice_is_taken_once(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with serving(channel):
        update_id = await fake_telegram.user_says(LIAISON, "待办")
        await fake_telegram.resend(update_id)
        await fake_telegram.resend(update_id)
        assert fake_telegram.last_webhook_status == 200

    assert [inbound.message_id for inbound in engine.inbox] == [sent_id(fake_telegram, update_id)]


async def test_a_call_with_a_wrong_secret_is_refused_and_never_reaches_the_engine(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with serving(channel) as url:
        status = await post(url, UPDATE, secret="guessed")

    assert status == 403
    assert engine.inbox == []


async def test_a_call_without_the_secret_header_is_refused(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with serving(channel) as url:
        status = await post(url, UPDATE, secret=None)

    assert status == 403
    assert engine.inbox == []


async def test_a_body_that_is_not_an_update_is_refused(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with serving(channel) as url:
        statuses = [await post(url, body) for body in (b"{not json", b'{"message": {}}', b"[1, 2]")]

    assert statuses == [400, 400, 400]
    assert engine.inbox == []


async def test_stopping_the_server_finishes_the_handling_already_acknowledged(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    engine.processing_gate = threading.Event()

    async with serving(channel):
        await fake_telegram.user_says(LIAISON, "待办")
        threading.Timer(0.2, engine.processing_gate.set).start()

    assert len(engine.processed) == 1


async def test_stopping_the_server_leaves_the_http_session_open_for_the_channels_owner_to_close(
    channel: TelegramChannel,
) -> None:
    async with serving(channel):
        in_use = await channel.bot.session.create_session()

    after_stop = await channel.bot.session.create_session()  # the same session while it is open

    assert after_stop is in_use and not in_use.closed


@pytest.mark.parametrize("secret", ["", "有中文", "spaces are not allowed", "x" * 257])
def test_a_secret_telegram_would_refuse_stops_start_up_naming_the_setting(
    channel: TelegramChannel, secret: str
) -> None:
    with pytest.raises(ConfigError, match="FM_TELEGRAM_WEBHOOK_SECRET"):
        add_telegram_routes(
            web.Application(), channel, webhook_url="https://example.org/telegram/webhook", secret=secret
        )


async def test_a_new_message_is_taken_even_when_telegram_reuses_an_old_update_id(
    fake_telegram: FakeTelegram,
    channel: TelegramChannel,
    engine: RecordingEngine,
    telegram_store: DatabaseTelegramStore,
) -> None:
    async with serving(channel):
        first = await fake_telegram.user_says(LIAISON, "待办")
        # A week without updates: the handled update ids have been forgotten, and Telegram numbers afresh.
        telegram_store.forget_expired(datetime.now(UTC) + timedelta(days=8))
        fake_telegram.restart_numbering(first)
        second = await fake_telegram.user_says(LIAISON, "状态")

    assert first == second
    assert [inbound.text for inbound in engine.inbox] == ["待办", "状态"]


async def test_an_updates_message_is_recorded_on_the_channels_own_thread_not_a_shared_pool(
    fake_telegram: FakeTelegram, channel: TelegramChannel, engine: RecordingEngine
) -> None:
    async with serving(channel):
        await fake_telegram.user_says(LIAISON, "待办")

    assert engine.recorded_on == {"fmbot-telegram-recorder_0"}
