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

from aiohttp import web

from bot.app import Application
from bot.channels import telegram, wecom
from bot.channels.kit import ChannelBuilder, ChannelContext, ChannelParts, InboundSink
from bot.clock import WallClock, utc_now
from bot.config import ConfigError
from bot.console import console_mount
from bot.heap import freeze_start_up_heap
from bot.scheduler import MinuteScheduler
from bot.web import Mount, create_web_app

log = logging.getLogger("fmbot.runtime")

# Every channel the runtime knows, in the order they start; each is built when its settings are given.
CHANNELS: tuple[ChannelBuilder, ...] = (telegram.BUILDER, wecom.BUILDER)


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
        channels = await _start(app, running, http, telegram_polling)
        scheduler.start()
        freeze_start_up_heap()  # what start-up loaded stays: full collections need not walk it
        log.info("fmbot running: channels %s", ", ".join(c.name for c in channels) or "none")
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
) -> list[ChannelParts]:
    """Start the configured channels, the HTTP server and one delivery loop per channel; the channels."""
    context = ChannelContext(
        settings=app.settings,
        unit_of_work=app.database.unit_of_work,
        inbound=InboundSink(
            record_all=app.engine.record_all,
            record_into=app.engine.record_into,
            process=app.engine.process_async,
        ),
        clock=WallClock(),
        serves_http=http is not None,
        may_poll=telegram_polling,
    )
    channels: list[ChannelParts] = []
    mounts: list[Mount] = []
    for builder in CHANNELS:
        if not builder.configured(app.settings):
            continue
        channel = builder.build(context)
        channels.append(channel)
        if channel.close is not None:
            running.cleanups.append(channel.close)
        mounts.extend(channel.mounts)
        running.tasks.extend(asyncio.create_task(task(running.stop)) for task in channel.tasks)
    if http is not None:
        mounts.append(console_mount(app))
        running.cleanups.append(await _serve_http(app, http, mounts))
    await _warm_up(app)
    for channel in channels:
        loop = app.delivery_loop(channel.sender)
        running.tasks.append(asyncio.create_task(loop.run(running.stop)))
    return channels


async def _warm_up(app: Application) -> None:
    """Open the database's connections and compile the delivery rounds' statements before the loops start:
    otherwise the first round pays for them, beside (and on SQLite, ahead of) the first platform call."""
    try:
        await asyncio.to_thread(app.database.warm_up, utc_now())
    except Exception as error:  # only a head start is lost: the rounds open and compile what they need
        log.warning("warming the database up failed (%s); going on", type(error).__name__)


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
