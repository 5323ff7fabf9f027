"""What the WeCom channel keeps in the database, on SQLite and PostgreSQL: per-member send windows shared by
processes, and staged messages remembered once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from storage import Database

NOW = datetime(2026, 5, 28, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
LIMITS = ((MINUTE, 3), (HOUR, 5))


def reserve(database: Database, user: str, at: datetime, count: int = 1) -> timedelta | None:
    with database.unit_of_work() as uow:
        wait = uow.wecom.reserve_sends(user, count, at, LIMITS)
        uow.commit()
    return wait


def test_sends_within_the_minute_allowance_are_reserved_and_the_next_waits_for_the_oldest(
    database: Database,
) -> None:
    waits = [reserve(database, "u1", NOW + timedelta(seconds=s)) for s in (0, 10, 20)]

    assert waits == [None, None, None]
    assert reserve(database, "u1", NOW + timedelta(seconds=30)) == timedelta(seconds=30)
    assert reserve(database, "u1", NOW + timedelta(seconds=60)) is None


def test_the_hour_allowance_holds_even_when_every_minute_is_quiet(database: Database) -> None:
    for minute in range(5):
        assert reserve(database, "u1", NOW + minute * 2 * MINUTE) is None

    assert reserve(database, "u1", NOW + 20 * MINUTE) == 40 * MINUTE
    assert reserve(database, "u2", NOW + 20 * MINUTE) is None


def test_a_reply_of_several_messages_is_reserved_whole_or_not_at_all(database: Database) -> None:
    assert reserve(database, "u1", NOW, count=2) is None

    assert reserve(database, "u1", NOW, count=2) == MINUTE
    assert reserve(database, "u1", NOW, count=1) is None


def test_processes_reserving_together_never_exceed_the_allowance(
    database: Database, database_url: str
) -> None:
    processes = [Database(database_url) for _ in range(6)]
    results: list[timedelta | None] = []
    start = threading.Barrier(len(processes))

    def send(process: Database) -> None:
        start.wait()
        results.append(reserve(process, "u1", NOW))

    threads = [threading.Thread(target=send, args=(p,)) for p in processes]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for process in processes:
            process.dispose()

    assert results.count(None) == 3


@pytest.fixture
def staged(database: Database) -> Iterator[Database]:
    with database.unit_of_work() as uow:
        assert uow.wecom.stage(
            message_id="m1",
            external_user_id="u1",
            payload="{}",
            media_id="media",
            media_kind="file",
            file_name="a.docx",
            now=NOW,
        )
        uow.commit()
    yield database


def test_a_message_id_is_staged_once(staged: Database) -> None:
    with staged.unit_of_work() as uow:
        again = uow.wecom.stage(
            message_id="m1",
            external_user_id="u1",
            payload="{}",
            media_id="media",
            media_kind="file",
            file_name="a.docx",
            now=NOW,
        )
        uow.commit()

    assert again is False


def test_a_postponed_message_is_due_again_only_after_its_time(staged: Database) -> None:
    with staged.unit_of_work() as uow:
        [entry] = uow.wecom.staged_of("u1")
        uow.wecom.postpone_staged(entry.id, NOW + MINUTE, "HTTP 502")
        uow.commit()

    with staged.unit_of_work() as uow:
        assert uow.wecom.staged_users(NOW) == []
        assert uow.wecom.staged_users(NOW + MINUTE) == ["u1"]
        assert uow.wecom.staged_of("u1")[0].attempts == 1


def test_finished_messages_are_purged_after_a_while_but_still_block_a_repeat_until_then(
    staged: Database,
) -> None:
    with staged.unit_of_work() as uow:
        [entry] = uow.wecom.staged_of("u1")
        uow.wecom.finish_staged(entry.id, NOW)
        uow.commit()
    with staged.unit_of_work() as uow:
        assert not uow.wecom.has_staged("u1")
        assert uow.wecom.purge_staged(NOW) == 0
        assert uow.wecom.purge_staged(NOW + timedelta(seconds=1)) == 1
        uow.commit()


def test_part_records_are_kept_until_forgotten_and_a_claimed_part_cannot_be_claimed_again(
    database: Database,
) -> None:
    with database.unit_of_work() as uow:
        assert uow.outbox_parts.begin(7, 0, NOW)
        assert not uow.outbox_parts.begin(7, 0, NOW)
        uow.outbox_parts.finish(7, 0, "sent", NOW, "msgid-1")
        assert uow.outbox_parts.begin(7, 1, NOW)
        uow.outbox_parts.abandon(7, 1)  # WeCom refused it: free to claim again
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.outbox_parts.states(7) == {0: ("sent", "msgid-1")}
        assert uow.outbox_parts.forget_before(NOW + timedelta(seconds=1)) == 1
        assert uow.outbox_parts.states(7) == {}
        uow.commit()


def test_checking_an_allowance_counts_nothing_until_the_sends_are_counted(database: Database) -> None:
    counts = {"u1": 2, "u2": 1}
    with database.unit_of_work() as uow:
        assert uow.wecom.waits_for(counts, NOW, LIMITS) == {}
        assert uow.wecom.waits_for({"u1": 4}, NOW, LIMITS) == {"u1": MINUTE}  # over the minute's 3
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.wecom.waits_for({"u1": 3}, NOW, LIMITS) == {}  # the checks above counted nothing
        uow.wecom.count_sends(counts, NOW, kept=HOUR)
        uow.commit()

    with database.unit_of_work() as uow:
        assert uow.wecom.waits_for({"u1": 2, "u2": 2}, NOW + timedelta(seconds=5), LIMITS) == {
            "u1": timedelta(seconds=55)
        }


def test_counting_sends_forgets_the_members_sends_older_than_the_longest_window(database: Database) -> None:
    with database.unit_of_work() as uow:
        uow.wecom.count_sends({"u1": 5}, NOW, kept=HOUR)
        uow.commit()
    with database.unit_of_work() as uow:
        assert uow.wecom.waits_for({"u1": 1}, NOW + 2 * MINUTE, LIMITS) != {}  # the hour's 5 are used
        uow.wecom.count_sends({"u1": 1}, NOW + HOUR, kept=HOUR)
        uow.commit()

    with database.unit_of_work() as uow:
        assert uow.wecom.waits_for({"u1": 2}, NOW + HOUR + 2 * MINUTE, LIMITS) == {}
