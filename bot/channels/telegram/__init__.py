"""The Telegram channel on aiogram 3: long polling or webhook in, the outbox out.

Public API: ``build_telegram`` / ``webhook_mount`` (assembly from settings), ``TelegramChannel``,
``run_polling``, ``add_telegram_routes``, ``TelegramSender``, ``create_bot``. See docs/TELEGRAM.md.
"""

from bot.channels.telegram.assembly import BUILDER, Telegram, build_telegram, webhook_mount
from bot.channels.telegram.client import create_bot
from bot.channels.telegram.polling import run_polling
from bot.channels.telegram.receiver import TelegramChannel
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.webhook import add_telegram_routes

__all__ = [
    "BUILDER",
    "Telegram",
    "TelegramChannel",
    "TelegramSender",
    "add_telegram_routes",
    "build_telegram",
    "create_bot",
    "run_polling",
    "webhook_mount",
]
