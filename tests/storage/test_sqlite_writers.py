"""SQLite's one writer lock as the threads of one process share it: one transaction at a time, in turn,
the recording threads (``writes_first``) ahead of the rest, and every way a transaction ends gives the
turn back."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from storage import Database, writes_first
from storage.sqlite_writers import WriterQueue, writes_ahead

JOIN_S = 30.0  # only so that a test that would hang fails instead
NOW = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + JOIN_S
    while not condition():
        assert time.monotonic() < deadline, "condition never reached"
        time.sleep(0.001)


def _run(target: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_a_recording_thread_goes_before_a_thread_that_has_waited_longer() -> None:
    queue = WriterQueue(timeout=JOIN_S)
    order: list[str] = []

    def take(name: str, first: bool) -> Callable[[], None]:
        def run() -> None:
            if first:
                writes_first()
            assert queue.enter()
            order.append(name)
            queue.leave()

        return run

    assert queue.enter()  # a transaction in progress
    turn = _run(take("turn", first=False))
    _until(lambda: queue.waiting == 1)
    recording = _run(take("recording", first=True))
    _until(lambda: queue.waiting == 2)
    queue.leave()
    turn.join(JOIN_S)
    recording.join(JOIN_S)

    assert order == ["recording", "turn"]


def test_writes_ahead_go_before_a_thread_that_has_waited_longer() -> None:
    queue = WriterQueue(timeout=JOIN_S)
    order: list[str] = []

    def ahead() -> None:
        with writes_ahead():
            assert queue.enter()
            order.append("ahead")
            queue.leave()

    def plain(name: str) -> Callable[[], None]:
        def run() -> None:
            assert queue.enter()
            order.append(name)
            queue.leave()

        return run

    assert queue.enter()  # a transaction in progress
    waiting = _run(plain("waiting"))
    _until(lambda: queue.waiting == 1)
    marked = _run(ahead)
    _until(lambda: queue.waiting == 2)
    queue.leave()
    waiting.join(JOIN_S)
    marked.join(JOIN_S)
    assert order == ["ahead", "waiting"]


def test_a_thread_holding_the_turn_is_not_queued_behind_itself() -> None:
    queue = WriterQueue(timeout=JOIN_S)
    assert queue.enter()

    assert not queue.enter()  # a nested transaction meets SQLite's own lock instead of waiting forever


def test_a_thread_that_waited_past_the_timeout_goes_on_without_the_turn() -> None:
    queue = WriterQueue(timeout=0.01)
    assert queue.enter()
    taken: list[bool] = []

    _run(lambda: taken.append(queue.enter())).join(JOIN_S)

    assert taken == [False]


@pytest.fixture
def patient_database(sqlite_database_url: str) -> Iterator[Database]:
    """A database whose lock waits outlast the test: a turn not given back would hang the next writer."""
    database = Database(sqlite_database_url, busy_timeout_ms=600_000)
    yield database
    database.dispose()


def _write_in_another_thread(database: Database) -> None:
    done: list[bool] = []

    def write() -> None:
        with database.unit_of_work() as uow:
            uow.inbox.record("console", f"m{threading.get_ident()}", "u", "{}", NOW)
            uow.commit()
        done.append(True)

    _run(write).join(JOIN_S)
    assert done == [True], "the next writer did not get the turn"


def test_a_commit_gives_the_turn_back(patient_database: Database) -> None:
    with patient_database.unit_of_work() as uow:
        uow.inbox.record("console", "m1", "u", "{}", NOW)
        uow.commit()

    _write_in_another_thread(patient_database)


def test_a_transaction_left_by_an_exception_gives_the_turn_back(patient_database: Database) -> None:
    with pytest.raises(RuntimeError), patient_database.unit_of_work() as uow:
        uow.inbox.record("console", "m1", "u", "{}", NOW)
        raise RuntimeError("a flow failed")

    _write_in_another_thread(patient_database)


def test_a_connection_lost_in_a_transaction_gives_the_turn_back(patient_database: Database) -> None:
    with patient_database.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        connection.invalidate()

    _write_in_another_thread(patient_database)
