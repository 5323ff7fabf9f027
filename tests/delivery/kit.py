"""What the delivery tests share: a recording fake Sender, queuing helpers and a clock to move by hand."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.channels.delivery_result import DeliveryResult
from conversations.messages import Outgoing, Reply
from fm_domain.message_codec import encode_reply
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

    async def send(self, outgoing: Outgoing) -> DeliveryResult:
        self.calls.append(outgoing)
        user = outgoing.key.external_user_id
        if user in self.raise_on:
            raise RuntimeError("https://api.example/secret-token broke")
        queue = self.script.get(user, [])
        return queue.pop(0) if queue else DeliveryResult.sent(f"m{outgoing.id}")

    def delivered_to(self, user: str) -> list[str]:
        return [call.reply.text for call in self.calls if call.key.external_user_id == user]


def queue(database: Database, messages: Iterable[tuple[str, str]], at: datetime = T0) -> list[int]:
    """Put (external user id, text) messages in the outbox of CHANNEL; their ids, in order."""
    ids: list[int] = []
    with database.unit_of_work() as uow:
        for user, text in messages:
            message_id = uow.delivery.enqueue(
                channel=CHANNEL, external_user_id=user, payload=encode_reply(Reply(text)), created_at=at
            )
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
