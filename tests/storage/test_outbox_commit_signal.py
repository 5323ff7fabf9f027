"""A commit that queued outbox messages is announced with their channels, so delivery can look at once;
nothing is announced for messages that were not committed."""

from __future__ import annotations

from datetime import datetime

import pytest

from fm_domain.messages import ConversationKey, Reply
from storage import Database, UnitOfWork


@pytest.fixture
def announced(database: Database) -> list[frozenset[str]]:
    heard: list[frozenset[str]] = []
    database.on_outbox_commit(heard.append)
    return heard


def add_reply(uow: UnitOfWork, channel: str, now: datetime) -> None:
    uow.outbox.queue(ConversationKey(channel, "u1"), Reply("回复"), at=now)


def test_a_commit_announces_the_channels_it_queued_messages_for(
    database: Database, announced: list[frozenset[str]], now: datetime
) -> None:
    with database.unit_of_work() as uow:
        add_reply(uow, "telegram", now)
        add_reply(uow, "telegram", now)
        uow.outbox.queue(ConversationKey("wecom", "u2"), Reply("催办"), at=now, kind="due")
        uow.commit()
    assert announced == [frozenset({"telegram", "wecom"})]


def test_a_commit_without_outbox_messages_announces_nothing(
    database: Database, announced: list[frozenset[str]], now: datetime
) -> None:
    with database.unit_of_work() as uow:
        uow.inbox.record("telegram", "m1", "u1", "{}", now)
        uow.commit()
    assert announced == []


def test_messages_left_uncommitted_or_rolled_back_are_not_announced(
    database: Database, announced: list[frozenset[str]], now: datetime
) -> None:
    with database.unit_of_work() as uow:
        add_reply(uow, "telegram", now)
    with database.unit_of_work() as uow:
        add_reply(uow, "telegram", now)
        uow.rollback()
        add_reply(uow, "wecom", now)
        uow.commit()
    assert announced == [frozenset({"wecom"})]


def test_each_commit_announces_only_what_it_queued(
    database: Database, announced: list[frozenset[str]], now: datetime
) -> None:
    with database.unit_of_work() as uow:
        add_reply(uow, "telegram", now)
        uow.commit()
        add_reply(uow, "wecom", now)
        uow.commit()
    assert announced == [frozenset({"telegram"}), frozenset({"wecom"})]


def test_a_nudge_already_queued_is_not_announced_again(
    database: Database, announced: list[frozenset[str]], now: datetime
) -> None:
    for _ in range(2):
        with database.unit_of_work() as uow:
            uow.outbox.queue(
                ConversationKey("wecom", "u1"), Reply("催办"), at=now, kind="due", unique_key="k1"
            )
            uow.commit()
    assert announced == [frozenset({"wecom"})]


def test_a_failing_listener_does_not_undo_or_fail_the_commit(
    database: Database, announced: list[frozenset[str]], now: datetime
) -> None:
    def broken(_channels: frozenset[str]) -> None:
        raise RuntimeError("listener broke")

    database.on_outbox_commit(broken)
    with database.unit_of_work() as uow:
        add_reply(uow, "telegram", now)
        uow.commit()
    with database.unit_of_work() as uow:
        assert [fate.status for fate in uow.outbox.fates("telegram")] == ["pending"]
    assert announced == [frozenset({"telegram"})]
