"""The send schedule processes share (``send_pace``): slots taken one after another, holds that only ever
push a key later, idle keys forgotten; on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

from storage import Database

INTERVAL = 0.25


def take(database: Database, key: str, now: float) -> float:
    with database.unit_of_work() as uow:
        slot = uow.pacing.take(key, INTERVAL, now)
        uow.commit()
    return slot


def test_slots_follow_one_another_and_a_free_key_gives_the_present(database: Database) -> None:
    assert [take(database, "k", 100.0) for _ in range(3)] == [100.0, 100.25, 100.5]
    assert take(database, "k", 200.0) == 200.0
    assert take(database, "other", 100.0) == 100.0


def test_a_hold_pushes_a_key_later_and_never_earlier(database: Database) -> None:
    with database.unit_of_work() as uow:
        uow.pacing.hold("k", 150.0)
        uow.pacing.hold("k", 120.0)
        assert uow.pacing.free_at("k") == 150.0
        uow.commit()

    assert take(database, "k", 100.0) == 150.0


def test_processes_taking_slots_at_once_never_get_the_same_one(database: Database, database_url: str) -> None:
    processes = [Database(database_url) for _ in range(4)]
    slots: list[float] = []
    start = threading.Barrier(len(processes))

    def take_five(process: Database) -> None:
        start.wait()
        for _ in range(5):
            slots.append(take(process, "k", 100.0))

    threads = [threading.Thread(target=take_five, args=(process,)) for process in processes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for process in processes:
        process.dispose()

    assert sorted(slots) == [100.0 + n * INTERVAL for n in range(20)]


def test_idle_keys_under_a_prefix_are_forgotten(database: Database) -> None:
    for key in ("telegram:1", "telegram:2", "telegram"):
        take(database, key, 100.0)
    take(database, "telegram:2", 500.0)

    with database.unit_of_work() as uow:
        assert uow.pacing.forget_idle("telegram:", 300.0) == 1
        uow.commit()
        assert uow.pacing.free_at("telegram") == 100.25  # not under the prefix: kept
        assert uow.pacing.free_at("telegram:2") == 500.25


def test_a_burst_lets_that_many_slots_fall_together_on_an_idle_key_and_paces_the_rest(
    database: Database,
) -> None:
    def take_burst(now: float) -> float:
        with database.unit_of_work() as uow:
            slot = uow.pacing.take("k", INTERVAL, now, burst=3)
            uow.commit()
        return slot

    assert [take_burst(100.0) for _ in range(5)] == [100.0, 100.0, 100.0, 100.25, 100.5]
    # Idle long enough, the whole burst is free again; the schedule then runs one interval a slot.
    assert [take_burst(200.0) for _ in range(4)] == [200.0, 200.0, 200.0, 200.25]


def test_slots_taken_together_are_the_slots_taken_one_by_one(database: Database) -> None:
    def one_by_one(key: str, now: float, count: int) -> list[float]:
        with database.unit_of_work() as uow:
            slots = [uow.pacing.take(key, INTERVAL, now, burst=3) for _ in range(count)]
            uow.commit()
        return slots

    def together(key: str, now: float, count: int) -> list[float]:
        with database.unit_of_work() as uow:
            slots = uow.pacing.take_many(key, INTERVAL, now, 3, count)
            uow.commit()
        return slots

    # An idle key (the burst falls together), then a busy one, then idle again.
    for now, count in ((100.0, 5), (100.5, 4), (300.0, 2), (300.0, 0)):
        assert together("many", now, count) == one_by_one("one", now, count)
