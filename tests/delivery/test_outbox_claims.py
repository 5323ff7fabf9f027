"""Claiming outbox messages for delivery, and recording their fates, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from fm_domain.messages import ConversationKey, Reply
from storage import Database
from storage.repositories.outbox import (
    _DUE,
    CLAIMED,
    PENDING,
    SENT,
    UNDELIVERABLE,
    ClaimedMessage,
    MessageFate,
)
from tests.delivery.kit import CHANNEL, T0, queue

TIMEOUT = timedelta(minutes=5)


def claim(database: Database, worker: str, *, at: datetime = T0, limit: int = 10) -> list[ClaimedMessage]:
    with database.unit_of_work() as uow:
        claimed = uow.outbox.claim(CHANNEL, worker=worker, now=at, stale_before=at - TIMEOUT, limit=limit)
        uow.commit()
    return claimed


def fate(database: Database, message_id: int) -> MessageFate:
    with database.unit_of_work() as uow:
        recorded = uow.outbox.fate(message_id)
    assert recorded is not None
    return recorded


def test_a_claim_takes_the_oldest_due_messages_up_to_the_limit(database: Database) -> None:
    ids = queue(database, [("u1", "一"), ("u2", "二"), ("u3", "三")])

    claimed = claim(database, "w1", limit=2)

    assert [m.id for m in claimed] == ids[:2]
    assert all(m.claimed_by == "w1" and m.attempts == 1 and m.claimed_at == T0 for m in claimed)
    assert fate(database, ids[0]).status == CLAIMED
    assert fate(database, ids[2]).status == PENDING


def test_a_claimed_message_is_not_claimed_again_before_the_timeout(database: Database) -> None:
    queue(database, [("u1", "一")])
    claim(database, "w1")

    assert claim(database, "w2", at=T0 + TIMEOUT - timedelta(seconds=1)) == []


def test_a_claim_older_than_the_timeout_is_taken_over_and_the_first_worker_can_no_longer_record_it(
    database: Database,
) -> None:
    [message_id] = queue(database, [("u1", "一")])
    [first] = claim(database, "w1")

    [second] = claim(database, "w2", at=T0 + TIMEOUT + timedelta(seconds=1))

    assert second.id == message_id and second.attempts == 2
    with database.unit_of_work() as uow:
        assert uow.outbox.mark_sent(first, T0 + TIMEOUT) is False
        assert uow.outbox.mark_sent(second, T0 + TIMEOUT + timedelta(seconds=2)) is True
        uow.commit()
    recorded = fate(database, message_id)
    assert (recorded.status, recorded.claimed_by, recorded.attempts) == (SENT, "w2", 2)


def test_a_message_waiting_for_its_retry_is_not_claimed_before_its_time(database: Database) -> None:
    [message_id] = queue(database, [("u1", "一")])
    [message] = claim(database, "w1")
    with database.unit_of_work() as uow:
        uow.outbox.retry_later(message, T0 + timedelta(seconds=30), "限流")
        uow.commit()

    assert claim(database, "w1", at=T0 + timedelta(seconds=29)) == []
    [again] = claim(database, "w1", at=T0 + timedelta(seconds=30))
    assert again.id == message_id and again.attempts == 2
    assert fate(database, message_id).last_error == "限流"


def test_a_recipients_later_message_waits_while_an_earlier_one_is_retried_and_others_go_ahead(
    database: Database,
) -> None:
    first, second, other = queue(database, [("u1", "第一条"), ("u1", "第二条"), ("u2", "别人的")])
    [message] = claim(database, "w1", limit=1)
    with database.unit_of_work() as uow:
        uow.outbox.retry_later(message, T0 + timedelta(minutes=1), "网络")
        uow.commit()

    assert [m.id for m in claim(database, "w1", at=T0 + timedelta(seconds=10))] == [other]
    assert [m.id for m in claim(database, "w1", at=T0 + timedelta(minutes=1))] == [first]
    assert fate(database, second).status == PENDING


def test_a_message_with_a_unique_key_can_be_queued_only_once(database: Database) -> None:
    with database.unit_of_work() as uow:
        first = uow.outbox.queue(
            ConversationKey(CHANNEL, "u1"), Reply("催办"), at=T0, kind="due", unique_key="k"
        )
        second = uow.outbox.queue(
            ConversationKey(CHANNEL, "u1"), Reply("催办"), at=T0, kind="due", unique_key="k"
        )
        uow.commit()
        assert uow.outbox.existing_keys(["k", "other"]) == {"k"}

    assert first is not None and second is None
    with database.unit_of_work() as uow:
        assert len(uow.outbox.fates(CHANNEL)) == 1


def test_every_fate_is_recorded_with_its_reason(database: Database) -> None:
    sent_id, refused_id = queue(database, [("u1", "一"), ("u2", "二")])
    sent, refused = claim(database, "w1")
    with database.unit_of_work() as uow:
        uow.outbox.mark_sent(sent, T0 + timedelta(seconds=1))
        uow.outbox.give_up(refused, UNDELIVERABLE, "用户不存在")
        uow.commit()

    assert (fate(database, sent_id).status, fate(database, sent_id).sent_at) == (
        SENT,
        T0 + timedelta(seconds=1),
    )
    assert (fate(database, refused_id).status, fate(database, refused_id).last_error) == (
        UNDELIVERABLE,
        "用户不存在",
    )


def test_postgresql_claims_in_concurrent_transactions_skip_each_others_rows_without_waiting(
    postgresql_database: Database,
) -> None:
    ids = queue(postgresql_database, [(f"u{n}", f"消息{n}") for n in range(6)])
    with postgresql_database.unit_of_work() as first, postgresql_database.unit_of_work() as second:
        held = first.outbox.claim(CHANNEL, worker="w1", now=T0, stale_before=T0 - TIMEOUT, limit=3)
        # w1 has not committed: its rows are locked, and w2 must take the others at once.
        taken = second.outbox.claim(CHANNEL, worker="w2", now=T0, stale_before=T0 - TIMEOUT, limit=6)
        first.commit()
        second.commit()

    assert [m.id for m in held] == ids[:3]
    assert [m.id for m in taken] == ids[3:]


def test_a_claim_takes_each_recipients_first_unsettled_message_only(database: Database) -> None:
    ids = queue(database, [(user, f"{user} 第{n}条") for n in range(3) for user in ("u1", "u2", "u3")])

    claimed = claim(database, "w1", limit=100)

    assert [m.id for m in claimed] == ids[:3]


def test_a_renewed_claim_is_held_for_another_lease_and_then_taken_over(database: Database) -> None:
    [message_id] = queue(database, [("u1", "一")])
    [held] = claim(database, "w1")
    renewed_at = T0 + TIMEOUT - timedelta(seconds=1)
    with database.unit_of_work() as uow:
        assert uow.outbox.renew([message_id], "w1", renewed_at) == {message_id}
        uow.commit()

    assert claim(database, "w2", at=T0 + TIMEOUT + timedelta(seconds=1)) == []
    [taken] = claim(database, "w2", at=renewed_at + TIMEOUT + timedelta(seconds=1))
    assert (taken.id, taken.attempts) == (message_id, 2)
    with database.unit_of_work() as uow:
        assert uow.outbox.renew([message_id], "w1", renewed_at + TIMEOUT) == set()
        assert uow.outbox.mark_sent(held, renewed_at + TIMEOUT) is False


def test_only_the_claims_a_worker_still_holds_are_renewed(database: Database) -> None:
    mine, settled = queue(database, [("u1", "一"), ("u2", "二")])
    first, second = claim(database, "w1")
    with database.unit_of_work() as uow:
        uow.outbox.mark_sent(second, T0)
        assert uow.outbox.renew([mine, settled], "w2", T0) == set()
        assert uow.outbox.renew([mine, settled], "w1", T0) == {first.id}
        uow.commit()


def test_many_messages_are_marked_sent_together_except_those_taken_over(database: Database) -> None:
    ids = queue(database, [(f"u{n}", "同一条提醒") for n in range(5)])
    claimed = claim(database, "w1")
    [lost] = claim(database, "w2", at=T0 + TIMEOUT + timedelta(seconds=1), limit=1)

    with database.unit_of_work() as uow:
        recorded = uow.outbox.mark_all_sent(claimed, T0 + timedelta(seconds=2))
        uow.commit()

    assert recorded == set(ids) - {lost.id}
    assert [fate(database, i).status for i in ids] == [CLAIMED] + [SENT] * 4


def test_a_claim_answers_each_message_as_the_outbox_now_holds_it(database: Database) -> None:
    ids = queue(database, [("u1", "一"), ("u2", "二"), ("u3", "三")])

    claimed = claim(database, "w1")

    for message in claimed:
        stored = fate(database, message.id)
        as_claimed = (message.channel, message.external_user_id, message.payload, message.kind)
        assert as_claimed == (stored.channel, stored.external_user_id, stored.payload, stored.kind)
        assert (message.created_at, message.attempts, message.last_error) == (
            stored.created_at,
            stored.attempts,
            stored.last_error,
        )
        assert (message.claimed_by, message.claimed_at) == (stored.claimed_by, stored.claimed_at)
    assert [m.id for m in claimed] == ids


def test_one_claim_takes_a_whole_fan_out_oldest_first(database: Database) -> None:
    ids = queue(database, [(f"member{n:04d}", "同一条提醒") for n in range(1_200)])

    claimed = claim(database, "w1", limit=1_100)

    assert [m.id for m in claimed] == ids[:1_100]
    assert [m.id for m in claim(database, "w2", limit=1_100)] == ids[1_100:]


def test_a_claimed_message_says_whether_another_to_its_recipient_waits_behind_it(database: Database) -> None:
    queue(database, [("u1", "一"), ("u2", "二"), ("u1", "三")])

    claimed = claim(database, "w1", limit=100)

    assert [(m.external_user_id, m.followed) for m in claimed] == [("u1", True), ("u2", False)]


def test_a_claim_reads_the_unsettled_messages_through_their_own_index_not_the_sent_history(
    database: Database,
) -> None:
    """However many messages were sent before, a claim's search for each recipient's first unsettled
    message reads only the unsettled ones (the partial index), so it does not slow down as history grows."""
    with database.engine.connect() as connection:
        statement = _DUE.compile(connection, compile_kwargs={"render_postcompile": True})
        values = statement.construct_params(
            {"on_channel": CHANNEL, "now": T0, "stale_before": T0, "limit": 10}
        )
        values = {name: str(value) for name, value in values.items()}  # a plan does not read the values
        if connection.dialect.name == "sqlite":
            positional = tuple(values[name] for name in statement.positiontup or ())
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", positional)
            used = " ".join(str(row[-1]) for row in plan)
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")  # a tiny table: ask which index serves
            plan = connection.exec_driver_sql(f"EXPLAIN {statement}", values)
            used = " ".join(str(row[0]) for row in plan)
    assert "ix_outbox_messages_unsettled" in used
