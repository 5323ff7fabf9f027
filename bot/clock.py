"""The wall clock, defined once. Code that acts at a moment takes the clock as a parameter, so tests and
``--now`` (``fmbot nudges``, ``console``, ``serve``, ``run``) can pass their own; the channels get theirs from
the application through ``bot.channels.kit`` (a :class:`WallClock`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_from_seconds(seconds: float) -> datetime:
    """The moment a seconds clock (``time.time``) reads. WeCom's code keeps one, as its signatures and
    token expiries count in seconds."""
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True)
class WallClock:
    """The wall clock as a channel reads it: in seconds for WeCom's signatures, token expiries and send
    schedules (the platforms count in seconds), as a moment for what it records. One object, so that a test
    stands every part of a channel at the same moment."""

    seconds: Callable[[], float] = time.time

    def now(self) -> datetime:
        return utc_from_seconds(self.seconds())


def parse_local_moment(text: str, timezone: ZoneInfo) -> datetime:
    """``2026-12-03T09:00`` (or with a space, or with seconds) as a moment in ``timezone``; an explicit
    offset wins. ValueError when the text is not a moment."""
    moment = datetime.fromisoformat(text.strip())
    return moment.replace(tzinfo=timezone) if moment.tzinfo is None else moment


def running_from(start: datetime, *, seconds: Callable[[], float] = time.monotonic) -> Clock:
    """A clock that reads ``start`` now and runs on from there: a console or a test deployment set to
    another day, where drafts still age and the minute sweep still moves on."""
    origin = seconds()
    return lambda: start + timedelta(seconds=seconds() - origin)
