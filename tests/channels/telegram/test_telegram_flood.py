"""The flood limits fmbot keeps: about 30 messages a second overall, one a second per chat."""

from __future__ import annotations

import itertools

from telegram_helpers import SimulatedTime

from bot.channels.telegram.flood import FloodLimiter


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
    assert times[-1] - times[0] < 3.0


async def test_messages_to_one_chat_go_at_most_one_a_second(simulated_time: SimulatedTime) -> None:
    limiter = FloodLimiter(clock=simulated_time.clock, sleep=simulated_time.sleep)

    times = await send_times(limiter, simulated_time, [7, 7, 7])

    assert [round(t - times[0], 6) for t in times] == [0.0, 1.0, 2.0]


async def test_a_busy_chat_does_not_hold_up_the_others(simulated_time: SimulatedTime) -> None:
    limiter = FloodLimiter(clock=simulated_time.clock, sleep=simulated_time.sleep)
    await limiter.acquire(7)

    times = await send_times(limiter, simulated_time, [8, 9])

    assert times[-1] - 1000.0 < 0.1


async def test_a_pause_for_one_chat_delays_only_that_chat(simulated_time: SimulatedTime) -> None:
    limiter = FloodLimiter(clock=simulated_time.clock, sleep=simulated_time.sleep)
    limiter.pause(5, chat_id=7)

    [other] = await send_times(limiter, simulated_time, [8])
    [paused] = await send_times(limiter, simulated_time, [7])

    assert other - 1000.0 < 0.1
    assert paused >= 1005.0


async def test_a_pause_for_everyone_delays_every_chat(simulated_time: SimulatedTime) -> None:
    limiter = FloodLimiter(clock=simulated_time.clock, sleep=simulated_time.sleep)
    limiter.pause(3)

    times = await send_times(limiter, simulated_time, [8, 9])

    assert min(times) >= 1003.0
