"""A ``Reply`` as WeCom app messages.

Plain app messages carry no buttons, so choices become numbered lines ("回复 1 确认提交") under the text,
which the engine understands on every channel; with choices the message is markdown (the number in bold),
otherwise plain text. WeCom cuts text and markdown at 2,048 bytes, so a longer reply is split at line
ends into several messages, the choices always with the last one. A file is sent as its own message
after the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.channels.wecom import texts
from conversations import Attachment, Reply

MAX_CONTENT_BYTES = 2048
ChoiceStyle = Literal["markdown", "text"]


@dataclass(frozen=True)
class RenderedReply:
    messages: tuple[dict[str, Any], ...]  # message/send bodies without touser / agentid
    file: Attachment | None

    @property
    def count(self) -> int:
        """How many messages reach the member: what the per-member limits count."""
        return len(self.messages) + (1 if self.file is not None else 0)


def render(reply: Reply, choice_style: ChoiceStyle = "markdown") -> RenderedReply:
    markdown = bool(reply.choices) and choice_style == "markdown"
    footer = ""
    if reply.choices:
        lines = [texts.choice_line(i, c.label, markdown=markdown) for i, c in enumerate(reply.choices, 1)]
        footer = "\n".join(lines)
    parts = _split(reply.text.strip(), footer)
    messages = tuple(_message(part, markdown and i == len(parts) - 1) for i, part in enumerate(parts))
    if not messages and reply.file is None:
        raise ValueError("a reply with neither text, choices nor file cannot be sent")
    return RenderedReply(messages, reply.file)


def media_type(attachment: Attachment) -> str:
    """WeCom shows images inline only when uploaded as ``image`` (jpg/png, at most 2 MB)."""
    if attachment.mime_type in ("image/jpeg", "image/png") and len(attachment.content) <= 2 * 1024 * 1024:
        return "image"
    return "file"


def file_message(kind: str, media_id: str) -> dict[str, Any]:
    return {"msgtype": kind, kind: {"media_id": media_id}}


def _message(content: str, markdown: bool) -> dict[str, Any]:
    if markdown:
        return {"msgtype": "markdown", "markdown": {"content": content}}
    return {"msgtype": "text", "text": {"content": content}}


def _split(text: str, footer: str) -> list[str]:
    """Chunks of at most MAX_CONTENT_BYTES, cut at line ends where possible; the footer ends the last."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines():
        for piece in _cut(line):
            candidate = f"{current}\n{piece}" if current else piece
            if _size(candidate) > MAX_CONTENT_BYTES:
                chunks.append(current)
                candidate = piece
            current = candidate
    if footer:
        with_footer = f"{current}\n\n{footer}" if current else footer
        if _size(with_footer) <= MAX_CONTENT_BYTES:
            current = with_footer
        else:
            if current:
                chunks.append(current)
            current = footer
    if current:
        chunks.append(current)
    return chunks


def _cut(line: str) -> list[str]:
    """A single line longer than the limit, cut at character boundaries."""
    if _size(line) <= MAX_CONTENT_BYTES:
        return [line]
    pieces: list[str] = []
    piece, size = "", 0
    for char in line:
        width = _size(char)
        if size + width > MAX_CONTENT_BYTES:
            pieces.append(piece)
            piece, size = "", 0
        piece, size = piece + char, size + width
    return [*pieces, piece] if piece else pieces


def _size(text: str) -> int:
    return len(text.encode("utf-8"))
