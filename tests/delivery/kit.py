"""What the delivery tests share: recording fake Senders (one at a time, several at once, identical messages
in groups), queuing helpers and a clock to move by hand."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.channels.delivery_result import ONE_AT_A_TIME, DeliveryResult, SendCapacity
from conversations.messages import ConversationKey, Outgoing, Reply
from fm_domain.models import Department
from fm_domain.users import Role
from storage import Database

CHANNEL = "fake"
T0 = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


class Clock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class FakeSender:
    """Answers each send with the next scripted result (``sent`` once the script runs out) and records
    every call. ``raise_on`` makes the sender raise instead, as a buggy channel would."""

    channel: str = CHANNEL
    script: dict[str, list[DeliveryResult]] = field(default_factory=dict)  # by external user id
    calls: list[Outgoing] = field(default_factory=list)
    raise_on: set[str] = field(default_factory=set)
    sent: asyncio.Event | None = None
    capacity: SendCapacity = ONE_AT_A_TIME
    # Each send lets the event loop run (as a network call would) while noting who is being sent to.
    in_flight: list[str] = field(default_factory=list)
    most_in_flight: int = 0
    same_recipient_at_once: bool = False

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        self.calls.append(outgoing)
        user = outgoing.key.external_user_id
        self.same_recipient_at_once |= user in self.in_flight
        self.in_flight.append(user)
        self.most_in_flight = max(self.most_in_flight, len(self.in_flight))
        try:
            for _ in range(3):
                await asyncio.sleep(0)
        finally:
            self.in_flight.remove(user)
        if user in self.raise_on:
            raise RuntimeError("https://api.example/secret-token broke")
        queue = self.script.get(user, [])
        return queue.pop(0) if queue else DeliveryResult.sent(f"m{outgoing.id}")

    def delivered_to(self, user: str) -> list[str]:
        return [call.reply.text for call in self.calls if call.key.external_user_id == user]


@dataclass
class FakeGroupSender(FakeSender):
    """A platform that takes identical messages to many recipients in one call, like WeCom's ``touser``:
    records each group; ``refuse`` names recipients it answers undeliverable within a group."""

    group_size: int = 1_000
    groups: list[list[Outgoing]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def send_identical(self, outgoings: Sequence[Outgoing]) -> list[DeliveryResult]:
        self.groups.append(list(outgoings))
        await asyncio.sleep(0)
        return [
            DeliveryResult.undeliverable("不在应用可见范围内")
            if outgoing.key.external_user_id in self.refuse
            else DeliveryResult.sent(f"group{len(self.groups)}")
            for outgoing in outgoings
        ]


def queue(
    database: Database, messages: Iterable[tuple[str, str]], at: datetime = T0, kind: str = "reply"
) -> list[int]:
    """Put (external user id, text) messages in the outbox of CHANNEL; their ids, in order."""
    ids: list[int] = []
    with database.unit_of_work() as uow:
        for user, text in messages:
            message_id = uow.outbox.queue(ConversationKey(CHANNEL, user), Reply(text), at=at, kind=kind)
            assert message_id is not None
            ids.append(message_id)
        uow.commit()
    return ids


def add_staff_and_liaison(database: Database) -> None:
    """周静 (staff, on CHANNEL as s1) and 李敏 (liaison of 教育局, on CHANNEL as a1)."""
    with database.unit_of_work() as uow:
        uow.catalog.save_revision(Department(code="jiaoyu", name="南通市教育局", short="教育局"), "test", T0)
        staff = uow.users.create("周静", Role.STAFF, None, T0)
        uow.users.bind_account(staff.id, CHANNEL, "s1", T0)
        liaison = uow.users.create("李敏", Role.LIAISON, "jiaoyu", T0)
        uow.users.bind_account(liaison.id, CHANNEL, "a1", T0)
        uow.commit()
