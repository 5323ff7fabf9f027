"""Helpers for the Telegram channel tests: a stand-in for the engine, long polling and the webhook server
for the duration of a block, and simulated time for the flood limits (waiting for background work:
tests/waiting.py)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web

from bot.channels.telegram.polling import run_polling
from bot.channels.telegram.receiver import TelegramChannel
from bot.channels.telegram.webhook import add_telegram_routes
from conversations.messages import ConversationKey, Inbound

WEBHOOK_SECRET = "s3cret-Token_for-tests"


@dataclass
class RecordingEngine:
    """The two calls a channel makes on the engine, with the inbox's one rule: a message id once."""

    inbox: list[Inbound] = field(default_factory=list)
    processed: list[ConversationKey] = field(default_factory=list)
    fail_recording: int = 0  # the next N record_all calls raise, as a database outage would
    processing_gate: threading.Event | None = None  # when set, process() waits for it
    recorded_on: set[str] = field(default_factory=set)  # the threads record_all ran on

    def record_all(self, inbounds: Sequence[Inbound]) -> list[bool]:
        self.recorded_on.add(threading.current_thread().name)
        if self.fail_recording:
            self.fail_recording -= 1
            raise RuntimeError("database unavailable")
        return [self._record(inbound) for inbound in inbounds]

    def _record(self, inbound: Inbound) -> bool:
        if any(seen.message_id == inbound.message_id for seen in self.inbox):
            return False
        self.inbox.append(inbound)
        return True

    def process(self, key: ConversationKey) -> None:
        if self.processing_gate is not None:
            self.processing_gate.wait(timeout=10)
        self.processed.append(key)


@asynccontextmanager
async def polling(channel: TelegramChannel, **options: float) -> AsyncIterator[asyncio.Task[None]]:
    """Long polling in the background for the duration of the block."""
    stop = asyncio.Event()
    options.setdefault("polling_timeout", 1)
    task = asyncio.create_task(run_polling(channel, stop, **options))  # type: ignore[arg-type]
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=10)


@asynccontextmanager
async def serving(channel: TelegramChannel, secret: str = WEBHOOK_SECRET) -> AsyncIterator[str]:
    """fmbot's web app with the Telegram routes, listening on 127.0.0.1; yields the webhook URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/telegram/webhook"
    app = web.Application()
    add_telegram_routes(app, channel, webhook_url=url, secret=secret)
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1)
    await runner.setup()
    await web.SockSite(runner, listener).start()
    try:
        yield url
    finally:
        await runner.cleanup()


class SimulatedTime:
    """A monotonic clock that ``sleep`` advances at once, recording each pause."""

    start = 1000.0

    def __init__(self) -> None:
        self.now = self.start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)
