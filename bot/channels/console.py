"""The console channel: a real channel over stdin/stdout, for local use, demos and automation.

Interactive mode is a chat in the terminal; ``--jsonl`` mode reads one JSON object per line and writes each
reply as one JSON line, flushing after each. Both hand messages to the same engine as every other channel
and deliver replies from the same outbox, so a conversation begun here continues on any channel.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from bot.channels.in_process import InProcessOutbox
from conversations import Attachment, ConversationKey, Engine, Inbound, Outgoing, Reply

CHANNEL = "console"
# The same cap a chat platform would put on an upload; larger files are refused before they are read.
MAX_FILE_BYTES = 20 * 1024 * 1024

log = logging.getLogger("fmbot.console")


class ConsoleInputError(ValueError):
    """A line of input the console cannot turn into a message; the text is Chinese, for the user."""


@dataclass
class ConsoleChannel:
    engine: Engine
    clock: Callable[[], datetime]
    name: str = CHANNEL
    outbox: InProcessOutbox = field(init=False)

    def __post_init__(self) -> None:
        self.outbox = InProcessOutbox(self.engine.unit_of_work, self.name, self.clock)

    def say(
        self,
        user: str,
        text: str = "",
        *,
        choice: str | None = None,
        attachment: Attachment | None = None,
        message_id: str | None = None,
    ) -> list[Outgoing]:
        """Hand one message to the engine and return every console reply it produced, to anyone."""
        inbound = Inbound(
            key=ConversationKey(CHANNEL, user),
            message_id=message_id or uuid.uuid4().hex,
            received_at=self.clock(),
            text=text,
            choice=choice,
            attachment=attachment,
        )
        self.engine.handle_sync(inbound)
        return self.drain()

    def drain(self) -> list[Outgoing]:
        """Deliver what waits in the outbox for console users, through the delivery loop."""
        return self.outbox.drain()


def read_attachment(path: str) -> Attachment:
    file = Path(path).expanduser()
    if not file.is_file():
        raise ConsoleInputError(f"找不到文件：{path}")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise ConsoleInputError(f"文件过大（上限 {MAX_FILE_BYTES // (1024 * 1024)} MB）：{path}")
    mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return Attachment(file.name, file.read_bytes(), mime)


def reply_as_json(outgoing: Outgoing) -> dict[str, Any]:
    reply = outgoing.reply
    line: dict[str, Any] = {
        "to": outgoing.key.external_user_id,
        "text": reply.text,
        "buttons": [{"label": c.label, "payload": c.payload} for c in reply.choices],
    }
    if reply.file is not None:
        file = reply.file
        line["file"] = {"name": file.name, "mime_type": file.mime_type, "size": len(file.content)}
    return line


def run_jsonl(channel: ConsoleChannel, lines: Iterable[str], out: TextIO) -> int:
    """The automation interface: one JSON object a line in; out, each reply as one JSON line, then
    ``{"done": true, "replies": N}`` once every reply to that input is out, so a script knows when to
    send the next. An ``id`` given on input is echoed on each of those lines (and is the message's id:
    the same id twice is handled once). Returns the number of input lines that were refused (each gets an
    ``{"error": ...}`` line before its ``done``)."""
    refused = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        echo = _echoed_id(line)
        try:
            user, kwargs = _parse_jsonl(line)
        except ConsoleInputError as error:
            refused += 1
            log.warning("jsonl line %d refused: %s", number, error)
            _write(out, {**echo, "error": f"第 {number} 行：{error}"})
            _write(out, {**echo, "done": True, "replies": 0})
            continue
        replies = channel.say(user, **kwargs)
        for outgoing in replies:
            _write(out, {**echo, **reply_as_json(outgoing)})
        _write(out, {**echo, "done": True, "replies": len(replies)})
    return refused


def _echoed_id(line: str) -> dict[str, str]:
    """``{"id": …}`` when the line is an object with a string id (even one refused for another reason)."""
    try:
        message = json.loads(line)
    except json.JSONDecodeError:
        return {}
    if isinstance(message, dict) and isinstance(message.get("id"), str) and message["id"]:
        return {"id": message["id"]}
    return {}


def _parse_jsonl(line: str) -> tuple[str, dict[str, Any]]:
    try:
        message = json.loads(line)
    except json.JSONDecodeError:
        raise ConsoleInputError("不是合法的 JSON") from None
    if not isinstance(message, dict):
        raise ConsoleInputError('每行应为一个 JSON 对象，如 {"user": "u1", "text": "/帮助"}')
    unknown = set(message) - {"user", "text", "button", "file", "id"}
    if unknown:
        raise ConsoleInputError(f"未知字段：{'、'.join(sorted(unknown))}")
    user = message.get("user")
    if not isinstance(user, str) or not user.strip():
        raise ConsoleInputError("缺少 user（发送人的账号）")
    for key in ("text", "button", "file", "id"):
        if key in message and not isinstance(message[key], str):
            raise ConsoleInputError(f"{key} 应为字符串")
    if not any(message.get(key) for key in ("text", "button", "file")):
        raise ConsoleInputError("text、button、file 至少要有一项")
    kwargs: dict[str, Any] = {"text": message.get("text", ""), "choice": message.get("button") or None}
    if message.get("file"):
        kwargs["attachment"] = read_attachment(message["file"])
    if message.get("id"):
        kwargs["message_id"] = message["id"]
    return user.strip(), kwargs


def _write(out: TextIO, obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()


def render_for_terminal(outgoing: Outgoing, current_user: str, files_dir: Path) -> str:
    """A reply as the terminal shows it: numbered choices, and a file saved where the user can open it."""
    reply: Reply = outgoing.reply
    lines = []
    if outgoing.key.external_user_id != current_user:
        lines.append(f"（发给 {outgoing.key.external_user_id} 的消息）")
    lines.append(reply.text)
    lines.extend(f"  [{number}] {choice.label}" for number, choice in enumerate(reply.choices, start=1))
    if reply.file is not None:
        files_dir.mkdir(parents=True, exist_ok=True)
        saved = files_dir / reply.file.name
        saved.write_bytes(reply.file.content)
        lines.append(f"  📎 {reply.file.name} 已保存到 {saved}")
    return "\n".join(lines)
