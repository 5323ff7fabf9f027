"""The minute trigger: APScheduler 3 runs one job every minute, and that job only calls the sweep.

    scheduler = MinuteScheduler(sweeper.tick)   # or any ``async def tick()``
    scheduler.start()                           # inside the running event loop
    ...
    scheduler.shutdown()

The scheduler holds no job state (an in-memory job store, rebuilt at every start): what is due is decided by
the sweep from the database, so a restart loses nothing and several processes may each run a scheduler.
A minute missed while the loop was busy runs once late (coalesced) if within the grace time, else is
skipped; the next minute's sweep plans whatever the missed one would have, since a nudge stays due for
the rest of its day.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import utc_now

log = logging.getLogger("fmbot.scheduler")

JOB_ID = "minute-sweep"
INTERVAL = timedelta(minutes=1)
MISFIRE_GRACE_S = 50  # a run later than this is dropped: the next minute's run is close


def next_whole_minute(now: datetime) -> datetime:
    """Run on the minute, so "09:00" is swept at 09:00:00 and not at 09:00:59."""
    return now.replace(second=0, microsecond=0) + INTERVAL


class MinuteScheduler:
    def __init__(
        self,
        tick: Callable[[], Awaitable[object]],
        *,
        misfire_grace_s: int = MISFIRE_GRACE_S,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._tick = tick
        # In memory on purpose: a persistent job store would be state to lose or to share between processes.
        self.jobstore = MemoryJobStore()
        self.scheduler = AsyncIOScheduler(jobstores={"default": self.jobstore}, timezone=UTC)
        self.scheduler.add_job(
            self._run,
            IntervalTrigger(minutes=1, start_date=next_whole_minute(clock()), timezone=UTC),
            id=JOB_ID,
            name="nudge sweep",
            coalesce=True,
            misfire_grace_time=misfire_grace_s,
            max_instances=1,
            replace_existing=True,
        )

    async def _run(self) -> None:
        try:
            await self._tick()
        except Exception:
            # Logged here with a clear name; the next minute tries again from the database.
            log.exception("minute sweep failed")

    def start(self) -> None:
        """Start on the running event loop (call from inside a coroutine)."""
        self.scheduler.start()

    def shutdown(self) -> None:
        """Stop triggering (takes effect on the event loop's next turn); a sweep under way finishes."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    @property
    def running(self) -> bool:
        return bool(self.scheduler.running)
