"""Webhook mode: ``POST /telegram/webhook`` on fmbot's one aiohttp server.

Telegram calls the webhook with one update per request and the secret given to setWebhook in the
``X-Telegram-Bot-Api-Secret-Token`` header. The handler checks the secret, takes the update in (records
its message), and only then answers 200; handling continues in the background. An update that could not
be recorded gets a 500, and Telegram sends it again.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re

from aiogram.exceptions import TelegramAPIError
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.channels.telegram.receiver import TelegramChannel
from bot.config import ConfigError

log = logging.getLogger("fmbot.telegram")

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
REGISTER_RETRY_S = (5.0, 15.0, 60.0, 300.0)
_SECRET_FORM = re.compile(r"[A-Za-z0-9_-]{1,256}")

_CHANNEL_KEY = web.AppKey("telegram_channel", TelegramChannel)
_REGISTRATION_KEY = web.AppKey("telegram_webhook_registration", asyncio.Task)


def add_telegram_routes(
    app: web.Application,
    channel: TelegramChannel,
    *,
    webhook_url: str,
    secret: str,
    path: str = WEBHOOK_PATH,
    register_retry: tuple[float, ...] = REGISTER_RETRY_S,
) -> None:
    """Mount the webhook on ``app`` and register it with Telegram when the app starts.

    ``webhook_url`` is the public HTTPS address Telegram calls (``FM_TELEGRAM_WEBHOOK_URL``), which a
    reverse proxy forwards to ``path`` here; ``secret`` is ``FM_TELEGRAM_WEBHOOK_SECRET``. On shutdown the
    work already acknowledged is finished; the webhook stays registered, so Telegram keeps updates for
    the next start. The channel stays open: whoever built it closes it (``Telegram.close``), after the
    delivery loop that shares its HTTP session has stopped, as in polling mode.
    """
    if not _SECRET_FORM.fullmatch(secret):
        # Telegram would refuse it in setWebhook; say so at start-up, naming the setting.
        raise ConfigError("FM_TELEGRAM_WEBHOOK_SECRET 应为 1–256 个字符，只能包含 A-Z、a-z、0-9、_ 和 -")
    app[_CHANNEL_KEY] = channel
    app.router.add_post(path, _handler(channel, secret))

    async def on_startup(app: web.Application) -> None:
        await channel.start()
        if not await _register(channel, webhook_url, secret):
            app[_REGISTRATION_KEY] = asyncio.get_running_loop().create_task(
                _keep_registering(channel, webhook_url, secret, register_retry)
            )

    async def on_cleanup(app: web.Application) -> None:
        if _REGISTRATION_KEY in app:
            app[_REGISTRATION_KEY].cancel()
        await channel.background.drain()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)


def _handler(channel: TelegramChannel, secret: str) -> web.Handler:
    expected = secret.encode()

    async def telegram_webhook(request: web.Request) -> web.StreamResponse:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning(
                "Telegram webhook call from %s with a wrong or missing secret refused", request.remote
            )
            return web.Response(status=403, text="forbidden")
        try:
            update = Update.model_validate(await request.json(), context={"bot": channel.bot})
        except (json.JSONDecodeError, UnicodeDecodeError, ValidationError, TypeError) as error:
            log.warning("malformed Telegram webhook body refused: %s", type(error).__name__)
            return web.Response(status=400, text="malformed update")
        try:
            await channel.accept(update)
        except Exception:
            log.exception("Telegram update %s not taken in; Telegram will send it again", update.update_id)
            return web.Response(status=500, text="not recorded")
        return web.Response(status=200)

    return telegram_webhook


async def _register(channel: TelegramChannel, url: str, secret: str) -> bool:
    try:
        await channel.bot.set_webhook(
            url=url, secret_token=secret, allowed_updates=channel.update_types, drop_pending_updates=False
        )
    except TelegramAPIError as error:
        log.error("setWebhook failed: %s", error)
        return False
    log.info("Telegram webhook registered")
    return True


async def _keep_registering(
    channel: TelegramChannel, url: str, secret: str, delays: tuple[float, ...]
) -> None:
    attempt = 0
    while True:
        await asyncio.sleep(delays[min(attempt, len(delays) - 1)])
        if await _register(channel, url, secret):
            return
        attempt += 1
