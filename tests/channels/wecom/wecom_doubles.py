"""Test doubles for the WeCom channel tests: a settable clock and the engine's record / process pair."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from conversations.messages import ConversationKey, Inbound

START = 1_780_000_000.0  # 2026-05-28 20:26:40 UTC


class Clock:
    """The channel's clock, moved by the test (callback timestamps, token expiry, send windows)."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class MemoryInbox:
    """The engine's ``record_into`` / ``process`` pair for tests that look at the channel alone: it keeps each
    message id once, as the inbox does."""

    recorded: list[Inbound] = field(default_factory=list)
    processed: list[ConversationKey] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)

    broken: Exception | None = None  # raised by every record_into while set (a database that fails)

    def record_into(self, inbox: object, inbounds: Sequence[Inbound]) -> list[bool]:
        if self.broken is not None:
            raise self.broken
        return [self._record(inbound) for inbound in inbounds]

    def _record(self, inbound: Inbound) -> bool:
        if any(seen.message_id == inbound.message_id for seen in self.recorded):
            return False
        self.recorded.append(inbound)
        return True

    async def process(self, key: ConversationKey) -> None:
        self.processed.append(key)

    def notify(self, key: ConversationKey, text: str) -> None:
        self.notices.append((key.external_user_id, text))
