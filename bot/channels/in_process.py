"""Delivery to a channel that lives in this process (the console, the tests' recording channel): the real
delivery loop drains the outbox, and the sender only hands each message to whoever reads it.

    outbox = InProcessOutbox(engine.unit_of_work, "console", clock)
    outgoing = outbox.drain()   # everything queued for the channel, claimed, "sent" and settled

There is no network to fail, so every message is sent; what is exercised is the same claim, order and
settlement every other channel goes through.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from bot.channels.delivery_result import DeliveryResult
from bot.delivery import DeliveryLoop, in_place
from conversations import Outgoing
from storage import UnitOfWork


class CollectingSender:
    """A sender that keeps what it is given, in the order given."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.collected: list[Outgoing] = []

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        self.collected.append(outgoing)
        return DeliveryResult.sent()


class InProcessOutbox:
    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], channel: str, clock: Callable[[], datetime]
    ) -> None:
        self._sender = CollectingSender(channel)
        # Nothing else runs on this event loop while it drains: the transactions run in place.
        self._loop = DeliveryLoop(uow_factory, self._sender, clock=clock, blocking=in_place)
        # One event loop for every drain, run directly rather than by asyncio.Runner: on the main thread a
        # Runner installs and removes a SIGINT handler around every run, which costs more than the rest of
        # the loop's work. Ctrl-C then interrupts a drain where it is; a message claimed and not settled is
        # delivered again once its lease runs out, as after any interrupted delivery.
        self._events = asyncio.new_event_loop()

    def drain(self) -> list[Outgoing]:
        """Deliver every message waiting for this channel; them, in delivery order."""
        return self._events.run_until_complete(self._drain())

    def close(self) -> None:
        try:
            self._events.run_until_complete(self._events.shutdown_asyncgens())
        finally:
            self._events.close()

    async def _drain(self) -> list[Outgoing]:
        # Round after round while one leaves messages behind (the next reply to someone it served): a
        # last claim that can only come back empty is not made.
        while (await self._loop.deliver_once()).more:
            pass
        delivered, self._sender.collected = self._sender.collected, []
        return delivered
