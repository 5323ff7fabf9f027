"""A Reply as Telegram messages: text within Telegram's length limits, buttons as an inline keyboard,
a file as a document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram import texts
from conversations import Attachment, Choice, Reply

# Telegram counts lengths in UTF-16 code units.
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


@dataclass(frozen=True)
class Part:
    """One Bot API call: a text message, or a document with an optional caption."""

    text: str
    file: Attachment | None = None
    with_keyboard: bool = False


class UnrenderableReply(ValueError):
    """A reply Telegram cannot show (an empty one)."""


def plan_parts(reply: Reply) -> list[Part]:
    """The messages a reply becomes, in order; the buttons go on the last one, where the user reads last."""
    text = reply.text.strip()
    if reply.file is not None and utf16_length(text) <= CAPTION_LIMIT:
        return [Part(text, reply.file, with_keyboard=True)]
    if not text and reply.choices:
        text = texts.CHOOSE
    parts = [Part(chunk) for chunk in split_text(text)]
    if reply.file is not None:
        parts.append(Part("", reply.file))
    if not parts:
        raise UnrenderableReply("an empty reply (no text, buttons or file)")
    parts[-1] = Part(parts[-1].text, parts[-1].file, with_keyboard=True)
    return parts


def keyboard(choices: tuple[Choice, ...], tokens: Mapping[str, str]) -> InlineKeyboardMarkup | None:
    """One button per row (labels are Chinese phrases; side by side they get cut on a phone)."""
    if not choices:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=c.label, callback_data=tokens[c.payload])] for c in choices
        ]
    )


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pieces of at most ``limit`` UTF-16 units, cut at a line break where one is in the second half."""
    pieces: list[str] = []
    rest = text
    while utf16_length(rest) > limit:
        cut = _longest_prefix(rest, limit)
        line_break = rest.rfind("\n", 0, cut)
        if line_break > cut // 2:
            cut = line_break + 1
        pieces.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:]
    if rest.strip():
        pieces.append(rest)
    return pieces


def _longest_prefix(text: str, limit: int) -> int:
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)
