"""The long-running fmbot: channels in, the outbox out, and the minute sweep, until a signal stops it.

``fmbot serve`` runs it with the HTTP server (health check, WeCom callback, Telegram webhook);
``fmbot run --telegram`` without one, receiving from Telegram by long polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiogram.exceptions import TelegramUnauthorizedError
from aiohttp import web

from bot.app import Application
from bot.channels.delivery_result import Sender
from bot.channels.telegram import Telegram, build_telegram, run_polling, webhook_mount
from bot.channels.wecom import WecomConfig, add_wecom_routes, build_wecom_channel
from bot.config import ConfigError
from bot.console import console_mount
from bot.scheduler import MinuteScheduler
from bot.web import Mount, create_web_app

log = logging.getLogger("fmbot.runtime")


@dataclass(frozen=True)
class HttpAddress:
    host: str
    port: int


@dataclass
class _Running:
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    cleanups: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


async def run(app: Application, *, http: HttpAddress | None, telegram_polling: bool) -> None:
    """Run until SIGINT or SIGTERM. Every piece reads its work from the database, so several processes
    may run side by side and a restart loses nothing."""
    running = _Running()
    _stop_on_signals(running.stop)
    await asyncio.to_thread(app.engine.process_pending)  # recorded before the last stop, not yet handled

    scheduler = _minute_scheduler(app)
    try:
        senders = await _start(app, running, http, telegram_polling)
        scheduler.start()
        log.info("fmbot running: channels %s", ", ".join(s.channel for s in senders) or "none")
        await running.stop.wait()
    finally:
        # Also when start-up fails half-way (a port in use): whatever was started is stopped and closed.
        scheduler.shutdown()
        running.stop.set()
        outcomes = await asyncio.gather(*running.tasks, return_exceptions=True)
        for cleanup in reversed(running.cleanups):
            with contextlib.suppress(Exception):
                await cleanup()
        log.info("fmbot stopped")
    for outcome in outcomes:
        if isinstance(outcome, ConfigError):
            raise outcome


async def _start(
    app: Application, running: _Running, http: HttpAddress | None, telegram_polling: bool
) -> list[Sender]:
    """Start the channels, the HTTP server and one delivery loop per channel; the senders started."""
    senders: list[Sender] = []
    mounts: list[Mount] = []
    telegram = _telegram(app)
    if telegram is not None:
        # The one close, in either mode: polling and the webhook's cleanup only finish acknowledged work.
        running.cleanups.append(telegram.close)
        senders.append(telegram.sender)
        if app.settings.telegram_webhook_url and http is not None:
            mounts.append(webhook_mount(app.settings, telegram))
        elif telegram_polling:
            running.tasks.append(asyncio.create_task(_poll(telegram, running.stop)))
    if app.settings.wecom_enabled:
        wecom = build_wecom_channel(
            WecomConfig.from_settings(app.settings),
            app.database.unit_of_work,
            app.engine.record_into,
            app.engine.process_async,
            choice_style="text" if app.settings.wecom_choice_style == "text" else "markdown",
        )
        senders.append(wecom.sender)
        mounts.append(lambda web_app: add_wecom_routes(web_app, wecom.receiver))
    if http is not None:
        mounts.append(console_mount(app))
        running.cleanups.append(await _serve_http(app, http, mounts))
    for sender in senders:
        loop = app.delivery_loop(sender)
        running.tasks.append(asyncio.create_task(loop.run(running.stop)))
    return senders


def _telegram(app: Application) -> Telegram | None:
    if not app.settings.telegram_enabled:
        return None
    return build_telegram(
        app.settings,
        app.database.unit_of_work,
        record=app.engine.record_all,
        process=app.engine.process_async,
    )


async def _poll(telegram: Telegram, stop: asyncio.Event) -> None:
    try:
        await run_polling(telegram.channel, stop)
    except TelegramUnauthorizedError:
        log.error("Telegram refused FM_TELEGRAM_TOKEN (401 Unauthorized): check the token BotFather gave")
        stop.set()
        raise ConfigError("Telegram 拒绝了 FM_TELEGRAM_TOKEN（401），请核对 BotFather 给出的令牌") from None


async def _serve_http(
    app: Application, address: HttpAddress, mounts: list[Mount]
) -> Callable[[], Awaitable[None]]:
    runner = web.AppRunner(create_web_app(app.database, mounts), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, address.host, address.port)
    await site.start()
    log.info("listening on http://%s:%s (/healthz)", address.host, address.port)
    return runner.cleanup


def _minute_scheduler(app: Application) -> MinuteScheduler:
    sweeper = app.nudge_sweeper()
    monitoring = app.monitoring_job()

    async def every_minute() -> None:
        await sweeper.tick()
        await monitoring.tick()
        await asyncio.to_thread(app.engine.expire_drafts)

    return MinuteScheduler(every_minute)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
