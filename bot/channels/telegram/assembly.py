"""The Telegram channel put together from fmbot's settings: ``BUILDER`` for the runtime
(``bot.channels.kit``), and ``build_telegram`` for whoever holds the pieces themselves.

telegram = build_telegram(
    settings, database.unit_of_work, record=engine.record_all, process=engine.process_async
)
# long polling (`fmbot run --telegram`):
await run_polling(telegram.channel, stop)
# or webhook (`fmbot serve`), mounted on the one aiohttp app:
create_web_app(database, mounts=[webhook_mount(settings, telegram)])
# outbox delivery, for each row of the "telegram" channel:
result = await telegram.sender.send(outgoing)
# at the very end (after the delivery loop stopped): await telegram.close()
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiogram.exceptions import TelegramUnauthorizedError
from aiohttp import web

from bot.channels.kit import ChannelContext, ChannelParts
from bot.channels.outbox_notice import outbox_notice
from bot.channels.telegram.client import create_bot
from bot.channels.telegram.flood import SharedFloodLimiter
from bot.channels.telegram.inbound import CHANNEL
from bot.channels.telegram.polling import run_polling
from bot.channels.telegram.receiver import (
    DEFAULT_MAX_ATTACHMENT_BYTES,
    Notify,
    Process,
    RecordAll,
    TelegramChannel,
)
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.store import DatabaseTelegramStore
from bot.channels.telegram.webhook import add_telegram_routes
from bot.clock import WallClock
from bot.config import ConfigError, Settings
from storage.unit_of_work import UnitOfWork

log = logging.getLogger("fmbot.telegram")


@dataclass(frozen=True)
class Telegram:
    channel: (
        TelegramChannel  # receiving: run_polling(channel, stop) or add_telegram_routes(app, channel, ...)
    )
    sender: TelegramSender  # outbound: await sender.send(outgoing) -> DeliveryResult

    async def close(self) -> None:
        """Finish acknowledged work and close the one HTTP session the channel and sender share."""
        await self.channel.close()


def build_telegram(
    settings: Settings,
    uow_factory: Callable[[], UnitOfWork],
    *,
    record: RecordAll,
    process: Process,
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
    notify: Notify | None = None,
    clock: WallClock | None = None,
) -> Telegram:
    """``record`` and ``process`` are the engine's ``Engine.record_all`` and ``Engine.process_async``;
    ``notify`` defaults to a plain reply through the outbox; ``clock`` (the wall clock by default) is
    shared by every part."""
    clock = clock or WallClock()
    if not settings.telegram_enabled:
        raise ValueError("FM_TELEGRAM_TOKEN is not set")
    bot = create_bot(settings.telegram_token, settings.telegram_api_base)
    store = DatabaseTelegramStore(uow_factory)
    channel = TelegramChannel(
        bot,
        store,
        record=record,
        process=process,
        notify=notify or outbox_notice(uow_factory, clock.now),
        max_attachment_bytes=max_attachment_bytes,
        clock=clock.now,
    )
    limiter = SharedFloodLimiter(store, clock=clock.seconds)
    return Telegram(channel, TelegramSender(bot, store, limiter=limiter, clock=clock.now))


def webhook_mount(settings: Settings, telegram: Telegram) -> Callable[[web.Application], None]:
    """The mount function for ``bot.web.create_web_app`` (webhook mode: URL and secret are set)."""

    def mount(app: web.Application) -> None:
        add_telegram_routes(
            app,
            telegram.channel,
            webhook_url=settings.telegram_webhook_url,
            secret=settings.telegram_webhook_secret,
        )

    return mount


class TelegramBuilder:
    """The Telegram channel for the runtime: configured by ``FM_TELEGRAM_TOKEN``. It receives through the
    webhook when one is set and the process serves HTTP, else by long polling."""

    name = CHANNEL

    def configured(self, settings: Settings) -> bool:
        return settings.telegram_enabled

    def build(self, context: ChannelContext) -> ChannelParts:
        settings, sink = context.settings, context.inbound
        telegram = build_telegram(
            settings,
            context.unit_of_work,
            record=sink.record_all,
            process=sink.process,
            notify=sink.notify,
            clock=context.clock,
        )
        mounts: tuple[Callable[[web.Application], None], ...] = ()
        tasks: tuple[Callable[[asyncio.Event], object], ...] = ()
        if settings.telegram_webhook_url and context.serves_http:
            mounts = (webhook_mount(settings, telegram),)
        elif context.may_poll:
            tasks = (lambda stop: _poll(telegram, stop),)
        # The one close, in either mode: polling and the webhook's cleanup only finish acknowledged work.
        return ChannelParts(CHANNEL, telegram.sender, mounts=mounts, tasks=tasks, close=telegram.close)


async def _poll(telegram: Telegram, stop: asyncio.Event) -> None:
    try:
        await run_polling(telegram.channel, stop)
    except TelegramUnauthorizedError:
        log.error("Telegram refused FM_TELEGRAM_TOKEN (401 Unauthorized): check the token BotFather gave")
        stop.set()
        raise ConfigError("Telegram 拒绝了 FM_TELEGRAM_TOKEN（401），请核对 BotFather 给出的令牌") from None


BUILDER = TelegramBuilder()
