"""The in-process drain (the console, the flow transcripts): the real delivery loop, round after round, until
nothing due is left behind; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.channels.in_process import InProcessOutbox
from storage import Database
from storage.repositories.outbox import SENT, OutboxRepository
from tests.delivery.kit import CHANNEL, Clock, queue


@pytest.fixture
def outbox(database: Database) -> Iterator[InProcessOutbox]:
    drain = InProcessOutbox(database.unit_of_work, CHANNEL, Clock())
    yield drain
    drain.close()


def test_a_drain_delivers_every_waiting_message_each_recipients_in_order(
    database: Database, outbox: InProcessOutbox
) -> None:
    ids = queue(database, [("u1", "一"), ("u2", "二"), ("u1", "三"), ("u1", "四")])

    delivered = outbox.drain()

    assert [(o.id, o.key.external_user_id, o.reply.text) for o in delivered] == [
        (ids[0], "u1", "一"),
        (ids[1], "u2", "二"),
        (ids[2], "u1", "三"),
        (ids[3], "u1", "四"),
    ]
    with database.unit_of_work() as uow:
        assert {fate.status for fate in uow.outbox.fates(CHANNEL)} == {SENT}
    assert outbox.drain() == []


def test_a_drain_makes_no_last_claim_that_could_only_come_back_empty(
    database: Database, outbox: InProcessOutbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims: list[int] = []
    real_claim = OutboxRepository.claim

    def counted(self: OutboxRepository, *args: object, **kwargs: object) -> object:
        claimed = real_claim(self, *args, **kwargs)  # type: ignore[arg-type]
        claims.append(len(claimed))
        return claimed

    monkeypatch.setattr(OutboxRepository, "claim", counted)
    queue(database, [("u1", "一"), ("u2", "二"), ("u1", "三")])

    assert len(outbox.drain()) == 3
    assert claims == [2, 1]  # u1's second message behind the first; nothing behind the last
