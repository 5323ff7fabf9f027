"""The wall clock, defined once. Code that acts at a moment takes the clock as a parameter with this as its
default, so tests and ``fmbot nudges --now`` can pass their own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_from_seconds(seconds: float) -> datetime:
    """The moment a seconds clock (``time.time``) reads. WeCom's code keeps one, as its signatures and
    token expiries count in seconds."""
    return datetime.fromtimestamp(seconds, UTC)
