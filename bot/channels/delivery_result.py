"""What a channel's sender reports for one outgoing message, so the outbox loop knows what to do next.

Every sender (WeCom, Telegram, console) answers each ``send`` with exactly one of three fates:

* ``sent`` — the platform accepted it; mark the outbox row sent.
* ``retry`` — not now (rate limit, network, a 5xx, the platform busy); try again no earlier than
  ``retry_after`` seconds from now. The loop combines it with its own attempt count through
  :func:`backoff_delay` so repeated failures back off further.
* ``undeliverable`` — retrying cannot help (unknown recipient, content the platform refuses); mark it
  failed and keep the reason.

``reason`` is a short text for the outbox record and the log: never a token, secret or message body.

A sender may say how much it can take at once (``capacity``: sends in flight, messages per claim) and, if
its platform can address many recipients in one call, take identical messages together
(:class:`GroupSender`: ``send_identical``, one fate per message). The delivery loop reads both through
:func:`capacity_of` and ``isinstance(sender, GroupSender)``; a sender without them is sent one message at a
time, as before. A sender may also have ``async prepare()``: what its every send needs first (WeCom's
access_token), which the loop awaits before each claim; it returns once its own transactions are done,
leaving any round trip to the platform going on beside the claim.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from conversations import Outgoing, Reply
from storage.repositories.outbox_broadcasts import ClaimedBroadcast


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


@dataclass(frozen=True)
class SendCapacity:
    """How much a sender can usefully take at once; the delivery loop sizes its work by it.

    ``in_flight``: sends (or groups) under way at the same time: enough to keep the platform's allowance
    busy while each call waits for its answer. ``claim``: messages per claim: enough for ``in_flight``
    sends, or for whole groups where the platform addresses many recipients in one call.
    """

    in_flight: int = 1
    claim: int = 20


ONE_AT_A_TIME = SendCapacity()


class Sender(Protocol):
    """What the outbox delivery loop needs of a channel: one call per outbox message, one fate back."""

    channel: str  # the ConversationKey.channel this sender serves: "wecom", "telegram", "console"

    async def send(self, outgoing: Outgoing) -> DeliveryResult: ...


@runtime_checkable
class GroupSender(Sender, Protocol):
    """A sender whose platform takes one message to many recipients in a call (WeCom's ``touser``)."""

    channel: str
    group_size: int  # the most recipients one group may have

    async def send_identical(self, outgoings: Sequence[Outgoing]) -> list[DeliveryResult]:
        """Deliver messages of identical content to their recipients (at most ``group_size``, one message
        each); one fate per message, in the same order. Each message keeps its own fate: a recipient the
        platform refuses is undeliverable while the others are sent."""
        ...


@runtime_checkable
class BroadcastSender(GroupSender, Protocol):
    """A group sender that also sends a broadcast (``storage.repositories.outbox_broadcasts``): the
    members of one claim at once, with one ledger row per call before it and each member's records after
    it, so that nothing per member is written before the calls go."""

    async def send_broadcast(self, claim: ClaimedBroadcast, reply: Reply) -> list[DeliveryResult]:
        """Deliver ``reply`` to the claim's members (``claim.members``, by outbox id); one fate each, in
        the same order. The calls are recorded under ``claim``, so a claim taken over sends nothing."""
        ...


def capacity_of(sender: Sender) -> SendCapacity:
    """The sender's ``capacity``, or one send at a time for a sender that does not say."""
    capacity = getattr(sender, "capacity", None)
    return capacity if isinstance(capacity, SendCapacity) else ONE_AT_A_TIME
