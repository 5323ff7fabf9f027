"""The aiogram Bot, pointed at the configured Bot API server."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

DEFAULT_API_BASE = "https://api.telegram.org"
# Per request; long polling adds its own polling timeout on top (see polling.py).
REQUEST_TIMEOUT_S = 30.0


def create_bot(token: str, api_base: str = DEFAULT_API_BASE, *, timeout: float = REQUEST_TIMEOUT_S) -> Bot:
    """A Bot for ``token`` talking to ``api_base`` (the official server, or a self-hosted Bot API server).

    No request is made here; aiogram validates the token's shape and raises TokenValidationError."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base), timeout=timeout)
    return Bot(token=token, session=session)
