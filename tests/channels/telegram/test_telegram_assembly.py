"""The channel as the composition root builds it from settings."""

from __future__ import annotations

import socket

import aiohttp
import pytest
from aiogram.exceptions import TelegramNetworkError
from aiohttp import web
from fake_telegram import TOKEN, FakeTelegram
from network_guard import NetworkGuard
from telegram_helpers import RecordingEngine, polling

from bot.channels.telegram import build_telegram, create_bot, webhook_mount
from bot.config import Settings, load_settings
from bot.web import create_web_app
from fm_domain.message_codec import decode_reply
from storage import Database
from tests.waiting import eventually

LIAISON = 1001


def settings_for(fake: FakeTelegram, **extra: str) -> Settings:
    return load_settings({"FM_TELEGRAM_TOKEN": fake.token, "FM_TELEGRAM_API_BASE": fake.base_url, **extra})


async def test_the_bot_talks_to_the_configured_bot_api_server(
    fake_telegram: FakeTelegram, sqlite_database: Database, engine: RecordingEngine
) -> None:
    telegram = build_telegram(
        settings_for(fake_telegram),
        sqlite_database.unit_of_work,
        record=engine.record_all,
        process=engine.process,
    )

    me = await telegram.channel.bot.get_me()
    await telegram.close()

    assert me.username == "fmbot_test_bot"
    assert [call.method for call in fake_telegram.calls] == ["getMe"]


async def test_the_channels_own_notices_leave_through_the_outbox(
    fake_telegram: FakeTelegram, sqlite_database: Database, engine: RecordingEngine
) -> None:
    telegram = build_telegram(
        settings_for(fake_telegram),
        sqlite_database.unit_of_work,
        record=engine.record_all,
        process=engine.process,
    )

    def outbox() -> list[str]:
        with sqlite_database.unit_of_work() as uow:
            return [decode_reply(fate.payload).text for fate in uow.outbox.fates("telegram")]

    async with polling(telegram.channel):
        await fake_telegram.user_sends_sticker(LIAISON)
        await eventually(outbox)
    await telegram.close()

    assert "请发送文字" in outbox()[0]
    assert fake_telegram.calls_to("sendMessage") == []


async def test_the_webhook_is_served_by_fmbots_one_web_app(
    fake_telegram: FakeTelegram, sqlite_database: Database, engine: RecordingEngine
) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    settings = settings_for(
        fake_telegram, FM_TELEGRAM_WEBHOOK_URL=f"{base}/telegram/webhook", FM_TELEGRAM_WEBHOOK_SECRET="s3cret"
    )
    telegram = build_telegram(
        settings, sqlite_database.unit_of_work, record=engine.record_all, process=engine.process
    )
    runner = web.AppRunner(create_web_app(sqlite_database, mounts=[webhook_mount(settings, telegram)]))
    await runner.setup()
    await web.SockSite(runner, listener).start()
    try:
        await fake_telegram.user_says(LIAISON, "待办")
        async with aiohttp.ClientSession() as client, client.get(f"{base}/healthz") as health:
            health_status = health.status
        await eventually(lambda: engine.processed)
    finally:
        await runner.cleanup()
        await telegram.close()

    assert fake_telegram.calls_to("setWebhook")[0].params["url"] == f"{base}/telegram/webhook"
    assert fake_telegram.last_webhook_status == 200
    assert health_status == 200
    assert [inbound.text for inbound in engine.inbox] == ["待办"]


async def test_a_bot_left_on_the_official_server_cannot_reach_it_from_a_test(
    network_guard: NetworkGuard,
) -> None:
    bot = create_bot(TOKEN)  # the default FM_TELEGRAM_API_BASE, https://api.telegram.org

    with pytest.raises(TelegramNetworkError):
        await bot.get_me()
    await bot.session.close()

    assert network_guard.forgive() == ["resolving 'api.telegram.org'"]
