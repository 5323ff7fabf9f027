"""Fixtures for the Telegram channel: the fake Bot API, a Bot pointed at it, the channel's store on a real
database, and a stand-in for the engine that records what it is given."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from aiogram import Bot
from fake_telegram import FakeTelegram, fake_telegram  # noqa: F401 -- the fixture, for this directory
from telegram_helpers import RecordingEngine, SimulatedTime

from bot.channels.telegram.client import create_bot
from bot.channels.telegram.receiver import TelegramChannel
from bot.channels.telegram.store import DatabaseTelegramStore
from storage import Database


@pytest.fixture
def telegram_store(sqlite_database: Database) -> DatabaseTelegramStore:
    return DatabaseTelegramStore(sqlite_database.unit_of_work)


@pytest.fixture
async def bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:  # noqa: F811
    bot = create_bot(fake_telegram.token, fake_telegram.base_url)
    yield bot
    await bot.session.close()


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine()


@pytest.fixture
def channel(bot: Bot, telegram_store: DatabaseTelegramStore, engine: RecordingEngine) -> TelegramChannel:
    return TelegramChannel(bot, telegram_store, record=engine.record_all, process=engine.process)


@pytest.fixture
def simulated_time() -> Iterator[SimulatedTime]:
    yield SimulatedTime()
