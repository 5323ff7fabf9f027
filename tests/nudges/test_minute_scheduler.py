"""The minute trigger: one APScheduler interval job, coalesced, one instance at a time, that only calls the
sweep; no state of its own."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduler import JOB_ID, MinuteScheduler, next_whole_minute

T0 = datetime(2026, 12, 3, 0, 59, 42, 123456, tzinfo=UTC)


async def tick() -> None:
    return None


def test_the_scheduler_has_one_coalesced_single_instance_job_every_minute_starting_on_the_minute() -> None:
    scheduler = MinuteScheduler(tick, clock=lambda: T0)

    [job] = scheduler.scheduler.get_jobs()

    assert job.id == JOB_ID
    assert isinstance(job.trigger, IntervalTrigger)
    assert job.trigger.interval == timedelta(minutes=1)
    assert job.trigger.start_date == datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    assert (job.coalesce, job.max_instances) == (True, 1)
    assert 0 < job.misfire_grace_time < 60


def test_the_scheduler_keeps_no_job_state_beyond_the_process() -> None:
    scheduler = MinuteScheduler(tick, clock=lambda: T0)

    assert isinstance(scheduler.jobstore, MemoryJobStore)
    assert [job.id for job in scheduler.jobstore.get_all_jobs()] == []  # jobs are added anew at start


async def test_each_run_calls_the_sweep_and_a_failing_sweep_does_not_stop_the_next() -> None:
    calls: list[str] = []

    async def flaky() -> None:
        calls.append("tick")
        if len(calls) == 1:
            raise RuntimeError("database unavailable")

    scheduler = MinuteScheduler(flaky, clock=lambda: T0)
    [job] = scheduler.scheduler.get_jobs()

    await job.func()
    await job.func()

    assert calls == ["tick", "tick"]


async def test_the_scheduler_starts_and_stops_on_the_running_event_loop() -> None:
    scheduler = MinuteScheduler(tick)

    scheduler.start()
    running = scheduler.running
    stored = [job.id for job in scheduler.jobstore.get_all_jobs()]
    scheduler.shutdown()
    await asyncio.sleep(0)  # shutdown runs on the loop's next turn

    assert running and not scheduler.running
    assert stored == [JOB_ID]


def test_the_next_whole_minute_is_the_start_of_the_following_minute() -> None:
    assert next_whole_minute(T0) == datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
