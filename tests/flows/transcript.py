"""A recording channel for flow tests: users send messages through the real engine and read what the
real delivery loop delivers to them from the outbox, and ``dialog`` checks a whole exchange written as
a transcript.

    chat.dialog("li", [
        ("/月度安排", "请发送事项"),
        ("1. 推进义务教育优质均衡发展", "预览"),
        (press("confirm"), "回执编号"),
    ])

Each step sends one message and asserts that the replies to that user contain the expected text.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.channels.in_process import InProcessOutbox
from conversations import Attachment, ConversationKey, Engine, Inbound, Reply, render_numbered

CHANNEL = "console"


@dataclass(frozen=True)
class Press:
    """A button press: the channel sends its payload."""

    payload: str


@dataclass(frozen=True)
class Upload:
    """A file, with optional caption text."""

    name: str
    content: bytes
    text: str = ""
    mime_type: str = "application/octet-stream"


def press(payload: str) -> Press:
    return Press(payload)


Said = str | Press | Upload


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Chat:
    """Users talking to one engine over one recording channel."""

    engine: Engine
    clock: FakeClock
    channel: str = CHANNEL
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    received: dict[str, list[Reply]] = field(default_factory=dict)
    # What production runs: the delivery loop claims, sends (here: records) and settles each reply; one
    # per channel, as a test may move a user to another channel half-way.
    outboxes: dict[str, InProcessOutbox] = field(default_factory=dict)

    def inbound(self, user: str, said: Said, message_id: str | None = None) -> Inbound:
        key = ConversationKey(self.channel, user)
        message_id = message_id or f"m{next(self._ids)}"
        now = self.clock()
        if isinstance(said, Press):
            return Inbound(key, message_id, now, choice=said.payload)
        if isinstance(said, Upload):
            return Inbound(
                key,
                message_id,
                now,
                text=said.text,
                attachment=Attachment(said.name, said.content, said.mime_type),
            )
        return Inbound(key, message_id, now, text=said)

    def send(self, user: str, said: Said, message_id: str | None = None) -> list[Reply]:
        """Send one message and return what the outbox now holds for this user (marking it sent)."""
        self.engine.handle_sync(self.inbound(user, said, message_id))
        return self.replies(user)

    def say(self, user: str, said: Said, message_id: str | None = None) -> str:
        """The replies as a channel without buttons shows them ("回复 1 确认提交")."""
        return "\n".join(render_numbered(reply) for reply in self.send(user, said, message_id))

    def replies(self, user: str) -> list[Reply]:
        """Everything delivered to ``user`` since last asked (also messages other users caused)."""
        self._deliver()
        return self.received.pop(user, [])

    def text_for(self, user: str) -> str:
        return "\n".join(render_numbered(reply) for reply in self.replies(user))

    def _deliver(self) -> None:
        if self.channel not in self.outboxes:
            self.outboxes[self.channel] = InProcessOutbox(self.engine.unit_of_work, self.channel, self.clock)
        for outgoing in self.outboxes[self.channel].drain():
            self.received.setdefault(outgoing.key.external_user_id, []).append(outgoing.reply)

    def dialog(
        self, user: str, steps: Sequence[tuple[Said, str | Sequence[str] | Callable[[str], bool]]]
    ) -> str:
        """Run a transcript; each expected text must appear in the replies to that step. Returns the last."""
        text = ""
        for number, (said, expected) in enumerate(steps, start=1):
            text = self.say(user, said)
            wanted = [expected] if isinstance(expected, str) else expected
            if callable(wanted):
                assert wanted(text), f"step {number} {said!r}: unexpected reply\n{text}"
                continue
            for part in wanted:
                assert part in text, f"step {number} {said!r}: expected {part!r} in reply\n{text}"
        return text
