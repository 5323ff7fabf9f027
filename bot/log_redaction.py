"""A logging filter that masks secrets wherever a log line carries them.

Library errors quote request URLs: aiogram's network errors contain ``…/bot<TOKEN>/method``, and WeCom's API
puts ``corpsecret`` and ``access_token`` in the query string. Masking at the handler catches them all,
whichever module logged the exception.
"""

from __future__ import annotations

import logging
import re

_PATTERNS = (
    # A Telegram bot token, alone or inside a Bot API URL (…/bot<TOKEN>/method).
    (re.compile(r"(bot)?\d{5,}:[A-Za-z0-9_-]{30,}"), r"\1***"),
    (re.compile(r"(corpsecret|access_token|secret)=[^&\s\"']+"), r"\1=***"),
    # A web console sign-in link's token (…/signin/<token>), in a request line or an error.
    (re.compile(r"(/signin/)[\w.-]+"), r"\1***"),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Renders each record once, masks it, and hands the handler the masked text."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
