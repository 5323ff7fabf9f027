"""What a channel's sender reports for one outgoing message, so the outbox loop knows what to do next.

Every sender (WeCom, Telegram, console) answers each ``send`` with exactly one of three fates:

* ``sent`` — the platform accepted it; mark the outbox row sent.
* ``retry`` — not now (rate limit, network, a 5xx, the platform busy); try again no earlier than
  ``retry_after`` seconds from now. The loop combines it with its own attempt count through
  :func:`backoff_delay` so repeated failures back off further.
* ``undeliverable`` — retrying cannot help (unknown recipient, content the platform refuses); mark it
  failed and keep the reason.

``reason`` is a short text for the outbox record and the log: never a token, secret or message body.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from conversations import Outgoing


class DeliveryStatus(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    UNDELIVERABLE = "undeliverable"


@dataclass(frozen=True)
class DeliveryResult:
    status: DeliveryStatus
    reason: str = ""
    retry_after: float = 0.0
    platform_message_ids: tuple[str, ...] = ()

    @classmethod
    def sent(cls, *platform_message_ids: str) -> DeliveryResult:
        return cls(DeliveryStatus.SENT, platform_message_ids=tuple(platform_message_ids))

    @classmethod
    def retry(cls, reason: str, after: float) -> DeliveryResult:
        return cls(DeliveryStatus.RETRY, reason=reason, retry_after=max(0.0, after))

    @classmethod
    def undeliverable(cls, reason: str) -> DeliveryResult:
        return cls(DeliveryStatus.UNDELIVERABLE, reason=reason)

    @property
    def is_sent(self) -> bool:
        return self.status is DeliveryStatus.SENT

    @property
    def should_retry(self) -> bool:
        return self.status is DeliveryStatus.RETRY


def backoff_delay(
    attempt: int,
    *,
    at_least: float = 0.0,
    base: float = 5.0,
    cap: float = 1800.0,
    jitter: float = 0.2,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before attempt number ``attempt + 1`` (``attempt`` counts from 1).

    Exponential (``base``, 2×base, 4×base, … up to ``cap``) with ±``jitter`` spread so that many rows that
    failed together do not all come back in the same second, and never less than ``at_least`` (a
    sender's ``retry_after``, e.g. the end of a rate-limit window).
    """
    exponent = max(0, attempt - 1)
    delay = min(cap, base * (2 ** min(exponent, 30)))
    spread = (rng or random).uniform(1 - jitter, 1 + jitter)
    return max(at_least, min(cap, delay * spread))


class Sender(Protocol):
    """What the outbox delivery loop needs of a channel: one call per outbox message, one fate back."""

    channel: str  # the ConversationKey.channel this sender serves: "wecom", "telegram", "console"

    async def send(self, outgoing: Outgoing) -> DeliveryResult: ...
