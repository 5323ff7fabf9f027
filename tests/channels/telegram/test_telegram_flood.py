"""The flood limits fmbot keeps: about 30 messages a second overall, one a second per chat, in one process
(in memory) and across processes (in the database)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import pytest
from telegram_helpers import SimulatedTime

from bot.channels.telegram.flood import FloodLimiter, SharedFloodLimiter
from bot.channels.telegram.store import DatabaseTelegramStore
from storage import Database


async def send_times(limiter: FloodLimiter, time: SimulatedTime, chats: list[int]) -> list[float]:
    times = []
    for chat in chats:
        await limiter.acquire(chat)
        times.append(time.now)
    return times


async def test_messages_to_different_chats_go_at_most_thirty_a_second(simulated_time: SimulatedTime) -> None:
    limiter = FloodLimiter(clock=simulated_time.clock, sleep=simulated_time.sleep)

    times = await send_times(limiter, simulated_time, list(range(90)))

    assert all(later - earlier >= 1 / 30 - 1e-9 for earlier, later in itertools.pairwise(times))
    assert times[-1] - times[0] < 89 / 28  # and no slower than the allowance needs


async def test_messages_to_one_chat_go_at_most_one_a_second(simulated_time: SimulatedTime) -> None:
    limiter = FloodLimiter(clock=simulated_time.clock, sleep=simulated_time.sleep)

    times = await send_times(limiter, simulated_time, [7, 7, 7])

    assert [round(t - times[0], 6) for t in times] == [0.0, 1.05, 2.1]


async def test_a_busy_chat_does_not_hold_up_the_others(simulated_time: SimulatedTime) -> None:
    limiter = FloodLimiter(clock=simulated_time.clock, sleep=simulated_time.sleep)
    await limiter.acquire(7)

    times = await send_times(limiter, simulated_time, [8, 9])

    assert times[-1] - 1000.0 < 0.1


async def test_a_pause_for_one_chat_delays_only_that_chat(simulated_time: SimulatedTime) -> None:
    limiter = FloodLimiter(clock=simulated_time.clock, sleep=simulated_time.sleep)
    await limiter.pause(5, chat_id=7)

    [other] = await send_times(limiter, simulated_time, [8])
    [paused] = await send_times(limiter, simulated_time, [7])

    assert other - 1000.0 < 0.1
    assert paused >= 1005.0


async def test_a_pause_for_everyone_delays_every_chat(simulated_time: SimulatedTime) -> None:
    limiter = FloodLimiter(clock=simulated_time.clock, sleep=simulated_time.sleep)
    await limiter.pause(3)

    times = await send_times(limiter, simulated_time, [8, 9])

    assert min(times) >= 1003.0


# --- shared by processes: the schedule in the database ------------------------------------------------


@pytest.fixture
def two_processes(database: Database, database_url: str) -> Iterator[tuple[Database, Database]]:
    """The test's database, and another connection pool on it standing for a second fmbot process."""
    other = Database(database_url)
    yield database, other
    other.dispose()


def shared(database: Database, time: SimulatedTime) -> SharedFloodLimiter:
    return SharedFloodLimiter(
        DatabaseTelegramStore(database.unit_of_work), clock=time.clock, sleep=time.sleep
    )


async def test_two_processes_on_one_database_share_one_allowance_of_thirty_a_second(
    two_processes: tuple[Database, Database], simulated_time: SimulatedTime
) -> None:
    first, second = (shared(process, simulated_time) for process in two_processes)
    times = []

    for chat in range(60):
        await (first if chat % 2 else second).acquire(chat)
        times.append(simulated_time.now)

    assert all(later - earlier >= 1 / 30 for earlier, later in itertools.pairwise(times))
    assert times[-1] - times[0] < 59 / 28


async def test_one_chat_written_to_by_two_processes_gets_a_message_a_second_at_most(
    two_processes: tuple[Database, Database], simulated_time: SimulatedTime
) -> None:
    first, second = (shared(process, simulated_time) for process in two_processes)
    times = []

    for limiter in (first, second, first):
        await limiter.acquire(7)
        times.append(simulated_time.now)

    assert [round(t - times[0], 6) for t in times] == [0.0, 1.05, 2.1]


async def test_flood_control_met_by_one_process_holds_the_other_back(
    two_processes: tuple[Database, Database], simulated_time: SimulatedTime
) -> None:
    first, second = (shared(process, simulated_time) for process in two_processes)

    await first.pause(3)
    await second.acquire(8)

    assert simulated_time.now >= 1003.0


async def test_slots_taken_at_the_same_moment_by_concurrent_senders_are_all_different(
    database: Database,
) -> None:
    store = DatabaseTelegramStore(database.unit_of_work)

    slots = await asyncio.gather(
        *(asyncio.to_thread(store.take_send_slot, chat, 1000.0, 1 / 29, 1.05) for chat in range(20))
    )

    assert all(slot.taken for slot in slots)
    assert sorted(round((slot.at - 1000.0) * 29) for slot in slots) == list(range(20))
