"""The application's jobs: conversation logic that is not a turn (the nudge sweep, staff notices of
undeliverable messages, draft expiry). ``bot`` only hosts and schedules them."""

from conversations.jobs.nudge_sweep import NudgeSweeper, QueuedNudge, SweepResult

__all__ = ["NudgeSweeper", "QueuedNudge", "SweepResult"]
