"""WeCom's limits, kept in the database so that every sending process shares them.

* Per member: WeCom silently drops what goes beyond 30 messages a minute and 1,000 an hour; we stay
  clearly under (25 and 950), counted in ``wecom_sends``.
* Per corporation: 10,000 API calls a minute; paced evenly a little under, as a schedule in ``send_pace``,
  with a burst of 100 calls allowed at once when the schedule is idle.

An outbox message's sends are counted once they are made (``allow`` before the call, ``count`` with the
part ledger's record after it), so that nothing per member is written before a fan-out's calls go: the
claim hands out one unsettled message per member at a time, across processes (see ``allow``). A reply
outside the outbox has no claim and reserves before its call (``reserve``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from bot.channels.wecom.store import UnitOfWorkFactory
from bot.clock import utc_from_seconds

PER_MINUTE = 25
PER_HOUR = 950
CORP_PACE_KEY = "wecom"
CORP_CALL_INTERVAL_S = 60 / 9_500
# Calls that may go together when the corporation's allowance is unused (a fan-out's ten groups); in any
# minute still at most 9,500 + 100, under WeCom's 10,000.
CORP_CALL_BURST = 100
SENDS_KEPT = timedelta(hours=1)  # the longest window: older sends are forgotten as new ones are counted


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

    def allow(self, counts: Mapping[str, int], calls: int) -> Allowance:
        """Like ``reserve``, but the members' sends are counted only once made (``count``, with the part
        ledger's record). Only for outbox messages: see ``DatabaseRecipientQuota.allow``."""
        ...

    def broadcast_waits(self, uow: Any, broadcast_id: int, seconds: float) -> dict[str, float]:
        """Inside ``uow``'s transaction: the members of the broadcast over their allowance for one more
        message, with how many seconds they wait. Counted after the call, as ``allow``'s."""
        ...

    def call_slots(self, uow: Any, calls: int, seconds: float) -> list[float]:
        """Inside ``uow``'s transaction: when each of ``calls`` API calls may go (the corporation's pace)."""
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
        return self._grant(counts, calls, counted_now=True)

    def allow(self, counts: Mapping[str, int], calls: int) -> Allowance:
        # Why checking now and counting after the call is enough for outbox messages: a claim
        # (storage.repositories.outbox) takes only each member's first unsettled message, and only while no
        # live claim holds it, in every process sharing the database. So while this group's message to a
        # member is in flight, no other outbox message to that member can be claimed, checked or sent; the
        # sends this check does not see are that one message's, and it counts them. A claim taken over
        # from a stalled process cannot send the same part again (the part ledger), and the stalled
        # process still counts what it sent (the count goes with the ledger's record, not with the
        # settle, which its lost claim could no longer write). A process killed between its call and that
        # record leaves at most that one message uncounted; the limits (25 and 950) stay clearly under
        # WeCom's (30 and 1,000). A reply outside the outbox (``reserve``) is counted before its call,
        # so with one in flight a member can be one over our limit, still under WeCom's.
        return self._grant(counts, calls, counted_now=False)

    def broadcast_waits(self, uow: Any, broadcast_id: int, seconds: float) -> dict[str, float]:
        # Checked now, counted after the call, for the reason ``allow`` gives: the broadcast holds each
        # member's first unsettled message, so no other outbox send to them can happen meanwhile.
        waits = uow.wecom.broadcast_waits(broadcast_id, utc_from_seconds(seconds), self._limits)
        return {member: wait.total_seconds() for member, wait in waits.items()}

    def call_slots(self, uow: Any, calls: int, seconds: float) -> list[float]:
        return uow.pacing.take_many(CORP_PACE_KEY, CORP_CALL_INTERVAL_S, seconds, CORP_CALL_BURST, calls)

    def _grant(self, counts: Mapping[str, int], calls: int, *, counted_now: bool) -> Allowance:
        seconds = self._clock()
        now = utc_from_seconds(seconds)
        with self._uow() as uow:
            if counted_now:
                waits = uow.wecom.reserve_sends_to(counts, now, self._limits)
            else:
                waits = uow.wecom.waits_for(counts, now, self._limits)
            fits = len(waits) < len(counts) if counts else True  # no member: calls only (a remade call)
            times = self.call_slots(uow, calls * fits, seconds)
            uow.commit()
        return Allowance({member: wait.total_seconds() for member, wait in waits.items()}, times)
