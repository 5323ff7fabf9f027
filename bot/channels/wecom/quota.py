"""WeCom's limits, kept in the database so that every sending process shares them.

* Per member: WeCom silently drops what goes beyond 30 messages a minute and 1,000 an hour; we stay
  clearly under (25 and 950), counted in ``wecom_sends``.
* Per corporation: 10,000 API calls a minute; paced evenly a little under, as a schedule in ``send_pace``,
  with a burst of 100 calls allowed at once when the schedule is idle.

One transaction reserves a whole group's members and its calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from bot.channels.wecom.store import UnitOfWorkFactory
from bot.clock import utc_from_seconds

PER_MINUTE = 25
PER_HOUR = 950
CORP_PACE_KEY = "wecom"
CORP_CALL_INTERVAL_S = 60 / 9_500
# Calls that may go together when the corporation's allowance is unused (a fan-out's ten groups); in any
# minute still at most 9,500 + 100, under WeCom's 10,000.
CORP_CALL_BURST = 100


@dataclass(frozen=True)
class Allowance:
    """What the quota granted: the members who must wait (and how many seconds), and when each API call
    for the others may go (seconds since the epoch)."""

    waits: dict[str, float] = field(default_factory=dict)
    call_times: list[float] = field(default_factory=list)


class RecipientQuota(Protocol):
    max_burst: int

    def reserve(self, counts: Mapping[str, int], calls: int) -> Allowance:
        """Reserve ``counts[member]`` messages to each member now and, if any member fits, ``calls`` API
        calls of the corporation's allowance."""
        ...


class DatabaseRecipientQuota:
    """WeCom's limits counted in the database, so several sending processes share them: one transaction
    for a group's members and its calls."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Callable[[], float],
        per_minute: int = PER_MINUTE,
        per_hour: int = PER_HOUR,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._limits = ((timedelta(minutes=1), per_minute), (timedelta(hours=1), per_hour))
        self.max_burst = min(per_minute, per_hour)

    def reserve(self, counts: Mapping[str, int], calls: int) -> Allowance:
        seconds = self._clock()
        with self._uow() as uow:
            waits = uow.wecom.reserve_sends_to(counts, utc_from_seconds(seconds), self._limits)
            fits = len(waits) < len(counts)
            times = [
                uow.pacing.take(CORP_PACE_KEY, CORP_CALL_INTERVAL_S, seconds, CORP_CALL_BURST)
                for _ in range(calls * fits)
            ]
            uow.commit()
        return Allowance({member: wait.total_seconds() for member, wait in waits.items()}, times)
