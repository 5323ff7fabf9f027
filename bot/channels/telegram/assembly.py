"""The Telegram channel put together from fmbot's settings, for the composition root.

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

from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from bot.channels.outbox_notice import outbox_notice
from bot.channels.telegram.client import create_bot
from bot.channels.telegram.receiver import DEFAULT_MAX_ATTACHMENT_BYTES, Process, RecordAll, TelegramChannel
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.store import DatabaseTelegramStore
from bot.channels.telegram.webhook import add_telegram_routes
from bot.config import Settings
from storage.unit_of_work import UnitOfWork


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
) -> Telegram:
    """``record`` and ``process`` are the engine's ``Engine.record_all`` and ``Engine.process_async``."""
    if not settings.telegram_enabled:
        raise ValueError("FM_TELEGRAM_TOKEN is not set")
    bot = create_bot(settings.telegram_token, settings.telegram_api_base)
    store = DatabaseTelegramStore(uow_factory)
    channel = TelegramChannel(
        bot,
        store,
        record=record,
        process=process,
        notify=outbox_notice(uow_factory),
        max_attachment_bytes=max_attachment_bytes,
    )
    return Telegram(channel, TelegramSender(bot, store))


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
